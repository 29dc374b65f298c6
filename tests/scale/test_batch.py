"""parse_many, the results cache and ``newsstruct batch`` against a stub server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import openai
import pytest
from paths import SEED
from scripted import answers, questions_asked
from stub_server import StubServer

import newsstruct
from newsstruct.engine import ResultCache, cache_variant
from newsstruct.errors import EmptyTextError, ExtractionError, InputError
from newsstruct.evaluation import evaluate, load_samples
from newsstruct.scale import parse_many, run_batch
from newsstruct.scale._batch import Progress

SEED_TEXT = SEED.read_text(encoding="utf-8")


def _backend(server: StubServer, model: str = "stub-model") -> newsstruct.OpenAIBackend:
    client = openai.AsyncOpenAI(base_url=server.base_url, api_key="sk-test", max_retries=0)
    return newsstruct.OpenAIBackend(model=model, client=client)


def _variant(n: int) -> str:
    """The seed article with one more line: a different text the seed answers still ground in."""
    return SEED_TEXT + f"\n\nUpdate {n}: the situation in the region remains tense.\n"


def _user_text(body: dict[str, Any]) -> str:
    return " ".join(str(m["content"]) for m in body["messages"] if m["role"] == "user")


# -- parse_many ------------------------------------------------------------------------------


def test_parse_many_keeps_input_order_and_records_each_failure() -> None:
    texts = {"a": _variant(1), "empty": "   ", "c": _variant(2)}
    with StubServer([], default=answers(), delay=0.02) as server:
        results = parse_many(texts, backend=_backend(server), concurrency=4)
    assert [r.id for r in results] == ["a", "empty", "c"]
    assert results[0].ok and results[2].ok and results[0].report.incidents  # type: ignore[union-attr]
    assert isinstance(results[1].error, EmptyTextError) and not results[1].retryable


def test_parse_many_keeps_at_most_concurrency_requests_in_flight() -> None:
    with StubServer([], default=answers(), delay=0.05) as server:
        results = parse_many([_variant(n) for n in range(9)], backend=_backend(server), concurrency=3)
    assert all(r.ok for r in results) and len(server.requests) == sum(questions_asked(_variant(n)) for n in range(9))
    assert 2 <= server.max_in_flight <= 3


def test_parse_many_records_a_model_failure_and_goes_on() -> None:
    def reply(body: dict[str, Any]) -> str:
        return "not json" if "Update 1:" in _user_text(body) else answers()(body)

    with StubServer([], default=reply) as server:
        results = parse_many([_variant(0), _variant(1), _variant(2)], backend=_backend(server), retries=0)
    assert [r.ok for r in results] == [True, False, True]
    assert isinstance(results[1].error, ExtractionError) and results[1].retryable


# -- the cache -------------------------------------------------------------------------------


def test_cache_is_shared_by_parse_and_eval_and_skips_the_model(tmp_path: Path) -> None:
    cache = tmp_path / "results.sqlite"
    with StubServer([], default=answers()) as server:
        first = newsstruct.parse(SEED_TEXT, backend=_backend(server), cache=cache)
        asked = len(server.requests)
        again = newsstruct.parse(SEED_TEXT, backend=_backend(server), cache=cache)
        assert len(server.requests) == asked == questions_asked(SEED_TEXT) and again == first
        other = newsstruct.parse(SEED_TEXT, backend=_backend(server, "another-model"), cache=cache)
        assert len(server.requests) == 2 * asked and other.model == "openai:another-model"
        seed = [s for s in load_samples(SEED.parent, split="test") + load_samples(SEED.parent, split="dev")
                if s.input == SEED_TEXT]  # fmt: skip
        run = evaluate(seed, backend=_backend(server), cache_dir=cache)  # the same endpoint: served
        assert len(server.requests) == 2 * asked and run.articles[0].error is None
    assert len(ResultCache(cache)) == 2


def test_cache_never_holds_the_text_or_the_api_key(tmp_path: Path) -> None:
    cache = tmp_path / "results.sqlite"
    with StubServer([], default=answers()) as server:
        newsstruct.parse(
            SEED_TEXT, base_url=server.base_url, api_key="sk-live-SECRET-4242", model="stub-model", cache=cache
        )
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"SECRET-4242" not in stored and b"paratrooper killed in Mali" not in stored
    assert "SECRET" not in repr(ResultCache(cache))


def test_strict_parse_does_not_take_a_cached_report_that_dropped_values(tmp_path: Path) -> None:
    cache = tmp_path / "results.sqlite"
    with StubServer([], default=answers()) as server:
        clean = newsstruct.parse(SEED_TEXT, backend=_backend(server), cache=cache)
        lossy = clean.model_copy(deep=True)
        lossy.warnings.append(newsstruct.Warning(code="dropped", message="a value was lost", item="I1"))
        ResultCache(cache).put_report("openai:stub-model", SEED_TEXT, lossy, cache_variant(_backend(server), 0.0, None))
        asked = len(server.requests)
        assert newsstruct.parse(SEED_TEXT, backend=_backend(server), cache=cache) == lossy  # lenient: served
        assert len(server.requests) == asked
        strict = newsstruct.parse(SEED_TEXT, backend=_backend(server), cache=cache, strict=True)
    assert strict.warnings == [] and len(server.requests) == 2 * asked  # strict: asked again


# -- batch files -----------------------------------------------------------------------------


def _write_input(path: Path, rows: list[Any]) -> None:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_records_every_item_and_a_rerun_retries_only_the_failed(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    rows = [{"id": f"a{n}", "text": _variant(n), "metadata": {"n": n}} for n in range(4)]
    _write_input(source, [*rows, {"id": "blank", "text": ""}, "{not json"])

    def flaky(body: dict[str, Any]) -> str:
        return "not json" if "Update 2:" in _user_text(body) else answers()(body)

    with StubServer([], default=flaky) as server:
        first = run_batch(source, out, backend=_backend(server), retries=0, progress=False, cache=False)
    assert (first.total, first.done, first.failed, first.invalid) == (6, 3, 3, 1)
    lines = {row["id"]: row for row in _lines(out)}
    assert set(lines) == {"a0", "a1", "a2", "a3", "blank", "line-6"}
    assert lines["a1"]["metadata"] == {"n": 1} and lines["a1"]["report"]["incidents"]
    assert lines["a2"]["error"]["type"] == "ExtractionError" and lines["a2"]["error"]["retryable"]
    assert lines["blank"]["error"]["type"] == "EmptyTextError" and not lines["blank"]["error"]["retryable"]
    assert lines["line-6"]["error"]["message"].startswith("line 6 is not JSON")

    with StubServer([], default=answers()) as healthy:
        second = run_batch(source, out, backend=_backend(healthy), retries=0, progress=False, cache=False)
    assert second.skipped == 3 and second.done == 1 and second.failed == 2
    assert len(healthy.requests) == questions_asked(_variant(2))  # only a2 was asked again
    final = _lines(out)
    assert sorted(r["id"] for r in final) == sorted(lines)  # exactly one line per id
    assert "report" in next(r for r in final if r["id"] == "a2")


def test_batch_refuses_repeated_ids(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    _write_input(source, [{"id": "x", "text": "a"}, {"id": "x", "text": "b"}])
    with pytest.raises(InputError, match="repeated: x"):
        run_batch(source, tmp_path / "out.jsonl", progress=False)


def test_progress_line_reports_items_rate_eta_and_failures(tmp_path: Path) -> None:
    with (tmp_path / "progress.txt").open("w+", encoding="utf-8") as stream:
        bar = Progress(4, stream=stream, every=0)
        for ok in (True, False, True, True):
            bar.update(ok)
        stream.seek(0)
        last = stream.read().splitlines()[-1]
    assert last.startswith("batch: 4/4 done · 1 failed · ") and "items/s · ETA 0s" in last


def test_batch_killed_mid_run_loses_nothing_and_reruns_to_one_line_per_id(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_input(source, [{"id": f"doc-{n}", "text": _variant(n)} for n in range(30)])
    env = dict(os.environ, NEWSSTRUCT_API_KEY="sk-test", NEWSSTRUCT_BACKEND="openai", NEWSSTRUCT_MODEL="stub-model")
    with StubServer([], default=answers(), delay=0.03) as server:
        command = [sys.executable, "-m", "newsstruct.cli", "batch", str(source), str(out), "--base-url",
                   server.base_url, "--concurrency", "2", "--no-cache", "--no-progress"]  # fmt: skip
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 5):
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        written = out.read_bytes()
        whole = written[: written.rfind(b"\n") + 1].decode("utf-8").splitlines()
        assert 5 <= len(whole) < 30 and all("report" in json.loads(line) for line in whole)
        asked_before = len(server.requests)
        done = subprocess.run(command, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    ids = [row["id"] for row in _lines(out)]
    assert sorted(ids) == sorted(f"doc-{n}" for n in range(30)) and len(ids) == 30
    per_article = questions_asked(_variant(0))
    assert len(server.requests) - asked_before <= per_article * (30 - len(whole) + 2)  # finished ids not redone
