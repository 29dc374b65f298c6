"""The extraction plan: incidents first, then figures and claims for those incidents.

Small models extract far better from focused questions with short, bounded answers than from
one call for everything (DESIGN §5). The plan is a generator that yields one :class:`StepCall`
per model step and receives the validated step back, so the same plan drives the sync and the
async API. Figures and claims can only name incidents found in the first step: their
``incident`` field is an enum of those ids, so the grammar cannot produce a dangling reference.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

from newsstruct.cues import event_word, has_attribution
from newsstruct.draft import (
    ClaimStep,
    DraftIncident,
    DraftReport,
    Drop,
    FigureStep,
    IncidentStep,
    _Checked,
    claim_step_for,
    figure_step_for,
    incident_step_for,
    sentences_holding,
)
from newsstruct.grounding import TextIndex
from newsstruct.prompting import Prompts
from newsstruct.quantities import candidates
from newsstruct.sentences import Sentence, numbered


@dataclass(frozen=True)
class StepCall:
    """One model call the plan needs: which step, its response model, messages and context."""

    name: str
    response_model: type[_Checked]
    messages: list[dict[str, str]]
    context: dict[str, Any]
    required: bool = True  # a required step that fails fails the extraction


@dataclass
class StepOutcome:
    """What came back for a step: the parsed model, or None with the reason it failed."""

    parsed: _Checked | None
    failure: str | None = None
    dropped: list[Drop] = field(default_factory=list)


def describe_incidents(incidents: list[DraftIncident]) -> str:
    return "\n".join(f"{i.id}: {i.type.value} - {i.summary}" for i in incidents)


def figure_sentences(index: TextIndex, sentences: list[Sentence], phrases: list[str]) -> list[int]:
    """The numbers of the sentences that hold one of the quantity ``phrases``: the only ones a
    figure can cite."""
    return sorted({n for phrase in phrases for n in sentences_holding(index, sentences, phrase)})


def claim_sentences(index: TextIndex, sentences: list[Sentence]) -> list[int]:
    """The numbers of the sentences that attribute something to someone: the only ones a claim
    can cite."""
    return [s.number for s in sentences if has_attribution(index.text[s.start : s.end])]


def writes_of_violence(index: TextIndex, sentences: list[Sentence]) -> bool:
    """Whether any sentence has an event word: then the incident list may not be empty."""
    return any(event_word(index.text[s.start : s.end]) for s in sentences)


Plan = Generator[StepCall, StepOutcome, tuple[DraftReport, list[Drop]]]


def plan(index: TextIndex, sentences: list[Sentence], prompts: Prompts) -> Plan:
    """Yield the step calls; return the combined draft and everything removed on the way.

    Figures are asked for only when the article holds a quantity phrase, claims only when a
    sentence attributes something to someone: an article without either costs one call."""
    dropped: list[Drop] = []
    article = numbered(index.text, sentences)
    count = len(sentences)
    context: dict[str, Any] = {"index": index, "sentences": sentences}
    incident_step = incident_step_for(count, at_least_one=writes_of_violence(index, sentences))
    first = yield StepCall("incidents", incident_step, prompts.messages(article, "incidents"), context)
    dropped += first.dropped
    assert isinstance(first.parsed, IncidentStep)  # the incident step is required
    incidents = first.parsed.incidents
    ids = [i.id for i in incidents]
    listing = describe_incidents(incidents) or "(none)"
    step_context = {**context, "incident_ids": ids, "incidents": incidents}

    figures: list[Any] = []
    phrases = candidates(index.text)
    if ids and phrases:
        got = yield StepCall(
            "figures",
            figure_step_for(figure_sentences(index, sentences, phrases), ids, phrases),
            prompts.messages(article, "figures", incidents=listing),
            step_context,
            required=False,
        )
        dropped += got.dropped
        if isinstance(got.parsed, FigureStep):
            figures = got.parsed.figures
        else:
            dropped.append(Drop("figures", f"the figure step failed: {got.failure}", "step_failed"))

    claims: list[Any] = []
    attributing = claim_sentences(index, sentences)
    if attributing:
        got = yield StepCall(
            "claims",
            claim_step_for(attributing, ids),
            prompts.messages(article, "claims", incidents=listing, sentences=", ".join(str(n) for n in attributing)),
            step_context,
            required=False,
        )
        dropped += got.dropped
        if isinstance(got.parsed, ClaimStep):
            claims = got.parsed.claims
        else:
            dropped.append(Drop("claims", f"the claim step failed: {got.failure}", "step_failed"))

    draft = DraftReport.model_validate(
        {
            "incidents": [i.model_dump() for i in incidents],
            "figures": [f.model_dump() for f in figures],
            "claims": [c.model_dump() for c in claims],
        },
        context={**context, "drop_ungrounded": True},
    )
    return draft, dropped + draft.dropped
