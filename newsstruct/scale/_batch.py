"""Many articles at once: ``parse_many`` in Python, ``newsstruct batch IN.jsonl OUT.jsonl`` on disk.

``parse_many`` runs :func:`~newsstruct.parse_async` over the texts with at most ``concurrency``
extractions in flight (one backend, so the embedded model is loaded once; its calls are
serialised by the backend, while a remote endpoint serves them side by side). Each article ends
as a :class:`Result`, a report or the error it raised; one article's failure never stops the
others.

``run_batch`` adds a file on each side. Input lines are ``{"id", "text", "metadata"?}``, read
lazily (:mod:`newsstruct.scale._batch_input`); a line that cannot be read is that item's error row.
Output lines are ``{"id", "metadata", "text_sha256", "report"}`` or ``{"id", "metadata",
"text_sha256", "error": {"type", "message", "retryable"}}``, written in the order items finish
with one ``write`` each and fsynced at a bounded interval, so a batch killed at any moment (even
SIGKILL) leaves only whole lines, at worst plus one torn last line. The output file is only ever
added to (:mod:`newsstruct.scale._results_file`): rerunning resumes, skipping ids finished for the same
text and model and keeping aside, never dropping, what it redoes.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from newsstruct.backends import Backend, resolve_backend
from newsstruct.engine import ResultCache, open_cache, parse_async
from newsstruct.errors import ExtractionError, InputError, OutputTruncatedError
from newsstruct.scale._batch_input import InputItem, scan_jsonl
from newsstruct.scale._results_file import ResultsFile, Wanted, text_sha256
from newsstruct.schema import Report

DEFAULT_CONCURRENCY = 8
MAX_FAILURES_KEPT = 100  # failure reasons kept for the summary; every failure is in the output


@dataclass
class Result:
    """One article's outcome: its report, or the error that stopped it."""

    id: str
    report: Report | None = None
    error: BaseException | None = None
    seconds: float = 0.0
    text_sha256: str | None = None  # of the article's text, when there was one

    @property
    def ok(self) -> bool:
        return self.report is not None

    @property
    def retryable(self) -> bool:
        """Whether running it again may succeed: a backend failure or a model that did not
        manage this time; not bad input."""
        return self.error is not None and not isinstance(self.error, InputError)


def _items(texts: Iterable[str] | Mapping[str, str]) -> Iterator[tuple[str, str]]:
    if isinstance(texts, Mapping):
        return ((str(k), v) for k, v in texts.items())
    return ((str(n), t) for n, t in enumerate(texts))


async def _one(item_id: str, text: str, backend: Backend, store: ResultCache | None, options: dict[str, Any]) -> Result:
    started = time.perf_counter()
    try:
        report = await parse_async(text, backend=backend, cache=store, **options)
        result = Result(item_id, report=report)
    except Exception as exc:  # one article's failure, even a bug, must not stop the others
        result = Result(item_id, error=exc)
    result.seconds = round(time.perf_counter() - started, 3)
    result.text_sha256 = text_sha256(text) if isinstance(text, str) else None
    return result


