"""A local SMS gateway for the tests: an http.server in a thread on a free port, speaking the contract of
`trainings.messaging.backends.HttpGatewaySms` (a JSON POST of id, to, text, sender).

What it answers depends on the number the message is for: `script[to]` is a list of behaviours taken one
per request (the last one repeats): "ok", "500", "400", "slow" (answers after `slow_seconds`, longer than
the client waits) or "hold" (answers once `release` is set). Every request is recorded, in order.
"""

import json
import threading
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeGateway:
    def __init__(self, script=None, slow_seconds=3.0):
        self.script = {to: list(behaviours) for to, behaviours in (script or {}).items()}
        self.slow_seconds = slow_seconds
        self.requests = []  # (payload, headers) of every request, in order
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.server = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/send"

    def ids(self) -> list[str]:
        return [payload["id"] for payload, _headers in self.requests]

    def behaviour(self, to) -> str:
        with self.lock:
            behaviours = self.script.get(to, ["ok"])
            return behaviours.pop(0) if len(behaviours) > 1 else behaviours[0]

    def handler(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def answer(self, code, body):
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with suppress(OSError):  # the client gave up (a timeout) or died
                    self.wfile.write(data)

            def do_POST(self):  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length))
                with gateway.lock:
                    gateway.requests.append((payload, dict(self.headers)))
                behaviour = gateway.behaviour(payload["to"])
                if behaviour == "500":
                    return self.answer(500, {"error": "internal error"})
                if behaviour == "400":
                    return self.answer(400, {"error": "invalid destination number"})
                if behaviour == "slow":
                    gateway.release.wait(gateway.slow_seconds)
                if behaviour == "hold":
                    gateway.release.wait(120)
                return self.answer(200, {"id": f"gw-{payload['id']}", "status": "accepted"})

        return Handler

    def start(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, name="fake-gateway", daemon=True).start()
        return self

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def fake_gateway(script=None, slow_seconds=3.0):
    gateway = FakeGateway(script, slow_seconds).start()
    try:
        yield gateway
    finally:
        gateway.stop()
