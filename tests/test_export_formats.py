"""``depesha export --format cmif|linked-art`` on the sample and the variant fixtures, checked against what each
format's documentation requires: CMIF (TEI Correspondence SIG: the teiHeader parts, correspDesc with a "sent" and a
"received" correspAction, CMIF date forms, @source pointing at the bibl) and Linked Art (linked.art model: the
context URL, id/type/_label, Name and Identifier, typed references, time-spans as xsd:dateTime), and against the
graph itself: every link the Linked Art records state is a triple of the store."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import NamedNode

from conftest import BASE, depesha
from server.store.store import open_snapshot

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CMIF_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
XSD_DATETIME = re.compile(r"^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
DATE_ATTRIBUTES = {"when", "from", "to", "notBefore", "notAfter"}
DOC = BASE + "id/document/"
WD = "http://www.wikidata.org/entity/"
AAT = "http://vocab.getty.edu/aat/"


# ---- CMIF ----


@pytest.fixture(scope="module")
def cmif(corpus_store: Path, tmp_path_factory: pytest.TempPathFactory) -> ET.Element:
    out = tmp_path_factory.mktemp("cmif") / "cmif.xml"
    depesha("export", "--store", str(corpus_store), "--format", "cmif", "-o", str(out))
    assert out.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    return ET.parse(out).getroot()


def one(parent: ET.Element, path: str) -> ET.Element:
    found = parent.findall(path.replace("tei:", TEI))
    assert len(found) == 1, f"{path}: {len(found)} elements"
    return found[0]


def test_cmif_file_description_has_what_cmif_requires(cmif: ET.Element):
    assert cmif.tag == TEI + "TEI"
    file_desc = one(cmif, "tei:teiHeader/tei:fileDesc")
    assert one(file_desc, "tei:titleStmt/tei:title").text.strip()
    assert one(file_desc, "tei:titleStmt/tei:editor").text.strip()
    publication = one(file_desc, "tei:publicationStmt")
    assert "".join(one(publication, "tei:publisher").itertext()).strip()
    idno = one(publication, "tei:idno")
    assert idno.get("type").lower() == "url" and idno.text.startswith("https://")
    assert XSD_DATETIME.match(one(publication, "tei:date").get("when"))
    licence = one(publication, "tei:availability/tei:licence")
    assert licence.get("target") == "https://creativecommons.org/licenses/by/4.0/"
    assert "CC-BY 4.0" in licence.text
    bibl = one(file_desc, "tei:sourceDesc/tei:bibl")
    assert bibl.get("type") in ("print", "online") and bibl.get(XML_ID)
    assert one(cmif, "tei:text/tei:body/tei:p") is not None


def test_every_correspdesc_has_a_sent_and_a_received_action_in_cmif_form(cmif: ET.Element):
    bibl_id = one(cmif, "tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl").get(XML_ID)
    letters = cmif.findall(f"{TEI}teiHeader/{TEI}profileDesc/{TEI}correspDesc")
    assert letters
    for letter in letters:
        assert letter.get("source") == f"#{bibl_id}"
        assert letter.get("ref").startswith(DOC)
        actions = letter.findall(f"{TEI}correspAction")
        assert sorted(a.get("type") for a in actions) == ["received", "sent"], letter.get("ref")
        for action in actions:
            assert not (action.text or "").strip(), "no text directly in correspAction"
            children = [child.tag.removeprefix(TEI) for child in action]
            assert set(children) <= {"persName", "orgName", "placeName", "date"}, children
            assert {"persName", "orgName"} & set(children), "a sender or addressee, or persName 'Unknown'"
            assert children.count("placeName") <= 1 and children.count("date") <= 1
            for child in action:
                if child.tag != TEI + "date":
                    assert child.text and child.text.strip()
                    assert child.get("ref") is None or child.get("ref").startswith(("http://", "https://"))
            for date in action.findall(f"{TEI}date"):
                attributes = set(date.attrib) & DATE_ATTRIBUTES
                assert attributes, "a date needs @when, @from, @to, @notBefore or @notAfter"
                assert all(CMIF_DATE.match(date.get(a)) for a in attributes), date.attrib


def correspondents(cmif: ET.Element, record: str) -> dict[str, dict[str, Any]]:
    letter = next(e for e in cmif.iter(TEI + "correspDesc") if e.get("ref") == DOC + record)
    out = {}
    for action in letter.findall(f"{TEI}correspAction"):
        out[action.get("type")] = {
            "people": sorted((c.text, c.get("ref")) for c in action.findall(f"{TEI}persName")),
            "groups": sorted((c.text, c.get("ref")) for c in action.findall(f"{TEI}orgName")),
            "place": [(c.text, c.get("ref")) for c in action.findall(f"{TEI}placeName")],
            "date": [dict(c.attrib) for c in action.findall(f"{TEI}date")],
        }
    return out


def test_cmif_says_who_wrote_the_sample_telegram_to_whom_where_and_when(cmif: ET.Element):
    sample = correspondents(cmif, "119111")
    assert sample["sent"] == {
        "people": [
            ("Ivan Maslennikov", BASE + "id/person/ivan-maslennikov"),
            ("Mir Jafar Baghirov", BASE + "id/person/mir-jafar-baghirov"),
        ],
        "groups": [],
        "place": [("Baku", WD + "Q9248")],
        "date": [{"when": "1945-11-24"}],
    }
    received = sample["received"]
    assert [name for name, _ in received["people"]] == [
        "Georgy Malenkov",
        "Joseph Stalin",
        "Lavrentiy Beria",
        "Vyacheslav Molotov",
    ]
    assert ("Joseph Stalin", WD + "Q855") in received["people"]  # a certain Wikidata link becomes the @ref
    assert received["place"] == [("Moscow", WD + "Q649")]
    assert received["date"] == [{"when": "1945-11-24"}]  # "Принято по ВЧ 24.XI.1945г."


def test_cmif_covers_every_letter_and_only_letters(cmif: ET.Element):
    refs = [e.get("ref") for e in cmif.iter(TEI + "correspDesc")]
    assert sorted(refs) == sorted(
        DOC + r for r in ("119111", "900001", "900002", "900003", "900005", "900006", "900007", "900008", "900009")
    )  # 900004 is a record of a meeting
    decree = correspondents(cmif, "900006")
    assert decree["sent"]["groups"] == [("Politburo of the CC CPSU", BASE + "id/group/cc-cpsu-politburo")]
    assert decree["sent"]["people"] == []
    assert correspondents(cmif, "900002")["sent"]["date"] == [{"when": "1945-07"}]  # a month only
    assert correspondents(cmif, "900005")["sent"]["date"] == []  # undated: no date element


# ---- Linked Art ----

LINKED_ART_CLASSES = {
    "LinguisticObject",
    "HumanMadeObject",
    "Name",
    "Identifier",
    "Type",
    "Person",
    "Group",
    "Place",
    "Language",
    "Creation",
    "Activity",
    "Event",
    "Death",
    "Birth",
    "TimeSpan",
    "CuratedHolding",
}
# The Linked Art property names these records use, with the CIDOC-CRM property each stands for in Linked Art's
# context (https://linked.art/ns/v1/linked-art.json); "part_of" is P46i on a HumanMadeObject.
LINKED_ART_PROPERTIES = {
    "identified_by": "P1_is_identified_by",
    "classified_as": "P2_has_type",
    "referred_to_by": "P67i_is_referred_to_by",
    "language": "P72_has_language",
    "created_by": "P94i_was_created_by",
    "carried_out_by": "P14_carried_out_by",
    "took_place_at": "P7_took_place_at",
    "timespan": "P4_has_time-span",
    "used_for": "P16i_was_used_for",
    "translation": "P73_has_translation",
    "refers_to": "P67_refers_to",
    "documents": "P70_documents",
    "carried_by": "P128i_is_carried_by",
    "part_of": "P46i_forms_part_of",
}
VALUE_KEYS = {"@context", "id", "type", "_label", "content", "begin_of_the_begin", "end_of_the_end", "equivalent"}
# a Linked Art Name in identified_by is Depesha's crm:P102_has_title, which CRM 7.1 declares a sub-property of P1
SUB_PROPERTIES = {"P1_is_identified_by": ("P1_is_identified_by", "P102_has_title")}
SINGLE = {"created_by", "timespan"}  # one object; every other relation is a list (@container @set)


@pytest.fixture(scope="module")
def linked_art(corpus_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("linked-art") / "records"
    result = depesha("export", "--store", str(corpus_store), "--format", "linked-art", "-o", str(folder))
    assert "10 documents written" in result.stderr
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}


def walk(node: Any, key: str = "") -> Any:
    """(key it hangs under, node) for every JSON object in a record."""
    if isinstance(node, dict):
        yield key, node
        for k, v in node.items():
            yield from walk(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item, key)


def test_one_linked_art_record_per_document_and_json_lines_on_standard_output(corpus_store: Path, linked_art):
    assert sorted(linked_art) == ["119111"] + [f"90000{n}" for n in range(1, 10)]
    lines = depesha("export", "--store", str(corpus_store), "--format", "linked-art").stdout.splitlines()
    assert [json.loads(line) for line in lines] == [linked_art[r] for r in sorted(linked_art)]


def test_linked_art_records_have_the_shape_the_model_requires(linked_art):
    for record_id, record in linked_art.items():
        assert record["@context"] == "https://linked.art/ns/v1/linked-art.json"
        assert record["id"] == DOC + record_id and record["type"] == "LinguisticObject" and record["_label"]
        names = [n for n in record["identified_by"] if n["type"] == "Name"]
        assert [n["content"] for n in names] == [record["_label"]]
        assert names[0]["classified_as"][0]["id"] == AAT + "300404670"  # primary name
        assert record_id in [i["content"] for i in record["identified_by"] if i["type"] == "Identifier"]
        for _, node in walk(record):
            assert set(node) <= VALUE_KEYS | set(LINKED_ART_PROPERTIES), set(node) - VALUE_KEYS
            assert node["type"] in LINKED_ART_CLASSES, node["type"]
            if node["type"] != "Name":  # a time-span's printed date is a Name without an IRI of its own
                assert node.get("id", "").startswith(("http://", "https://")), node
            if node["type"] == "Type":
                assert node["_label"] and node["id"]
            if node["type"] in ("Name", "Identifier"):
                assert isinstance(node["content"], str) and node["content"]
            for relation in set(node) & set(LINKED_ART_PROPERTIES):
                assert isinstance(node[relation], dict if relation in SINGLE else list), (relation, node["id"])
            if node["type"] == "TimeSpan":
                assert XSD_DATETIME.match(node["begin_of_the_begin"]) and XSD_DATETIME.match(node["end_of_the_end"])
                assert node["begin_of_the_begin"] <= node["end_of_the_end"]
            for equivalent in node.get("equivalent", []):
                assert equivalent["id"].startswith(WD) and equivalent["type"] == node["type"]


def ids(nodes: list[dict[str, Any]]) -> list[str]:
    return [n["id"].removeprefix(BASE) for n in nodes]


def test_the_sample_as_linked_art(linked_art):
    record = linked_art["119111"]
    assert record["content"].startswith("## Т Е Л Е Г Р А М М А")
    assert ids(record["language"]) == ["id/language/ru"]
    assert ids(record["classified_as"]) == ["vocab#Telegram"]
    creation = record["created_by"]
    assert creation["type"] == "Creation"
    assert ids(creation["carried_out_by"]) == ["id/person/ivan-maslennikov", "id/person/mir-jafar-baghirov"]
    assert ids(creation["took_place_at"]) == ["id/place/baku"]
    assert creation["took_place_at"][0]["equivalent"][0]["id"] == WD + "Q9248"
    assert (creation["timespan"]["begin_of_the_begin"], creation["timespan"]["end_of_the_end"]) == (
        "1945-11-24T00:00:00",
        "1945-11-24T23:59:59",
    )
    uses = {use["classified_as"][0]["_label"]: use for use in record["used_for"]}
    assert sorted(ids(uses["Receipt"]["carried_out_by"])) == [
        "id/person/georgy-malenkov",
        "id/person/joseph-stalin",
        "id/person/lavrentiy-beria",
        "id/person/vyacheslav-molotov",
    ]
    assert ids(uses["Publication"]["carried_out_by"]) == ["id/person/jamil-hasanli", "id/group/leon-levy-foundation"]
    [translation] = record["translation"]
    assert ids([translation]) == ["id/document/119111/translation/en"]
    assert translation["content"].startswith("TELEGRAM")
    assert ids(translation["created_by"]["carried_out_by"]) == ["id/person/gary-goldberg"]
    [carrier] = record["carried_by"]
    assert carrier["type"] == "HumanMadeObject" and carrier["_label"] == "ll. 0057-0059"
    assert ids(carrier["part_of"]) == ["id/holding/rgaspi/558/11/99"]
    mentioned = set(ids(record["refers_to"]))
    assert {"id/place/tabriz", "id/place/tehran", "id/place/rasht", "id/place/osku"} <= mentioned
    statements = {t["_label"] for text in record["referred_to_by"] for t in text["classified_as"]}
    assert {"Summary", "Citation", "Credits", "Description", "Credit Line"} <= statements
    events = record.get("documents", [])
    assert any(e["type"] != "LinguisticObject" and "Maragheh" in e["_label"] for e in events), events


def tagged(store, text: str, language: str) -> bool:
    """The text's crm:P190_has_symbolic_content carries the language tag of ``id/language/{code}``."""
    content = next(
        store.quads_for_pattern(
            NamedNode(text), NamedNode("http://www.cidoc-crm.org/cidoc-crm/P190_has_symbolic_content"), None
        ),
        None,
    )
    return content is not None and language.endswith("/language/" + (content.object.language or "-"))


def test_every_link_in_the_linked_art_records_is_a_triple_of_the_store(corpus_store: Path, linked_art):
    store = open_snapshot(corpus_store)
    crm = "http://www.cidoc-crm.org/cidoc-crm/"
    checked = 0
    for record in linked_art.values():
        for _, node in walk(record):
            for relation in set(node) & set(LINKED_ART_PROPERTIES):
                targets = node[relation] if isinstance(node[relation], list) else [node[relation]]
                for target in targets:
                    if target.get("id", "").startswith(AAT):
                        assert relation == "classified_as"  # Linked Art's own statement types, added on export
                        continue
                    if "id" in node and "id" in target:
                        crm_property = LINKED_ART_PROPERTIES[relation]
                        stated = [
                            next(
                                store.quads_for_pattern(
                                    NamedNode(node["id"]), NamedNode(crm + name), NamedNode(target["id"])
                                ),
                                None,
                            )
                            for name in SUB_PROPERTIES.get(crm_property, (crm_property,))
                        ]
                        if crm_property == "P72_has_language" and not any(stated):
                            stated = [tagged(store, node["id"], target["id"])]  # said by the text's language tag
                        assert any(stated), (node["id"], crm_property, target["id"])
                        checked += 1
    assert checked > 200
