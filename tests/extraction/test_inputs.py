"""Bad input is refused with a typed error before any model call."""

from __future__ import annotations

import pytest
from fake_llm import FakeLLM

import newsstruct
from newsstruct import ContextOverflowError, EmptyTextError, NotTextError
from newsstruct.backends import EmbeddedBackend


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ("", EmptyTextError),
        ("  \n\t  ", EmptyTextError),
        (b"", EmptyTextError),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", NotTextError),
        (b"caf\xe9 au lait", NotTextError),  # latin-1, not UTF-8
        ("text with \x00 inside", NotTextError),
        ("\x01\x02\x03\x04\x05\x06 binary-ish " * 3, NotTextError),
        ("<!DOCTYPE html>\n<html><head><title>News</title></head><body><p>Four died.</p></body></html>", NotTextError),
        ('<div class="nav"><a href="/">Home</a></div>' * 40 + "<p>Four soldiers died.</p>", NotTextError),
    ],
)
def test_bad_input_raises_before_any_model_call(data: str | bytes, error: type[Exception]) -> None:
    fake = FakeLLM([])
    with pytest.raises(error):
        newsstruct.parse(data, client=fake.client(), model="m")
    assert fake.requests == []


def test_utf8_bytes_are_accepted(seed_text: str) -> None:
    from scripted import answers

    fake = FakeLLM([], default=answers())
    report = newsstruct.parse(seed_text.encode("utf-8"), client=fake.client(), model="m")
    assert report.incidents


class _CountingBackend(EmbeddedBackend):
    """An embedded backend with a stand-in tokenizer: one token per word."""

    def count_tokens(self, messages: list[dict[str, str]]) -> int:
        return sum(len(m["content"].split()) for m in messages)

    def create(self, **kwargs: object):  # type: ignore[no-untyped-def, override]
        raise AssertionError("no model call may happen for an oversized article")


def test_article_longer_than_context_is_refused_not_truncated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    backend = _CountingBackend(tmp_path / "model.gguf", n_ctx=2048, max_tokens=512)
    long_article = "The army said ten people died. " * 400
    with pytest.raises(ContextOverflowError) as caught:
        newsstruct.parse(long_article, backend=backend)
    assert caught.value.needed_tokens > caught.value.available_tokens == 2048 - 20  # an answer is a few tokens
    assert "split the article" in str(caught.value)


def test_text_with_a_little_markup_is_still_an_article(seed_text: str) -> None:
    from scripted import answers

    article = seed_text.replace("French paratrooper killed in Mali", "<b>French paratrooper killed in Mali</b>")
    report = newsstruct.parse(article, client=FakeLLM([], default=answers()).client(), model="m")
    assert report.verify_offsets(article) == []


def test_an_article_too_long_for_the_endpoint_is_a_typed_error_not_truncated(seed_text: str) -> None:
    from fault_server import FaultServer
    from scripted import answers

    huge = (seed_text + "\n\n") * (1_000_000 // len(seed_text) + 1)  # about 1 MB
    with FaultServer(answers(), lambda body, n: "too_long") as server:
        client = __import__("openai").OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        with pytest.raises(ContextOverflowError, match="too long for the model's context"):
            newsstruct.parse(huge, client=client, model="m", max_chars=2_000_000)  # over the endpoint's, under the cap
    assert server.count == 1  # refused once: not retried, not cut down and sent again
