"""Scorers on hand-made prediction/gold pairs: perfect is 1.0, each error lowers its own field."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsstruct.evaluation import score_report
from newsstruct.evaluation._gold import load_record
from newsstruct.evaluation._scoring import ArticleScore, word_f1
from newsstruct.schema import ClaimKind, IncidentType, Report

SEED_GOLD = Path(__file__).resolve().parents[2] / "seeds" / "000_13ddadb092460672.gold.json"


@pytest.fixture
def gold() -> Report:
    return load_record(SEED_GOLD)[0].target


def _imperfect(score: ArticleScore) -> set[str]:
    names = {f"section {k}" for k, c in score.sections.items() if c.f1 < 1}
    names |= {f"link {k}" for k, c in score.links.items() if c.f1 < 1}
    names |= {f"strict {k}" for k, c in score.strict.items() if c.f1 < 1}
    return names | {k for k, c in score.fields.items() if c.f1 < 1}


def test_perfect_prediction_scores_one_everywhere(gold: Report) -> None:
    score = score_report("seed", gold.model_copy(deep=True), gold)
    assert _imperfect(score) == set() and score.explanations == []
    assert {k: c.tp for k, c in score.sections.items()} == {"incidents": 4, "figures": 6, "claims": 7}


def test_wrong_type_lowers_only_incident_type(gold: Report) -> None:
    pred = gold.model_copy(deep=True)
    pred.incidents[1].type = IncidentType.AIRSTRIKE_OR_SHELLING
    score = score_report("seed", pred, gold)
    assert _imperfect(score) == {"incident.type"}
    assert any("type differs: airstrike_or_shelling vs gold friendly_fire" in e for e in score.explanations)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda r: setattr(r.incidents[0].date, "end", None), "incident.date"),
        (lambda r: setattr(r.incidents[1], "disputed", False), "link incident disputed flag"),
        (lambda r: setattr(r.incidents[3], "background", False), "link incident background flag"),
        (lambda r: setattr(r.figures[0], "approximate", False), "figure.approximate"),
        (lambda r: setattr(r.figures[1], "source", "the French army"), "link figure→source"),
        (lambda r: setattr(r.figures[1], "incident", "I1"), "link figure→incident|strict figures"),
        (lambda r: setattr(r.claims[3], "incident", "I2"), "link claim→incident|strict claims"),
        (lambda r: setattr(r.claims[2], "contests", None), "link claim→contested claim"),
        (lambda r: setattr(r.claims[2], "contests", "C2"), "link claim→contested claim"),
        (lambda r: setattr(r.claims[2].speaker, "anonymous", False), "claim.anonymous"),
    ],
)
def test_each_error_lowers_exactly_its_field(gold: Report, change, field: str) -> None:  # type: ignore[no-untyped-def]
    pred = gold.model_copy(deep=True)
    change(pred)
    assert _imperfect(score_report("seed", pred, gold)) == set(field.split("|"))


def test_wrong_kind_loses_the_claim_and_its_contest_link_but_not_the_strict_match(gold: Report) -> None:
    pred = gold.model_copy(deep=True)
    pred.claims[2].kind = ClaimKind.STATEMENT  # the denial read as a statement
    score = score_report("seed", pred, gold)
    claims = score.sections["claims"]
    assert (claims.tp, claims.fp, claims.fn) == (6, 1, 1)
    assert score.links["claim→contested claim"].tp == 0
    assert score.strict["claims"].f1 == 1.0  # the first scorer matched on content as well


def test_claims_and_figures_are_found_without_their_incident(gold: Report) -> None:
    """A missed incident no longer takes its figures and claims: they score on their own, only
    their incident link is wrong (the strict rows keep the first scorer's view)."""
    pred = gold.model_copy(deep=True)
    pred.incidents = [i for i in pred.incidents if i.id != "I2"]
    score = score_report("seed", pred, gold)
    assert score.sections["figures"].f1 == score.sections["claims"].f1 == 1.0
    assert score.links["figure→incident"].tp == 2  # F1 and F6 keep their incidents; 4 on I2 lose it
    assert score.links["claim→incident"].tp == 2
    assert score.strict["figures"].tp == 2 and score.strict["claims"].tp == 2


def test_wrong_number_is_a_missed_and_a_false_figure(gold: Report) -> None:
    pred = gold.model_copy(deep=True)
    pred.figures[5].min = pred.figures[5].max = 25  # 19 killed in the hotel attack
    score = score_report("seed", pred, gold)
    figures = score.sections["figures"]
    assert (figures.tp, figures.fp, figures.fn) == (5, 1, 1)
    assert score.sections["incidents"].f1 == score.sections["claims"].f1 == 1.0


def test_number_tolerance_is_ten_percent_from_ten_up(gold: Report) -> None:
    pred = gold.model_copy(deep=True)
    pred.figures[5].min = pred.figures[5].max = 20  # 19 -> 20 is within 10 %
    assert score_report("seed", pred, gold).sections["figures"].tp == 6
    pred.figures[1].min = pred.figures[1].max = 5  # four -> 5 is not (exact below 10)
    assert score_report("seed", pred, gold).sections["figures"].tp == 5


def test_speaker_alias_matches(gold: Report) -> None:
    pred = gold.model_copy(deep=True)
    pred.claims[1].speaker.name = "Mataly"
    assert _imperfect(score_report("seed", pred, gold)) == set()


def test_missing_incident_with_its_figures_and_claims(gold: Report) -> None:
    pred = gold.model_copy(deep=True)
    pred.incidents = [i for i in pred.incidents if i.id != "I4"]
    pred.figures = [f for f in pred.figures if f.incident != "I4"]
    pred.claims = [c for c in pred.claims if c.incident != "I4"]
    score = score_report("seed", pred, gold)
    assert (score.sections["incidents"].fn, score.sections["figures"].fn, score.sections["claims"].fn) == (1, 1, 1)
    assert score.sections["incidents"].precision == 1.0
    assert any(e.startswith("missed incident I4") for e in score.explanations)


def test_parse_failure_is_a_scored_miss(gold: Report) -> None:
    score = score_report("seed", None, gold, error="ExtractionError: no valid incidents")
    assert all(c.tp == 0 and c.fp == 0 for c in score.sections.values())
    assert score.sections["incidents"].recall == 0.0
    assert score.explanations[0].startswith("no prediction: ExtractionError")


def test_empty_gold_and_empty_prediction_is_perfect() -> None:
    score = score_report("none", Report(), Report())
    assert all(c.f1 == 1.0 for c in score.sections.values())


def test_word_f1() -> None:
    assert word_f1("The army killed four fighters", "four fighters killed by the army") == 1.0
    assert word_f1("", "x") == 0.0
