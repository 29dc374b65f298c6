"""No text in the repository may share a sentence with the held-out evaluation articles.

Quality is also measured on modern articles kept apart from this repository; the checker beside
the repository (``../shared/heldout/check_overlap.py``) holds only salted hashes of their
sentences. Every text file of the seeds, the package (prompts, demonstrations, lexicons) and the
evaluation folder is passed to it by name, so files of any extension are read.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT.parent / "shared" / "heldout" / "check_overlap.py"
FOLDERS = ("seeds", "newsstruct", "prompts", "evals", "bench", "tests", "scripts")
TEXT_SUFFIXES = {".txt", ".json", ".jsonl", ".md", ".py", ".yaml", ".yml", ".html", ".csv"}


def _text_files() -> list[Path]:
    files = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in TEXT_SUFFIXES and ".cache" not in path.parts:
                files.append(path)
    return files


def test_no_repository_text_overlaps_the_heldout_articles() -> None:
    if not CHECKER.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"the held-out checker is missing: {CHECKER}")
        pytest.skip(f"no held-out checker at {CHECKER}")
    files = _text_files()
    assert len([f for f in files if f.parent.name == "seeds" and f.suffix == ".txt"]) >= 21
    done = subprocess.run([sys.executable, str(CHECKER), *map(str, files)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert f"{len(files)} files checked, 0 held-out sentences found" in done.stdout
