"""The ACLED- and UCDP-style views, on hand-made reports and on the seed article's gold."""

from __future__ import annotations

import json
from typing import Any

import pytest
from paths import SEED

import newsstruct
from newsstruct.errors import EmptyTextError
from newsstruct.outputs import acled_view, ucdp_view
from newsstruct.outputs._tolls import deaths, same_people, vague_floor
from newsstruct.scale import Result
from newsstruct.schema import CasualtyFigure, Claim, Evidence, Incident, Report, Speaker

GOLD = json.loads(SEED.with_name(SEED.name.replace(".txt", ".gold.json")).read_text(encoding="utf-8"))


def _ev() -> list[Evidence]:
    return [Evidence(text="x", start=0, end=1)]


def _incident(incident_id: str = "I1", **fields: Any) -> Incident:
    return Incident(id=incident_id, type="attack", summary="an attack", evidence=_ev(), **fields)


def _figure(
    figure_id: str,
    low: int | None,
    high: int | None,
    phrase: str,
    source: str | None,
    *,
    incident: str = "I1",
    outcomes: tuple[str, ...] = ("killed",),
    group: str = "people",
) -> CasualtyFigure:
    return CasualtyFigure(
        id=figure_id, incident=incident, group=group, outcomes=list(outcomes), min=low, max=high,
        approximate=low is None or low != high, phrase=phrase, source=source, evidence=_ev(),
    )  # fmt: skip


def _report(
    *figures: CasualtyFigure, incidents: list[Incident] | None = None, claims: list[Claim] | None = None
) -> Report:
    return Report(incidents=incidents or [_incident()], figures=list(figures), claims=claims or [])


def _range(report: Report) -> tuple[int, int, int]:
    row = ucdp_view(report)[0]
    return row.deaths_low, row.deaths_best, row.deaths_high


# -- the rule, case by case ----------------------------------------------------------------------


def test_disagreeing_sources_give_the_smallest_the_middle_and_the_largest() -> None:
    report = _report(
        _figure("F1", 10, 10, "10", "the army"),
        _figure("F2", 25, 25, "25", "rebel spokesman"),
        _figure("F3", 12, None, "at least 12", None),
    )
    assert _range(report) == (10, 12, 25)
    acled = acled_view(report)[0]
    assert acled.fatalities == 10 and acled.fatalities_figure == "F1"
    for figure_id, source in (("F1", "per the army"), ("F2", "per rebel spokesman"), ("F3", "per the article")):
        assert f"{figure_id}: " in acled.notes and source in acled.notes


def test_an_even_number_of_sources_takes_the_lower_middle_for_best() -> None:
    report = _report(_figure("F1", 4, 4, "four", "police"), _figure("F2", 9, 9, "nine", "hospital"))
    assert _range(report) == (4, 4, 9)


def test_an_open_bound_counts_the_number_it_states_and_invents_no_higher_one() -> None:
    assert _range(_report(_figure("F1", 51, None, "more than 50", "officials"))) == (51, 51, 51)


def test_a_range_counts_its_lower_end_and_raises_high_to_its_upper_end() -> None:
    report = _report(_figure("F1", 20, 30, "between 20 and 30", "UN"), _figure("F2", 25, 25, "25", "police"))
    assert _range(report) == (20, 20, 30)


def test_an_upper_only_bound_counts_its_bound() -> None:
    assert _range(_report(_figure("F1", None, 20, "up to 20", "medics"))) == (20, 20, 20)


def test_vague_phrases_count_their_floor_only_when_no_source_gives_a_number() -> None:
    vague_only = _report(_figure("F1", None, None, "dozens", "witnesses"), _figure("F2", None, None, "several", None))
    assert _range(vague_only) == (2, 2, 12) and acled_view(vague_only)[0].fatalities == 2
    with_number = _report(_figure("F1", 4, 4, "four", "police"), _figure("F2", None, None, "several", "residents"))
    assert _range(with_number) == (4, 4, 4)
    dozens_vs_four = _report(_figure("F1", 4, 4, "four", "police"), _figure("F2", None, None, "dozens", "residents"))
    assert _range(dozens_vs_four) == (4, 4, 12) and acled_view(dozens_vs_four)[0].fatalities == 4


