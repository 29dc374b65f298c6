"""The engine's instructions ship with the package and version every cached result."""

from __future__ import annotations

from newsstruct.engine.questions import system_prompt
from newsstruct.prompting import prompt_version, versioned_modules


def test_instructions_load_and_the_version_names_the_engine() -> None:
    assert "Answer" in system_prompt() or "answer" in system_prompt()
    version = prompt_version()
    assert version.startswith("engine-") and len(version) == len("engine-") + 12


def test_every_engine_module_is_part_of_the_version() -> None:
    """A change to any finder (the actor finder once was not) must invalidate cached reports."""
    from pathlib import Path

    import newsstruct

    engine = Path(newsstruct.__file__).parent / "engine"
    modules = set(versioned_modules())
    assert {f"engine/{p.name}" for p in engine.glob("*.py")} <= modules
    assert {"outcomes.py", "quantities.py", "recase.py"} <= modules
