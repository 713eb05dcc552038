#!/usr/bin/env python3
"""A BigCommerce stand-in for benchmarks, on 127.0.0.1: it answers like a healthy store
(every scope SynchUP asks for, B2B Edition enabled) and holds each answer back for a fixed
time, as a distant server would. Requests are served at once, each on its own thread.

Usage: latency-standin.py DELAY_MS. Prints the port it listens on, then serves until killed.
"""

import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DELAY = float(sys.argv[1]) / 1000
FORBIDDEN = b'{"status":403,"title":"You don\'t have a required scope to access the endpoint"}'
B2B_OK = b'{"code":200,"data":[],"meta":{"message":"SUCCESS"}}'


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        time.sleep(DELAY)
        path = self.path
        if path.endswith("/v2/time"):
            status, body = 403, FORBIDDEN
        elif "/v3/orders/1/transactions" in path:
            status, body = 404, b"{}"
        elif "/v3/payments/methods" in path:
            status, body = 400, b"{}"
        elif path.startswith("/api/v3/io/"):
            status, body = 200, B2B_OK
        else:
            status, body = 200, b'{"data":[]}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # Eleven connections arrive together; the default backlog of 5 would make some wait.
    request_queue_size = 64


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
