"""The engine's instructions ship with the package and version every cached result."""

from __future__ import annotations

from newsstruct.engine.questions import system_prompt
from newsstruct.prompting import prompt_version


def test_instructions_load_and_the_version_names_the_engine() -> None:
    assert "Answer" in system_prompt() or "answer" in system_prompt()
    version = prompt_version()
    assert version.startswith("engine-") and len(version) == len("engine-") + 12
