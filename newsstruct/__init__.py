"""newsstruct: validated, source-grounded incidents, casualty figures and claims from news text."""

from newsstruct.backends import Backend, EmbeddedBackend, OpenAIBackend
from newsstruct.batch import Result, parse_many, parse_many_async
from newsstruct.errors import (
    BackendError,
    BackendTimeoutError,
    BackendUnavailableError,
    ConfigurationError,
    ContextOverflowError,
    EmptyTextError,
    ExtractionError,
    GroundingError,
    InputError,
    MissingExtraError,
    ModelFileError,
    NewsstructError,
    NotTextError,
    OutputTruncatedError,
    RateLimitError,
)
from newsstruct.extract import parse, parse_async
from newsstruct.ray_engine import ParseBatch
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
from newsstruct.views import AcledRow, UcdpRow, acled_view, ucdp_view

__version__ = "0.1.0"

__all__ = [
    "AcledRow",
    "Actor",
    "Backend",
    "BackendError",
    "BackendTimeoutError",
    "BackendUnavailableError",
    "CasualtyFigure",
    "Claim",
    "ConfigurationError",
    "ContextOverflowError",
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
    "OutputTruncatedError",
    "ParseBatch",
    "RateLimitError",
    "Report",
    "Result",
    "Speaker",
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
