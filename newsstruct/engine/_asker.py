"""Asking one article's questions of a backend: by token probabilities where the backend reads
them (the embedded llama.cpp model), else through instructor with a one-field Pydantic model
whose only value is a ``Literal`` of the option letters (OpenAI-compatible endpoints).

On an endpoint an answer that is not one of the letters (not JSON, the wrong shape, no choice, a
refusal) is re-asked within the retry budget; when the budget runs out the extraction fails with
an :class:`~newsstruct.errors.ExtractionError` that carries every attempt. Transport failures
(HTTP errors, timeouts) are the HTTP client's to retry and end in their own typed errors.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import BaseModel, ValidationError, create_model

from newsstruct.backends import Backend
from newsstruct.engine._prompts import engine_instructions
from newsstruct.engine._questions import LABELS, Question
from newsstruct.engine._retry import DEFAULT_RETRIES, RetryPolicy, build_async_retrying, build_retrying
from newsstruct.errors import (
    AttemptFailure,
    DeadlineError,
    ExtractionError,
    NewsstructError,
    OutputTruncatedError,
)
from newsstruct.schema import TokenUsage
from newsstruct.text import lowered

ANSWER_TOKENS = 20  # an answer is {"answer": "B"}: a handful of tokens


@dataclass(frozen=True)
class Answer:
    index: int
    confidence: float | None  # the chosen option's probability, when the backend reads them
    probabilities: tuple[float, ...] | None = None  # every option's, when the backend reads them


class AnswerStore:
    """Answers kept on disk by question, so a change to how answers are used is measured again
    without asking the model (the evaluation loop's cache; extraction itself never needs it)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, answer TEXT NOT NULL)")
        self.used: set[str] = set()  # keys read or written through this store, for export

    @staticmethod
    def key(model: str, messages: list[dict[str, str]], labels: list[str]) -> str:
        return hashlib.sha256(json.dumps([model, messages, labels]).encode("utf-8")).hexdigest()

    def get(self, key: str) -> list[float] | str | None:
        row = self._db.execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
        if row:
            self.used.add(key)
        return json.loads(row[0]) if row else None

    def put(self, key: str, answer: list[float] | str) -> None:
        self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, json.dumps(answer)))
        self.used.add(key)

    def export(self, path: Path, keys: set[str] | None = None) -> int:
        """Write answers (``keys``, or all) as JSON lines, sorted by key: a run's answers kept as
        text beside its results, so that anyone can re-extract its reports with no model."""
        rows = self._db.execute("SELECT key, answer FROM answers ORDER BY key").fetchall()
        written = 0
        with path.open("w", encoding="utf-8") as out:
            for key, answer in rows:
                if keys is None or key in keys:
                    out.write(json.dumps({"key": key, "answer": json.loads(answer)}) + "\n")
                    written += 1
        return written

    def load(self, path: Path) -> int:
        """Add the answers of an exported file; answers already in the store are kept."""
        added = 0
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    row = json.loads(line)
                    cursor = self._db.execute(
                        "INSERT OR IGNORE INTO answers VALUES (?, ?)", (row["key"], json.dumps(row["answer"]))
                    )
                    added += cursor.rowcount
        return added


def messages_for(article: str, question: Question) -> list[dict[str, str]]:
    """[instructions + demonstrations][article][question]: the first two parts are the same for
    every question of an article, so a server with prefix caching evaluates them once. All-capital
    text is shown in lower case (:mod:`newsstruct.text._recase`)."""
    shown = lowered(article)
    case: Callable[[str], str] = str.lower if shown is not None else str
    lines = [f"{LABELS[n]}. {case(option)}" for n, option in enumerate(question.options)]
    ask = (
        f'{case(question.context)}Sentence: "{case(" ".join(question.sentence.split()))}"\n'
        f"Question: {question.text}\n" + "\n".join(lines)
    )
    article = shown or article
    return [
        {"role": "system", "content": engine_instructions()},
        {"role": "user", "content": f"Article:\n{article.strip()}\n\n{ask}\nAnswer:"},
    ]


@cache
def answer_model(labels: tuple[str, ...]) -> type[BaseModel]:
    return create_model("Answer", answer=(Literal[labels], ...))


