"""Model backends: the embedded llama.cpp default and any OpenAI-compatible endpoint.

``_base`` is the interface, ``_embedded`` runs a GGUF in this process (``_prefix_states`` keeps
the instructions' evaluated state on disk), ``_openai_compat`` talks to an endpoint (``_capped_http``
bounds its response size), ``_model_store`` assembles and verifies the default model and
``_resolve`` chooses a backend from keyword options and the settings.
"""

from typing import TYPE_CHECKING, Any

from newsstruct.backends._base import Backend, StructuredOutput
from newsstruct.backends._embedded import EmbeddedBackend
from newsstruct.backends._resolve import resolve_backend

if TYPE_CHECKING:
    from newsstruct.backends._openai_compat import OpenAIBackend

__all__ = ["Backend", "EmbeddedBackend", "OpenAIBackend", "StructuredOutput", "resolve_backend"]


def __getattr__(name: str) -> Any:
    # The openai package takes over a second to import; a run on the embedded model never needs it.
    if name == "OpenAIBackend":
        from newsstruct.backends._openai_compat import OpenAIBackend

        return OpenAIBackend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
