"""A minimal Hugging Face Hub on 127.0.0.1: serves one LFS file at /{repo}/resolve/main/{name}."""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

COMMIT = "0123456789abcdef0123456789abcdef01234567"


class FakeHub:
    def __init__(self, repo: str, filename: str, content: bytes, published_sha256: str | None = None) -> None:
        self.path = f"/{repo}/resolve/main/{filename}"
        self.content = content
        self.etag = published_sha256 or hashlib.sha256(content).hexdigest()
        self.gets = 0
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None

            def _headers(self) -> bool:
                if self.path.split("?")[0] != hub.path:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return False
                self.send_response(200)
                self.send_header("X-Repo-Commit", COMMIT)
                self.send_header("ETag", f'"{hub.etag}"')
                self.send_header("X-Linked-Etag", f'"{hub.etag}"')
                self.send_header("X-Linked-Size", str(len(hub.content)))
                self.send_header("Content-Length", str(len(hub.content)))
                self.end_headers()
                return True

            def do_HEAD(self) -> None:
                self._headers()

            def do_GET(self) -> None:
                if self._headers():
                    hub.gets += 1
                    self.wfile.write(hub.content)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
