"""Dates inside running text, Russian and English, read by hand-written rules (dateparser reads '2200 23 November'
as the year 2200 and nothing of 'в ночь на 23 ноября').

    find_text_dates(text, language, reference) -> [TextDate]     every date expression, in text order

Forms: a day without a year ('22 ноября', 'on 22 November', 'November 22') takes its year from ``reference`` (the
document's date; the year before when that would put the day more than 60 days after the document); with a year
('24 ноября 1945 г.', 'November 24, 1945'); the numeric forms of ``dates`` ('24.XI.1945г.', '6.12.46', '2/II 46',
'14.XII.1976'); a range of days ('22-23 ноября'); a month ('в ноябре 1945 г.', 'in November'); a night
('в ночь на 23 ноября', 'on the night of 23 November': the night 22-23, from 18:00 to 06:00; 'в ночь с 22 на 23
ноября', 'the night of 22-23 November'); a moment ('на 22 часа 23 ноября', 'as of 2200 23 November': that minute;
with 'на' / 'as of' it is the information cut-off of a report, ``cutoff``); 'в тот же день' / 'the same day' is
the day the text named last (kind 'same-day', resolved by the reader of the text); vague phrases ('в ближайшие дни',
'за последние дни', 'in recent days', 'recently') have ``value`` None: no time-span rather than a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .dates import MONTHS_EN, DateError, DateValue, _month, _month_span, parse_date

NIGHT_BEGINS = time(18, 0)
NIGHT_ENDS = time(6, 0)
RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1, "вчера": -1, "сегодня": 0, "завтра": 1}
YEAR_AHEAD_DAYS = 60  # a day-month more than this after the document's date is taken from the year before

_RU_MONTH = (
    r"(?:январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?|сентябр[ьяе]|"
    r"октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"
)
_EN_MONTH = (
    "(?:"
    + "|".join(
        sorted(
            (m if len(m) > 4 or m in {"may", "june", "july"} else m + r"\.?" for m in MONTHS_EN if len(m) > 2),
            key=len,
            reverse=True,
        )
    )
    + ")"
)
_RU_YEAR = r"(?:\s+(?P<year>\d{4})\s*(?:г\.|года|году|г(?![а-яё]))?)?"
_EN_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_NUMERIC = (
    r"\d{1,2}\s*[./]\s*[IVX]{1,4}\s*[./]?\s*(?:\d{4}|\d{2})(?:\s*г\.|\s*г(?![а-яё]))?"
    r"|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})(?:\s*г\.|\s*г(?![а-яё]))?"
)

PERSIAN_MONTHS = [
    "farvardin",
    "ordibehesht",
    "khordad",
    "tir",
    "mordad",
    "shahrivar",
    "mehr",
    "aban",
    "azar",
    "dey",
    "bahman",
    "esfand",
]
_PERSIAN = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<pmonth>{'|'.join(PERSIAN_MONTHS)})"
    r"(?:,?\s+(?P<pyear>1[23]\d\d))?(?!\w)",
    re.IGNORECASE,
)
_CLOCK = re.compile(  # a clock stamp on the document's day: '17h30', '1835 hrs', a line that is only '1835'
    r"(?<![\w:.])(?P<hour>[01]\d|2[0-3])h(?P<minute>[0-5]\d)(?!\w)"
    r"|(?<![\w:.])(?P<hour2>[01]\d|2[0-3])[:.]?(?P<minute2>[0-5]\d)\s*(?:hrs\.?|hours|час(?:ов|а)?\.?)(?!\w)"
    r"|(?m:^[ \t]*(?P<hour3>[01]\d|2[0-3])(?P<minute3>[0-5]\d)[ \t]*$)",
    re.IGNORECASE,
)

# (kind, pattern); named groups: day, first (first day of a range or night), month, year, hour, minute
_RULES: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    "ru": [
        ("persian", _PERSIAN),
        (
            "moment",
            re.compile(
                r"(?P<cue>(?:по\s+состоянию\s+)?на|в|к)\s+(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?"
                r"\s+час(?:а|ов)?(?:\s+(?P<minute2>\d{1,2})\s+мин\.?[а-я]*)?\s+(?P<day>\d{1,2})\s+"
                rf"(?P<month>{_RU_MONTH}){_RU_YEAR}",
                re.IGNORECASE,
            ),
        ),
        (
            "night",
            re.compile(
                r"в\s+ночь\s+(?:с\s+(?P<first>\d{1,2})\s+(?:" + _RU_MONTH + r"\s+)?)?на\s+"
                rf"(?P<day>\d{{1,2}})\s+(?P<month>{_RU_MONTH}){_RU_YEAR}",
                re.IGNORECASE,
            ),
        ),
        ("numeric", re.compile(_NUMERIC)),
        (
            "days",
            re.compile(
                rf"(?P<first>\d{{1,2}})\s*[-–—]\s*(?P<day>\d{{1,2}})\s+(?P<month>{_RU_MONTH}){_RU_YEAR}", re.IGNORECASE
            ),
        ),
        ("day", re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{_RU_MONTH}){_RU_YEAR}", re.IGNORECASE)),
        (
            "month",
            re.compile(
                r"(?:в|во)\s+(?P<month>январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|"
                r"октябре|ноябре|декабре)" + _RU_YEAR,
                re.IGNORECASE,
            ),
        ),
        ("same-day", re.compile(r"в\s+(?:тот|этот)\s+же\s+день|в\s+тот\s+день|тогда\s+же", re.IGNORECASE)),
        ("relative", re.compile(r"(?<![а-яё])(?P<relative>вчера|сегодня|завтра)(?![а-яё])", re.IGNORECASE)),
        (
            "vague",
            re.compile(
                r"(?:в|на|за)\s+(?:ближайшие|последние|эти|несколько\s+последних)\s+дни|на\s+днях|"
                r"(?:в|за)\s+последнее\s+время|в\s+ближайшее\s+время|в\s+течение\s+последних\s+дней|"
                r"(?<![а-яё])недавно(?![а-яё])",
                re.IGNORECASE,
            ),
        ),
        ("clock", _CLOCK),
    ],
    "en": [
        ("persian", _PERSIAN),
        (
            "moment",
            re.compile(
                r"(?:(?P<cue>as\s+of|at|by)\s+|(?<![\w:.,])(?=(?:[01]\d|2[0-3])[0-5]\d\s+\d{1,2}\s+[A-Za-z]))"
                r"(?P<hour>\d{2})[:.]?(?P<minute>\d{2})"
                r"(?:\s*(?:hours|hrs\.?|h))?"
                rf",?\s+(?:on\s+)?(?:(?P<day>\d{{1,2}})\s+(?P<month>{_EN_MONTH})|(?P<month2>{_EN_MONTH})"
                rf"\s+(?P<day2>\d{{1,2}})){_EN_YEAR}",
                re.IGNORECASE,
            ),
        ),
        (
            "night",
            re.compile(
                r"(?:on\s+|during\s+)?the\s+night\s+of\s+(?:(?P<first>\d{1,2})\s*(?:[-–/]|to)\s*)?"
                rf"(?P<day>\d{{1,2}})\s+(?P<month>{_EN_MONTH}){_EN_YEAR}",
                re.IGNORECASE,
            ),
        ),
        ("numeric", re.compile(_NUMERIC)),
        (
            "days",
            re.compile(
                rf"(?P<first>\d{{1,2}})\s*[-–]\s*(?P<day>\d{{1,2}})\s+(?P<month>{_EN_MONTH}){_EN_YEAR}", re.IGNORECASE
            ),
        ),
        (
            "day",
            re.compile(
                rf"(?<![\d:])(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_EN_MONTH})"
                rf"{_EN_YEAR}(?![\w])|(?P<month2>{_EN_MONTH})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?"
                r"(?!\d)(?:,\s*(?P<year2>\d{4}))?",
                re.IGNORECASE,
            ),
        ),
        (
            "month",
            re.compile(
                rf"(?:in|during)\s+(?P<month>{_EN_MONTH})(?![\w])(?:\s+(?P<year>\d{{4}}))?(?!\s*\d)", re.IGNORECASE
            ),
        ),
        ("same-day", re.compile(r"(?:on\s+)?(?:the|that)\s+same\s+day|on\s+that\s+day", re.IGNORECASE)),
        ("relative", re.compile(r"(?<![\w-])(?P<relative>yesterday|today|tomorrow)(?![\w-])", re.IGNORECASE)),
        (
            "vague",
            re.compile(
                r"in\s+(?:the\s+)?recent\s+(?:days|weeks)|"
                r"in\s+the\s+(?:next|coming|last|past)\s+(?:few\s+)?(?:days|weeks)|(?<!\w)(?:recently|lately|of\s+late|these\s+days|the\s+other\s+day)(?!\w)|"
                r"in\s+the\s+near\s+future",
                re.IGNORECASE,
            ),
        ),
        ("clock", _CLOCK),
    ],
}


@dataclass(frozen=True)
class TimeSpanValue(DateValue):
    """A ``DateValue`` whose bounds are moments rather than whole days (a night, a minute)."""

    begin: datetime | None = None
    finish: datetime | None = None

    @property
    def begin_datetime(self) -> str:
        return self.begin.isoformat() if self.begin else super().begin_datetime

    @property
    def end_datetime(self) -> str:
        return self.finish.isoformat() if self.finish else super().end_datetime

    @property
    def edtf(self) -> str:
        if self.precision == "moment" and self.begin:
            return self.begin.isoformat(timespec="seconds")
        if self.precision == "night":
            return f"{self.start.isoformat()}/{self.end.isoformat()}"
        return super().edtf


def solar_hijri(year: int, month: int, day: int) -> date:
    """The Gregorian day of a Solar Hijri (Iranian calendar) date: the year begins at Nowruz, 21 March (20 or 22 in
    some years: a day's error at most, for the years of the archive); months 1-6 have 31 days, 7-11 have 30."""
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        raise DateError(f"{day} {PERSIAN_MONTHS[month - 1] if 1 <= month <= 12 else month} is not a real date")
    offset = (month - 1) * 31 if month <= 7 else 6 * 31 + (month - 7) * 30
    return date(year + 621, 3, 21) + timedelta(days=offset + day - 1)


def _persian(groups: dict[str, str], label: str, reference: date | None) -> DateValue | None:
    """'21st of Azar' (the year from the document's date), '21 Azar 1324': the day, labelled as printed."""
    month = PERSIAN_MONTHS.index(groups["pmonth"].lower()) + 1
    day = int(groups["day"])
    if "pyear" in groups:
        value = solar_hijri(int(groups["pyear"]), month, day)
    elif reference is not None:
        candidates = [solar_hijri(reference.year - 622 + k, month, day) for k in (0, 1)]
        value = min(candidates, key=lambda d: abs((d - reference).days))
    else:
        return None
    return DateValue(f"{label} (Iranian calendar)", "day", value, value)


@dataclass(frozen=True)
class TextDate:
    """A date expression in a text: its printed span, kind and value (None for a vague one)."""

    start: int
    end: int
    text: str
    kind: str  # day | days | month | year | night | moment | vague | same-day (the day last named)
    value: DateValue | None
    cutoff: bool = False  # 'на 22 часа 23 ноября', 'as of 2200 23 November': information up to that moment


def _year_for(month: int, day: int, reference: date | None) -> int | None:
    if reference is None:
        return None
    try:
        candidate = date(reference.year, month, day)
    except ValueError:
        return reference.year
    return reference.year - 1 if (candidate - reference).days > YEAR_AHEAD_DAYS else reference.year


def _day(year: int, month: int, day: int, label: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateError(f"'{label}' is not a real date ({exc})") from None


def _value(kind: str, match: re.Match[str], label: str, reference: date | None) -> DateValue | None:
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    if kind == "numeric":
        return parse_date(label)
    if kind == "persian":
        return _persian(groups, label, reference)
    if kind == "clock":
        if reference is None:
            return None
        hour = int(groups.get("hour") or groups.get("hour2") or groups["hour3"])
        minute = int(groups.get("minute") or groups.get("minute2") or groups["minute3"])
        moment = datetime.combine(reference, time(hour, minute))
        return TimeSpanValue(label, "moment", reference, reference, begin=moment, finish=moment + timedelta(seconds=59))
    if kind in {"vague", "same-day"}:
        return None
    if kind == "relative":  # 'yesterday', 'вчера': a day counted from the document's date
        if reference is None:
            return None
        counted = reference + timedelta(days=RELATIVE_DAYS[groups["relative"].lower()])
        return DateValue(label, "day", counted, counted)
    month = _month(groups.get("month") or groups.get("month2") or "")
    if month is None:
        return None
    year_text = groups.get("year") or groups.get("year2")
    if kind == "month":
        year = int(year_text) if year_text else (reference.year if reference else None)
        if year is None:
            return None
        return _month_span(label, year, month)
    day = int(groups.get("day") or groups["day2"])
    year = int(year_text) if year_text else _year_for(month, day, reference)
    if year is None:
        return None
    last = _day(year, month, day, label)
    if kind == "day":
        return DateValue(label, "day", last, last)
    if kind == "days":
        first = _day(year, month, int(groups["first"]), label)
        return DateValue(label, "days", first, last) if first <= last else None
    if kind == "night":
        first = _day(year, month, int(groups["first"]), label) if "first" in groups else last - timedelta(days=1)
        if (last - first).days != 1:
            return None
        return TimeSpanValue(
            label,
            "night",
            first,
            last,
            begin=datetime.combine(first, NIGHT_BEGINS),
            finish=datetime.combine(last, NIGHT_ENDS),
        )
    hour, minute = int(groups["hour"]), int(groups.get("minute") or groups.get("minute2") or 0)
    if hour > 24 or minute > 59:
        return None
    moment = datetime.combine(last, time(0, 0)) + timedelta(hours=hour, minutes=minute)
    return TimeSpanValue(label, "moment", last, last, begin=moment, finish=moment + timedelta(seconds=59))


def find_text_dates(text: str, language: str, reference: date | None = None) -> list[TextDate]:
    """Every date expression in ``text`` (Russian rules for 'ru', English for anything else), in text order. A form
    that names an impossible day is left out; a day without a year and no ``reference`` has no value. A Persian
    (Solar Hijri) date ('21st of Azar', '21 Azar 1324') is converted, its label saying the calendar."""
    rules = _RULES["ru" if language == "ru" else "en"]
    found: list[TextDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in rules:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(a < end and start < b for a, b in taken):
                continue
            label_from = match.start("hour") if kind == "moment" else start  # 'as of' is not part of the date
            label = " ".join(text[label_from:end].split())
            try:
                value = _value(kind, match, label, reference)
            except DateError:  # '31 February', a stamp such as '45.13.46': costs this date, not the text
                continue
            if kind in ("numeric", "persian", "clock") and value is None:
                continue
            cue = (match.groupdict().get("cue") or "").lower()
            taken.append((start, end))
            found.append(
                TextDate(
                    start,
                    end,
                    match.group(0),
                    value.precision if value else kind,
                    value,
                    cutoff=kind == "moment" and cue.split()[-1:] in (["на"], ["of"]),
                )
            )
    return sorted(found, key=lambda d: d.start)
