"""Many articles at once: ``parse_many`` in Python, ``newsstruct batch IN.jsonl OUT.jsonl`` on disk.

``parse_many`` runs :func:`~newsstruct.parse_async` over the texts with at most ``concurrency``
extractions in flight (one backend, so the embedded model is loaded once; its calls are
serialised by the backend, while a remote endpoint serves them side by side). Each article ends
as a :class:`Result`, a report or the error it raised; one article's failure never stops the
others.

``run_batch`` adds a file on each side. Input lines are ``{"id", "text", "metadata"?}``. Output
lines are ``{"id", "metadata", "report"}`` or ``{"id", "metadata", "error": {"type", "message",
"retryable"}}``, written in the order items finish (each line carries its id) with one ``write``
of the whole line and a flush, so a batch killed at any moment (even SIGKILL) leaves only whole
lines, at worst plus one torn last line. Rerunning the same command resumes: finished ids are
skipped, failed ids are tried again, a torn last line is discarded, and the output is rewritten
(atomically) so it holds exactly one line per id.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from newsstruct.backends import Backend, resolve_backend
from newsstruct.cache import ResultCache, open_cache
from newsstruct.errors import ExtractionError, InputError, OutputTruncatedError
from newsstruct.extract import parse_async
from newsstruct.schema import Report

DEFAULT_CONCURRENCY = 8


@dataclass
class Result:
    """One article's outcome: its report, or the error that stopped it."""

    id: str
    report: Report | None = None
    error: BaseException | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.report is not None

    @property
    def retryable(self) -> bool:
        """Whether running it again may succeed: a backend failure or a model that did not
        manage this time; not bad input."""
        return self.error is not None and not isinstance(self.error, InputError)


def _items(texts: Iterable[str] | Mapping[str, str]) -> list[tuple[str, str]]:
    if isinstance(texts, Mapping):
        return [(str(k), v) for k, v in texts.items()]
    return [(str(n), t) for n, t in enumerate(texts)]


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
    gate = asyncio.Semaphore(concurrency)

    async def one(item_id: str, text: str) -> Result:
        async with gate:
            started = time.perf_counter()
            try:
                report = await parse_async(text, backend=chosen, cache=store, **options)
                result = Result(item_id, report=report)
            except Exception as exc:  # one article's failure, even a bug, must not stop the others
                result = Result(item_id, error=exc)
            result.seconds = round(time.perf_counter() - started, 3)
        if on_result is not None:
            on_result(result)
        return result

    try:
        return list(await asyncio.gather(*(one(i, t) for i, t in _items(texts))))
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


@dataclass
class _Input:
    id: str
    text: str | None
    metadata: dict[str, Any]
    problem: str | None = None


def read_input(path: Path) -> list[_Input]:
    """The input lines; a line that is not a JSON object with a text is kept as a problem, so it
    is reported in the output instead of stopping the batch. Duplicate ids are refused. A
    ``.parquet`` file is read by :func:`newsstruct.corpus.read_parquet_input` instead."""
    if path.suffix == ".parquet":
        from newsstruct.corpus import read_parquet_input

        return unique_ids(path, read_parquet_input(path))
    items: list[_Input] = []
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                items.append(_Input(f"line-{n}", None, {}, f"line {n} is not JSON: {exc.msg}"))
                continue
            if not isinstance(row, dict):
                items.append(_Input(f"line-{n}", None, {}, f"line {n} is not a JSON object"))
                continue
            item_id = str(row["id"]) if row.get("id") is not None else f"line-{n}"
            raw_metadata = row.get("metadata")
            metadata: dict[str, Any] = raw_metadata if isinstance(raw_metadata, dict) else {}
            text = row.get("text")
            if not isinstance(text, str):
                items.append(_Input(item_id, None, metadata, f'line {n} has no "text" string'))
                continue
            items.append(_Input(item_id, text, metadata))
    return unique_ids(path, items)


def unique_ids(path: Path, items: list[_Input]) -> list[_Input]:
    """The items, or an InputError naming the ids ``path`` repeats (whatever its format)."""
    seen: set[str] = set()
    repeated = sorted({i.id for i in items if i.id in seen or seen.add(i.id)})  # type: ignore[func-returns-value]
    if repeated:
        raise InputError(f"{path}: ids must be unique; repeated: {', '.join(repeated[:10])}")
    return items


def _finished(path: Path) -> dict[str, str]:
    """Whole, successful output lines of an earlier run, by id (failed and torn lines are dropped)."""
    kept: dict[str, str] = {}
    if not path.exists():
        return kept
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.endswith("\n"):
                break  # a line torn by a kill: redone
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict) and "report" in row and row.get("id") is not None:
                kept[str(row["id"])] = line
    return kept


def _rewrite(path: Path, lines: Iterable[str]) -> None:
    """Replace ``path`` with ``lines``, atomically: a kill leaves the old file or the new one."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.writelines(lines)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)


def resume(target: Path, items: list[_Input]) -> list[_Input]:
    """Keep an earlier run's successful lines for these ids in ``target`` (failed and torn lines
    are dropped, atomically) and return the items still to do."""
    finished = _finished(target)
    wanted = {i.id for i in items}
    _rewrite(target, [line for item_id, line in finished.items() if item_id in wanted])
    return [i for i in items if i.id not in finished]


def output_row(result: Result, metadata: dict[str, Any]) -> dict[str, Any]:
    """One item's output line: ``{"id", "metadata", "report"}`` or ``{"id", "metadata", "error"}``."""
    row: dict[str, Any] = {"id": result.id, "metadata": metadata}
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


class _Writer:
    """Appends whole lines: one write and a flush per line."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def line(self, row: dict[str, Any]) -> None:
        self.write(json.dumps(row, ensure_ascii=False))

    def write(self, text: str) -> None:
        """One line already encoded as JSON (without its newline)."""
        data = (text + "\n").encode("utf-8")
        written = 0
        while written < len(data):
            written += os.write(self._fd, data[written:])

    def close(self) -> None:
        os.close(self._fd)


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
    **options: Any,
) -> BatchSummary:
    """Extract every input line into the output file, resuming an earlier run of the same files."""
    source, target = Path(input_path), Path(output_path)
    items = read_input(source)
    started = time.perf_counter()
    todo = resume(target, items)
    summary = BatchSummary(total=len(items), skipped=len(items) - len(todo))
    writer = _Writer(target)
    bar = progress if isinstance(progress, Progress) else (Progress(len(todo)) if progress else None)
    metadata = {i.id: i.metadata for i in todo}

    def record(result: Result) -> None:
        if result.report is not None:
            summary.done += 1
        else:
            summary.failed += 1
            summary.failures[result.id] = f"{type(result.error).__name__}: {result.error}"
        writer.line(output_row(result, metadata.get(result.id, {})))
        if bar is not None:
            bar.update(result.ok)

    try:
        for item in todo:
            if item.problem is not None:
                summary.invalid += 1
                record(Result(item.id, error=InputError(item.problem)))
        runnable = {i.id: i.text for i in todo if i.problem is None and i.text is not None}
        if runnable:
            parse_many(runnable, concurrency=concurrency, on_result=record, **options)
    finally:
        writer.close()
        if bar is not None:
            bar.finish()
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


__all__ = [
    "BatchSummary",
    "Progress",
    "Result",
    "output_row",
    "parse_many",
    "parse_many_async",
    "read_input",
    "resume",
    "run_batch",
]
