"""Load the prompt files shipped in ``newsstruct/prompts`` and build chat messages from them.

A prompt is a pair of files ``NAME.system.md`` and ``NAME.user.md``; the user template must use
``$article`` exactly once and no other placeholder. The prompt version is a hash of both files,
so any edit changes the version recorded with results and cache entries.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsstruct.errors import ConfigurationError

_PLACEHOLDER = "article"


@dataclass(frozen=True)
class Prompt:
    name: str
    system: str
    user_template: string.Template
    version: str

    def messages(self, article: str) -> list[dict[str, str]]:
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": self.user_template.substitute({_PLACEHOLDER: article})},
        ]


def _validate(name: str, system: str, user: str) -> string.Template:
    if not system.strip():
        raise ConfigurationError(f"prompt {name!r}: the system prompt is empty")
    template = string.Template(user)
    if not template.is_valid():
        raise ConfigurationError(f"prompt {name!r}: the user template has an invalid placeholder")
    names = [m.group("named") or m.group("braced") for m in template.pattern.finditer(user)]
    names = [n for n in names if n]
    if names != [_PLACEHOLDER]:
        raise ConfigurationError(
            f"prompt {name!r}: the user template must use ${_PLACEHOLDER} exactly once, found {names}"
        )
    return template


@lru_cache(maxsize=None)
def load_prompt(name: str = "extract") -> Prompt:
    """Load and validate the prompt ``name``."""
    folder = resources.files("newsstruct") / "prompts"
    try:
        system = (folder / f"{name}.system.md").read_text(encoding="utf-8")
        user = (folder / f"{name}.user.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigurationError(f"no prompt named {name!r} in newsstruct/prompts") from None
    template = _validate(name, system, user)
    digest = hashlib.sha256((system + "\0" + user).encode()).hexdigest()[:12]
    return Prompt(name=name, system=system.strip(), user_template=template, version=f"{name}-{digest}")
