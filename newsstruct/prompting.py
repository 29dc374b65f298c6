"""Load the prompt files shipped in ``newsstruct/prompts`` and build chat messages from them.

Files: ``system.md`` (shared by every step), ``article.md`` (the article block, ``$article``),
one ``step.NAME.md`` per extraction step, and ``example.gold.json`` with ``example.txt``: a worked
example appended to the system message (:mod:`newsstruct.demos`). Every step's user message starts with the same article
block, so a local model can reuse the article's KV cache from one step to the next. Each file's
placeholders are checked when it is loaded; the prompt version is a hash of all files, of the step
models' JSON Schemas and of the code that checks answers, so any edit to what the model is asked or
to how its answer is judged changes the version recorded with results and cache entries.
"""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from newsstruct.errors import ConfigurationError

#: the placeholders each file must use, each exactly once
PLACEHOLDERS: dict[str, list[str]] = {
    "system": [],
    "article": ["article"],
    "step.incidents": [],
    "step.figures": ["incidents"],
    "step.claims": ["incidents", "sentences"],
}
STEPS = ("incidents", "figures", "claims")
_CHECKING_MODULES = (
    "draft.py", "pipeline.py", "quantities.py", "dates.py", "assemble.py", "grounding.py", "sentences.py",
    "cues.py", "outcomes.py",
)  # fmt: skip


@dataclass(frozen=True)
class Prompts:
    system: str
    article: string.Template
    steps: dict[str, string.Template]
    version: str

    def messages(self, article: str, step: str, **values: str) -> list[dict[str, str]]:
        block = self.article.substitute(article=article).rstrip()
        task = self.steps[step].substitute(values).strip()
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": f"{block}\n\n{task}"},
        ]


def validate_template(name: str, text: str, expected: list[str]) -> string.Template:
    """The file as a template, or a ConfigurationError naming what is wrong with it."""
    if not text.strip():
        raise ConfigurationError(f"prompt {name!r} is empty")
    template = string.Template(text)
    if not template.is_valid():
        raise ConfigurationError(f"prompt {name!r} has an invalid placeholder")
    found = [m.group("named") or m.group("braced") for m in template.pattern.finditer(text)]
    found = [f for f in found if f]
    if sorted(found) != sorted(expected):
        raise ConfigurationError(f"prompt {name!r} must use {expected} once each, found {found}")
    return template


def _draft_schemas() -> str:
    """The step models' JSON Schemas: what the model is asked to write is part of the prompt."""
    from newsstruct.draft import DraftClaim, DraftFigure, DraftIncident

    return json.dumps([m.model_json_schema() for m in (DraftIncident, DraftFigure, DraftClaim)], sort_keys=True)


def _checking_code() -> str:
    """The source of the modules that turn an answer into a report: a change there changes results
    as much as a prompt edit does, so cached outputs made before it must not be reused."""
    import newsstruct

    package = resources.files(newsstruct)
    return "\0".join((package / name).read_text(encoding="utf-8") for name in _CHECKING_MODULES)


def _example(folder: Traversable) -> str:
    """The worked example block, built from the shipped gold record."""
    from newsstruct.demos import example_block
    from newsstruct.gold import GoldRecord

    try:
        record = GoldRecord.model_validate_json((folder / "example.gold.json").read_text(encoding="utf-8"))
        text = (folder / record.input).read_text(encoding="utf-8")
    except (FileNotFoundError, ValueError) as exc:
        problem = f"the prompt example newsstruct/prompts/example.gold.json is unusable: {exc}"
        raise ConfigurationError(problem) from None
    return example_block(text, record.target)


@cache
def load_prompts() -> Prompts:
    """Load and validate the shipped prompt files."""
    folder = resources.files("newsstruct") / "prompts"
    texts: dict[str, str] = {}
    for name in PLACEHOLDERS:
        try:
            texts[name] = (folder / f"{name}.md").read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigurationError(f"prompt file newsstruct/prompts/{name}.md is missing") from None
    templates = {name: validate_template(name, text, PLACEHOLDERS[name]) for name, text in texts.items()}
    example = _example(folder)
    material = [*(texts[n] for n in PLACEHOLDERS), example, _draft_schemas(), _checking_code()]
    digest = hashlib.sha256("\0".join(material).encode()).hexdigest()[:12]
    return Prompts(
        system=f"{texts['system'].strip()}\n\n{example}",
        article=templates["article"],
        steps={step: templates[f"step.{step}"] for step in STEPS},
        version=f"steps-{digest}",
    )
