"""Throughput of the Ray engine beside in-process ``parse_many``, against a local stub endpoint.

    python bench/ray_throughput.py [--articles 200] [--latency 0 --latency 0.05] [--concurrency 8]

Starts ``bench/stub_endpoint.py`` in its own process on 127.0.0.1 (answers at once, or after
``--latency`` seconds as a remote model would), then runs the same articles (variants of the seed
article, nothing cached) through:

- ``parse_many`` in this process (no files);
- ``newsstruct batch`` in this process (``run_batch``: JSONL in, JSONL out);
- ``newsstruct batch --engine ray`` with 1 and 2 workers (``run_ray_batch``, same files), on a
  local Ray runtime started once beforehand (its start-up time is printed apart).

Each Ray run includes starting its actors (each imports newsstruct and builds its backend): the
seconds to the first written line are shown, and the rate after it (the steady state, start-up
left out). Overhead per article is each run's milliseconds per article minus in-process
``parse_many``'s. ``uptime``'s load is printed beside the numbers, as
the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import newsstruct
from newsstruct.scale import connect, parse_many, run_batch, run_ray_batch

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "seeds" / "000_13ddadb092460672.txt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _articles(n: int, salt: str) -> dict[str, str]:
    seed = SEED.read_text(encoding="utf-8")
    return {f"{salt}-{k}": seed + f"\n\nUpdate {salt} {k}: the situation remains tense.\n" for k in range(n)}


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _write(path: Path, articles: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in articles.items()), encoding="utf-8")
    return path


def _ray_run(
    source: Path, target: Path, workers: int, concurrency: int, n: int, options: dict[str, object]
) -> tuple[float, float]:
    """Seconds for the whole Ray run, and to its first written line (its actors' start-up)."""
    started = time.perf_counter()
    first: list[float] = []

    def on_row(item_id: str, ok: bool, worker: int) -> None:
        if not ok:
            raise SystemExit(f"{item_id} failed on the Ray engine")
        if not first:
            first.append(time.perf_counter() - started)

    summary = run_ray_batch(
        source, target, workers=workers, concurrency=concurrency, progress=False, on_row=on_row, **options
    )
    if summary.done != n:
        raise SystemExit(f"Ray with {workers} worker(s) extracted {summary.done} of {n}")
    return time.perf_counter() - started, first[0]


def bench(base_url: str, n: int, concurrency: int, folder: Path) -> list[tuple[str, float, float | None]]:
    """(engine, seconds, seconds to the first line) for each engine over ``n`` articles."""
    options: dict[str, object] = {
        "base_url": base_url,
        "model": "stub",
        "api_key": "sk-bench",
        "retries": 0,
        "cache": False,
    }
    backend = newsstruct.OpenAIBackend(model="stub", base_url=base_url, api_key="sk-bench")
    parse_many(_articles(5, "warm"), backend=backend, concurrency=concurrency, retries=0)
    rows: list[tuple[str, float, float | None]] = []
    articles = _articles(n, "inproc")
    rows.append(
        ("parse_many, in process", _timed(lambda: parse_many(articles, concurrency=concurrency, **options)), None)
    )
    source = _write(folder / "local.jsonl", _articles(n, "local"))
    rows.append(
        ("batch, in process (files)", _timed(lambda: run_batch(source, folder / "local.out.jsonl", progress=False,
                                                                   concurrency=concurrency, **options)), None)
    )  # fmt: skip
    for workers in (1, 2):
        source = _write(folder / f"ray{workers}.jsonl", _articles(n, f"ray{workers}"))
        seconds, first = _ray_run(source, folder / f"ray{workers}.out.jsonl", workers, concurrency, n, options)
        rows.append((f"batch --engine ray, {workers} worker(s)", seconds, first))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--latency", type=float, action="append", help="stub answer delay (s); repeatable")
    parser.add_argument("--concurrency", type=int, default=8, help="extractions in flight per process / worker")
    args = parser.parse_args()
    print(f"before: {_load()}", flush=True)
    started = time.perf_counter()
    connect(workers=2)
    print(f"local Ray runtime started in {time.perf_counter() - started:.1f} s ({_load()})", flush=True)
    print("| stub latency | engine | articles | seconds | to first line (s) | articles/s | ms/article "
          "| overhead ms/article vs parse_many | articles/s after the first line | load (1/5/15 min) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for latency in args.latency or [0.0]:
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, str(HERE / "stub_endpoint.py"), "--port", str(port), "--latency", str(latency)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None and "listening" in server.stdout.readline()
            with tempfile.TemporaryDirectory() as folder:
                rows = bench(f"http://127.0.0.1:{port}/v1", args.articles, args.concurrency, Path(folder))
            baseline = rows[0][1] / args.articles * 1000
            for name, seconds, first in rows:
                per = seconds / args.articles * 1000
                steady = "" if first is None else f"{(args.articles - 1) / (seconds - first):.1f}"
                print(
                    f"| {latency * 1000:.0f} ms | {name} | {args.articles} | {seconds:.2f} | "
                    f"{'' if first is None else f'{first:.1f}'} | {args.articles / seconds:.1f} | {per:.1f} | "
                    f"{per - baseline:+.1f} | {steady} | {_load().removeprefix('load ')} |",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
