"""Codebook views derived from the per-source casualty figures: ACLED-style and UCDP-style rows.

newsstruct keeps every figure with its source; event datasets want one number (ACLED) or one
low/best/high range (UCDP) per event. These views derive them by a fixed, written-down rule, so
a row can always be traced back to the figures it came from (their ids are on the row, and the
raw figures stay in the report and in the ``figures`` table).

The rule (also in the README; the arithmetic is in :mod:`newsstruct.outputs._tolls`):

* Only figures whose outcomes are exactly ``killed`` count deaths. A figure that mixes deaths
  with another outcome ("about 10 killed or captured") does not say how many died: it can only
  raise ``high``, never ``low`` or ``best``.
* A figure's number is its lower bound: an exact or approximate figure its value, a range
  ("between 20 and 30") its lower end, an open bound ("more than 50" = 51, "at least 50" = 50)
  the number it states; an upper-only bound ("up to 20") counts its bound. Its ``high`` is its
  upper bound, or that same number when the bound is open (no number is ever invented).
* A vague phrase counts the smallest number it stands for, ACLED's way: "tens" 10, "dozens" 12,
  "scores" 20, "hundreds" 100, "thousands" 1000, "millions" 1,000,000; "X of thousands /
  millions" the product ("tens of thousands" 10,000, "hundreds of thousands" 100,000);
  "several / a few / many dozen (hundred, thousand)" one unit (12, 100, 1000); "an unknown /
  undetermined / unspecified number" 1; every other vague word ("several", "many", "some",
  "a few", "others"…) 2. A vague phrase is consistent with every number at or above it, so it
  does not dispute a source's number: it sets ``low`` and ``best`` only when no source gives a
  number, and it always counts towards ``high``.
* A zero ("no one was killed", "no French soldiers were killed") is about particular people. It
  counts as its source's toll only when every other death figure of the incident may be about
  the same people: their groups share a word (ignoring plurals and words such as "the", "of"),
  or either group is unspecific ("people", "no one"). Otherwise it is about someone else (the
  ministry's "no French soldiers" beside Mataly's "four fighters") and is not counted; it stays
  in the notes and the ``basis`` says so. A zero for the same people ("no civilians" beside
  "12 civilians") disputes the other figure like any number.
* Each source (a figure's ``source``; none is the article's own voice) gives one toll per
  incident: its largest death figure. A source's figures for one incident are never added
  together, since the report cannot tell a separate group from a subgroup ("ten people,
  including four soldiers").
* ``low`` is the smallest toll; ``best`` is the middle toll (the lower of the two middle ones
  for an even count), so one outlying source on either side does not move it; ``high`` is the
  largest number any death figure, mixed figure or vague phrase supports. ``best`` is a number
  some source gave, unless the incident has only vague phrases: then it is the floor of one.
* ACLED ``fatalities`` is the most conservative toll across sources, i.e. UCDP ``low``; an
  incident with no death figure has 0, as in ACLED.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from newsstruct.outputs._tolls import ARTICLE_VOICE, deaths
from newsstruct.schema import CasualtyFigure, Claim, Incident, Report

ReportsLike = Report | Iterable[Report] | Mapping[str, Report] | Iterable[Any]


@dataclass(frozen=True)
class AcledRow:
    """One reported incident, ACLED-style: the most conservative death toll, every figure in notes."""

    article_id: str | None
    incident_id: str
    event_date: str | None
    date_end: str | None
    date_precision: str
    type: str
    actor1: str | None
    actor2: str | None
    country: str | None
    location: str | None
    fatalities: int
    fatalities_figure: str | None
    disputed: bool
    figure_ids: str
    notes: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class UcdpRow:
    """One incident, UCDP-style: low / best / high deaths from the sources' figures."""

    article_id: str | None
    incident_id: str
    date_start: str | None
    date_end: str | None
    date_precision: str
    type: str
    country: str | None
    location: str | None
    background: bool
    disputed: bool
    deaths_low: int
    deaths_best: int
    deaths_high: int
    sources: int
    figure_ids: str
    basis: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def describe_figure(figure: CasualtyFigure) -> str:
    """``F2: four (4) fighters killed, per Mohamed Ould Mataly``."""
    if figure.min is None and figure.max is None:
        amount = figure.phrase
    elif figure.min == figure.max:
        amount = f"{figure.phrase} ({figure.min})"
    else:
        low = "?" if figure.min is None else figure.min
        amount = f"{figure.phrase} ({low}-{'' if figure.max is None else figure.max})"
    outcomes = "/".join(o.value for o in figure.outcomes)
    return f"{figure.id}: {amount} {figure.group} {outcomes}, per {figure.source or ARTICLE_VOICE}"


