"""parse() / parse_async() end to end on a scripted fake LLM."""

from __future__ import annotations

import json

import httpx
import pytest
import tenacity
from drafts import as_json, seed_draft
from fake_llm import FakeLLM

import newsstruct
from newsstruct import ExtractionError, OutputTruncatedError


def _parse(fake: FakeLLM, text: str, **options: object) -> newsstruct.Report:
    return newsstruct.parse(text, client=fake.client(), model="fake-model", **options)  # type: ignore[arg-type]


def test_valid_answer_becomes_grounded_report(seed_text: str) -> None:
    fake = FakeLLM([as_json(seed_draft())])
    report = _parse(fake, seed_text)

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
    assert report.attempts == 1
    assert (report.usage.prompt_tokens, report.usage.completion_tokens) == (100, 50)
    assert report.model == "openai:fake-model"
    assert report.warnings == []


def test_request_uses_json_schema_with_bounded_lists(seed_text: str) -> None:
    fake = FakeLLM([as_json(seed_draft())])
    _parse(fake, seed_text, temperature=0.3, max_tokens=1234)
    sent = fake.requests[0]
    assert sent["model"] == "fake-model"
    assert sent["temperature"] == 0.3 and sent["max_tokens"] == 1234
    schema = sent["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["incidents"]["maxItems"] == 6
    assert "enum" in schema["$defs"]["IncidentType"]
    assert seed_text in sent["messages"][-1]["content"]


def test_invalid_answer_is_sent_back_with_errors_and_usage_accumulates(seed_text: str) -> None:
    broken = seed_draft()
    broken["figures"][0]["incident"] = "I9"
    fake = FakeLLM([as_json(broken), "not json at all", as_json(seed_draft())])
    report = _parse(fake, seed_text)

    assert report.attempts == 3
    assert report.usage.prompt_tokens == 300 and report.usage.completion_tokens == 150
    feedback = fake.requests[1]["messages"][-1]["content"]
    assert "incident 'I9' does not exist" in feedback
    assert len(report.figures) == 2 and report.warnings == []


def test_ungrounded_evidence_is_retried_then_dropped_with_warning(seed_text: str) -> None:
    invented = seed_draft()
    invented["figures"].append(
        {**invented["figures"][1], "evidence": "Twelve soldiers died in Gao.", "phrase": "Twelve"}
    )
    fake = FakeLLM([as_json(invented), as_json(invented)])
    report = _parse(fake, seed_text, retries=1)

    assert report.attempts == 2
    assert "not a verbatim quote" in fake.requests[1]["messages"][-1]["content"]
    assert len(report.figures) == 2
    codes = [w.code for w in report.warnings]
    assert codes[0] == "retries_exhausted" and "dropped" in codes
    assert any("Twelve soldiers died in Gao." in w.message for w in report.warnings)


def test_final_failure_raises_typed_error_with_attempts_raw_and_errors(seed_text: str) -> None:
    fake = FakeLLM(["{\"summary\": 1}", "still not right"])
    with pytest.raises(ExtractionError) as caught:
        _parse(fake, seed_text, retries=1)
    err = caught.value
    assert err.attempts == 2
    assert err.last_raw_output == "still not right"
    assert len(err.failures) == 2 and err.failures[0].errors
    assert err.usage.prompt_tokens == 200
    assert json.loads(json.dumps(err.details()))["attempts"] == 2


def test_output_cut_by_max_tokens_is_a_typed_error(seed_text: str) -> None:
    fake = FakeLLM([as_json(seed_draft())[:200]], finish_reason="length")
    with pytest.raises(OutputTruncatedError) as caught:
        _parse(fake, seed_text)
    assert caught.value.attempts == 1 and caught.value.last_raw_output


def test_tenacity_policy_is_accepted(seed_text: str) -> None:
    policy = tenacity.Retrying(stop=tenacity.stop_after_attempt(2), wait=tenacity.wait_fixed(5), reraise=True)
    fake = FakeLLM(["nope", as_json(seed_draft())])
    report = _parse(fake, seed_text, retries=policy)
    assert report.attempts == 2


def test_year_absent_from_text_is_removed_with_warning(seed_text: str) -> None:
    draft = seed_draft()
    draft["incidents"][1]["date"] = "2015-12-19"
    report = _parse(FakeLLM([as_json(draft)]), seed_text)
    assert report.incidents[1].date.value == "--12-19"
    assert [w.code for w in report.warnings] == ["date_year_invented"]


def test_server_that_rejects_json_schema_gets_json_object(seed_text: str) -> None:
    rejected = httpx.Response(422, json={"detail": "response_format type json_schema not supported"})
    fake = FakeLLM([rejected, as_json(seed_draft()), as_json(seed_draft())])
    backend = newsstruct.OpenAIBackend(model="m", client=fake.client())
    newsstruct.parse(seed_text, backend=backend)
    assert fake.requests[0]["response_format"]["type"] == "json_schema"
    second = fake.requests[1]["response_format"]
    assert second["type"] == "json_object" and second["schema"]["title"] == "DraftReport"
    newsstruct.parse(seed_text, backend=backend)  # remembered: no second rejection
    assert fake.requests[2]["response_format"]["type"] == "json_object"


def test_http_failure_is_a_backend_error(seed_text: str) -> None:
    fake = FakeLLM([httpx.Response(500, json={"error": "boom"})])
    with pytest.raises(newsstruct.BackendUnavailableError):
        _parse(fake, seed_text)


async def test_parse_async_matches_parse(seed_text: str) -> None:
    fake = FakeLLM(["[]", as_json(seed_draft())])
    report = await newsstruct.parse_async(seed_text, client=fake.async_client(), model="fake-model")
    assert report.attempts == 2 and len(report.incidents) == 2
    assert report.verify_offsets(seed_text) == []
