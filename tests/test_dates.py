"""Dates: the forms of the bold date line, their dv:date value and datatype, and the creation time-span."""

from __future__ import annotations

from datetime import date

import pytest

from converter.dates import DateError, find_date, parse_date
from graphtools import XSD, iri, select, store_of


@pytest.mark.parametrize(
    ("printed", "precision", "start", "end", "xsd"),
    [
        ("November 24, 1945", "day", date(1945, 11, 24), date(1945, 11, 24), ("1945-11-24", "date")),
        ("July 06, 1945", "day", date(1945, 7, 6), date(1945, 7, 6), ("1945-07-06", "date")),
        ("July, 1945", "month", date(1945, 7, 1), date(1945, 7, 31), ("1945-07", "gYearMonth")),
        ("February 1946", "month", date(1946, 2, 1), date(1946, 2, 28), ("1946-02", "gYearMonth")),
        ("February 1944", "month", date(1944, 2, 1), date(1944, 2, 29), ("1944-02", "gYearMonth")),
        ("1944", "year", date(1944, 1, 1), date(1944, 12, 31), ("1944", "gYear")),
        ("24 ноября 1945 г.", "day", date(1945, 11, 24), date(1945, 11, 24), ("1945-11-24", "date")),
        ("24.XI.1945г.", "day", date(1945, 11, 24), date(1945, 11, 24), ("1945-11-24", "date")),
        ("24 Nov 1945", "day", date(1945, 11, 24), date(1945, 11, 24), ("1945-11-24", "date")),
        ("6.12.46", "day", date(1946, 12, 6), date(1946, 12, 6), ("1946-12-06", "date")),
        ("1945-11-24", "day", date(1945, 11, 24), date(1945, 11, 24), ("1945-11-24", "date")),
    ],
)
def test_date_forms(printed, precision, start, end, xsd):
    value = parse_date(printed)
    assert value is not None
    assert (value.precision, value.start, value.end, value.xsd_value) == (precision, start, end, xsd)
    assert value.label == printed


@pytest.mark.parametrize(
    "printed", ["31 February 1945", "February 30, 1945", "31.II.1945", "1945-13-01", "29 February 1945"]
)
def test_impossible_dates_raise(printed):
    with pytest.raises(DateError, match="not a real date"):
        parse_date(printed)


@pytest.mark.parametrize("text", ["Telegram from Baku to Moscow", "Undated", "Smarch 12, 1945", ""])
def test_non_dates_are_none(text):
    assert parse_date(text) is None


def test_date_in_running_text():
    assert find_date("FROM BAKU 24 November 1945").start == date(1945, 11, 24)
    assert find_date("Принято по ВЧ 24.XI.1945г.").start == date(1945, 11, 24)
    assert find_date("no date here") is None


def _creation(record: str) -> list[dict[str, str]]:
    store = store_of(record)
    return select(
        store,
        f"""
        SELECT ?date ?type ?begin ?beginType ?end ?endType ?label WHERE {{
          <{iri("id/document/" + record)}> dv:date ?date ; crm:P94i_was_created_by ?creation .
          ?creation a crm:E65_Creation ; crm:P4_has_time-span ?span .
          ?span a crm:E52_Time-Span ; crm:P82a_begin_of_the_begin ?begin ; crm:P82b_end_of_the_end ?end ;
                rdfs:label ?label .
          BIND(DATATYPE(?date) AS ?type) BIND(DATATYPE(?begin) AS ?beginType) BIND(DATATYPE(?end) AS ?endType)
        }}""",
    )


@pytest.mark.parametrize(
    ("record", "value", "datatype", "begin", "end", "label"),
    [
        ("119111", "1945-11-24", "date", "1945-11-24T00:00:00", "1945-11-24T23:59:59", "November 24, 1945"),
        ("900001", "1945-07-06", "date", "1945-07-06T00:00:00", "1945-07-06T23:59:59", "July 06, 1945"),
        ("900002", "1945-07", "gYearMonth", "1945-07-01T00:00:00", "1945-07-31T23:59:59", "July, 1945"),
        ("900003", "1946-02", "gYearMonth", "1946-02-01T00:00:00", "1946-02-28T23:59:59", "February 1946"),
        ("900004", "1944", "gYear", "1944-01-01T00:00:00", "1944-12-31T23:59:59", "1944"),
    ],
)
def test_date_line_in_graph(record, value, datatype, begin, end, label):
    rows = _creation(record)
    assert rows == [
        {
            "date": value,
            "type": XSD + datatype,
            "begin": begin,
            "beginType": XSD + "dateTime",
            "end": end,
            "endType": XSD + "dateTime",
            "label": label,
        }
    ]


def test_no_date_line_no_date():
    store = store_of("900005")
    doc = iri("id/document/900005")
    assert select(store, f"SELECT ?d WHERE {{ <{doc}> dv:date ?d }}") == []
    assert select(store, f"SELECT ?s WHERE {{ <{doc}> crm:P94i_was_created_by ?c . ?c crm:P4_has_time-span ?s }}") == []
    # the creation itself is still there, carried out by the sender named in the title
    assert select(
        store, f"SELECT ?who WHERE {{ <{doc}> crm:P94i_was_created_by ?c . ?c crm:P14_carried_out_by ?who }}"
    ) == [{"who": iri("id/person/georgi-dimitrov")}]
