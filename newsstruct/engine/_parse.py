"""``parse`` and ``parse_async``: one article in, one validated and grounded report out.

The flow: check the text (typed errors before any model call) → check the article and its longest
question fit the model's context → run the engine (:mod:`newsstruct.engine`): finders propose
candidates with their offsets, the model answers one short question at a time → the report,
every value a span of the text, with usage, timing and grounding counts.
"""

from __future__ import annotations

import inspect
import sqlite3
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec

from newsstruct.backends import Backend, resolve_backend
from newsstruct.engine._asker import ANSWER_TOKENS, AnswerStore, Asker, messages_for
from newsstruct.engine._build import DEFAULT_POLICY, Policy
from newsstruct.engine._cache import ResultCache, open_cache
from newsstruct.engine._inputs import coerce_text
from newsstruct.engine._questions import LABELS, SAME_EVENT, Question
from newsstruct.engine._retry import DEFAULT_RETRIES, RetryPolicy
from newsstruct.engine._run import aextract, extract
from newsstruct.errors import GroundingError
from newsstruct.schema import CasualtyFigure, Claim, GroundingSummary, Incident, Report, Warning

if TYPE_CHECKING:
    import openai

P = ParamSpec("P")

# Warning codes that mean a value or an item was lost.
LOSSES = ("dropped", "ungrounded")

# The longest question the engine asks: a sentence of up to 600 characters and every option letter.
_LONGEST = Question("x " * 300, SAME_EVENT, ["x " * 60] * len(LABELS))


def _start(
    text: str | bytes,
    *,
    backend: str | Backend | None,
    model: str | None,
    client: openai.OpenAI | openai.AsyncOpenAI | None,
    base_url: str | None,
    api_key: str | None,
    retries: RetryPolicy,
    temperature: float,
    max_tokens: int | None,
    strict: bool,
    cache: ResultCache | Path | str | bool | None,
    policy: Policy,
    answers: AnswerStore | Path | str | None,
    max_chars: int | None,
    deadline: float | None,
) -> _Started | Report:
    """The asker for the checked article, or the cached report when there is one."""
    article = coerce_text(text, max_chars=max_chars)
    chosen = resolve_backend(backend, model=model, client=client, base_url=base_url, api_key=api_key)
    store = open_cache(cache)
    limit = max_tokens or ANSWER_TOKENS
    variant = cache_variant(chosen, temperature, max_tokens)
    cache_warnings: list[Warning] = []
    if store is not None:
        try:
            hit = store.report(chosen.name, article, variant)
        except (sqlite3.Error, OSError) as exc:  # a busy or broken cache never fails an article
            hit = None
            cache_warnings.append(Warning(code="cache_skipped", message=f"the results cache could not be read: {exc}"))
        if hit is not None and not (strict and _losses(hit)):
            return hit
    chosen.check_fits(messages_for(article, _LONGEST), limit)
    kept = AnswerStore(Path(answers)) if isinstance(answers, (str, Path)) else answers
    asker = Asker(chosen, article, kept, retries=retries, temperature=temperature, max_tokens=limit, deadline=deadline)
    return _Started(asker, store, variant, cache_warnings, policy, strict)


@dataclass
class _Started:
    asker: Asker
    store: ResultCache | None
    variant: str
    warnings: list[Warning]
    policy: Policy
    strict: bool


def cache_variant(backend: Backend, temperature: float, max_tokens: int | None) -> str:
    """What besides the model name and the text changes a report: the endpoint, and options set
    away from their defaults (empty for the embedded default, so its entries stay shared with
    the evaluation harness)."""
    parts = [f"endpoint={backend.endpoint}"] if backend.endpoint else []
    if temperature != 0.0:
        parts.append(f"temperature={temperature}")
    if max_tokens is not None:
        parts.append(f"max_tokens={max_tokens}")
    return " ".join(parts)


def _finish(report: Report, ready: _Started, started: float) -> Report:
    asker, store, strict = ready.asker, ready.store, ready.strict
    if strict and _losses(report):
        lost = _losses(report)
        raise GroundingError(
            f"{len(lost)} value(s) could not be grounded: " + "; ".join(f"{w.item}: {w.message}" for w in lost),
            dropped=[(w.item or "", w.message) for w in lost],
            attempts=asker.questions,
            last_raw_output=None,
            failures=asker.attempts.failures(),
            usage=asker.usage,
        )
    items: list[Incident | CasualtyFigure | Claim] = [*report.incidents, *report.figures, *report.claims]
    kinds = Counter(m.match for item in items for m in item.mentions)
    report.grounding = GroundingSummary(
        exact=kinds["exact"], normalized=kinds["normalized"], fuzzy=kinds["fuzzy"], dropped=len(_losses(report))
    )
    report.seconds = round(time.perf_counter() - started, 3)
    report.warnings.extend(ready.warnings)
    if store is not None:
        try:
            store.put_report(asker.backend.name, asker.article, report, ready.variant)
        except (sqlite3.Error, OSError) as exc:  # the report is paid for: returned all the same
            report.warnings.append(Warning(code="cache_skipped", message=f"the report was not cached: {exc}"))
    return report


