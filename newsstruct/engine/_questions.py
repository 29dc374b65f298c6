"""The short questions the engine asks, each a choice among options the finders produced.

Every question is a list of options shown with letters; the answer is one letter
(the asker asks them). The wording of the questions and options is ``prompts/engine.questions.json``;
the instructions and demonstrations are ``prompts/engine.system.md``, checked against these
questions when they are read.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsstruct.engine._prompt_files import prompt_json

LABELS = "ABCDEFGHIJKLMNOP"


@dataclass(frozen=True)
class Question:
    """One question about one sentence: the options are shown with letters, the answer is one."""

    sentence: str
    text: str
    options: list[str]
    at: int = 0  # where the sentence starts in the article: questions are asked in this order
    context: str = ""  # the events told so far, shown before the sentence


# ---------------------------------------------------------------- the questions
# Their wording is a prompt file; the names say what each answer means to the engine.

_WORDING = prompt_json("engine.questions.json")

SPEAKER: str = _WORDING["speaker"]["question"]
NOBODY: str = _WORDING["speaker"]["nobody"]

KIND: str = _WORDING["kind"]["question"]
KIND_OPTIONS: list[tuple[str | None, str]] = [
    (None if value == "none" else value, text) for value, text in _WORDING["kind"]["options"].items()
]
# When no reporting verb names the kind: a statement, a toll, an accusation without the word, or none.
KIND_PLAIN = [
    KIND_OPTIONS[0],
    KIND_OPTIONS[1],
    ("accusation", _WORDING["kind"]["when_no_word_names_it"]["accusation"]),
    KIND_OPTIONS[-1],
]

SAME_EVENT: str = _WORDING["same_event"]["question"]
NEW_EVENT: str = _WORDING["same_event"]["new_event"]

TYPE: str = _WORDING["type"]["question"]
TYPE_OPTIONS: list[tuple[str, str]] = list(_WORDING["type"]["options"].items())

CONTESTS: str = _WORDING["contests"]["question"]
NO_CONTEST: str = _WORDING["contests"]["none"]


# Every question the engine asks, and the options of those whose options are fixed (either list
# of the kind question): what the demonstrations in the instructions are checked against.
ASKED = (SPEAKER, KIND, SAME_EVENT, TYPE, CONTESTS)
FIXED_OPTIONS = {
    KIND: [[d for _, d in KIND_OPTIONS], [d for _, d in KIND_PLAIN]],
    TYPE: [[d for _, d in TYPE_OPTIONS]],
}
