"""The newsstruct command, run as a real process against a stub server on 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from command import run_cli as _run
from paths import SEED
from scripted import answers
from stub_server import StubServer

from newsstruct.cli import main


def test_parse_prints_a_valid_report_as_json() -> None:
    with StubServer([], default=answers()) as server:
        done = _run(["parse", str(SEED)], server.base_url)
    assert done.returncode == 0, done.stderr.decode()
    report = json.loads(done.stdout)
    assert report["incidents"] and report["model"] == "openai:stub-model"
    assert report["attempts"] == len(server.headers)
    assert server.headers[0]["authorization"] == "Bearer sk-test-secret"


def test_parse_reads_stdin_and_pretty_prints() -> None:
    with StubServer([], default=answers()) as server:
        done = _run(["parse", "-", "--pretty"], server.base_url, stdin=SEED.read_bytes())
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    # the first option of every question: the lines of each section, whatever the answers made
    assert re.search(r"^\[I1\] \w+ ", out, re.MULTILINE) and "(disputed)" in out
    assert "F2: 10 extremists killed/captured  ('about 10', per The defence ministry)" in out  # no model
    assert re.search(r"^  \[C\d+\] denial by .* contests C\d+\): ", out, re.MULTILINE)
    assert re.search(r"values grounded: \d+ exact", out)


def test_missing_file_and_empty_input_exit_3(tmp_path: Path) -> None:
    missing = _run(["parse", str(tmp_path / "nope.txt")])
    assert missing.returncode == 3 and b"no such file" in missing.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    done = _run(["parse", str(empty)])
    assert done.returncode == 3 and b"empty" in done.stderr
    assert done.stdout == b""


def test_extraction_failure_exits_1_with_details_on_stderr() -> None:
    with StubServer([], default="garbage") as server:
        done = _run(["parse", str(SEED)], server.base_url)
    assert done.returncode == 1
    assert b"no valid answer to a question after 2 attempt(s)" in done.stderr  # the repeat stops the re-asking
    assert b"sk-test-secret" not in done.stderr


def test_strict_parse_of_a_clean_report_prints_it() -> None:
    with StubServer([], default=answers()) as server:
        strict = _run(["parse", str(SEED), "--strict", "--pretty"], server.base_url)
    assert strict.returncode == 0, strict.stderr.decode()
    assert "values grounded: " in strict.stdout.decode() and "warning" not in strict.stdout.decode()


def test_unreachable_endpoint_exits_4() -> None:
    done = _run(["parse", str(SEED), "--retries", "0"], "http://127.0.0.1:9/v1")
    assert done.returncode == 4 and b"endpoint failed" in done.stderr


def test_usage_error_exits_2() -> None:
    done = _run(["parse"])
    assert done.returncode == 2


def test_ray_workers_and_cpus_of_zero_are_refused_not_read_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    command = ["batch", str(source), str(tmp_path / "out.jsonl"), "--engine", "ray"]
    endpoint = ["--base-url", "http://127.0.0.1:9/v1", "--model", "m"]
    assert main([*command, "--workers", "0", *endpoint]) == 2
    assert "workers and concurrency must be at least 1, got 0" in capsys.readouterr().err
    assert main([*command, "--cpus-per-worker", "0", *endpoint]) == 2
    assert "cpus_per_worker must be above 0" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()  # refused before anything was read or written


def test_the_embedded_path_does_not_import_the_openai_package() -> None:
    """openai takes over a second to import; a parse on the embedded model never calls it, and the
    endpoint backend still loads it on first use."""
    import subprocess
    import sys

    probe = (
        "import sys, newsstruct, newsstruct.cli; loaded = 'openai' in sys.modules; "
        "backend = newsstruct.OpenAIBackend; print(loaded, 'openai' in sys.modules, backend.__name__)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "OpenAIBackend"]
