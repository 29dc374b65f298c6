"""Scorers: compare one predicted report with its gold report, section by section.

Pure functions, no I/O. Finding and linking are scored apart, so one wrong incident does not
zero every figure and claim about it (also in the README):

* **Incidents** are aligned one-to-one by the assignment maximising similarity =
  0.4·same type + 0.3·evidence overlap (a predicted span overlaps a gold span) + 0.1·same date
  + 0.1·place overlap + 0.1·actor overlap; a pair needs similarity ≥ 0.45 to count as a match.
* **Figures** are found when an outcome is in common and the numbers agree within tolerance
  (exact below 10, ±10 % from 10 up; vague figures match vague ones), whatever incident they
  name. Among candidates the assignment prefers overlapping evidence, the same source and group.
* **Claims** are found when the speaker is the same (names, roles and organisations share most
  of their words — "Mataly" matches "Mohamed Ould Mataly") and so is the kind; among candidates
  the assignment prefers overlapping evidence and similar content.
* **Links**, each its own row over the found items: figure→source, figure→incident (through the
  incident alignment), claim→incident, claim→contested claim (a predicted contest link is right
  when both ends are found and map to the gold link), and the incident flags ``background`` and
  ``disputed`` (a flagged incident is right when it is aligned with a flagged gold incident).
* **Strict** rows keep the first scorer's numbers, so older runs stay comparable: figures and
  claims matched only inside aligned incidents (claims also by content word-F1 ≥ 0.5; similarity
  0.4·speaker + 0.3·kind + 0.3·content ≥ 0.45).

Each section gets TP/FP/FN; each field gets, over all items, ``correct`` (found and equal) with
precision = correct / predicted items and recall = correct / gold items; a link row counts the
same way. Every miss, false positive and wrong link is explained in words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from newsstruct.evaluation._assignment import max_weight_matching
from newsstruct.schema import Actor, CasualtyFigure, Claim, Evidence, Incident, Report

T = TypeVar("T")
U = TypeVar("U")

SCORER_VERSION = 2  # 2: finding and linking scored apart; the first scorer's numbers are the strict rows
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
    links: dict[str, Counts] = field(default_factory=dict)
    strict: dict[str, Counts] = field(default_factory=dict)
    explanations: list[str] = field(default_factory=list)
    error: str | None = None


# ---------------------------------------------------------------- text similarity helpers


def words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[^\W_]+", (text or "").casefold()) if w not in _STOP}


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
    """Strict scorer: 0 unless outcome and numbers agree; then source and group break ties."""
    if not set(p.outcomes) & set(g.outcomes) or not numbers_match(p, g):
        return 0.0
    return 0.5 + 0.25 * source_match(p.source, g.source) + 0.25 * (overlap(words(p.group), words(g.group)) >= 0.5)


def figure_found_similarity(p: CasualtyFigure, g: CasualtyFigure) -> float:
    """0 unless outcome and numbers agree; then evidence, source and group break ties."""
    if not set(p.outcomes) & set(g.outcomes) or not numbers_match(p, g):
        return 0.0
    return (
        0.5
        + 0.2 * spans_overlap(p.evidence, g.evidence)
        + 0.15 * source_match(p.source, g.source)
        + 0.15 * (overlap(words(p.group), words(g.group)) >= 0.5)
    )


def source_match(p: str | None, g: str | None) -> bool:
    if p is None or g is None:
        return p is None and g is None
    return overlap(words(p), words(g)) >= 0.5


def speaker_match(p: Claim, g: Claim) -> bool:
    mine = words(p.speaker.name) | words(p.speaker.organisation) | words(p.speaker.role)
    theirs = words(g.speaker.name) | words(g.speaker.organisation) | words(g.speaker.role)
    if not mine and not theirs:
        return True  # both unattributed ("X has been accused of ...")
    return bool(mine and theirs) and overlap(mine, theirs) >= 0.5


def claim_found_similarity(p: Claim, g: Claim) -> float:
    """0 unless speaker and kind agree; then evidence and content break ties."""
    if p.kind != g.kind or not speaker_match(p, g):
        return 0.0
    return 0.5 + 0.3 * spans_overlap(p.evidence, g.evidence) + 0.2 * word_f1(p.content, g.content)


def claim_similarity(p: Claim, g: Claim) -> float:
    """Strict scorer: speaker, kind and content."""
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
    figure_pairs = _score_items(
        score, "figures", pred.figures, gold.figures, figure_found_similarity, _describe_figure, _FIGURE_CHECKS
    )
    claim_pairs = _score_items(
        score, "claims", pred.claims, gold.claims, claim_found_similarity, _describe_claim, _CLAIM_CHECKS
    )
    _score_links(score, pred, gold, pairs, inc_map, figure_pairs, claim_pairs)
    score.strict = strict_counts(pred, gold, inc_map)
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


def _score_items(
    score: ArticleScore,
    section: str,
    predicted: Sequence[T],
    gold: Sequence[T],
    similarity: Callable[[T, T], float],
    describe: Callable[[T], str],
    checks: dict[str, Callable[[T, T], bool]],
) -> list[tuple[int, int]]:
    """A section's found and missed items and its fields (figures, claims): the pairs found."""
    pairs = align(predicted, gold, similarity, 0.5)
    _section(score, section, predicted, gold, pairs, describe)
    _fields(score, checks, predicted, gold, pairs)
    return pairs


