"""The embedded default: llama.cpp in-process, decoding constrained to the report's JSON Schema.

Repetition loops of greedy decoding are prevented by the schema itself — every list and string is
bounded, so the grammar cannot produce an endless list — plus a mild repeat penalty and a
``max_tokens`` cap whose overrun is reported as a typed error, never as a truncated report.
"""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsstruct.backends._base import Backend, as_json_object
from newsstruct.backends._prefix_states import MIN_PREFIX_TOKENS, PrefixStates
from newsstruct.errors import BackendUnavailableError, ContextOverflowError, MissingExtraError

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletion

# Tokens the chat template adds around each message (role markers, separators).
_TEMPLATE_TOKENS_PER_MESSAGE = 8


# Answers must not depend on what was asked before. llama.cpp's CPU kernels compute the rows of a
# batch in tiles of four, rows left over and small batches by other code, whose sums round
# differently: the same prompt evaluated from another cached prefix gave option probabilities
# .01 apart (measured). So every batch starts at a multiple of _TILE tokens and none is shorter
# than _MIN_BATCH: a cached prefix is reused only up to such a boundary, and each position of a
# prompt is then computed the same way whatever the cache held (costing a few tokens a question).
_TILE = 4
_MIN_BATCH = 16
_MAX_BATCH = 512


def _aligned_start(reuse: int, length: int) -> int:
    """Where evaluation resumes: ``reuse`` rounded down to a tile, leaving at least one full
    batch to evaluate."""
    start = min(reuse, length - _MIN_BATCH) // _TILE * _TILE
    return max(start, 0)


