"""Running at scale: many articles in this process or on Ray.

``_batch`` is ``parse_many`` and the ``newsstruct batch`` job, ``_batch_input`` reads its input
lazily, ``_results_file`` is its append-only output (lock, resume, durability), ``_corpus`` reads
other corpus formats, ``_ray_engine`` and ``_ray_cluster`` run the same job on Ray Data.
"""

from newsstruct.scale._batch import DEFAULT_CONCURRENCY, BatchSummary, Result, parse_many, parse_many_async, run_batch
from newsstruct.scale._ray_cluster import connect
from newsstruct.scale._ray_engine import ParseBatch, run_ray_batch

__all__ = [
    "DEFAULT_CONCURRENCY",
    "BatchSummary",
    "ParseBatch",
    "Result",
    "connect",
    "parse_many",
    "parse_many_async",
    "run_batch",
    "run_ray_batch",
]
