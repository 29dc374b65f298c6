"""An API key never leaves the request header: not in logs, errors, cache files, eval reports,
batch output or the repr of configuration and backends. Everything a run writes is grepped."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fault_server import FaultServer
from paths import SEED
from scripted import answers
from stub_server import StubServer

import newsstruct
from newsstruct.backends import resolve_backend
from newsstruct.cli import main
from newsstruct.config import load_settings
from newsstruct.scale import run_batch

KEY = "sk-proj-SECRET-7c1f00d"
TEXT = SEED.read_text(encoding="utf-8")


def test_key_is_absent_from_everything_a_run_writes(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NEWSSTRUCT_API_KEY", KEY)
    monkeypatch.setenv("NEWSSTRUCT_BACKEND", "openai")
    monkeypatch.setenv("NEWSSTRUCT_RESULTS_CACHE", str(tmp_path / "results.sqlite"))
    caplog.set_level(logging.DEBUG)  # every logger, openai's and httpx's included
    seen: list[str] = []
    with StubServer([], default=answers()) as server:
        assert server.base_url
        monkeypatch.setenv("NEWSSTRUCT_BASE_URL", server.base_url)
        monkeypatch.setenv("NEWSSTRUCT_MODEL", "stub-model")
        backend = resolve_backend("openai")
        seen += [repr(backend), repr(load_settings())]
        report = newsstruct.parse(TEXT, backend=backend, cache=True)
        seen.append(report.model_dump_json())
        source = tmp_path / "in.jsonl"
        source.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n", encoding="utf-8")
        run_batch(source, tmp_path / "out.jsonl", backend=backend, progress=False)
        assert main(["eval", str(SEED.parent), "--split", "dev", "--limit", "1", "--backend", "openai",
                     "--cache", str(tmp_path / "eval-cache"), "--out", str(tmp_path / "eval-run")]) == 0  # fmt: skip
        assert server.headers and all(h["authorization"] == f"Bearer {KEY}" for h in server.headers)
    with FaultServer(answers(), lambda body, n: "500") as failing:
        monkeypatch.setenv("NEWSSTRUCT_BASE_URL", failing.base_url)
        try:
            newsstruct.parse(TEXT, backend="openai", retries=0)
        except newsstruct.BackendUnavailableError as exc:
            seen += [str(exc), repr(exc), repr(exc.__cause__)]
        assert main(["parse", str(SEED), "--retries", "0"]) == 4
    captured = capsys.readouterr()
    seen += [captured.out, captured.err, caplog.text]
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {p.suffix for p in written} >= {".sqlite", ".jsonl", ".json", ".md", ".html"}
    for path in written:
        assert KEY.encode() not in path.read_bytes(), path
    for text in seen:
        assert KEY not in text
