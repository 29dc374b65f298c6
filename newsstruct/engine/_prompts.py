"""The prompts and the version of what the model is asked.

Every instruction a model reads is a file in the repository's top-level ``prompts/`` folder,
shipped inside the wheel as ``newsstruct/prompts/`` and read by :func:`prompt_text`, the one
loader. The engine's instructions are checked when they are read (:func:`check_engine_prompt`):
each demonstration asks a question the engine asks, with the options the engine offers, and its
answer is one of them.

The version is a hash of every prompt file and of every module and word list of the ``engine``
and ``text`` sub-packages (the finders, how answers become decisions): an
edit to any of them changes results as much as a prompt edit does, so cached reports made before
it are never reused, and a new module is part of the version without anyone listing it.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import resources

from newsstruct.engine._prompt_files import prompt_files, prompt_text
from newsstruct.engine._questions import (
    ASKED,
    CONTESTS,
    FIXED_OPTIONS,
    NEW_EVENT,
    NO_CONTEST,
    NOBODY,
    SAME_EVENT,
    SPEAKER,
)
from newsstruct.errors import ConfigurationError

ENGINE_PROMPT = "engine.system.md"
_VERSIONED_PACKAGES = ("engine", "text")


@cache
def engine_instructions() -> str:
    """The engine's instructions and demonstrations, checked (a broken demonstration teaches
    the model a question it is never asked, or an answer that is not an option)."""
    text = prompt_text(ENGINE_PROMPT)
    problems = check_engine_prompt(text)
    if problems:
        raise ConfigurationError(f"{ENGINE_PROMPT}: " + "; ".join(problems))
    return text


_OPTION = re.compile(r"([A-P])\. (.*)")


def check_engine_prompt(text: str) -> list[str]:
    """What is wrong with the demonstrations of the engine's instructions (empty: nothing).

    A demonstration is a block of lines ending in ``Answer: X``: optional ``Events so far``
    lines, a ``Sentence``, a ``Question`` the engine asks, its lettered options as the engine
    words them, and the letter of one of them. A speaker offered must be words of its sentence."""
    problems: list[str] = []
    blocks = [b for b in re.split(r"\n\s*\n", text) if "\nAnswer:" in b or b.startswith("Answer:")]
    if not blocks:
        return ["no demonstration"]
    for n, block in enumerate(blocks, start=1):
        lines = block.strip().splitlines()
        where = f"demonstration {n}"
        sentence = next((ln[len("Sentence: ") :] for ln in lines if ln.startswith("Sentence: ")), None)
        question = next((ln[len("Question: ") :] for ln in lines if ln.startswith("Question: ")), None)
        events = [ln for ln in lines if re.match(r"\d+\. ", ln)]
        options = [m.groups() for ln in lines if (m := _OPTION.fullmatch(ln))]
        answer = lines[-1][len("Answer:") :].strip() if lines[-1].startswith("Answer:") else None
        if sentence is None or not (sentence.startswith('"') and sentence.endswith('"')):
            problems.append(f"{where}: no quoted sentence")
            continue
        sentence = sentence[1:-1]
        if question not in ASKED:
            problems.append(f"{where}: the engine never asks {question!r}")
            continue
        letters = [letter for letter, _ in options]
        words = [option for _, option in options]
        if letters != list("ABCDEFGHIJKLMNOP"[: len(options)]) or len(options) < 2:
            problems.append(f"{where}: the options are not lettered A, B, ... in order")
        if answer not in letters:
            problems.append(f"{where}: the answer {answer!r} is not one of the options")
        if question in FIXED_OPTIONS and words not in FIXED_OPTIONS[question]:
            problems.append(f"{where}: the options are not the ones the engine offers for {question!r}")
        if question == SAME_EVENT and words != [f"event {k}" for k in range(1, len(events) + 1)] + [NEW_EVENT]:
            problems.append(f"{where}: the options are not one per event told so far and {NEW_EVENT!r}")
        if question == SPEAKER and (words[-1:] != [NOBODY] or any(w not in sentence for w in words[:-1])):
            problems.append(f"{where}: a speaker option is not words of its sentence, or {NOBODY!r} is not last")
        if question == CONTESTS and words[-1:] != [NO_CONTEST]:
            problems.append(f"{where}: {NO_CONTEST!r} is not the last option")
    return problems


def versioned_files() -> list[str]:
    """The files whose text is part of the version (the modules and the word lists they read),
    relative to the package."""
    package = resources.files("newsstruct")
    return sorted(
        f"{sub}/{p.name}"
        for sub in _VERSIONED_PACKAGES
        for p in (package / sub).iterdir()
        if p.name.endswith((".py", ".json"))
    )


@cache
def prompt_version() -> str:
    """``engine-`` and twelve hex digits."""
    package = resources.files("newsstruct")
    material = [prompt_text(name) for name in prompt_files()]
    material += [(package / name).read_text(encoding="utf-8") for name in versioned_files()]
    return "engine-" + hashlib.sha256("\0".join(material).encode("utf-8")).hexdigest()[:12]