def _evaluate(llama: Any, tokens: list[int], start: int) -> None:
    """Evaluate ``tokens[start:]`` in batches that start on tiles, the last one not short."""
    llama.n_tokens = start
    while start < len(tokens):
        end = min(start + _MAX_BATCH, len(tokens))
        if 0 < len(tokens) - end < _MIN_BATCH:
            end = (len(tokens) - _MIN_BATCH) // _TILE * _TILE  # leave the last batch its full length
        llama.eval(tokens[start:end])
        start = end


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
        state_dir: Path | None = None,
    ) -> None:
        self.model_path = model_path
        self.name = f"embedded:{model_path.stem}"
        self.n_ctx = n_ctx
        self.n_threads = n_threads or max(1, os.cpu_count() or 1)
        self.repeat_penalty = repeat_penalty
        self.seed = seed
        self.default_max_tokens = max_tokens
        self._llama: Any = None
        self._formatter: Any = None
        self._label_tokens: dict[str, int] = {}
        self._lock = threading.Lock()  # a llama.cpp context serves one request at a time
        self.state_dir = state_dir  # where instruction prefixes' states are kept (None: nowhere)
        self._prefixes: PrefixStates | None = None
        self._prefix_lengths: dict[str, int] = {}
        #: tokens evaluated and questions answered by :meth:`choose` (the KV prefix reused is not counted)
        self.prefill_tokens = 0
        self.questions = 0

    def __repr__(self) -> str:
        return f"EmbeddedBackend(model_path={str(self.model_path)!r}, n_ctx={self.n_ctx})"

    def _model(self) -> Any:
        if self._llama is None:
            try:
                from llama_cpp import Llama
            except ImportError:
                raise MissingExtraError("the embedded backend", extra="embedded", missing="llama-cpp-python") from None
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

    def _prompt_tokens(self, messages: list[dict[str, str]]) -> list[int]:
        """The chat prompt as the model's template writes it, ending where the answer begins."""
        llama = self._model()
        if self._formatter is None:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            template = llama.metadata.get("tokenizer.chat_template")
            if not template:
                raise BackendUnavailableError(f"{self.model_path.name} has no chat template")
            eos = llama._model.token_get_text(llama.token_eos())
            bos_id = llama.token_bos()
            bos = llama._model.token_get_text(bos_id) if bos_id >= 0 else ""
            self._formatter = Jinja2ChatFormatter(template, eos_token=eos, bos_token=bos)
        prompt = self._formatter(messages=messages).prompt
        tokens: list[int] = llama.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)
        return tokens

    def _label_token(self, label: str) -> int:
        if label not in self._label_tokens:
            tokens = self._model().tokenize(label.encode("utf-8"), add_bos=False, special=False)
            if len(tokens) != 1:
                raise ValueError(f"option label {label!r} is not one token for this model")
            self._label_tokens[label] = tokens[0]
        return self._label_tokens[label]

    def choose(self, messages: list[dict[str, str]], labels: list[str]) -> list[float] | None:
        """One forward pass over the part of the prompt the KV cache does not already hold (the
        instructions and the article stay cached from one question to the next), then the
        softmax of the labels' next-token logits."""
        import numpy as np

        with self._lock:
            llama = self._model()
            tokens = self._prompt_tokens(messages)
            if len(tokens) >= self.n_ctx:
                raise ContextOverflowError(
                    f"the question needs {len(tokens)} prompt tokens but the model's context is {self.n_ctx}",
                    needed_tokens=len(tokens),
                    available_tokens=self.n_ctx,
                )
            cached = llama.input_ids[: llama.n_tokens]
            reuse = 0
            limit = min(len(cached), len(tokens) - 1)  # at least one token is evaluated for fresh logits
            while reuse < limit and cached[reuse] == tokens[reuse]:
                reuse += 1
            reuse = _aligned_start(reuse, len(tokens))
            llama.n_tokens = reuse
            reuse = _aligned_start(self._restore_prefix(llama, messages, tokens, reuse), len(tokens))
            _evaluate(llama, tokens, reuse)
            self.prefill_tokens += len(tokens) - reuse
            self.questions += 1
            logits = np.ctypeslib.as_array(llama._ctx.get_logits(), shape=(llama.n_vocab(),))
            chosen = np.array([logits[self._label_token(label)] for label in labels], dtype=np.float64)
        weights = np.exp(chosen - chosen.max())
        return [float(w) for w in weights / weights.sum()]

    def _prefix_length(self, messages: list[dict[str, str]]) -> int:
        """How many prompt tokens the system message makes (with the template's marks up to the
        user's text): the tokens two prompts differing only in the user's text share."""
        system = messages[0]["content"] if messages and messages[0]["role"] == "system" else ""
        if not system:
            return 0
        if system not in self._prefix_lengths:
            a = self._prompt_tokens([messages[0], {"role": "user", "content": "a"}])
            b = self._prompt_tokens([messages[0], {"role": "user", "content": "b"}])
            n = 0
            while n < min(len(a), len(b)) and a[n] == b[n]:
                n += 1
            self._prefix_lengths[system] = n
        return self._prefix_lengths[system]

    def _restore_prefix(self, llama: Any, messages: list[dict[str, str]], tokens: list[int], reuse: int) -> int:
        """When the KV cache lacks the instructions, read their state from disk (or evaluate
        them once and write it): returns how many tokens the cache now holds of ``tokens``."""
        if self.state_dir is None:
            return reuse
        n = self._prefix_length(messages)
        if n < MIN_PREFIX_TOKENS or reuse >= n or n >= len(tokens):
            return reuse
        if self._prefixes is None:
            self._prefixes = PrefixStates(self.state_dir, self.model_path, self.n_ctx)
        prefix = tokens[:n]
        if self._prefixes.load(llama._ctx.ctx, prefix):
            llama.input_ids[:n] = prefix
            llama.n_tokens = n
            return n
        reuse = _aligned_start(reuse, n)
        _evaluate(llama, prefix, reuse)
        self.prefill_tokens += n - reuse
        self._prefixes.save(llama._ctx.ctx, prefix)
        return n

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
        from openai.types.chat import ChatCompletion

        assert isinstance(completion, ChatCompletion)
        return completion

    async def acreate(self, **kwargs: Any) -> ChatCompletion:
        return await asyncio.to_thread(lambda: self.create(**kwargs))
