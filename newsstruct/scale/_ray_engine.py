"""newsstruct on Ray Data: :class:`ParseBatch` for ``Dataset.map_batches``, and the batch driver.

Inside your own pipeline (``pip install 'newsstruct[ray]'``)::

    ds = ray.data.read_parquet("s3://corpus/")  # columns: id, text, metadata (optional)
    out = ds.map_batches(
        ParseBatch,
        fn_constructor_kwargs={"base_url": "http://vllm:8000/v1", "model": "qwen2.5", "concurrency": 16},
        compute=ray.data.ActorPoolStrategy(size=8),
        batch_size=64,  # a few times concurrency: in-flight requests drain only at a batch's end
    )  # columns: id, ok, line (the batch output line, JSON), worker (the actor's pid)

Ray Data runs a callable class as a pool of actors: each actor builds its backend once, in its
constructor (the embedded model is loaded once per actor; an endpoint client is built once and
keeps at most ``concurrency`` requests in flight). Every item of a batch ends as one output row,
a report or an error (the batch output shape of :mod:`newsstruct.scale._batch`), so one article never
fails the job. Ray Data restarts a killed actor and retries its batch (it creates a pool's
actors with ``max_restarts=-1`` and ``max_task_retries=-1``).

:func:`run_ray_batch` is ``newsstruct batch IN OUT --engine ray``: it reads the input (JSONL or
Parquet) and resumes the output exactly as the in-process engine does
(:mod:`newsstruct.scale._results_file`: one writer, finished ids skipped, what is redone kept aside
first), sends the work to Ray, and appends each line as it comes back, whole and synced. A
line for an id already written (a retried batch) is dropped, and if Ray itself gives up, the
ids it did not finish get error rows, so a rerun retries them.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsstruct.backends import Backend, resolve_backend
from newsstruct.config import load_settings
from newsstruct.errors import ConfigurationError, InputError, NewsstructError
from newsstruct.scale._batch import (
    DEFAULT_CONCURRENCY,
    BatchSummary,
    Progress,
    Result,
    output_row,
    parse_many,
    read_input,
    text_hashes,
    wanted_lines,
)
from newsstruct.scale._corpus import metadata_dict
from newsstruct.scale._ray_cluster import connect, ray_module
from newsstruct.scale._results_file import ResultsFile

_log = logging.getLogger("newsstruct.ray")

#: a batch holds this many times ``concurrency`` articles unless told otherwise
BATCH_PER_CONCURRENCY = 4

#: (id, ok, worker pid) of each line as the driver writes it (pid 0: a line the driver wrote itself)
RowCallback = Callable[[str, bool, int], None]


class ParseBatch:
    """A callable class for ``Dataset.map_batches``: extracts a batch of articles per call.

    Options are those of :func:`newsstruct.parse_many` (``backend``, ``model``, ``base_url``,
    ``api_key``, ``timeout``, ``concurrency``, ``retries``, ``strict``, ``cache``…), plus
    ``threads`` for the embedded model (default: ``NEWSSTRUCT_THREADS`` in the actor's
    environment, else the CPUs Ray assigned the actor). Options not given are read from the
    actor's own environment (``NEWSSTRUCT_API_KEY``, ``NEWSSTRUCT_MODEL``…).
    Input columns: ``id``, ``text``, optional ``metadata`` (a dict, a map or a JSON string).
    """

    def __init__(
        self,
        *,
        backend: str | None = None,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float | None = None,
        threads: int | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        cache: bool | str = False,
        **options: Any,
    ) -> None:
        settings = load_settings()
        threads = threads or settings.threads or assigned_cpus()
        if threads is not None:
            settings = dataclasses.replace(settings, threads=threads)
        self.backend: Backend = resolve_backend(
            backend, model=model, base_url=base_url, api_key=api_key, settings=settings, timeout=timeout
        )
        self.threads = threads
        self.concurrency = concurrency
        self.options = dict(options, cache=cache)
        self.pid = os.getpid()

    def __call__(self, batch: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
        ids = [str(i) for i in batch["id"]]
        texts = list(batch["text"])
        raw = list(batch["metadata"]) if "metadata" in batch else [None] * len(ids)
        results: dict[str, Result] = {}
        metadata: dict[str, dict[str, Any]] = {}
        for item_id, value in zip(ids, raw, strict=True):
            try:
                metadata[item_id] = metadata_dict(value)
            except InputError as exc:  # this row's error line, not the batch's failure
                metadata[item_id] = {}
                results[item_id] = Result(item_id, error=exc)
        runnable = {i: t for i, t in zip(ids, texts, strict=True) if isinstance(t, str) and i not in results}
        try:
            done = parse_many(runnable, backend=self.backend, concurrency=self.concurrency, **self.options)
        except Exception as exc:  # nothing escapes to Ray, which would fail the whole job
            done = [Result(i, error=exc) for i in runnable]
        results.update((r.id, r) for r in done)
        for item_id in (i for i in ids if i not in results):
            results[item_id] = Result(item_id, error=InputError(f'item {item_id} has no "text" string'))
        lines = [result_line(results[i], metadata[i]) for i in ids]
        return {
            "id": ids,
            "ok": [ok for _, ok in lines],
            "line": [line for line, _ in lines],
            "worker": [self.pid] * len(ids),
        }


def result_line(result: Result, metadata: dict[str, Any]) -> tuple[str, bool]:
    """An item's output line (JSON text) and whether it holds a report. A row that cannot be
    built or written becomes that item's error line; the error line itself cannot fail (its
    metadata is dropped when even that cannot be written)."""
    try:
        return json.dumps(output_row(result, metadata), ensure_ascii=False), result.ok
    except Exception as exc:
        failed = result if not result.ok else Result(result.id, error=exc)
    try:
        return json.dumps(output_row(failed, metadata), ensure_ascii=False), False
    except Exception:
        return json.dumps(output_row(failed, {}), ensure_ascii=False), False


def assigned_cpus() -> int | None:
    """The CPUs Ray assigned to this actor (at least 1), or None outside a Ray worker."""
    ray = sys.modules.get("ray")
    if ray is None or not ray.is_initialized():
        return None
    try:
        cpus = ray.get_runtime_context().get_assigned_resources().get("CPU")
    except Exception:  # the driver, or a Ray without this call: no assignment to follow
        return None
    return max(1, int(cpus)) if cpus else None


def _worker_options(options: dict[str, Any]) -> dict[str, Any]:
    """The options with an endpoint named in full from this environment (workers may run on
    machines where it is not set), checked here so a configuration error stops the run at once."""
    settings = load_settings()
    kind = options.get("backend") or ("openai" if options.get("base_url") else settings.backend)
    resolved = dict(options, backend=kind)
    if options.get("timeout") is not None and kind != "openai":
        raise ConfigurationError("timeout applies to an OpenAI-compatible endpoint (base_url or backend='openai')")
    if kind == "openai":
        resolved["model"] = options.get("model") or settings.model
        resolved["base_url"] = options.get("base_url") or settings.base_url
        resolved["api_key"] = options.get("api_key") or settings.api_key
        resolve_backend("openai", model=resolved["model"], base_url=resolved["base_url"], api_key=resolved["api_key"])
    return resolved


def run_ray_batch(
    input_path: Path | str,
    output_path: Path | str,
    *,
    address: str | None = None,
    workers: int = 1,
    cpus_per_worker: float = 1.0,
    concurrency: int = DEFAULT_CONCURRENCY,
    batch_size: int | None = None,
    progress: bool | Progress = True,
    on_row: RowCallback | None = None,
    **options: Any,
) -> BatchSummary:
    """``newsstruct batch`` on Ray: ``workers`` actors, each with ``concurrency`` extractions in
    flight over batches of ``batch_size`` articles (default: 4 × ``concurrency``, so the
    requests in flight drain only near a batch's end, not after every ``concurrency``
    articles: a batch returns when its slowest article does; never more than an equal share
    of the articles per worker). Other options
    are :class:`ParseBatch`'s; a :class:`~newsstruct.Backend` instance cannot be sent to other
    processes, so the backend is named by its options."""
    if workers < 1 or concurrency < 1:
        raise ConfigurationError(f"workers and concurrency must be at least 1, got {workers} and {concurrency}")
    if not cpus_per_worker > 0 or (batch_size is not None and batch_size < 1):
        raise ConfigurationError(
            f"cpus_per_worker must be above 0 and batch_size at least 1, got {cpus_per_worker} and {batch_size}"
        )
    if isinstance(options.get("backend"), Backend):
        raise ConfigurationError("the Ray engine builds a backend in each worker: pass backend/model/base_url")
    ray_module()  # a missing extra is said before any file is touched
    options = _worker_options(options)
    source, target = Path(input_path), Path(output_path)
    started = time.perf_counter()
    with ResultsFile(target, input_path=source) as writer:
        items = read_input(source)
        plan = writer.resume(wanted_lines(text_hashes(source), _model_name(options)))
        todo = [i for i in items if i.id not in plan.finished]
        return _run(todo, len(items), writer, address, workers, cpus_per_worker, concurrency, batch_size, progress,
                    on_row, options, started)  # fmt: skip


def _model_name(options: dict[str, Any]) -> str | None:
    """The name reports will carry (a finished line of another model is redone), or None when
    the driver cannot tell without loading a model (then any model's line is kept)."""
    if options.get("backend") != "openai":
        return None
    try:
        return resolve_backend(
            "openai", model=options["model"], base_url=options["base_url"], api_key=options["api_key"]
        ).name
    except NewsstructError:
        return None


def _run(
    todo: list[Any],
    total: int,
    writer: ResultsFile,
    address: str | None,
    workers: int,
    cpus_per_worker: float,
    concurrency: int,
    batch_size: int | None,
    progress: bool | Progress,
    on_row: RowCallback | None,
    options: dict[str, Any],
    started: float,
) -> BatchSummary:
    summary = BatchSummary(total=total, skipped=total - len(todo))
    bar = progress if isinstance(progress, Progress) else (Progress(len(todo)) if progress else None)
    written: set[str] = set()
    repeated: list[str] = []

    def record(item_id: str, line: str, ok: bool, worker: int) -> None:
        if item_id in written:
            repeated.append(item_id)  # a batch Ray ran twice
            return
        written.add(item_id)
        writer.write(line)
        summary.done += ok
        if not ok:
            summary.failed += 1
            error = json.loads(line).get("error", {})
            summary.failures[item_id] = f"{error.get('type')}: {error.get('message')}"
        if bar is not None:
            bar.update(ok)
        if on_row is not None:
            on_row(item_id, ok, worker)

    def fail(item_id: str, metadata: dict[str, Any], error: BaseException) -> None:
        record(item_id, result_line(Result(item_id, error=error), metadata)[0], False, 0)

    try:
        for item in todo:
            if item.problem is not None:
                summary.invalid += 1
                fail(item.id, item.metadata, InputError(item.problem))
        runnable = [i for i in todo if i.problem is None]
        if runnable:
            started_ray = connect(address=address, workers=workers, cpus_per_worker=cpus_per_worker)
            try:
                size = batch_size or BATCH_PER_CONCURRENCY * concurrency
                rows = _execute(runnable, workers, cpus_per_worker, concurrency, size, options)
                for row in rows:
                    record(str(row["id"]), str(row["line"]), bool(row["ok"]), int(row["worker"]))
            except Exception as exc:  # Ray gave up: what it did not finish is an error row, retried by a rerun
                for item in runnable:
                    if item.id not in written:
                        fail(item.id, item.metadata, exc)
            finally:
                if started_ray:
                    ray_module().shutdown()
    finally:
        if bar is not None:
            bar.finish()
    if repeated:
        _log.warning("dropped %d repeated line(s) for ids already written: %s", len(repeated), ", ".join(repeated[:10]))
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def _execute(
    items: list[Any], workers: int, cpus_per_worker: float, concurrency: int, batch_size: int, options: dict[str, Any]
) -> Any:
    """The output rows of the map_batches pipeline over ``items``, as Ray produces them."""
    ray = ray_module()
    ray.data.DataContext.get_current().enable_progress_bars = False
    threads = max(1, int(cpus_per_worker))
    rows = [{"id": i.id, "text": i.text, "metadata": json.dumps(i.metadata, ensure_ascii=False)} for i in items]
    batch_size = max(1, min(batch_size, math.ceil(len(rows) / workers)))  # a small run still reaches every worker
    blocks = max(1, min(len(rows), math.ceil(len(rows) / batch_size)))
    dataset = ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
        ParseBatch,
        fn_constructor_kwargs={"concurrency": concurrency, "threads": threads, **options},
        compute=ray.data.ActorPoolStrategy(size=min(workers, blocks)),
        batch_size=batch_size,
        batch_format="numpy",
        num_cpus=cpus_per_worker,
    )  # a pool's actors get max_restarts=-1, max_task_retries=-1: a killed one restarts, its batch retried
    return dataset.iter_rows()


__all__ = ["ParseBatch", "assigned_cpus", "result_line", "run_ray_batch"]
