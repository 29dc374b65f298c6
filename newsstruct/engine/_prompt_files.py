"""The one loader of prompt files: every text a model reads is a file in the repository's
top-level ``prompts/`` folder, shipped inside the wheel as ``newsstruct/prompts/``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from newsstruct.errors import ConfigurationError


def prompts_dir() -> Traversable:
    """Where the prompt files are: inside the installed package, else the checkout's ``prompts/``."""
    shipped = resources.files("newsstruct") / "prompts"
    if shipped.is_dir():
        return shipped
    checkout = Path(__file__).resolve().parents[2] / "prompts"
    if checkout.is_dir():
        return checkout
    raise ConfigurationError("the prompt files are missing: neither newsstruct/prompts/ nor the checkout's prompts/")


def prompt_files() -> list[str]:
    return sorted(p.name for p in prompts_dir().iterdir() if p.name.endswith((".md", ".json")))


@cache
def prompt_text(name: str) -> str:
    """One prompt file's text, without surrounding blank lines."""
    path = prompts_dir() / name
    if not path.is_file():
        raise ConfigurationError(f"prompt file {name} is missing from {prompts_dir()}")
    return path.read_text(encoding="utf-8").strip()


@cache
def prompt_json(name: str) -> Any:
    """A prompt file of JSON (the questions and their options), parsed."""
    try:
        return json.loads(prompt_text(name))
    except json.JSONDecodeError as exc:
        raise ConfigurationError(f"prompt file {name} is not JSON: {exc}") from None
