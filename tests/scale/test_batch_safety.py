"""``newsstruct batch`` cannot destroy data: each test is a mistake or an accident a user meets
(swapped arguments, a second process, a bad byte, a broken cache, a full disk, a hostile
article), and each asserts that no line of earlier output and no byte of the input is lost."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import openai
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import SEED
from scripted import answers
from stub_server import StubServer

import newsstruct
from newsstruct.engine import ResultCache, coerce_text
from newsstruct.errors import CacheError, OutputLockedError, OutputRefusedError, RunError, TextTooLargeError
from newsstruct.scale import run_batch
from newsstruct.scale._results_file import ResultsFile
from newsstruct.text import split_sentences

SEED_TEXT = SEED.read_text(encoding="utf-8")


def _variant(n: int) -> str:
    return SEED_TEXT + f"\n\nUpdate {n}: the situation in the region remains tense.\n"


def _backend(server: StubServer, model: str = "stub-model") -> newsstruct.OpenAIBackend:
    client = openai.AsyncOpenAI(base_url=server.base_url, api_key="sk-test", max_retries=0)
    return newsstruct.OpenAIBackend(model=model, client=client)


def _write(path: Path, rows: list[Any]) -> bytes:
    data = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows).encode("utf-8")
    path.write_bytes(data)
    return data


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _cli(*args: str, server: StubServer | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NEWSSTRUCT_API_KEY="sk-test", NEWSSTRUCT_BACKEND="openai", NEWSSTRUCT_MODEL="stub-model")
    extra = ["--base-url", server.base_url] if server is not None else []
    command = [sys.executable, "-m", "newsstruct.cli", "batch", *args, *extra, "--no-cache", "--no-progress"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)


def _first_run(tmp_path: Path, ids: list[str]) -> tuple[Path, Path]:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(source, [{"id": i, "text": _variant(n)} for n, i in enumerate(ids)])
    with StubServer([], default=answers()) as server:
        summary = run_batch(source, out, backend=_backend(server), progress=False, cache=False)
    assert summary.done == len(ids)
    return source, out


# -- resume that only ever adds -----------------------------------------------------------------


def test_swapped_arguments_are_refused_and_the_corpus_is_untouched(tmp_path: Path) -> None:
    source, out = _first_run(tmp_path, ["a", "b"])
    corpus, results = source.read_bytes(), out.read_bytes()
    with pytest.raises(OutputRefusedError, match="not a newsstruct results file"):
        run_batch(out, source, progress=False, cache=False)
    done = _cli(str(out), str(source))
    assert done.returncode == 5 and "swap" in done.stderr
    assert source.read_bytes() == corpus and out.read_bytes() == results
    assert not source.with_name(source.name + ".replaced.jsonl").exists()


def test_the_input_as_its_own_output_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    corpus = _write(source, [{"id": "a", "text": SEED_TEXT}])
    with pytest.raises(OutputRefusedError, match="is the input file"):
        run_batch(source, tmp_path / "." / "in.jsonl", progress=False, cache=False)
    assert source.read_bytes() == corpus


def test_the_next_days_input_keeps_yesterdays_results(tmp_path: Path) -> None:
    source, out = _first_run(tmp_path, ["mon-1", "mon-2"])
    yesterday = out.read_text(encoding="utf-8").splitlines()
    _write(source, [{"id": "tue-1", "text": _variant(7)}])
    with StubServer([], default=answers()) as server:
        summary = run_batch(source, out, backend=_backend(server), progress=False, cache=False)
    assert summary.done == 1
    now = out.read_text(encoding="utf-8").splitlines()
    assert now[: len(yesterday)] == yesterday and json.loads(now[-1])["id"] == "tue-1" and len(now) == 3


def test_a_changed_article_is_redone_and_its_old_line_kept_aside(tmp_path: Path) -> None:
    source, out = _first_run(tmp_path, ["a", "b"])
    old_b = next(line for line in out.read_text(encoding="utf-8").splitlines() if json.loads(line)["id"] == "b")
    _write(source, [{"id": "a", "text": _variant(0)}, {"id": "b", "text": _variant(9)}])  # b was edited
    with StubServer([], default=answers()) as server:
        summary = run_batch(source, out, backend=_backend(server), progress=False, cache=False)
    assert (summary.skipped, summary.done) == (1, 1)
    aside = out.with_name("out.jsonl.replaced.jsonl").read_text(encoding="utf-8").splitlines()
    assert aside == [old_b]
    assert sorted(r["id"] for r in _lines(out)) == ["a", "b"]


def test_a_line_torn_by_a_kill_is_kept_aside_not_dropped(tmp_path: Path) -> None:
    source, out = _first_run(tmp_path, ["a", "b"])
    torn = b'{"id": "c", "metadata": {}, "rep'
    with out.open("ab") as handle:
        handle.write(torn)
    with StubServer([], default=answers()) as server:
        run_batch(source, out, backend=_backend(server), progress=False, cache=False)
    assert out.with_name("out.jsonl.replaced.jsonl").read_bytes() == torn + b"\n"
    assert all(line.endswith("}") for line in out.read_text(encoding="utf-8").splitlines())


# -- one writer --------------------------------------------------------------------------------


def test_a_second_process_on_the_same_output_is_refused(tmp_path: Path) -> None:
    source, out = _first_run(tmp_path, ["a"])
    before = out.read_bytes()
    with ResultsFile(out, input_path=source):
        with pytest.raises(OutputLockedError, match="another newsstruct batch"):
            ResultsFile(out, input_path=source)
        done = _cli(str(source), str(out))
        assert done.returncode == 5 and f"pid {os.getpid()}" in done.stderr
    assert out.read_bytes() == before
    with ResultsFile(out, input_path=source):  # the lock ends with its holder
        pass


# -- bad input, broken cache, full disk ----------------------------------------------------------


def test_an_invalid_utf8_byte_is_its_lines_error_and_the_rest_is_done(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    good = json.dumps({"id": "ok", "text": SEED_TEXT}).encode()
    source.write_bytes(good + b"\n" + b'{"id": "bad", "text": "caf\xe9"}\n')
    with StubServer([], default=answers()) as server:
        done = _cli(str(source), str(out), server=server)
    assert done.returncode == 1, done.stderr  # some items failed: not a crash of the run
    rows = {r["id"]: r for r in _lines(out)}
    assert "report" in rows["ok"] and "not UTF-8" in rows["line-2"]["error"]["message"]


class _ReadOnlyCache(ResultCache):
    """A cache whose writes fail as a read-only database's do (root ignores file modes)."""

    def put(self, *_: Any, **__: Any) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")


