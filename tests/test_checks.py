"""Grounding and semantic checks end to end: each kind of ungrounded or inconsistent value is caught
with a message the model can act on, repaired when the model fixes it, and dropped with a
warning (or raised in strict mode) when it does not. Hand-made model answers on a fake LLM."""

from __future__ import annotations

from typing import Any

import pytest
from drafts import answers, script, seed_draft
from fake_llm import FakeLLM

import newsstruct
from newsstruct import GroundingError


def _parse(fake: FakeLLM, text: str, **options: Any) -> newsstruct.Report:
    return newsstruct.parse(text, client=fake.client(), model="fake-model", **options)


def _feedback(fake: FakeLLM, request: int) -> str:
    return str(fake.requests[request]["messages"][-1]["content"])


# -- figures ---------------------------------------------------------------------------------


def test_figure_citing_a_sentence_without_its_phrase_is_told_where_the_phrase_is(seed_text: str) -> None:
    wrong = seed_draft()
    wrong["figures"][1]["sentence"] = 5  # the raid's sentence: "four" is stated in sentences 4, 7 and 8
    fake = FakeLLM([answers(), answers(wrong), answers(), answers()])
    report = _parse(fake, seed_text)
    assert "phrase 'four' is not in sentence 5; it is in sentences 4, 7, 8" in _feedback(fake, 2)
    four = next(f for f in report.figures if f.phrase == "four")
    assert "four of our fighters" in four.evidence[0].text
    assert report.warnings == [] and report.grounding.repaired == 1 and report.grounding.dropped == 0


def test_figure_citing_the_wrong_sentence_is_re_cited_to_the_only_one_holding_its_phrase_without_asking(
    seed_text: str,
) -> None:
    wrong = seed_draft()
    wrong["figures"][0]["sentence"] = 5  # "about 10" is only in sentence 6
    fake = FakeLLM([answers(), answers(wrong), answers()])  # no re-ask: nothing is lost by re-citing
    report = _parse(fake, seed_text, retries=1)
    about = next(f for f in report.figures if f.phrase == "about 10")
    assert about.evidence[0].text.startswith("The defence ministry said about 10 extremists")
    phrase = next(m for m in about.mentions if m.field == "phrase")
    assert seed_text[phrase.start : phrase.end] == "about 10" and about.evidence[0].start <= phrase.start
    assert [w.code for w in report.warnings] == ["adjusted"] and len(fake.requests) == 3
    assert "re-cited from sentence 5 to 6" in report.warnings[0].message
    assert report.grounding.dropped == 0


def test_background_incident_figure_in_a_reported_incidents_sentence_goes_back_then_is_dropped() -> None:
    text = (
        "Gunmen killed four soldiers in Gao on Sunday, the army said. "
        "In 2012, a similar attack in Gao killed dozens of people."
    )
    draft = _two_incidents()
    draft["figures"] = [_figure("I2", 1, "four", "soldiers")]  # the reported attack's figure, on the background one
    fake = FakeLLM([answers(draft), answers(draft), answers(draft), answers(draft)])
    report = _parse(fake, text, retries=1)
    assert "sentence 1 reports I1, not the background incident I2: attach the figure to I1" in _feedback(fake, 2)
    assert report.figures == []
    assert any(w.code == "dropped" and "background incident I2" in w.message for w in report.warnings)
    assert report.grounding.dropped == 1


def test_repairs_are_counted_from_the_first_answer_that_reached_the_checks(seed_text: str) -> None:
    wrong = seed_draft()
    wrong["figures"][1]["sentence"] = 5
    fake = FakeLLM([answers(), "not json", answers(wrong), answers(), answers()])
    report = _parse(fake, seed_text)
    assert report.attempts == 5 and report.grounding.repaired == 1 and report.warnings == []


# -- claims ----------------------------------------------------------------------------------


def test_contested_claim_about_another_incident_is_fed_back_and_repaired(seed_text: str) -> None:
    wrong = seed_draft()
    wrong["claims"][1]["incident"] = "I1"  # the denial contests C1, which is about I2
    fake = FakeLLM([answers(), answers(), answers(wrong), answers()])
    report = _parse(fake, seed_text)
    assert "C2 is about I1 but C1 is about I2: a claim can only contest a claim about the same incident" in (
        _feedback(fake, 3)
    )
    assert report.claims[1].contests == "C1" and report.claims[1].incident == "I2"
    assert report.grounding.repaired == 1


def test_contested_claim_still_inconsistent_loses_only_the_link(seed_text: str) -> None:
    wrong = seed_draft()
    wrong["claims"][1]["incident"] = "I1"
    fake = FakeLLM([answers(), answers(), answers(wrong), answers(wrong)])
    report = _parse(fake, seed_text, retries=1)
    assert len(report.claims) == 2 and report.claims[1].contests is None
    assert [w.code for w in report.warnings] == ["retries_exhausted", "dropped"]
    assert report.warnings[1].item == "claim C2.contests"


