from __future__ import annotations

import pytest

from newsstruct.errors import ConfigurationError
from newsstruct.prompting import _validate, load_prompt


def test_shipped_prompt_loads_and_has_a_version() -> None:
    prompt = load_prompt()
    assert prompt.version.startswith("extract-") and len(prompt.version) == len("extract-") + 12
    messages = prompt.messages("ARTICLE TEXT $not_a_placeholder")
    assert messages[0]["role"] == "system" and "friendly_fire" in messages[0]["content"]
    assert "ARTICLE TEXT $not_a_placeholder" in messages[1]["content"]


@pytest.mark.parametrize("user", ["no placeholder", "$article and $article", "$article $other", "${bad"])
def test_user_template_must_use_article_once(user: str) -> None:
    with pytest.raises(ConfigurationError):
        _validate("t", "system", user)


def test_unknown_prompt_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError):
        load_prompt("missing")
