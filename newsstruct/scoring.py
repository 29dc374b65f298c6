"""Scorers: compare one predicted report with its gold report, section by section.

Pure functions, no I/O. The matching rules (also in the README):

* **Incidents** are aligned one-to-one by the assignment maximising similarity =
  0.4·same type + 0.3·evidence overlap (a predicted span overlaps a gold span) + 0.1·same date
  + 0.1·place overlap + 0.1·actor overlap; a pair needs similarity ≥ 0.45 to count as a match.
* **Figures** can only match within aligned incidents, and need an outcome in common and the
  same numbers within tolerance (exact below 10, ±10 % from 10 up; vague figures match vague
  ones). Among candidates, the assignment prefers the same source and group.
* **Claims** can only match within aligned incidents (or both without incident), and need the
  same speaker (names, roles and organisations share most of their words — so "Mataly" matches
  "Mohamed Ould Mataly") or content word-F1 ≥ 0.5; similarity = 0.4·speaker + 0.3·kind +
  0.3·content F1 ≥ 0.45.

Each section gets TP/FP/FN; each field gets, over all items, ``correct`` (matched and equal) with
precision = correct / predicted items and recall = correct / gold items. Every miss and false
positive is explained in words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from newsstruct.assignment import max_weight_matching
from newsstruct.schema import Actor, CasualtyFigure, Claim, Evidence, Incident, Report

T = TypeVar("T")
U = TypeVar("U")

INCIDENT_THRESHOLD = 0.45
CLAIM_THRESHOLD = 0.45
_STOP = {"the", "a", "an", "of", "in", "on", "and", "to", "for", "by", "its", "his", "her", "their", "with"}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}  # fmt: skip


@dataclass
class ArticleScore:
    """One article's scores: per section, per field, and why."""

    id: str
    sections: dict[str, Counts] = field(default_factory=dict)
    fields: dict[str, Counts] = field(default_factory=dict)
    explanations: list[str] = field(default_factory=list)
    error: str | None = None


# ---------------------------------------------------------------- text similarity helpers


def words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").casefold()) if w not in _STOP}


def overlap(a: set[str], b: set[str]) -> float:
    """Shared words over the smaller set (1.0 when both are empty, 0.0 when one is)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def word_f1(a: str | None, b: str | None) -> float:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 1.0 if wa == wb else 0.0
    common = len(wa & wb)
    return 2 * common / (len(wa) + len(wb))


def spans_overlap(a: Sequence[Evidence], b: Sequence[Evidence]) -> bool:
    return any(x.start < y.end and y.start < x.end for x in a for y in b)


def _actors(actors: Sequence[Actor]) -> set[str]:
    return set().union(*(words(a.name) | words(a.organisation) for a in actors)) if actors else set()


def _places(inc: Incident) -> set[str]:
    return set().union(*(words(p) for p in inc.location.places)) if inc.location.places else set()


# ---------------------------------------------------------------- alignment


def align(
    predicted: Sequence[T], gold: Sequence[U], similarity: Callable[[T, U], float], threshold: float
) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index) of the best assignment above ``threshold``."""
    if not predicted or not gold:
        return []
    weights = [[similarity(p, g) for g in gold] for p in predicted]
    return [(p, g) for p, g in max_weight_matching(weights) if weights[p][g] >= threshold]


def incident_similarity(p: Incident, g: Incident) -> float:
    return (
        0.4 * (p.type == g.type)
        + 0.3 * spans_overlap(p.evidence, g.evidence)
        + 0.1 * (p.date.value == g.date.value)
        + 0.1 * overlap(_places(p), _places(g))
        + 0.1 * overlap(_actors([*p.perpetrators, *p.targets]), _actors([*g.perpetrators, *g.targets]))
    )


def numbers_match(p: CasualtyFigure, g: CasualtyFigure) -> bool:
    def close(a: int | None, b: int | None) -> bool:
        if a is None or b is None:
            return a is None and b is None
        return abs(a - b) <= (0 if b < 10 else round(0.1 * b))

    return close(p.min, g.min) and close(p.max, g.max)


