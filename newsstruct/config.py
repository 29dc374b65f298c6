"""The one place where newsstruct reads environment variables.

| variable                 | meaning                                                        |
|--------------------------|----------------------------------------------------------------|
| NEWSSTRUCT_BACKEND       | ``embedded`` (default) or ``openai``                           |
| NEWSSTRUCT_MODEL         | model name for the OpenAI-compatible backend                   |
| NEWSSTRUCT_BASE_URL      | base URL of an OpenAI-compatible endpoint                      |
| NEWSSTRUCT_API_KEY       | API key for that endpoint (falls back to OPENAI_API_KEY)       |
| NEWSSTRUCT_MODEL_PATH    | a GGUF file for the embedded backend, skipping model download  |
| NEWSSTRUCT_CACHE_DIR     | where the assembled default model is kept                      |
| NEWSSTRUCT_RESULTS_CACHE | the results cache file (default: results.sqlite in the above)  |
| NEWSSTRUCT_THREADS       | CPU threads for the embedded backend                           |
| NEWSSTRUCT_OFFLINE       | ``1`` never contacts the Hugging Face Hub (HF_HUB_OFFLINE too) |
| NEWSSTRUCT_MAX_CHARS     | the longest article accepted, in characters                    |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from newsstruct.errors import ConfigurationError


def _secret_repr(value: str | None) -> str:
    return "None" if value is None else "'***'"


@dataclass(frozen=True)
class Settings:
    """Settings read from the environment; explicit keyword options always win over these."""

    backend: str = "embedded"
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    model_path: Path | None = None
    cache_dir: Path = Path.home() / ".cache" / "newsstruct"
    threads: int | None = None
    offline: bool = False
    #: articles longer than this many characters are refused before any work (TextTooLargeError)
    max_chars: int = 1_000_000
    #: the results cache (None: ``results.sqlite`` in ``cache_dir``)
    results_cache: Path | None = None

    @property
    def results_cache_path(self) -> Path:
        return self.results_cache or self.cache_dir / "results.sqlite"

    def __repr__(self) -> str:
        return (
            f"Settings(backend={self.backend!r}, model={self.model!r}, base_url={self.base_url!r}, "
            f"api_key={_secret_repr(self.api_key)}, model_path={self.model_path!r}, "
            f"cache_dir={self.cache_dir!r}, threads={self.threads!r}, offline={self.offline!r}, "
            f"max_chars={self.max_chars!r}, results_cache={self.results_cache!r})"
        )


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read the settings from ``environ`` (default: ``os.environ``)."""
    env = os.environ if environ is None else environ
    threads_raw = env.get("NEWSSTRUCT_THREADS")
    threads: int | None = None
    if threads_raw:
        try:
            threads = int(threads_raw)
        except ValueError:
            raise ConfigurationError(f"NEWSSTRUCT_THREADS must be an integer, got {threads_raw!r}") from None
    max_chars_raw = env.get("NEWSSTRUCT_MAX_CHARS")
    max_chars = Settings.max_chars
    if max_chars_raw:
        try:
            max_chars = int(max_chars_raw)
        except ValueError:
            raise ConfigurationError(f"NEWSSTRUCT_MAX_CHARS must be an integer, got {max_chars_raw!r}") from None
    # An endpoint in the environment means the endpoint, unless a backend is named explicitly.
    implied = "openai" if env.get("NEWSSTRUCT_BASE_URL") else "embedded"
    backend = env.get("NEWSSTRUCT_BACKEND", implied).strip().lower() or implied
    if backend not in {"embedded", "openai"}:
        raise ConfigurationError(f"NEWSSTRUCT_BACKEND must be 'embedded' or 'openai', got {backend!r}")
    xdg = env.get("XDG_CACHE_HOME")
    default_cache = (Path(xdg) if xdg else Path.home() / ".cache") / "newsstruct"
    model_path = env.get("NEWSSTRUCT_MODEL_PATH")
    results_cache = env.get("NEWSSTRUCT_RESULTS_CACHE")
    return Settings(
        backend=backend,
        model=env.get("NEWSSTRUCT_MODEL") or None,
        base_url=env.get("NEWSSTRUCT_BASE_URL") or None,
        api_key=env.get("NEWSSTRUCT_API_KEY") or env.get("OPENAI_API_KEY") or None,
        model_path=Path(model_path).expanduser() if model_path else None,
        cache_dir=Path(env.get("NEWSSTRUCT_CACHE_DIR") or default_cache).expanduser(),
        threads=threads,
        offline=_flag(env.get("NEWSSTRUCT_OFFLINE")) or _flag(env.get("HF_HUB_OFFLINE")),
        max_chars=max_chars,
        results_cache=Path(results_cache).expanduser() if results_cache else None,
    )
