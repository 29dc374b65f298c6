"""``parse`` and ``parse_async``: one article in, one validated and grounded report out.

The flow: check the text (typed errors before any model call) → check every step's prompt fits
the context → run the plan (:mod:`newsstruct.pipeline`) step by step through instructor, where
validation and grounding problems go back to the model as feedback within the retry budget →
assemble the report with evidence offsets. When a step's budget runs out while its output is
still well-formed, the items that failed are dropped and listed as warnings; otherwise a typed
error carries every attempt.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from openai.types.chat import ChatCompletionMessage
from openai.types.chat.chat_completion import Choice
from pydantic import ValidationError

from newsstruct.assemble import assemble
from newsstruct.backends import Backend, resolve_backend
from newsstruct.cache import ResultCache, open_cache
from newsstruct.draft import STEP_CONTEXT, DraftReport, Drop
from newsstruct.errors import (
    AttemptFailure,
    ExtractionError,
    GroundingError,
    NewsstructError,
    OutputTruncatedError,
    Usage,
)
from newsstruct.grounding import TextIndex
from newsstruct.inputs import coerce_text
from newsstruct.pipeline import Plan, StepCall, StepOutcome, plan
from newsstruct.prompting import STEPS, load_prompts
from newsstruct.retry import DEFAULT_RETRIES, RetryPolicy, build_async_retrying, build_retrying
from newsstruct.schema import CasualtyFigure, Claim, GroundingSummary, Incident, Report, TokenUsage, Warning
from newsstruct.sentences import Sentence, numbered, split_sentences


@dataclass
class _Attempts:
    """What instructor's hooks report about every model call of one extraction."""

    raw: list[str | None] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    errors: dict[int, list[str]] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)  # why an answer had no content, by attempt
    usage: Usage = field(default_factory=Usage)
    step: str = ""

    def hooks(self, step: str) -> Hooks:
        self.step = step
        hooks = Hooks()
        hooks.on("completion:response", self._on_response)
        hooks.on("parse:error", self._on_parse_error)
        return hooks

    def _on_response(self, response: Any) -> None:
        choices = getattr(response, "choices", None) or []
        self.raw.append(choices[0].message.content if choices else None)
        self.steps.append(self.step)
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage += Usage(usage.prompt_tokens or 0, usage.completion_tokens or 0)

    def note(self, reason: str) -> None:
        """Called before the response hook of the attempt it is about."""
        self.notes[len(self.raw) + 1] = reason

    def _on_parse_error(self, error: Exception, **_: Any) -> None:
        note = self.notes.get(len(self.raw))
        self.errors[len(self.raw)] = ([note] if note else []) + _messages(error)

    def last_note(self, step: str) -> str | None:
        numbers = [n for n, s in enumerate(self.steps, start=1) if s == step and n in self.notes]
        return self.notes[numbers[-1]] if numbers else None

    def failures(self) -> list[AttemptFailure]:
        return [AttemptFailure(n, raw, self.errors.get(n, [])) for n, raw in enumerate(self.raw, start=1)]

    def problems(self, attempt: int) -> list[str]:
        """The grounding and consistency problems the checks found in one attempt's answer."""
        return [line[2:] for e in self.errors.get(attempt, []) for line in e.splitlines() if line.startswith("- ")]

    def repaired(self, dropped: list[Drop]) -> int:
        """Problems the model fixed when told: per step, the problems of its first answer that
        reached the checks (an answer that was not even valid JSON has none), less what the step
        finally dropped or the library had to fix itself."""
        total = 0
        for step in dict.fromkeys(self.steps):
            numbers = [n for n, s in enumerate(self.steps, start=1) if s == step]
            found = next((len(self.problems(n)) for n in numbers if self.problems(n)), 0)
            prefix = _SECTION.get(step, step)
            lost = sum(1 for d in dropped if d.code == "dropped" and d.item.startswith(prefix))
            total += max(0, found - lost)
        return total

    def raw_of(self, step: str) -> list[str]:
        return [r for r, s in zip(self.raw, self.steps, strict=True) if s == step and r]


