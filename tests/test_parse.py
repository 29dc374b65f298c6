"""parse() / parse_async() end to end on a scripted fake LLM."""

from __future__ import annotations

import json

import httpx
import pytest
import tenacity
from drafts import answers, script, seed_draft, step_answer, step_of
from fake_llm import FakeLLM

import newsstruct
from newsstruct import ExtractionError, OutputTruncatedError


def _parse(fake: FakeLLM, text: str, **options: object) -> newsstruct.Report:
    return newsstruct.parse(text, client=fake.client(), model="fake-model", **options)  # type: ignore[arg-type]


def test_valid_answers_become_grounded_report(seed_text: str) -> None:
    fake = FakeLLM(script())
    report = _parse(fake, seed_text)

    assert [step_of(r) for r in fake.requests] == ["incidents", "figures", "claims"]
    assert [i.type.value for i in report.incidents] == ["raid_or_operation", "friendly_fire"]
    assert report.verify_offsets(seed_text) == []
    raid, friendly = report.incidents
    assert raid.date.value == "--12-19" and raid.date.end == "--12-20" and raid.date.precision == "range"
    assert friendly.disputed and not friendly.background
    four = next(f for f in report.figures if f.phrase == "four")
    assert (four.min, four.max, four.incident) == (4, 4, "I2")
    assert four.claim == "C1"  # the speaker who gives the figure made claim C1
    denial = next(c for c in report.claims if c.kind.value == "denial")
    assert denial.contests == "C1" and denial.speaker.anonymous
    assert report.attempts == 3
    assert (report.usage.prompt_tokens, report.usage.completion_tokens) == (300, 150)
    assert report.model == "openai:fake-model"
    assert report.warnings == []


