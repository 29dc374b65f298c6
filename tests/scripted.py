"""Scripted answers to the engine's questions, as a fake LLM or a test server gives them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

Pick = Callable[[str, list[str]], int]


def question_of(body: dict[str, Any]) -> tuple[str, list[str]]:
    """The question a chat request asks and its options, in order."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")  # re-asks append feedback
    asked = user[user.rindex("\nQuestion: ") + len("\nQuestion: ") :]
    question, _, rest = asked.partition("\n")
    options = re.findall(r"^[A-P]\. (.*)$", rest, re.MULTILINE)
    return question, options


def first(question: str, options: list[str]) -> int:
    return 0


def answers(pick: Pick = first) -> Callable[[dict[str, Any]], str]:
    """A reply function: the letter ``pick`` chooses for each question, as instructor's JSON."""

    def reply(body: dict[str, Any]) -> str:
        question, options = question_of(body)
        return json.dumps({"answer": "ABCDEFGHIJKLMNOP"[pick(question, options)]})

    return reply


def questions_asked(text: str, pick: Pick = first) -> int:
    """How many questions the engine asks about ``text`` when ``pick`` answers them (the plan
    depends on the answers), found by asking a fake LLM."""
    from fake_llm import FakeLLM

    import newsstruct

    fake = FakeLLM([], default=answers(pick))
    newsstruct.parse(text, client=fake.client(), model="count")
    return len(fake.requests)
