"""Citations: archival references in their several forms, contributors and translators, the URL or its absence."""

from __future__ import annotations

import pytest

from converter import convert_text, parse_export
from converter.citation import parse_citation
from graphtools import FIXTURES, iri, select, store_of, values

CURRENT = (
    '"Telegram from Baku to Moscow, M.D. Bagriov and I.I. Maslennikov to Cdes. Stalin, Molotov, Beria, and '
    'Malenkov", November 24, 1945, Wilson Center Digital Archive, RGASPI, f. 558, op. 11, d. 99, '
    "ll. 0057-0059. Contributed by Jamil Hasanli and translated by Gary Goldberg. "
    "<https://digitalarchive.wilsoncenter.org/document/119111>"
)
OLDER = (
    '"Deciphered Telegram", July 06, 1945, History and Public Policy Program Digital Archive, RGASPI. F.558. '
    "Op.11. D.99. L.64-66. Obtained by Jamil Hasanli and translated by Gary Goldberg."
)


def test_current_form():
    c = parse_citation(CURRENT)
    assert c.title.startswith("Telegram from Baku to Moscow") and c.title.endswith("and Malenkov")
    assert c.url == "https://digitalarchive.wilsoncenter.org/document/119111"
    r = c.reference
    assert (r.text, r.repository, r.fond, r.opis, r.delo, r.leaves) == (
        "RGASPI, f. 558, op. 11, d. 99, ll. 0057-0059",
        "RGASPI",
        "558",
        "11",
        "99",
        "ll. 0057-0059",
    )
    assert [(x.role, x.name, x.is_group, x.phrase) for x in c.credits] == [
        ("contributor", "Jamil Hasanli", False, "Contributed by"),
        ("translator", "Gary Goldberg", False, "translated by"),
    ]
    assert [c.text[a:b] for a, b in c.name_spans] == ["Jamil Hasanli", "Gary Goldberg"]


def test_older_form_without_url():
    c = parse_citation(OLDER)
    assert c.url is None
    r = c.reference
    assert (r.repository, r.fond, r.opis, r.delo, r.leaves) == ("RGASPI", "558", "11", "99", "L.64-66")
    assert [(x.role, x.name, x.phrase) for x in c.credits] == [
        ("contributor", "Jamil Hasanli", "Obtained by"),
        ("translator", "Gary Goldberg", "translated by"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GAPPOD, f.1, op.89, d.106, ll.12-14", ("GAPPOD", "1", "89", "106", None, "ll.12-14", None)),
        ("AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 80", ("AVPRF", "059a", "5a", "5", "11", "List 80", None)),
        ("RGASPI, f. 558, op. 11, d.[120], ll. 2-5", ("RGASPI", "558", "11", "120", None, "ll. 2-5", None)),
        ("PRC FMA 109-00082-03", ("PRC FMA", None, None, None, None, None, "109-00082-03")),
    ],
)
def test_reference_forms(text, expected):
    citation = f'"A title", 1945, Wilson Center Digital Archive, {text}. Contributed by Jamil Hasanli.'
    r = parse_citation(citation).reference
    assert r.text == text
    assert (r.repository, r.fond, r.opis, r.delo, r.papka, r.leaves, r.unit) == expected


def test_reference_without_archive_name():
    r = parse_citation('"A title", November 24, 1945, GAPPOD, f.1, op.89, d.106, ll.12-14.').reference
    assert (r.text, r.repository, r.fond) == ("GAPPOD, f.1, op.89, d.106, ll.12-14", "GAPPOD", "1")


@pytest.mark.parametrize(
    ("credit", "name", "is_group", "phrase"),
    [
        (
            "Translated by Sinotrans Translation Services Inc.",
            "Sinotrans Translation Services Inc",
            True,
            "Translated by",
        ),
        (
            "Translated by Sinotrans Translation Services, Inc.",
            "Sinotrans Translation Services, Inc",
            True,
            "Translated by",
        ),
        ("Obtained for CWIHP by Oleg Khlevniuk.", "Oleg Khlevniuk", False, "Obtained for CWIHP by"),
        (
            "Obtained for the Cold War International History Project by Mark Kramer.",
            "Mark Kramer",
            False,
            "Obtained for the Cold War International History Project by",
        ),
    ],
)
def test_credit_forms(credit, name, is_group, phrase):
    c = parse_citation(f'"A title", 1950, Wilson Center Digital Archive, PRC FMA 109-00082-03. {credit}')
    assert [(x.name, x.is_group, x.phrase) for x in c.credits] == [(name, is_group, phrase)]
    assert c.reference.text == "PRC FMA 109-00082-03"


def test_several_translators():
    c = parse_citation(
        '"T", 1945, Wilson Center Digital Archive, RGASPI, f. 1. Translated by Gary Goldberg, '
        "Sergey Radchenko and Jamil Hasanli."
    )
    assert [x.name for x in c.credits] == ["Gary Goldberg", "Sergey Radchenko", "Jamil Hasanli"]
    assert {x.role for x in c.credits} == {"translator"}


