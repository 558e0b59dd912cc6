"""``depesha export --format cmif``: the correspondence metadata of the whole corpus as CMIF.

CMIF (Correspondence Metadata Interchange Format, TEI Correspondence SIG) is the TEI subset that correspSearch
harvests: a ``teiHeader`` whose ``fileDesc`` says what the file is (title, editor, publisher, its own URL, date,
CC-BY 4.0 licence, the edition it comes from as a ``bibl``), and whose ``profileDesc`` holds one ``correspDesc`` per
letter with a ``correspAction`` "sent" (senders, place sent from, date) and one "received" (addressees, place sent
to, date of receipt). Everything comes from the graph: the ``dv:`` shortcuts, the receipt's time-span, the entities'
English labels and their certain Wikidata links (``owl:sameAs``), which go into ``@ref``; an entity without one is
referred to by its Depesha IRI. People are ``persName``, groups ``orgName``; an unknown sender or addressee is
``persName`` "Unknown", as CMIF asks. A document with neither sender nor addressee (a record of a meeting) is not
correspondence and is left out. The file says it is published at ``{base}cmif.xml``.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import Store

from ontology.namespaces import PREFIXES

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_TEXT = "This file is licensed under the terms of the Creative Commons License CC-BY 4.0"
SOURCE_ARCHIVE = (
    "Wilson Center Digital Archive, History and Public Policy Program",
    "https://digitalarchive.wilsoncenter.org/",
)
HEADER = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())

DATASET = (
    HEADER
    + """
SELECT ?dataset ?title ?modified WHERE {
  ?dataset a void:Dataset .
  OPTIONAL { ?dataset dcterms:title ?title }
  OPTIONAL { ?dataset dcterms:modified ?modified }
} LIMIT 1"""
)

DOCUMENTS = (
    HEADER
    + """
SELECT ?document ?record ?date ?from ?to ?receivedBegin ?receivedEnd WHERE {
  ?document a crm:E31_Document ; crm:P1_is_identified_by ?identifier .
  ?identifier crm:P2_has_type dv:RecordID ; crm:P190_has_symbolic_content ?record .
  OPTIONAL { ?document dv:date ?date }
  OPTIONAL { ?document crm:P94i_was_created_by/crm:P4_has_time-span/crm:P82a_begin_of_the_begin ?begin }
  OPTIONAL { ?document dv:sentFrom ?from }
  OPTIONAL { ?document dv:sentTo ?to }
  OPTIONAL { ?document crm:P16i_was_used_for ?receipt .
             ?receipt crm:P2_has_type dv:Receipt ; crm:P4_has_time-span ?span .
             ?span crm:P82a_begin_of_the_begin ?receivedBegin ; crm:P82b_end_of_the_end ?receivedEnd }
}
ORDER BY (!BOUND(?begin)) ?begin ?record"""
)

CORRESPONDENTS = (
    HEADER
    + """
SELECT ?document ?action ?actor WHERE {
  { ?document dv:sender ?actor . BIND ("sent" AS ?action) }
  UNION { ?document dv:addressee ?actor . BIND ("received" AS ?action) }
}"""
)

ENTITIES = (
    HEADER
    + """
