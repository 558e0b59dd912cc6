"""The date of a narrated event: the date its clause states (or the paragraph's 'same day', or the date of the verb
it is joined to by 'and'), never after the document's date for what happened."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from typing import TypeVar

from .dates import DateValue
from .event_model import Hit
from .textdates import TextDate, TimeSpanValue

_Day = TypeVar("_Day", date, datetime)


def _date_of(hit: Hit, dates: list[TextDate], last: TextDate | None) -> TextDate | None:
    """The date in the hit's clause; 'в тот же день' / 'the same day' is the paragraph's last date (``last``)."""

    def inside(offset: int) -> bool:
        return any(a <= offset < b for a, b in hit.region)

    found = [d for d in dates if not d.cutoff and inside(d.start) and inside(d.end - 1)]
    dated = next((d for d in found if d.value is not None), None)
    same_day = next((d for d in found if d.kind == "same-day"), None)
    if dated is None and same_day is not None and last is not None and last.value is not None:
        label = " ".join(same_day.text.split())
        return replace(same_day, value=replace(last.value, label=label), kind=last.kind)
    return dated


def not_after(when: TextDate, reference: date | None) -> TextDate:
    """What happened happened before the document was written: a day printed without its year that would fall after
    the document's date ('on 4 March' in a report of 10 February 1946) is of the year before."""
    value = when.value
    if reference is None or value is None or value.start <= reference or str(value.start.year) in when.text:
        return when
    try:
        earlier: DateValue = replace(value, start=_year_before(value.start), end=_year_before(value.end))
        if isinstance(value, TimeSpanValue) and value.begin and value.finish:
            earlier = replace(
                value,
                start=_year_before(value.start),
                end=_year_before(value.end),
                begin=_year_before(value.begin),
                finish=_year_before(value.finish),
            )
    except ValueError:  # 29 February
        return when
    return replace(when, value=earlier)


def _year_before(day: _Day) -> _Day:
    return day.replace(year=day.year - 1)


def when_of(text: str, hit: Hit, previous: Hit | None, dates: list[TextDate], paragraph_date: TextDate | None):
    """The hit's date; an undated hit joined by 'and' to the previous one in its sentence shares its date
    ('attacked ... on December 11 and killed': one date)."""
    when = None if hit.temporal else _date_of(hit, dates, paragraph_date)
    if (
        when is None
        and not hit.temporal
        and previous is not None
        and previous.sentence == hit.sentence
        and re.search(r"\s(?:и|and)\s", text[previous.trigger[1] : hit.trigger[0]])
        and not re.search(r"[;]|\s(?:а|но|but)\s", text[previous.trigger[1] : hit.trigger[0]])
    ):
        when = _date_of(previous, dates, paragraph_date)
    return when
