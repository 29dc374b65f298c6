"""Driving a plan (:func:`newsstruct.engine._build.plan`) with an :class:`~newsstruct.engine._asker.Asker`:
the same plan is answered synchronously or on an event loop."""

from __future__ import annotations

from newsstruct.engine._asker import Asker
from newsstruct.engine._build import DEFAULT_POLICY, Policy, plan
from newsstruct.schema import Report


def _stamped(report: Report, asker: Asker) -> Report:
    """The report with the model, the model calls made and the tokens they cost."""
    report.model = asker.backend.name
    report.attempts = asker.calls
    report.usage = asker.usage
    return report


def extract(asker: Asker, policy: Policy = DEFAULT_POLICY) -> Report:
    """The report of ``asker.article``, each question answered by ``asker.ask``."""
    questions = plan(asker.article, policy)
    try:
        question = next(questions)
        while True:
            question = questions.send(asker.ask(question))
    except StopIteration as done:
        return _stamped(done.value, asker)


async def aextract(asker: Asker, policy: Policy = DEFAULT_POLICY) -> Report:
    """The async twin of :func:`extract`."""
    questions = plan(asker.article, policy)
    try:
        question = next(questions)
        while True:
            question = questions.send(await asker.aask(question))
    except StopIteration as done:
        return _stamped(done.value, asker)