def _disputes(report: Report, incident: Incident) -> list[str]:
    by_id = {c.id: c for c in report.claims}
    notes = []
    for claim in report.claims:
        if claim.incident == incident.id and claim.contests in by_id:
            notes.append(f"{_speaker(claim)} ({claim.kind.value}, {claim.id}) contests {claim.contests}")
    return notes


def _speaker(claim: Claim) -> str:
    return claim.speaker.name or claim.speaker.organisation or claim.speaker.role or "unnamed"


def _location(incident: Incident) -> str | None:
    return "; ".join(incident.location.places) or None


def _article_reports(reports: ReportsLike) -> list[tuple[str | None, Report]]:
    """(article id, report) pairs from a report, a list, a mapping of id → report, or
    ``parse_many`` results (failed ones skipped)."""
    if isinstance(reports, Report):
        return [(None, reports)]
    if isinstance(reports, Mapping):
        return [(str(k), v) for k, v in reports.items()]
    pairs: list[tuple[str | None, Report]] = []
    for n, item in enumerate(reports):
        if isinstance(item, Report):
            pairs.append((str(n), item))
        elif isinstance(getattr(item, "report", None), Report):
            pairs.append((str(item.id), item.report))
        elif getattr(item, "report", False) is None:
            continue  # a failed parse_many result
        else:
            raise TypeError(f"expected a Report or a parse_many Result, got {type(item).__name__}")
    return pairs


def _figures_of(report: Report, incident: Incident) -> list[CasualtyFigure]:
    return [f for f in report.figures if f.incident == incident.id]


def acled_view(reports: ReportsLike) -> list[AcledRow]:
    """One ACLED-style row per reported (non-background) incident."""
    rows = []
    for article_id, report in _article_reports(reports):
        for incident in (i for i in report.incidents if not i.background):
            figures = _figures_of(report, incident)
            toll = deaths(figures)
            notes = [describe_figure(f) for f in figures] + [f"disputed: {d}" for d in _disputes(report, incident)]
            rows.append(
                AcledRow(
                    article_id=article_id,
                    incident_id=incident.id,
                    event_date=incident.date.value,
                    date_end=incident.date.end,
                    date_precision=incident.date.precision,
                    type=incident.type.value,
                    actor1=incident.perpetrators[0].name if incident.perpetrators else None,
                    actor2=incident.targets[0].name if incident.targets else None,
                    country=incident.location.country,
                    location=_location(incident),
                    fatalities=toll.low,
                    fatalities_figure=toll.low_figure,
                    disputed=incident.disputed,
                    figure_ids="; ".join(f.id for f in figures),
                    notes="; ".join(notes),
                )
            )
    return rows


def ucdp_view(reports: ReportsLike, *, include_background: bool = False) -> list[UcdpRow]:
    """One UCDP-style row per reported incident (every incident with ``include_background``)."""
    rows = []
    for article_id, report in _article_reports(reports):
        for incident in (i for i in report.incidents if include_background or not i.background):
            figures = _figures_of(report, incident)
            toll = deaths(figures)
            rows.append(
                UcdpRow(
                    article_id=article_id,
                    incident_id=incident.id,
                    date_start=incident.date.value,
                    date_end=incident.date.end or incident.date.value,
                    date_precision=incident.date.precision,
                    type=incident.type.value,
                    country=incident.location.country,
                    location=_location(incident),
                    background=incident.background,
                    disputed=incident.disputed,
                    deaths_low=toll.low,
                    deaths_best=toll.best,
                    deaths_high=toll.high,
                    sources=toll.sources,
                    figure_ids="; ".join(f.id for f in figures),
                    basis=toll.basis,
                )
            )
    return rows


__all__ = ["AcledRow", "UcdpRow", "acled_view", "describe_figure", "ucdp_view"]