_SECTION = {"incidents": "incidents", "figures": "figures", "claims": "claim"}  # item labels per step


def _messages(error: BaseException) -> list[str]:
    if isinstance(error, ValidationError):
        return [f"{'.'.join(str(p) for p in e['loc']) or 'output'}: {e['msg']}" for e in error.errors()]
    return [str(error)]


@dataclass
class _Run:
    """One extraction in progress: the checked article, backend, options and attempt log."""

    index: TextIndex
    sentences: list[Sentence]
    backend: Backend
    options: dict[str, Any]
    retries: RetryPolicy
    strict: bool = False
    cache: ResultCache | None = None
    attempts: _Attempts = field(default_factory=_Attempts)
    started: float = field(default_factory=time.perf_counter)

    def error(self, cls: type[ExtractionError], message: str) -> ExtractionError:
        a = self.attempts
        return cls(
            message,
            attempts=len(a.raw),
            last_raw_output=a.raw[-1] if a.raw else None,
            failures=a.failures(),
            usage=a.usage,
        )

    def request(self, call: StepCall) -> dict[str, Any]:
        return {
            "response_model": call.response_model,
            "messages": call.messages,
            "strict": False,
            "hooks": self.attempts.hooks(call.name),
            **self.options,
        }

    def salvage(self, call: StepCall, exc: Exception) -> StepOutcome:
        """After the budget ran out: the latest answer that is valid once failing items are dropped."""
        cause = exc.__cause__ if isinstance(exc, InstructorRetryException) else exc
        if isinstance(cause, NewsstructError):
            raise cause
        if isinstance(exc, IncompleteOutputException):
            failure = self.error(
                OutputTruncatedError,
                f"the {call.name} step reached max_tokens={self.options['max_tokens']} before its JSON "
                "was complete; raise max_tokens or shorten the article",
            )
        else:
            for raw in reversed(self.attempts.raw_of(call.name)):
                try:
                    parsed = call.response_model.model_validate_json(
                        raw, context={**call.context, "drop_ungrounded": True}
                    )
                except (ValidationError, ValueError):
                    continue
                tried = sum(1 for s in self.attempts.steps if s == call.name)
                note = Drop(
                    call.name,
                    f"re-asking stopped in the {call.name} step after {tried} attempt(s) (retries exhausted, or "
                    "the answer repeated the previous problems); failing items were dropped",
                    "retries_exhausted",
                )
                return StepOutcome(parsed, dropped=[note, *parsed.dropped])
            tried = sum(1 for s in self.attempts.steps if s == call.name)
            reason = self.attempts.last_note(call.name) or str(cause)
            failure = self.error(ExtractionError, f"no valid {call.name} after {tried} attempt(s): {reason}")
        if call.required:
            raise failure from exc
        return StepOutcome(None, failure=str(failure))

    def report(self, result: tuple[DraftReport, list[Drop]]) -> Report:
        draft, dropped = result
        if self.strict:
            self._raise_if_lost(dropped)
        report = assemble(draft, self.index, self.sentences)
        if self.strict:
            self._raise_if_lost([Drop(w.item or "", w.message) for w in report.warnings])
        notes = [Warning(code=d.code, message=d.reason, item=d.item) for d in dropped]
        report.warnings[:0] = notes
        report.model = self.backend.name
        report.attempts = len(self.attempts.raw)
        report.usage = TokenUsage(
            prompt_tokens=self.attempts.usage.prompt_tokens,
            completion_tokens=self.attempts.usage.completion_tokens,
            total_tokens=self.attempts.usage.total_tokens,
        )
        report.grounding = self._summary(report, dropped)
        report.seconds = round(time.perf_counter() - self.started, 3)
        if self.cache is not None:
            self.cache.put_report(self.backend.name, self.index.text, report)
        return report

    def _raise_if_lost(self, dropped: list[Drop]) -> None:
        """Strict mode: anything lost (not a mere duplicate or a lossless fix) is an error."""
        lost = [d for d in dropped if d.code in LOSSES]
        if lost:
            a = self.attempts
            raise GroundingError(
                f"{len(lost)} value(s) could not be grounded or checked after the retries: "
                + "; ".join(f"{d.item}: {d.reason}" for d in lost),
                dropped=[(d.item, d.reason) for d in lost],
                attempts=len(a.raw),
                last_raw_output=a.raw[-1] if a.raw else None,
                failures=a.failures(),
                usage=a.usage,
            )

    def _summary(self, report: Report, dropped: list[Drop]) -> GroundingSummary:
        items: list[Incident | CasualtyFigure | Claim] = [*report.incidents, *report.figures, *report.claims]
        kinds = Counter(m.match for item in items for m in item.mentions)
        lost = len(_losses(report))
        return GroundingSummary(
            exact=kinds["exact"],
            normalized=kinds["normalized"],
            fuzzy=kinds["fuzzy"],
            repaired=self.attempts.repaired(dropped),
            dropped=lost,
        )


