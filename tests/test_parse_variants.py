"""Body variants: which texts an export has and in which languages, texts kept exactly, editorial marks, page
markers, signatures and receipt notes; and the offsets of every annotation."""

from __future__ import annotations

import pytest

from converter import convert_file, convert_text, parse_export
from graphtools import FIXTURES, SAMPLE, all_inputs, convert, iri, select, select_terms, store_of, values

RU, EN = "## Т Е Л Е Г Р А М М А", "TELEGRAM\n\nFROM BAKU 24 November 1945"


def _texts(record: str) -> dict[str, tuple[str, str]]:
    """{node path tail: (text, language tag)} of the document and its translations."""
    rows = select_terms(
        store_of(record),
        f"""SELECT ?node ?text WHERE {{
        {{ BIND(<{iri("id/document/" + record)}> AS ?node) ?node crm:P190_has_symbolic_content ?text }}
        UNION {{ <{iri("id/document/" + record)}> crm:P73_has_translation ?node .
                 ?node crm:P190_has_symbolic_content ?text }} }}""",
    )
    return {
        row["node"].value.removeprefix(iri("id/document/" + record)) or "/": (row["text"].value, row["text"].language)
        for row in rows
    }


def _between(text: str, first: str, last: str) -> str:
    start = text.index(first)
    return text[start : text.index(last, start) + len(last)]


def test_sample_texts_kept_exactly():
    raw = SAMPLE.read_text(encoding="utf-8")
    texts = _texts("119111")
    assert texts == {
        "/": (_between(raw, RU, "24.XI.1945г."), "ru"),
        "/translation/en": (_between(raw, EN, "Received via VCh  \n24 Nov 1945"), "en"),
    }


def test_crlf_input_gives_the_same_graph():
    raw = SAMPLE.read_text(encoding="utf-8")
    lf, crlf = convert_text(raw, "119111.md"), convert_text(raw.replace("\n", "\r\n"), "119111.md")
    assert set(crlf.quads) == set(lf.quads) and set(crlf.entity_triples) == set(lf.entity_triples)
    assert not any("\r" in q.object.value for q in crlf.quads)
    assert set(convert_text(raw.replace("\n", "\r"), "119111.md").quads) == set(lf.quads)  # old Mac endings


def test_fixture_comment_is_ignored():
    for path in sorted(FIXTURES.glob("*.md")):
        raw = path.read_text(encoding="utf-8")
        assert raw.startswith("<!-- Hand-made fixture")
        bare = raw.split("-->\n", 1)[1]
        with_comment, without = parse_export(raw, path.name), parse_export(bare, path.name)
        assert (with_comment.title, with_comment.date, with_comment.blocks) == (
            without.title,
            without.date,
            without.blocks,
        )
        assert [(p.language, p.role, p.text) for p in with_comment.parts] == [
            (p.language, p.role, p.text) for p in without.parts
        ]
        assert not any("Hand-made" in q.object.value for q in convert_file(path).quads), path.name


def test_translation_only():
    texts = _texts("900003")
    assert set(texts) == {"/translation/en"}
    text, lang = texts["/translation/en"]
    assert lang == "en" and text.startswith("[stamp: Secret.") and text.endswith("The note is not printed here.")
    store = store_of("900003")
    assert values(store, f"SELECT ?l WHERE {{ <{iri('id/document/900003')}> crm:P72_has_language ?l }}") == {
        iri("id/language/ru")
    }
    assert values(
        store,
        f"SELECT ?t WHERE {{ <{iri('id/document/900003/translation/en')}> crm:P2_has_type ?t ; "
        f"crm:P72_has_language <{iri('id/language/en')}> }}",
    ) == {"https://w3id.org/depesha/vocab#Translation"}


def test_transcript_only():
    texts = _texts("900002")
    assert set(texts) == {"/"}
    text, lang = texts["/"]
    assert lang == "ru" and text.startswith("СЕКРЕТНО\n\nМОСКВА") and text.endswith("Принято 14.VII.1945г.")
    assert parse_export((FIXTURES / "900002.md").read_text(encoding="utf-8"), "900002.md").contents == [
        "Original Scan",
        "Transcript - Russian",
    ]


