"""The retry policy, built in one place from an int or a ``tenacity`` object.

An ``int`` is the number of *re*-asks after the first attempt: ``retries=2`` allows three model
calls. Only output problems (invalid JSON, failed validation) are re-asked; transport failures
are retried by the HTTP client itself. Re-asking stops early when an answer has exactly the
problems of the previous one: a model that repeats itself after being told what is wrong will
repeat itself again (at temperature 0 it usually returns the very same answer), so the budget
is not spent on it and the items that failed are dropped with warnings at once. A
``tenacity.Retrying`` or ``AsyncRetrying`` is used as given (converted between the sync and
async forms when needed).
"""

from __future__ import annotations

import json

from instructor.core.exceptions import ResponseParsingError
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    stop_after_attempt,
    wait_none,
)
from tenacity.retry import retry_base

from newsstruct.errors import ConfigurationError

RetryPolicy = int | Retrying | AsyncRetrying
DEFAULT_RETRIES = 2

# Errors that mean "the model answered, but wrongly": these are worth re-asking.
OUTPUT_ERRORS = (ValidationError, json.JSONDecodeError, ResponseParsingError)


def _check_int(policy: int) -> int:
    if isinstance(policy, bool) or policy < 0:
        raise ConfigurationError(f"retries must be a non-negative int, got {policy!r}")
    return policy


def _problems(error: BaseException) -> str:
    """What was wrong with an answer: the check messages if there are any, else the whole error."""
    text = str(error)
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    return "\n".join(lines) if lines else text


class retry_while_progressing(retry_base):  # named like tenacity's own conditions
    """Retry an output error unless it repeats the previous attempt's problems exactly."""

    def __init__(self) -> None:
        self.previous: str | None = None

    def __call__(self, retry_state: RetryCallState) -> bool:
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        if not isinstance(error, OUTPUT_ERRORS):
            return False
        problems = _problems(error)
        repeated = problems == self.previous
        self.previous = problems
        return not repeated


def build_retrying(policy: RetryPolicy) -> Retrying:
    """A synchronous tenacity policy."""
    if isinstance(policy, Retrying):
        return policy
    if isinstance(policy, AsyncRetrying):
        return Retrying(stop=policy.stop, wait=policy.wait, retry=policy.retry, reraise=True)
    if isinstance(policy, int):
        return Retrying(
            stop=stop_after_attempt(_check_int(policy) + 1),
            wait=wait_none(),
            retry=retry_while_progressing(),
            reraise=True,
        )
    raise ConfigurationError(f"retries must be an int or a tenacity Retrying object, got {policy!r}")


def build_async_retrying(policy: RetryPolicy) -> AsyncRetrying:
    """An asynchronous tenacity policy."""
    if isinstance(policy, AsyncRetrying):
        return policy
    sync = build_retrying(policy)
    return AsyncRetrying(stop=sync.stop, wait=sync.wait, retry=sync.retry, reraise=True)
