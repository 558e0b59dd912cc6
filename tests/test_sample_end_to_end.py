"""The bundled sample (record 119111) built by the real command line, served by a real server process, asked over
HTTP: every field of the export appears in the graph as MODEL.md says."""

from __future__ import annotations

from conftest import BASE, PREFIXES, select

DOC = f"<{BASE}id/document/119111>"


def one(url: str, query: str) -> dict[str, str]:
    rows = select(url, PREFIXES + query)
    assert len(rows) == 1, rows
    return rows[0]


def values(url: str, query: str, variable: str) -> set[str]:
    return {row[variable] for row in select(url, PREFIXES + query)}


def test_document_types_label_title_and_type(server: str) -> None:
    assert values(server, f"SELECT ?c WHERE {{ {DOC} a ?c }}", "c") == {
        "http://www.cidoc-crm.org/cidoc-crm/E31_Document",
        "http://www.cidoc-crm.org/cidoc-crm/E33_Linguistic_Object",
    }
    title = (
        "Telegram from Baku to Moscow, M.D. Bagriov and I.I. Maslennikov to Cdes. Stalin, Molotov, Beria, and Malenkov"
    )
    row = one(
        server,
        f"""SELECT ?label ?type ?t WHERE {{ {DOC} rdfs:label ?label ; crm:P2_has_type ?type ;
        crm:P102_has_title [ a crm:E35_Title ; crm:P190_has_symbolic_content ?t ] }}""",
    )
    assert row == {"label": title, "type": "https://w3id.org/depesha/vocab#Telegram", "t": title}


def test_identifiers(server: str) -> None:
    rows = select(
        server,
        PREFIXES
        + f"""SELECT ?type ?value WHERE {{ {DOC} crm:P1_is_identified_by ?i .
        ?i a crm:E42_Identifier ; crm:P2_has_type ?type ; crm:P190_has_symbolic_content ?value }}""",
    )
    assert {(r["type"].rsplit("#")[-1], r["value"]) for r in rows} == {
        ("RecordID", "119111"),
        ("ArchivalReference", "RGASPI, f. 558, op. 11, d. 99, ll. 0057-0059"),
    }


def test_original_language_and_transcript_kept_exactly(server: str) -> None:
    row = one(
        server,
        f"""SELECT ?lang ?text (LANG(?text) AS ?tag) WHERE {{ {DOC} crm:P72_has_language ?lang ;
        crm:P190_has_symbolic_content ?text }}""",
    )
    assert row["lang"] == f"{BASE}id/language/ru" and row["tag"] == "ru"
    sample = open("data/sample/119111.md", encoding="utf-8").read()
    start, end = sample.index("## Т Е Л Е Г Р А М М А"), sample.index("24.XI.1945г.") + len("24.XI.1945г.")
    assert row["text"] == sample[start:end]
    assert "правиль-\n\n- 2 -\n\nно" in row["text"] and "TELEGRAM" not in row["text"]


def test_translation_and_translator(server: str) -> None:
    row = one(
        server,
        f"""SELECT ?t ?type ?lang ?tag ?creation ?ctype ?who ?role WHERE {{
        {DOC} crm:P73_has_translation ?t . ?t a crm:E33_Linguistic_Object ; crm:P2_has_type ?type ;
        crm:P72_has_language ?lang ; crm:P190_has_symbolic_content ?text ; crm:P94i_was_created_by ?creation .
        BIND(LANG(?text) AS ?tag)
        ?creation a crm:E65_Creation ; crm:P2_has_type ?ctype ; crm:P14_carried_out_by ?who ;
          crm:P01i_is_domain_of [ a crm:PC14_carried_out_by ; crm:P02_has_range ?who ; crm:P14.1_in_the_role_of ?role ]
    }}""",
    )
    assert row == {
        "t": f"{BASE}id/document/119111/translation/en",
        "type": "https://w3id.org/depesha/vocab#Translation",
        "lang": f"{BASE}id/language/en",
        "tag": "en",
        "creation": f"{BASE}id/document/119111/translating",
        "ctype": "https://w3id.org/depesha/vocab#Translating",
        "who": f"{BASE}id/person/gary-goldberg",
        "role": "https://w3id.org/depesha/vocab#Translator",
    }