def test_a_cache_that_cannot_be_written_costs_a_warning_not_the_report(tmp_path: Path) -> None:
    cache = _ReadOnlyCache(tmp_path / "results.sqlite")
    with StubServer([], default=answers()) as server:
        report = newsstruct.parse(SEED_TEXT, backend=_backend(server), cache=cache)
    assert report.incidents and any(w.code == "cache_skipped" for w in report.warnings)


def test_a_corrupt_cache_is_a_typed_error_with_its_own_exit_code(tmp_path: Path) -> None:
    broken = tmp_path / "results.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CacheError, match="--no-cache"):
        ResultCache(broken)
    source = tmp_path / "in.jsonl"
    corpus = _write(source, [{"id": "a", "text": SEED_TEXT}])
    env = dict(os.environ, NEWSSTRUCT_API_KEY="sk-test", NEWSSTRUCT_BACKEND="openai", NEWSSTRUCT_MODEL="m")
    command = [sys.executable, "-m", "newsstruct.cli", "batch", str(source), str(tmp_path / "out.jsonl"),
               "--base-url", "http://127.0.0.1:9", "--cache", str(broken), "--no-progress"]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 6 and "cannot be used" in done.stderr and "Traceback" not in done.stderr
    assert source.read_bytes() == corpus


def test_caches_opened_at_once_by_many_processes_all_open(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    code = (
        "import sys; from newsstruct.engine._cache import ResultCache; c = ResultCache(sys.argv[1]); "
        "c.put('m', 'text ' + sys.argv[2], {'report': None, 'error': None, 'seconds': 0}); print('ok')"
    )
    children = [subprocess.Popen([sys.executable, "-c", code, str(path), str(n)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for n in range(8)]  # fmt: skip
    outputs = [child.communicate(timeout=120) for child in children]
    assert [out.strip() for out, _ in outputs] == ["ok"] * 8, [err[-500:] for _, err in outputs]
    assert len(ResultCache(path)) == 8


def test_a_full_disk_stops_the_run_with_earlier_lines_whole(tmp_path: Path, monkeypatch: Any) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(source, [{"id": f"d{n}", "text": _variant(n)} for n in range(4)])
    real_write, calls = os.write, []

    def fill(fd: int, data: bytes) -> int:
        if fd > 2 and data.startswith(b'{"id"'):
            calls.append(data)
            if len(calls) > 2:
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", fill)  # the disk fills after two results lines
    with StubServer([], default=answers()) as server, pytest.raises(RunError, match="No space left"):
        run_batch(source, out, backend=_backend(server), progress=False, cache=False, concurrency=1)
    monkeypatch.undo()
    assert [r["id"] for r in _lines(out)] == ["d0", "d1"]  # whole lines, nothing torn
    with StubServer([], default=answers()) as server:
        summary = run_batch(source, out, backend=_backend(server), progress=False, cache=False)
    assert (summary.skipped, summary.done) == (2, 2)


# -- cache honesty -----------------------------------------------------------------------------


def test_a_failed_article_is_not_cached_and_another_endpoint_is_asked_again(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "results.sqlite")
    with StubServer([], default=(500, {"error": "down"})) as down:
        with pytest.raises(newsstruct.NewsstructError):
            newsstruct.parse(SEED_TEXT, backend=_backend(down), cache=cache, retries=0)
    assert len(cache) == 0
    with StubServer([], default=answers()) as first:
        newsstruct.parse(SEED_TEXT, backend=_backend(first), cache=cache)
    with StubServer([], default=answers()) as second:  # same model name, another server
        newsstruct.parse(SEED_TEXT, backend=_backend(second), cache=cache)
        newsstruct.parse(SEED_TEXT, backend=_backend(second), cache=cache, max_tokens=50)
    assert first.requests and second.requests and len(cache) == 3


# -- bounded work per article --------------------------------------------------------------------


@settings(max_examples=4, deadline=None)
@given(
    st.integers(1, 10), st.sampled_from(["Police said two men died. ", "Gen. U.S. a.m. 3.5 ", "!?!. ", "x" * 70 + "\n"])
)
def test_sentence_splitting_takes_linear_time(megabytes: int, unit: str) -> None:
    text = unit * (megabytes * 1_000_000 // len(unit))
    started = time.perf_counter()
    split_sentences(text)
    assert time.perf_counter() - started < 3.0 * megabytes  # quadratic splitting took minutes per MB


def test_an_article_over_the_size_cap_is_refused_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(TextTooLargeError, match="cap of 1,000"):
        coerce_text("word " * 300, max_chars=1000)
    with pytest.raises(TextTooLargeError):
        newsstruct.parse("Police said two men died. " * 50_000, backend=newsstruct.OpenAIBackend(model="unused"))


def test_a_slow_endpoint_cannot_hold_an_article_past_its_deadline(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(source, [{"id": "slow", "text": SEED_TEXT}])
    with StubServer([], default=answers(), delay=1.0) as server:
        started = time.perf_counter()
        summary = run_batch(source, out, backend=_backend(server), progress=False, cache=False, deadline=1.5)
    assert time.perf_counter() - started < 10 and summary.failed == 1
    (row,) = _lines(out)
    assert row["error"]["type"] == "DeadlineError" and row["error"]["retryable"]


# -- what is shown --------------------------------------------------------------------------------


def test_a_formula_in_an_article_stays_text_in_the_csv_export(tmp_path: Path) -> None:
    from newsstruct.outputs import export

    formula = '=HYPERLINK("http://x.test","a")'
    text = f'Title\n\nGunmen killed four people in Kabul on Monday, police said. "{formula}," a witness told reporters.'
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(source, [{"id": "=cmd|' /C calc'!A0", "text": text}])
    with StubServer([], default=answers()) as server:
        run_batch(source, out, backend=_backend(server), progress=False, cache=False)
    export([out], tmp_path / "tables", format="csv")
    import csv

    cells = [c for name in ("articles", "claims", "incidents") for row in
             csv.reader((tmp_path / "tables" / f"{name}.csv").open(encoding="utf-8")) for c in row]  # fmt: skip
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert any(c.startswith("'=HYPERLINK") or "=HYPERLINK" in c[1:] for c in cells)


def test_direction_controls_are_shown_not_obeyed() -> None:
    from newsstruct.cli import render_pretty
    from newsstruct.outputs import render_html

    text = "Title\n\nPolice said \u202egnissim\u202c four people were killed in Kabul on Monday."
    with StubServer([], default=answers()) as server:
        report = newsstruct.parse(text, backend=_backend(server))
    page = render_html(report, text)
    assert "\u202e" not in page and "⟨U+202E⟩" in page
    pretty = render_pretty(report)
    assert "\u202e" not in pretty and "⟨U+202E⟩gnissim⟨U+202C⟩" in pretty


def test_a_huge_response_body_is_refused_not_read_into_memory() -> None:
    with StubServer([], default=lambda body: "x" * 2_000_000) as server:
        backend = newsstruct.OpenAIBackend(model="stub-model", base_url=server.base_url, max_response_bytes=100_000)
        with pytest.raises(newsstruct.BackendUnavailableError):
            newsstruct.parse(SEED_TEXT, backend=backend, retries=0)
    with StubServer([], default=answers()) as server:  # an answer of normal size passes the cap
        backend = newsstruct.OpenAIBackend(model="stub-model", base_url=server.base_url, max_response_bytes=100_000)
        assert newsstruct.parse(SEED_TEXT, backend=backend).incidents


def test_an_article_that_is_one_long_event_is_extracted_in_bounded_time() -> None:
    from newsstruct.backends import Backend

    class Instant(Backend):  # answers at once: what is timed is the engine's own work
        name = "instant"

        def create(self, **kwargs: Any) -> Any:
            raise NotImplementedError

        async def acreate(self, **kwargs: Any) -> Any:
            raise NotImplementedError

        def choose(self, messages: list[dict[str, str]], labels: list[str]) -> list[float]:
            return [1.0] + [0.0] * (len(labels) - 1)

    text = "Title\n\n" + "Gunmen killed 4 people in Kabul on Monday, police said. " * 1800  # 100 KB
    started = time.perf_counter()
    report = newsstruct.parse(text, backend=Instant())
    assert time.perf_counter() - started < 30  # comparing every mention with every sentence took minutes
    assert len(report.incidents) == 1 and report.figures