def figure_similarity(p: CasualtyFigure, g: CasualtyFigure) -> float:
    if not set(p.outcomes) & set(g.outcomes) or not numbers_match(p, g):
        return 0.0
    return 0.5 + 0.25 * source_match(p.source, g.source) + 0.25 * (overlap(words(p.group), words(g.group)) >= 0.5)


def source_match(p: str | None, g: str | None) -> bool:
    if p is None or g is None:
        return p is None and g is None
    return overlap(words(p), words(g)) >= 0.5


def speaker_match(p: Claim, g: Claim) -> bool:
    mine = words(p.speaker.name) | words(p.speaker.organisation) | words(p.speaker.role)
    theirs = words(g.speaker.name) | words(g.speaker.organisation) | words(g.speaker.role)
    return bool(mine and theirs) and overlap(mine, theirs) >= 0.5


def claim_similarity(p: Claim, g: Claim) -> float:
    content = word_f1(p.content, g.content)
    speaker = speaker_match(p, g)
    if not speaker and content < 0.5:
        return 0.0
    return 0.4 * speaker + 0.3 * (p.kind == g.kind) + 0.3 * content


# ---------------------------------------------------------------- scoring


def _field(score: ArticleScore, name: str, correct: int, predicted: int, gold: int) -> None:
    score.fields[name] = Counts(tp=correct, fp=predicted - correct, fn=gold - correct)


def _section(
    score: ArticleScore,
    name: str,
    predicted: Sequence[T],
    gold: Sequence[T],
    pairs: list[tuple[int, int]],
    describe: Callable[[T], str],
) -> None:
    """Section counts, and an explanation for every unmatched gold and predicted item."""
    score.sections[name] = Counts(len(pairs), len(predicted) - len(pairs), len(gold) - len(pairs))
    matched_p, matched_g = {p for p, _ in pairs}, {g for _, g in pairs}
    singular = name.removesuffix("s")
    score.explanations += [f"missed {singular} {describe(g)}" for n, g in enumerate(gold) if n not in matched_g]
    score.explanations += [f"false {singular} {describe(p)}" for n, p in enumerate(predicted) if n not in matched_p]


def _fields(
    score: ArticleScore,
    checks: dict[str, Callable[[T, T], bool]],
    predicted: Sequence[T],
    gold: Sequence[T],
    pairs: list[tuple[int, int]],
) -> None:
    for name, same in checks.items():
        correct = sum(same(predicted[p], gold[g]) for p, g in pairs)
        _field(score, name, correct, len(predicted), len(gold))


def score_report(article_id: str, predicted: Report | None, gold: Report, *, error: str | None = None) -> ArticleScore:
    """Score one prediction against gold. ``predicted=None`` (a failed parse) scores as all misses."""
    score = ArticleScore(id=article_id, error=error)
    pred = predicted or Report()
    if predicted is None:
        score.explanations.append(f"no prediction: {error or 'parse failed'}")
    pairs = align(pred.incidents, gold.incidents, incident_similarity, INCIDENT_THRESHOLD)
    _score_incidents(score, pred, gold, pairs)
    inc_map = {pred.incidents[p].id: gold.incidents[g].id for p, g in pairs}
    _score_figures(score, pred, gold, inc_map)
    _score_claims(score, pred, gold, inc_map)
    return score