def _losses(report: Report) -> list[Warning]:
    return [w for w in report.warnings if w.code in LOSSES]


def parse(
    text: str | bytes,
    *,
    backend: str | Backend | None = None,
    model: str | None = None,
    client: openai.OpenAI | openai.AsyncOpenAI | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    retries: RetryPolicy = DEFAULT_RETRIES,
    temperature: float = 0.0,
    max_tokens: int | None = None,
    strict: bool = False,
    cache: ResultCache | Path | str | bool | None = None,
    policy: Policy = DEFAULT_POLICY,
    answers: AnswerStore | Path | str | None = None,
    max_chars: int | None = None,
    deadline: float | None = None,
) -> Report:
    """Extract the incidents, casualty figures and claims of one news article.

    ``backend`` is ``"embedded"`` (the default: a local llama.cpp model), ``"openai"`` (any
    OpenAI-compatible endpoint, chosen automatically when ``client`` or ``base_url`` is given)
    or a :class:`~newsstruct.backends.Backend`. ``model`` is the model name for an endpoint, or
    a GGUF path for the embedded backend.

    The model answers short multiple-choice questions about candidates the text rules found
    (:mod:`newsstruct.engine`), so every value is a span of the text. On the embedded backend an
    answer is read from the options' token probabilities (kept as ``confidence`` on each item);
    on an endpoint it is asked through instructor, and an answer that is not one of the options
    is re-asked: ``retries`` re-asks per question (an int, or a ``tenacity.Retrying``),
    ``max_tokens`` caps each answer. ``policy`` holds the probability bars that turn answers
    into decisions. With ``strict=True`` a :class:`~newsstruct.errors.GroundingError` is raised
    when a value could not be grounded instead of listing it in ``report.warnings``.

    ``cache`` keeps reports on disk (:mod:`newsstruct.engine._cache`): ``True`` for the default file,
    a path, or a :class:`~newsstruct.engine._cache.ResultCache`; an article already extracted with the
    same model, endpoint, prompt version, schema version and options that change answers
    (temperature, ``max_tokens``) is returned without a model call.

    ``answers`` keeps every question's answer on disk (an
    :class:`~newsstruct.engine.AnswerStore` or the path of its SQLite file), keyed by model and
    question: after an upgrade that changes some questions, re-extracting a corpus asks the model
    only the questions it has not answered before.

    ``max_chars`` caps the article's length (default: the settings', 1,000,000 characters);
    ``deadline`` bounds the seconds the whole article may take, whatever the endpoint does
    (:class:`~newsstruct.errors.DeadlineError` when it passes).

    Raises :class:`~newsstruct.errors.InputError` before any model call for empty, binary or
    oversized text, :class:`~newsstruct.errors.BackendError` when the model cannot be reached
    and :class:`~newsstruct.errors.ExtractionError` when a question got no valid answer.
    """
    arguments = dict(locals())  # the text and every option, by name (nothing else is local yet)
    started = time.perf_counter()
    ready = _start(**arguments)
    if isinstance(ready, Report):
        return ready
    return _finish(extract(ready.asker, ready.policy), ready, started)


def _same_options_as(
    sync: Callable[P, Report],
) -> Callable[[Callable[..., Awaitable[Report]]], Callable[P, Awaitable[Report]]]:
    """Declares an async twin with the options of ``sync``, written once: type checkers and
    ``help()`` see ``sync``'s signature, and an unknown option is a TypeError as it is there."""

    def declare(twin: Callable[..., Awaitable[Report]]) -> Callable[P, Awaitable[Report]]:
        twin.__signature__ = inspect.signature(sync).replace(  # type: ignore[attr-defined]
            return_annotation="Report"
        )
        return twin

    return declare


@_same_options_as(parse)
async def parse_async(text: str | bytes, **options: Any) -> Report:
    """The async twin of :func:`parse`, with the same options and errors."""
    started = time.perf_counter()
    bound = inspect.signature(parse).bind(text, **options)
    bound.apply_defaults()
    ready = _start(**bound.arguments)
    if isinstance(ready, Report):
        return ready
    return _finish(await aextract(ready.asker, ready.policy), ready, started)