def test_speaker_organisation_not_in_the_article_is_fed_back_then_dropped(seed_text: str) -> None:
    invented = seed_draft()
    invented["claims"][0]["speaker_organisation"] = "National Liberation Army"
    fake = FakeLLM([answers(), answers(), answers(invented), answers(invented)])
    report = _parse(fake, seed_text, retries=1)
    assert "organisation 'National Liberation Army' is not in the article" in _feedback(fake, 3)
    assert report.claims[0].speaker.organisation is None and report.claims[0].speaker.name == "Mohamed Ould Mataly"
    assert report.grounding.dropped == 1


def test_quote_and_channel_are_read_from_the_cited_sentence_not_asked_of_the_model(seed_text: str) -> None:
    fake = FakeLLM(script())
    report = _parse(fake, seed_text)
    claim = report.claims[0]  # cites sentence 8, where a three-sentence quotation opens
    assert claim.quote == "This weekend, near Meneka, the French army killed four of our fighters"
    quote = next(m for m in claim.mentions if m.field == "quote")
    assert quote.match == "exact" and seed_text[quote.start : quote.end] == claim.quote
    assert report.claims[1].quote is None  # the military source is not quoted
    fmt = fake.requests[2]["response_format"]
    asked = (fmt["json_schema"]["schema"] if fmt["type"] == "json_schema" else fmt["schema"])["$defs"]
    claim_fields = next(d["properties"] for name, d in asked.items() if name.startswith("DraftClaim"))
    assert "quote" not in claim_fields and "channel" not in claim_fields
    assert report.verify_offsets(seed_text) == []


# -- strict mode -----------------------------------------------------------------------------


def test_strict_mode_raises_instead_of_dropping(seed_text: str) -> None:
    invented = seed_draft()
    invented["incidents"][0]["places"] = ["Las Achupallas"]
    fake = FakeLLM([answers(invented), answers(invented), answers(), answers()])
    with pytest.raises(GroundingError) as caught:
        _parse(fake, seed_text, retries=1, strict=True)
    err = caught.value
    assert err.dropped == [("incidents[0] (I1)", "place 'Las Achupallas' is not in the article: use the "
                            "article's own words or leave it out")]  # fmt: skip
    assert err.attempts == 4 and "Las Achupallas" in str(err)
    assert err.details()["dropped"][0]["item"] == "incidents[0] (I1)"


def test_strict_mode_passes_a_clean_report_and_ignores_mere_duplicates(seed_text: str) -> None:
    doubled = seed_draft()
    doubled["figures"].append(dict(doubled["figures"][0]))
    report = _parse(FakeLLM(script(doubled)), seed_text, strict=True)
    assert len(report.figures) == 2 and [w.code for w in report.warnings] == ["duplicate"]


# -- the right occurrence, non-ASCII text ----------------------------------------------------

REPEATED = (
    "Gunmen killed four soldiers in Gao on Sunday, the army said.\n\n"
    "The army sent reinforcements to the region.\n\n"
    "Gunmen killed four soldiers in Gao on Sunday, the army said."
)


def test_values_of_an_item_citing_a_repeated_sentence_point_into_that_sentence() -> None:
    draft = _two_incidents()
    draft["incidents"] = [{**draft["incidents"][0], "sentence": 3}]
    draft["figures"] = [_figure("I1", 3, "four", "soldiers")]
    report = _parse(FakeLLM(script(draft)), REPEATED)
    second = REPEATED.rindex("Gunmen")
    (incident,) = report.incidents
    (figure,) = report.figures
    assert incident.evidence[0].start == second and figure.evidence[0].start == second
    assert all(m.start >= second for m in [*incident.mentions, *figure.mentions])
    assert {m.field for m in incident.mentions} >= {"location.places[0]", "perpetrators[0].name", "date.phrase"}
    assert report.verify_offsets(REPEATED) == []


ACCENTED = "BOGOTÁ, 3 mars (AFP) \u2014 Selon l\u2019armée, \u00ab\u00a0quatre guérilleros\u00a0\u00bb ont été tués à Medellín."  # noqa: E501


def test_non_ascii_values_ground_with_offsets_into_the_original_text() -> None:
    draft = _two_incidents()
    incident = {**draft["incidents"][0], "places": ["Medellin", "BOGOTA"], "date_phrase": None,
                "perpetrators": [], "targets": [{"name": "guerrilleros", "kind": "rebel_or_militia",
                                                 "organisation": None}]}  # fmt: skip
    draft["incidents"] = [incident]
    draft["figures"] = []
    draft["claims"] = [_claim("C1", 1, "l'armee")]
    report = _parse(FakeLLM(script(draft)), ACCENTED)
    (inc,) = report.incidents
    assert inc.location.places == ["Medellín", "BOGOTÁ"]
    places = [m for m in inc.mentions if m.field.startswith("location")]
    found = [(ACCENTED[m.start : m.end], m.match) for m in places]
    assert found == [("Medellín", "normalized"), ("BOGOTÁ", "normalized")]
    target = next(m for m in inc.mentions if m.field == "targets[0].name")
    assert ACCENTED[target.start : target.end] == "guérilleros" and target.match == "fuzzy"  # the model wrote "rr"
    claim = report.claims[0]  # the quotation between « and », without the no-break spaces inside
    assert claim.quote == "quatre guérilleros"
    assert report.verify_offsets(ACCENTED) == []


