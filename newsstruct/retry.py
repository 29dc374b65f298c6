"""The retry policy, built in one place from an int or a ``tenacity`` object.

An ``int`` is the number of *re*-asks after the first attempt: ``retries=2`` allows three model
calls. Only output problems (invalid JSON, failed validation) are re-asked; transport failures
are retried by the HTTP client itself. A ``tenacity.Retrying`` or ``AsyncRetrying`` is used as
given (converted between the sync and async forms when needed).
"""

from __future__ import annotations

import json

from instructor.core.exceptions import ResponseParsingError
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_none,
)

from newsstruct.errors import ConfigurationError

RetryPolicy = int | Retrying | AsyncRetrying
DEFAULT_RETRIES = 2

# Errors that mean "the model answered, but wrongly": these are worth re-asking.
OUTPUT_ERRORS = (ValidationError, json.JSONDecodeError, ResponseParsingError)


def _check_int(policy: int) -> int:
    if isinstance(policy, bool) or policy < 0:
        raise ConfigurationError(f"retries must be a non-negative int, got {policy!r}")
    return policy


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
            retry=retry_if_exception_type(OUTPUT_ERRORS),
            reraise=True,
        )
    raise ConfigurationError(f"retries must be an int or a tenacity Retrying object, got {policy!r}")


def build_async_retrying(policy: RetryPolicy) -> AsyncRetrying:
    """An asynchronous tenacity policy."""
    if isinstance(policy, AsyncRetrying):
        return policy
    sync = build_retrying(policy)
    return AsyncRetrying(stop=sync.stop, wait=sync.wait, retry=sync.retry, reraise=True)
