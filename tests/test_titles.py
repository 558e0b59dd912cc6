"""Titles: document type, places, senders and addressees; cipher names; one IRI per person across texts."""

from __future__ import annotations

import pytest

from converter.authority import default_authority
from converter.titles import document_type, parse_title
from graphtools import convert, iri, select, store_of, values

CRM = "http://www.cidoc-crm.org/cidoc-crm/"


def _title(title: str):
    info = parse_title(title, default_authority().is_place)
    spans = [s for s in (info.sent_from, info.sent_to, *info.senders, *info.addressees) if s]
    assert all(title[s.start : s.end] == s.text for s in spans)  # spans point into the title
    return (
        info.document_type,
        info.sent_from and info.sent_from.text,
        info.sent_to and info.sent_to.text,
        [(s.text, s.gloss) for s in info.senders],
        [(s.text, s.gloss) for s in info.addressees],
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Telegram from Baku to Moscow, M.D. Bagriov and I.I. Maslennikov to Cdes. Stalin, Molotov, Beria, and Malenkov",
            (
                "Telegram",
                "Baku",
                "Moscow",
                [("M.D. Bagriov", None), ("I.I. Maslennikov", None)],
                [("Stalin", None), ("Molotov", None), ("Beria", None), ("Malenkov", None)],
            ),
        ),
        (
            "Deciphered Telegram No. 2140/4, from Kozlov to Filippov [Stalin]",
            ("Telegram", None, None, [("Kozlov", None)], [("Filippov", "Stalin")]),
        ),
        (
            "Message from Bagirov to Mikoyan on Publishing in Southern Azerbaijan",
            ("Message", None, None, [("Bagirov", None)], [("Mikoyan", None)]),
        ),
        (
            "Letter, Dimitrov to Molotov, 'The Situation in the People's Party of Iran'",
            ("Letter", None, None, [("Dimitrov", None)], [("Molotov", None)]),
        ),
        (
            "Cable from Dimitrov to Stalin, Molotov, Beria, and Malenkov",
            (
                "Cable",
                None,
                None,
                [("Dimitrov", None)],
                [("Stalin", None), ("Molotov", None), ("Beria", None), ("Malenkov", None)],
            ),
        ),
        (
            "Decree of the CC CPSU Politburo to Mir Bagirov on Measures in Southern Azerbaijan",
            ("Decree", None, None, [("CC CPSU Politburo", None)], [("Mir Bagirov", None)]),
        ),
        (
            "Record of Meeting at the Kremlin, Moscow, 9 October 1944, at 10 p.m.",
            ("RecordOfMeeting", None, None, [], []),
        ),
        ("Telegram to Stalin from Bagirov", ("Telegram", None, None, [("Bagirov", None)], [("Stalin", None)])),
        ("Ciphered Telegram from Tabriz to Baku", ("Telegram", "Tabriz", "Baku", [], [])),
        (
            "Letter from Stalin to Pishevari, 8 May 1946",
            ("Letter", None, None, [("Stalin", None)], [("Pishevari", None)]),
        ),
    ],
)
def test_parse_title(title, expected):
    assert _title(title) == expected


@pytest.mark.parametrize(
    ("title", "concept"),
    [
        ("Telegram from Baku to Moscow", "Telegram"),
        ("Deciphered Telegram No. 2140/4", "Telegram"),
        ("Letter, Dimitrov to Molotov", "Letter"),
        ("Cable from Dimitrov to Stalin", "Cable"),
        ("Message from Bagirov to Mikoyan", "Message"),
        ("Decree of the CC CPSU Politburo", "Decree"),
        ("Record of Meeting at the Kremlin", "RecordOfMeeting"),
        ("Record of Conversation with Qavam", "RecordOfConversation"),
        ("Memorandum of Conversation between Molotov and Dimitrov", "RecordOfConversation"),
        ("Memorandum on the Situation in Iran", "Memorandum"),
        ("Report by Maslennikov to Stalin", "Report"),
        ("Minutes of the Politburo meeting", "Minutes"),
        ("Notes on Tabriz", "Note"),
        ("Untitled", "Document"),
    ],
)
def test_document_type(title, concept):
    assert document_type(title)[0] == concept


