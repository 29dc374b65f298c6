"""Every fault a real endpoint can produce, injected by a server on 127.0.0.1, through parse,
parse_many and batch: each ends as a recovery or a typed error, never a crash or a loss."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import openai
import pytest
from conftest import SEED
from drafts import answers
from fault_server import FAULTS, FaultServer

import newsstruct
from newsstruct import (
    BackendTimeoutError,
    BackendUnavailableError,
    ExtractionError,
    OutputTruncatedError,
    RateLimitError,
)
from newsstruct.batch import run_batch

TEXT = SEED.read_text(encoding="utf-8")
# fault -> (the typed error when it never stops, how the error must read)
PERSISTENT: dict[str, tuple[type[Exception], str]] = {
    "429": (RateLimitError, "429"),
    "429-bare": (RateLimitError, "429"),
    "500": (BackendUnavailableError, "500"),
    "502": (BackendUnavailableError, "502"),
    "503": (BackendUnavailableError, "503"),
    "hang": (BackendTimeoutError, "timed out"),
    "drop": (BackendUnavailableError, "Connection error"),
    "invalid_json": (ExtractionError, "no valid incidents after 2 attempt(s)"),
    "schema_invalid": (ExtractionError, "no valid incidents after 2 attempt(s)"),
    "length": (OutputTruncatedError, "reached max_tokens"),
    "empty_choice": (ExtractionError, "the endpoint returned no choices"),
    "refusal": (ExtractionError, "the model refused: I cannot help."),
}


@pytest.fixture(autouse=True)
def _quiet() -> None:
    logging.getLogger("instructor").setLevel(logging.CRITICAL)


def _client(server: FaultServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.base_url, api_key="sk-test", timeout=1.0, max_retries=2)


def _parse(server: FaultServer, **options: Any) -> newsstruct.Report:
    return newsstruct.parse(TEXT, client=_client(server), model="fault-model", retries=1, **options)


@pytest.mark.parametrize("fault", [f for f in FAULTS if f not in ("ok", "length")])
def test_a_single_fault_is_recovered_from(fault: str) -> None:
    with FaultServer(answers(), lambda body, n: fault if n == 1 else "ok", hang_seconds=2) as server:
        started = time.monotonic()
        report = _parse(server)
    assert len(report.incidents) == 2 and report.warnings == []
    assert server.served[fault] == 1 and server.count == 4
    if fault == "429":  # the client waited as long as Retry-After asked
        assert time.monotonic() - started >= 1.0
    # transport faults are retried by the HTTP client (not an attempt); bad answers are re-asked
    assert report.attempts == (4 if fault in ("invalid_json", "schema_invalid", "empty_choice", "refusal") else 3)


@pytest.mark.parametrize("fault", sorted(PERSISTENT))
def test_a_fault_that_never_stops_ends_in_its_typed_error(fault: str) -> None:
    kind, wording = PERSISTENT[fault]
    with FaultServer(answers(), lambda body, n: fault, hang_seconds=2) as server, pytest.raises(kind) as caught:
        _parse(server)
    assert wording in str(caught.value) and "sk-test" not in str(caught.value)
    if fault == "429":
        assert caught.value.retry_after == 1.0  # type: ignore[attr-defined]
    if isinstance(caught.value, ExtractionError):
        assert caught.value.attempts == server.count


def test_parse_many_and_batch_record_each_faulted_article_and_finish_the_rest(tmp_path: Path) -> None:
    bad = {"a1": "500", "a3": "refusal", "a5": "length"}

    def choose(body: dict[str, Any], n: int) -> str:
        user = " ".join(str(m["content"]) for m in body["messages"] if m["role"] == "user")
        return next((fault for key, fault in bad.items() if f"Item {key}." in user), "ok")

    texts = {f"a{k}": TEXT + f"\n\nItem a{k}.\n" for k in range(6)}
    with FaultServer(answers(), choose) as server:
        backend = newsstruct.OpenAIBackend(model="fault-model", base_url=server.base_url, api_key="sk", timeout=1)
        results = newsstruct.parse_many(texts, backend=backend, concurrency=3, retries=1)
        source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
        source.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()))
        summary = run_batch(source, out, backend=backend, concurrency=3, retries=1, progress=False, cache=False)
    kinds = {r.id: type(r.error).__name__ if r.error else "ok" for r in results}
    assert kinds == {"a0": "ok", "a1": "BackendUnavailableError", "a2": "ok", "a3": "ExtractionError",
                     "a4": "ok", "a5": "OutputTruncatedError"}  # fmt: skip
    lines = {row["id"]: row for row in map(json.loads, out.read_text().splitlines())}
    assert (summary.done, summary.failed) == (3, 3) and len(lines) == 6
    assert {k: v["error"]["type"] for k, v in lines.items() if "error" in v} == {
        "a1": "BackendUnavailableError", "a3": "ExtractionError", "a5": "OutputTruncatedError"}  # fmt: skip
    assert all(v["error"]["retryable"] for v in lines.values() if "error" in v)
