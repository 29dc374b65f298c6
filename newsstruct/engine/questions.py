"""The short questions the engine asks, each a choice among options the finders produced.

Every question is a list of options shown with letters; the answer is one letter
(:mod:`newsstruct.engine.asker` asks them). The instructions and demonstrations are
``prompts/engine.system.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

LABELS = "ABCDEFGHIJKLMNOP"


@cache
def system_prompt() -> str:
    return resources.files("newsstruct.prompts").joinpath("engine.system.md").read_text(encoding="utf-8").strip()


@dataclass(frozen=True)
class Question:
    """One question about one sentence: the options are shown with letters, the answer is one."""

    sentence: str
    text: str
    options: list[str]
    at: int = 0  # where the sentence starts in the article: questions are asked in this order
    context: str = ""  # the events told so far, shown before the sentence


# ---------------------------------------------------------------- the questions

SPEAKER = "Who says or gives this information?"
NOBODY = "nobody: the article's own words"

KIND = "What does the speaker do in this sentence?"
KIND_OPTIONS = [
    ("statement", "states a fact or an event"),
    ("casualty_report", "gives a toll of dead, injured or missing people"),
    ("accusation", "accuses someone of something"),
    ("denial", "denies something"),
    ("responsibility_claim", "claims responsibility for an act"),
    ("appeal", "calls on someone to act"),
    ("condemnation", "condemns something"),
    ("other", "something else"),
    (None, "nobody is quoted or cited here"),
]

# When no reporting verb names the kind: a statement, a toll, an accusation without the word, or none.
KIND_PLAIN = [KIND_OPTIONS[0], KIND_OPTIONS[1], ("accusation", "blames someone for violence"), KIND_OPTIONS[-1]]

SAME_EVENT = "Which event does this sentence tell about?"
NEW_EVENT = "another event, not one of these"

TYPE = "What kind of event is it?"
TYPE_OPTIONS = [
    ("armed_clash", "an armed clash or battle between armed groups"),
    ("attack", "an attack by gunmen or militants"),
    ("airstrike_or_shelling", "an airstrike, drone strike, shelling or rocket fire"),
    ("bombing", "a bombing or explosion"),
    ("raid_or_operation", "a raid or military operation"),
    ("friendly_fire", "friendly fire: forces hit their own side or allies"),
    ("massacre", "a massacre or mass shooting"),
    ("kidnapping", "a kidnapping or hostage taking"),
    ("arrest", "arrests or detentions"),
    ("protest_or_riot", "a protest, demonstration or riot"),
    ("crackdown", "a crackdown: security forces against protesters or civilians"),
    ("arson", "arson"),
    ("other", "something else"),
]

CONTESTS = "Which earlier statement does this sentence deny or dispute?"
NO_CONTEST = "none of these"