@pytest.mark.parametrize(
    ("phrase", "floor"),
    [("tens", 10), ("dozens", 12), ("Hundreds", 100), ("thousands", 1000), ("several", 2), ("a few", 2),
     ("an undetermined number", 1), ("an unknown number", 1), ("others", 2), ("tens of thousands", 10_000),
     ("hundreds of thousands", 100_000), ("Tens of  thousands of people", 10_000), ("hundreds of millions", 10**8),
     ("millions", 1_000_000), ("several dozen", 12), ("a few dozen", 12), ("several hundred", 100),
     ("many thousands", 1000), ("dozens of people", 12)],
)  # fmt: skip
def test_vague_floors(phrase: str, floor: int) -> None:
    assert vague_floor(phrase) == floor


def test_a_zero_for_another_group_is_not_a_sources_toll() -> None:
    report = _report(
        _figure("F1", 0, 0, "no", "defence ministry", group="French soldiers"),
        _figure("F2", 4, 4, "four", "Mohamed Ould Mataly", group="fighters"),
    )
    assert _range(report) == (4, 4, 4)
    acled = acled_view(report)[0]
    assert acled.fatalities == 4 and acled.fatalities_figure == "F2"
    assert "F1: no (0) French soldiers killed, per defence ministry" in acled.notes  # still listed
    row = ucdp_view(report)[0]
    assert row.sources == 1 and "F1's 0 is about other people (French soldiers), not counted" in row.basis


def test_a_zero_for_the_same_group_still_disputes() -> None:
    report = _report(
        _figure("F1", 0, 0, "no", "the army", group="civilians"),
        _figure("F2", 12, 12, "12", "residents", group="civilians in the village"),
    )
    assert _range(report) == (0, 0, 12) and acled_view(report)[0].fatalities_figure == "F1"
    nobody = _report(
        _figure("F1", 0, 0, "no one", "the army", group="no one"),
        _figure("F2", 4, 4, "four", "rebels", group="fighters"),
    )
    assert _range(nobody) == (0, 0, 4) and ucdp_view(nobody)[0].sources == 2  # "no one" is everyone
    singular = _report(
        _figure("F1", 0, 0, "no", "ministry", group="French soldier"),
        _figure("F2", 1, 1, "one", "rebels", group="soldiers"),
    )
    assert _range(singular) == (0, 0, 1)


def test_a_zero_beside_another_group_and_the_same_group_is_left_out() -> None:
    report = _report(
        _figure("F1", 0, 0, "no", "the army", group="civilians"),
        _figure("F2", 12, 12, "12", "residents", group="civilians"),
        _figure("F3", 3, 3, "three", "rebels", group="soldiers"),
    )
    assert _range(report) == (3, 3, 12)  # the soldiers' deaths are not erased by a zero about civilians


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("French soldiers", "fighters", False), ("soldiers", "a soldier", True), ("people", "fighters", True),
     ("no one", "militiamen", True), ("Platform fighters", "fighters of the militia", True),
     ("casualties", "soldiers", True), ("civilians", "children", False)],
)  # fmt: skip
def test_groups_are_the_same_people_when_they_share_a_word_or_one_is_unspecific(a: str, b: str, same: bool) -> None:
    assert same_people(a, b) is same


def test_a_figure_mixing_deaths_with_another_outcome_only_raises_high() -> None:
    mixed = _report(_figure("F1", 10, 10, "about 10", "ministry", outcomes=("killed", "captured")))
    assert _range(mixed) == (0, 0, 10) and acled_view(mixed)[0].fatalities == 0
    assert "no figure counts deaths alone" in ucdp_view(mixed)[0].basis
    beside = _report(
        _figure("F1", 3, 3, "three", "police"), _figure("F2", 8, 8, "eight", "medics", outcomes=("killed", "injured"))
    )
    assert _range(beside) == (3, 3, 8)


