"""A scripted OpenAI-compatible LLM on an ``httpx.MockTransport``, for fast offline tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import openai

from newsstruct.testing import completion

Reply = str | Callable[[dict[str, Any]], str] | httpx.Response


@dataclass
class FakeLLM:
    """Answers chat completions from a script, one reply per request, then ``default`` for every
    request after the script (None: more requests than scripted fail the test); records requests."""

    replies: list[Reply]
    default: Reply | None = None
    finish_reason: str = "stop"
    prompt_tokens: int = 100
    completion_tokens: int = 50
    requests: list[dict[str, Any]] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        if not self.replies and self.default is None:
            raise AssertionError("the fake LLM received more requests than scripted")
        reply = self.replies.pop(0) if self.replies else self.default
        assert reply is not None
        if isinstance(reply, httpx.Response):
            return reply
        content = reply(body) if callable(reply) else reply
        return httpx.Response(
            200, json=completion(content, self.finish_reason, self.prompt_tokens, self.completion_tokens)
        )

    def client(self) -> openai.OpenAI:
        return openai.OpenAI(
            api_key="test-key",
            base_url="http://fake.invalid/v1",
            http_client=httpx.Client(transport=httpx.MockTransport(self.handler)),
            max_retries=0,
        )

    def async_client(self) -> openai.AsyncOpenAI:
        async def handle(request: httpx.Request) -> httpx.Response:
            return self.handler(request)

        return openai.AsyncOpenAI(
            api_key="test-key",
            base_url="http://fake.invalid/v1",
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handle)),
            max_retries=0,
        )
