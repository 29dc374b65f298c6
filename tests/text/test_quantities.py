from __future__ import annotations

from pathlib import Path

import pytest
from rule_gold import rule_gold

from newsstruct.text import Quantity, candidates, interpret

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("four", Quantity(4, 4, False)),
        ("1,200", Quantity(1200, 1200, False)),
        ("twenty-five", Quantity(25, 25, False)),
        ("two hundred", Quantity(200, 200, False)),
        ("ONE-THOUSAND", Quantity(1000, 1000, False)),
        ("a dozen", Quantity(12, 12, False)),
        ("A SOLDIER", Quantity(1, 1, False)),
        ("about 10", Quantity(10, 10, True)),
        ("some 115", Quantity(115, 115, True)),
        ("at least 14", Quantity(14, None, True)),
        ("MORE THAN 30", Quantity(31, None, False)),
        ("over 400", Quantity(401, None, False)),
        ("fewer than 5", Quantity(None, 4, False)),
        ("up to 30", Quantity(None, 30, True)),
        ("between 20 and 30", Quantity(20, 30, False)),
        ("six or seven", Quantity(6, 7, False)),
        ("2 TO 3", Quantity(2, 3, False)),
        ("several", Quantity(None, None, True)),
        ("dozens", Quantity(None, None, True)),
        ("AN UNDETERMINED NUMBER", Quantity(None, None, True)),
        ("NO INJURIES", Quantity(0, 0, False)),
        ("NOBODY WAS INJURED", Quantity(0, 0, False)),
        ("au moins 47", Quantity(47, None, True)),
        ("plus de 50", Quantity(51, None, False)),
        ("une dizaine", Quantity(10, 10, True)),
        ("des dizaines", Quantity(None, None, True)),
        ("deux cents", Quantity(200, 200, False)),
        ("al menos 37", Quantity(37, None, True)),
        ("más de 20", Quantity(21, None, False)),
        ("entre 20 y 30", Quantity(20, 30, False)),
        ("10 o 15", Quantity(10, 15, False)),
        ("treinta y dos", Quantity(32, 32, False)),
        ("unos 80", Quantity(80, 80, True)),
        ("decenas", Quantity(None, None, True)),
        ("1.200", Quantity(1200, 1200, False)),
        # a number of groups: dozens counted exactly, tens and hundreds round
        ("two dozen", Quantity(24, 24, False)),
        ("at least two dozen", Quantity(24, None, True)),
        ("cerca de 2 decenas", Quantity(20, 20, True)),
        ("trois centaines", Quantity(300, 300, True)),
        # more than half of a count told before; an article before digits
        ("most of the 22", Quantity(12, 22, True)),
        ("Over a 100", Quantity(101, None, False)),
    ],
)
def test_interpret_follows_the_annotation_rules(phrase: str, expected: Quantity) -> None:
    assert interpret(phrase) == expected


@pytest.mark.parametrize("phrase", ["fighters", "the army", "", "yesterday"])
def test_non_quantities_are_none(phrase: str) -> None:
    assert interpret(phrase) is None


def test_every_gold_figure_reads_as_annotated() -> None:
    """The reader reproduces every hand-annotated min/max/approximate from its phrase."""
    checked = 0
    for record, _ in rule_gold():
        for fig in record.target.figures:
            assert interpret(fig.phrase) == Quantity(fig.min, fig.max, fig.approximate), (record.id, fig.phrase)
            checked += 1
    assert checked > 50


def test_candidates_skip_dates_years_and_clock_times() -> None:
    text = (
        "SAN SALVADOR, 12 NOV 89 -- BETWEEN 2100 AND 0200 HOURS ON 19 DECEMBER 1989, MORE THAN 30\n"
        "PEOPLE WERE KILLED AND about 10 injured; SEVERAL others and a soldier were missing."
    )
    assert candidates(text) == ["MORE THAN 30", "about 10", "SEVERAL", "others", "a"]


def test_candidates_read_the_articles_own_language() -> None:
    english = "Militants seize the town once again; the UN said 12 people died and several were hurt."
    assert candidates(english) == ["12", "several"]  # not "seize" (16), "once" (11) or "UN" (1)
    french = "Au moins 47 personnes ont été tuées et des dizaines de blessés selon une source sécuritaire."
    assert candidates(french) == ["Au moins 47", "des dizaines", "une"]
    spanish = "Al menos 37 personas murieron y decenas resultaron heridas, según las autoridades."
    assert candidates(spanish) == ["Al menos 37", "decenas"]


def test_candidates_cover_every_gold_phrase() -> None:
    """Each gold phrase begins with a candidate of its article, so the enum admits it."""
    for record, text in rule_gold():
        found = [c.casefold() for c in candidates(text)]
        for fig in record.target.figures:
            phrase = fig.phrase.casefold()
            assert any(phrase.startswith(c) or c.endswith(phrase) for c in found), (record.id, fig.phrase)
