"""The embedded default: llama.cpp in-process, decoding constrained to the report's JSON Schema.

Repetition loops (DESIGN §5) are prevented by the schema itself — every list and string is
bounded, so the grammar cannot produce an endless list — plus a mild repeat penalty and a
``max_tokens`` cap whose overrun is reported as a typed error, never as a truncated report.
"""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import Any

from openai.types.chat import ChatCompletion

from newsstruct.backends.base import Backend, as_json_object
from newsstruct.errors import BackendUnavailableError, ContextOverflowError

# Tokens the chat template adds around each message (role markers, separators).
_TEMPLATE_TOKENS_PER_MESSAGE = 8


class EmbeddedBackend(Backend):
    """A GGUF model run by ``llama-cpp-python`` in this process (loaded once, on first use)."""

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int = 8192,
        n_threads: int | None = None,
        repeat_penalty: float = 1.1,
        seed: int = 0,
        max_tokens: int = 2048,
    ) -> None:
        self.model_path = model_path
        self.name = f"embedded:{model_path.stem}"
        self.n_ctx = n_ctx
        self.n_threads = n_threads or max(1, os.cpu_count() or 1)
        self.repeat_penalty = repeat_penalty
        self.seed = seed
        self.default_max_tokens = max_tokens
        self._llama: Any = None
        self._lock = threading.Lock()  # a llama.cpp context serves one request at a time

    def __repr__(self) -> str:
        return f"EmbeddedBackend(model_path={str(self.model_path)!r}, n_ctx={self.n_ctx})"

    def _model(self) -> Any:
        if self._llama is None:
            try:
                from llama_cpp import Llama
            except ImportError:
                raise BackendUnavailableError(
                    "the embedded backend needs llama-cpp-python: pip install 'newsstruct[embedded]'"
                ) from None
            try:
                self._llama = Llama(
                    model_path=str(self.model_path),
                    n_ctx=self.n_ctx,
                    n_threads=self.n_threads,
                    seed=self.seed,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as exc:
                raise BackendUnavailableError(f"llama.cpp could not load {self.model_path}: {exc}") from exc
        return self._llama

    def count_tokens(self, messages: list[dict[str, str]]) -> int:
        llama = self._model()
        total = 0
        for message in messages:
            total += len(llama.tokenize(message["content"].encode("utf-8"), add_bos=False, special=True))
            total += _TEMPLATE_TOKENS_PER_MESSAGE
        return total

    def check_fits(self, messages: list[dict[str, str]], max_tokens: int) -> None:
        with self._lock:
            needed = self.count_tokens(messages)
        available = self.n_ctx - max_tokens
        if needed > available:
            raise ContextOverflowError(
                f"the article needs {needed} prompt tokens but the model's context of {self.n_ctx} "
                f"leaves {available} after reserving {max_tokens} for the answer; split the article "
                "or use a model with a longer context",
                needed_tokens=needed,
                available_tokens=available,
            )

    def create(self, **kwargs: Any) -> ChatCompletion:
        request = as_json_object(kwargs)
        request.pop("model", None)
        request.setdefault("repeat_penalty", self.repeat_penalty)
        request.setdefault("seed", self.seed)
        with self._lock:
            llama = self._model()
            completion = llama.create_chat_completion_openai_v1(**request)
        assert isinstance(completion, ChatCompletion)
        return completion

    async def acreate(self, **kwargs: Any) -> ChatCompletion:
        return await asyncio.to_thread(lambda: self.create(**kwargs))
