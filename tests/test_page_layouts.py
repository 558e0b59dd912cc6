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


# ---- titles as the archive writes them ----


def refs_of(title: str) -> list[tuple[str, str, str]]:
    from converter.actors import name_refs
    from converter.authority import default_authority

    page = parse_export(f"March 1, 1950\n{title}\nThe text.\n", "title.md")
    return [(r.role, r.text, r.kind) for r in name_refs(page, default_authority()) if r.source == "title"]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Cable from the Chinese Embassy in Pakistan", [("sender", "Chinese Embassy in Pakistan", "group")]),
        (
            "Telegram from the Embassy in Iran to the Department of State",
            [("sender", "Embassy in Iran", "group"), ("addressee", "Department of State", "group")],
        ),
        (
            "Memo from Andropov, Gromyko, Ustinov, and Ponomarev to Brezhnev on the Situation",
            [("sender", n, "person") for n in ("Andropov", "Gromyko", "Ustinov", "Ponomarev")]
            + [("addressee", "Brezhnev", "person")],
        ),
        (
            "Message from Kim Il Sung and Pak Heon-yeong on the Situation at the Front",
            [("sender", "Kim Il Sung", "person"), ("sender", "Pak Heon-yeong", "person")],
        ),
        (
            "Record of Conversation between Mao Zedong and Pham Van Dong",
            [("participant", "Mao Zedong", "person"), ("participant", "Pham Van Dong", "person")],
        ),
        ("M. D. Bagirov, 'Concerning the Measures to Carry out the Task'", [("sender", "M. D. Bagirov", "person")]),
        (
            "Decree of the CC CPSU Politburo, 'Measures to Carry out Special Assignments'",
            [("sender", "CC CPSU Politburo", "group")],
        ),
        (
            "Letter from Khrushchev to Ulbricht Regarding the Situation in Berlin",
            [("sender", "Khrushchev", "person"), ("addressee", "Ulbricht", "person")],
        ),
    ],
)
def test_title_forms(title, expected):
    assert refs_of(title) == expected


def test_a_record_of_conversation_records_a_conversation_of_its_participants():
    document = convert_text(
        "March 1, 1950\nRecord of Conversation between Mao Zedong and Pham Van Dong\nText.\n", "c.md"
    )
    conversation = "https://w3id.org/depesha/id/document/c/conversation"
    facts = {
        (q.predicate.value.rsplit("/", 1)[-1], q.object.value)
        for q in document.quads
        if q.subject.value == conversation
    }
    assert ("P11_had_participant", "https://w3id.org/depesha/id/person/mao-zedong") in facts
    assert ("P70i_is_documented_in", "https://w3id.org/depesha/id/document/c") in facts
    assert not [q for q in document.quads if q.predicate.value.endswith(("#sender", "#addressee"))]


# ---- citations and credits as they are written ----


def test_citation_credits_and_every_archive():
    from converter.citation import parse_citation

    citation = parse_citation(
        '"Telegram," November 24, 1945, History and Public Policy Program Digital Archive, APRF, f. 45, op. 1, '
        "d. 347, ll. 41-45; AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 80; and RGASPI, f. 558, op. 11, d. 99. "
        "Translated for CWIHP by Gary Goldberg and translated by 7Brands."
    )
    assert [r.repository for r in citation.references] == ["APRF", "AVPRF", "RGASPI"]
    assert [(c.role, c.name, c.is_group) for c in citation.credits] == [
        ("translator", "Gary Goldberg", False),
        ("translator", "7Brands", True),
    ]


def test_every_archive_of_a_citation_is_a_holding_and_a_translator_signing_the_text_is_no_sender():
    document = convert_file(PAGES / "message-tabriz-conflict.md")
    roles = {r.entry.slug: r.roles() for r in document.entities}
    assert roles["gudimenko--message-tabriz-conflict"] == {"translator"}  # 'Translated by: [Signature] V. Gudimenko'
    text = (
        (PAGES / "pdf-inline-telegram.md")
        .read_text(encoding="utf-8")
        .replace("f. 3, op. 65, d. 1.", "f. 3, op. 65, d. 1; and RGASPI, f. 558, op. 11, d. 99.")
    )
    carriers = [q for q in convert_text(text, "987003.md").quads if q.predicate.value.endswith("P128i_is_carried_by")]
    assert len(carriers) == 2