def test_translation_into_german():
    texts = _texts("900006")
    assert set(texts) == {"/", "/translation/de"}
    assert texts["/"][1] == "ru" and texts["/"][0].endswith("СЕКРЕТАРЬ ЦК")
    assert texts["/translation/de"][1] == "de"
    assert texts["/translation/de"][0].startswith("BESCHLUSS DES POLITBÜROS")
    assert parse_export((FIXTURES / "900006.md").read_text(encoding="utf-8"), "900006.md").contents == [
        "Original Scan",
        "Transcript - Russian",
        "Translation - German",
    ]


def test_two_translations_in_two_latin_languages():
    raw = (FIXTURES / "900006.md").read_text(encoding="utf-8")
    raw = raw.replace("Translation - German", "Translation - German  \nTranslation - English") + (
        "\nDECREE OF THE POLITBURO OF THE CC VKP(b)\n\nTo Cde. Bagirov.\n\nCde. Bagirov is instructed to organize "
        "in Southern Azerbaijan the work to support the movement for autonomy. The CC is to be informed weekly "
        "about the progress of the work.\n\nSECRETARY OF THE CC\n"
    )
    parsed = parse_export(raw, "900006.md")
    assert [(p.language, p.role, p.text.split("\n")[0], p.text.split("\n")[-1]) for p in parsed.parts] == [
        ("ru", "original", "ПОСТАНОВЛЕНИЕ ПОЛИТБЮРО ЦК ВКП(б)", "СЕКРЕТАРЬ ЦК"),
        ("de", "translation", "BESCHLUSS DES POLITBÜROS DES ZK DER KPdSU(B)", "SEKRETÄR DES ZK"),
        ("en", "translation", "DECREE OF THE POLITBURO OF THE CC VKP(b)", "SECRETARY OF THE CC"),
    ]
    store = store_of(convert_text(raw, "900006.md"))
    assert values(store, f"SELECT ?t WHERE {{ <{iri('id/document/900006')}> crm:P73_has_translation ?t }}") == {
        iri("id/document/900006/translation/de"),
        iri("id/document/900006/translation/en"),
    }


def test_german_original_english_translation_same_script():
    texts = _texts("900007")
    raw = (FIXTURES / "900007.md").read_text(encoding="utf-8")
    assert texts["/"] == (_between(raw, "An den Genossen", "Mit sozialistischem Gruß\n\nW. ULBRICHT"), "de")
    assert texts["/translation/en"] == (_between(raw, "To Comrade V. M. Molotov", "greetings\n\nW. ULBRICHT"), "en")
    # Molotow (German address line), Molotov (English) and the title are one person
    assert values(store_of("900007"), f"SELECT ?a WHERE {{ <{iri('id/document/900007')}> dv:addressee ?a }}") == {
        iri("id/person/vyacheslav-molotov")
    }


def test_same_script_split_gives_a_lone_heading_to_the_translation():
    raw = (FIXTURES / "900007.md").read_text(encoding="utf-8")
    raw = raw.replace("To Comrade V. M.", "MEMORANDUM\n\nTo Comrade V. M.")
    parsed = parse_export(raw, "900007.md")
    assert parsed.original.text.endswith("W. ULBRICHT") and parsed.translations[0].text.startswith("MEMORANDUM")


def test_chinese_original_english_translation():
    texts = _texts("900005")
    assert texts["/"][1] == "zh" and texts["/"][0].endswith("季米特洛夫")
    assert texts["/translation/en"][1] == "en" and texts["/translation/en"][0].startswith("To Comrades Stalin")


def test_contents_items_separated_by_blank_lines():
    raw = SAMPLE.read_text(encoding="utf-8")
    spaced = raw.replace("Original Scan  \nTranslation - English", "Original Scan\n\nTranslation - English")
    assert spaced != raw
    parsed = parse_export(spaced, "119111.md")
    assert parsed.contents == ["Original Scan", "Translation - English"]
    assert [(p.language, p.text) for p in parsed.parts] == [
        (p.language, p.text) for p in parse_export(raw, "119111.md").parts
    ]


def test_a_bold_label_inside_a_text_is_text():
    raw = SAMPLE.read_text(encoding="utf-8")
    marked = raw.replace("Сообщаем данные", "**Примечание:** Сообщаем данные")
    parsed = parse_export(marked, "119111.md")
    assert list(parsed.blocks) == ["Citation", "Summary", "Credits", "Original Language", "Contents"]
    assert "**Примечание:** Сообщаем данные" in parsed.original.text
    assert parsed.translations[0].text == parse_export(raw, "119111.md").translations[0].text


