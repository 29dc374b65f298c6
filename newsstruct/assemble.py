"""Turn a validated draft into the public :class:`~newsstruct.schema.Report`.

Cited sentences become evidence spans with offsets into the input; dates are checked for shape and for a
year the text never states; figures get ids and, where the speaker matches, the claim that
reports them. Anything that cannot be kept becomes a warning, never a silent loss.
"""

from __future__ import annotations

import re
from typing import Any

from newsstruct.cues import channel, quotation
from newsstruct.dates import date_problem, dateline, resolve, without_year
from newsstruct.draft import DraftClaim, DraftIncident, DraftReport
from newsstruct.grounding import TextIndex
from newsstruct.quantities import interpret
from newsstruct.schema import (
    Actor,
    CasualtyFigure,
    Claim,
    EventDate,
    Evidence,
    Incident,
    Location,
    Mention,
    Report,
    Speaker,
    Warning,
)
from newsstruct.sentences import Sentence


def _evidence(text: str, sentences: list[Sentence], number: int) -> list[Evidence]:
    """The cited sentence, verbatim, at its offsets (validation guaranteed it exists)."""
    s = sentences[number - 1]
    return [Evidence(text=text[s.start : s.end], start=s.start, end=s.end, match="exact")]


class _Mentions:
    """Spans of one item's values, found near the sentence the item cites (so a repeated phrase
    resolves to the occurrence in that sentence). Validation already grounded every value with
    the same look-ups, so a value not found here is a bug worth a warning, never a silent gap."""

    def __init__(self, index: TextIndex, sentences: list[Sentence], number: int, item: str, warnings: list[Warning]):
        s = sentences[number - 1]
        self.index, self.near, self.item, self.warnings = index, (s.start, s.end), item, warnings
        self.found: list[Mention] = []

    def add(self, field: str, value: str | None, *, name: bool = False) -> str | None:
        """Record where ``value`` occurs; return the article's own text for it (a verbatim field
        shows what the article says even when the model changed case, quotes or a letter)."""
        if value is None:
            return None
        span = self.index.mention(value, near=self.near) if name else self.index.find(value, near=self.near)
        if span is None:
            self.warnings.append(Warning(code="ungrounded", message=f"{field} {value!r} not located", item=self.item))
            return value
        text = self.index.text[span.start : span.end]
        self.found.append(Mention(field=field, text=text, start=span.start, end=span.end, match=span.match))
        return text

    def name(self, field: str, value: str | None) -> str | None:
        """A name found as written (exactly, normalised, or with a slip of a letter) becomes the
        article's text; a name assembled from words spread over the text keeps the model's
        wording, and its mention shows the stretch it came from."""
        located = self.add(field, value, name=True)
        if value is None or self.index.find(value, near=self.near) is None:
            return value
        return located

    def names(self, field: str, values: list[str]) -> list[str]:
        return [self.name(f"{field}[{n}]", v) or v for n, v in enumerate(values)]

    def actors(self, field: str, actors: list[Any]) -> list[Actor]:
        out = []
        for n, a in enumerate(actors):
            name = self.name(f"{field}[{n}].name", a.name) or a.name
            organisation = self.name(f"{field}[{n}].organisation", a.organisation)
            out.append(Actor(name=name, kind=a.kind, organisation=organisation))
        return out


def _check_date(value: str | None, text: str, item: str, warnings: list[Warning]) -> str | None:
    """A well-formed ISO or partial date whose year, if any, the text or its dateline states.
    (Validation already sent such problems back to the model; this is the last guard.)"""
    if value is None or not value.strip():
        return None
    problem = date_problem(value, text)
    if problem is None:
        return value.strip()
    if problem.kind == "year":
        warnings.append(Warning(code="date_year_invented", message=problem.message + "; removed", item=item))
        return without_year(value)
    warnings.append(Warning(code="date_format", message=problem.message + "; dropped", item=item))
    return None


def _precision(start: str | None, end: str | None) -> str:
    if start is None:
        return "unknown"
    if end is not None and end != start:
        return "range"
    if re.fullmatch(r"\d{4}", start):
        return "year"
    if re.fullmatch(r"(\d{4}|-)-\d{2}", start):
        return "month"
    return "day"


