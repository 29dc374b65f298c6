"""The two MUC-4 scorers, written from their published descriptions (shared/data/muc4/RESULTS.md).

* :func:`ceaf_ree` — document-level role-filler entity extraction as GRIT scores it: per document
  and role, predicted entities are aligned one-to-one to gold entities (Hungarian) with phi-strict
  similarity (1 when every predicted string equals one of the gold entity's alternative strings
  after SQuAD normalisation); P divides matches by predicted entities, R by gold entities; micro
  average pools the five roles.
* :func:`gtt_template_score` — GTT's template-level scorer: per document, every one-to-one mapping
  of predicted to gold templates (or to nothing) is tried and the one with the best micro F1 kept;
  a predicted template maps only to a gold template whose incident type contains its type; a
  mapped pair earns one correct slot for the incident type, and per role a predicted entity is
  correct when it matches any gold entity and a gold entity is found when any prediction matches
  it; unmapped templates count all their fillers and their type as errors.

Entities are lists of alternative strings; a template is ``{"incident_type": str, role: [entity]}``.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsstruct.evaluation import max_weight_matching

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
Entity = Sequence[str]
Template = Mapping[str, object]


def normalise(text: str) -> str:
    """SQuAD-style: lower case, no punctuation, no articles, single spaces."""
    text = text.lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def strict_match(predicted: Entity, gold: Entity) -> bool:
    """phi-strict: every predicted string equals one of the gold entity's strings."""
    alternatives = {normalise(g) for g in gold}
    return bool(predicted) and all(normalise(p) in alternatives for p in predicted)


@dataclass
class Tally:
    """Matched predicted, matched gold, and totals; P = pred_ok / pred, R = gold_ok / gold."""

    pred_ok: float = 0
    gold_ok: float = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.pred_ok / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.gold_ok / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Tally) -> None:
        self.pred_ok += other.pred_ok
        self.gold_ok += other.gold_ok
        self.pred += other.pred
        self.gold += other.gold

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(100 * self.precision, 2), "recall": round(100 * self.recall, 2),
                "f1": round(100 * self.f1, 2), "pred": self.pred, "gold": self.gold}  # fmt: skip


def _entities(value: object) -> list[list[str]]:
    return [list(e) for e in value] if isinstance(value, list) else []


def ceaf_ree(
    predicted: Mapping[str, Mapping[str, Sequence[Entity]]], gold: Mapping[str, Mapping[str, Sequence[Entity]]]
) -> dict[str, Tally]:
    """Per-role tallies plus ``"micro"``, over the documents of ``gold``."""
    tallies = {role: Tally() for role in ROLES}
    for doc, gold_roles in gold.items():
        pred_roles = predicted.get(doc, {})
        for role in ROLES:
            g = [list(e) for e in gold_roles.get(role, [])]
            p = [list(e) for e in pred_roles.get(role, [])]
            weights = [[1.0 if strict_match(pe, ge) else 0.0 for ge in g] for pe in p]
            matched = sum(weights[i][j] for i, j in max_weight_matching(weights)) if p and g else 0.0
            tallies[role].add(Tally(matched, matched, len(p), len(g)))
    micro = Tally()
    for tally in tallies.values():
        micro.add(tally)
    return {**tallies, "micro": micro}


def _pair_tally(pred: Template, gold: Template) -> dict[str, Tally]:
    result = {"incident_type": Tally(1, 1, 1, 1)}
    for role in ROLES:
        p, g = _entities(pred.get(role)), _entities(gold.get(role))
        pred_ok = sum(any(strict_match(pe, ge) for ge in g) for pe in p)
        gold_ok = sum(any(strict_match(pe, ge) for pe in p) for ge in g)
        result[role] = Tally(pred_ok, gold_ok, len(p), len(g))
    return result


def _alone(template: Template, *, predicted: bool) -> dict[str, Tally]:
    result = {"incident_type": Tally(pred=1) if predicted else Tally(gold=1)}
    for role in ROLES:
        n = len(_entities(template.get(role)))
        result[role] = Tally(pred=n) if predicted else Tally(gold=n)
    return result


def _type_compatible(pred: Template, gold: Template) -> bool:
    return str(pred.get("incident_type", "")).strip() in str(gold.get("incident_type", ""))


def _dedupe(templates: Sequence[Template]) -> list[Template]:
    seen, unique = set(), []
    for t in templates:
        key = repr(sorted((k, repr(v)) for k, v in t.items()))
        if key not in seen:
            seen.add(key)
            unique.append(t)
    return unique


def _doc_best(pred: Sequence[Template], gold: Sequence[Template]) -> dict[str, Tally]:
    best: dict[str, Tally] | None = None
    best_f1 = -1.0
    options = [None, *range(len(gold))]
    for mapping in itertools.product(options, repeat=len(pred)):
        used = [m for m in mapping if m is not None]
        if len(used) != len(set(used)):
            continue
        if any(m is not None and not _type_compatible(pred[i], gold[m]) for i, m in enumerate(mapping)):
            continue
        tallies = {slot: Tally() for slot in ("incident_type", *ROLES)}
        for i, m in enumerate(mapping):
            part = _pair_tally(pred[i], gold[m]) if m is not None else _alone(pred[i], predicted=True)
            for slot, t in part.items():
                tallies[slot].add(t)
        for j, g in enumerate(gold):
            if j not in used:
                for slot, t in _alone(g, predicted=False).items():
                    tallies[slot].add(t)
        total = Tally()
        for t in tallies.values():
            total.add(t)
        if total.f1 > best_f1 or best is None:
            best, best_f1 = tallies, total.f1
    assert best is not None
    return best


def gtt_template_score(
    predicted: Mapping[str, Sequence[Template]], gold: Mapping[str, Sequence[Template]]
) -> dict[str, Tally]:
    """Per-slot tallies (incident type and the 5 roles) plus ``"micro"``, over ``gold``'s documents."""
    tallies = {slot: Tally() for slot in ("incident_type", *ROLES)}
    for doc, gold_templates in gold.items():
        for slot, t in _doc_best(list(predicted.get(doc, [])), _dedupe(gold_templates)).items():
            tallies[slot].add(t)
    micro = Tally()
    for tally in tallies.values():
        micro.add(tally)
    return {**tallies, "micro": micro}
