"""Every fault a real endpoint can produce, injected by a server on 127.0.0.1, through parse,
parse_many and batch: each ends as a recovery or a typed error, never a crash or a loss."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from pathlib import Path
from typing import Any

import openai
import pytest
from fault_server import FAULTS, FaultServer
from paths import SEED
from scripted import answers, questions_asked

import newsstruct
from newsstruct import (
    BackendTimeoutError,
    BackendUnavailableError,
    ExtractionError,
    OutputTruncatedError,
    RateLimitError,
)
from newsstruct.scale import run_batch

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
    "invalid_json": (ExtractionError, "no valid answer to a question after 2 attempt(s)"),
    "schema_invalid": (ExtractionError, "no valid answer to a question after 2 attempt(s)"),
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
    asked = questions_asked(TEXT)
    assert report.incidents and report.warnings == []
    assert server.served[fault] == 1 and server.count == asked + 1
    if fault == "429":  # the client waited as long as Retry-After asked
        assert time.monotonic() - started >= 1.0
    # transport faults are retried by the HTTP client (not an attempt); bad answers are re-asked
    assert report.attempts == asked + (fault in ("invalid_json", "schema_invalid", "empty_choice", "refusal"))


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
    """One article per fault, the fault never stopping for it: every other article succeeds, and
    each faulted one ends as its typed error, in parse_many's results and in batch's output."""
    texts = {f"ok{k}": TEXT + f"\n\nItem ok{k}.\n" for k in range(3)}
    texts |= {fault: TEXT + f"\n\nItem {fault}.\n" for fault in PERSISTENT}

    def choose(body: dict[str, Any], n: int) -> str:
        user = " ".join(str(m["content"]) for m in body["messages"] if m["role"] == "user")
        return next((fault for fault in PERSISTENT if f"Item {fault}." in user), "ok")

    expected = {fault: kind.__name__ for fault, (kind, _) in PERSISTENT.items()} | dict.fromkeys(
        ["ok0", "ok1", "ok2"], "ok"
    )
    with FaultServer(answers(), choose, hang_seconds=2) as server:
        backend = newsstruct.OpenAIBackend(model="fault-model", base_url=server.base_url, api_key="sk", timeout=1)
        results = newsstruct.parse_many(texts, backend=backend, concurrency=8, retries=1)
        source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
        source.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()))
        summary = run_batch(source, out, backend=backend, concurrency=8, retries=1, progress=False, cache=False)
    assert {r.id: type(r.error).__name__ if r.error else "ok" for r in results} == expected
    lines = {row["id"]: row for row in map(json.loads, out.read_text().splitlines())}
    assert (summary.done, summary.failed) == (3, len(PERSISTENT)) and len(lines) == len(texts)
    assert {k: v["error"]["type"] if "error" in v else "ok" for k, v in lines.items()} == expected
    assert all(v["error"]["retryable"] for v in lines.values() if "error" in v)


def test_batch_of_500_under_20_percent_faults_survives_a_kill_and_reruns_to_one_line_per_id(tmp_path: Path) -> None:
    import os
    import random
    import signal
    import subprocess
    import sys
    import threading

    rng, lock = random.Random(20261125), threading.Lock()
    injected = [f for f in FAULTS if f != "ok"]

    def choose(body: dict[str, Any], n: int) -> str:
        with lock:
            return rng.choice(injected) if rng.random() < 0.2 else "ok"

    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    ids = [f"item-{k:03d}" for k in range(500)]
    source.write_text("".join(json.dumps({"id": i, "text": TEXT + f"\n\nItem {i}.\n"}) + "\n" for i in ids))
    env = dict(os.environ, NEWSSTRUCT_API_KEY="sk-test-batch", NEWSSTRUCT_BACKEND="openai", NEWSSTRUCT_MODEL="m")

    def command(base_url: str) -> list[str]:
        return [sys.executable, "-m", "newsstruct.cli", "batch", str(source), str(out), "--base-url", base_url,
                "--concurrency", "16", "--retries", "1", "--timeout", "0.5", "--no-cache", "--no-progress"]  # fmt: skip

    started = time.monotonic()
    with FaultServer(answers(), choose, hang_seconds=1.0) as server:
        child = subprocess.Popen(
            command(server.base_url), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while time.monotonic() - started < 120 and (not out.exists() or out.read_bytes().count(b"\n") < 100):
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        killed_at = out.read_bytes().count(b"\n")
        first = subprocess.run(command(server.base_url), env=env, capture_output=True, timeout=300)
    assert 100 <= killed_at < 500
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["id"] for r in rows) == ids  # one line per id after the kill and the rerun
    errors = [r for r in rows if "error" in r]
    assert all("report" in r or r["error"]["retryable"] for r in rows)
    assert first.returncode == (1 if errors else 0)
    assert sum(server.served[f] for f in injected) > 0.15 * server.count  # the faults were injected
    error_types = Counter(e["error"]["type"] for e in errors)
    figures = {"items": len(ids), "requests": server.count, "injected": {f: server.served[f] for f in injected},
               "lines_when_killed": killed_at, "results_after_rerun": len(rows) - len(errors),
               "errors_after_rerun": dict(error_types)}  # fmt: skip

    with FaultServer(answers(), lambda body, n: "ok") as healthy:
        second = subprocess.run(command(healthy.base_url), env=env, capture_output=True, timeout=300)
    assert second.returncode == 0, second.stderr.decode()[-1000:]
    final = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["id"] for r in final) == ids and all("report" in r for r in final)
    per_article = questions_asked(TEXT + "\n\nItem item-000.\n")
    assert healthy.count <= per_article * len(errors) * 2  # only the failed items were asked again
    written = out.read_text() + first.stderr.decode() + second.stderr.decode()
    assert "sk-test-batch" not in written
    assert time.monotonic() - started < 240
    figures |= {"healthy_rerun_requests": healthy.count, "lines_final": len(final),
                "duplicates_final": len(final) - len({r["id"] for r in final}),
                "seconds": round(time.monotonic() - started, 1)}  # fmt: skip
    (tmp_path / "batch_faults.json").write_text(json.dumps(figures, indent=1))  # kept beside the run for a look