SELECT ?entity ?class ?label ?same WHERE {
  { SELECT DISTINCT ?entity WHERE { ?document dv:sender|dv:addressee|dv:sentFrom|dv:sentTo ?entity } }
  VALUES ?class { crm:E21_Person crm:E74_Group crm:E53_Place }
  ?entity a ?class .
  OPTIONAL { ?entity rdfs:label ?label . FILTER (LANG(?label) = "en") }
  OPTIONAL { ?entity owl:sameAs ?same . FILTER (STRSTARTS(STR(?same), "http://www.wikidata.org/entity/")) }
}"""
)

ELEMENT_OF_CLASS = {
    PREFIXES["crm"] + "E21_Person": "persName",
    PREFIXES["crm"] + "E74_Group": "orgName",
    PREFIXES["crm"] + "E53_Place": "placeName",
}


@dataclass
class Entity:
    iri: str
    element: str = "persName"
    label: str = ""
    wikidata: list[str] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """A certain Wikidata item where there is one (the authority correspSearch can match), else our IRI."""
        return sorted(self.wikidata)[0] if self.wikidata else self.iri


def _rows(store: Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(query)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


def _entities(store: Store) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for row in _rows(store, ENTITIES):
        entity = entities.setdefault(row["entity"], Entity(row["entity"]))
        entity.element = ELEMENT_OF_CLASS[row["class"]]
        entity.label = row.get("label", entity.label) or entity.iri.rsplit("/", 1)[-1]
        if "same" in row and row["same"] not in entity.wikidata:
            entity.wikidata.append(row["same"])
    return entities


def _el(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(
        parent, f"{{{TEI}}}{tag}", {k.replace("_", ":") if k != "xml_id" else XML_ID: v for k, v in attributes.items()}
    )
    if text is not None:
        element.text = text
    return element


def _date_attributes(begin: str, end: str) -> dict[str, str]:
    """``when`` for one day, else ``from``/``to`` (CMIF dates are YYYY-MM-DD, YYYY-MM or YYYY)."""
    first, last = begin[:10], end[:10]
    return {"when": first} if first == last else {"from": first, "to": last}


def _action(parent: ET.Element, kind: str, actors: list[Entity], place: Entity | None, date: dict[str, str]) -> None:
    action = _el(parent, "correspAction", type=kind)
    for actor in actors:
        _el(action, actor.element, actor.label, ref=actor.ref)
    if not actors:
        _el(action, "persName", "Unknown")
    if place is not None:
        _el(action, "placeName", place.label, ref=place.ref)
    if date:
        _el(action, "date", **date)


def cmif_tree(store: Store) -> ET.ElementTree:
    """The CMIF document of every letter in the store's snapshot."""
    dataset = next(iter(_rows(store, DATASET)), {})
    base = dataset.get("dataset", "https://w3id.org/depesha/dataset").removesuffix("dataset")
    entities = _entities(store)
    correspondents: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for row in _rows(store, CORRESPONDENTS):
        correspondents[(row["document"], row["action"])].append(entities[row["actor"]])

    ET.register_namespace("", TEI)
    root = ET.Element(f"{{{TEI}}}TEI")
    header = _el(root, "teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", f"{dataset.get('title', 'Depesha')} (correspondence metadata, CMIF)")
    _el(title_stmt, "editor", "Depesha")
    publication = _el(file_desc, "publicationStmt")
    publisher = _el(publication, "publisher")
    _el(publisher, "ref", "Depesha", target=base)
    _el(publication, "idno", base + "cmif.xml", type="url")
    _el(publication, "date", when=dataset.get("modified", "1970-01-01T00:00:00Z"))
    availability = _el(publication, "availability")
    _el(availability, "licence", LICENCE_TEXT, target=LICENCE_URL)
    bibl_id = str(uuid.uuid5(uuid.NAMESPACE_URL, base + "dataset"))
    bibl = _el(
        _el(file_desc, "sourceDesc"),
        "bibl",
        f"{SOURCE_ARCHIVE[0]}, as linked data by Depesha: ",
        type="online",
        xml_id=bibl_id,
    )
    _el(bibl, "ref", SOURCE_ARCHIVE[1], target=SOURCE_ARCHIVE[1]).tail = "; "
    _el(bibl, "ref", base, target=base)

    profile = _el(header, "profileDesc")
    for row in _rows(store, DOCUMENTS):
        document = row["document"]
        if not correspondents[(document, "sent")] and not correspondents[(document, "received")]:
            continue  # not correspondence: no sender and no addressee (e.g. a record of a meeting)
        letter = _el(profile, "correspDesc", ref=document, key=row["record"], source=f"#{bibl_id}")
        sent = {"when": row["date"]} if "date" in row else {}
        received = _date_attributes(row["receivedBegin"], row["receivedEnd"]) if "receivedBegin" in row else {}
        for kind, place, date in (("sent", row.get("from"), sent), ("received", row.get("to"), received)):
            actors = sorted(correspondents[(document, kind)], key=lambda e: (e.label, e.iri))
            _action(letter, kind, actors, entities.get(place) if place else None, date)
    body = _el(_el(root, "text"), "body")
    _el(body, "p")
    ET.indent(root, space="  ")
    return ET.ElementTree(root)


def cmif_bytes(store: Store) -> bytes:
    tree = cmif_tree(store)
    return ET.tostring(tree.getroot(), encoding="UTF-8", xml_declaration=True) + b"\n"
