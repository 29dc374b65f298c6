"""The embedded default on the seed set: seconds, tokens and quality per article, per variant.

    python bench/embedded_speed.py --split test                  # single call and the pipeline
    python bench/embedded_speed.py --split dev --variants steps --no-prefix-reuse

Variants, run one after the other on each article in this one process (same machine, same load):

* ``single``: the naive baseline: one call with the whole draft schema (incidents, figures and
  claims together, the same enums and worked example), the three task texts in one message, no
  re-asks; what fails the checks is dropped.
* ``steps``: ``newsstruct.parse`` as shipped (incidents, then figures, then claims; re-asks
  within ``--retries``). Its reports go to the eval cache (``evals/.cache``), so ``evals/seeds.py``
  re-scores them without another model call; an article already there is timed from the cache
  entry (measured when it was made) and marked so. ``--fresh`` neither reads nor writes it.

``--no-prefix-reuse`` clears llama.cpp's KV cache before every call, so each call pays for its
whole prompt: the difference is what prefix reuse (system message and worked example shared by
every call, the article shared by an article's steps) saves.

Prints, per variant: median and p90 seconds per article, prompt and completion tokens, calls,
micro F1 per section, and the process's peak RSS; writes everything to ``--out`` as JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from pydantic import Field, create_model
from pydantic.config import JsonDict

from newsstruct.assemble import assemble
from newsstruct.backends import resolve_backend
from newsstruct.backends.base import Backend
from newsstruct.draft import (
    MAX_CLAIMS,
    MAX_FIGURES,
    MAX_INCIDENTS,
    STEP_CONTEXT,
    DraftClaim,
    DraftFigure,
    DraftIncident,
    DraftReport,
    _cited,
    _only,
)
from newsstruct.evaluate import OutputCache, load_samples, timed_parse
from newsstruct.extract import _Attempts, _instructor_client
from newsstruct.grounding import TextIndex
from newsstruct.pipeline import claim_sentences, figure_sentences, writes_of_violence
from newsstruct.prompting import load_prompts
from newsstruct.quantities import candidates
from newsstruct.schema import Report
from newsstruct.scoring import Counts, score_report
from newsstruct.sentences import numbered, split_sentences

ROOT = Path(__file__).resolve().parent.parent
IDS = [f"I{n}" for n in range(1, MAX_INCIDENTS + 1)]


def single_call(text: str, backend: Backend) -> tuple[Report, dict[str, Any]]:
    """One call for everything; items failing the checks are dropped, never re-asked."""
    prompts = load_prompts()
    sentences = split_sentences(text)
    index = TextIndex(text)
    phrases = candidates(text) or ["one"]
    quantities = figure_sentences(index, sentences, phrases) or [1]
    attributing = claim_sentences(index, sentences) or [1]
    incident = _cited(DraftIncident, range(1, len(sentences) + 1))
    figure = _cited(DraftFigure, quantities, incident=(str, Field(json_schema_extra=_only(IDS))),
                    phrase=(str, Field(max_length=60, json_schema_extra=_only(phrases))))  # fmt: skip
    claim = _cited(DraftClaim, attributing, incident=(str | None, Field(json_schema_extra=_only([*IDS, None]))))
    # The same rule as the pipeline's incident step: an article that writes of violence gets a
    # non-empty incident list (without it this call answered [] for every test article).
    at_least_one: JsonDict | None = {"minItems": 1} if writes_of_violence(index, sentences) else None
    model = create_model(
        "DraftReport", __base__=DraftReport,
        incidents=(list[incident], Field(max_length=MAX_INCIDENTS, json_schema_extra=at_least_one)),  # type: ignore[valid-type]
        figures=(list[figure], Field(max_length=MAX_FIGURES)),  # type: ignore[valid-type]
        claims=(list[claim], Field(max_length=MAX_CLAIMS)),  # type: ignore[valid-type]
    )  # fmt: skip
    shown = numbered(text, sentences)
    every = ", ".join(str(n) for n in attributing)
    tasks = [prompts.steps["incidents"].substitute().strip()]
    for step in ("figures", "claims"):
        task = prompts.steps[step].substitute(incidents="(the incidents of your answer)", sentences=every).strip()
        tasks.append(task)
    block = prompts.article.substitute(article=shown).rstrip()
    messages = [
        {"role": "system", "content": prompts.system},
        {"role": "user", "content": block + "\n\nAnswer three tasks in one JSON object.\n\n" + "\n\n".join(tasks)},
    ]
    attempts = _Attempts()
    client = _instructor_client(backend, attempts, is_async=False)
    token = STEP_CONTEXT.set({"index": index, "sentences": sentences, "drop_ungrounded": True, "incident_ids": IDS})
    try:
        draft = client.chat.completions.create(
            model=backend.name, response_model=model, messages=messages, max_retries=1,
            max_tokens=backend.default_max_tokens, temperature=0.0, hooks=attempts.hooks("single"),
        )  # fmt: skip
    finally:
        STEP_CONTEXT.reset(token)
    used = attempts.usage
    usage: dict[str, Any] = {"prompt_tokens": used.prompt_tokens, "completion_tokens": used.completion_tokens,
                             "calls": len(attempts.raw)}  # fmt: skip
    return assemble(draft, index, sentences), usage


def steps(text: str, backend: Backend, cache: OutputCache | None, retries: int) -> tuple[Report | None, dict[str, Any]]:
    cached = cache is not None and cache.get(text) is not None
    entry = cache.run(text, backend, retries) if cache is not None else timed_parse(text, backend, retries)
    report = Report.model_validate(entry["report"]) if entry["report"] else None
    usage: dict[str, Any] = {"cached": cached, "seconds": entry["seconds"], "error": entry["error"]}
    if report is not None:
        usage.update(prompt_tokens=report.usage.prompt_tokens, completion_tokens=report.usage.completion_tokens,
                     calls=report.attempts)  # fmt: skip
    return report, usage


def _without_prefix_reuse(backend: Any) -> None:
    create = backend.create

    def fresh(**kwargs: Any) -> Any:
        backend._model().reset()  # forget every evaluated token: the whole prompt is evaluated again
        return create(**kwargs)

    backend.create = fresh


def _table(rows: list[dict[str, Any]], variant: str) -> dict[str, Any]:
    mine = [r[variant] for r in rows if variant in r]
    seconds = sorted(r["seconds"] for r in mine)
    totals: dict[str, Counts] = {}
    for r in mine:
        for section, c in r["scores"].items():
            totals.setdefault(section, Counts()).add(Counts(**c))
    p90 = seconds[min(len(seconds) - 1, round(0.9 * (len(seconds) - 1)))] if seconds else 0.0
    return {
        "articles": len(mine),
        "median_s": round(statistics.median(seconds), 1) if seconds else None,
        "p90_s": round(p90, 1),
        "prompt_tokens": sum(r.get("prompt_tokens", 0) for r in mine),
        "completion_tokens": sum(r.get("completion_tokens", 0) for r in mine),
        "calls": sum(r.get("calls", 0) for r in mine),
        "cached": sum(1 for r in mine if r.get("cached")),
        "f1": {s: round(c.f1, 3) for s, c in totals.items()},
        "prf": {s: (round(c.precision, 3), round(c.recall, 3)) for s, c in totals.items()},
    }


def _out(args: argparse.Namespace) -> Path:
    return Path(args.out or ROOT / "build" / f"embedded-speed-{args.split}.json")


def _write(args: argparse.Namespace, model: str, variants: list[str], rows: list[dict[str, Any]]) -> dict[str, Any]:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = {v: _table(rows, v) for v in variants}
    result = {"split": args.split, "model": model, "prompt_version": load_prompts().version,
              "prefix_reuse": not args.no_prefix_reuse, "peak_rss_mb": round(peak_mb), "summary": summary,
              "articles": rows}  # fmt: skip
    out = _out(args)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], required=True)
    parser.add_argument("--variants", default="single,steps")
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--only", action="append", metavar="ID", help="only these seed ids (repeatable)")
    parser.add_argument("--no-prefix-reuse", action="store_true", help="clear the KV cache before every call")
    parser.add_argument("--fresh", action="store_true", help="neither read nor write the eval cache")
    parser.add_argument("--out", type=Path, help="JSON file for every figure (default: build/)")
    args = parser.parse_args()
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    variants = args.variants.split(",")
    backend = resolve_backend("embedded")
    if args.no_prefix_reuse:
        _without_prefix_reuse(backend)
    fresh = args.fresh or args.no_prefix_reuse  # a run without reuse must not take cached timings
    cache = None if fresh else OutputCache(ROOT / "evals" / ".cache", backend.name)
    samples = [s for s in load_samples(ROOT / "seeds", split=args.split) if not args.only or s.id in args.only]
    samples = samples[: args.limit]
    rows: list[dict[str, Any]] = []
    for n, sample in enumerate(samples, start=1):
        row: dict[str, Any] = {"id": sample.id}
        for variant in variants:
            started = time.perf_counter()
            usage: dict[str, Any]
            report: Report | None
            if variant == "single":
                report, usage = single_call(sample.input, backend)
                usage["seconds"] = round(time.perf_counter() - started, 2)
            else:
                report, usage = steps(sample.input, backend, cache, args.retries)
            assert sample.target is not None  # seeds always have gold
            score = score_report(sample.id, report, sample.target, error=usage.get("error"))
            usage["scores"] = {s: {"tp": c.tp, "fp": c.fp, "fn": c.fn} for s, c in score.sections.items()}
            row[variant] = usage
            print(f"[{n}/{len(samples)}] {sample.id} {variant}: {usage['seconds']:.1f} s"
                  f"{' (cached)' if usage.get('cached') else ''}", file=sys.stderr, flush=True)  # fmt: skip
        rows.append(row)
        result = _write(args, backend.name, variants, rows)  # after every article: a stopped run keeps its rows
    summary, peak_mb, out = result["summary"], result["peak_rss_mb"], _out(args)
    print("| variant | articles | median s | p90 s | prompt tok | completion tok | calls | incidents F1 | "
          "figures F1 | claims F1 |\n|---|---|---|---|---|---|---|---|---|---|")  # fmt: skip
    for v, s in summary.items():
        f1 = s["f1"]
        print(f"| {v} | {s['articles']} | {s['median_s']} | {s['p90_s']} | {s['prompt_tokens']} | "
              f"{s['completion_tokens']} | {s['calls']} | {f1.get('incidents')} | {f1.get('figures')} | "
              f"{f1.get('claims')} |")  # fmt: skip
    print(f"peak RSS {peak_mb:.0f} MB; prompt {result['prompt_version']}; prefix reuse {result['prefix_reuse']}")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
