"""Driving a plan (:func:`newsstruct.engine._build.plan`) with an :class:`~newsstruct.engine._asker.Asker`:
the same plan is answered synchronously or on an event loop."""

from __future__ import annotations

from collections.abc import Generator

from newsstruct.engine._asker import Answer, Asker
from newsstruct.engine._build import DEFAULT_POLICY, Policy, plan
from newsstruct.engine._questions import Question
from newsstruct.schema import Report


def _stamped(report: Report, asker: Asker) -> Report:
    """The report with the model, the model calls made and the tokens they cost."""
    report.model = asker.backend.name
    report.attempts = asker.calls
    report.usage = asker.usage
    return report


def _advance(questions: Generator[Question, Answer, Report], answer: Answer | None) -> Question | Report:
    """The plan's next question after ``answer`` (None: its first), or its report when it is done:
    the one step both drivers take, so they differ only in how a question is answered."""
    try:
        return next(questions) if answer is None else questions.send(answer)
    except StopIteration as done:
        report: Report = done.value
        return report


def extract(asker: Asker, policy: Policy = DEFAULT_POLICY) -> Report:
    """The report of ``asker.article``, each question answered by ``asker.ask``."""
    questions = plan(asker.article, policy)
    step = _advance(questions, None)
    while isinstance(step, Question):
        step = _advance(questions, asker.ask(step))
    return _stamped(step, asker)


async def aextract(asker: Asker, policy: Policy = DEFAULT_POLICY) -> Report:
    """The async twin of :func:`extract`: the same plan, answered on an event loop."""
    questions = plan(asker.article, policy)
    step = _advance(questions, None)
    while isinstance(step, Question):
        step = _advance(questions, await asker.aask(step))
    return _stamped(step, asker)
