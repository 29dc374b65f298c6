"""Quantity phrases: find them in an article, and read a phrase as (min, max, approximate).

The figure step does not let the model write numbers. It picks the verbatim quantity phrase from
the phrases this module finds in the article (an enum in the step's JSON Schema, so the phrase is
grounded by construction), and the numbers are then read from the phrase by the rules of the
annotation guide (``seeds/ANNOTATION.md``):

* an exact number gives min = max ("four" → 4/4, "a soldier" → 1/1, "no injuries" → 0/0);
* "about / around / nearly / some N" → N/N, approximate; "at least N", "N (people) or more" → N/open,
  approximate;
* "more than / over N", "exceeded N" → N+1/open; "fewer than / under N" → open/N-1; "up to N" → open/N, approximate;
* "between N and M", "N to M", "N-M" → N/M;
* vague words ("several", "dozens", "many", "others", "an undetermined number") → both open,
  approximate, with the phrase kept.

English, French and Spanish are read (``au moins 47``, ``más de 20``, ``des dizaines``). The
candidates of an article come from its own language's words only (:mod:`newsstruct.text._language`),
so the English "seize" or "once" is never read as a French 16 or a Spanish 11; a single phrase is
read in whichever language it parses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newsstruct.text._language import Language, language_of


@dataclass(frozen=True)
class _Lexicon:
    """The words one language counts with."""

    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    vague: list[str]
    zero: list[str]
    one: list[str]
    approx: str
    lower_open: str
    lower_approx: str
    upper: str
    upto: str
    between: str  # the word before a range ("between 20 and 30")
    range_joins: str  # the words joining a range's ends
    tens_join: str  # what joins tens and units ("twenty-five", "treinta y dos")
    about: dict[str, int]  # approximate collective numbers ("une dizaine" ≈ 10)
    exact: dict[str, int]  # exact collective numbers ("a dozen")
    thousands: str  # the thousands separator ("1,200", "1.200", "1 200")


def _lexicons() -> dict[Language, _Lexicon]:
    """Each language's words, from the data file beside this module (``number_words.json``)."""
    data = json.loads(resources.files("newsstruct.text").joinpath("number_words.json").read_text(encoding="utf-8"))
    return {language: _Lexicon(**data[language]) for language in ("en", "fr", "es")}


_LEXICONS = _lexicons()


def _alternatives(words: list[str] | dict[str, int]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _pattern(language: Language) -> re.Pattern[str]:
    lex = _LEXICONS[language]
    small = {k: v for k, v in lex.units.items() if v < 10}
    word_number = (
        rf"(?:(?:{_alternatives(lex.tens)})(?:{lex.tens_join}(?:{_alternatives(small)}))?"
        rf"|{_alternatives(lex.units)})"
    )
    scaled = rf"(?:{_alternatives(small)}|{_alternatives(lex.one)})[- ](?:{_alternatives(lex.scales)})"
    # "3.5 million", "three-and-a-half million", "2,5 millions": a count in millions or thousands
    big = r"(?:million|millions|millón|millones|thousand|mille|mil|billion|milliards?)"
    fraction = r"(?:[- ]and[- ]a[- ]half|[- ]et[- ]demi|[- ]y[- ]medio)"
    millions = rf"(?:\d+[.,]\d+|\d+|{word_number}){fraction}?[ -]{big}"
    grouped = rf"(?:\d+|{word_number}) (?:{_alternatives(_GROUPS)})"  # "two dozen", "2 decenas"
    number = (
        rf"(?:{grouped}|{millions}|\d{{1,3}}(?:{lex.thousands}\d{{3}})+(?![\d.,]\d)|\d+"
        rf"|{scaled}(?: (?:and |y |et )?{word_number})?"
        rf"|{_alternatives({**lex.about, **lex.exact})}|{word_number})"
    )
    return re.compile(
        r"(?<![\w'’])(?<!\d[.,])(?:"
        rf"(?P<range>(?:{lex.between})?(?P<lo>{number})(?:{lex.range_joins}|(?<=\d)-(?=\d))(?P<hi>{number}))"
        # ("over a 100": an article before the digits, as "over a hundred")
        rf"|(?P<mod>{lex.approx}|{lex.lower_open}|{lex.lower_approx}|{lex.upper}|{lex.upto})"
        rf" (?:a (?=\d))?(?P<n>{number})"
        rf"|(?:{_MOST}) (?P<most>{number})"
        rf"|(?P<num>{number})(?P<more>(?: [^\W\d]+){{0,2}} (?:or more|o más|ou plus))?"
        rf"|(?P<vague>{_alternatives(lex.vague)})"
        rf"|(?P<zero>{_alternatives(lex.zero)})"
        rf"|(?P<one>{_alternatives(lex.one)})"
        r")(?![\w'’\u0300-\u036f])(?![.,]\d)",  # not inside "0.0" or before a combining accent
        re.IGNORECASE,
    )


# Words counting in groups after a number ("two dozen" is 24, "dos decenas" 20); the tens and
# hundreds are round, so approximate ("une dizaine" is about ten).
_GROUPS = {"dozen": 12, "dozens": 12, "docena": 12, "docenas": 12, "douzaine": 12, "douzaines": 12,
           "decena": 10, "decenas": 10, "dizaine": 10, "dizaines": 10, "centenar": 100, "centenares": 100,
           "centena": 100, "centenas": 100, "centaine": 100, "centaines": 100}  # fmt: skip
_ROUND_GROUPS = {"decena", "decenas", "dizaine", "dizaines", "centenar", "centenares", "centena", "centenas",
                 "centaine", "centaines"}  # fmt: skip


# "Most of" a count: more than half of it, at most all ("most of the 22" → 12 to 22).
_MOST = r"most of(?: the| those| these)?|la plupart des|la mayor(?:í|i)a de(?: los| las)?"


# Numbers that are not counts: years, and days or years of a date ("19 December", "12 NOV 89").
_NOT_A_COUNT = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_MONTH = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janvier|février|mars|avril|mai|juin|juillet|août"
    r"|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre"
    r"|octubre|noviembre|diciembre)[a-z]*\.?"
)
_DATE_AFTER = re.compile(rf"^ (?:de )?{_MONTH}(?![\w])", re.IGNORECASE)
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