@dataclass
class Attempts:
    """What instructor's hooks report about every endpoint call of one extraction."""

    raw: list[str | None] = field(default_factory=list)
    errors: dict[int, list[str]] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)  # why an answer had no content, by attempt
    usage: TokenUsage = field(default_factory=TokenUsage)

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
            self.usage += TokenUsage.of(usage.prompt_tokens or 0, usage.completion_tokens or 0)

    def note(self, reason: str) -> None:
        """Called before the response hook of the attempt it is about."""
        self.notes[len(self.raw) + 1] = reason

    def _on_parse_error(self, error: Exception, **_: Any) -> None:
        note = self.notes.get(len(self.raw))
        messages = [f"{'.'.join(map(str, e['loc'])) or 'output'}: {e['msg']}" for e in error.errors()] if isinstance(
            error, ValidationError
        ) else [str(error)]  # fmt: skip
        self.errors[len(self.raw)] = ([note] if note else []) + messages

    def failures(self) -> list[AttemptFailure]:
        return [AttemptFailure(n, raw, self.errors.get(n, [])) for n, raw in enumerate(self.raw, start=1)]


def escape_raw_controls(answer: str) -> str:
    """JSON with raw control characters inside strings made valid (some grammar-constrained
    decoders let a literal line break through), so the answer is judged instead of failing."""
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


def _cleaned(completion: Any, attempts: Attempts) -> Any:
    """The completion made judgeable: raw control characters escaped, and an answer with no
    choice or a refusal instead of content turned into an empty answer (which fails validation
    and is re-asked within the budget) with the reason noted for the error report."""
    if not getattr(completion, "choices", None):
        from openai.types.chat import ChatCompletionMessage
        from openai.types.chat.chat_completion import Choice

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


