"""Turn a validated draft into the public :class:`~newsstruct.schema.Report`.

Cited sentences become evidence spans with offsets into the input; dates are checked for shape and for a
year the text never states; figures get ids and, where the speaker matches, the claim that
reports them. Anything that cannot be kept becomes a warning, never a silent loss.
"""

from __future__ import annotations

import re
from typing import Any

from newsstruct.dates import dateline, resolve
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
    Report,
    Speaker,
    Warning,
)
from newsstruct.sentences import Sentence

_ISO = re.compile(r"^(?:(?P<year>\d{4})|-)-(?P<month>\d{2})(?:-(?P<day>\d{2}))?$|^(?P<yonly>\d{4})$")


def _evidence(text: str, sentences: list[Sentence], number: int) -> list[Evidence]:
    """The cited sentence, verbatim, at its offsets (validation guaranteed it exists)."""
    s = sentences[number - 1]
    return [Evidence(text=text[s.start : s.end], start=s.start, end=s.end, match="exact")]


def known_years(text: str) -> set[str]:
    """Years the text states, plus the dateline's year and the year before it.

    A dateline such as ``SAN SALVADOR, 3 JAN 90`` anchors "30 December" to 1989: an event in the
    previous year is reported early in the next, so the year before the dateline's is known too.
    """
    years = set(re.findall(r"\b(?:19|20)\d{2}\b", text))
    anchor = dateline(text)
    if anchor is not None and anchor.year is not None:
        years |= {str(anchor.year), str(anchor.year - 1)}
    return years


def _check_date(value: str | None, text: str, item: str, warnings: list[Warning]) -> str | None:
    """A well-formed ISO or partial date whose year, if any, the text or its dateline states."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    match = _ISO.match(value)
    if not match:
        warnings.append(Warning(code="date_format", message=f"date {value!r} is not ISO; dropped", item=item))
        return None
    year = match.group("year") or match.group("yonly")
    if year and year not in known_years(text):
        warnings.append(
            Warning(code="date_year_invented", message=f"year {year} is not in the text; removed", item=item)
        )
        if match.group("yonly"):
            return None
        return "-" + value[len(year) :]
    return value


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
    # The calendar date is worked out from the verbatim phrase and the dateline when the phrase
    # can be read (newsstruct.dates); the model's own date is the fallback.
    resolved = resolve(d.date_phrase, dateline(index.text))
    raw_start, raw_end = resolved if resolved else (d.date, d.date_end)
    start = _check_date(raw_start, index.text, d.id, warnings)
    end = _check_date(raw_end, index.text, d.id, warnings) if start else None
    return Incident(
        id=d.id,
        type=d.type,
        summary=d.summary,
        date=EventDate(value=start, end=end, phrase=d.date_phrase, precision=_precision(start, end)),  # type: ignore[arg-type]
        location=Location(places=list(d.places), country=d.country),
        perpetrators=[Actor(name=a.name, kind=a.kind, organisation=a.organisation) for a in d.perpetrators],
        targets=[Actor(name=a.name, kind=a.kind, organisation=a.organisation) for a in d.targets],
        physical_targets=list(d.physical_targets),
        weapons=list(d.weapons),
        background=d.background,
        disputed=d.disputed,
        evidence=_evidence(index.text, sentences, d.sentence),
    )


def _claim(d: DraftClaim, text: str, sentences: list[Sentence]) -> Claim:
    return Claim(
        id=d.id,
        speaker=Speaker(
            name=d.speaker,
            role=d.speaker_role,
            organisation=d.speaker_organisation,
            anonymous=d.anonymous,
        ),
        channel=d.channel,
        kind=d.kind,
        incident=d.incident,
        content=d.content,
        quote=d.quote,
        contests=d.contests,
        evidence=_evidence(text, sentences, d.sentence),
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
    claims = [_claim(d, index.text, sentences) for d in draft.claims]
    figures = [
        CasualtyFigure(
            id=f"F{n}",
            incident=f.incident,
            group=f.group,
            outcomes=list(dict.fromkeys(f.outcomes)),
            **_numbers(f.phrase),
            phrase=f.phrase,
            source=f.source,
            claim=_claim_for_source(f.source, f.incident, claims),
            evidence=_evidence(index.text, sentences, f.sentence),
        )
        for n, f in enumerate(draft.figures, start=1)
    ]
    return Report(summary=draft.summary, incidents=incidents, figures=figures, claims=claims, warnings=warnings)