def test_steps_share_the_article_prefix_and_constrain_incident_ids(seed_text: str) -> None:
    fake = FakeLLM(script())
    _parse(fake, seed_text, temperature=0.3, max_tokens=1234)
    first, figures, claims = fake.requests
    assert first["model"] == "fake-model"
    assert first["temperature"] == 0.3 and first["max_tokens"] == 1234
    prefix = first["messages"][1]["content"].split(">>>")[0]
    assert "[4] An armed group fighting alongside government forces" in prefix
    assert all(r["messages"][1]["content"].startswith(prefix) for r in (figures, claims))
    assert "I2: friendly_fire" in figures["messages"][1]["content"]
    schema = figures["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["figures"]["maxItems"] == 8
    figure = schema["$defs"]["DraftFigure"]["properties"]
    assert figure["incident"]["enum"] == ["I1", "I2"]
    assert figure["sentence"]["enum"] == [3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 16]  # sentences holding a quantity
    claim = claims["response_format"]["json_schema"]["schema"]["$defs"]["DraftClaim"]["properties"]
    assert claim["sentence"]["enum"] == [2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 16]  # sentences attributing
    assert "Sentences that attribute something to someone: 2, 3, 4" in claims["messages"][1]["content"]
    incident_schema = first["response_format"]["json_schema"]["schema"]
    assert incident_schema["$defs"]["DraftIncident"]["properties"]["sentence"]["enum"] == list(range(1, 17))
    assert "friendly_fire" in incident_schema["$defs"]["IncidentType"]["enum"]


def test_invalid_answer_is_sent_back_with_errors_and_usage_accumulates(seed_text: str) -> None:
    broken = seed_draft()
    broken["figures"][0]["phrase"] = "about 12"  # not in the article
    fake = FakeLLM([answers(), answers(broken), "not json at all", answers(), answers()])
    report = _parse(fake, seed_text)

    assert report.attempts == 5
    assert report.usage.prompt_tokens == 500 and report.usage.completion_tokens == 250
    feedback = fake.requests[2]["messages"][-1]["content"]
    assert "'about 12' does not occur in the article" in feedback
    assert len(report.figures) == 2 and report.warnings == []


def test_ungrounded_figure_is_retried_then_dropped_with_warning(seed_text: str) -> None:
    invented = seed_draft()
    invented["figures"].append({**invented["figures"][1], "phrase": "Twelve", "source": "a witness"})
    fake = FakeLLM([answers(), answers(invented), answers(invented), answers()])
    report = _parse(fake, seed_text, retries=1)

    assert report.attempts == 4
    assert "'Twelve' does not occur in the article" in fake.requests[2]["messages"][-1]["content"]
    assert len(report.figures) == 2
    assert [w.code for w in report.warnings] == ["retries_exhausted", "dropped"]
    assert "re-asking stopped in the figures step after 2 attempt(s)" in report.warnings[0].message
    assert "'Twelve' does not occur" in report.warnings[1].message


def test_citation_of_missing_sentence_is_reported_back(seed_text: str) -> None:
    wrong = seed_draft()
    wrong["claims"][0]["sentence"] = 99
    fake = FakeLLM([answers(), answers(), answers(wrong), answers()])
    report = _parse(fake, seed_text)
    assert (
        "sentence 99 does not exist (the article has sentences 1 to 16)" in fake.requests[3]["messages"][-1]["content"]
    )
    assert report.claims[0].evidence[0].text.startswith('"This weekend, near Meneka')


def test_repeated_incident_is_removed_with_a_warning_and_no_retry(seed_text: str) -> None:
    doubled = seed_draft()
    doubled["incidents"].append({**doubled["incidents"][1], "id": "I3"})
    fake = FakeLLM([answers(doubled), answers(), answers()])
    report = _parse(fake, seed_text)
    assert len(fake.requests) == 3 and report.attempts == 3  # one call per step: a repeat costs no retry
    assert [i.id for i in report.incidents] == ["I1", "I2"]
    assert any("repeats incident I2" in w.message for w in report.warnings)


def test_failed_incident_step_raises_typed_error_with_attempts_raw_and_errors(seed_text: str) -> None:
    fake = FakeLLM(['{"summary": 1}', "still not right"])
    with pytest.raises(ExtractionError) as caught:
        _parse(fake, seed_text, retries=1)
    err = caught.value
    assert err.attempts == 2
    assert err.last_raw_output == "still not right"
    assert len(err.failures) == 2 and err.failures[0].errors
    assert err.usage.prompt_tokens == 200
    assert json.loads(json.dumps(err.details()))["attempts"] == 2


def test_failed_later_step_keeps_the_rest_with_a_warning(seed_text: str) -> None:
    fake = FakeLLM([answers(), "nope", "nope", answers()])
    report = _parse(fake, seed_text, retries=1)
    assert report.figures == [] and len(report.claims) == 2
    assert report.warnings[0].item == "figures" and "figure step failed" in report.warnings[0].message


def test_output_cut_by_max_tokens_is_a_typed_error(seed_text: str) -> None:
    fake = FakeLLM([step_answer(seed_draft(), "incidents")[:200]], finish_reason="length")
    with pytest.raises(OutputTruncatedError) as caught:
        _parse(fake, seed_text)
    assert caught.value.attempts == 1 and caught.value.last_raw_output


def test_tenacity_policy_is_accepted(seed_text: str) -> None:
    policy = tenacity.Retrying(stop=tenacity.stop_after_attempt(2), wait=tenacity.wait_fixed(5), reraise=True)
    fake = FakeLLM(["nope", *script()])
    report = _parse(fake, seed_text, retries=policy)
    assert report.attempts == 4


def test_without_a_date_phrase_the_date_is_unknown_and_a_date_the_model_writes_is_ignored(seed_text: str) -> None:
    draft = seed_draft()
    draft["incidents"][1]["date_phrase"] = None
    draft["incidents"][1]["date"] = "2015-12-19"  # not asked for: a year the article never states
    report = _parse(FakeLLM(script(draft)), seed_text)
    assert report.incidents[1].date.value is None and report.incidents[1].date.precision == "unknown"
    assert report.warnings == [] and report.attempts == 3


def test_date_is_worked_out_from_the_phrase_not_taken_from_the_model(seed_text: str) -> None:
    draft = seed_draft()
    draft["incidents"][0]["date"], draft["incidents"][0]["date_end"] = "2013-12-18", None  # wrong arithmetic
    report = _parse(FakeLLM(script(draft)), seed_text)
    raid = report.incidents[0]
    assert (raid.date.phrase, raid.date.value, raid.date.end) == ("on 19 and 20 December", "--12-19", "--12-20")
    assert raid.date.precision == "range" and report.warnings == []


def test_date_phrase_not_in_the_article_is_fed_back(seed_text: str) -> None:
    draft = seed_draft()
    draft["incidents"][0]["date_phrase"] = "on 26 July"
    fake = FakeLLM([answers(draft), answers(), answers(), answers()])
    report = _parse(fake, seed_text)
    assert "date phrase 'on 26 July' is not in the article" in fake.requests[1]["messages"][-1]["content"]
    assert report.incidents[0].date.phrase == "on 19 and 20 December"


def test_article_without_incidents_skips_the_figure_step(seed_text: str) -> None:
    empty = seed_draft(incidents=[], figures=[], claims=[])
    fake = FakeLLM(script(empty))
    report = _parse(fake, seed_text)
    assert [step_of(r) for r in fake.requests] == ["incidents", "incidents", "claims"]  # empty: asked twice
    assert report.incidents == [] and report.claims == [] and report.attempts == 3


# llama-cpp-python's server answers 500 with a validation message naming response_format.
LLAMA_CPP_REJECTION = {
    "error": {
        "message": "('body', 'response_format', 'type') Input should be 'text' or 'json_object', input: json_schema"
    }
}


@pytest.mark.parametrize(
    "rejected",
    [
        httpx.Response(422, json={"detail": "response_format type json_schema not supported"}),
        httpx.Response(500, json=LLAMA_CPP_REJECTION),
    ],
)
def test_server_that_rejects_json_schema_gets_json_object(seed_text: str, rejected: httpx.Response) -> None:
    fake = FakeLLM([rejected, *script(), *script()])
    backend = newsstruct.OpenAIBackend(model="m", client=fake.client())
    newsstruct.parse(seed_text, backend=backend)
    assert fake.requests[0]["response_format"]["type"] == "json_schema"
    second = fake.requests[1]["response_format"]
    assert second["type"] == "json_object" and second["schema"]["title"] == "IncidentStep"
    newsstruct.parse(seed_text, backend=backend)  # remembered: no second rejection
    assert all(r["response_format"]["type"] == "json_object" for r in fake.requests[1:])


def test_http_failure_is_a_backend_error(seed_text: str) -> None:
    fake = FakeLLM([httpx.Response(500, json={"error": "boom"})])
    with pytest.raises(newsstruct.BackendUnavailableError):
        _parse(fake, seed_text)


async def test_parse_async_matches_parse(seed_text: str) -> None:
    fake = FakeLLM(["[]", *script()])
    report = await newsstruct.parse_async(seed_text, client=fake.async_client(), model="fake-model")
    assert report.attempts == 4 and len(report.incidents) == 2
    assert report.verify_offsets(seed_text) == []


def test_year_from_a_dateline_is_kept() -> None:
    from newsstruct.dates import known_years

    assert {"1990", "1989"} <= known_years("SAN SALVADOR, 3 JAN 90 -- [TEXT] THE ARMY SAID ...")
    assert "1990" not in known_years("The army said on 3 January that ...")


def _with_parroted_names() -> dict:  # type: ignore[type-arg]
    """The seed draft with names copied from the prompt's worked example, not from the article."""
    draft = seed_draft()
    draft["incidents"][0]["perpetrators"].append(
        {"name": "MANUEL RODRIGUEZ PATRIOTIC FRONT", "kind": "rebel_or_militia", "organisation": None}
    )
    draft["incidents"][0]["places"].append("LAS ACHUPALLAS")
    draft["claims"][0]["speaker"] = "Alfredo Jackson"
    return draft


def test_names_not_in_the_article_go_back_to_the_model_and_are_fixed(seed_text: str) -> None:
    bad = _with_parroted_names()
    fake = FakeLLM([answers(bad), answers(), answers(), answers(bad), answers()])
    report = _parse(fake, seed_text)
    feedback = fake.requests[1]["messages"][-1]["content"]
    assert "perpetrator 'MANUEL RODRIGUEZ PATRIOTIC FRONT' is not in the article" in feedback
    assert "place 'LAS ACHUPALLAS' is not in the article" in feedback
    assert "speaker 'Alfredo Jackson' is not in the article" in fake.requests[4]["messages"][-1]["content"]
    assert report.warnings == [] and report.attempts == 5
    assert "Alfredo Jackson" not in report.model_dump_json(include={"claims"})


def test_names_still_not_in_the_article_are_dropped_with_warnings(seed_text: str) -> None:
    bad = _with_parroted_names()
    fake = FakeLLM([answers(bad)] * 6)
    report = _parse(fake, seed_text, retries=1)
    dumped = report.model_dump_json(include={"incidents", "figures", "claims"})
    assert "MANUEL RODRIGUEZ" not in dumped and "ACHUPALLAS" not in dumped and "Alfredo Jackson" not in dumped
    assert [i.id for i in report.incidents] == ["I1", "I2"]  # the incidents stay; only the values go
    assert report.incidents[0].perpetrators and report.claims[0].speaker.name is None
    messages = " ".join(w.message for w in report.warnings)
    assert "'MANUEL RODRIGUEZ PATRIOTIC FRONT' is not in the article" in messages and "'Alfredo Jackson'" in messages


def test_raw_line_break_inside_a_json_string_is_repaired(seed_text: str) -> None:
    draft = seed_draft()
    draft["incidents"][0]["summary"] = "French forces raided radicals;\nin Menaka."

    def raw_newlines(body: dict) -> str:  # type: ignore[type-arg]
        return step_answer(draft, step_of(body)).replace("\\n", "\n")  # a literal line break in a string

    assert "\n" in raw_newlines({"response_format": {"type": "json_object", "schema": {"title": "IncidentStep"}}})
    report = _parse(FakeLLM([raw_newlines] * 3), seed_text)
    assert report.incidents[0].summary == "French forces raided radicals;\nin Menaka."
    assert report.attempts == 3 and report.warnings == []


def test_article_text_reaches_the_model_verbatim_even_with_template_syntax(seed_text: str) -> None:
    hostile = seed_text + "\n\nA reader wrote {{ index }} and {% if true %}YES{% endif %} here.\n"
    fake = FakeLLM(script())
    report = _parse(fake, hostile)
    for request in fake.requests:
        assert "A reader wrote {{ index }} and {% if true %}YES{% endif %} here." in request["messages"][-1]["content"]
    assert len(report.incidents) == 2


def test_an_answer_repeating_the_previous_problems_stops_the_re_asking(seed_text: str) -> None:
    invented = seed_draft()
    invented["figures"].append({**invented["figures"][1], "phrase": "Twelve", "source": "a witness"})
    fake = FakeLLM([answers(), answers(invented), answers(invented), answers()])
    report = _parse(fake, seed_text, retries=5)  # budget for six figure answers; two are asked
    assert [step_of(r) for r in fake.requests] == ["incidents", "figures", "figures", "claims"]
    assert len(report.figures) == 2 and report.attempts == 4
    assert "after 2 attempt(s)" in report.warnings[0].message and report.grounding.dropped == 1


def test_a_changed_answer_is_re_asked_again(seed_text: str) -> None:
    first, second = seed_draft(), seed_draft()
    first["figures"][0]["phrase"] = "about 12"
    second["figures"][0]["phrase"] = "about 14"  # different problem: the model is still trying
    fake = FakeLLM([answers(), answers(first), answers(second), answers(), answers()])
    report = _parse(fake, seed_text, retries=5)
    assert [step_of(r) for r in fake.requests].count("figures") == 3
    assert report.warnings == [] and len(report.figures) == 2