def test_creation_senders_place_and_time_span(server: str) -> None:
    senders = values(
        server,
        f"""SELECT ?who WHERE {{ {DOC} crm:P94i_was_created_by ?c . ?c a crm:E65_Creation ;
        crm:P14_carried_out_by ?who ; crm:P01i_is_domain_of [ a crm:PC14_carried_out_by ; crm:P02_has_range ?who ;
        crm:P14.1_in_the_role_of dv:Sender ] }}""",
        "who",
    )
    assert senders == {f"{BASE}id/person/mir-jafar-baghirov", f"{BASE}id/person/ivan-maslennikov"}
    row = one(
        server,
        f"""SELECT ?place ?begin ?end ?label WHERE {{ {DOC} crm:P94i_was_created_by ?c .
        ?c crm:P7_took_place_at ?place ; crm:P4_has_time-span ?ts . ?ts a crm:E52_Time-Span ;
        crm:P82a_begin_of_the_begin ?begin ; crm:P82b_end_of_the_end ?end ; rdfs:label ?label }}""",
    )
    assert row == {
        "place": f"{BASE}id/place/baku",
        "begin": "1945-11-24T00:00:00",
        "end": "1945-11-24T23:59:59",
        "label": "November 24, 1945",
    }


def test_receipt_addressees_and_note(server: str) -> None:
    rows = select(
        server,
        PREFIXES
        + f"""SELECT ?place ?note ?begin WHERE {{ {DOC} crm:P16i_was_used_for ?r .
        ?r a crm:E7_Activity ; crm:P2_has_type dv:Receipt ; crm:P7_took_place_at ?place ; crm:P3_has_note ?note ;
        crm:P4_has_time-span/crm:P82a_begin_of_the_begin ?begin }}""",
    )
    assert {r["note"] for r in rows} == {"Принято по ВЧ 24.XI.1945г.", "Received via VCh 24 Nov 1945"}
    assert {(r["place"], r["begin"]) for r in rows} == {(f"{BASE}id/place/moscow", "1945-11-24T00:00:00")}
    addressees = values(
        server,
        f"""SELECT ?who WHERE {{ {DOC} crm:P16i_was_used_for ?r . ?r crm:P01i_is_domain_of
        [ a crm:PC14_carried_out_by ; crm:P02_has_range ?who ; crm:P14.1_in_the_role_of dv:Addressee ] }}""",
        "who",
    )
    assert addressees == {
        f"{BASE}id/person/{slug}"
        for slug in ("joseph-stalin", "vyacheslav-molotov", "lavrentiy-beria", "georgy-malenkov")
    }


def test_shortcuts_repeat_the_crm_pattern(server: str) -> None:
    row = one(
        server,
        f"""SELECT (GROUP_CONCAT(DISTINCT STR(?s); separator=" ") AS ?senders)
        (COUNT(DISTINCT ?a) AS ?addressees) ?from ?to ?date (DATATYPE(?date) AS ?dt) WHERE {{
        {DOC} dv:sender ?s ; dv:addressee ?a ; dv:sentFrom ?from ; dv:sentTo ?to ; dv:date ?date }}
        GROUP BY ?from ?to ?date""",
    )
    assert set(row["senders"].split()) == {f"{BASE}id/person/mir-jafar-baghirov", f"{BASE}id/person/ivan-maslennikov"}
    assert row["addressees"] == "4" and row["from"] == f"{BASE}id/place/baku" and row["to"] == f"{BASE}id/place/moscow"
    assert row["date"] == "1945-11-24" and row["dt"] == "http://www.w3.org/2001/XMLSchema#date"


def test_contributor_and_funder(server: str) -> None:
    rows = select(
        server,
        PREFIXES
        + f"""SELECT ?who ?role WHERE {{ {DOC} crm:P16i_was_used_for ?p .
        ?p crm:P2_has_type dv:Publication ; crm:P14_carried_out_by ?who ;
        crm:P01i_is_domain_of [ crm:P02_has_range ?who ; crm:P14.1_in_the_role_of ?role ] }}""",
    )
    assert {(r["who"], r["role"].rsplit("#")[-1]) for r in rows} == {
        (f"{BASE}id/person/jamil-hasanli", "Contributor"),
        (f"{BASE}id/group/leon-levy-foundation", "Funder"),
    }