@pytest.mark.parametrize(
    ("record", "concept"),
    [
        ("119111", "Telegram"),
        ("900001", "Telegram"),
        ("900002", "Message"),
        ("900003", "Letter"),
        ("900004", "RecordOfMeeting"),
        ("900005", "Cable"),
        ("900006", "Decree"),
        ("900007", "Letter"),
    ],
)
def test_document_type_in_graph(record, concept):
    store = store_of(record)
    assert values(store, f"SELECT ?t WHERE {{ <{iri('id/document/' + record)}> crm:P2_has_type ?t }}") == {
        "https://w3id.org/depesha/vocab#" + concept
    }


def _shortcut(store, record: str, prop: str) -> set[str]:
    return values(store, f"SELECT ?x WHERE {{ <{iri('id/document/' + record)}> dv:{prop} ?x }}")


def test_telegram_title_in_graph():
    store = store_of("119111")
    assert _shortcut(store, "119111", "sender") == {
        iri("id/person/mir-jafar-baghirov"),
        iri("id/person/ivan-maslennikov"),
    }
    assert _shortcut(store, "119111", "addressee") == {
        iri(f"id/person/{p}") for p in ("joseph-stalin", "vyacheslav-molotov", "lavrentiy-beria", "georgy-malenkov")
    }
    assert _shortcut(store, "119111", "sentFrom") == {iri("id/place/baku")}
    assert _shortcut(store, "119111", "sentTo") == {iri("id/place/moscow")}
    # the shortcuts repeat the CRM pattern
    assert values(store, f"SELECT ?p WHERE {{ <{iri('id/document/119111/creation')}> crm:P7_took_place_at ?p }}") == {
        iri("id/place/baku")
    }
    assert values(store, f"SELECT ?p WHERE {{ <{iri('id/document/119111/receipt')}> crm:P7_took_place_at ?p }}") == {
        iri("id/place/moscow")
    }


def test_cipher_name_resolves_to_stalin_and_kozlov_is_uncurated():
    store = store_of("900001")
    stalin, kozlov = iri("id/person/joseph-stalin"), iri("id/person/kozlov--900001")  # a surname: this document's
    assert _shortcut(store, "900001", "addressee") == {stalin}
    assert _shortcut(store, "900001", "sender") == {kozlov}
    assert select(store, f"SELECT ?c WHERE {{ <{kozlov}> a crm:E21_Person ; dv:curated ?c }}") == [{"c": "false"}]
    assert select(store, f"SELECT ?c WHERE {{ <{stalin}> dv:curated ?c }}") == [{"c": "true"}]
    # "Filippov" in the title, "ФИЛИППОВУ" and "FILIPPOV" in the address lines, "Stalin" in the summary: all Stalin
    assert values(
        store, f"SELECT ?e WHERE {{ ?a oa:hasBody <{stalin}> ; oa:hasTarget/oa:hasSelector/oa:exact ?e }}"
    ) == {"Filippov", "ФИЛИППОВУ", "FILIPPOV", "Stalin"}


def test_uncurated_person_is_one_entity_in_both_scripts():
    store = store_of("900001")
    kozlov = iri("id/person/kozlov--900001")
    mentions = select(
        store,
        f"""SELECT ?source ?exact WHERE {{
        ?a oa:hasBody <{kozlov}> ; oa:hasTarget [ oa:hasSource ?source ; oa:hasSelector/oa:exact ?exact ] }}""",
    )
    assert sorted((m["source"].rsplit("/", 1)[-1], m["exact"]) for m in mentions) == [
        ("900001", "КОЗЛОВ"),
        ("en", "A. KOZLOV"),
        ("summary", "Kozlov"),
        ("title", "Kozlov"),
    ]
    assert values(
        store, f"SELECT ?f WHERE {{ <{kozlov}> crm:P1_is_identified_by/crm:P190_has_symbolic_content ?f }}"
    ) == {"Kozlov", "КОЗЛОВ", "A. KOZLOV"}
    people = values(
        store,
        "SELECT ?p WHERE { ?p a crm:E21_Person ; rdfs:label ?l . "
        "FILTER(CONTAINS(LCASE(STR(?l)), 'kozlov') || CONTAINS(LCASE(STR(?l)), 'козлов')) }",
    )
    assert people == {kozlov}
    assert values(store, f"SELECT ?l WHERE {{ <{kozlov}> rdfs:label ?l }}") >= {"A. Kozlov", "Козлов"}


