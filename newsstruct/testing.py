"""A stand-in for a model, for tests of code that calls newsstruct: no weights, no network.

:class:`FakeBackend` answers every question the engine asks by a rule over the question and its
options (the first option unless told otherwise), both ways the engine asks: option
probabilities (``choose``, as the embedded model gives them) and a chat completion holding the
answer as JSON (``create``, as an endpoint gives it through instructor)::

    from newsstruct.testing import FakeBackend

    fake = FakeBackend(lambda question, options: len(options) - 1)  # always the last option
    report = newsstruct.parse(text, backend=fake)
    assert fake.questions  # what the engine asked, in order

The reports are structurally valid and grounded, but they are no reading of the article. The
same rule answers requests sent over HTTP (:func:`reply_to`, :func:`completion`), so a test
server or a benchmark's endpoint gives the same answers as the backend.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from openai.types.chat import ChatCompletion

from newsstruct.backends import Backend

__all__ = ["FakeBackend", "Pick", "completion", "first_option", "question_of", "reply_to"]

#: a rule choosing an option: (question, options) -> the option's index
Pick = Callable[[str, list[str]], int]
_LETTERS = "ABCDEFGHIJKLMNOP"


def first_option(question: str, options: list[str]) -> int:
    return 0


def question_of(messages: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """The question a chat request asks and its options, in order (from its first user message:
    a re-ask appends feedback after it)."""
    user = next(str(m["content"]) for m in messages if m["role"] == "user")
    asked = user[user.rindex("\nQuestion: ") + len("\nQuestion: ") :]
    question, _, rest = asked.partition("\n")
    return question, re.findall(r"^[A-P]\. (.*)$", rest, re.MULTILINE)


def reply_to(messages: list[dict[str, Any]], pick: Pick = first_option) -> str:
    """The answer ``pick`` gives, as the JSON an endpoint returns through instructor."""
    question, options = question_of(messages)
    return json.dumps({"answer": _LETTERS[pick(question, options)]})


def completion(
    content: str, finish_reason: str = "stop", prompt_tokens: int = 100, completion_tokens: int = 50
) -> dict[str, Any]:
    """An OpenAI chat completion body holding ``content``."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


class FakeBackend(Backend):
    """Answers by ``pick`` with probability ``confidence`` (the other options share the rest);
    ``probabilities=False`` makes the engine ask through ``create`` (the endpoint path) instead of
    reading option probabilities. Records each question asked (``record=False``: only counts
    them, for runs over many articles)."""

    def __init__(
        self,
        pick: Pick = first_option,
        *,
        name: str = "fake",
        confidence: float = 1.0,
        probabilities: bool = True,
        record: bool = True,
    ) -> None:
        self.pick = pick
        self.name = name
        self.confidence = confidence
        self.probabilities = probabilities
        self.record = record
        #: every question asked, in order, with its options
        self.questions: list[tuple[str, list[str]]] = []
        self.asked = 0

    def _answer(self, messages: list[dict[str, Any]]) -> tuple[int, int]:
        question, options = question_of(messages)
        self.asked += 1
        if self.record:
            self.questions.append((question, options))
        return self.pick(question, options), len(options)

    def choose(self, messages: list[dict[str, str]], labels: list[str]) -> list[float] | None:
        if not self.probabilities:
            return None
        chosen, _ = self._answer(messages)
        rest = (1.0 - self.confidence) / max(1, len(labels) - 1)
        return [self.confidence if n == chosen else rest for n in range(len(labels))]

    def create(self, **kwargs: Any) -> ChatCompletion:
        chosen, _ = self._answer(kwargs["messages"])
        return ChatCompletion.model_validate(completion(json.dumps({"answer": _LETTERS[chosen]})))

    async def acreate(self, **kwargs: Any) -> ChatCompletion:
        return self.create(**kwargs)
