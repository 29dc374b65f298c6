"""Peak memory of ``newsstruct batch`` against corpus size: it must not grow with the corpus.

Each size runs in a fresh process: a JSONL corpus of short stub articles (each one different),
``run_batch`` over it with an instant in-process backend (the engine runs in full: sentences,
finders, questions; only the model's answer is instant), then the process's peak RSS. A batch
that held the input or its results in memory would grow by about the corpus size at each step.

    python bench/batch_memory.py --sizes 1000 10000 100000 --out evals/results/batch-memory.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from newsstruct.scale import run_batch
from newsstruct.testing import FakeBackend

source, out = Path(sys.argv[1]), Path(sys.argv[2])
started = time.perf_counter()
instant = FakeBackend(name="instant", record=False)
summary = run_batch(source, out, backend=instant, progress=False, cache=False, concurrency=8)
print(json.dumps({"done": summary.done, "failed": summary.failed, "seconds": round(time.perf_counter() - started, 1),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""

PLACES = ["Kabul", "Mosul", "Gao", "Juba", "Aleppo", "Kandahar", "Maiduguri", "Bamako"]


def article(n: int) -> str:
    place = PLACES[n % len(PLACES)]
    return (
        f"Attack near {place}\n\nGunmen killed {n % 40 + 2} people in {place} on Monday, police said. "
        f"The army said {n % 7 + 1} soldiers were wounded in the attack on checkpoint {n}. "
        "A rebel spokesman denied any involvement."
    )


def run(size: int, directory: Path) -> dict[str, float]:
    source, out = directory / f"in-{size}.jsonl", directory / f"out-{size}.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for n in range(size):
            handle.write(json.dumps({"id": f"a{n}", "text": article(n)}) + "\n")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, str(source), str(out)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    row = json.loads(done.stdout.strip().splitlines()[-1])
    row.update(size=size, input_mb=round(source.stat().st_size / 1e6, 1), output_mb=round(out.stat().st_size / 1e6, 1),
               wall_seconds=round(time.perf_counter() - started, 1))  # fmt: skip
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            rows.append(run(size, Path(tmp)))
            print(json.dumps(rows[-1]), file=sys.stderr)
    print("| articles | input MB | output MB | peak RSS MB | seconds |\n|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['size']:,} | {r['input_mb']} | {r['output_mb']} | {r['peak_rss_mb']} | {r['seconds']} |")
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