async def stream_results(
    pairs: Iterable[tuple[str, str]],
    on_result: Callable[[Result], None],
    *,
    backend: Backend,
    concurrency: int = DEFAULT_CONCURRENCY,
    cache: ResultCache | None = None,
    **options: Any,
) -> None:
    """Extract ``(id, text)`` pairs as they are read, at most ``concurrency`` at a time, handing
    each result to ``on_result`` and keeping none: memory stays bounded whatever the corpus size."""
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    source = iter(pairs)

    async def worker() -> None:
        for item_id, text in source:  # each next() hands one pair to one worker
            on_result(await _one(item_id, text, backend, cache, options))

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def parse_many_async(
    texts: Iterable[str] | Mapping[str, str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: Callable[[Result], None] | None = None,
    backend: str | Backend | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    cache: ResultCache | Path | str | bool | None = None,
    **options: Any,
) -> list[Result]:
    """Extract every text with at most ``concurrency`` extractions in flight; results in input
    order (ids are the mapping's keys, or the positions). ``on_result`` is called as each one
    finishes. Other keyword options are those of :func:`~newsstruct.parse`."""
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    chosen = resolve_backend(backend, model=model, base_url=base_url, api_key=api_key)
    store = open_cache(cache)
    pairs = list(_items(texts))
    done: dict[int, Result] = {}
    order = {item_id: n for n, (item_id, _) in enumerate(pairs)}

    def keep(result: Result) -> None:
        done[order[result.id]] = result
        if on_result is not None:
            on_result(result)

    try:
        await stream_results(pairs, keep, backend=chosen, concurrency=concurrency, cache=store, **options)
        return [done[n] for n in range(len(pairs))]
    finally:
        if not isinstance(backend, Backend):
            await chosen.aclose()  # the backend was built here: its connections end with this run


def parse_many(
    texts: Iterable[str] | Mapping[str, str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: Callable[[Result], None] | None = None,
    **options: Any,
) -> list[Result]:
    """The synchronous twin of :func:`parse_many_async` (runs its own event loop)."""

    async def run() -> list[Result]:
        try:
            return await parse_many_async(texts, concurrency=concurrency, on_result=on_result, **options)
        finally:
            backend = options.get("backend")
            if isinstance(backend, Backend):
                await backend.aclose()  # this loop ends here: close what the backend opened on it

    return asyncio.run(run())


# -- files -------------------------------------------------------------------------------------


@dataclass
class BatchSummary:
    total: int = 0
    skipped: int = 0  # finished in an earlier run
    done: int = 0
    failed: int = 0
    invalid: int = 0  # input lines that could not be read
    seconds: float = 0.0
    failures: dict[str, str] = field(default_factory=dict)


def _scan(path: Path) -> Iterator[InputItem]:
    if path.suffix == ".parquet":
        from newsstruct.scale._corpus import read_parquet_input

        return iter(read_parquet_input(path))
    return scan_jsonl(path)


def read_input(path: Path) -> list[InputItem]:
    """Every input item in a list (the Ray engine's input); ``run_batch`` reads lazily instead.
    Duplicate ids are refused."""
    items = list(_scan(path))
    seen: set[str] = set()
    _refuse_repeats(path, [i.id for i in items if i.id in seen or seen.add(i.id)])  # type: ignore[func-returns-value]
    return items


def _refuse_repeats(path: Path, repeated: list[str]) -> None:
    if repeated:
        raise InputError(f"{path}: ids must be unique; repeated: {', '.join(sorted(set(repeated))[:10])}")


def text_hashes(path: Path) -> dict[str, str | None]:
    """A first pass over the input: each item's text hash (None without a text), without keeping
    any text. Duplicate ids are refused before any output is touched."""
    hashes: dict[str, str | None] = {}
    repeated: list[str] = []
    for item in _scan(path):
        if item.id in hashes:
            repeated.append(item.id)
        hashes[item.id] = text_sha256(item.text) if item.text is not None else None
    _refuse_repeats(path, repeated)
    return hashes


def wanted_lines(hashes: Mapping[str, str | None], model: str | None) -> dict[str, Wanted]:
    """What each item's finished line must match to be kept: its text hash and the model."""
    return {item_id: Wanted(sha, model) for item_id, sha in hashes.items()}


def output_row(result: Result, metadata: dict[str, Any]) -> dict[str, Any]:
    """One item's output line: ``{"id", "metadata", "report"}`` or ``{"id", "metadata", "error"}``."""
    row: dict[str, Any] = {"id": result.id, "metadata": metadata}
    if result.text_sha256 is not None:
        row["text_sha256"] = result.text_sha256  # so a rerun knows whether the article changed
    if result.report is not None:
        row["report"] = json.loads(result.report.model_dump_json())
    else:
        row["error"] = _error_row(result)
    return row


def _error_row(result: Result) -> dict[str, Any]:
    error = result.error
    assert error is not None
    return {
        "type": type(error).__name__,
        "message": str(error),
        "retryable": result.retryable,
        **(_details(error) if isinstance(error, ExtractionError) else {}),
    }


def _details(error: ExtractionError) -> dict[str, Any]:
    return {"attempts": error.attempts, "truncated": isinstance(error, OutputTruncatedError)}


class Progress:
    """A one-line progress display on stderr: items, rate, ETA and failures."""

    def __init__(self, total: int, *, stream: IO[str] | None = None, every: float | None = None) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.every = every if every is not None else (0.2 if self.tty else 10.0)
        self.started = time.perf_counter()
        self._last = 0.0

    def line(self) -> str:
        elapsed = time.perf_counter() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = self.total - self.done
        eta = f"{left / rate:.0f}s" if rate > 0 else "?"
        return (
            f"batch: {self.done}/{self.total} done · {self.failed} failed · {rate:.2f} items/s · "
            f"ETA {eta} · {elapsed:.0f}s elapsed"
        )

    def update(self, ok: bool) -> None:
        self.done += 1
        self.failed += not ok
        now = time.perf_counter()
        if now - self._last >= self.every or self.done == self.total:
            self._last = now
            self.stream.write(("\r" if self.tty else "") + self.line() + ("" if self.tty else "\n"))
            self.stream.flush()

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def run_batch(
    input_path: Path | str,
    output_path: Path | str,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    progress: bool | Progress = True,
    backend: str | Backend | None = None,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    cache: ResultCache | Path | str | bool | None = None,
    **options: Any,
) -> BatchSummary:
    """Extract every input line into the output file, resuming an earlier run of the same files.

    The output is only ever added to (:mod:`newsstruct.scale._results_file`): it is refused unless it is
    absent, empty or a results file other than the input; one process writes it at a time; lines
    of other ids are kept; a finished line is kept only for the same text and model, and what is
    redone is kept aside first. The input is read twice, lazily (ids and hashes, then the items
    to do), and results are written as they finish, so memory does not grow with the corpus."""
    source, target = Path(input_path), Path(output_path)
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    started = time.perf_counter()
    with ResultsFile(target, input_path=source) as out:  # refused or locked before anything else
        hashes = text_hashes(source)  # bad input refused before a model is loaded
        chosen = resolve_backend(backend, model=model, base_url=base_url, api_key=api_key)
        store = open_cache(cache)
        wanted = wanted_lines(hashes, chosen.name)
        del hashes  # the resume index is what grows with the corpus: hold it once
        plan = out.resume(wanted)
        summary = BatchSummary(total=len(wanted), skipped=len(plan.finished))
        bar = (
            progress
            if isinstance(progress, Progress)
            else (Progress(summary.total - summary.skipped) if progress else None)
        )
        metadata: dict[str, dict[str, Any]] = {}  # of the items in flight only

        def record(result: Result, meta: dict[str, Any] | None = None) -> None:
            if result.report is not None:
                summary.done += 1
            else:
                summary.failed += 1
                if len(summary.failures) < MAX_FAILURES_KEPT:
                    summary.failures[result.id] = f"{type(result.error).__name__}: {result.error}"
            out.write(json.dumps(output_row(result, meta if meta is not None else metadata.pop(result.id, {})),
                                 ensure_ascii=False))  # fmt: skip
            if bar is not None:
                bar.update(result.ok)

        def runnable() -> Iterator[tuple[str, str]]:
            for item in _scan(source):
                if item.id in plan.finished:
                    continue
                if item.problem is not None or item.text is None:
                    summary.invalid += 1
                    record(Result(item.id, error=InputError(item.problem or "no text")), item.metadata)
                    continue
                metadata[item.id] = item.metadata
                yield item.id, item.text

        async def run() -> None:
            try:
                await stream_results(runnable(), record, backend=chosen, concurrency=concurrency, cache=store,
                                     **options)  # fmt: skip
            finally:
                await chosen.aclose()  # this loop ends here: close what the backend opened on it

        try:
            asyncio.run(run())
        finally:
            if bar is not None:
                bar.finish()
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


__all__ = [
    "BatchSummary",
    "InputItem",
    "Progress",
    "Result",
    "output_row",
    "parse_many",
    "parse_many_async",
    "read_input",
    "run_batch",
    "stream_results",
    "text_hashes",
    "wanted_lines",
]