# Warning codes that mean a value or an item was lost: from the checks, a failed optional step, and
# the last guards of assembly. Duplicates, lossless re-citations and the retry note are not losses.
LOSSES = ("dropped", "step_failed", "date_year_invented", "date_format", "ungrounded")


def _start(
    text: str | bytes,
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
) -> tuple[_Run, Plan] | Report:
    """The checked article and the plan to run, or the cached report when there is one."""
    article = coerce_text(text)
    chosen = resolve_backend(backend, model=model, client=client, base_url=base_url, api_key=api_key)
    store = open_cache(cache)
    if store is not None:
        hit = store.report(chosen.name, article)
        if hit is not None and not (strict and _losses(hit)):
            return hit
    prompts = load_prompts()
    limit = max_tokens or chosen.default_max_tokens
    sentences = split_sentences(article)
    # Each step carries the numbered article plus at most a short incident list and a list of
    # sentence numbers.
    shown = numbered(article, sentences)
    every = ", ".join(str(s.number) for s in sentences)
    for step in STEPS:
        chosen.check_fits(prompts.messages(shown, step, incidents="x" * 400, sentences=every), limit)
    index = TextIndex(article)
    run = _Run(index, sentences, chosen, {"temperature": temperature, "max_tokens": limit}, retries, strict, store)
    return run, plan(index, sentences, prompts)


def _losses(report: Report) -> list[Warning]:
    return [w for w in report.warnings if w.code in LOSSES]


def escape_raw_controls(answer: str) -> str:
    """JSON with raw control characters inside strings made valid: a line break written literally
    inside a string (some grammar-constrained decoders let one through) becomes ``\\n``, so the
    rest of the answer is still judged instead of failing as unparseable JSON."""
    out: list[str] = []
    in_string = escaped = False
    for char in answer:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            elif ord(char) < 0x20:
                out.append(json.dumps(char)[1:-1])
                continue
        elif char == '"':
            in_string = True
        out.append(char)
    return "".join(out)


def _cleaned(completion: Any, attempts: _Attempts) -> Any:
    """The completion made judgeable: raw control characters escaped, and an answer with no
    choice or a refusal instead of content turned into an empty answer (which fails validation
    and is re-asked within the budget) with the reason noted for the error report."""
    if not getattr(completion, "choices", None):
        attempts.note("the endpoint returned no choices")
        completion.choices = [
            Choice(index=0, finish_reason="stop", message=ChatCompletionMessage(role="assistant", content=""))
        ]
    for choice in completion.choices:
        content = getattr(choice.message, "content", None)
        if isinstance(content, str):
            choice.message.content = escape_raw_controls(content)
        else:
            refusal = getattr(choice.message, "refusal", None)
            attempts.note(f"the model refused: {refusal}" if refusal else "the model returned no content")
            choice.message.content = ""
    return completion


