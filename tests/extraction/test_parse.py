"""parse() / parse_async() end to end on a scripted fake LLM: every question goes through
instructor, answers that are not an option are re-asked, and failures end in typed errors."""

from __future__ import annotations

import json

import httpx
import pytest
import tenacity
from fake_llm import FakeLLM
from scripted import answers, question_of

import newsstruct
from newsstruct import ExtractionError, OutputTruncatedError
from newsstruct.engine import escape_raw_controls


def _parse(fake: FakeLLM, text: str, **options: object) -> newsstruct.Report:
    return newsstruct.parse(text, client=fake.client(), model="fake-model", **options)  # type: ignore[arg-type]


def test_answers_become_a_grounded_report(seed_text: str) -> None:
    fake = FakeLLM([], default=answers())
    report = _parse(fake, seed_text)
    assert report.verify_offsets(seed_text) == []
    assert report.incidents and report.figures and report.claims
    assert report.attempts == len(fake.requests) > 0
    assert (report.usage.prompt_tokens, report.usage.completion_tokens) == (100 * report.attempts, 50 * report.attempts)
    assert report.model == "openai:fake-model" and report.warnings == []
    # every value is a span of the text: mentions point at it and are counted as exact
    mentions = [m for item in [*report.incidents, *report.figures, *report.claims] for m in item.mentions]
    assert mentions and all(seed_text[m.start : m.end] == m.text for m in mentions)
    assert report.grounding.exact == len(mentions) and report.grounding.dropped == 0
    assert all(f.phrase in seed_text for f in report.figures)
    headline = seed_text[: seed_text.index("\n\n")]
    assert all(e.start > len(headline) for i in report.incidents for e in i.evidence)  # the headline is no incident


def test_every_question_shares_the_article_prefix_and_asks_only_letters(seed_text: str) -> None:
    fake = FakeLLM([], default=answers())
    _parse(fake, seed_text, temperature=0.3, max_tokens=12)
    first = fake.requests[0]
    assert first["model"] == "fake-model" and first["temperature"] == 0.3 and first["max_tokens"] == 12
    prefix = first["messages"][0]["content"] + f"Article:\n{seed_text.strip()}\n\n"  # instructions, then the article
    for request in fake.requests:
        assert (request["messages"][0]["content"] + request["messages"][1]["content"]).startswith(prefix)
        question, options = question_of(request)
        schema = request["response_format"]["json_schema"]["schema"]
        assert schema["properties"]["answer"]["enum"] == list("ABCDEFGHIJKLMNOP"[: len(options)])
        assert question and len(options) >= 2


def test_an_answer_that_is_not_an_option_is_re_asked_with_the_error(seed_text: str) -> None:
    fake = FakeLLM(["not json at all", json.dumps({"answer": "Z"})], default=answers())
    report = _parse(fake, seed_text)
    assert "json_invalid" in fake.requests[1]["messages"][-1]["content"]  # the re-ask carries the error
    assert "should be 'A' or 'B'" in fake.requests[2]["messages"][-1]["content"] or "literal" in json.dumps(
        fake.requests[2]["messages"]
    )
    assert len(fake.requests[1]["messages"]) > len(fake.requests[0]["messages"])
    assert report.attempts == len(fake.requests)
    assert report.usage.prompt_tokens == 100 * len(fake.requests)  # the failed attempts are paid for too


def test_a_question_with_no_valid_answer_is_a_typed_error_with_every_attempt(seed_text: str) -> None:
    fake = FakeLLM(["not json"], default=json.dumps({"answer": "Z"}))
    with pytest.raises(ExtractionError) as caught:
        _parse(fake, seed_text, retries=5)
    error = caught.value
    # the second wrong answer is re-asked (a new problem), the third repeats it and stops the asking
    assert error.attempts == 3 == len(fake.requests) and "after 3 attempt(s)" in str(error)
    assert error.last_raw_output == json.dumps({"answer": "Z"})
    assert all(f.errors for f in error.failures) and error.usage.prompt_tokens == 300
    assert "Input should be" in str(error)


