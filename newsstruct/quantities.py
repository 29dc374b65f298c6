"""Quantity phrases: find them in an article, and read a phrase as (min, max, approximate).

The figure step does not let the model write numbers. It picks the verbatim quantity phrase from
the phrases this module finds in the article (an enum in the step's JSON Schema, so the phrase is
grounded by construction), and the numbers are then read from the phrase by the rules of the
annotation guide (``seeds/ANNOTATION.md``):

* an exact number gives min = max ("four" → 4/4, "a soldier" → 1/1, "no injuries" → 0/0);
* "about / around / nearly / some N" → N/N, approximate; "at least N" → N/open, approximate;
* "more than / over N" → N+1/open; "fewer than / under N" → open/N-1; "up to N" → open/N, approximate;
* "between N and M", "N to M", "N-M" → N/M;
* vague words ("several", "dozens", "many", "others", "an undetermined number") → both open,
  approximate, with the phrase kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE = [
    "several", "many", "dozens", "scores", "hundreds", "thousands", "tens", "numerous", "a few", "few",
    "a handful", "a number of", "a large number of", "an undetermined number", "undetermined number",
    "an unknown number", "unknown number", "an unspecified number", "unspecified number", "others", "some",
]  # fmt: skip
_ZERO = ["nobody", "no one", "none", "no"]
_ONE = ["a", "an", "a single", "single"]

_WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(k for k in _UNITS if _UNITS[k] < 10) + r"))?"
    r"|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+"
    r"|(?:a|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?:hundred|thousand)(?: and " + _WORD_NUMBER + r")?"
    r"|a dozen|" + _WORD_NUMBER + r")"
)
_APPROX = r"about|around|approximately|roughly|nearly|almost|some|an estimated|close to|more or less"
_LOWER_OPEN = r"more than|over|in excess of"
_LOWER_APPROX = r"at least|no fewer than|no less than|a minimum of"
_UPPER = r"fewer than|less than|under"
_UPTO = r"up to|as many as"

_PATTERN = re.compile(
    r"\b(?:"
    rf"(?P<range>(?:between )?(?P<lo>{_NUMBER})(?: and | to | or |(?<=\d)-(?=\d))(?P<hi>{_NUMBER}))"
    rf"|(?P<mod>{_APPROX}|{_LOWER_OPEN}|{_LOWER_APPROX}|{_UPPER}|{_UPTO}) (?P<n>{_NUMBER})"
    rf"|(?P<num>{_NUMBER})"
    rf"|(?P<vague>{'|'.join(sorted(_VAGUE, key=len, reverse=True))})"
    rf"|(?P<zero>{'|'.join(_ZERO)})"
    rf"|(?P<one>{'|'.join(sorted(_ONE, key=len, reverse=True))})"
    r")\b",
    re.IGNORECASE,
)
# Numbers that are not counts: years, and days or years of a date ("19 December", "12 NOV 89").
_NOT_A_COUNT = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_AFTER = re.compile(rf"^ {_MONTH}\b", re.IGNORECASE)
_DATE_BEFORE = re.compile(rf"\b{_MONTH} $", re.IGNORECASE)
# 24-hour clock times in wire copy ("BETWEEN 2100 AND 0200", "AT 0600 HOURS").
_CLOCK = re.compile(r"^(?:[01]\d|2[0-4])[0-5]\d$")
_CLOCK_BEFORE = re.compile(r"\b(?:at|from|between|until|till|since|after|before|by)\s$", re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"^ (?:hours?|hrs|gmt|local)\b", re.IGNORECASE)


def _is_clock(match: re.Match[str], folded: str) -> bool:
    numbers = [n for n in (match["lo"], match["hi"], match["num"]) if n]
    if not numbers or not all(_CLOCK.match(n) for n in numbers):
        return False
    return (
        bool(match["range"])
        or numbers[0].startswith("0")
        or bool(_CLOCK_BEFORE.search(folded[max(0, match.start() - 9) : match.start()]))
        or bool(_CLOCK_AFTER.match(folded[match.end() : match.end() + 7]))
    )


@dataclass(frozen=True)
class Quantity:
    min: int | None
    max: int | None
    approximate: bool


def _value(number: str) -> int | None:
    """An integer from digits or English number words ("1,200", "twenty-five", "two hundred")."""
    words = number.lower().replace(",", "")
    if words.isdigit():
        return int(words)
    if words == "a dozen":
        return 12
    total, current = 0, 0
    for word in re.split(r"[- ]+", words):
        if word in ("and",):
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in ("a", "an"):
            current += 1
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


def interpret(phrase: str) -> Quantity | None:
    """The numbers a quantity phrase states, read from its leading quantity expression."""
    folded = " ".join(phrase.split())
    match = _PATTERN.search(folded)
    if match is None or match.start() != 0:
        return None
    if match["range"]:
        lo, hi = _value(match["lo"]), _value(match["hi"])
        return Quantity(lo, hi, False) if lo is not None and hi is not None and lo <= hi else None
    if match["mod"]:
        n = _value(match["n"])
        if n is None:
            return None
        mod = match["mod"].lower()
        if re.fullmatch(_APPROX, mod):
            return Quantity(n, n, True)
        if re.fullmatch(_LOWER_OPEN, mod):
            return Quantity(n + 1, None, False)
        if re.fullmatch(_LOWER_APPROX, mod):
            return Quantity(n, None, True)
        if re.fullmatch(_UPPER, mod):
            return Quantity(None, max(n - 1, 0), False)
        return Quantity(None, n, True)  # up to / as many as
    if match["num"]:
        n = _value(match["num"])
        return Quantity(n, n, False) if n is not None else None
    if match["vague"]:
        return Quantity(None, None, True)
    if match["zero"]:
        return Quantity(0, 0, False)
    return Quantity(1, 1, False)


def candidates(text: str) -> list[str]:
    """Every distinct quantity phrase in ``text``, as written (whitespace collapsed), in order."""
    folded = " ".join(text.split())
    found: dict[str, str] = {}
    for match in _PATTERN.finditer(folded):
        phrase = match.group(0)
        numeric = match["num"] or match["range"]
        if numeric and (
            _NOT_A_COUNT.match(phrase)
            or _DATE_AFTER.match(folded[match.end() : match.end() + 12])
            or _DATE_BEFORE.search(folded[max(0, match.start() - 12) : match.start()])
            or _is_clock(match, folded)
        ):
            continue
        found.setdefault(phrase.casefold(), phrase)
    return list(found.values())
