"""The evaluation harness: run a backend over gold samples, cache outputs, score, aggregate.

Shaped like inspect_ai: samples with id/input/target/metadata, scorers that are pure functions
(:mod:`newsstruct.evaluation._scoring`), and a failed parse scored as a miss, never a crash of the run.
Model outputs are cached on disk (:mod:`newsstruct.engine._cache`, keyed by model, prompt version, schema
version and text), so re-scoring costs nothing and an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsstruct.backends import Backend, resolve_backend
from newsstruct.engine import DEFAULT_RETRIES, AnswerStore, ResultCache, cache_variant, parse
from newsstruct.errors import InputError, NewsstructError
from newsstruct.evaluation._gold import load_gold
from newsstruct.evaluation._scoring import SCORER_VERSION, ArticleScore, Counts, score_report
from newsstruct.schema import SCHEMA_VERSION, Report

SECTIONS = ("incidents", "figures", "claims")


@dataclass
class Sample:
    id: str
    input: str
    target: Report | None
    metadata: dict[str, Any] = field(default_factory=dict)


def load_samples(source: Path, *, split: str | None = None) -> list[Sample]:
    """Samples from a folder of gold records, or a JSONL of ``{"id", "text", "target"?, ...}``."""
    if source.is_dir():
        return [
            Sample(r.id, text, r.target, r.metadata.model_dump())
            for r, text in load_gold(source, split)  # type: ignore[arg-type]
        ]
    samples = []
    for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        meta = row.get("metadata") or {}
        if split and meta.get("split") != split:
            continue
        target = Report.model_validate(row["target"]) if row.get("target") else None
        samples.append(Sample(str(row.get("id", n)), row.get("text") or row["input"], target, meta))
    return samples


class OutputCache:
    """The evaluation view of the shared :class:`~newsstruct.engine.ResultCache`: one entry per
    (model, prompt version, schema version, text), holding the report or the error that was
    scored, and the seconds it took. ``path`` is a folder (``results.sqlite`` inside), a file, or
    None for the settings' results cache."""

    def __init__(self, path: Path | None, model: str, *, prompt_version: str | None = None, variant: str = "") -> None:
        self.store = ResultCache(path, prompt_version=prompt_version)
        self.model = model
        self.variant = variant  # the endpoint, as parse keys it (``cache_variant``)
        self.prompt_version = self.store.prompt_version
        self.stored_only = prompt_version is not None

    def get(self, text: str) -> dict[str, Any] | None:
        if self.stored_only:
            return self.store.stored(self.model, text, self.prompt_version)
        return self.store.get(self.model, text, self.variant)

    def put(self, text: str, entry: dict[str, Any]) -> None:
        self.store.put(self.model, text, entry, self.variant)

    def run(self, text: str, backend: Backend, retries: int, answers: AnswerStore | None = None) -> dict[str, Any]:
        """The cached entry for ``text``, or a new parse (a failure is kept as its error);
        ``answers`` keeps each question's answer, so a parse after a code change asks only new
        questions."""
        entry = self.get(text)
        if entry is None:
            if self.stored_only:
                raise InputError(f"no stored report of {self.model} for prompt version {self.prompt_version}")
            entry = timed_parse(text, backend, retries, answers)
            self.put(text, entry)
        return entry


def timed_parse(text: str, backend: Backend, retries: int, answers: AnswerStore | None = None) -> dict[str, Any]:
    """One parse as the harness records it: the report or the error, and the seconds it took."""
    started = time.perf_counter()
    try:
        report = parse(text, backend=backend, retries=retries, answers=answers)
        entry: dict[str, Any] = {"report": json.loads(report.model_dump_json()), "error": None}
    except NewsstructError as exc:
        entry = {"report": None, "error": f"{type(exc).__name__}: {exc}"}
    entry["seconds"] = round(time.perf_counter() - started, 2)
    return entry


