"""Scripted answers to the engine's questions, as a fake LLM or a test server gives them: the
rules of :mod:`newsstruct.testing`, taking request bodies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsstruct.testing import FakeBackend, Pick, first_option, reply_to
from newsstruct.testing import question_of as _question_of


def question_of(body: dict[str, Any]) -> tuple[str, list[str]]:
    """The question a chat request body asks and its options, in order."""
    return _question_of(body["messages"])


def answers(pick: Pick = first_option) -> Callable[[dict[str, Any]], str]:
    """A reply function: the letter ``pick`` chooses for each question, as instructor's JSON."""
    return lambda body: reply_to(body["messages"], pick)


def questions_asked(text: str, pick: Pick = first_option) -> int:
    """How many questions the engine asks about ``text`` when ``pick`` answers them (the plan
    depends on the answers)."""
    import newsstruct

    fake = FakeBackend(pick)
    newsstruct.parse(text, backend=fake)
    return len(fake.questions)