# --- in the graph ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "holding", "reference", "leaves"),
    [
        ("119111", "rgaspi/558/11/99", "RGASPI, f. 558, op. 11, d. 99, ll. 0057-0059", "ll. 0057-0059"),
        ("900001", "rgaspi/558/11/99", "RGASPI. F.558. Op.11. D.99. L.64-66", "L.64-66"),
        ("900002", "gappod/1/89/106", "GAPPOD, f.1, op.89, d.106, ll.12-14", "ll.12-14"),
        ("900003", "avprf/059a/5a/5", "AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 80", "List 80"),
        ("900004", "rgaspi/558/11/120", "RGASPI, f. 558, op. 11, d.[120], ll. 2-5", "ll. 2-5"),
        ("900005", "prc-fma/109-00082-03", "PRC FMA 109-00082-03", "PRC FMA 109-00082-03"),
    ],
)
def test_archive_in_graph(record, holding, reference, leaves):
    store = store_of(record)
    rows = select(
        store,
        f"""
        SELECT ?ref ?carrier ?leaves ?holding WHERE {{
          <{iri("id/document/" + record)}> crm:P1_is_identified_by ?id ; crm:P128i_is_carried_by ?carrier .
          ?id a crm:E42_Identifier ; crm:P2_has_type dv:ArchivalReference ; crm:P190_has_symbolic_content ?ref .
          ?carrier a crm:E22_Human-Made_Object ; rdfs:label ?leaves ; crm:P46i_forms_part_of ?holding .
          ?holding a crm:E78_Curated_Holding .
        }}""",
    )
    assert rows == [
        {
            "ref": reference,
            "carrier": iri(f"id/document/{record}/carrier"),
            "leaves": leaves,
            "holding": iri("id/holding/" + holding),
        }
    ]


def test_holding_hierarchy_and_keeper():
    store = store_of("119111")
    assert select(
        store,
        f"""SELECT ?opis ?fond ?keeper WHERE {{
        <{iri("id/holding/rgaspi/558/11/99")}> crm:P46i_forms_part_of ?opis . ?opis crm:P46i_forms_part_of ?fond .
        ?fond crm:P50_has_current_keeper ?keeper . ?keeper a crm:E74_Group }}""",
    ) == [
        {
            "opis": iri("id/holding/rgaspi/558/11"),
            "fond": iri("id/holding/rgaspi/558"),
            "keeper": iri("id/group/rgaspi"),
        }
    ]


def test_documents_of_one_file_share_the_holding():
    store = store_of("119111", "900001")  # current and older citation forms of the same delo
    docs = values(
        store,
        f"SELECT ?doc WHERE {{ ?doc crm:P128i_is_carried_by/crm:P46i_forms_part_of "
        f"<{iri('id/holding/rgaspi/558/11/99')}> }}",
    )
    assert docs == {iri("id/document/119111"), iri("id/document/900001")}


def _actors(store, record: str, activity: str, role: str) -> set[str]:
    return values(
        store,
        f"""SELECT ?who WHERE {{
        <{iri(f"id/document/{record}/{activity}")}> crm:P14_carried_out_by ?who ;
            crm:P01i_is_domain_of [ a crm:PC14_carried_out_by ; crm:P02_has_range ?who ;
                                    crm:P14.1_in_the_role_of dv:{role} ] }}""",
    )


def test_contributor_and_translator():
    store = store_of("119111")
    assert _actors(store, "119111", "publication", "Contributor") == {iri("id/person/jamil-hasanli")}
    assert _actors(store, "119111", "publication", "Funder") == {iri("id/group/leon-levy-foundation")}
    assert _actors(store, "119111", "translating", "Translator") == {iri("id/person/gary-goldberg")}
    translating = iri("id/document/119111/translating")
    assert values(
        store,
        f"SELECT ?t WHERE {{ ?t crm:P94i_was_created_by <{translating}> . "
        f"<{translating}> crm:P2_has_type dv:Translating }}",
    ) == {iri("id/document/119111/translation/en")}


def test_obtained_for_cwihp_is_a_contributor():
    store = store_of("900004")
    khlevniuk = iri("id/person/oleg-khlevniuk")
    assert _actors(store, "900004", "publication", "Contributor") == {khlevniuk}
    assert select(store, f"SELECT ?c WHERE {{ <{khlevniuk}> a crm:E21_Person ; dv:curated ?c }}") == [{"c": "false"}]


def test_company_translator_is_a_group():
    store = store_of("900005")
    company = iri("id/group/sinotrans-translation-services-inc")
    assert _actors(store, "900005", "translating", "Translator") == {company}
    assert values(store, f"SELECT ?t WHERE {{ <{company}> a ?t }}") == {"http://www.cidoc-crm.org/cidoc-crm/E74_Group"}
    assert _actors(store, "900005", "publication", "Contributor") == {iri("id/person/shen-zhihua")}


def test_url_is_the_source():
    store = store_of("900001")
    assert values(store, f"SELECT ?u WHERE {{ <{iri('id/document/900001')}> dcterms:source ?u }}") == {
        "https://digitalarchive.wilsoncenter.org/document/900001"
    }


def test_no_url_record_id_from_file_name():
    doc = store_of("900005")
    assert values(doc, "SELECT ?d WHERE { ?d a crm:E31_Document }") == {iri("id/document/900005")}
    assert values(doc, "SELECT ?u WHERE { ?d dcterms:source ?u }") == set()
    assert values(
        doc,
        "SELECT ?v WHERE { ?d crm:P1_is_identified_by [ crm:P2_has_type dv:RecordID ; "
        "crm:P190_has_symbolic_content ?v ] }",
    ) == {"900005"}


def test_record_id_from_url_when_the_file_name_is_not_one():
    text = (FIXTURES / "900001.md").read_text(encoding="utf-8")
    assert parse_export(text, "exports/deciphered-telegram.md").record_id == "900001"


def test_no_url_and_no_numbered_file_name_gives_the_file_names_slug():
    text = (FIXTURES / "900005.md").read_text(encoding="utf-8")
    assert convert_text(text, "Cable to Moscow.md").record_id == "cable-to-moscow"
