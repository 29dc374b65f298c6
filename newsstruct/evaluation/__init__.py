"""The evaluation harness a user runs on their own gold (``newsstruct eval``).

Gold records (``_gold``), the scorers (``_scoring``, with the matching in ``_assignment``), the
runner with its cache of reports (``_evaluate``) and run reports and comparisons (``_report``).
The repository's own suites (the seeds, MUC-4) live in its top-level ``evals/`` folder.
"""

from newsstruct.evaluation._assignment import max_weight_matching
from newsstruct.evaluation._evaluate import OutputCache, evaluate, load_samples
from newsstruct.evaluation._gold import load_gold
from newsstruct.evaluation._report import compare, to_markdown, write_run
from newsstruct.evaluation._scoring import Counts, score_report, words

__all__ = [
    "Counts",
    "OutputCache",
    "compare",
    "evaluate",
    "load_gold",
    "load_samples",
    "max_weight_matching",
    "score_report",
    "to_markdown",
    "words",
    "write_run",
]
