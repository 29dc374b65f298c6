"""Dates from the verbatim date phrase and the article's dateline, not from the model's arithmetic.

Small models copy a date phrase well ("YESTERDAY", "on 19 and 20 December", "Tuesday night's")
but turn it into a calendar date badly (wrong day, invented year). This module does the
arithmetic: it reads the dateline (``SAN SALVADOR, 12 NOV 89 (ACAN-EFE) --``, ``7 FEB (REUTER)``,
``Nov 24 (Reuters)``, ``November 24, 2026``) as the day of writing, and resolves the phrase
against it. A phrase it cannot read resolves to nothing, and the model's own date (checked for
invented years) is kept. Dates are ISO (``1989-11-12``), or partial when the year is unknown
(``--12-19``, ``--11``); a span is a start and an end.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
# Spanish and French month names, by their number ("julio", "juillet").
_MONTH_NAMES = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<{name}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|se(?:p)?tiembre|octubre|noviembre|diciembre"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\.?"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip

# A dateline's date is followed by the source or the body: "(ACAN-EFE) --", "(Reuters) -", "--", "/".
_DATELINE_END = r"(?=\s*(?:\(|--|\u2014|/|-\s))"
_DATELINE_DMY = re.compile(
    r"\b(?P<d>\d{1,2})\s+" + _MONTH.format(name="m") + r"(?:,?\s+(?P<y>\d{4}|\d{2}))?\b" + _DATELINE_END, re.I
)
_DATELINE_MDY = re.compile(
    r"\b" + _MONTH.format(name="m") + r"\s+(?P<d>\d{1,2})(?:,?\s+(?P<y>\d{4}))?\b" + _DATELINE_END, re.I
)
# A line holding only a full date, as press releases print it under the headline ("Dec. 20, 2022").
_DATE_LINE = re.compile(
    r"^[ \t]*(?:" + _MONTH.format(name="m") + r"\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+" + _MONTH.format(name="m2") + r",?\s+(?P<y2>\d{4}))[ \t]*$",
    re.I | re.M,
)
_DAY_MONTH = re.compile(
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th|er)?\s+(?:of\s+|de\s+)?"
    + _MONTH.format(name="m")
    + r"(?:,?\s+(?:de\s+)?(?P<y>\d{4}))?",
    re.I,
)
_MONTH_DAY = re.compile(
    r"\b" + _MONTH.format(name="m") + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{4}))?", re.I
)
_DAYS_MONTH = re.compile(
    r"\b(?P<d1>\d{1,2})(?:\s*(?:-|–|and|to)\s*)(?P<d2>\d{1,2})\s+"
    + _MONTH.format(name="m")
    + r"(?:,?\s+(?P<y>\d{4}))?",
    re.I,
)
_MONTH_YEAR = re.compile(r"\b" + _MONTH.format(name="m") + r"(?:,?\s+(?P<y>\d{4}))?\b", re.I)
_YEAR = re.compile(r"\b(?P<y>(?:19|20)\d{2})\b")
_AGO = re.compile(r"\b(?P<n>\d+|" + "|".join(_NUMBER_WORDS) + r")\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)
_TODAY = re.compile(
    r"\b(?:today|tonight|this (?:morning|afternoon|evening)|right now|earlier today"
    r"|minutes ago|an hour ago|hours ago)\b",
    re.I,
)
_YESTERDAY = re.compile(r"\b(?:yesterday|last night|overnight)\b", re.I)
_BEFORE_YESTERDAY = re.compile(r"\bday before yesterday\b", re.I)
_PAST_HOURS = re.compile(r"\b(?:over|in|during|within) the (?:past|last) (?P<n>\d+) hours\b", re.I)
_WEEKDAY = re.compile(r"\b(?P<w>" + "|".join(_WEEKDAYS) + r")\b", re.I)
_WEEK = re.compile(r"\b(?P<which>this|last|past) week\b", re.I)
_WEEKEND = re.compile(r"\b(?P<which>this|last|past) weekend\b", re.I)


@dataclass(frozen=True)
class Anchor:
    """The day the article was written, as its dateline gives it (the year may be missing)."""

    month: int
    day: int
    year: int | None = None

    @property
    def date(self) -> dt.date | None:
        if self.year is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None


def _month(name: str) -> int:
    lowered = name.lower().rstrip(".")
    return _MONTH_NAMES.get(lowered) or _MONTHS[lowered[:3]]


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    value = int(raw)
    return value if len(raw) == 4 else (1900 + value if value >= 50 else 2000 + value)


def dateline(text: str) -> Anchor | None:
    """The dateline's date, looked for at the head of the article (its first 300 characters)."""
    head = text.lstrip()[:300]
    for pattern in (_DATELINE_DMY, _DATELINE_MDY):
        match = pattern.search(head)
        if match and 1 <= int(match["d"]) <= 31:
            return Anchor(month=_month(match["m"]), day=int(match["d"]), year=_year(match["y"]))
    line = _DATE_LINE.search(head)
    if line:
        month, day, year = (line["m"], line["d"], line["y"]) if line["m"] else (line["m2"], line["d2"], line["y2"])
        if 1 <= int(day) <= 31:
            return Anchor(month=_month(month), day=int(day), year=int(year))
    return None


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _partial(year: int | None, month: int, day: int | None = None) -> str:
    head = f"{year:04d}" if year is not None else "-"
    return f"{head}-{month:02d}" + (f"-{day:02d}" if day is not None else "")


