"""Real archive pages in, none refused (issue 15): every layout the archive and its mirrors print, dates as historians
write them, record ids from what the page gives or from the file's name, and warnings where data is probably lost.
The fixtures (tests/fixtures/pages/) are hand-written imitations of those layouts, not archive texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from conftest import FIXTURES, depesha
from converter import convert_file, convert_text, read_export
from converter.dates import parse_date
from converter.export_md import parse_export
from server.build.build import build
from server.store.store import open_snapshot

PAGES = FIXTURES / "pages"


def parsed(name: str):
    path = PAGES / name
    return parse_export(read_export(path), str(path))


@pytest.mark.parametrize(
    ("name", "record", "title", "date", "summary", "citation", "body_start", "body_end"),
    [
        (
            "new-site-cable-embassy.md",
            "987001",  # the Record ID field after the body
            "Cable from the Embassy in Warsaw on the Fishing Agreement",
            "1962-03-03",
            "The embassy reports on a meeting about the fishing agreement.",
            "Archive of Modern Records, f. 12",  # the Source field stands in for the citation
            "Comrade Ambassador Wieslaw Nowak",
            "sent to Berlin before the signing.",
        ),
        (
            "old-site-report.md",
            "987002",  # the share URL's number; the cut-off citation URL's is shorter
            "Report on the Harvest in the Northern Provinces",  # no title line: the citation's
            "1957-06~",
            "A report on the harvest in the northern provinces.",
            '"Report on the Harvest',
            "The harvest in the northern provinces",
            "reported a surplus.",
        ),
        (
            "mirror-single-newline-letter.md",
            "mirror-single-newline-letter",  # no number anywhere: the file's name
            "Letter from the Committee to the Ministry on the Grain Deliveries",  # printed twice, run together
            "1945-11-24/1945-11-25",
            None,
            None,
            "To Comrade Petrov",
            "the committee",
        ),
        (
            "pdf-inline-telegram.md",
            "987003",
            "Ciphered Telegram from Ivanov to the Central Committee",
            "1962-11-06",
            "Ivanov reports on his talks in Havana.",
            '"Ciphered Telegram from Ivanov',
            "Today I met the Prime Minister",
            "he agreed to",
        ),
        (
            "telegram-baku-moscow.md",  # no labelled field at all
            "telegram-baku-moscow",
            "Telegram from Baku to Moscow on the Situation in Tabriz",
            "1945-23",
            None,
            None,
            "Translation from the Persian.",
            "adopted the appeal.",
        ),
    ],
)
def test_each_layout_is_read(name, record, title, date, summary, citation, body_start, body_end):
    page = parsed(name)
    assert (page.record_id, page.title) == (record, title)
    assert (page.date.edtf if page.date else None) == date
    assert page.summary == summary
    assert (page.citation.text[: len(citation)] if page.citation else None) == citation
    (body,) = page.parts
    assert body.text.startswith(body_start) and body.text.endswith(body_end)
    assert "Skip to content" not in body.text and "History and Public Policy Program welcomes" not in body.text


def test_credits_and_original_language_fields_and_phrases():
    assert parsed("new-site-cable-embassy.md").credits.startswith("This document was made possible")
    assert parsed("new-site-cable-embassy.md").original_language == "pl"
    assert parsed("pdf-inline-telegram.md").original_language == "ru"
    assert parsed("telegram-baku-moscow.md").original_language == "fa"  # "Translation from the Persian"
    assert parsed("pdf-inline-telegram.md").contents == ["English Translation"]


@pytest.mark.parametrize(
    ("printed", "edtf", "begin", "end"),
    [
        ("November 24-25, 1945", "1945-11-24/1945-11-25", "1945-11-24", "1945-11-25"),
        ("24-25 November 1945", "1945-11-24/1945-11-25", "1945-11-24", "1945-11-25"),
        ("November 24 - December 2, 1945", "1945-11-24/1945-12-02", "1945-11-24", "1945-12-02"),
        ("ca. November 1945", "1945-11~", "1945-11-01", "1945-11-30"),
        ("circa 1945", "1945~", "1945-01-01", "1945-12-31"),
        ("November 24, 1945 (approximate)", "1945-11-24~", "1945-11-24", "1945-11-24"),
        ("1945?", "1945?", "1945-01-01", "1945-12-31"),
        ("Fall 1945", "1945-23", "1945-09-01", "1945-11-30"),
        ("Winter 1945", "1945-24", "1945-12-01", "1946-02-28"),
        ("December 45", "1945-12", "1945-12-01", "1945-12-31"),
        ("07/14/1945", "1945-07-14", "1945-07-14", "1945-07-14"),
        ("July 06, 1945", "1945-07-06", "1945-07-06", "1945-07-06"),
        ("1945", "1945", "1945-01-01", "1945-12-31"),
        ("14.XII.1976", "1976-12-14", "1976-12-14", "1976-12-14"),
        ("6.12.46", "1946-12-06", "1946-12-06", "1946-12-06"),
        ("2/II 46", "1946-02-02", "1946-02-02", "1946-02-02"),
    ],
)
def test_dates_as_historians_write_them(printed, edtf, begin, end):
    value = parse_date(printed)
    assert (value.edtf, value.start.isoformat(), value.end.isoformat()) == (edtf, begin, end)


def test_a_date_is_written_as_edtf_on_its_time_span():
    document = convert_file(PAGES / "mirror-single-newline-letter.md")
    edtf = [q.object for q in document.quads if q.predicate.value.endswith("P170i_time_is_defined_by")]
    assert [(o.value, o.datatype.value) for o in edtf] == [
        ("1945-11-24/1945-11-25", "http://id.loc.gov/datatypes/edtf/EDTF")
    ]


def test_a_stamp_that_is_no_date_costs_the_date_not_the_document():
    text = "December 45\nTelegram from Baku\nThe committee met.\n"
    assert parse_export(text, "stamp.md").date.edtf == "1945-12"
    broken = parse_export("February 30, 1946\nTelegram from Baku\nThe committee met.\n", "broken.md")
    assert broken.date is None and broken.title == "Telegram from Baku"
    assert [str(w) for w in broken.warnings][0].startswith("broken.md:1: the date 'February 30, 1946' is not a real")


def test_warnings_where_data_is_probably_lost():
    cut = parsed("pdf-inline-telegram.md")  # ends inside a sentence
    assert any("ends mid-sentence" in w.message for w in cut.warnings)
    listed = convert_text(
        "March 1, 1950\nA Letter\nContents:\nTranslation - English\nTranslation - German\nThe committee met today.\n",
        "letter.md",
    )
    assert [w.message for w in listed.warnings] == ["the contents list a translation (de) that is not in the file"]


def test_a_utf16_file_is_read_not_called_binary(tmp_path: Path):
    path = tmp_path / "utf16-page.md"
    path.write_bytes((PAGES / "telegram-baku-moscow.md").read_text(encoding="utf-8").encode("utf-16"))
    assert parse_export(read_export(path), str(path)).title.startswith("Telegram from Baku to Moscow")


def test_a_file_named_by_a_slug_converts_and_keeps_its_iris_across_rebuilds(tmp_path: Path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(PAGES / "telegram-baku-moscow.md", inputs)
    graph = NamedNode("https://w3id.org/depesha/graph/document/telegram-baku-moscow")
    first = build([inputs], tmp_path / "store")
    assert first.loaded == ["telegram-baku-moscow"] and not first.failed
    (inputs / "telegram-baku-moscow.md").write_text(
        (PAGES / "telegram-baku-moscow.md").read_text(encoding="utf-8") + "The appeal was published.\n",
        encoding="utf-8",
    )
    second = build([inputs], tmp_path / "store")
    assert second.loaded == ["telegram-baku-moscow"]
    assert open_snapshot(tmp_path / "store").contains_named_graph(graph)


def test_two_files_of_one_record_are_refused_naming_both(tmp_path: Path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(PAGES / "pdf-inline-telegram.md", inputs / "a.md")
    shutil.copy(PAGES / "pdf-inline-telegram.md", inputs / "b.md")
    result = depesha("build", str(inputs), "--store", str(tmp_path / "store"), check=False)
    assert result.returncode == 1
    assert "record 987003 was already read from" in result.stderr
    assert "warning:" in result.stderr and "ends mid-sentence" in result.stderr
