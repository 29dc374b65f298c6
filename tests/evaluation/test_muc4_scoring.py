"""The MUC-4 scorers: gold against itself gives 100; perturbations lower exactly what they should."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from evals.muc4.data import load_grit, load_gtt
from evals.muc4.scoring import ceaf_ree, gtt_template_score, normalise, strict_match

MUC4 = Path(__file__).resolve().parents[3] / "shared" / "data" / "muc4"
needs_data = pytest.mark.skipif(not MUC4.is_dir(), reason="../shared/data/muc4 is not beside the checkout")


def _imperfect(scores: dict) -> dict[str, tuple[float, float]]:  # type: ignore[type-arg]
    return {k: (t.precision, t.recall) for k, t in scores.items() if k != "micro" and t.f1 < 1 and (t.pred or t.gold)}


def test_normalise_and_strict_match() -> None:
    assert normalise("The  FMLN's urban-commandos.") == "fmlns urbancommandos"
    assert strict_match(["some military"], ["military", "Some military"])
    assert not strict_match(["military suspects from the army"], ["military suspects"])
    assert not strict_match([], ["x"])


@needs_data
def test_grit_gold_against_itself_is_100() -> None:
    gold = load_grit(MUC4 / "grit" / "test.json")
    scores = ceaf_ree(gold, gold)
    assert scores["micro"].f1 == 1.0 and len(gold) == 200
    assert scores["micro"].gold == scores["micro"].pred > 0


@needs_data
def test_grit_perturbations_lower_exactly_their_role() -> None:
    gold = load_grit(MUC4 / "grit" / "test.json")
    pred = copy.deepcopy(gold)
    doc = next(d for d, roles in gold.items() if len(roles["PerpOrg"]) >= 1 and roles["Weapon"])
    pred[doc]["PerpOrg"] = pred[doc]["PerpOrg"][1:]  # miss one organisation
    pred[doc]["Weapon"].append(["slingshot"])  # one false weapon
    pred[doc]["Victim"] = [[e[-1]] for e in pred[doc]["Victim"]]  # another listed alternative: still right
    bad = _imperfect(ceaf_ree(pred, gold))
    assert set(bad) == {"PerpOrg", "Weapon"}
    assert bad["PerpOrg"][0] == 1.0 and bad["PerpOrg"][1] < 1.0
    assert bad["Weapon"][0] < 1.0 and bad["Weapon"][1] == 1.0


@needs_data
def test_gtt_gold_against_itself_is_100() -> None:
    gold = load_gtt(MUC4 / "gtt" / "test.json")
    from evals.muc4.scoring import _dedupe

    pred = {doc: _dedupe(templates) for doc, templates in gold.items()}
    assert gtt_template_score(pred, gold)["micro"].f1 == 1.0


def test_gtt_type_must_be_compatible_and_duplicates_are_credited() -> None:
    gold = {"d": [{"incident_type": "attack / bombing", "PerpOrg": [["fmln"]], "Target": [["bus"]]}]}
    same = {"d": [{"incident_type": "bombing", "PerpOrg": [["FMLN"], ["the fmln"]], "Target": [["bus"]]}]}
    scores = gtt_template_score(same, gold)
    assert scores["micro"].f1 == 1.0  # "bombing" is in "attack / bombing"; both FMLN mentions credited
    wrong = {"d": [{"incident_type": "kidnapping", "PerpOrg": [["fmln"]], "Target": [["bus"]]}]}
    scores = gtt_template_score(wrong, gold)
    assert scores["incident_type"].pred_ok == 0 and scores["PerpOrg"].pred == 1 and scores["PerpOrg"].gold_ok == 0


def test_gtt_picks_the_best_mapping_and_penalises_extra_templates() -> None:
    gold = {"d": [{"incident_type": "attack", "Victim": [["a"]]}, {"incident_type": "kidnapping", "Victim": [["b"]]}]}
    pred = {"d": [{"incident_type": "kidnapping", "Victim": [["b"]]}, {"incident_type": "attack", "Victim": [["a"]]},
                  {"incident_type": "arson", "Victim": []}]}  # fmt: skip
    scores = gtt_template_score(pred, gold)
    assert scores["Victim"].f1 == 1.0
    assert scores["incident_type"].pred == 3 and scores["incident_type"].pred_ok == 2


def test_documents_without_gold_penalise_predictions_only_in_gtt() -> None:
    gold = {"d": []}  # type: ignore[var-annotated]
    pred = {"d": [{"incident_type": "attack", "Weapon": [["bomb"]]}]}
    assert gtt_template_score(pred, gold)["micro"].pred == 2
    assert ceaf_ree({"d": {"Weapon": [["bomb"]]}}, {"d": {}})["micro"].pred == 1
