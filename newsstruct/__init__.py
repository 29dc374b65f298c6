"""newsstruct: validated, source-grounded incidents, casualty figures and claims from news text."""

from newsstruct.backends import Backend, EmbeddedBackend, OpenAIBackend
from newsstruct.batch import Result, parse_many, parse_many_async
from newsstruct.errors import (
    BackendError,
    BackendUnavailableError,
    ConfigurationError,
    ContextOverflowError,
    EmptyTextError,
    ExtractionError,
    GroundingError,
    InputError,
    ModelFileError,
    NewsstructError,
    NotTextError,
    OutputTruncatedError,
)
from newsstruct.extract import parse, parse_async
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
    "Actor",
    "Backend",
    "BackendError",
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
    "ModelFileError",
    "NewsstructError",
    "NotTextError",
    "OpenAIBackend",
    "OutputTruncatedError",
    "Report",
    "Result",
    "Speaker",
    "Warning",
    "__version__",
    "parse",
    "parse_async",
    "parse_many",
    "parse_many_async",
]
