// The node builder's sample app: answers GET / and GET /healthz on $BIND_ADDRESS:$PORT.
const http = require("node:http");
const greeting = require("greeting");

const host = process.env.BIND_ADDRESS || "0.0.0.0";
const port = Number(process.env.PORT || 8080);

const routes = {
  "/": greeting("node"),
  "/healthz": "ok\n",
};

http
  .createServer((req, res) => {
    const body = req.method === "GET" ? routes[new URL(req.url, "http://app").pathname] : undefined;
    res.writeHead(body === undefined ? 404 : 200, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(body === undefined ? "not found\n" : body);
  })
  .listen(port, host, () => console.log(`listening on ${host}:${port}`));

// npm forwards SIGTERM here; close so the container stops at once.
process.on("SIGTERM", () => process.exit(0));
