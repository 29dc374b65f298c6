"""Parse the seed article on a backend and print what it cost and what came out.

    python bench/seed_article.py                       # embedded default
    python bench/seed_article.py --model path.gguf     # another GGUF
    python bench/seed_article.py --runs 3 --json out.json

Prints seconds (model load separate from extraction), prompt/completion tokens, attempts,
peak RSS and the report's counts, per run.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import statistics
import time
from pathlib import Path

import newsstruct
from newsstruct.backends import resolve_backend
from newsstruct.engine import ANSWER_TOKENS, Question, messages_for

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_13ddadb092460672.txt"


def design_checks(report: newsstruct.Report) -> dict[str, bool]:
    """What the seed article's report must hold (its gold and the README), one check each."""
    reported = [i for i in report.incidents if not i.background]
    raid = [i for i in reported if i.type.value == "raid_or_operation"]
    friendly = [i for i in reported if i.type.value == "friendly_fire"]
    fire = friendly[0].id if friendly else None
    fours = {f.source for f in report.figures if f.incident == fire and f.phrase == "four" and f.source}
    several = [f for f in report.figures if f.incident == fire and f.phrase == "several"]
    claims = {c.id: c for c in report.claims}
    denial = [c for c in report.claims if c.kind.value == "denial" and c.contests in claims]
    return {
        "headline is not an incident": all(e.start > 60 for i in report.incidents for e in i.evidence),
        "raid and friendly fire are two reported incidents": len(reported) == 2 and bool(raid) and bool(friendly),
        "the friendly fire is disputed": bool(friendly) and friendly[0].disputed,
        "four killed given by two sources": len(fours) >= 2,
        "several given by the Platform": any(
            "Platform" in (f.source or "") or "coalition" in (f.source or "") for f in several
        ),
        "the denial contests the accusation": any(
            claims[c.contests].kind.value == "accusation" for c in denial if c.contests
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="GGUF path (default: the embedded default model)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures and reports here")
    args = parser.parse_args()
    logging.getLogger("instructor").setLevel(logging.CRITICAL)  # failed attempts are counted below

    text = SEED.read_text(encoding="utf-8")
    started = time.perf_counter()
    backend = resolve_backend("embedded", model=args.model)
    backend.check_fits(messages_for(text, Question("x", "x", ["x", "y"])), ANSWER_TOKENS)  # loads the model
    load_seconds = time.perf_counter() - started
    rows = []
    for run in range(1, args.runs + 1):
        t0 = time.perf_counter()
        report = newsstruct.parse(text, backend=backend, retries=args.retries)
        rows.append(
            {
                "run": run,
                "seconds": round(time.perf_counter() - t0, 2),
                "prompt_tokens": report.usage.prompt_tokens,
                "completion_tokens": report.usage.completion_tokens,
                "attempts": report.attempts,
                "incidents": len(report.incidents),
                "figures": len(report.figures),
                "claims": len(report.claims),
                "warnings": len(report.warnings),
                "design": design_checks(report),
                "report": json.loads(report.model_dump_json()),
            }
        )
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model: {backend.name}   load + tokenizer check: {load_seconds:.1f} s   peak RSS: {peak_rss_mb:.0f} MB")
    print("run  seconds  prompt  completion  attempts  incidents  figures  claims  warnings")
    for r in rows:
        print(
            f"{r['run']:>3}  {r['seconds']:>7}  {r['prompt_tokens']:>6}  {r['completion_tokens']:>10}  "
            f"{r['attempts']:>8}  {r['incidents']:>9}  {r['figures']:>7}  {r['claims']:>6}  {r['warnings']:>8}"
        )
    for name, ok in rows[-1]["design"].items():
        print(f"  {'ok ' if ok else 'NO '} {name}")
    if len(rows) > 1:
        print(f"median seconds: {statistics.median(r['seconds'] for r in rows):.1f}")
    if args.json:
        args.json.write_text(json.dumps({"model": backend.name, "peak_rss_mb": peak_rss_mb, "runs": rows}, indent=2))


if __name__ == "__main__":
    main()
