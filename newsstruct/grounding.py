"""Align a quote the model produced to a span of the exact input text.

Exact match first, then a normalised match (whitespace runs, curly quotes, dashes and case folded
the same way on both sides). Offsets always point into the original string, so
``text[start:end]`` is the evidence shown to users, whatever the model wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_QUOTES = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"}
_QUOTES.update({c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"})
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
_FOLD = {**_QUOTES, **_DASHES, "\u00a0": " ", "\u2026": "..."}


_WORD = re.compile(r"\w+")
_REMARK = re.compile(r"\([^)]*\)")
_FILLER = {"the", "of", "and", "a", "an", "in", "on", "at", "to", "for", "by", "with", "from", "s"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    match: Literal["exact", "normalized"]


def _normalise(text: str) -> tuple[str, list[int]]:
    """Folded text plus, for each folded character, the index of its source character."""
    out: list[str] = []
    index: list[int] = []
    previous_space = True  # drop leading whitespace
    for i, char in enumerate(text):
        if char.isspace():
            if not previous_space:
                out.append(" ")
                index.append(i)
            previous_space = True
            continue
        previous_space = False
        folded = _FOLD.get(char, char).lower()
        for piece in folded:
            out.append(piece)
            index.append(i)
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


class TextIndex:
    """The input text prepared once for many quote look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded, self._index = _normalise(text)
        self._words: set[str] | None = None

    def find(self, quote: str, *, after: int = 0) -> Span | None:
        """The span of ``quote`` in the text, preferring the first occurrence at or after ``after``."""
        quote = quote.strip()
        if not quote:
            return None
        exact = self._find_from(self.text, quote, after)
        if exact is not None:
            return Span(exact, exact + len(quote), "exact")
        folded_quote, _ = _normalise(quote)
        folded_quote = folded_quote.strip(" .,;:")
        if len(folded_quote) < 3:
            return None
        folded_after = next((k for k, i in enumerate(self._index) if i >= after), len(self._index))
        pos = self._find_from(self._folded, folded_quote, folded_after)
        if pos is None:
            return None
        start = self._index[pos]
        end = self._index[pos + len(folded_quote) - 1] + 1
        return Span(start, end, "normalized")

    def contains(self, phrase: str) -> bool:
        return self.find(phrase) is not None

    def mentions(self, name: str) -> bool:
        """Whether a name or short description comes from the text: it occurs there (exactly or
        normalised), or each of its words does ("French forces" in a text about "French troops"
        and "forces"). Words in parentheses are remarks, not part of the name."""
        wanted = [w for w in _WORD.findall(_REMARK.sub(" ", name).casefold()) if w not in _FILLER]
        if not wanted:
            return False
        if self.contains(name):
            return True
        if self._words is None:
            self._words = set(_WORD.findall(self._folded))
        return all(w in self._words for w in wanted)

    @staticmethod
    def _find_from(haystack: str, needle: str, after: int) -> int | None:
        pos = haystack.find(needle, after)
        if pos < 0 and after > 0:
            pos = haystack.find(needle)
        return pos if pos >= 0 else None
