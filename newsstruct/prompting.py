"""The version of what the model is asked and of how its answers become a report.

The version is a hash of the engine's instructions (``prompts/engine.system.md``), of the engine's
modules (the questions, their options, how answers become decisions) and of the text rules they
use (quantities, outcomes, dates, cues, sentences): an edit to any of them changes results as
much as a prompt edit does, so cached reports made before it are never reused.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

from newsstruct.errors import ConfigurationError

_MODULES = (
    "engine/asker.py", "engine/build.py", "engine/events.py", "engine/figures.py", "engine/frames.py",
    "engine/questions.py", "quantities.py", "outcomes.py", "dates.py", "cues.py", "sentences.py", "language.py",
    "grounding.py",
)  # fmt: skip


@cache
def prompt_version() -> str:
    """``engine-`` and twelve hex digits."""
    package = resources.files("newsstruct")
    try:
        material = [(package / "prompts" / "engine.system.md").read_text(encoding="utf-8")]
    except FileNotFoundError:
        raise ConfigurationError("prompt file newsstruct/prompts/engine.system.md is missing") from None
    material += [(package / name).read_text(encoding="utf-8") for name in _MODULES]
    return "engine-" + hashlib.sha256("\0".join(material).encode("utf-8")).hexdigest()[:12]
