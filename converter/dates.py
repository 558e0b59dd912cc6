"""Dates as printed in exports and telegrams, read by hand-written rules into day, month or year intervals.

Forms read: ``November 24, 1945``, ``July 06, 1945``, ``July, 1945``, ``February 1946``, ``December 45``,
``1944``, ``24 November 1945``, ``24 Nov 1945``, ``24 ноября 1945 г.``, ``24.XI.1945г.``, ``6.12.46``, ``2/II 46``,
``14.XII.1976``, ``1945-11-24``, ``07/14/1945``; ranges (``November 24-25, 1945``, ``24-25 November 1945``,
``November 24 - December 2, 1945``, ``1945-1946``), seasons (``Fall 1945``), and each of them qualified as
approximate (``ca.``, ``circa``, ``c.``, ``about``, ``(approximate)``) or uncertain (``?``, ``[?]``,
``(uncertain)``). A form that names an impossible day (``31 February 1945``) raises ``DateError``; text that is
not a date gives ``None``. ``DateValue.edtf`` writes the value in EDTF (ISO 8601-2) with its qualifier.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS_EN = (
    {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
    | {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
    | {"sept": 9}
)
MONTHS_RU = {  # stems: ноябрь, ноября, ноябре ...
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}
SEASON_CODES = {3: 21, 6: 22, 9: 23, 12: 24}  # EDTF level 1 season codes, by first month
QUALIFIERS = [
    (re.compile(r"^(?:ca\.?|circa|c\.|about|approx(?:imately|\.)?)\s+", re.IGNORECASE), "approximate"),
    (re.compile(r"\s*\((?:approximate|approx\.?|estimated)\)$", re.IGNORECASE), "approximate"),
    (re.compile(r"\s*(?:\[\?\]|\?|\((?:uncertain|\?)\))$", re.IGNORECASE), "uncertain"),
]
ROMAN = {numeral: month for month, numeral in enumerate("I II III IV V VI VII VIII IX X XI XII".split(), start=1)}


class DateError(ValueError):
    """Text shaped like a date that names no real day."""


@dataclass(frozen=True)
class DateValue:
    """A day, month or year as printed, with the first and last day it covers."""

    label: str
    precision: str  # "day" | "month" | "year" | "days" (a range) | "season"
    start: date
    end: date
    qualifier: str = ""  # "" | "approximate" | "uncertain"

    @property
    def edtf(self) -> str:
        """The value in EDTF: ``1945-11-24``, ``1945-11``, ``1945``, ``1945-11-24/1945-11-25``, ``1945-23``
        (autumn); ``~`` marks an approximate value and ``?`` an uncertain one."""
        mark = {"approximate": "~", "uncertain": "?"}.get(self.qualifier, "")
        if self.precision == "days":
            return f"{self.start.isoformat()}{mark}/{self.end.isoformat()}{mark}"
        if self.precision == "season":
            return f"{self.start.year:04d}-{SEASON_CODES[self.start.month]}{mark}"
        return self.xsd_value[0] + mark

    @property
    def xsd_value(self) -> tuple[str, str]:
        """The lexical form and the XSD datatype name for ``dv:date``."""
        if self.precision in ("day", "days"):  # a range: its first day (the time-span covers the whole range)
            return self.start.isoformat(), "date"
        if self.precision == "month" or (self.precision == "season" and self.start.year == self.end.year):
            return f"{self.start.year:04d}-{self.start.month:02d}", "gYearMonth"
        return f"{self.start.year:04d}", "gYear"

    @property
    def begin_datetime(self) -> str:
        return f"{self.start.isoformat()}T00:00:00"

    @property
    def end_datetime(self) -> str:
        return f"{self.end.isoformat()}T23:59:59"


def _month_ru(word: str) -> int | None:
    word = word.lower()
    for stem, number in MONTHS_RU.items():
        if stem == "ма":
            if word in {"май", "мая", "мае"}:
                return 5
        elif word.startswith(stem):
            return number
    return None


def _month(word: str) -> int | None:
    word = word.lower().rstrip(".")
    return MONTHS_EN.get(word) or _month_ru(word)


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:  # 6.12.46: the twentieth century, which is the archive's
        value += 1900
    return value


def _day(label: str, year: int, month: int, day: int) -> DateValue:
    try:
        value = date(year, month, day)
    except ValueError as exc:
        raise DateError(f"'{label}' is not a real date ({exc})") from None
    return DateValue(label, "day", value, value)


def _month_span(label: str, year: int, month: int) -> DateValue:
    if not 1 <= month <= 12:
        raise DateError(f"'{label}' has no month {month}")
    last = calendar.monthrange(year, month)[1]
    return DateValue(label, "month", date(year, month, 1), date(year, month, last))


def _year_span(label: str, year: int) -> DateValue:
    return DateValue(label, "year", date(year, 1, 1), date(year, 12, 31))


_WORD = r"([A-Za-zА-Яа-яЁё]+)\.?"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "iso"),
    (re.compile(rf"^{_WORD}\s+(\d{{1,2}}),?\s+(\d{{4}})$"), "mdy"),  # November 24, 1945
    (re.compile(rf"^(\d{{1,2}})\s+{_WORD},?\s+(\d{{4}})(?:\s*г(?:ода|\.)?)?$"), "dmy"),  # 24 ноября 1945 г.
    (re.compile(rf"^{_WORD},?\s+(\d{{4}}|'?\d{{2}})(?:\s*г(?:ода|\.)?)?$"), "my"),  # July, 1945 / December 45
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$"), "m/d/y"),  # 07/14/1945 (14/07/1945 when the first is a day)
    (re.compile(r"^(\d{4})(?:\s*г(?:ода|\.)?)?$"), "y"),  # 1944
    (re.compile(r"^(\d{1,2})\s*[./]\s*([IVX]{1,4})\s*[./]?\s*(\d{4}|\d{2})\s*(?:г(?:ода|\.)?)?$"), "d-roman-y"),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\s*(?:г(?:ода|\.)?)?$"), "d.m.y"),
]


def parse_date(label: str) -> DateValue | None:
    """Read one date expression; ``None`` when it is not a date, ``DateError`` when it is an impossible one."""
    text = " ".join(label.replace("\u00a0", " ").split()).strip().rstrip(".").strip()
    qualifier = ""
    for pattern, kind in QUALIFIERS:
        if pattern.search(text):
            text, qualifier = pattern.sub("", text).strip(), kind
    value = _range(label, text) or _season(label, text) or _single(label, text)
    if value is not None and qualifier:
        value = DateValue(value.label, value.precision, value.start, value.end, qualifier)
    return value


RANGES = [
    re.compile(rf"^{_WORD}\s+(?P<d1>\d{{1,2}})\s*[-–—]\s*(?P<d2>\d{{1,2}}),?\s+(?P<y>\d{{4}})$"),
    re.compile(rf"^(?P<d1>\d{{1,2}})\s*[-–—]\s*(?P<d2>\d{{1,2}})\s+{_WORD},?\s+(?P<y>\d{{4}})$"),
]
SPAN = re.compile(r"^(?P<a>.+?\d)\s*[-–—/]\s*(?P<b>\D.+|\d{4})$")


def _range(label: str, text: str) -> DateValue | None:
    """``November 24-25, 1945``, ``24-25 November 1945``, ``November 24 - December 2, 1945``, ``1945-1946``."""
    for pattern in RANGES:
        if m := pattern.match(text):
            month = _month(next(g for g in m.groups() if not g.isdigit()))
            if month is None:
                return None
            first = _day(label, int(m.group("y")), month, int(m.group("d1"))).start
            last = _day(label, int(m.group("y")), month, int(m.group("d2"))).start
            return DateValue(label, "days", first, last) if first <= last else None
    if (m := SPAN.match(text)) and (end := _single(label, m.group("b"))) is not None:
        year = f", {end.start.year}" if not re.search(r"\d{4}", m.group("a")) else ""
        start = _single(label, m.group("a") + year)
        if start is not None and start.start <= end.end:
            return DateValue(label, "days", start.start, end.end)
    return None


def _season(label: str, text: str) -> DateValue | None:
    m = re.fullmatch(r"(spring|summer|fall|autumn|winter),?\s+(?:of\s+)?(\d{4})", text, re.IGNORECASE)
    if m is None:
        return None
    year, (first, last) = int(m.group(2)), SEASONS[m.group(1).lower()]
    end_year = year + (last < first)
    return DateValue(
        label, "season", date(year, first, 1), date(end_year, last, calendar.monthrange(end_year, last)[1])
    )


def _single(label: str, text: str) -> DateValue | None:
    if text.endswith(" г"):
        text = text[:-2]
    for pattern, kind in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        g = match.groups()
        if kind == "iso":
            return _day(label, int(g[0]), int(g[1]), int(g[2]))
        if kind == "mdy":
            month = _month(g[0])
            return _day(label, int(g[2]), month, int(g[1])) if month else None
        if kind == "dmy":
            month = _month(g[1])
            return _day(label, int(g[2]), month, int(g[0])) if month else None
        if kind == "my":
            month = _month(g[0])
            two_digit_day = len(g[1]) == 2 and int(g[1]) <= 31  # "May 12" is a day without its year, not 1912
            return _month_span(label, _year(g[1].lstrip("'")), month) if month and not two_digit_day else None
        if kind == "m/d/y":
            first, second = int(g[0]), int(g[1])
            month, day = (second, first) if first > 12 else (first, second)
            return _day(label, _year(g[2]), month, day)
        if kind == "y":
            return _year_span(label, int(g[0]))
        if kind == "d-roman-y":
            return _day(label, _year(g[2]), ROMAN[g[1]], int(g[0])) if g[1] in ROMAN else None
        if kind == "d.m.y":
            return _day(label, _year(g[2]), int(g[1]), int(g[0]))
    return None


# A date inside running text: used for receipt notes and the "FROM BAKU 24 November 1945" line.
DATE_IN_TEXT = re.compile(
    r"\d{1,2}\s*[./]\s*[IVX]{1,4}\s*[./]?\s*(?:\d{4}|\d{2})\s*(?:г\.?)?"
    r"|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\s*(?:г\.?)?"
    r"|\d{1,2}\s+[A-Za-zА-Яа-яЁё]+\.?,?\s+\d{4}(?:\s*г\.?)?"
    r"|[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}"
)


def find_date(text: str) -> DateValue | None:
    """The first date written in a line of text, if any."""
    for match in DATE_IN_TEXT.finditer(text):
        value = parse_date(match.group(0).strip())
        if value:
            return value
    return None
