"""HTTP clients that refuse a response body larger than a cap.

An answer is a few tokens; a server that sends megabytes (a misconfigured proxy, a hostile
endpoint) would otherwise be read whole into memory, once per question, in every batch slot.
A response hook checks ``Content-Length`` before the body is read and wraps the body's stream
to count it when there is none; past the cap the read fails with the HTTP library's
``ReadError``, which the ``openai`` client retries and then reports as a connection error
(newsstruct's ``BackendUnavailableError``). The clients are ``openai``'s own defaults otherwise
(timeouts, connection limits, proxies from the environment), built with the HTTP library that
``openai`` itself uses.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import openai

#: bytes of one response body; an answer's JSON is a few hundred
MAX_RESPONSE_BYTES = 1_000_000


def _library(client: Any) -> Any:
    """The HTTP library module the ``openai`` client class is built on (its first base that
    ``openai`` does not define)."""
    base = next(c for c in type(client).__mro__ if not c.__module__.startswith("openai"))
    return importlib.import_module(base.__module__.split(".")[0])


class _Meter:
    """Counts a response body's bytes and refuses one past the cap, with the HTTP library's error."""

    def __init__(self, http: Any, cap: int) -> None:
        self.http, self.cap = http, cap

    def refusal(self, request: Any) -> Exception:
        error: Exception = self.http.ReadError(
            f"the response is larger than {self.cap:,} bytes: refused", request=request
        )
        return error

    def declared_too_big(self, response: Any) -> bool:
        length = response.headers.get("content-length", "")
        return length.isdigit() and int(length) > self.cap

    def counted(self, seen: int, chunk: bytes, request: Any) -> int:
        seen += len(chunk)
        if seen > self.cap:
            raise self.refusal(request)
        return seen


def capped_client(cap: int = MAX_RESPONSE_BYTES) -> Any:
    client = openai.DefaultHttpxClient()
    meter = _Meter(_library(client), cap)

    class Counted(meter.http.SyncByteStream):  # type: ignore[misc,name-defined]
        def __init__(self, stream: Any, request: Any) -> None:
            self._stream, self._request = stream, request

        def __iter__(self) -> Iterator[bytes]:
            seen = 0
            for chunk in self._stream:
                seen = meter.counted(seen, chunk, self._request)
                yield chunk

        def close(self) -> None:
            self._stream.close()

    def hook(response: Any) -> None:
        if meter.declared_too_big(response):
            response.close()
            raise meter.refusal(response.request)
        response.stream = Counted(response.stream, response.request)

    client.event_hooks = {"request": [], "response": [hook]}
    return client


def capped_async_client(cap: int = MAX_RESPONSE_BYTES) -> Any:
    """The async twin of :func:`capped_client`."""
    client = openai.DefaultAsyncHttpxClient()
    meter = _Meter(_library(client), cap)

    class Counted(meter.http.AsyncByteStream):  # type: ignore[misc,name-defined]
        def __init__(self, stream: Any, request: Any) -> None:
            self._stream, self._request = stream, request

        async def __aiter__(self) -> AsyncIterator[bytes]:
            seen = 0
            async for chunk in self._stream:
                seen = meter.counted(seen, chunk, self._request)
                yield chunk

        async def aclose(self) -> None:
            await self._stream.aclose()

    async def hook(response: Any) -> None:
        if meter.declared_too_big(response):
            await response.aclose()
            raise meter.refusal(response.request)
        response.stream = Counted(response.stream, response.request)

    client.event_hooks = {"request": [], "response": [hook]}
    return client


__all__ = ["MAX_RESPONSE_BYTES", "capped_async_client", "capped_client"]
