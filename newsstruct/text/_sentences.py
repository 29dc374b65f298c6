"""Split an article into numbered sentences with exact offsets.

The model cites evidence by sentence number instead of copying text: one token instead of dozens,
and a citation that is grounded by construction (the number must exist — it is an enum in the
schema — and the evidence shown is the sentence itself, at its exact offsets).

Lines are first joined into logical lines: a line of 60 characters or more followed by a
non-blank line is a hard-wrapped line (wire copy such as MUC-4 wraps at ~72 columns), while a
shorter line (a headline, a byline) or a blank line ends its paragraph. Inside a logical line a
sentence ends at ``. ! ?`` (with any closing quote or bracket) followed by space and a capital,
digit or opening quote, except after common abbreviations and initials; or at a full stop between
a lowercase word and a capitalised one with no space between them (a space lost in copying).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cpl", "maj", "adm", "gov", "sen",
    "rep", "st", "no", "nos", "vs", "inc", "ltd", "co", "corp", "jr", "sr", "jan", "feb", "mar", "apr", "aug",
    "sep", "sept", "oct", "nov", "dec", "a.m", "p.m", "u.s", "u.n", "u.k", "e.g", "i.e", "approx", "est", "mt",
}  # fmt: skip
# A run of end marks is matched from its first mark only: tried again from inside the run, the
# match would rescan it, and a paragraph of "!!!!…" would cost its length squared.
_END = re.compile(
    r"(?<![.!?])[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])"
    # a full stop the space after it was lost from: "que portaba.Los leales" (not "voanews.com")
    r"|(?<=[a-zà-ÿ]{3})\.(?=[A-ZÀ-Ý][a-zà-ÿ]+[\s,])"
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.?$")
_WRAPPED_LINE = 60
_ABBREVIATION_WINDOW = 24


@dataclass(frozen=True)
class Sentence:
    number: int
    start: int
    end: int


# Abbreviations a sentence can end with ("at about 7:45 p.m.", "sanctions by the U.S."), and the
# words that open a sentence after them but never continue a name or a time ("p.m. Monday",
# "U.S. Army" go on).
_FINAL_ABBREVIATIONS = {"a.m", "p.m", "u.s", "u.n", "u.k", "inc", "ltd", "co", "corp", "jr", "sr"}
_OPENER = re.compile(
    r"\s+[\"'\u201c\u2018]?(?:The|A|An|No|He|She|It|They|We|I|In|On|At|But|However|And|This|That|These|Those"
    r"|There|His|Her|Their|Its|Our|After|Before|When|While|Meanwhile|Police|Officials|Witnesses)\b"
)


def _is_abbreviation(line: str, dot: int) -> bool:
    """Whether the period at ``dot`` ends an abbreviation or an initial rather than a sentence."""
    # only the few characters before the period are read: an abbreviation is a short word, and
    # reading the whole line before every period would make a long paragraph cost its square
    window = max(0, dot + 1 - _ABBREVIATION_WINDOW)
    match = _WORD_BEFORE.search(line, window, dot + 1)
    if not match or (match.start(1) == window and window > 0):
        return False  # no word, or one longer than the window: not an abbreviation
    word = match.group(1).rstrip(".").lower()
    if word in _FINAL_ABBREVIATIONS and _OPENER.match(line, dot + 1):
        return False  # "... at about 7:45 p.m. No Coalition troops were injured"
    return len(word) == 1 or word in _ABBREVIATIONS


def _logical_lines(text: str) -> list[str]:
    """The text cut into paragraphs and short lines; joining them back gives the text exactly."""
    pieces: list[str] = []
    current: list[str] = []
    for line in text.splitlines(keepends=True):
        current.append(line)
        if len(line.rstrip()) < _WRAPPED_LINE:  # short or blank: the logical line ends here
            pieces.append("".join(current))
            current = []
    if current:
        pieces.append("".join(current))
    return pieces


def split_sentences(text: str) -> list[Sentence]:
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in _logical_lines(text):
        start = 0
        for match in _END.finditer(line):
            lone_period = line[match.start()] == "." and match.end() - match.start() == 1
            if lone_period and _is_abbreviation(line, match.start()):
                continue
            spans.append((offset + start, offset + match.end()))
            start = match.end()
        spans.append((offset + start, offset + len(line)))
        offset += len(line)
    sentences: list[Sentence] = []
    for start, end in spans:
        piece = text[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        lead = len(piece) - len(piece.lstrip())
        sentences.append(Sentence(len(sentences) + 1, start + lead, start + lead + len(stripped)))
    return sentences


def numbered(text: str, sentences: list[Sentence]) -> str:
    """The article as ``[n] sentence`` lines, for the prompt."""
    return "\n".join(f"[{s.number}] {' '.join(text[s.start : s.end].split())}" for s in sentences)
