"""Align a quote or a name the model produced to a span of the exact input text.

Three tiers, tried in order, and the first that finds the value wins:

- **exact**: the value occurs verbatim;
- **normalized**: it occurs once whitespace runs, curly quotes, dashes, accents and case are
  folded the same way on both sides ("Bogota" finds "Bogotá", "MENAKA" finds "Menaka");
- **fuzzy**, strict: a stretch of the text at word boundaries whose folded characters are at
  least 90 % similar (a dropped letter, a plural), or, for names, a stretch holding every content
  word of the name in any order: a short one anywhere ("commandos of the FMLN" for "FMLN
  commandos"), or any inside the sentence the model cited.

Offsets always point into the original string, so ``text[start:end]`` is what users are shown,
whatever the model wrote. When the value occurs more than once, the occurrence inside (or
nearest to) the sentence the model cited is chosen, not merely the first.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

_QUOTES = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u0060\u00b4"}
_QUOTES.update({c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"})
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
_FOLD = {**_QUOTES, **_DASHES, "\u00a0": " ", "\u2026": "..."}

_WORD = re.compile(r"\w+")
_REMARK = re.compile(r"\([^)]*\)")
_FILLER = {"the", "of", "and", "a", "an", "in", "on", "at", "to", "for", "by", "with", "from", "s"}

FUZZY_RATIO = 0.9  # similarity a fuzzy match needs: about one character in ten may differ
FUZZY_MIN_CHARS = 10  # shorter values must match exactly or normalised: one letter changes a short name
_SENTENCE_STRETCH = 400  # the longest stretch of a cited sentence a name's words may spread over
_NEAR = 400  # characters either side of the cited sentence searched first for a fuzzy match

MatchKind = Literal["exact", "normalized", "fuzzy"]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    match: MatchKind


@lru_cache(maxsize=8192)  # articles use a few hundred distinct characters
def _fold_char(char: str) -> str:
    # case is folded before the marks are dropped: "ᾀ" folds to "ἀι" as its capitals "ἈΙ" do (the
    # iota written under the letter is a mark only in the small letter)
    folded = _FOLD.get(char, char).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    # Turkish dotless i has no case partner of its own: "ı".upper() is "I", which folds to "i".
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().replace("\u0131", "i")


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
        folded = _fold_char(char)
        if folded.isspace():  # a no-break space
            if not previous_space:
                out.append(" ")
                index.append(i)
            previous_space = True
            continue
        previous_space = False
        for piece in folded:
            out.append(piece)
            index.append(i)
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


_NUMBER_JOINERS = ".,"


def _cuts_before(haystack: str, pos: int, needle: str) -> bool:
    if pos == 0 or not needle[0].isalnum():
        return False
    before = haystack[pos - 1]
    if before.isalnum():
        return True
    # "4" inside "1,4" or "0.4": a number does not start after a digit and a separator. A digit
    # is a decimal digit, as the finders' \d reads it: "²" in "².0" is not part of a number
    return needle[0].isdecimal() and before in _NUMBER_JOINERS and pos > 1 and haystack[pos - 2].isdecimal()


def _cuts_after(haystack: str, end: int, needle: str) -> bool:
    if end >= len(haystack):
        return False
    after = haystack[end]
    if unicodedata.combining(after):
        return True
    if not needle[-1].isalnum():
        return False
    if after.isalnum():
        return True
    nxt = haystack[end + 1] if end + 1 < len(haystack) else ""
    return needle[-1].isdecimal() and after in _NUMBER_JOINERS and nxt.isdecimal()


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def _distance(start: int, end: int, near: tuple[int, int] | None) -> int:
    """0 inside the cited region, otherwise how far outside it the span lies."""
    if near is None:
        return 0
    lo, hi = near
    if start >= lo and end <= hi:
        return 0
    return 1 + min(abs(start - lo), abs(end - hi))


def _content_words(name: str) -> list[str]:
    folded, _ = _normalise(_REMARK.sub(" ", name))
    return [w for w in _WORD.findall(folded) if w not in _FILLER]


class TextIndex:
    """The input text prepared once for many look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded, self._index = _normalise(text)
        words = list(_WORD.finditer(self._folded))
        self._word_starts = [m.start() for m in words]
        self._word_ends = [m.end() for m in words]
        self._word_texts = [m.group() for m in words]
        # The same values are looked up by validation, by the final check and by assembly.
        self._found: dict[tuple[str, tuple[int, int] | None, bool], Span | None] = {}
        self._mentions: dict[tuple[str, tuple[int, int] | None], Span | None] = {}
        self._occurrence_cache: dict[str, tuple[list[tuple[int, int]], MatchKind]] = {}

    # -- tiers ---------------------------------------------------------------------------

    def find(self, quote: str, *, near: tuple[int, int] | None = None, fuzzy: bool = True) -> Span | None:
        """The span of ``quote`` in the text (exact, then normalised, then fuzzy when allowed).

        ``near`` is the region the model cited (a sentence's offsets): among several occurrences
        the one inside it, or else the closest to it, is returned.
        """
        key = (quote, near, fuzzy)
        if key not in self._found:
            self._found[key] = self._find(quote.strip(), near, fuzzy)
        return self._found[key]

    def _find(self, quote: str, near: tuple[int, int] | None, fuzzy: bool) -> Span | None:
        if not quote:
            return None
        spans, match = self.occurrences(quote)
        if spans:
            start, end = min(spans, key=lambda s: (_distance(s[0], s[1], near), s[0]))
            return Span(start, end, match)
        folded_quote = _normalise(quote)[0].strip(" .,;:")
        if fuzzy and len(folded_quote) >= FUZZY_MIN_CHARS:
            return self._similar(folded_quote, near)
        return None

    def occurrences(self, quote: str) -> tuple[list[tuple[int, int]], MatchKind]:
        """Every verbatim occurrence of ``quote`` as (start, end), or, when there is none, every
        normalised one; computed once per quote (a phrase like "four" may occur hundreds of
        times in a long text, and is looked up for many sentences)."""
        quote = quote.strip()
        if quote not in self._occurrence_cache:
            exact = [(p, p + len(quote)) for p in self._occurrences(self.text, quote)] if quote else []
            if exact:
                self._occurrence_cache[quote] = (exact, "exact")
            else:
                folded_quote = _normalise(quote)[0].strip(" .,;:")
                found: list[tuple[int, int]] = []
                if len(folded_quote) >= 3:
                    length = len(folded_quote)
                    found = [
                        self._to_source(p, p + length)
                        for p in self._occurrences(self._folded, folded_quote)
                        if self._whole(p, p + length)
                    ]
                self._occurrence_cache[quote] = (found, "normalized")
        return self._occurrence_cache[quote]

    def contains(self, phrase: str) -> bool:
        return self.find(phrase) is not None

    def mention(self, name: str, *, near: tuple[int, int] | None = None) -> Span | None:
        """Where a name or short description occurs: as written (any tier), or as all of its
        content words within a short stretch of text ("urban commandos of the FMLN" for
        "FMLN urban commandos"). Words in parentheses are remarks, not part of the name."""
        key = (name, near)
        if key not in self._mentions:
            wanted = _content_words(name)
            bare = " ".join(_REMARK.sub(" ", name).split())
            self._mentions[key] = (
                None
                if not wanted
                else self.find(bare, near=near, fuzzy=False)
                or self._words_together(wanted, len(bare), near)
                or self.find(bare, near=near)
            )
        return self._mentions[key]

    def mentions(self, name: str) -> bool:
        return self.mention(name) is not None

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _occurrences(haystack: str, needle: str) -> list[int]:
        """Where ``needle`` occurs without cutting a word or a number: "four" is not found in
        "fourteen", "4" not in "4,000" or "4.5", "Bogota" not in a decomposed "Bogota\u0301"."""
        found, pos = [], haystack.find(needle)
        while pos >= 0:
            end = pos + len(needle)
            if not (_cuts_before(haystack, pos, needle) or _cuts_after(haystack, end, needle)):
                found.append(pos)
            pos = haystack.find(needle, pos + 1)
        return found

    def _to_source(self, start: int, end: int) -> tuple[int, int]:
        """Folded [start, end) → original [start, end), whole characters only: a span that ends
        before a combining mark takes the mark along."""
        source_end = self._index[end - 1] + 1
        text = self.text
        while source_end < len(text) and not _fold_char(text[source_end]) and not text[source_end].isspace():
            source_end += 1
        return self._index[start], source_end

    def _whole(self, start: int, end: int) -> bool:
        """Whether folded [start, end) begins and ends on source-character boundaries (a match may
        not start or stop inside the expansion of "½" or "ß")."""
        starts_inside = start > 0 and self._index[start - 1] == self._index[start]
        ends_inside = end < len(self._index) and self._index[end] == self._index[end - 1]
        return not (starts_inside or ends_inside)

    def _similar(self, folded_quote: str, near: tuple[int, int] | None) -> Span | None:
        """The word-aligned stretch most similar to the quote, if it reaches FUZZY_RATIO, has the
        same numbers ("on 15 December" never grounds as "on 16 December") and shares words with it
        (a cheap filter before the character comparison): half of them for a quote of four words
        or more, else one word or one word's first four letters. Among matches, one near the cited
        region wins, then the most similar."""
        length = len(folded_quote)
        digits = _digits(folded_quote)
        quote_words = set(_WORD.findall(folded_quote))
        stems = {w[:4] for w in quote_words if len(w) >= 4}
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(folded_quote)  # the quote is analysed once; windows vary as seq1
        found: list[tuple[int, float, int, int, int]] = []
        for i, start in enumerate(self._word_starts):
            reach = bisect_left(self._word_starts, start + int(length * 1.25) + 1)
            window_words = set(self._word_texts[i:reach])
            if len(quote_words) >= 4:
                if len(quote_words & window_words) * 2 < len(quote_words):
                    continue
            elif not quote_words & window_words and not stems & {w[:4] for w in window_words}:
                continue  # a short value with a slip shares a word, or at least a word's first letters
            for j in range(i, len(self._word_ends)):
                end = self._word_ends[j]
                if end - start > length * 1.25:
                    break
                if end - start < length * 0.75:
                    continue
                window = self._folded[start:end]
                matcher.set_seq1(window)
                if matcher.real_quick_ratio() < FUZZY_RATIO or matcher.quick_ratio() < FUZZY_RATIO:
                    continue
                ratio = matcher.ratio()
                if ratio < FUZZY_RATIO or _digits(window) != digits:
                    continue
                s, e = self._to_source(start, end)
                distance = _distance(s, e, near)
                found.append((0 if distance <= _NEAR else 1, -ratio, distance, s, e))
        if not found:
            return None
        best = min(found)
        return Span(best[3], best[4], "fuzzy")

    def _words_together(self, wanted: list[str], length: int, near: tuple[int, int] | None) -> Span | None:
        """The shortest stretch holding every wanted word: anywhere when it is no longer than the
        name plus 30 characters, or anywhere inside the cited sentence ("a military source" in a
        sentence about "the French government" grounds "French military")."""
        limit = max(length * 2, length + 30)
        lo, hi = (self._folded_offset(near[0]), self._folded_offset(near[1])) if near else (0, 0)
        needed = set(wanted)
        candidates = []
        for i, word in enumerate(self._word_texts):
            if word not in needed:
                continue
            seen = set()
            for j in range(i, len(self._word_texts)):
                width = self._word_ends[j] - self._word_starts[i]
                inside = lo <= self._word_starts[i] and self._word_ends[j] <= hi
                if width > limit and (not inside or width > _SENTENCE_STRETCH):
                    break
                if self._word_texts[j] in needed:
                    seen.add(self._word_texts[j])
                if seen == needed:
                    candidates.append(self._to_source(self._word_starts[i], self._word_ends[j]))
                    break
        if not candidates:
            return None
        s, e = min(candidates, key=lambda c: (_distance(c[0], c[1], near), c[1] - c[0], c[0]))
        return Span(s, e, "fuzzy")

    def _folded_offset(self, source: int) -> int:
        """The folded position of the first character at or after ``source``."""
        return bisect_left(self._index, source)
