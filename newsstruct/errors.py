"""Every error newsstruct raises, under one root.

    NewsstructError
    ├── InputError                 the text cannot be sent to a model (raised before any LLM call)
    │   ├── EmptyTextError         empty or whitespace-only text
    │   ├── NotTextError           bytes that do not decode as text, or binary content
    │   ├── TextTooLargeError      longer than the size cap (``max_chars``, NEWSSTRUCT_MAX_CHARS)
    │   └── ContextOverflowError   the article does not fit the model's context window
    ├── ConfigurationError         an option or environment variable is invalid
    │   └── MissingExtraError      an optional extra (``ray``, ``tables``) is not installed
    ├── BackendError               the model could not be reached or loaded
    │   ├── BackendUnavailableError  an optional dependency is missing, or the endpoint failed
    │   │   ├── RateLimitError     the endpoint kept answering 429 (``retry_after`` seconds, if it said)
    │   │   └── BackendTimeoutError  the endpoint did not answer within the timeout
    │   │       └── DeadlineError  the article's overall deadline passed before its last answer
    │   └── ModelFileError         the model file is missing, incomplete or fails its hash check
    ├── OutputRefusedError         a batch output file cannot be used (same as the input, not a results file)
    │   └── OutputLockedError      another process is writing the same output file
    ├── RunError                   a batch run could not go on (its output could not be written, its cache is unusable)
    │   └── CacheError             the results cache cannot be opened or read at all
    └── ExtractionError            the model's output never became a valid report
        ├── OutputTruncatedError   the output hit the max_tokens limit before it was complete
        └── GroundingError         strict mode: a value could not be grounded or checked, even after retries

An ``ExtractionError`` carries everything needed to understand the failure: the number of
attempts, the last raw output, the validation errors of every attempt and the token usage spent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsstruct.schema import TokenUsage


class NewsstructError(Exception):
    """Root of every error raised by newsstruct."""


class InputError(NewsstructError, ValueError):
    """The input text cannot be extracted from; no model call was made."""


class EmptyTextError(InputError):
    """The text is empty or contains only whitespace."""


class NotTextError(InputError):
    """The input is binary data, or bytes that are not valid text."""


class TextTooLargeError(InputError):
    """The text is longer than the configured size cap: refused before any work is spent on it."""


class ContextOverflowError(InputError):
    """The article is longer than the model's context window allows."""

    def __init__(self, message: str, *, needed_tokens: int, available_tokens: int) -> None:
        super().__init__(message)
        self.needed_tokens = needed_tokens
        self.available_tokens = available_tokens


class ConfigurationError(NewsstructError, ValueError):
    """An option or environment variable has an invalid value."""


class MissingExtraError(ConfigurationError, ImportError):
    """A feature needs an optional extra that is not installed (``pip install 'newsstruct[EXTRA]'``)."""

    def __init__(self, feature: str, *, extra: str, missing: str) -> None:
        super().__init__(f"{feature} needs {missing}: pip install 'newsstruct[{extra}]'")
        self.extra = extra
        self.missing = missing


class BackendError(NewsstructError):
    """The model backend could not be used."""


class BackendUnavailableError(BackendError):
    """A dependency is missing or the endpoint failed (connection, HTTP error, timeout)."""


class RateLimitError(BackendUnavailableError):
    """The endpoint rate-limited every attempt (HTTP 429), after the client's own retries."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BackendTimeoutError(BackendUnavailableError):
    """The endpoint did not answer within the client's timeout, after the client's own retries."""


class DeadlineError(BackendTimeoutError):
    """The article's overall deadline (``deadline`` seconds) passed before its last answer: a slow
    or trickling endpoint cannot hold a batch slot forever."""


class ModelFileError(BackendError):
    """The model file is missing, incomplete or does not match its expected hash."""


class OutputRefusedError(NewsstructError):
    """A batch output file is refused before anything is written: it is the input itself, or it
    holds lines that are not results (rewriting it would destroy them)."""


class OutputLockedError(OutputRefusedError):
    """Another process holds the output file's lock: two writers would lose each other's lines."""


class RunError(NewsstructError):
    """A batch run stopped: its output could not be written (disk full, read-only) or its cache
    cannot be used. Lines written before it are whole and kept; a rerun resumes."""


class CacheError(RunError):
    """The results cache cannot be opened (not a database, unreadable directory)."""


@dataclass(frozen=True)
class AttemptFailure:
    """One failed attempt: its number, the raw model output and why it was rejected."""

    attempt: int
    raw_output: str | None
    errors: list[str] = field(default_factory=list)


class ExtractionError(NewsstructError):
    """The model's output could not be turned into a valid report within the retry budget."""

    def __init__(
        self,
        message: str,
        *,
        attempts: int,
        last_raw_output: str | None,
        failures: list[AttemptFailure],
        usage: TokenUsage,
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.last_raw_output = last_raw_output
        self.failures = failures
        self.usage = usage

    @property
    def validation_errors(self) -> list[str]:
        """The validation errors of the last attempt."""
        return list(self.failures[-1].errors) if self.failures else []

    def details(self) -> dict[str, Any]:
        """A JSON-ready description of the failure."""
        return {
            "error": type(self).__name__,
            "message": str(self),
            "attempts": self.attempts,
            "usage": {
                "prompt_tokens": self.usage.prompt_tokens,
                "completion_tokens": self.usage.completion_tokens,
            },
            "failures": [{"attempt": f.attempt, "errors": f.errors, "raw_output": f.raw_output} for f in self.failures],
        }


class OutputTruncatedError(ExtractionError):
    """The model stopped at max_tokens before its JSON was complete."""


class GroundingError(ExtractionError):
    """Strict mode only: after the retries, something would have been dropped from the report.

    ``dropped`` lists each (item, reason); without strict mode these become the report's warnings."""

    def __init__(self, message: str, *, dropped: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.dropped = list(dropped)

    def details(self) -> dict[str, Any]:
        return {**super().details(), "dropped": [{"item": i, "reason": r} for i, r in self.dropped]}
