from __future__ import annotations

import pytest

from newsstruct.errors import ConfigurationError
from newsstruct.prompting import STEPS, load_prompts, validate_template


def test_shipped_prompts_load_and_have_a_version() -> None:
    prompts = load_prompts()
    assert prompts.version.startswith("steps-") and len(prompts.version) == len("steps-") + 12
    assert set(prompts.steps) == set(STEPS)
    messages = prompts.messages(
        "ARTICLE TEXT $not_a_placeholder", "claims", incidents="I1: attack - x", sentences="1, 2"
    )
    assert messages[0]["role"] == "system"
    assert "ARTICLE TEXT $not_a_placeholder" in messages[1]["content"]
    assert "I1: attack - x" in messages[1]["content"]


@pytest.mark.parametrize("text", ["no placeholder", "$article and $article", "$article $other", "${bad", " "])
def test_template_must_use_its_placeholders_once(text: str) -> None:
    with pytest.raises(ConfigurationError):
        validate_template("t", text, ["article"])


def test_every_step_prompt_states_the_empty_answer() -> None:
    prompts = load_prompts()
    for step in STEPS:
        assert "empty list" in prompts.steps[step].template
