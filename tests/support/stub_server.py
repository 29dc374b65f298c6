"""A scripted OpenAI-compatible HTTP server on 127.0.0.1, run in a thread by the tests.

Each POST to ``/v1/chat/completions`` takes the next scripted reply: a string (returned as the
assistant's content), a function of the request body returning that
content, or a ``(status, body)`` pair for HTTP failures.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from newsstruct.testing import completion

Reply = str | Callable[[dict[str, Any]], str] | tuple[int, dict[str, Any]]


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # many clients at once (the default backlog of 5 stalls them)


class StubServer:
    """``default`` answers every request once the script is used up (None: HTTP 500); ``delay``
    seconds are waited before each answer, as a slow model would."""

    def __init__(self, replies: list[Reply], *, default: Reply | None = None, delay: float = 0.0) -> None:
        self.replies = list(replies)
        self.default = default
        self.delay = delay
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                stub.requests.append(body)
                stub.headers.append({k.lower(): v for k, v in self.headers.items()})
                with stub._lock:
                    scripted = stub.replies.pop(0) if stub.replies else None
                reply = scripted if scripted is not None else stub.default or (500, {"error": "script exhausted"})
                with stub._lock:
                    stub.in_flight += 1
                    stub.max_in_flight = max(stub.max_in_flight, stub.in_flight)
                try:
                    if stub.delay:
                        time.sleep(stub.delay)
                finally:
                    with stub._lock:
                        stub.in_flight -= 1
                if callable(reply):
                    reply = reply(body)
                status, payload = (200, completion(reply)) if isinstance(reply, str) else reply
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