def _year_for(month: int, day: int | None, anchor: Anchor | None, stated: str | None) -> int | None:
    """The stated year, else the dateline's (the year before when the date would lie after it)."""
    if stated:
        return int(stated)
    if anchor is None or anchor.year is None:
        return None
    if (month, day or 1) > (anchor.month, anchor.day):
        return anchor.year - 1
    return anchor.year


Resolved = tuple[str, str | None]


def _without_year(text: str, anchor: Anchor) -> Resolved | None:
    """Days counted back from a dateline that gives no year ("7 FEB (REUTER)"): partial dates.
    Weekdays need the year, so they stay unresolved."""
    try:
        today = dt.date(2000, anchor.month, anchor.day)  # a leap year, so 29 February exists
    except ValueError:
        return None
    for pattern, back in ((_BEFORE_YESTERDAY, 2), (_YESTERDAY, 1), (_TODAY, 0)):
        if pattern.search(text):
            day = today - dt.timedelta(days=back)
            return _partial(None, day.month, day.day), None
    return None


_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31), "boxing day": (12, 26)}  # fmt: skip
_HOLIDAY = re.compile(
    r"(?:(?P<after>the day after)\s+|(?P<before>the day before)\s+)?"
    r"(?P<h>Christmas(?: Day| Eve)?|New Year[’']s (?:Day|Eve)|Boxing Day)\b",
    re.IGNORECASE,
)