# --- editorial marks ------------------------------------------------------------------------------------------

MARKS = [
    ("900001", "", "Sic", "[SIC, spelled Darakhshani in subsequent reports]"),
    ("900001", "/translation/en", "Sic", "[SIC, spelled Darakhshani in subsequent reports]"),
    ("900001", "/translation/en", "Sic", "[sic]"),
    ("900001", "/translation/en", "TranslatorNote", "[Translator's note: the governor of Eastern Azerbaijan province]"),
    ("900002", "", "Handwritten", "[handwritten: Согласен. А. Микоян]"),
    ("900002", "", "Omission", "[...]"),
    ("900003", "/translation/en", "Stamp", "[stamp: Secret. Incoming No. 112]"),
    ("900003", "/translation/en", "Footnote", "[1]"),
    ("900003", "/translation/en", "EditorialInsertion", "[Tudeh]"),
    ("900003", "/translation/en", "EditorialInsertion", "[Iraj]"),
    ("900004", "", "Omission", "[...]"),
    ("900004", "", "Handwritten", '[handwritten: "naughty document"]'),
    ("900004", "", "PageMarker", "- 2 -"),
    ("119111", "", "PageMarker", "- 2 -"),
    ("119111", "", "PageMarker", "- 3 -"),
    ("119111", "", "PageBreakHyphenation", "правиль-\n\n- 2 -\n\nно"),
    ("119111", "/translation/en", "EditorialInsertion", "[izdevalis']"),
]


@pytest.mark.parametrize(("record", "part", "kind", "exact"), MARKS)
def test_editorial_mark_annotated_and_kept(record, part, kind, exact):
    store = store_of(record)
    source = iri(f"id/document/{record}{part}")
    rows = select(
        store,
        f"""SELECT ?start ?end ?text WHERE {{
        ?a a oa:Annotation ; oa:motivatedBy oa:commenting ; oa:hasBody dv:{kind} ;
           oa:hasTarget [ oa:hasSource <{source}> ;
                          oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?exact ] ,
                                         [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] ] .
        <{source}> crm:P190_has_symbolic_content ?text .
        FILTER(?exact = {_sparql_string(exact)}) }}""",
    )
    assert rows, f"no {kind} annotation on {exact!r}"
    for row in rows:
        assert row["text"][int(row["start"]) : int(row["end"])] == exact  # the mark is still in the text


def test_footnote_marks_both_call_and_note():
    store = store_of("900003")
    assert len(select(store, "SELECT ?a WHERE { ?a oa:hasBody dv:Footnote }")) == 2


def test_curly_apostrophe_translator_note():
    from converter.textmarks import find_marks

    assert [m.kind for m in find_marks("the governor [Translator’s note: of Tabriz] said")] == ["TranslatorNote"]
    assert [m.kind for m in find_marks("see [the report](https://example.org) and [Tabriz]")] == ["EditorialInsertion"]


def _sparql_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


# --- signatures and receipt -----------------------------------------------------------------------------------


def test_signatures_and_receipt():
    store = store_of("119111")
    receipt = iri("id/document/119111/receipt")
    assert values(
        store, f"SELECT ?n WHERE {{ <{receipt}> a crm:E7_Activity ; crm:P2_has_type dv:Receipt ; crm:P3_has_note ?n }}"
    ) == {"Принято по ВЧ 24.XI.1945г.", "Received via VCh 24 Nov 1945"}
    assert select(
        store,
        f"SELECT ?b ?e WHERE {{ <{receipt}> crm:P4_has_time-span [ crm:P82a_begin_of_the_begin ?b ; "
        f"crm:P82b_end_of_the_end ?e ] }}",
    ) == [{"b": "1945-11-24T00:00:00", "e": "1945-11-24T23:59:59"}]
    assert values(store, f"SELECT ?d WHERE {{ ?d crm:P16i_was_used_for <{receipt}> }}") == {iri("id/document/119111")}
    signed = select(
        store,
        """SELECT ?who ?exact WHERE { ?a oa:hasBody ?who ;
        oa:hasTarget [ oa:hasSource ?s ; oa:hasSelector/oa:exact ?exact ] .
        FILTER(?exact IN ("М.Д.БАГИРОВ", "И.И.МАСЛЕННИКОВ", "M. D. BAGIROV", "I. I. MASLENNIKOV")) }""",
    )
    assert {(r["who"].rsplit("/", 1)[-1], r["exact"]) for r in signed} == {
        ("mir-jafar-baghirov", "М.Д.БАГИРОВ"),
        ("mir-jafar-baghirov", "M. D. BAGIROV"),
        ("ivan-maslennikov", "И.И.МАСЛЕННИКОВ"),
        ("ivan-maslennikov", "I. I. MASLENNIKOV"),
    }


