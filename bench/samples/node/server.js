// The build cache benchmark changes the greeting line between its two builds.
const express = require("express");

const greeting = "Hello from the node builder";
const app = express();
app.get("/", (req, res) => res.type("text/plain").send(greeting));
app.get("/healthz", (req, res) => res.send("ok"));
app.listen(Number(process.env.PORT || 8080), process.env.BIND_ADDRESS || "0.0.0.0");
