"""What happened to the people a casualty phrase counts, read from the words around the phrase.

A small model picks the outcome of a figure badly ("five university students" kidnapped comes
back as killed), while news prose states it in a few predictable places: inside the phrase
("nobody was injured", "no casualties"), in the words that follow it ("four fighters were killed
or captured", "127 dead and 155 wounded"), or, failing that, just before it ("killed 19 people",
"the death of nine peasants"). :func:`outcomes_near` reads those places; the figure check
(:mod:`newsstruct.draft`) uses it to correct the model's outcome when the sentence says
otherwise, and leaves the model's choice alone when the words say nothing.
"""

from __future__ import annotations

import re

from newsstruct.schema import Outcome

# Each cue word (lower case, whole word) and the outcomes it states. "Casualties" are the dead
# and the wounded together, as wire copy uses the word.
_CUES: list[tuple[re.Pattern[str], tuple[Outcome, ...]]] = [
    (re.compile(r"casualt(?:y|ies)"), (Outcome.KILLED, Outcome.INJURED)),
    (
        re.compile(
            r"kill(?:ed|ing|s)?|dead|deaths?|died|dies|slain|murder(?:ed|s)?|massacred|executed|fatalit(?:y|ies)"
        ),
        (Outcome.KILLED,),
    ),
    (re.compile(r"injur(?:ed|ies|y|ing)|wound(?:ed|s|ing)?|hurt"), (Outcome.INJURED,)),
    (re.compile(r"missing|disappeared|unaccounted"), (Outcome.MISSING,)),
    (re.compile(r"kidnap(?:ped|ping|pings|s)?|abduct(?:ed|ion|ions|s)?|hostages?"), (Outcome.KIDNAPPED,)),
    (re.compile(r"captur(?:ed|e|ing)|prisoners?"), (Outcome.CAPTURED,)),
    (re.compile(r"arrest(?:ed|s)?|detain(?:ed|s)?|detention|jailed|imprisoned"), (Outcome.ARRESTED,)),
    (re.compile(r"displaced|fled|homeless|evacuated|refugees"), (Outcome.DISPLACED,)),
]
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d[\d,.]*|[;:]")
_JOINS = {"and", "or"}
_DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "another", "other"}
AFTER, BEFORE = 12, 6  # words looked at on each side of the phrase


def _cue(word: str) -> tuple[Outcome, ...]:
    lowered = word.lower().replace("’", "'")
    for pattern, outcomes in _CUES:
        if pattern.fullmatch(lowered):
            return outcomes
    return ()


def _merge(found: list[Outcome], more: tuple[Outcome, ...]) -> None:
    found.extend(o for o in more if o not in found)


def outcomes_near(text: str, start: int, end: int, sentence: tuple[int, int]) -> list[Outcome]:
    """The outcomes the words around ``text[start:end]`` state, within ``sentence`` (start, end
    offsets); [] when they state none."""
    words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text, sentence[0], sentence[1])]
    found: list[Outcome] = []
    for word, w_start, w_end in words:
        if w_start >= start and w_end <= end:
            _merge(found, _cue(word))
    if found:
        return found
    after = [w for w, w_start, _ in words if w_start >= end][:AFTER]
    for n, word in enumerate(after):
        if word in {";", ":"}:
            break
        if word.lower() in _JOINS and n + 1 < len(after) and after[n + 1].lower() in _DETERMINERS:
            break  # "five students and the murder of ...": another noun phrase begins
        outcomes = _cue(word)
        if outcomes:
            _merge(found, outcomes)
            # "killed or captured", "dead and wounded": a cue joined to the first one
            k = n + 1
            while k + 1 < len(after) and after[k].lower() in _JOINS and _cue(after[k + 1]):
                _merge(found, _cue(after[k + 1]))
                k += 2
            return found
    before = [w for w, _, w_end in words if w_end <= start][-BEFORE:]
    for word in reversed(before):
        if word in {";", ":"}:
            break
        outcomes = _cue(word)
        if outcomes:
            return list(outcomes)
    return []


def stated_outcomes(text: str, occurrences: list[tuple[int, int]], sentence: tuple[int, int]) -> list[Outcome]:
    """What the sentence states for a phrase found at ``occurrences``: the outcomes read around
    the occurrences inside ``sentence``, or [] when none is there, they read nothing, or repeated
    occurrences read differently (then the words cannot tell which one is meant)."""
    inside = [(a, b) for a, b in occurrences if sentence[0] <= a and b <= sentence[1]]
    read = {tuple(outcomes_near(text, a, b, sentence)) for a, b in inside}
    return list(read.pop()) if len(read) == 1 else []
