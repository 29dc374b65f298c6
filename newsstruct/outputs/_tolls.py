"""Death tolls from one incident's casualty figures: low / best / high, by the rule written out in
:mod:`newsstruct.outputs._views` (and the README), which builds the ACLED- and UCDP-style rows from them.

This module holds the arithmetic: what one figure says about deaths (:func:`death_count`), the
number a vague phrase stands for (:func:`vague_floor`), whether two figures are about the same
people (:func:`same_people`), and the toll of an incident (:func:`deaths`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsstruct.schema import CasualtyFigure, Outcome

#: the number a vague phrase counts, by its leading word(s); anything else vague counts 2
VAGUE_FLOORS: dict[str, int] = {
    "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "millions": 1_000_000,
    "an unknown": 1, "unknown": 1, "an undetermined": 1, "undetermined": 1, "an unspecified": 1, "unspecified": 1,
}  # fmt: skip
PLURAL_FLOOR = 2
ARTICLE_VOICE = "the article"

_UNITS = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}
# "tens of thousands" = 10 × 1000; "hundreds of millions" = 100 × 1,000,000
_OF_SCALE = re.compile(r"^(tens|dozens|scores|hundreds|thousands|millions) of (thousands|millions)\b")
# "several dozen", "a few hundred", "many thousands": at least one unit of it
_FEW_UNITS = re.compile(r"^(?:several|a few|few|many|some) (dozen|hundred|thousand|million)s?\b")

# Words that say nothing about who the people were, and words a group's wording adds around them.
_UNSPECIFIC = {"people", "person", "one", "anyone", "anybody", "nobody", "individual", "casualty", "victim", "life"}
_FILLER = {
    "a",
    "an",
    "the",
    "no",
    "none",
    "any",
    "all",
    "of",
    "and",
    "or",
    "in",
    "at",
    "on",
    "from",
    "to",
    "with",
    "its",
    "their",
    "his",
    "her",
}


@dataclass(frozen=True)
class Count:
    """What one figure says about deaths: its lower number, its upper number, and whether those
    were read from a vague phrase (``vague``) or the figure mixes deaths with other outcomes."""

    figure: str
    source: str
    group: str
    low: int
    high: int
    vague: bool
    mixed: bool

    @property
    def zero(self) -> bool:
        """A figure saying nobody died ("no soldiers were killed")."""
        return not self.vague and self.high == 0


def vague_floor(phrase: str) -> int:
    """The number a vague quantity phrase counts ("dozens" → 12, "tens of thousands" → 10,000,
    "several dozen" → 12, "several" → 2)."""
    folded = " ".join(phrase.casefold().split())
    scaled = _OF_SCALE.match(folded)
    if scaled:
        return VAGUE_FLOORS[scaled[1]] * VAGUE_FLOORS[scaled[2]]
    units = _FEW_UNITS.match(folded)
    if units:
        return _UNITS[units[1]]
    for words, floor in sorted(VAGUE_FLOORS.items(), key=lambda kv: -len(kv[0])):
        if folded == words or folded.startswith(words + " "):
            return floor
    return PLURAL_FLOOR


def source_key(figure: CasualtyFigure) -> str:
    """A figure's source, folded so "The Platform" and "the platform" are one source."""
    if figure.source is None or not figure.source.strip():
        return ARTICLE_VOICE
    words = figure.source.casefold().split()
    return " ".join(words[1:] if len(words) > 1 and words[0] == "the" else words)


def _stem(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ves") and len(word) > 4:
        return word[:-3] + "fe"  # lives → life
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def group_words(group: str) -> set[str]:
    """The words that say who a group is: "French soldiers" → {"french", "soldier"}; an
    unspecific group ("people", "no one") has none."""
    words = {_stem(w) for w in re.findall(r"[^\W\d_]+", group.casefold())}
    return words - _FILLER - _UNSPECIFIC


def same_people(a: str, b: str) -> bool:
    """Whether two groups may be the same people: they share a word, or either is unspecific."""
    first, second = group_words(a), group_words(b)
    return not first or not second or bool(first & second)


def death_count(figure: CasualtyFigure) -> Count | None:
    """The death count a figure gives, or None when it is not about deaths."""
    if Outcome.KILLED not in figure.outcomes:
        return None
    mixed = set(figure.outcomes) != {Outcome.KILLED}
    source = source_key(figure)
    if figure.min is None and figure.max is None:
        floor = vague_floor(figure.phrase)
        return Count(figure.id, source, figure.group, floor, floor, vague=True, mixed=mixed)
    low = figure.min if figure.min is not None else figure.max
    high = figure.max if figure.max is not None else figure.min
    assert low is not None and high is not None
    return Count(figure.id, source, figure.group, low, high, vague=False, mixed=mixed)


@dataclass(frozen=True)
class Deaths:
    low: int
    best: int
    high: int
    sources: int  # sources whose toll counted for low/best
    low_figure: str | None  # the figure giving ``low`` (ACLED's fatalities)
    basis: str  # how the numbers were reached, in words


def _about_others(counts: list[Count]) -> list[Count]:
    """The zero figures that are about other people than some death the incident reports: a
    zero counts only when every non-zero death figure may be about the same people."""
    deaths_reported = [c for c in counts if not c.zero]
    return [c for c in counts if c.zero and any(not same_people(c.group, d.group) for d in deaths_reported)]


def deaths(figures: Iterable[CasualtyFigure]) -> Deaths:
    """Low / best / high deaths from one incident's figures, by the rule in :mod:`newsstruct.outputs._views`."""
    counts = [c for c in (death_count(f) for f in figures) if c is not None]
    others = _about_others(counts)
    pure = [c for c in counts if not c.mixed and c not in others]
    numeric = [c for c in pure if not c.vague]
    chosen = numeric or pure  # a number beats a word
    tolls: dict[str, Count] = {}
    for count in chosen:
        if count.source not in tolls or count.low > tolls[count.source].low:
            tolls[count.source] = count
    ranked = sorted(tolls.values(), key=lambda c: (c.low, c.figure))
    high = max((c.high for c in counts), default=0)
    aside = "".join(f"; {c.figure}'s 0 is about other people ({c.group}), not counted" for c in others)
    if not ranked:
        basis = "no death figure" if not counts else "no figure counts deaths alone"
        return Deaths(0, 0, high, 0, None, basis + (f"; high from {_ids(counts)}" if counts else "") + aside)
    best = ranked[(len(ranked) - 1) // 2]
    kind = "numbers" if numeric else "vague phrases only"
    basis = (
        f"{len(ranked)} source(s), {kind}: "
        + ", ".join(f"{c.source} {c.low} ({c.figure})" for c in ranked)
        + f"; low {ranked[0].figure}, best {best.figure}"
        + f"; high from {_ids(c for c in counts if c.high == high)}"
        + aside
    )
    return Deaths(ranked[0].low, best.low, high, len(ranked), ranked[0].figure, basis)


def _ids(counts: Iterable[Count]) -> str:
    return ", ".join(c.figure for c in counts)


__all__ = ["Count", "Deaths", "death_count", "deaths", "group_words", "same_people", "source_key", "vague_floor"]