_FIGURE_CHECKS: dict[str, Callable[[CasualtyFigure, CasualtyFigure], bool]] = {
    "figure.outcomes": lambda p, g: set(p.outcomes) == set(g.outcomes),
    "figure.numbers": lambda p, g: (p.min, p.max) == (g.min, g.max),
    "figure.approximate": lambda p, g: p.approximate == g.approximate,
    "figure.group": lambda p, g: overlap(words(p.group), words(g.group)) >= 0.5,
}
_CLAIM_CHECKS: dict[str, Callable[[Claim, Claim], bool]] = {
    "claim.content": lambda p, g: word_f1(p.content, g.content) >= 0.5,
    "claim.anonymous": lambda p, g: p.speaker.anonymous == g.speaker.anonymous,
}


def _describe_figure(f: CasualtyFigure) -> str:
    return f"{f.id}: {f.phrase!r} {f.group} {'/'.join(o.value for o in f.outcomes)} per {f.source}"


def _describe_claim(c: Claim) -> str:
    return f"{c.id} ({c.kind.value} by {c.speaker.name}): {c.content}"


# ---------------------------------------------------------------- links

LINKS = (
    "figure→source",
    "figure→incident",
    "claim→incident",
    "claim→contested claim",
    "incident background flag",
    "incident disputed flag",
)


def _link(
    score: ArticleScore,
    name: str,
    pairs: Sequence[tuple[T, T]],
    right: Callable[[T, T], bool],
    predicted: int,
    gold: int,
    show: Callable[[T], str],
) -> None:
    """A link row: right links among found pairs, over predicted and gold link counts."""
    correct = 0
    for p, g in pairs:
        if right(p, g):
            correct += 1
        else:
            score.explanations.append(f"{name} wrong: {show(p)} vs gold {show(g)}")
    score.links[name] = Counts(tp=correct, fp=predicted - correct, fn=gold - correct)


def _score_links(
    score: ArticleScore,
    pred: Report,
    gold: Report,
    incident_pairs: list[tuple[int, int]],
    inc_map: dict[str, str],
    figure_pairs: list[tuple[int, int]],
    claim_pairs: list[tuple[int, int]],
) -> None:
    figures = [(pred.figures[p], gold.figures[g]) for p, g in figure_pairs]
    claims = [(pred.claims[p], gold.claims[g]) for p, g in claim_pairs]

    def same_incident(p: str | None, g: str | None) -> bool:
        return (p is None and g is None) or (p is not None and inc_map.get(p) == g)

    _link(score, "figure→source", figures, lambda p, g: source_match(p.source, g.source),
          len(pred.figures), len(gold.figures), lambda f: f"{f.id} source {f.source!r}")  # fmt: skip
    _link(score, "figure→incident", figures, lambda p, g: same_incident(p.incident, g.incident),
          len(pred.figures), len(gold.figures), lambda f: f"{f.id} incident {f.incident}")  # fmt: skip
    _link(score, "claim→incident", claims, lambda p, g: same_incident(p.incident, g.incident),
          len(pred.claims), len(gold.claims), lambda c: f"{c.id} incident {c.incident}")  # fmt: skip
    # A contest link exists only where a claim contests another: both ends must be found.
    claim_map = {pred.claims[p].id: gold.claims[g].id for p, g in claim_pairs}
    contesting = [(p, g) for p, g in claims if p.contests is not None or g.contests is not None]
    _link(score, "claim→contested claim", contesting,
          lambda p, g: p.contests is not None and claim_map.get(p.contests) == g.contests,
          sum(c.contests is not None for c in pred.claims), sum(c.contests is not None for c in gold.claims),
          lambda c: f"{c.id} contests {c.contests}")  # fmt: skip
    for flag in ("background", "disputed"):
        _flag_link(score, flag, pred, gold, incident_pairs)


def _flag_link(score: ArticleScore, flag: str, pred: Report, gold: Report, pairs: list[tuple[int, int]]) -> None:
    """A flagged incident is right when aligned with a flagged gold incident."""

    def flagged(incident: Incident) -> bool:
        return bool(getattr(incident, flag))

    both = [(pred.incidents[p], gold.incidents[g]) for p, g in pairs]
    either = [(p, g) for p, g in both if flagged(p) or flagged(g)]
    _link(score, f"incident {flag} flag", either, lambda p, g: flagged(p) and flagged(g),
          sum(map(flagged, pred.incidents)), sum(map(flagged, gold.incidents)),
          lambda i: f"{i.id} {flag} {flagged(i)}")  # fmt: skip


# ---------------------------------------------------------------- strict (the first scorer)


def strict_counts(pred: Report, gold: Report, inc_map: dict[str, str]) -> dict[str, Counts]:
    """Figures and claims matched only inside aligned incidents, as the first scorer did."""

    def figure(p: CasualtyFigure, g: CasualtyFigure) -> float:
        return figure_similarity(p, g) if inc_map.get(p.incident) == g.incident else 0.0

    def claim(p: Claim, g: Claim) -> float:
        same_incident = (p.incident is None and g.incident is None) or (
            p.incident is not None and inc_map.get(p.incident) == g.incident
        )
        return claim_similarity(p, g) if same_incident else 0.0

    figures = align(pred.figures, gold.figures, figure, 0.5)
    claims = align(pred.claims, gold.claims, claim, CLAIM_THRESHOLD)
    return {
        "figures": Counts(len(figures), len(pred.figures) - len(figures), len(gold.figures) - len(figures)),
        "claims": Counts(len(claims), len(pred.claims) - len(claims), len(gold.claims) - len(claims)),
    }
