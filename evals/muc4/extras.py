"""Two scores the processed MUC-4 sets drop but the raw answer keys hold.

* **Human-target effect** (closest public gold for casualty figures): each DEATH or INJURY
  filler of a relevant key template is *found* when the report has a figure for a reported
  incident with the matching outcome (killed / injured) whose group shares a word with one of the
  filler's strings, or whose number equals the key's number; it is *counted right* when, in
  addition, the key gives a number and the figure's min equals it. Precision is over the report's
  killed/injured figures of MUC-relevant incidents.
* **Perpetrator confidence** (closest gold for claims): for each organisation the key marks
  CLAIMED OR ADMITTED or SUSPECTED OR ACCUSED, the report's reading of the same organisation
  (a perpetrator organisation of a relevant incident) is *claimed* when a responsibility claim
  about that incident exists, *accused* when an accusation or a disputed flag does, and
  *reported* otherwise; the score is the share of key organisations read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from evals.muc4.adapter import incident_roles, relevant_incidents
from evals.muc4.keys import KeyTemplate, human_effects, perpetrator_confidence
from evals.muc4.scoring import normalise
from newsstruct.evaluation import words
from newsstruct.schema import ClaimKind, Outcome, Report

_EFFECT_OUTCOME = {"DEATH": Outcome.KILLED, "INJURY": Outcome.INJURED}


@dataclass
class EffectTally:
    gold: int = 0
    found: int = 0
    numbers_right: int = 0
    numbers_given: int = 0
    predicted: int = 0
    predicted_matched: int = 0

    def add(self, other: EffectTally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ConfidenceTally:
    gold: int = 0  # key organisations marked claimed or accused
    predicted_as_perpetrator: int = 0  # of those, the report names the organisation at all
    same_reading: int = 0

    def add(self, other: ConfidenceTally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def effect_score(report: Report | None, keys: list[KeyTemplate]) -> EffectTally:
    tally = EffectTally()
    relevant = {i.id for i in relevant_incidents(report)} if report else set()
    figures = [
        f for f in (report.figures if report else [])
        if f.incident in relevant and {Outcome.KILLED, Outcome.INJURED} & set(f.outcomes)
    ]  # fmt: skip
    tally.predicted = len(figures)
    matched: set[str] = set()
    for template in keys:
        for effect in human_effects(template):
            outcome = _EFFECT_OUTCOME.get(effect.effect)
            if outcome is None:
                continue
            tally.gold += 1
            tally.numbers_given += effect.number is not None
            target_words = set().union(*(words(t) for t in effect.target)) if effect.target else set()
            for fig in figures:
                same_group = bool(words(fig.group) & target_words)
                same_number = effect.number is not None and fig.min == effect.number
                if outcome in fig.outcomes and (same_group or same_number):
                    tally.found += 1
                    tally.numbers_right += same_number
                    matched.add(fig.id)
                    break
    tally.predicted_matched = len(matched)
    return tally


def _reading(report: Report, organisation: list[str]) -> str | None:
    names = {normalise(o) for o in organisation}
    for incident in relevant_incidents(report):
        orgs = {normalise(e[0]) for e in incident_roles(incident)["PerpOrg"]}
        if not names & orgs:
            continue
        kinds = {c.kind for c in report.claims if c.incident == incident.id}
        if ClaimKind.RESPONSIBILITY_CLAIM in kinds:
            return "claimed"
        if ClaimKind.ACCUSATION in kinds or incident.disputed:
            return "accused"
        return "reported"
    return None


def confidence_score(report: Report | None, keys: list[KeyTemplate]) -> ConfidenceTally:
    tally = ConfidenceTally()
    for template in keys:
        for conf in perpetrator_confidence(template):
            label = conf.confidence.split(" / ")[0]
            wanted = (
                "claimed" if label == "CLAIMED OR ADMITTED" else "accused" if label.startswith("SUSPECTED") else None
            )
            if wanted is None:
                continue
            tally.gold += 1
            reading = _reading(report, conf.organisation) if report else None
            tally.predicted_as_perpetrator += reading is not None
            tally.same_reading += reading == wanted
    return tally
