"""MUC-4 suite: newsstruct on the dev (TST1+TST2) or test (TST3+TST4) split, beside published systems.

    python -m evals.muc4.run --split dev --limit 20
    python -m evals.muc4.run --split test --stratified 50
    python -m evals.muc4.run --split test                  # all 200 documents (hours on 2 CPU cores)
    python -m evals.muc4.run --split test --demos 2        # MUC-4's own task, 2 retrieved train demos

Outputs are cached in evals/.cache (a stopped run resumes); results go to
evals/results/muc4-<split>-<model>-<date>/ as result.json, report.md, predictions.jsonl and
answers.jsonl (every answer the run used). `--answers that/answers.jsonl` loads a committed run's
answers first, so on a new machine the same engine re-makes its reports with no model call.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import sys
from pathlib import Path

from evals.muc4.suite import run_split, to_markdown
from newsstruct.engine import AnswerStore

ROOT = Path(__file__).resolve().parents[2]
MUC4 = ROOT.parent / "shared" / "data" / "muc4"

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], required=True)
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--stratified", type=int, metavar="N", help="a stratified subset of N documents")
    parser.add_argument("--backend", choices=["embedded", "openai"], default="embedded")
    parser.add_argument("--model")
    parser.add_argument("--data", type=Path, default=MUC4, help="the muc4 data folder")
    parser.add_argument(
        "--demos",
        type=int,
        metavar="K",
        help="MUC-4's own task with K retrieved train demonstrations instead of the pipeline",
    )
    parser.add_argument("--answers", type=Path, help="an answers.jsonl of an earlier run, loaded first")
    parser.add_argument("--out", type=Path, help="the results folder (default: muc4-<split>-<model>-<date>)")
    args = parser.parse_args()
    logging.getLogger("instructor").setLevel(logging.CRITICAL)

    def progress(n: int, total: int, doc: str, seconds: float) -> None:
        print(f"[{n}/{total}] {doc}: {seconds:.1f} s", file=sys.stderr, flush=True)

    result = run_split(args.data / "raw_muc34" / "TASK" / "CORPORA", args.data, args.split,
                       backend=args.backend, model=args.model, limit=args.limit, subset=args.stratified,
                       cache_dir=ROOT / "evals" / ".cache", progress=progress, demos=args.demos,
                       answers_file=args.answers)  # fmt: skip
    slug = re.sub(r"[^a-z0-9.]+", "-", result["model"].lower()).strip("-")
    size = f"-n{result['documents']}" if result["subset"] != "full" else ""
    setup = f"-roles-k{args.demos}" if args.demos is not None else ""
    named = f"muc4-{args.split}{size}{setup}-{slug}-{dt.date.today().isoformat()}"
    out = args.out or ROOT / "evals" / "results" / named
    out.mkdir(parents=True, exist_ok=True)
    # each document's predictions, one JSON line each, for re-scoring with any scorer
    predictions = result.pop("predictions", {})
    with (out / "predictions.jsonl").open("w", encoding="utf-8") as lines:
        for doc, predicted in predictions.items():
            lines.write(json.dumps({"doc_id": doc, **predicted}, ensure_ascii=False) + "\n")
    # every answer the run read or asked, as text: `--answers` on another machine re-extracts the
    # same reports with no model (complete when reports_from_cache is 0)
    keys = set(result.pop("answer_keys", []))
    if keys:
        AnswerStore(ROOT / "evals" / ".cache" / "answers.sqlite").export(out / "answers.jsonl", keys)
    (out / "result.json").write_text(json.dumps(result, indent=2) + "\n")
    (out / "report.md").write_text(to_markdown(result) + "\n")
    print(to_markdown(result))
    print(f"wrote {out}", file=sys.stderr)