def _value(number: str, lex: _Lexicon) -> int | None:
    """An integer from digits or number words ("1,200", "twenty-five", "deux cents", "treinta y dos")."""
    words = number.lower().replace("’", "'")
    if re.fullmatch(r"\d{1,3}(?:[,.\u00a0 ]\d{3})+|\d+", words):
        return int(re.sub(r"\D", "", words))
    big = re.fullmatch(
        r"(?P<n>.+?)(?P<half>[- ]and[- ]a[- ]half|[- ]et[- ]demi|[- ]y[- ]medio)?[ -]"
        r"(?P<scale>million|millions|millón|millones|thousand|mille|mil|billion|milliards?)",
        words,
    )
    if big:
        head = big["n"].replace(",", ".")
        base = float(head) if re.fullmatch(r"\d+(?:\.\d+)?", head) else _value(big["n"], lex)
        if base is None:
            return None
        scale = {"thousand": 1000, "mille": 1000, "mil": 1000, "billion": 10**9}.get(big["scale"], 10**6)
        if big["scale"].startswith("milliard"):
            scale = 10**9
        return round((base + (0.5 if big["half"] else 0)) * scale)
    grouped = re.fullmatch(r"(?P<n>.+) (?P<group>\w+)", words)
    if grouped and grouped["group"] in _GROUPS:
        base = _value(grouped["n"], lex)
        return base * _GROUPS[grouped["group"]] if base is not None else None
    if words in lex.about or words in lex.exact:
        return {**lex.about, **lex.exact}[words]
    if words in lex.units:  # "dix-sept" is one word
        return lex.units[words]
    total, current = 0, 0
    for word in re.split(r"[- ]+", words):
        if word in ("and", "y", "et"):
            continue
        if word in lex.units:
            current += lex.units[word]
        elif word in lex.tens:
            current += lex.tens[word]
        elif word in lex.one:
            current += 1
        elif word in lex.scales:
            current = max(current, 1) * lex.scales[word]
            if lex.scales[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


def _read(match: re.Match[str], lex: _Lexicon) -> Quantity | None:
    if match["range"]:
        lo, hi = _value(match["lo"], lex), _value(match["hi"], lex)
        if lo is not None and hi is not None and lo <= hi:
            return Quantity(lo, hi, False)
        whole = _value(match["range"], lex)  # "treinta y dos" is 32, not a range from 30 down to 2
        return Quantity(whole, whole, False) if whole is not None else None
    if match["most"]:
        n = _value(match["most"], lex)  # "most of the 22": more than half of them
        return Quantity(n // 2 + 1, n, True) if n is not None else None
    if match["mod"]:
        n = _value(match["n"], lex)
        if n is None:
            return None
        mod = match["mod"].lower().replace("’", "'")
        if re.fullmatch(lex.approx, mod):
            return Quantity(n, n, True)
        if re.fullmatch(lex.lower_open, mod):
            return Quantity(n + 1, None, False)
        if re.fullmatch(lex.lower_approx, mod):
            return Quantity(n, None, True)
        if re.fullmatch(lex.upper, mod):
            return Quantity(None, max(n - 1, 0), False)
        return Quantity(None, n, True)  # up to / as many as
    if match["num"]:
        if match["num"].lower() in lex.about:
            return Quantity(lex.about[match["num"].lower()], lex.about[match["num"].lower()], True)
        n = _value(match["num"], lex)
        if n is not None and match["num"].lower().split()[-1] in _ROUND_GROUPS:
            return Quantity(n, n, True)  # "dos decenas": about twenty
        if n is not None and match["more"]:
            return Quantity(n, None, True)  # "sixty-six people or more": at least 66
        return Quantity(n, n, False) if n is not None else None
    if match["vague"]:
        return Quantity(None, None, True)
    if match["zero"]:
        return Quantity(0, 0, False)
    return Quantity(1, 1, False)


def interpret(phrase: str) -> Quantity | None:
    """The numbers a quantity phrase states, read from its leading quantity expression, in the
    first of English, French and Spanish that reads it."""
    folded = " ".join(phrase.split())
    best: tuple[int, Quantity] | None = None
    for language, lex in _LEXICONS.items():  # the longest reading wins: "10 o 15" is a range
        match = _pattern(language).search(folded)
        if match is not None and match.start() == 0:
            read = _read(match, lex)
            if read is not None and (best is None or match.end() > best[0]):
                best = (match.end(), read)
    return best[1] if best else None


def candidates(text: str, language: Language | None = None) -> list[str]:
    """Every distinct quantity phrase in ``text`` as written (whitespace collapsed), in order,
    read with the words of the article's language (detected when not given)."""
    folded = " ".join(text.split())
    pattern = _pattern(language or language_of(text))
    found: dict[str, str] = {}
    for match in pattern.finditer(folded):
        phrase = match.group(0)
        numeric = match["num"] or match["range"]
        if numeric and (
            _NOT_A_COUNT.match(phrase)
            or _DATE_AFTER.match(folded[match.end() : match.end() + 14])
            or _DATE_BEFORE.search(folded[max(0, match.start() - 12) : match.start()])
            or _is_clock(match, folded)
        ):
            continue
        found.setdefault(phrase, phrase)  # each written form: "Several" in a headline, "several" in the body
    return list(found.values())