def test_one_sources_figures_are_not_added_and_its_largest_is_its_toll() -> None:
    report = _report(_figure("F1", 10, 10, "ten", "police"), _figure("F2", 4, 4, "four", "Police"))
    assert _range(report) == (10, 10, 10) and ucdp_view(report)[0].sources == 1


def test_injuries_are_listed_but_not_counted_and_no_figure_means_zero() -> None:
    report = _report(_figure("F1", 7, 7, "seven", "police", outcomes=("injured",)))
    assert _range(report) == (0, 0, 0)
    assert "F1: seven (7) people injured, per police" in acled_view(report)[0].notes
    assert _range(_report()) == (0, 0, 0) and deaths([]).basis == "no death figure"


def test_background_incidents_are_left_out_unless_asked_for() -> None:
    report = _report(
        _figure("F1", 19, 19, "19", None, incident="I2"),
        incidents=[_incident("I1"), _incident("I2", background=True)],
    )
    assert [r.incident_id for r in acled_view(report)] == ["I1"]
    assert [r.incident_id for r in ucdp_view(report)] == ["I1"]
    every = ucdp_view(report, include_background=True)
    assert [(r.incident_id, r.background, r.deaths_best) for r in every] == [("I1", False, 0), ("I2", True, 19)]


def test_a_contested_claim_is_noted_as_a_dispute() -> None:
    claims = [
        Claim(id="C1", speaker=Speaker(name="rebels"), kind="accusation", incident="I1", content="x", evidence=_ev()),
        Claim(id="C2", speaker=Speaker(name="the army"), kind="denial", incident="I1", content="y", contests="C1",
              evidence=_ev()),
    ]  # fmt: skip
    row = acled_view(_report(_figure("F1", 2, 2, "two", "rebels"), claims=claims))[0]
    assert "disputed: the army (denial, C2) contests C1" in row.notes


# -- inputs: a report, a list, a mapping, parse_many results ------------------------------------


def test_views_take_a_list_a_mapping_or_parse_many_results() -> None:
    one, two = _report(_figure("F1", 1, 1, "one", None)), _report(_figure("F1", 2, 2, "two", None))
    assert [r.article_id for r in acled_view(one)] == [None]
    assert [(r.article_id, r.fatalities) for r in acled_view([one, two])] == [("0", 1), ("1", 2)]
    assert [(r.article_id, r.deaths_best) for r in ucdp_view({"a": one, "b": two})] == [("a", 1), ("b", 2)]
    results = [Result("x", report=two), Result("y", error=EmptyTextError("empty"))]
    assert [(r.article_id, r.fatalities) for r in newsstruct.acled_view(results)] == [("x", 2)]
    with pytest.raises(TypeError, match="expected a Report"):
        acled_view([{"not": "a report"}])


# -- the seed article's gold -----------------------------------------------------------------------


def test_seed_gold_friendly_fire_has_four_fatalities_and_every_figure_in_notes() -> None:
    report = Report.model_validate(GOLD["target"])
    rows = {r.incident_id: r for r in acled_view(report)}
    assert set(rows) == {i.id for i in report.incidents if not i.background}
    friendly = next(i for i in report.incidents if i.type.value == "friendly_fire")
    row = rows[friendly.id]
    assert row.fatalities == 4 and row.disputed
    for figure in (f for f in report.figures if f.incident == friendly.id):
        assert f"{figure.id}: " in row.notes and (figure.source or "the article") in row.notes
    assert "denial" in row.notes  # the military source's denial contests the accusation
    ucdp = {r.incident_id: r for r in ucdp_view(report, include_background=True)}
    assert (ucdp[friendly.id].deaths_low, ucdp[friendly.id].deaths_best, ucdp[friendly.id].deaths_high) == (4, 4, 4)
    raid = next(i for i in report.incidents if i.type.value == "raid_or_operation" and not i.background)
    assert rows[raid.id].fatalities == 0 and ucdp[raid.id].deaths_high == 10  # "about 10 killed or captured"
    hotel = next(f for f in report.figures if f.phrase == "19")
    assert ucdp[hotel.incident].background and ucdp[hotel.incident].deaths_best == 19
