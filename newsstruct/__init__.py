"""newsstruct: validated, source-grounded incidents, casualty figures and claims from news text."""

from typing import TYPE_CHECKING, Any

from newsstruct.backends import Backend, EmbeddedBackend
from newsstruct.engine import parse, parse_async
from newsstruct.errors import (
    BackendError,
    BackendTimeoutError,
    BackendUnavailableError,
    CacheError,
    ConfigurationError,
    ContextOverflowError,
    DeadlineError,
    EmptyTextError,
    ExtractionError,
    GroundingError,
    InputError,
    MissingExtraError,
    ModelFileError,
    NewsstructError,
    NotTextError,
    OutputLockedError,
    OutputRefusedError,
    OutputTruncatedError,
    RateLimitError,
    RunError,
    TextTooLargeError,
)
from newsstruct.outputs import AcledRow, UcdpRow, acled_view, ucdp_view
from newsstruct.scale import ParseBatch, Result, parse_many, parse_many_async
from newsstruct.schema import (
    Actor,
    CasualtyFigure,
    Claim,
    EventDate,
    Evidence,
    GroundingSummary,
    Incident,
    Location,
    Mention,
    Report,
    Speaker,
    Warning,
)

__version__ = "0.1.0"

__all__ = [
    "AcledRow",
    "Actor",
    "Backend",
    "BackendError",
    "BackendTimeoutError",
    "BackendUnavailableError",
    "CacheError",
    "CasualtyFigure",
    "Claim",
    "ConfigurationError",
    "ContextOverflowError",
    "DeadlineError",
    "EmbeddedBackend",
    "EmptyTextError",
    "EventDate",
    "Evidence",
    "ExtractionError",
    "GroundingError",
    "GroundingSummary",
    "Incident",
    "InputError",
    "Location",
    "Mention",
    "MissingExtraError",
    "ModelFileError",
    "NewsstructError",
    "NotTextError",
    "OpenAIBackend",
    "OutputLockedError",
    "OutputRefusedError",
    "OutputTruncatedError",
    "ParseBatch",
    "RateLimitError",
    "Report",
    "Result",
    "RunError",
    "Speaker",
    "TextTooLargeError",
    "UcdpRow",
    "Warning",
    "__version__",
    "acled_view",
    "parse",
    "parse_async",
    "parse_many",
    "parse_many_async",
    "ucdp_view",
]


if TYPE_CHECKING:
    from newsstruct.backends import OpenAIBackend


def __getattr__(name: str) -> Any:
    # openai loads on first use of the endpoint backend, not with every import of newsstruct
    if name == "OpenAIBackend":
        from newsstruct.backends import OpenAIBackend

        return OpenAIBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