@dataclass
class Asker:
    """Asks one article's questions through a backend, counts them and keeps a log."""

    backend: Backend
    article: str
    store: AnswerStore | None = None
    retries: RetryPolicy = DEFAULT_RETRIES
    temperature: float = 0.0
    max_tokens: int = ANSWER_TOKENS
    attempts: Attempts = field(default_factory=Attempts)
    questions: int = 0  # asked by the plan (answered by the model or the store)
    chosen: int = 0  # answered from token probabilities
    prefill_tokens: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)
    deadline: float | None = None  # seconds the whole article may take (None: no bound)
    _ends: float | None = None  # when, on the monotonic clock
    _sync: Any = None
    _async: Any = None
    _first: int = 0  # the attempt number before the current question's first

    def __post_init__(self) -> None:
        if self.deadline is not None:
            self._ends = time.monotonic() + self.deadline

    def _remaining(self) -> float | None:
        """Seconds left before the deadline; DeadlineError once it has passed."""
        if self._ends is None:
            return None
        left = self._ends - time.monotonic()
        if left <= 0:
            raise DeadlineError(
                f"the article's deadline of {self.deadline:g} s passed after {self.questions - 1} answers"
            )
        return left

    @property
    def calls(self) -> int:
        """Model calls made: one per answer read from probabilities, one per endpoint attempt."""
        return self.chosen + len(self.attempts.raw)

    @property
    def usage(self) -> TokenUsage:
        return self.attempts.usage + TokenUsage.of(self.prefill_tokens, 0)

    def ask(self, question: Question) -> Answer:
        """The option the model picks."""
        messages, labels, key, stored = self._prepare(question)
        if stored is not None:
            return self._answer(question, labels, stored, key, fresh=False)
        self._remaining()
        probabilities = self._choose(messages, labels)
        if probabilities is not None:
            return self._answer(question, labels, probabilities, key, fresh=True)
        reply = self._guard(
            lambda: self._instructor(is_async=False).chat.completions.create(**self._request(messages, labels))
        )
        return self._answer(question, labels, str(reply.answer), key, fresh=True)

    async def aask(self, question: Question) -> Answer:
        """The async twin of :meth:`ask` (a local model answers in a worker thread)."""
        messages, labels, key, stored = self._prepare(question)
        if stored is not None:
            return self._answer(question, labels, stored, key, fresh=False)
        self._remaining()
        probabilities = await asyncio.to_thread(self._choose, messages, labels)
        if probabilities is not None:
            return self._answer(question, labels, probabilities, key, fresh=True)
        client = self._instructor(is_async=True)
        request = self._request(messages, labels, is_async=True)
        try:
            # a trickling endpoint never times out a read: the deadline bounds the whole answer
            reply = await asyncio.wait_for(client.chat.completions.create(**request), self._remaining())
        except (InstructorRetryException, IncompleteOutputException) as exc:
            raise self._failure(exc) from exc
        except asyncio.TimeoutError:
            raise DeadlineError(
                f"the article's deadline of {self.deadline:g} s passed while waiting for an answer"
            ) from None
        return self._answer(question, labels, str(reply.answer), key, fresh=True)

    # ---------------------------------------------------------------- internals

    def _prepare(self, question: Question) -> tuple[list[dict[str, str]], list[str], str, list[float] | str | None]:
        labels = list(LABELS[: len(question.options)])
        messages = messages_for(self.article, question)
        self.questions += 1
        self._first = len(self.attempts.raw)
        key = AnswerStore.key(self.backend.name, messages, labels) if self.store else ""
        return messages, labels, key, self.store.get(key) if self.store else None

    def _choose(self, messages: list[dict[str, str]], labels: list[str]) -> list[float] | None:
        before = getattr(self.backend, "prefill_tokens", 0)
        probabilities = self.backend.choose(messages, labels)
        self.chosen += probabilities is not None
        self.prefill_tokens += getattr(self.backend, "prefill_tokens", 0) - before
        return probabilities

    def _answer(
        self, question: Question, labels: list[str], value: list[float] | str, key: str, *, fresh: bool
    ) -> Answer:
        if fresh and self.store is not None:
            self.store.put(key, value)
        if isinstance(value, list):
            best = max(range(len(labels)), key=lambda n: value[n])
            answer = Answer(best, round(value[best], 3), tuple(value))
        else:
            answer = Answer(labels.index(value), None)
        self.log.append({"question": question.text, "sentence": question.sentence[:120], "options": question.options,
                         "answer": answer.index, "probabilities": answer.probabilities})  # fmt: skip
        return answer

    def _request(self, messages: list[dict[str, str]], labels: list[str], *, is_async: bool = False) -> dict[str, Any]:
        return {
            "response_model": answer_model(tuple(labels)),
            "messages": messages,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "max_retries": (build_async_retrying if is_async else build_retrying)(self.retries),
            "hooks": self.attempts.hooks(),
        }

    def _instructor(self, *, is_async: bool) -> Any:
        cached = self._async if is_async else self._sync
        if cached is not None:
            return cached
        attempts, backend = self.attempts, self.backend

        def create_sync(**kwargs: Any) -> Any:
            return _cleaned(backend.create(**kwargs), attempts)

        async def create_async(**kwargs: Any) -> Any:
            return _cleaned(await backend.acreate(**kwargs), attempts)

        create: Callable[..., Any] = create_async if is_async else create_sync
        patched = instructor.patch(create=create, mode=instructor.Mode.JSON_SCHEMA)
        cls = instructor.AsyncInstructor if is_async else instructor.Instructor
        client = cls(client=None, create=patched, mode=instructor.Mode.JSON_SCHEMA)
        if is_async:
            self._async = client
        else:
            self._sync = client
        return client

    def _guard(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except (InstructorRetryException, IncompleteOutputException) as exc:
            raise self._failure(exc) from exc

    def _failure(self, exc: Exception) -> NewsstructError:
        cause = exc.__cause__ if isinstance(exc, InstructorRetryException) else exc
        if isinstance(cause, NewsstructError):
            return cause  # a transport failure, already typed by the backend
        a = self.attempts
        if isinstance(exc, IncompleteOutputException):
            kind: type[ExtractionError] = OutputTruncatedError
            message = f"an answer reached max_tokens={self.max_tokens} before its JSON was complete"
        else:
            kind = ExtractionError
            reason = a.notes.get(len(a.raw)) or (a.errors.get(len(a.raw)) or [str(cause)])[-1]
            message = f"no valid answer to a question after {len(a.raw) - self._first} attempt(s): {reason}"
        last = a.raw[-1] if a.raw else None
        return kind(message, attempts=len(a.raw), last_raw_output=last, failures=a.failures(), usage=self.usage)
