"""The prompt files ship with the package, are checked, and version every cached result."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import ROOT

import newsstruct
from newsstruct.engine._prompt_files import prompt_files, prompt_text
from newsstruct.engine._prompts import (
    ENGINE_PROMPT,
    check_engine_prompt,
    engine_instructions,
    prompt_version,
    versioned_files,
)
from newsstruct.engine._questions import KIND_OPTIONS, NOBODY, SPEAKER, TYPE_OPTIONS
from newsstruct.errors import ConfigurationError


def test_the_instructions_load_checked_and_the_version_names_the_engine() -> None:
    assert engine_instructions().startswith("You read a news article")
    assert check_engine_prompt(prompt_text(ENGINE_PROMPT)) == []
    version = prompt_version()
    assert version.startswith("engine-") and len(version) == len("engine-") + 12


def test_every_prompt_is_a_file_of_the_top_level_folder() -> None:
    assert prompt_files() == sorted(p.name for p in (ROOT / "prompts").iterdir() if p.suffix in (".md", ".json"))
    assert {"engine.system.md", "engine.questions.json", "muc4-roles.system.md"} <= set(prompt_files())


def test_the_questions_are_worded_by_their_prompt_file_and_cover_the_schema() -> None:
    """The wording comes from engine.questions.json; every claim kind and incident type of the
    report's schema is an option the model can pick."""
    from newsstruct.schema import ClaimKind, IncidentType

    assert SPEAKER.endswith("?") and NOBODY.startswith("nobody")
    assert {value for value, _ in KIND_OPTIONS} == {k.value for k in ClaimKind} | {None}
    assert {value for value, _ in TYPE_OPTIONS} == {t.value for t in IncidentType}


def test_every_module_and_word_list_of_the_engine_and_text_packages_is_part_of_the_version() -> None:
    """A change to any finder (the actor finder once was not) must invalidate cached reports."""
    package = Path(newsstruct.__file__).parent
    files = set(versioned_files())
    for sub in ("engine", "text"):
        assert {f"{sub}/{p.name}" for p in (package / sub).glob("*.py")} <= files
    assert "text/number_words.json" in files


DEMO = """Sentence: "Police said two men were arrested after the blast near the market."
Question: Who says or gives this information?
A. two men
B. Police
C. nobody: the article's own words
Answer: B"""


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (DEMO.replace("Answer: B", "Answer: D"), "is not one of the options"),
        (DEMO.replace("A. two men", "A. the mayor"), "not words of its sentence"),
        (DEMO.replace("Who says or gives this information?", "Who is it?"), "the engine never asks"),
        (DEMO.replace("C. nobody", "D. nobody"), "not lettered"),
        (
            DEMO.replace("Question: Who says or gives this information?", "Question: What kind of event is it?"),
            "not the ones the engine offers",
        ),
    ],
)
def test_a_demonstration_that_does_not_fit_the_engine_is_reported(broken: str, problem: str) -> None:
    assert check_engine_prompt(DEMO) == []
    problems = check_engine_prompt("Instructions.\n\n" + broken)
    assert len(problems) == 1 and problem in problems[0]


def test_a_missing_prompt_file_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match=r"no-such\.md"):
        prompt_text("no-such.md")