def test_summary_and_source(server: str) -> None:
    row = one(
        server,
        f"""SELECT ?summary ?source WHERE {{ {DOC} dcterms:source ?source ;
        crm:P67i_is_referred_to_by [ a crm:E33_Linguistic_Object ; crm:P2_has_type dv:Summary ;
                                     crm:P190_has_symbolic_content ?summary ] }}""",
    )
    assert row["source"] == "https://digitalarchive.umd.edu/document/119111"  # the citation's URL, as given
    assert row["summary"].startswith("Message sent to top Soviet officials regarding recent hostilities")


def test_carrier_and_holdings(server: str) -> None:
    row = one(
        server,
        f"""SELECT ?carrier ?label ?delo ?opis ?fond ?keeper WHERE {{
        {DOC} crm:P128i_is_carried_by ?carrier . ?carrier a crm:E22_Human-Made_Object ; rdfs:label ?label ;
        crm:P46i_forms_part_of ?delo . ?delo a crm:E78_Curated_Holding ; crm:P46i_forms_part_of ?opis .
        ?opis a crm:E78_Curated_Holding ; crm:P46i_forms_part_of ?fond .
        ?fond a crm:E78_Curated_Holding ; crm:P50_has_current_keeper ?keeper . ?keeper a crm:E74_Group }}""",
    )
    assert row == {
        "carrier": f"{BASE}id/document/119111/carrier",
        "label": "ll. 0057-0059",
        "delo": f"{BASE}id/holding/rgaspi/558/11/99",
        "opis": f"{BASE}id/holding/rgaspi/558/11",
        "fond": f"{BASE}id/holding/rgaspi/558",
        "keeper": f"{BASE}id/group/rgaspi",
    }


def test_one_person_across_title_translation_and_original(server: str) -> None:
    forms = values(
        server,
        """SELECT ?form WHERE { id:person\\/mir-jafar-baghirov a crm:E21_Person ;
        crm:P1_is_identified_by [ a crm:E41_Appellation ; crm:P190_has_symbolic_content ?form ] }""",
        "form",
    )
    assert {"M.D. Bagriov", "М.Д.БАГИРОВ", "M. D. BAGIROV"} <= forms
    labels = select(
        server,
        PREFIXES
        + """SELECT ?l WHERE { <https://w3id.org/depesha/id/person/joseph-stalin>
        rdfs:label ?l } ORDER BY ?l""",
    )
    assert [r["l"] for r in labels] == ["Joseph Stalin", "Иосиф Сталин"]


def test_graphs_and_union_default_graph(server: str) -> None:
    graphs = values(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "g")
    assert {f"{BASE}graph/document/119111", f"{BASE}graph/entities", f"{BASE}graph/meta"} <= graphs
    # the document's own triples are in its graph; entity descriptions only in graph/entities
    row = one(server, f"""SELECT ?g WHERE {{ GRAPH ?g {{ {DOC} crm:P102_has_title ?t }} }}""")
    assert row["g"] == f"{BASE}graph/document/119111"
    row = one(server, """SELECT ?g WHERE { GRAPH ?g { <https://w3id.org/depesha/id/person/joseph-stalin> a ?c } }""")
    assert row["g"] == f"{BASE}graph/entities"


def test_every_mention_offset_slices_its_source(server: str) -> None:
    rows = select(
        server,
        PREFIXES
        + """SELECT ?text ?start ?end ?exact WHERE { ?a a oa:Annotation ;
        oa:hasTarget [ oa:hasSource ?src ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ;
        oa:end ?end ], [ a oa:TextQuoteSelector ; oa:exact ?exact ] ] . ?src crm:P190_has_symbolic_content ?text }""",
    )
    assert len(rows) >= 30
    for row in rows:
        assert row["text"][int(row["start"]) : int(row["end"])] == row["exact"]


def test_every_reference_has_an_annotation(server: str) -> None:
    rows = select(
        server,
        PREFIXES
        + """SELECT ?text ?entity WHERE { ?text crm:P67_refers_to ?entity
        FILTER NOT EXISTS { ?a oa:hasBody ?entity ; oa:hasTarget/oa:hasSource ?source
                            FILTER(?source = ?text || EXISTS { ?text crm:P102_has_title ?source }) } }""",
    )
    assert rows == []
