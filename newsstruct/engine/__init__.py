"""The extraction engine: :func:`parse` and what it runs.

Deterministic finders propose candidates with their offsets (``_frames``, ``_events``,
``_figures``, ``_actors``), a plan asks the model short multiple-choice questions about them
(``_build``, ``_questions``), an asker puts each question to a backend (``_asker``) and a driver
runs the plan synchronously or async (``_run``). ``_parse`` is the front door's ``parse`` with its
results cache (``_cache``), input checks (``_inputs``) and re-ask budget (``_retry``); the prompt
files and the version hashing them with this package and ``newsstruct.text`` are ``_prompts``.
"""

from newsstruct.engine._asker import ANSWER_TOKENS, AnswerStore, Asker, escape_raw_controls, messages_for
from newsstruct.engine._build import Policy, plan
from newsstruct.engine._cache import ResultCache, open_cache
from newsstruct.engine._inputs import coerce_text
from newsstruct.engine._parse import cache_variant, parse, parse_async
from newsstruct.engine._prompt_files import prompt_text
from newsstruct.engine._prompts import prompt_version
from newsstruct.engine._questions import Question
from newsstruct.engine._retry import DEFAULT_RETRIES, OUTPUT_ERRORS
from newsstruct.engine._run import aextract, extract

__all__ = [
    "ANSWER_TOKENS",
    "DEFAULT_RETRIES",
    "OUTPUT_ERRORS",
    "AnswerStore",
    "Asker",
    "Policy",
    "Question",
    "ResultCache",
    "aextract",
    "cache_variant",
    "coerce_text",
    "escape_raw_controls",
    "extract",
    "messages_for",
    "open_cache",
    "parse",
    "parse_async",
    "plan",
    "prompt_text",
    "prompt_version",
]
