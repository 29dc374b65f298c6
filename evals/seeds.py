"""The seed suite: score a backend on the hand-labelled seeds and keep the run under evals/results.

    python evals/seeds.py --split test                      # embedded default
    python evals/seeds.py --split dev --model gpt-4o-mini --backend openai

Model outputs are cached in evals/.cache (git-ignored), so a run that was stopped resumes and a
re-run only re-scores. Results go to evals/results/seeds-<split>-<model>-<date>/ as run.json,
report.md and report.html.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from newsstruct.backends import resolve_backend
from newsstruct.cli import main

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], required=True)
    parser.add_argument("--backend", choices=["embedded", "openai"], default="embedded")
    parser.add_argument("--model")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    name = resolve_backend(args.backend, model=args.model).name
    slug = re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")
    out = ROOT / "evals" / "results" / f"seeds-{args.split}-{slug}-{dt.date.today().isoformat()}"
    argv = ["eval", str(ROOT / "seeds"), "--split", args.split, "--backend", args.backend,
            "--cache", str(ROOT / "evals" / ".cache"), "--out", str(out)]  # fmt: skip
    argv += ["--model", args.model] if args.model else []
    argv += ["--limit", str(args.limit)] if args.limit else []
    sys.exit(main(argv))