@dataclass
class EvalRun:
    meta: dict[str, Any]
    articles: list[ArticleScore]
    seconds: dict[str, float]

    def micro(self) -> dict[str, Counts]:
        """Sections and fields summed over articles."""
        return _totals([*s.sections.items(), *s.fields.items()] for s in self.articles)

    def links(self) -> dict[str, Counts]:
        """Link rows summed over articles."""
        return _totals(s.links.items() for s in self.articles)

    def strict(self) -> dict[str, Counts]:
        """The first scorer's figure and claim rows summed over articles."""
        return _totals(s.strict.items() for s in self.articles)

    def macro_f1(self) -> dict[str, float]:
        """Mean per-article F1 per section, over articles where gold or prediction has items."""
        result = {}
        for section in SECTIONS:
            values = [
                s.sections[section].f1
                for s in self.articles
                if s.sections[section].tp + s.sections[section].fp + s.sections[section].fn
            ]
            result[section] = round(statistics.fmean(values), 4) if values else 1.0
        return result

    def as_dict(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "seconds_per_article": self.seconds,
            "micro": {k: v.as_dict() for k, v in self.micro().items()},
            "links": {k: v.as_dict() for k, v in self.links().items()},
            "strict": {k: v.as_dict() for k, v in self.strict().items()},
            "macro_f1": self.macro_f1(),
            "articles": [
                {
                    "id": s.id,
                    "error": s.error,
                    "sections": {k: v.as_dict() for k, v in s.sections.items()},
                    "fields": {k: v.as_dict() for k, v in s.fields.items()},
                    "links": {k: v.as_dict() for k, v in s.links.items()},
                    "strict": {k: v.as_dict() for k, v in s.strict.items()},
                    "explanations": s.explanations,
                }
                for s in self.articles
            ],
        }


def _totals(groups: Iterable[Iterable[tuple[str, Counts]]]) -> dict[str, Counts]:
    totals: dict[str, Counts] = {}
    for group in groups:
        for name, counts in group:
            totals.setdefault(name, Counts()).add(counts)
    return totals


def evaluate(
    samples: list[Sample],
    *,
    backend: str | Backend | None = None,
    model: str | None = None,
    base_url: str | None = None,
    cache_dir: Path | None = None,
    retries: int = DEFAULT_RETRIES,
    progress: Callable[[int, int, Sample, float], None] | None = None,
    prompt_version: str | None = None,
) -> EvalRun:
    """Run (or reuse cached outputs for) every sample and score it against its target.

    ``prompt_version`` re-scores the reports an earlier version of the extraction left in the
    cache, with no model call (a stored run scored by today's scorers); every sample must have
    one, or :class:`InputError` names those that do not. ``cache_dir`` is a results cache
    folder or file (default: the settings' results cache)."""
    chosen = resolve_backend(backend, model=model, base_url=base_url)
    cache = OutputCache(cache_dir, chosen.name, prompt_version=prompt_version, variant=cache_variant(chosen, 0.0, None))
    if prompt_version is not None:
        missing = [s.id for s in samples if cache.get(s.input) is None]
        if missing:
            raise InputError(
                f"{len(missing)} of {len(samples)} samples have no cached report of {chosen.name} for prompt "
                f"version {prompt_version}: {', '.join(missing)}"
            )
    scores, seconds = [], []
    for n, sample in enumerate(samples, start=1):
        entry = cache.run(sample.input, chosen, retries)
        seconds.append(float(entry["seconds"]))
        predicted = Report.model_validate(entry["report"]) if entry["report"] else None
        if sample.target is not None:
            scores.append(score_report(sample.id, predicted, sample.target, error=entry["error"]))
        if progress:
            progress(n, len(samples), sample, float(entry["seconds"]))
    meta = {
        "date": dt.date.today().isoformat(),
        "model": chosen.name,
        "prompt_version": cache.prompt_version,
        "schema_version": SCHEMA_VERSION,
        "scorer": SCORER_VERSION,
        "articles": len(samples),
        "splits": sorted({str(s.metadata.get("split")) for s in samples}),
        "retries": retries,
    }
    timing = {
        "median": round(statistics.median(seconds), 2) if seconds else 0.0,
        "mean": round(statistics.fmean(seconds), 2) if seconds else 0.0,
        "max": round(max(seconds), 2) if seconds else 0.0,
    }
    return EvalRun(meta, scores, timing)