def test_receipt_note_in_transcript_only():
    store = store_of("900002")
    receipt = iri("id/document/900002/receipt")
    assert values(store, f"SELECT ?n WHERE {{ <{receipt}> crm:P3_has_note ?n }}") == {"Принято 14.VII.1945г."}
    assert values(store, f"SELECT ?b WHERE {{ <{receipt}> crm:P4_has_time-span/crm:P82a_begin_of_the_begin ?b }}") == {
        "1945-07-14T00:00:00"
    }


def test_address_line_is_not_a_signature_in_a_short_text():
    parsed = parse_export((FIXTURES / "900008.md").read_text(encoding="utf-8"), "900008.md")
    assert [s.text for s in parsed.original.structure.signatures] == ["М.БАГИРОВ"]
    assert [s.text for s in parsed.translations[0].structure.signatures] == ["M. BAGIROV"]
    store = store_of("900008")
    assert values(store, f"SELECT ?s WHERE {{ <{iri('id/document/900008')}> dv:sender ?s }}") == {
        iri("id/person/mir-jafar-baghirov")
    }


# --- every annotation points at what it quotes ----------------------------------------------------------------


def _selectors(record: str) -> list[dict[str, str]]:
    return select(
        store_of(record),
        """SELECT ?source ?text ?start ?end ?exact WHERE {
        ?target oa:hasSource ?source ; oa:hasSelector ?pos, ?quote .
        ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
        ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
        OPTIONAL { ?source crm:P190_has_symbolic_content ?text } }""",
    )


@pytest.mark.parametrize("path", all_inputs(), ids=lambda p: p.name)
def test_every_position_selector_matches_its_quote(path):
    record = path.stem
    rows = _selectors(record)
    assert rows
    positions = select(store_of(record), "SELECT ?p WHERE { ?p a oa:TextPositionSelector }")
    assert len(rows) == len(positions)  # each position selector has exactly one quote and one source text
    for row in rows:
        assert "text" in row, row["source"]
        assert row["text"][int(row["start"]) : int(row["end"])] == row["exact"], row


@pytest.mark.parametrize("path", all_inputs(), ids=lambda p: p.name)
def test_every_reference_is_backed_by_an_annotation(path):
    store = store_of(path.stem)
    unbacked = select(
        store,
        """SELECT ?x ?e WHERE { ?x crm:P67_refers_to ?e .
        FILTER NOT EXISTS { ?a oa:hasBody ?e ; oa:hasTarget/oa:hasSource ?s .
                            FILTER(?s = ?x || EXISTS { ?x crm:P102_has_title ?s }) } }""",
    )
    assert unbacked == []


@pytest.mark.parametrize("path", all_inputs(), ids=lambda p: p.name)
def test_no_triple_in_two_graphs(path):
    doc = convert(path.stem)
    assert not {(q.subject, q.predicate, q.object) for q in doc.quads} & {
        (t.subject, t.predicate, t.object) for t in doc.entity_triples
    }
    assert {q.graph_name for q in doc.quads} == {doc.graph}


def test_offsets_count_code_points_not_utf16_units():
    raw = SAMPLE.read_text(encoding="utf-8").replace("М.Д.БАГИРОВ", "𝔐 М.Д.БАГИРОВ")  # a character outside the BMP
    doc = convert_text(raw, "119111.md")
    store = store_of(doc)
    rows = select(
        store,
        """SELECT ?text ?start ?end WHERE { ?a oa:hasTarget [ oa:hasSource ?s ;
        oa:hasSelector [ oa:start ?start ; oa:end ?end ], [ oa:exact "М.Д.БАГИРОВ" ] ] .
        ?s crm:P190_has_symbolic_content ?text }""",
    )
    assert len(rows) == 1
    text = rows[0]["text"]
    assert text[int(rows[0]["start"]) : int(rows[0]["end"])] == "М.Д.БАГИРОВ"
    assert int(rows[0]["start"]) == text.index("М.Д.БАГИРОВ") > text.index("𝔐")
