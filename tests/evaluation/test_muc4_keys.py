from __future__ import annotations

from pathlib import Path

import pytest

from evals.muc4.keys import human_effects, load_keys, parse_keys, perpetrator_confidence

KEY = """0.  MESSAGE: ID                    TST3-MUC4-0002
1.  MESSAGE: TEMPLATE              1
4.  INCIDENT: TYPE                 ATTACK
10. PERP: ORGANIZATION ID          "ARMED FORCES"
11. PERP: ORGANIZATION CONFIDENCE  SUSPECTED OR ACCUSED BY AUTHORITIES: "ARMED FORCES"
19. HUM TGT: DESCRIPTION           "JESUITS"
                                   "MAIDS"
21. HUM TGT: NUMBER                6: "JESUITS"
                                   PLURAL: "MAIDS" / "WOMEN"
23. HUM TGT: EFFECT OF INCIDENT    DEATH: "JESUITS"
                                   ? INJURY: "WOMEN"
24. HUM TGT: TOTAL NUMBER          -

0.  MESSAGE: ID                    TST3-MUC4-0003
1.  MESSAGE: TEMPLATE              *
4.  INCIDENT: TYPE                 *
"""


def test_slots_continuations_and_empty_markers() -> None:
    first, second = parse_keys(KEY)
    assert first.message_id == "TST3-MUC4-0002" and first.relevant
    assert first.slots["HUM TGT: DESCRIPTION"] == ['"JESUITS"', '"MAIDS"']
    assert "HUM TGT: TOTAL NUMBER" not in first.slots
    assert not second.relevant


def test_effects_carry_numbers_and_confidence_is_read() -> None:
    template = parse_keys(KEY)[0]
    effects = human_effects(template)
    assert [(e.effect, e.target, e.number) for e in effects] == [("DEATH", ["JESUITS"], 6), ("INJURY", ["WOMEN"], None)]
    (conf,) = perpetrator_confidence(template)
    assert conf.confidence == "SUSPECTED OR ACCUSED BY AUTHORITIES" and conf.organisation == ["ARMED FORCES"]


CORPORA = Path(__file__).resolve().parents[3] / "shared/data/muc4/raw_muc34/TASK/CORPORA"


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/data/muc4 is not beside the checkout")
def test_real_test_keys_hold_deaths_injuries_and_claims() -> None:
    templates = load_keys(CORPORA / "tst3" / "key-tst3.v2") + load_keys(CORPORA / "tst4" / "key-tst4.v2")
    assert len({t.message_id for t in templates}) == 200
    effects = [e.effect for t in templates for e in human_effects(t)]
    assert effects.count("DEATH") > 100 and effects.count("INJURY") > 50
    claimed = [c for t in templates for c in perpetrator_confidence(t) if c.confidence == "CLAIMED OR ADMITTED"]
    assert len(claimed) >= 14
