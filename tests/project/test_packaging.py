"""The wheel: built from the checkout, it holds the prompts and word lists, and the command it
installs parses an article from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from paths import ROOT, SEED
from scripted import answers
from stub_server import StubServer


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (built,) = out.glob("newsstruct-*.whl")
    return built


def test_the_wheel_ships_every_prompt_and_word_list_and_no_suite(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    prompts = {f"newsstruct/prompts/{p.name}" for p in (ROOT / "prompts").iterdir() if p.suffix in (".md", ".json")}
    assert prompts and prompts <= names
    assert "newsstruct/text/number_words.json" in names
    assert not any(n.startswith(("evals/", "tests/", "newsstruct/muc4/")) for n in names)


def test_the_installed_command_parses_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    """Installed from the wheel (not this checkout) and run elsewhere, the prompts are found."""
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site), NEWSSTRUCT_MODEL="stub-model", NEWSSTRUCT_API_KEY="sk-test")
    where = subprocess.run(
        [sys.executable, "-c", "import newsstruct; print(newsstruct.__file__)"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert where.stdout.startswith(str(site)), where.stdout + where.stderr
    with StubServer([], default=answers()) as server:
        parsed = subprocess.run(
            [sys.executable, "-m", "newsstruct.cli", "parse", str(SEED), "--base-url", server.base_url],
            cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert parsed.returncode == 0, parsed.stderr[-2000:]
    report = json.loads(parsed.stdout)
    assert report["incidents"] and report["model"] == "openai:stub-model"
