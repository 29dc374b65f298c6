"""``parse`` and ``parse_async``: one article in, one validated and grounded report out.

The flow: check the text (typed errors before any model call) → build the prompt → check it fits
the context → ask the model through instructor with the draft schema; validation and grounding
problems go back to the model as feedback within the retry budget → assemble the report with
evidence offsets. If the budget runs out while the output is still valid JSON of the right
shape, ungrounded items are dropped and listed as warnings; otherwise a typed error carries
every attempt.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import ValidationError

from newsstruct.assemble import assemble
from newsstruct.backends import Backend, resolve_backend
from newsstruct.draft import DraftReport
from newsstruct.errors import AttemptFailure, ExtractionError, NewsstructError, OutputTruncatedError, Usage
from newsstruct.grounding import TextIndex
from newsstruct.inputs import coerce_text
from newsstruct.prompting import load_prompt
from newsstruct.retry import DEFAULT_RETRIES, RetryPolicy, build_async_retrying, build_retrying
from newsstruct.schema import Report, TokenUsage, Warning


@dataclass
class _Attempts:
    """What instructor's hooks report about each attempt of one extraction."""

    raw: list[str | None] = field(default_factory=list)
    errors: dict[int, list[str]] = field(default_factory=dict)
    usage: Usage = field(default_factory=Usage)

    def hooks(self) -> Hooks:
        hooks = Hooks()
        hooks.on("completion:response", self._on_response)
        hooks.on("parse:error", self._on_parse_error)
        return hooks

    def _on_response(self, response: Any) -> None:
        choices = getattr(response, "choices", None) or []
        self.raw.append(choices[0].message.content if choices else None)
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage += Usage(usage.prompt_tokens or 0, usage.completion_tokens or 0)

    def _on_parse_error(self, error: Exception, **_: Any) -> None:
        self.errors[len(self.raw)] = _messages(error)

    def failures(self) -> list[AttemptFailure]:
        return [AttemptFailure(n, raw, self.errors.get(n, [])) for n, raw in enumerate(self.raw, start=1)]


def _messages(error: BaseException) -> list[str]:
    if isinstance(error, ValidationError):
        return [f"{'.'.join(str(p) for p in e['loc']) or 'report'}: {e['msg']}" for e in error.errors()]
    return [str(error)]


@dataclass(frozen=True)
class _Request:
    """Everything one extraction needs, prepared before the model is called."""

    text: str
    index: TextIndex
    backend: Backend
    messages: list[dict[str, str]]
    options: dict[str, Any]


def _prepare(
    text: str | bytes,
    backend: str | Backend | None,
    model: str | None,
    client: openai.OpenAI | openai.AsyncOpenAI | None,
    base_url: str | None,
    api_key: str | None,
    temperature: float,
    max_tokens: int | None,
) -> _Request:
    article = coerce_text(text)
    chosen = resolve_backend(backend, model=model, client=client, base_url=base_url, api_key=api_key)
    messages = load_prompt().messages(article)
    limit = max_tokens or chosen.default_max_tokens
    chosen.check_fits(messages, limit)
    return _Request(
        text=article,
        index=TextIndex(article),
        backend=chosen,
        messages=messages,
        options={"temperature": temperature, "max_tokens": limit},
    )


def _salvage(request: _Request, attempts: _Attempts) -> DraftReport | None:
    """The latest attempt that is valid once ungrounded items are dropped, if any."""
    for raw in reversed(attempts.raw):
        if not raw:
            continue
        try:
            return DraftReport.model_validate_json(
                raw, context={"index": request.index, "drop_ungrounded": True}
            )
        except (ValidationError, ValueError):
            continue
    return None


