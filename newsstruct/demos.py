"""A worked example for the prompt, derived from a hand-labelled dev seed.

Small models copy the shape of an answer far better than they follow a description of it: with
no example, the 1.5B default fills incidents with empty actor, target and weapon lists. The
example is one gold record (``newsstruct/prompts/example.gold.json``, a copy of a ``dev`` seed —
a test checks it is one) turned into the three step answers exactly as the model must write them
(:mod:`newsstruct.draft`): sentence numbers instead of offsets, the same field order, the same
null conventions. It lives in the system message, which is the same for every step and article,
so a local model evaluates it once and reuses it from its prompt cache.
"""

from __future__ import annotations

import json
from typing import Any

from newsstruct.draft import DraftActor, DraftClaim, DraftFigure, DraftIncident
from newsstruct.schema import Evidence, Report
from newsstruct.sentences import Sentence, numbered, split_sentences


def _one_line(value: Any) -> Any:
    """Strings as the numbered article shows them: hard line breaks and runs of spaces collapsed."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_one_line(v) for v in value]
    if isinstance(value, dict):
        return {k: _one_line(v) for k, v in value.items()}
    return value


def _sentence_of(evidence: list[Evidence], sentences: list[Sentence]) -> int:
    """The number of the sentence holding the first evidence span."""
    start = evidence[0].start
    for s in sentences:
        if s.start <= start < s.end:
            return s.number
    raise ValueError(f"evidence at offset {start} lies in no sentence")


def step_answers(text: str, report: Report) -> dict[str, dict[str, Any]]:
    """The incidents, figures and claims answers a perfect model would give for ``text``."""
    sentences = split_sentences(text)
    incidents = [
        DraftIncident(
            id=i.id,
            sentence=_sentence_of(i.evidence, sentences),
            type=i.type,
            summary=i.summary,
            date_phrase=i.date.phrase,
            places=i.location.places,
            country=i.location.country,
            perpetrators=[DraftActor(**a.model_dump()) for a in i.perpetrators],
            targets=[DraftActor(**a.model_dump()) for a in i.targets],
            physical_targets=i.physical_targets,
            weapons=i.weapons,
            background=i.background,
            disputed=i.disputed,
        )
        for i in report.incidents
    ]
    figures = [
        DraftFigure(
            incident=f.incident,
            sentence=_sentence_of(f.evidence, sentences),
            group=f.group,
            outcomes=f.outcomes,
            phrase=f.phrase,
            source=f.source,
        )
        for f in report.figures
    ]
    claims = [
        DraftClaim(
            id=c.id,
            sentence=_sentence_of(c.evidence, sentences),
            speaker=c.speaker.name,
            speaker_role=c.speaker.role,
            speaker_organisation=c.speaker.organisation,
            anonymous=c.speaker.anonymous,
            kind=c.kind,
            incident=c.incident,
            content=c.content,
            contests=c.contests,
        )
        for c in report.claims
    ]
    answers = {
        "incidents": {"incidents": [i.model_dump(mode="json") for i in incidents]},
        "figures": {"figures": [f.model_dump(mode="json") for f in figures]},
        "claims": {"claims": [c.model_dump(mode="json") for c in claims]},
    }
    return {step: _one_line(answer) for step, answer in answers.items()}


def example_block(text: str, report: Report) -> str:
    """The example as it appears in the system message."""
    answers = step_answers(text, report)
    parts = [
        "Example. For this article:",
        "<<<",
        numbered(text, split_sentences(text)),
        ">>>",
    ]
    for step, answer in answers.items():
        parts += [f"the {step} answer is:", json.dumps(answer, ensure_ascii=False)]
    parts.append("End of example. Its names and facts belong to that article only; never copy them.")
    return "\n".join(parts)