def test_one_person_one_iri_across_documents_and_scripts():
    store = store_of("119111", "900002", "900006", "900008")
    baghirov = iri("id/person/mir-jafar-baghirov")
    forms = values(
        store, f"SELECT ?f WHERE {{ <{baghirov}> crm:P1_is_identified_by/crm:P190_has_symbolic_content ?f }}"
    )
    assert {"M.D. Bagriov", "М.Д.БАГИРОВ", "M. D. BAGIROV", "М.БАГИРОВ", "Mir Bagirov", "Багирову", "Bagirow"} <= forms
    others = values(
        store,
        f"""SELECT ?p WHERE {{ ?p crm:P1_is_identified_by/crm:P190_has_symbolic_content ?f .
        FILTER(?p != <{baghirov}> && REGEX(STR(?f), "bag(i|ri)ro|багиров", "i")) }}""",
    )
    assert others == set()
    # the contributor named in four citations is one person
    assert values(
        store,
        "SELECT ?who WHERE { ?pub crm:P2_has_type dv:Publication ; crm:P01i_is_domain_of "
        "[ crm:P02_has_range ?who ; crm:P14.1_in_the_role_of dv:Contributor ] }",
    ) == {iri("id/person/jamil-hasanli")}
    # the address line's "товарищу МИКОЯНУ А.И." is the curated Mikoyan, not a new person
    assert values(store, f"SELECT ?a WHERE {{ <{iri('id/document/900002')}> dv:addressee ?a }}") == {
        iri("id/person/anastas-mikoyan")
    }


def test_group_as_sender():
    store = store_of("900006")
    politburo = iri("id/group/cc-cpsu-politburo")
    assert _shortcut(store, "900006", "sender") == {politburo}
    assert _shortcut(store, "900006", "addressee") == {iri("id/person/mir-jafar-baghirov")}
    assert values(store, f"SELECT ?t WHERE {{ <{politburo}> a ?t }}") == {CRM + "E74_Group"}
    assert values(store, f"SELECT ?w WHERE {{ <{iri('id/document/900006/creation')}> crm:P14_carried_out_by ?w }}") == {
        politburo
    }


def test_record_of_meeting_has_no_invented_sender():
    store = store_of("900004")
    assert _shortcut(store, "900004", "sender") == set()
    assert _shortcut(store, "900004", "addressee") == set()


def test_same_title_different_documents():
    first, second = convert("900008"), convert("900009")
    store = store_of(first, second)
    title = "Telegram from Baku to Moscow, M.D. Bagirov to Cdes. Stalin and Molotov"
    rows = select(
        store,
        f"SELECT ?doc ?date WHERE {{ ?doc a crm:E31_Document ; rdfs:label '{title}'@en ; "
        f"dv:date ?date }} ORDER BY ?date",
    )
    assert rows == [
        {"doc": iri("id/document/900008"), "date": "1945-11-22"},
        {"doc": iri("id/document/900009"), "date": "1945-11-26"},
    ]
    assert first.graph != second.graph
    assert not {q.subject for q in first.quads} & {q.subject for q in second.quads}
    # the people they share are the same entities
    assert (
        _shortcut(store, "900008", "addressee")
        == _shortcut(store, "900009", "addressee")
        == {iri("id/person/joseph-stalin"), iri("id/person/vyacheslav-molotov")}
    )
