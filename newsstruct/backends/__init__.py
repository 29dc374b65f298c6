"""Model backends: the embedded llama.cpp default and any OpenAI-compatible endpoint.

``_base`` is the interface, ``_embedded`` runs a GGUF in this process (``_prefix_states`` keeps
the instructions' evaluated state on disk), ``_openai_compat`` talks to an endpoint (``_capped_http``
bounds its response size), ``_model_store`` assembles and verifies the default model and
``_resolve`` chooses a backend from keyword options and the settings.
"""

from newsstruct.backends._base import Backend, StructuredOutput
from newsstruct.backends._embedded import EmbeddedBackend
from newsstruct.backends._openai_compat import OpenAIBackend
from newsstruct.backends._resolve import resolve_backend

__all__ = ["Backend", "EmbeddedBackend", "OpenAIBackend", "StructuredOutput", "resolve_backend"]
