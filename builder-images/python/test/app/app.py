"""The python builder's sample app: answers GET / and GET /healthz on $BIND_ADDRESS:$PORT."""

import os
from http.server import BaseHTTPRequestHandler, HTTPServer

ROUTES = {"/": "Hello from the python builder\n", "/healthz": "ok\n"}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = ROUTES.get(self.path.split("?", 1)[0])
        payload = (body or "not found\n").encode()
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


if __name__ == "__main__":
    host = os.environ.get("BIND_ADDRESS", "0.0.0.0")
    port = int(os.environ.get("PORT", "8080"))
    print(f"listening on {host}:{port}")
    HTTPServer((host, port), Handler).serve_forever()
