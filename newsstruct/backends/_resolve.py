"""Choosing a backend from keyword options and the environment."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from newsstruct.backends._base import Backend
from newsstruct.backends._embedded import EmbeddedBackend
from newsstruct.backends._model_store import ModelStore
from newsstruct.config import Settings, load_settings
from newsstruct.errors import ConfigurationError

if TYPE_CHECKING:
    import openai

_embedded: dict[Path, EmbeddedBackend] = {}
_embedded_lock = threading.Lock()


def embedded_backend(model_path: Path | None, settings: Settings) -> EmbeddedBackend:
    """The process-wide embedded backend for a model file (a model is loaded once per process)."""
    with _embedded_lock:
        path = ModelStore(settings.cache_dir, offline=settings.offline).resolve(model_path or settings.model_path)
        backend = _embedded.get(path)
        if backend is None:
            # the instructions' model state is kept beside the model, so a new process skips them
            backend = _embedded[path] = EmbeddedBackend(
                path, n_threads=settings.threads, state_dir=settings.cache_dir / "prefix-states"
            )
        return backend


def resolve_backend(
    backend: str | Backend | None = None,
    *,
    model: str | None = None,
    client: openai.OpenAI | openai.AsyncOpenAI | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    settings: Settings | None = None,
    timeout: float | None = None,
) -> Backend:
    """A backend from explicit options first, then the environment.

    ``client``, ``base_url`` or ``backend="openai"`` select the OpenAI-compatible backend
    (``timeout`` in seconds for its answers); otherwise the embedded default is used, with
    ``model`` read as a GGUF path.
    """
    if isinstance(backend, Backend):
        return backend
    settings = settings or load_settings()
    kind = backend or ("openai" if client is not None or base_url else settings.backend)
    if kind == "openai":
        from newsstruct.backends._openai_compat import DEFAULT_TIMEOUT, OpenAIBackend  # openai loads on use

        name = model or settings.model
        if not name:
            raise ConfigurationError("the OpenAI-compatible backend needs a model name: model=... or NEWSSTRUCT_MODEL")
        return OpenAIBackend(
            model=name,
            client=client,
            base_url=base_url or settings.base_url,
            api_key=api_key or settings.api_key,
            timeout=timeout if timeout is not None else DEFAULT_TIMEOUT,
        )
    if kind == "embedded":
        return embedded_backend(Path(model).expanduser() if model else None, settings)
    raise ConfigurationError(f"backend must be 'embedded', 'openai' or a Backend, got {backend!r}")
