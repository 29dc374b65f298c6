"""The gold records the text rules (dates, quantities, outcomes, cues) are checked against.

Rules and lexicons are written from the dev split only; the test split stays unseen, so a test
that asserts a rule reproduces gold reads the dev split. The ten MUC-4 test seeds are the
exception: the lexicons were written while reading them before the modern gold existed
(ANNOTATION.md), and their checks stay as regression guards.
"""

from __future__ import annotations

from pathlib import Path

from newsstruct.evaluation import load_gold
from newsstruct.evaluation._gold import GoldRecord

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def rule_gold() -> list[tuple[GoldRecord, str]]:
    return [(r, t) for r, t in load_gold(SEEDS) if r.metadata.split == "dev" or r.id.startswith("muc_")]
