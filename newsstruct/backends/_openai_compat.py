"""Any OpenAI-compatible endpoint: OpenAI, Azure, vLLM, SGLang, Ollama, LM Studio, llama.cpp.

With ``structured_output="auto"`` the first request uses OpenAI's ``json_schema`` form; a server
that rejects it with 400/422 (llama-cpp-python's server does) is asked again with the
``json_object`` + schema form, and that choice is remembered for the backend's lifetime.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, cast

import openai
from openai.types.chat import ChatCompletion

from newsstruct.backends._base import Backend, StructuredOutput, as_json_object
from newsstruct.backends._capped_http import MAX_RESPONSE_BYTES, capped_async_client, capped_client
from newsstruct.errors import (
    BackendTimeoutError,
    BackendUnavailableError,
    ConfigurationError,
    ContextOverflowError,
    RateLimitError,
)

_CONTEXT_WORDS = ("context length", "context_length", "maximum context", "too many tokens", "exceeds the")


def _is_format_rejection(exc: openai.APIStatusError) -> bool:
    """A refusal of the json_schema response_format (400/422, or a 500 naming it as llama-cpp-python's does)."""
    if _is_context_overflow(exc):
        return False
    message = str(exc).lower()
    return exc.status_code in (400, 422) or ("response_format" in message and "json_schema" in message)


def _is_context_overflow(exc: openai.APIStatusError) -> bool:
    message = str(exc).lower()
    return exc.status_code == 400 and any(word in message for word in _CONTEXT_WORDS)


DEFAULT_TIMEOUT = 600.0  # seconds for one answer: a small local server on a CPU can take minutes per step


class OpenAIBackend(Backend):
    """Extraction through an ``openai`` client (injected, or built from base URL and key)."""

    def __init__(
        self,
        *,
        model: str,
        client: openai.OpenAI | openai.AsyncOpenAI | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        structured_output: StructuredOutput = "auto",
        max_tokens: int = 4096,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        if structured_output not in ("auto", "json_schema", "json_object"):
            raise ConfigurationError(
                f"structured_output must be auto, json_schema or json_object, got {structured_output!r}"
            )
        self.model = model
        self.name = f"openai:{model}"
        self.default_max_tokens = max_tokens
        self._form: StructuredOutput = structured_output
        self._sync: openai.OpenAI | None = None
        self._async: openai.AsyncOpenAI | None = None
        self._build_async: Callable[[], openai.AsyncOpenAI] | None = None
        self._async_loop: asyncio.AbstractEventLoop | None = None
        if client is not None:
            self.endpoint = str(client.base_url)
        if isinstance(client, openai.AsyncOpenAI):
            self._async = client
        elif client is not None:
            self._sync = client
        else:
            # Local servers take any key; the openai client refuses to start without one.
            key = api_key or "not-needed"
            # Bodies over max_response_bytes are refused (capped_http): an answer is tiny.
            self._sync = openai.OpenAI(
                base_url=base_url, api_key=key, timeout=timeout,
                http_client=capped_client(max_response_bytes),
            )  # fmt: skip
            self.endpoint = str(self._sync.base_url)
            # An async client's connections belong to one event loop: one is built per loop
            # (each parse_many or asyncio.run has its own), never reused across loops.
            self._build_async = lambda: openai.AsyncOpenAI(
                base_url=base_url, api_key=key, timeout=timeout,
                http_client=capped_async_client(max_response_bytes),
            )  # fmt: skip

    def __repr__(self) -> str:
        return f"OpenAIBackend(model={self.model!r}, structured_output={self._form!r})"

    def _request(self, kwargs: dict[str, Any], form: StructuredOutput) -> dict[str, Any]:
        request = dict(kwargs, model=self.model)
        return as_json_object(request) if form == "json_object" else request

    @staticmethod
    def _translate(exc: openai.OpenAIError) -> Exception:
        if isinstance(exc, openai.APIStatusError) and _is_context_overflow(exc):
            return ContextOverflowError(
                f"the server refused the article as too long for the model's context: {exc.message}",
                needed_tokens=-1,
                available_tokens=-1,
            )
        message = f"OpenAI-compatible endpoint failed: {type(exc).__name__}: {exc}"
        if isinstance(exc, openai.RateLimitError):
            return RateLimitError(message, retry_after=_retry_after(exc))
        if isinstance(exc, openai.APITimeoutError):
            return BackendTimeoutError(message)
        return BackendUnavailableError(message)

    def create(self, **kwargs: Any) -> ChatCompletion:
        if self._sync is None:
            return asyncio.run(self.acreate(**kwargs))
        form: StructuredOutput = "json_schema" if self._form == "auto" else self._form
        try:
            try:
                return cast(ChatCompletion, self._sync.chat.completions.create(**self._request(kwargs, form)))
            except openai.APIStatusError as exc:
                if self._form != "auto" or not _is_format_rejection(exc):
                    raise
                self._form = "json_object"
                return cast(ChatCompletion, self._sync.chat.completions.create(**self._request(kwargs, "json_object")))
        except openai.OpenAIError as exc:
            raise self._translate(exc) from exc

    def _async_client(self) -> openai.AsyncOpenAI | None:
        if self._build_async is not None:
            loop = asyncio.get_running_loop()
            if self._async is None or self._async_loop is not loop:
                self._async, self._async_loop = self._build_async(), loop
        return self._async

    async def aclose(self) -> None:
        """Close the async client this backend built for the running loop (not an injected one)."""
        if self._build_async is not None and self._async is not None and self._async_loop is asyncio.get_running_loop():
            await self._async.close()
            self._async, self._async_loop = None, None

    async def acreate(self, **kwargs: Any) -> ChatCompletion:
        client = self._async_client()
        if client is None:
            return await asyncio.to_thread(lambda: self.create(**kwargs))
        form: StructuredOutput = "json_schema" if self._form == "auto" else self._form
        try:
            try:
                return cast(ChatCompletion, await client.chat.completions.create(**self._request(kwargs, form)))
            except openai.APIStatusError as exc:
                if self._form != "auto" or not _is_format_rejection(exc):
                    raise
                self._form = "json_object"
                return cast(
                    ChatCompletion, await client.chat.completions.create(**self._request(kwargs, "json_object"))
                )
        except openai.OpenAIError as exc:
            raise self._translate(exc) from exc


def _retry_after(exc: openai.RateLimitError) -> float | None:
    """The server's Retry-After, in seconds, when it gave one as a number."""
    value = exc.response.headers.get("retry-after") if exc.response is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