# -- helpers ---------------------------------------------------------------------------------


def _two_incidents() -> dict[str, Any]:
    """A reported attack (sentence 1) and a background one (sentence 2), no figures or claims."""
    base = {
        "summary": "Gunmen killed soldiers.", "date_phrase": "on Sunday", "date": None, "date_end": None,
        "places": ["Gao"], "country": None, "physical_targets": [], "weapons": [], "disputed": False,
        "perpetrators": [{"name": "Gunmen", "kind": "unknown", "organisation": None}],
        "targets": [{"name": "soldiers", "kind": "state_forces", "organisation": None}],
    }  # fmt: skip
    return {
        "summary": "Gunmen killed soldiers in Gao.",
        "incidents": [
            {**base, "id": "I1", "sentence": 1, "type": "attack", "background": False},
            {
                **base,
                "id": "I2",
                "sentence": 2,
                "type": "attack",
                "background": True,
                "targets": [],
                "date_phrase": "In 2012",
            },
        ],
        "figures": [],
        "claims": [],
    }


def _figure(incident: str, sentence: int, phrase: str, group: str) -> dict[str, Any]:
    return {"incident": incident, "sentence": sentence, "group": group, "outcomes": ["killed"], "phrase": phrase,
            "source": None}  # fmt: skip


def _claim(claim_id: str, sentence: int, speaker: str) -> dict[str, Any]:
    return {"id": claim_id, "sentence": sentence, "speaker": speaker, "speaker_role": None,
            "speaker_organisation": None, "anonymous": False, "kind": "casualty_report",
            "incident": "I1", "content": "Quatre guérilleros tués.", "contests": None}  # fmt: skip


def test_empty_incident_list_for_an_article_writing_of_violence_is_asked_about_once(seed_text: str) -> None:
    empty = seed_draft(incidents=[], figures=[], claims=[])
    fake = FakeLLM([answers(empty), answers(), answers(), answers()])
    report = _parse(fake, seed_text)
    assert "the list is empty but sentence 1 says 'killed'" in _feedback(fake, 1)
    assert len(report.incidents) == 2 and report.warnings == []


def test_empty_incident_list_given_twice_is_accepted(seed_text: str) -> None:
    empty = seed_draft(incidents=[], figures=[], claims=[])
    fake = FakeLLM([answers(empty), answers(empty), answers(empty)])
    report = _parse(fake, seed_text, retries=2)
    assert report.incidents == [] and len(fake.requests) == 3  # incidents twice, then claims
    assert [w.code for w in report.warnings] == ["retries_exhausted"] and report.grounding.dropped == 0


def test_article_without_violence_is_not_asked_twice_for_an_empty_list() -> None:
    text = "The minister opened a new school in the capital on Monday, officials said."
    fake = FakeLLM([answers(seed_draft(incidents=[], figures=[], claims=[]))] * 2)
    report = _parse(fake, text)
    assert report.incidents == [] and len(fake.requests) == 2 and report.warnings == []


def test_incident_grammar_asks_for_one_incident_when_the_article_writes_of_violence(seed_text: str) -> None:
    fake = FakeLLM([answers(), answers(), answers()])
    _parse(fake, seed_text)
    sent = fake.requests[0]["response_format"]["json_schema"]["schema"]
    assert sent["properties"]["incidents"]["minItems"] == 1


def test_incident_grammar_allows_an_empty_list_for_an_article_without_violence() -> None:
    text = "The minister opened a new school in the capital on Monday, officials said."
    fake = FakeLLM([answers(seed_draft(incidents=[], figures=[], claims=[]))] * 2)
    _parse(fake, text)
    sent = fake.requests[0]["response_format"]["json_schema"]["schema"]
    assert "minItems" not in sent["properties"]["incidents"]


def test_placeholder_actors_and_weapons_are_read_as_no_value_without_a_re_ask(seed_text: str) -> None:
    draft = seed_draft()
    draft["incidents"][0]["perpetrators"].append({"name": "UNKNOWN", "kind": "unknown", "organisation": None})
    draft["incidents"][1]["weapons"] = ["N/A"]
    fake = FakeLLM([answers(draft), answers(), answers()])
    report = _parse(fake, seed_text)
    assert len(fake.requests) == 3  # one call per step: nothing was sent back
    raid = report.incidents[0]
    assert [a.name for a in raid.perpetrators] == ["French forces"] and report.incidents[1].weapons == []
    notes = [w for w in report.warnings if "placeholder" in w.message]
    assert {w.code for w in notes} == {"adjusted"} and len(notes) == 2
    assert report.grounding.dropped == 0
