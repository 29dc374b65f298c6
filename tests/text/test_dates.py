from __future__ import annotations

from pathlib import Path

import pytest
from rule_gold import rule_gold

from newsstruct.text import dateline, resolve
from newsstruct.text._dates import Anchor

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
NOV_12_1989 = Anchor(month=11, day=12, year=1989)  # a Sunday


@pytest.mark.parametrize(
    ("head", "anchor"),
    [
        ("SAN SALVADOR, 12 NOV 89 (ACAN-EFE) -- [TEXT] THE ARMY", Anchor(11, 12, 1989)),
        ("TEGUCIGALPA, 7 FEB (REUTER) -- [TEXT] A BOMB", Anchor(2, 7, None)),
        ("NO CITY (EL SALVADOR), 20 OCT 89 -- [SPEECH]", Anchor(10, 20, 1989)),
        ("BAMAKO, Nov 24 (Reuters) - Gunmen killed", Anchor(11, 24, None)),
        ("KYIV, November 24, 2026 / AFP -- Shelling", Anchor(11, 24, 2026)),
        ("French troops said on 19 December that four fighters died", None),
    ],
)
def test_dateline(head: str, anchor: Anchor | None) -> None:
    assert dateline(head) == anchor


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("TODAY", ("1989-11-12", None)),
        ("LAST NIGHT", ("1989-11-11", None)),
        ("YESTERDAY MORNING", ("1989-11-11", None)),
        ("THE DAY BEFORE YESTERDAY", ("1989-11-10", None)),
        ("8 DAYS AGO", ("1989-11-04", None)),
        ("THREE WEEKS AGO", ("1989-10", None)),
        ("TUESDAY NIGHT'S", ("1989-11-07", None)),
        ("ON SUNDAY", ("1989-11-05", None)),  # the dateline's own weekday means the week before
        ("THIS WEEKEND'S", ("1989-11-11", "1989-11-12")),
        ("LAST WEEK", ("1989-10-30", "1989-11-05")),
        ("THIS WEEK", ("1989-11-06", "1989-11-12")),
        ("ON 26 JULY", ("1989-07-26", None)),
        ("ON 30 DECEMBER", ("1988-12-30", None)),  # after the dateline: the year before
        ("LAST 9 AUGUST", ("1989-08-09", None)),
        ("on 9 and 10 November", ("1989-11-09", "1989-11-10")),
        ("BETWEEN 2100 ON 4 NOVEMBER AND 0200 5 NOVEMBER", ("1989-11-04", "1989-11-05")),
        ("November 3, 1988", ("1988-11-03", None)),
        ("IN OCTOBER", ("1989-10", None)),
        ("NOVEMBER 1988", ("1988-11", None)),
        ("IN 1979", ("1979", None)),
        ("3 YEARS LATER", None),
        ("RECENTLY", None),
    ],
)
def test_resolve_against_a_dateline(phrase: str, expected: tuple[str, str | None] | None) -> None:
    assert resolve(phrase, NOV_12_1989) == expected


def test_without_a_year_dates_stay_partial() -> None:
    assert resolve("on 19 and 20 December", None) == ("--12-19", "--12-20")
    assert resolve("in November", None) == ("--11", None)
    assert resolve("TODAY", Anchor(2, 7, None)) == ("--02-07", None)
    assert resolve("yesterday", Anchor(3, 1, None)) == ("--02-29", None)
    assert resolve("on Tuesday", Anchor(2, 7, None)) is None  # a weekday needs the year
    assert resolve("today", None) is None


def test_gold_dates_are_reproduced_from_their_phrases() -> None:
    """The annotators' dates follow from phrase and dateline for all but relative-to-event phrases."""
    misses, total = [], 0
    for record, text in rule_gold():
        for inc in record.target.incidents:
            if inc.date.phrase:
                total += 1
                if (resolve(inc.date.phrase, dateline(text)) or (None, None)) != (inc.date.value, inc.date.end):
                    misses.append(inc.date.phrase)
    # each counted from an earlier event the text dates, not from the dateline
    assert total >= 30 and sorted(misses) == ["3 YEARS LATER", "since then", "three years later"]


def test_a_holiday_and_the_day_after_it_are_their_calendar_days() -> None:
    assert resolve("the day after Christmas", None) == ("--12-26", None)
    assert resolve("on Christmas Eve", None) == ("--12-24", None)
    assert resolve("the day before New Year's Day", None) == ("--12-31", None)