def _finish(
    request: _Request, draft: DraftReport, attempts: _Attempts, started: float, extra: list[Warning]
) -> Report:
    report = assemble(draft, request.index)
    report.warnings[:0] = extra
    report.model = request.backend.name
    report.attempts = len(attempts.raw)
    report.usage = TokenUsage(
        prompt_tokens=attempts.usage.prompt_tokens,
        completion_tokens=attempts.usage.completion_tokens,
        total_tokens=attempts.usage.total_tokens,
    )
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _fail(request: _Request, attempts: _Attempts, exc: Exception, started: float) -> Report:
    """Turn instructor's final failure into a salvaged report or a typed error."""
    cause = exc.__cause__ if isinstance(exc, InstructorRetryException) else exc
    if isinstance(cause, NewsstructError):
        raise cause
    failures = attempts.failures()
    last_raw = attempts.raw[-1] if attempts.raw else None
    if isinstance(exc, IncompleteOutputException):
        raise OutputTruncatedError(
            f"the model's output reached max_tokens={request.options['max_tokens']} before the "
            "JSON was complete; raise max_tokens or shorten the article",
            attempts=len(attempts.raw),
            last_raw_output=last_raw,
            failures=failures,
            usage=attempts.usage,
        ) from exc
    draft = _salvage(request, attempts)
    if draft is None:
        raise ExtractionError(
            f"no valid report after {len(attempts.raw)} attempt(s): {cause}",
            attempts=len(attempts.raw),
            last_raw_output=last_raw,
            failures=failures,
            usage=attempts.usage,
        ) from exc
    note = Warning(
        code="retries_exhausted",
        message=f"the model did not fix every problem in {len(attempts.raw)} attempt(s); "
        "items that failed their checks were dropped",
    )
    return _finish(request, draft, attempts, started, [note])


def _instructor_client(backend: Backend, *, is_async: bool) -> Any:
    create: Callable[..., Any] = backend.acreate if is_async else backend.create
    patched = instructor.patch(create=create, mode=instructor.Mode.JSON_SCHEMA)
    cls = instructor.AsyncInstructor if is_async else instructor.Instructor
    return cls(client=None, create=patched, mode=instructor.Mode.JSON_SCHEMA)


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
) -> Report:
    """Extract the incidents, casualty figures and claims of one news article.

    ``backend`` is ``"embedded"`` (the default: a local llama.cpp model), ``"openai"`` (any
    OpenAI-compatible endpoint, chosen automatically when ``client`` or ``base_url`` is given)
    or a :class:`~newsstruct.backends.Backend`. ``model`` is the model name for an endpoint, or
    a GGUF path for the embedded backend. ``retries`` is how many times invalid output is sent
    back with its errors: an int, or a ``tenacity.Retrying``.

    Raises :class:`~newsstruct.errors.InputError` before any model call for empty, binary or
    oversized text, :class:`~newsstruct.errors.BackendError` when the model cannot be reached
    and :class:`~newsstruct.errors.ExtractionError` when no valid report could be made.
    """
    started = time.perf_counter()
    request = _prepare(text, backend, model, client, base_url, api_key, temperature, max_tokens)
    attempts = _Attempts()
    try:
        draft, _ = _instructor_client(request.backend, is_async=False).create_with_completion(
            response_model=DraftReport,
            messages=request.messages,
            max_retries=build_retrying(retries),
            context={"index": request.index},
            strict=False,
            hooks=attempts.hooks(),
            **request.options,
        )
    except (InstructorRetryException, IncompleteOutputException) as exc:
        return _fail(request, attempts, exc, started)
    return _finish(request, draft, attempts, started, [])


async def parse_async(
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
) -> Report:
    """The async twin of :func:`parse`, with the same options and errors."""
    started = time.perf_counter()
    request = _prepare(text, backend, model, client, base_url, api_key, temperature, max_tokens)
    attempts = _Attempts()
    try:
        draft, _ = await _instructor_client(request.backend, is_async=True).create_with_completion(
            response_model=DraftReport,
            messages=request.messages,
            max_retries=build_async_retrying(retries),
            context={"index": request.index},
            strict=False,
            hooks=attempts.hooks(),
            **request.options,
        )
    except (InstructorRetryException, IncompleteOutputException) as exc:
        return _fail(request, attempts, exc, started)
    return _finish(request, draft, attempts, started, [])