def _instructor_client(backend: Backend, attempts: _Attempts, *, is_async: bool) -> Any:
    def create_sync(**kwargs: Any) -> Any:
        return _cleaned(backend.create(**kwargs), attempts)

    async def create_async(**kwargs: Any) -> Any:
        return _cleaned(await backend.acreate(**kwargs), attempts)

    create: Callable[..., Any] = create_async if is_async else create_sync
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
    strict: bool = False,
    cache: ResultCache | Path | str | bool | None = None,
) -> Report:
    """Extract the incidents, casualty figures and claims of one news article.

    ``backend`` is ``"embedded"`` (the default: a local llama.cpp model), ``"openai"`` (any
    OpenAI-compatible endpoint, chosen automatically when ``client`` or ``base_url`` is given)
    or a :class:`~newsstruct.backends.Backend`. ``model`` is the model name for an endpoint, or
    a GGUF path for the embedded backend. ``retries`` is how many times invalid output is sent
    back with its errors, per step: an int, or a ``tenacity.Retrying``. ``max_tokens`` caps
    each step's answer.

    Every value is grounded in the text and checked (see :mod:`newsstruct.draft`); problems go
    back to the model within the retry budget, and what still fails is dropped and listed in
    ``report.warnings``. With ``strict=True`` a :class:`~newsstruct.errors.GroundingError` is
    raised instead of dropping anything.

    ``cache`` keeps reports on disk (:mod:`newsstruct.cache`): ``True`` for the default file,
    a path, or a :class:`~newsstruct.cache.ResultCache`; an article already extracted with the
    same model, prompt version and schema version is returned without a model call (the options
    are not part of the key).

    Raises :class:`~newsstruct.errors.InputError` before any model call for empty, binary or
    oversized text, :class:`~newsstruct.errors.BackendError` when the model cannot be reached
    and :class:`~newsstruct.errors.ExtractionError` when no valid report could be made.
    """
    started = _start(text, backend, model, client, base_url, api_key, retries, temperature, max_tokens, strict, cache)
    if isinstance(started, Report):
        return started
    run, steps = started
    llm = _instructor_client(run.backend, run.attempts, is_async=False)
    outcome: StepOutcome | None = None
    while True:
        try:
            call = steps.send(outcome) if outcome is not None else next(steps)
        except StopIteration as done:
            return run.report(done.value)
        token = STEP_CONTEXT.set(call.context)
        try:
            parsed = llm.create(max_retries=build_retrying(run.retries), **run.request(call))
            outcome = StepOutcome(parsed, dropped=parsed.dropped)
        except (InstructorRetryException, IncompleteOutputException) as exc:
            outcome = run.salvage(call, exc)
        finally:
            STEP_CONTEXT.reset(token)


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
    strict: bool = False,
    cache: ResultCache | Path | str | bool | None = None,
) -> Report:
    """The async twin of :func:`parse`, with the same options and errors."""
    started = _start(text, backend, model, client, base_url, api_key, retries, temperature, max_tokens, strict, cache)
    if isinstance(started, Report):
        return started
    run, steps = started
    llm = _instructor_client(run.backend, run.attempts, is_async=True)
    outcome: StepOutcome | None = None
    while True:
        try:
            call = steps.send(outcome) if outcome is not None else next(steps)
        except StopIteration as done:
            return run.report(done.value)
        token = STEP_CONTEXT.set(call.context)
        try:
            parsed = await llm.create(max_retries=build_async_retrying(run.retries), **run.request(call))
            outcome = StepOutcome(parsed, dropped=parsed.dropped)
        except (InstructorRetryException, IncompleteOutputException) as exc:
            outcome = run.salvage(call, exc)
        finally:
            STEP_CONTEXT.reset(token)
