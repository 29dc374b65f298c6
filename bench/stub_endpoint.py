"""A minimal OpenAI-compatible endpoint that answers instantly, for trying batch runs and timing
the library itself.

    python bench/stub_endpoint.py --port 8931 [--latency 0.05]

Serves ``POST /v1/chat/completions`` on 127.0.0.1 with HTTP/1.1 keep-alive, on asyncio, in its
own process (so its CPU is not charged to the client being measured). Every question is answered
with its first option (``{"answer": "A"}``: no model, so the reports are structurally valid but
not a reading of the article), after ``--latency`` seconds if given, as a remote model would take.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from newsstruct.testing import completion, reply_to


def _answer(body: dict[str, Any]) -> bytes:
    return json.dumps(completion(reply_to(body["messages"]))).encode()


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, latency: float) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            body = json.loads(await reader.readexactly(length)) if length else {}
            if latency:
                await asyncio.sleep(latency)
            data = _answer(body)
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + str(len(data)).encode()
                + b"\r\n\r\n"
                + data
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionResetError):
        pass
    finally:
        writer.close()


async def main(port: int, latency: float) -> None:
    server = await asyncio.start_server(lambda r, w: _serve(r, w, latency), "127.0.0.1", port, backlog=1024)
    print(f"listening on 127.0.0.1:{port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    asyncio.run(main(args.port, args.latency))