def test_an_answer_cut_by_max_tokens_is_a_typed_error(seed_text: str) -> None:
    fake = FakeLLM([], default='{"answ')
    fake.finish_reason = "length"
    with pytest.raises(OutputTruncatedError, match="max_tokens"):
        _parse(fake, seed_text, retries=0)


def test_tenacity_policy_is_accepted(seed_text: str) -> None:
    fake = FakeLLM(["nope"], default=answers())
    report = _parse(fake, seed_text, retries=tenacity.Retrying(stop=tenacity.stop_after_attempt(2)))
    assert report.attempts == len(fake.requests)


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
    fake = FakeLLM([rejected], default=answers())
    backend = newsstruct.OpenAIBackend(model="m", client=fake.client())
    newsstruct.parse(seed_text, backend=backend)
    assert fake.requests[0]["response_format"]["type"] == "json_schema"
    second = fake.requests[1]["response_format"]
    assert second["type"] == "json_object" and second["schema"]["title"] == "Answer"
    newsstruct.parse(seed_text, backend=backend)  # remembered: no second rejection
    assert all(r["response_format"]["type"] == "json_object" for r in fake.requests[1:])


def test_http_failure_is_a_backend_error(seed_text: str) -> None:
    fake = FakeLLM([httpx.Response(500, json={"error": "boom"})])
    with pytest.raises(newsstruct.BackendUnavailableError):
        _parse(fake, seed_text)


async def test_parse_async_matches_parse(seed_text: str) -> None:
    synced = _parse(FakeLLM([], default=answers()), seed_text)
    fake = FakeLLM(["[]"], default=answers())
    report = await newsstruct.parse_async(seed_text, client=fake.async_client(), model="fake-model")
    assert report.attempts == synced.attempts + 1  # the first answer was re-asked
    keep = {"incidents", "figures", "claims", "summary"}
    assert report.model_dump(include=keep) == synced.model_dump(include=keep)


def test_year_from_a_dateline_is_kept() -> None:
    from newsstruct.text._dates import known_years

    assert {"1990", "1989"} <= known_years("SAN SALVADOR, 3 JAN 90 -- [TEXT] THE ARMY SAID ...")
    assert "1990" not in known_years("The army said on 3 January that ...")


def test_raw_line_break_inside_a_json_string_is_escaped() -> None:
    assert json.loads(escape_raw_controls('{"answer": "A\nB"}')) == {"answer": "A\nB"}
    assert escape_raw_controls('{"a": 1,\n "b": "x"}') == '{"a": 1,\n "b": "x"}'  # between tokens it stays


def test_article_text_reaches_the_model_verbatim_even_with_template_syntax(seed_text: str) -> None:
    hostile = seed_text + "\n\nA reader wrote {{ index }} and {% if true %}YES{% endif %} here.\n"
    fake = FakeLLM([], default=answers())
    report = _parse(fake, hostile)
    for request in fake.requests:
        assert "A reader wrote {{ index }} and {% if true %}YES{% endif %} here." in request["messages"][-1]["content"]
    assert report.incidents


def test_the_public_fake_backend_answers_both_ways_alike(seed_text: str) -> None:
    """newsstruct.testing.FakeBackend: option probabilities (as the embedded model) and chat
    completions through instructor (as an endpoint) give the same report for the same rule
    (only probabilities can give confidences)."""
    from newsstruct.testing import FakeBackend

    def last(question: str, options: list[str]) -> int:
        return len(options) - 1

    by_probability = FakeBackend(last, confidence=0.8)
    by_completion = FakeBackend(last, probabilities=False)
    one = newsstruct.parse(seed_text, backend=by_probability)
    other = newsstruct.parse(seed_text, backend=by_completion)
    assert by_probability.questions == by_completion.questions and len(by_probability.questions) > 3
    assert one.incidents and one.verify_offsets(seed_text) == []

    def without_confidence(report: newsstruct.Report) -> list[dict[str, object]]:
        return [
            item.model_dump(exclude={"confidence"}) for item in [*report.incidents, *report.figures, *report.claims]
        ]

    assert without_confidence(one) == without_confidence(other)
    assert not any(item.confidence for item in [*other.incidents, *other.figures, *other.claims])