# ---- conflicts, calendars ----


def test_disagreeing_dates_are_both_kept_as_attributed_statements():
    document = convert_file(PAGES / "message-tabriz-conflict.md")
    notes = sorted(
        q.object.value
        for q in document.quads
        if "/date-statement/" in q.subject.value and q.predicate.value.endswith("P3_has_note")
    )
    assert notes == [
        "The date the archive's page gives: April 22, 1946. The dates disagree.",
        "The date the header of the text (en) gives: 2/II 46. The dates disagree.",
    ]
    dates = [q.object.value for q in document.quads if q.predicate.value.endswith("#date")]
    assert dates == ["1946-04-22"]  # the page's date stays the document's date; the disagreement is recorded


def test_a_persian_calendar_date_is_converted_and_says_its_calendar():
    from datetime import date

    from converter.textdates import find_text_dates

    (found,) = find_text_dates("The committee met on the 21st of Azar.", "en", date(1945, 12, 20))
    assert (found.value.start, found.value.label) == (date(1945, 12, 12), "21st of Azar (Iranian calendar)")


def test_the_page_fixtures_conform_to_the_shapes(tmp_path: Path):
    store = tmp_path / "store"
    build([PAGES], store)
    result = depesha("check", "--store", str(store), check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_document_page_shows_that_its_dates_disagree(tmp_path: Path):
    from server.web.app import AppConfig, create_app

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(PAGES / "message-tabriz-conflict.md", inputs)
    build([inputs], tmp_path / "store")
    app = create_app(AppConfig(store=tmp_path / "store"))
    try:
        page = app.test_client().get("/id/document/message-tabriz-conflict", headers={"Accept": "text/html"})
    finally:
        app.extensions["depesha.query_pool"].close()
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dates disagree" in html and "2/II 46" in html and "April 22, 1946" in html


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Translation from the Persian.", "fa"),
        ("Translated from Farsi by the embassy.", "fa"),
        ("(translation from Chinese)", "zh"),
    ],
)
def test_the_original_language_from_a_phrase(phrase, code):
    assert parse_export(f"May 1, 1950\nA Note\n{phrase}\nThe text.\n", "n.md").original_language == code


def test_an_archivists_note_gives_the_archivist_role_not_a_sender():
    text = (
        "April 22, 1946\nMessage from Bagirov to Stalin\nThe talks in Tabriz ended today and the delegation left for "
        "Tehran in the evening after a long meeting.\nM. Bagirov\nTo the archives.\n[Signature] P. Ivanov\n"
    )
    document = convert_text(text, "m.md")
    roles = {r.entry.slug: r.roles() for r in document.entities}
    assert roles["ivanov--m"] == {"archivist"} and roles["mir-jafar-baghirov"] == {"sender"}
    receipt_roles = [q.object.value for q in document.quads if q.predicate.value.endswith("P14.1_in_the_role_of")]
    assert "https://w3id.org/depesha/vocab#Archivist" in receipt_roles


def test_clock_stamps_are_moments_of_the_documents_day():
    from datetime import date

    from converter.textdates import find_text_dates

    found = find_text_dates("Sent 17h30.\n1835\nAt 1200 meters the unit stopped at 0400 hrs.", "en", date(1945, 12, 20))
    assert [(d.text, d.value.edtf) for d in found] == [
        ("17h30", "1945-12-20T17:30:00"),
        ("1835", "1945-12-20T18:35:00"),
        ("0400 hrs.", "1945-12-20T04:00:00"),
    ]


def test_a_cut_pdf_page_keeps_its_text_after_the_language_field_and_a_wrapped_list_of_names():
    """The summary of a page cut short can be longer than what is left of its text: the text is what follows
    'Original Language:'. A name broken across a hard-wrapped line ('Petru\\nMunteanu-Olari') is one name."""
    page = parsed("pdf-wrapped-minutes.md")
    (body,) = page.parts
    assert body.text.startswith("Minutes of the meeting of the Executive Committee of March 14, 1968")
    assert "hears the report" not in body.text
    people = {r.entry.en for r in convert_file(PAGES / "pdf-wrapped-minutes.md").entities if r.entry.kind == "person"}
    assert {"Petru Munteanu-Olari", "Radu Constantinescu", "Tudor Antonescu"} <= people
