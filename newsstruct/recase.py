"""All-capital text (wire copy such as MUC-4's) read in lower case, reported in its own letters.

A model reads shouted text worse and at about twice the tokens per word. Lower-casing keeps every
offset (the text is checked to keep its length), so the engine runs on the lower-cased copy and
each value of the report is then given back its original letters: a value found in the copy is
replaced by the original text at the same place, so it stays an exact substring of the input.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsstruct.schema import Evidence, Report

_MIN_LETTERS = 40  # a headline alone is not wire copy
_SHOUTING = 0.9  # share of capital letters among letters


def lowered(text: str) -> str | None:
    """The lower-cased copy of an all-capital text with the same offsets, else None."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < _MIN_LETTERS or sum(c.isupper() for c in letters) < _SHOUTING * len(letters):
        return None
    copy = text.lower()
    if len(copy) != len(text):  # a letter whose lower case is longer would shift every offset
        return None
    return copy


def restore_case(report: Report, original: str, copy: str) -> Report:
    """The report with every text value in the original's letters."""

    def back(value: str) -> str:
        at = copy.find(value)
        if at >= 0:
            return original[at : at + len(value)]
        return value.upper()  # a value joined from pieces (a summary): the text's own case

    def opt(value: str | None) -> str | None:
        return back(value) if value else value

    def evidence(items: Sequence[Evidence]) -> None:
        for item in items:
            item.text = original[item.start : item.end]  # the copy has the original's offsets

    report.summary = back(report.summary) if report.summary else report.summary
    for incident in report.incidents:
        incident.summary = back(incident.summary)
        incident.date.phrase = opt(incident.date.phrase)
        incident.location.places = [back(p) for p in incident.location.places]
        incident.location.country = opt(incident.location.country)
        for actor in [*incident.perpetrators, *incident.targets]:
            actor.name = back(actor.name)
            actor.organisation = opt(actor.organisation)
        incident.physical_targets = [back(t) for t in incident.physical_targets]
        incident.weapons = [back(w) for w in incident.weapons]
        evidence(incident.evidence)
        evidence(incident.mentions)
    for figure in report.figures:
        figure.group, figure.phrase, figure.source = back(figure.group), back(figure.phrase), opt(figure.source)
        evidence(figure.evidence)
        evidence(figure.mentions)
    for claim in report.claims:
        claim.speaker.name = opt(claim.speaker.name)
        claim.speaker.role = opt(claim.speaker.role)
        claim.speaker.organisation = opt(claim.speaker.organisation)
        claim.channel, claim.content, claim.quote = opt(claim.channel), back(claim.content), opt(claim.quote)
        evidence(claim.evidence)
        evidence(claim.mentions)
    return report
