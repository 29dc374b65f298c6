"""The version of what the model is asked and of how its answers become a report.

The version is a hash of the engine's instructions (``prompts/engine.system.md``), of every module
of the engine package (the finders, the questions and their options, how answers become
decisions) and of the text rules they use (quantities, outcomes, dates, cues, sentences, the
reading of all-capital text): an edit to any of them changes results as
much as a prompt edit does, so cached reports made before it are never reused.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

from newsstruct.errors import ConfigurationError

# Every module of the engine package is part of the version (a new finder module too), and so are
# the text rules outside it that the engine reads.
_MODULES = ("quantities.py", "outcomes.py", "dates.py", "cues.py", "sentences.py", "language.py", "grounding.py",
            "recase.py")  # fmt: skip


def versioned_modules() -> list[str]:
    """The modules whose text is part of the version, relative to the package."""
    package = resources.files("newsstruct")
    engine = sorted(f"engine/{p.name}" for p in (package / "engine").iterdir() if p.name.endswith(".py"))
    return engine + list(_MODULES)


@cache
def prompt_version() -> str:
    """``engine-`` and twelve hex digits."""
    package = resources.files("newsstruct")
    try:
        material = [(package / "prompts" / "engine.system.md").read_text(encoding="utf-8")]
    except FileNotFoundError:
        raise ConfigurationError("prompt file newsstruct/prompts/engine.system.md is missing") from None
    material += [(package / name).read_text(encoding="utf-8") for name in versioned_modules()]
    return "engine-" + hashlib.sha256("\0".join(material).encode("utf-8")).hexdigest()[:12]
