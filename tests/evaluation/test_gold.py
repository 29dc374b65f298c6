"""Every gold seed is a valid report whose evidence and verbatim phrases are in its article."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsstruct.evaluation import load_gold
from newsstruct.evaluation._gold import check_record, load_record

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
GOLD_FILES = sorted(SEEDS.glob("*.gold.json"))


@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_record_is_grounded_in_its_article(path: Path) -> None:
    record, text = load_record(path)
    assert record.id == path.name.removesuffix(".gold.json")
    assert check_record(record, text) == []
    for item in [*record.target.incidents, *record.target.figures, *record.target.claims]:
        for ev in item.evidence:
            assert text[ev.start : ev.end] == ev.text


def test_seed_article_gold_matches_the_worked_example() -> None:
    record, _ = load_record(SEEDS / "000_13ddadb092460672.gold.json")
    target = record.target
    reported = [i for i in target.incidents if not i.background]
    assert {i.type.value for i in reported} == {"raid_or_operation", "friendly_fire"}
    assert all("paratrooper" not in i.summary.lower() for i in target.incidents)
    friendly = next(i for i in reported if i.type.value == "friendly_fire")
    assert friendly.disputed
    killed = [f for f in target.figures if f.incident == friendly.id and "killed" in [o.value for o in f.outcomes]]
    assert sorted(f.min for f in killed if f.min is not None) == [4, 4]
    denial = next(c for c in target.claims if c.kind.value == "denial")
    assert denial.speaker.anonymous and denial.contests is not None


def test_splits_are_dev_or_test() -> None:
    records = load_gold(SEEDS)
    assert records and {r.metadata.split for r, _ in records} <= {"dev", "test"}