def resolve(phrase: str | None, anchor: Anchor | None) -> Resolved | None:
    """``(start, end)`` for a date phrase (``end`` is None for a single day, month or year)."""
    if not phrase or not phrase.strip():
        return None
    text = " ".join(phrase.split())
    today = anchor.date if anchor else None

    # Holidays with a fixed date, and the day before or after one ("the day after Christmas").
    holiday = _HOLIDAY.search(text)
    if holiday:
        month, day = _HOLIDAYS[holiday["h"].casefold().replace("’", "'")]
        shift = 1 if holiday["after"] else -1 if holiday["before"] else 0
        when = dt.date(2000, month, day) + dt.timedelta(days=shift)  # a leap year: any day fits
        return _partial(_year_for(when.month, when.day, anchor, None), when.month, when.day), None
    # Calendar dates written out: spans first, then single days, then months and years.
    days = list(_DAY_MONTH.finditer(text)) or list(_MONTH_DAY.finditer(text))
    span = _DAYS_MONTH.search(text)
    if span:
        month = _month(span["m"])
        first, last = int(span["d1"]), int(span["d2"])
        year = _year_for(month, last, anchor, span["y"])
        if 1 <= first < last <= 31:
            return _partial(year, month, first), _partial(year, month, last)
    if days:
        found = []
        for match in days:
            month, day = _month(match["m"]), int(match["d"])
            if 1 <= day <= 31:
                found.append(_partial(_year_for(month, day, anchor, match["y"]), month, day))
        if found:
            return found[0], (found[-1] if len(found) > 1 and found[-1] != found[0] else None)
    if today is None and anchor is not None:
        relative = _without_year(text, anchor)
        if relative:
            return relative
    if today is not None:
        if _BEFORE_YESTERDAY.search(text):
            return _iso(today - dt.timedelta(days=2)), None
        if _YESTERDAY.search(text):
            return _iso(today - dt.timedelta(days=1)), None
        if _TODAY.search(text):
            return _iso(today), None
        hours = _PAST_HOURS.search(text)
        if hours:
            back = -(-int(hours["n"]) // 24)  # whole days the hours reach back into
            return _iso(today - dt.timedelta(days=back)), _iso(today)
        ago = _AGO.search(text)
        if ago:
            raw = ago["n"].lower()
            n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
            unit = ago["unit"].lower()
            if unit == "day":
                return _iso(today - dt.timedelta(days=n)), None
            if unit == "week":
                then = today - dt.timedelta(weeks=n)
                return _partial(then.year, then.month), None
            if unit == "year":
                return f"{today.year - n:04d}", None
            return None
        weekend = _WEEKEND.search(text)
        if weekend:
            saturday = today - dt.timedelta(days=(today.weekday() - 5) % 7)
            if weekend["which"].lower() != "this" and saturday == today:
                saturday -= dt.timedelta(days=7)
            return _iso(saturday), _iso(saturday + dt.timedelta(days=1))
        week = _WEEK.search(text)
        if week:
            monday = today - dt.timedelta(days=today.weekday())
            if week["which"].lower() == "this":
                return _iso(monday), _iso(today)
            return _iso(monday - dt.timedelta(days=7)), _iso(monday - dt.timedelta(days=1))
        weekday = _WEEKDAY.search(text)
        if weekday:
            back = (today.weekday() - _WEEKDAYS.index(weekday["w"].lower())) % 7 or 7
            return _iso(today - dt.timedelta(days=back)), None
    month_year = _MONTH_YEAR.search(text)
    if month_year and (month_year["y"] or re.search(r"\b(?:in|last|early|late|mid|since)\b", text, re.I)):
        month = _month(month_year["m"])
        return _partial(_year_for(month, None, anchor, month_year["y"]), month), None
    stated_year = _YEAR.search(text)
    if stated_year:
        return stated_year["y"], None
    return None


_ISO_DATE = re.compile(r"^(?:(?P<year>\d{4})|-)-(?P<month>\d{2})(?:-(?P<day>\d{2}))?$|^(?P<yonly>\d{4})$")


def known_years(text: str) -> set[str]:
    """Years the text states, plus the dateline's year and the year before it.

    A dateline such as ``SAN SALVADOR, 3 JAN 90`` anchors "30 December" to 1989: an event in the
    previous year is reported early in the next, so the year before the dateline's is known too.
    """
    years = set(_YEAR.findall(text))
    anchor = dateline(text)
    if anchor is not None and anchor.year is not None:
        years |= {str(anchor.year), str(anchor.year - 1)}
    return years


@dataclass(frozen=True)
class DateProblem:
    kind: Literal["format", "year"]
    message: str


def date_problem(value: str, text: str) -> DateProblem | None:
    """Why a date the model wrote cannot stand: not ISO (or partial ISO), or a year the text does
    not state. None when it can."""
    match = _ISO_DATE.match(value.strip())
    if not match or not 1 <= int(match.group("month") or 1) <= 12 or not 1 <= int(match.group("day") or 1) <= 31:
        message = f"date {value!r} is not a date: write YYYY-MM-DD, or --MM-DD when the article gives no year"
        return DateProblem("format", message)
    year = match.group("year") or match.group("yonly")
    if year and year not in known_years(text):
        return DateProblem("year", f"date {value!r}: the year {year} is not in the article; write --MM-DD without it")
    return None


def without_year(value: str) -> str | None:
    """The partial date left when an invented year is removed (``2013-04-19`` → ``--04-19``)."""
    match = _ISO_DATE.match(value.strip())
    if not match or match.group("yonly"):
        return None
    return "-" + value.strip()[4:] if match.group("year") else value.strip()