def _incident(d: DraftIncident, index: TextIndex, sentences: list[Sentence], warnings: list[Warning]) -> Incident:
    spans = _Mentions(index, sentences, d.sentence, d.id, warnings)
    phrase = spans.name("date.phrase", d.date_phrase)
    # The calendar date is worked out from the phrase as the article writes it and the dateline
    # (newsstruct.dates); a phrase that cannot be read leaves the date unknown, never guessed.
    resolved = resolve(phrase, dateline(index.text))
    raw_start, raw_end = resolved if resolved else (None, None)
    start = _check_date(raw_start, index.text, d.id, warnings)
    end = _check_date(raw_end, index.text, d.id, warnings) if start else None
    places = spans.names("location.places", list(d.places))
    perpetrators = spans.actors("perpetrators", d.perpetrators)
    targets = spans.actors("targets", d.targets)
    physical_targets = spans.names("physical_targets", list(d.physical_targets))
    weapons = spans.names("weapons", list(d.weapons))
    return Incident(
        id=d.id,
        type=d.type,
        summary=d.summary,
        date=EventDate(value=start, end=end, phrase=phrase, precision=_precision(start, end)),  # type: ignore[arg-type]
        location=Location(places=places, country=d.country),
        perpetrators=perpetrators,
        targets=targets,
        physical_targets=physical_targets,
        weapons=weapons,
        background=d.background,
        disputed=d.disputed,
        evidence=_evidence(index.text, sentences, d.sentence),
        mentions=spans.found,
    )


def _claim(d: DraftClaim, index: TextIndex, sentences: list[Sentence], warnings: list[Warning]) -> Claim:
    spans = _Mentions(index, sentences, d.sentence, d.id, warnings)
    cited = sentences[d.sentence - 1]
    quoted = quotation(index.text, cited.start, cited.end)
    quote = spans.add("quote", index.text[quoted[0] : quoted[1]]) if quoted else None
    speaker = spans.name("speaker.name", d.speaker)
    organisation = spans.name("speaker.organisation", d.speaker_organisation)
    return Claim(
        id=d.id,
        speaker=Speaker(
            name=speaker,
            role=d.speaker_role,
            organisation=organisation,
            anonymous=d.anonymous,
        ),
        channel=channel(index.text[cited.start : cited.end]),
        kind=d.kind,
        incident=d.incident,
        content=d.content,
        quote=quote,
        contests=d.contests,
        evidence=_evidence(index.text, sentences, d.sentence),
        mentions=spans.found,
    )


def _claim_for_source(source: str | None, incident: str, claims: list[Claim]) -> str | None:
    """The claim whose speaker gives this figure, when exactly one matches."""
    if not source:
        return None
    wanted = source.casefold()
    matches = [
        c.id
        for c in claims
        if c.incident in (incident, None)
        and any(
            p and (p.casefold() in wanted or wanted in p.casefold()) for p in (c.speaker.name, c.speaker.organisation)
        )
    ]
    return matches[0] if len(matches) == 1 else None


def _numbers(phrase: str) -> dict[str, Any]:
    """min, max and approximate as the phrase states them (validation guaranteed it is a quantity)."""
    quantity = interpret(phrase)
    assert quantity is not None
    return {"min": quantity.min, "max": quantity.max, "approximate": quantity.approximate}


def assemble(draft: DraftReport, index: TextIndex, sentences: list[Sentence]) -> Report:
    """Build the report; ``draft`` must already have passed validation against the text."""
    warnings: list[Warning] = []
    incidents = [_incident(d, index, sentences, warnings) for d in draft.incidents]
    claims = [_claim(d, index, sentences, warnings) for d in draft.claims]
    figures = []
    for n, f in enumerate(draft.figures, start=1):
        spans = _Mentions(index, sentences, f.sentence, f"F{n}", warnings)
        phrase = spans.add("phrase", f.phrase) or f.phrase
        source = spans.name("source", f.source)
        figures.append(
            CasualtyFigure(
                id=f"F{n}",
                incident=f.incident,
                group=f.group,
                outcomes=list(dict.fromkeys(f.outcomes)),
                **_numbers(f.phrase),
                phrase=phrase,
                source=source,
                claim=_claim_for_source(source, f.incident, claims),
                evidence=_evidence(index.text, sentences, f.sentence),
                mentions=spans.found,
            )
        )
    summary = " ".join(i.summary for i in incidents if not i.background) or " ".join(i.summary for i in incidents)
    return Report(summary=summary, incidents=incidents, figures=figures, claims=claims, warnings=warnings)
