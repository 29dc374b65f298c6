"""A fault-injecting OpenAI-compatible server on 127.0.0.1, run in a thread by the tests.

Every ``POST /v1/chat/completions`` is answered according to a fault chosen per request:

    ok              a correct answer for the step asked (``answer(body)``)
    429             HTTP 429 with ``Retry-After: 1``;  429-bare: without the header
    500 502 503     HTTP errors
    hang            no answer for ``hang_seconds`` (past the client's timeout)
    drop            the connection is closed without an answer
    invalid_json    200 with content that is not JSON
    schema_invalid  200 with JSON of the wrong shape
    length          200 with half an answer and ``finish_reason: "length"``
    empty_choice    200 with ``choices: []``
    refusal         200 with ``content: null`` and a ``refusal``
    too_long        HTTP 400: the prompt exceeds the model's context length

The fault comes from ``choose(body, n)`` (n counts requests from 1), so a test can script a
sequence, key it on the article, or draw it at random with a fixed seed.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from newsstruct.testing import completion

FAULTS = (
    "ok", "429", "429-bare", "500", "502", "503", "hang", "drop", "invalid_json", "schema_invalid", "length",
    "empty_choice", "refusal",
)  # fmt: skip


class _Server(ThreadingHTTPServer):
    request_queue_size = 256
    daemon_threads = True


class FaultServer:
    def __init__(
        self,
        answer: Callable[[dict[str, Any]], str],
        choose: Callable[[dict[str, Any], int], str],
        *,
        hang_seconds: float = 3.0,
    ) -> None:
        self.answer = answer
        self.choose = choose
        self.hang_seconds = hang_seconds
        self.served: Counter[str] = Counter()
        self.count = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                with server._lock:
                    server.count += 1
                    n = server.count
                fault = server.choose(body, n)
                with server._lock:
                    server.served[fault] += 1
                server._respond(self, fault, body)

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _respond(self, handler: BaseHTTPRequestHandler, fault: str, body: dict[str, Any]) -> None:
        if fault == "drop":
            handler.connection.shutdown(socket.SHUT_RDWR)
            handler.close_connection = True
            return
        if fault == "hang":
            time.sleep(self.hang_seconds)
            handler.close_connection = True
            return
        headers: dict[str, str] = {}
        if fault in ("429", "429-bare"):
            status, payload = 429, {"error": {"message": "rate limited", "type": "rate_limit"}}
            if fault == "429":
                headers["Retry-After"] = "1"
        elif fault == "too_long":
            message = (
                "This model's maximum context length is 8192 tokens. However, your messages resulted in 250000 tokens."
            )
            status, payload = 400, {"error": {"message": message, "type": "invalid_request_error"}}
        elif fault in ("500", "502", "503"):
            status, payload = int(fault), {"error": {"message": f"server error {fault}"}}
        elif fault == "invalid_json":
            status, payload = 200, completion('{"incidents": [ {"id": "I1", ')
        elif fault == "schema_invalid":
            status, payload = 200, completion('{"incidents": "none", "figures": 3, "claims": {}}')
        elif fault == "length":
            status, payload = 200, completion(self.answer(body)[:40], finish_reason="length")
        elif fault == "empty_choice":
            status, payload = 200, {**completion(""), "choices": []}
        elif fault == "refusal":
            payload = completion("")
            payload["choices"][0]["message"] = {"role": "assistant", "content": None, "refusal": "I cannot help."}
            status = 200
        else:
            status, payload = 200, completion(self.answer(body))
        data = json.dumps(payload).encode()
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
