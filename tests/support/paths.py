"""Where the tests find the checkout's files (read only: tests write under pytest's tmp_path)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_13ddadb092460672.txt"
SHARED = ROOT.parent / "shared"
