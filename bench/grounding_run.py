"""Run parse over the seed set and keep, per article, the report and every attempt's problems.

    python bench/grounding_run.py --split dev --out build/grounding/after
    python bench/grounding_counts.py build/grounding/before build/grounding/after

One JSON file per article (the report, each attempt's step, raw answer and validation problems,
seconds), written as soon as the article is done, so a stopped run resumes where it stopped.
The attempt log is read from the extraction's own attempt record, so the same script records a
run of an older checkout (put that checkout first on PYTHONPATH).
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path
from typing import Any

import newsstruct
import newsstruct.extract as extract
from newsstruct.backends import resolve_backend
from newsstruct.errors import NewsstructError
from newsstruct.evaluate import load_samples

ROOT = Path(__file__).resolve().parent.parent

_seen: list[Any] = []
_hooks = extract._Attempts.hooks


def _recording_hooks(self: Any, step: str) -> Any:
    if not _seen or _seen[-1] is not self:
        _seen.append(self)
    return _hooks(self, step)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], action="append", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--retries", type=int, default=2)
    args = parser.parse_args()
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    extract._Attempts.hooks = _recording_hooks  # type: ignore[method-assign]
    args.out.mkdir(parents=True, exist_ok=True)
    backend = resolve_backend("embedded")
    for split in args.split:
        for sample in load_samples(ROOT / "seeds", split=split):
            path = args.out / f"{sample.id}.json"
            if path.exists():
                continue
            _seen.clear()
            started = time.perf_counter()
            try:
                report: dict[str, Any] | None = json.loads(
                    newsstruct.parse(sample.input, backend=backend, retries=args.retries).model_dump_json()
                )
                error = None
            except NewsstructError as exc:
                report, error = None, f"{type(exc).__name__}: {exc}"
            seconds = round(time.perf_counter() - started, 2)
            log = _seen[-1] if _seen else None
            attempts = (
                [
                    {"step": step, "raw": raw, "problems": log.errors.get(n, [])}
                    for n, (raw, step) in enumerate(zip(log.raw, log.steps, strict=True), start=1)
                ]
                if log is not None
                else []
            )
            entry = {"id": sample.id, "split": split, "seconds": seconds, "error": error,
                     "report": report, "attempts": attempts}  # fmt: skip
            path.write_text(json.dumps(entry, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"{sample.id}: {seconds:.1f} s, {len(attempts)} attempts, error={error}", flush=True)


if __name__ == "__main__":
    main()