def _score_incidents(score: ArticleScore, pred: Report, gold: Report, pairs: list[tuple[int, int]]) -> None:
    _section(
        score, "incidents", pred.incidents, gold.incidents, pairs, lambda i: f"{i.id} ({i.type.value}): {i.summary}"
    )
    checks: dict[str, Callable[[Incident, Incident], bool]] = {
        "incident.type": lambda p, g: p.type == g.type,
        "incident.date": lambda p, g: p.date.value == g.date.value and p.date.end == g.date.end,
        "incident.location": lambda p, g: overlap(_places(p), _places(g)) >= 0.5,
        "incident.perpetrators": lambda p, g: overlap(_actors(p.perpetrators), _actors(g.perpetrators)) >= 0.5,
        "incident.targets": lambda p, g: overlap(_actors(p.targets), _actors(g.targets)) >= 0.5,
        "incident.background": lambda p, g: p.background == g.background,
        "incident.disputed": lambda p, g: p.disputed == g.disputed,
    }
    for name, same in checks.items():
        correct = 0
        for p, g in pairs:
            pi, gi = pred.incidents[p], gold.incidents[g]
            if same(pi, gi):
                correct += 1
            else:
                score.explanations.append(
                    f"{pi.id}~{gi.id} {name.split('.')[1]} differs: {_show(name, pi)} vs gold {_show(name, gi)}"
                )
        _field(score, name, correct, len(pred.incidents), len(gold.incidents))


def _show(name: str, inc: Incident) -> str:
    part = name.split(".")[1]
    if part == "date":
        return f"{inc.date.value}..{inc.date.end}" if inc.date.end else str(inc.date.value)
    if part == "location":
        return str(inc.location.places)
    if part in ("perpetrators", "targets"):
        return str([a.name for a in getattr(inc, part)])
    return str(getattr(inc, part).value if part == "type" else getattr(inc, part))


def _score_figures(score: ArticleScore, pred: Report, gold: Report, inc_map: dict[str, str]) -> None:
    def similarity(p: CasualtyFigure, g: CasualtyFigure) -> float:
        return figure_similarity(p, g) if inc_map.get(p.incident) == g.incident else 0.0

    pairs = align(pred.figures, gold.figures, similarity, 0.5)
    _section(
        score, "figures", pred.figures, gold.figures, pairs,
        lambda f: f"{f.id}: {f.phrase!r} {f.group} {_outcomes(f)} per {f.source}",
    )  # fmt: skip
    checks: dict[str, Callable[[CasualtyFigure, CasualtyFigure], bool]] = {
        "figure.outcomes": lambda p, g: set(p.outcomes) == set(g.outcomes),
        "figure.numbers": lambda p, g: (p.min, p.max) == (g.min, g.max),
        "figure.approximate": lambda p, g: p.approximate == g.approximate,
        "figure.source": lambda p, g: source_match(p.source, g.source),
        "figure.group": lambda p, g: overlap(words(p.group), words(g.group)) >= 0.5,
    }
    _fields(score, checks, pred.figures, gold.figures, pairs)


def _outcomes(fig: CasualtyFigure) -> str:
    return "/".join(o.value for o in fig.outcomes)


def _score_claims(score: ArticleScore, pred: Report, gold: Report, inc_map: dict[str, str]) -> None:
    def similarity(p: Claim, g: Claim) -> float:
        same_incident = (p.incident is None and g.incident is None) or (
            p.incident is not None and inc_map.get(p.incident) == g.incident
        )
        return claim_similarity(p, g) if same_incident else 0.0

    pairs = align(pred.claims, gold.claims, similarity, CLAIM_THRESHOLD)
    _section(
        score, "claims", pred.claims, gold.claims, pairs,
        lambda c: f"{c.id} ({c.kind.value} by {c.speaker.name}): {c.content}",
    )  # fmt: skip
    claim_map = {pred.claims[p].id: gold.claims[g].id for p, g in pairs}
    checks: dict[str, Callable[[Claim, Claim], bool]] = {
        "claim.speaker": speaker_match,
        "claim.kind": lambda p, g: p.kind == g.kind,
        "claim.content": lambda p, g: word_f1(p.content, g.content) >= 0.5,
        "claim.anonymous": lambda p, g: p.speaker.anonymous == g.speaker.anonymous,
        "claim.contests": lambda p, g: (
            (p.contests is None and g.contests is None)
            or (p.contests is not None and claim_map.get(p.contests) == g.contests)
        ),
    }
    for name, same in checks.items():
        correct = sum(same(pred.claims[p], gold.claims[g]) for p, g in pairs)
        _field(score, name, correct, len(pred.claims), len(gold.claims))
