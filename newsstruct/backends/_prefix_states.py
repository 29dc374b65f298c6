"""The model's state after a prompt's fixed prefix (the engine's instructions and demonstrations),
kept on disk so that a new process starts from it instead of evaluating it again.

The instructions are about a thousand tokens: on 2 CPU cores, 20–30 s of every first question
of a process — more than the rest of a short article. llama.cpp writes the KV cache of a prefix
to a file (``llama_state_save_file``) and reads it back in well under a second.

A state belongs to one model file, one llama.cpp build, one context size and one exact token
sequence; the file name is a hash of all four, so a state is never read into a model it was not
made by. A file llama.cpp refuses (another build, a torn write) is deleted and the prefix is
evaluated as if there were none: the cache can only save time, never change an answer.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Shorter prefixes are evaluated faster than a state file of them is read.
MIN_PREFIX_TOKENS = 128


class PrefixStates:
    """States of prompt prefixes of one model, one file per prefix, in ``directory``."""

    def __init__(self, directory: Path, model_path: Path, n_ctx: int) -> None:
        self.directory = directory
        stat = model_path.stat()
        import llama_cpp

        # the model file by name, size and modification time (a rebuilt file gets a new one)
        self._model = f"{model_path.name}:{stat.st_size}:{stat.st_mtime_ns}:{llama_cpp.__version__}:{n_ctx}"
        self.loaded = 0  # prefixes read from disk
        self.saved = 0

    def path(self, tokens: list[int]) -> Path:
        digest = hashlib.sha256(self._model.encode("utf-8"))
        digest.update(b"".join(t.to_bytes(4, "little", signed=True) for t in tokens))
        return self.directory / f"{digest.hexdigest()[:32]}.state"

    def load(self, ctx: Any, tokens: list[int]) -> bool:
        """Read the state of ``tokens`` into the context; False when there is none to read."""
        import llama_cpp

        path = self.path(tokens)
        if not path.exists():
            return False
        out = (llama_cpp.llama_token * len(tokens))()
        count = ctypes.c_size_t(0)
        ok = llama_cpp.llama_state_load_file(ctx, str(path).encode(), out, len(tokens), ctypes.byref(count))
        if not ok or count.value != len(tokens) or list(out) != tokens:
            log.warning("prefix state %s could not be read; evaluating the prefix instead", path)
            path.unlink(missing_ok=True)
            return False
        self.loaded += 1
        return True

    def save(self, ctx: Any, tokens: list[int]) -> None:
        """Write the context's state (which must hold exactly ``tokens``); a failure to write
        costs only the time it would have saved."""
        import llama_cpp

        path = self.path(tokens)
        tmp: str | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            os.close(fd)
            array = (llama_cpp.llama_token * len(tokens))(*tokens)
            if not llama_cpp.llama_state_save_file(ctx, tmp.encode(), array, len(tokens)):
                raise OSError("llama.cpp could not write the state")
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)  # whole or absent: a reader never sees half a file
            self.saved += 1
        except OSError as exc:
            log.warning("prefix state not kept (%s); the next process evaluates the prefix again", exc)
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
