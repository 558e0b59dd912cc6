"""``depesha export --format linked-art``: one Linked Art JSON-LD record per document.

Linked Art (linked.art) is a CIDOC-CRM profile in JSON-LD. A document is a ``LinguisticObject`` (its text, in the
original language, ``content``) that is ``carried_by`` a ``HumanMadeObject`` (the leaves, ``part_of`` the archival
file). Its names and identifiers are ``identified_by`` (``Name``, ``Identifier``), the summary, citation and credits
``referred_to_by`` (classified with the AAT terms Linked Art uses for descriptions, citations and credit lines),
its writing is ``created_by`` a ``Creation`` with ``carried_out_by`` (the senders), ``took_place_at`` and a
``timespan``; the receipt and the publication are ``used_for``, the translations ``translation``, what the text
names ``refers_to``, the events it reports ``documents``. Every node keeps its Depesha IRI as ``id``; a certain
Wikidata link is an ``equivalent``. The context is Linked Art's own URL, written, never fetched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, Store

from ontology.iris import Iris
from ontology.namespaces import CRM, DV, RDF, RDFS, VOID
from server.store.lookup import Lookup
from server.store.store import UNION

CONTEXT = "https://linked.art/ns/v1/linked-art.json"
AAT = "http://vocab.getty.edu/aat/"
PRIMARY_NAME = {"id": AAT + "300404670", "type": "Type", "_label": "Primary Name"}
BRIEF_TEXT = {"id": AAT + "300418049", "type": "Type", "_label": "Brief Text"}
STATEMENT_TYPES = {  # Linked Art's statement types for the texts about a document
    DV.Summary.value: {"id": AAT + "300435416", "type": "Type", "_label": "Description", "classified_as": [BRIEF_TEXT]},
    DV.Citation.value: {"id": AAT + "300311705", "type": "Type", "_label": "Citation", "classified_as": [BRIEF_TEXT]},
    DV.Credits.value: {"id": AAT + "300026687", "type": "Type", "_label": "Credit Line", "classified_as": [BRIEF_TEXT]},
}
CLASS_NAMES = {  # CIDOC-CRM class -> Linked Art type name (the classes Depesha's data uses)
    "E21_Person": "Person",
    "E74_Group": "Group",
    "E53_Place": "Place",
    "E5_Event": "Event",
    "E7_Activity": "Activity",
    "E65_Creation": "Creation",
    "E69_Death": "Death",
    "E67_Birth": "Birth",
    "E78_Curated_Holding": "CuratedHolding",
    "E22_Human-Made_Object": "HumanMadeObject",
    "E33_Linguistic_Object": "LinguisticObject",
    "E56_Language": "Language",
    "E52_Time-Span": "TimeSpan",
}
SPECIFIC_FIRST = ("Person", "Group", "Place", "Death", "Birth", "Creation", "Activity", "Event")


class LinkedArt:
    """Builds the Linked Art record of each document from one snapshot."""

    def __init__(self, store: Store) -> None:
        dataset = next((q.subject for q in store.quads_for_pattern(None, RDF.type, VOID.Dataset, UNION)), None)
        base = dataset.value.removesuffix("dataset") if isinstance(dataset, NamedNode) else Iris().base
        self.look = Lookup(store, Iris(base))

    # -- references to things described elsewhere

    def type_of(self, node: NamedNode) -> str:
        names = {
            CLASS_NAMES[t.removeprefix(CRM.iri)]
            for t in self.look.types(node)
            if t.removeprefix(CRM.iri) in CLASS_NAMES
        }
        return next((n for n in SPECIFIC_FIRST if n in names), next(iter(sorted(names)), "Event"))

    def ref(self, node: NamedNode, kind: str | None = None) -> dict[str, Any]:
        kind = kind or self.type_of(node)
        out: dict[str, Any] = {"id": node.value, "type": kind, "_label": self.look.label(node)}
        same = sorted(self.look.same_as(node))
        if same:
            out["equivalent"] = [{"id": iri, "type": kind, "_label": out["_label"]} for iri in same]
        return out

    def refs(self, subject: NamedNode, predicate: NamedNode, kind: str | None = None) -> list[dict[str, Any]]:
        nodes = [o for o in self.look.objects(subject, predicate) if isinstance(o, NamedNode)]
        return [self.ref(n, kind) for n in self.look.sorted_by_label(nodes)]

    def concept(self, node: NamedNode) -> dict[str, Any]:
        return {"id": node.value, "type": "Type", "_label": self.look.label(node)}

    def types(self, node: NamedNode) -> list[dict[str, Any]]:
        return [self.concept(t) for t in self.look.objects(node, CRM.P2_has_type) if isinstance(t, NamedNode)]

    def languages(self, node: NamedNode) -> list[dict[str, Any]]:
        return self.refs(node, CRM.P72_has_language, "Language")

    # -- nodes described here

    def timespan(self, activity: NamedNode) -> dict[str, Any] | None:
        span = self.look.object(activity, CRM.term("P4_has_time-span"))
        if not isinstance(span, NamedNode):
            return None
        out: dict[str, Any] = {"id": span.value, "type": "TimeSpan"}
        for key, predicate in (
            ("begin_of_the_begin", CRM.P82a_begin_of_the_begin),
            ("end_of_the_end", CRM.P82b_end_of_the_end),
        ):
            value = self.look.value(span, predicate)
            if value:
                out[key] = value
        printed = self.look.value(span, RDFS.label)
        if printed:
            out["identified_by"] = [{"type": "Name", "content": printed}]
        return out

    def activity(self, node: NamedNode, kind: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": node.value, "type": kind}
        classified = self.types(node)
        if classified:
            out["classified_as"] = classified
        actors = self.refs(node, CRM.P14_carried_out_by)
        if actors:
            out["carried_out_by"] = actors
        places = self.refs(node, CRM.P7_took_place_at, "Place")
        if places:
            out["took_place_at"] = places
        span = self.timespan(node)
        if span:
            out["timespan"] = span
        return out

    def text_object(self, node: NamedNode) -> dict[str, Any]:
        """A text about the document, or a translation: content, language, type."""
        out: dict[str, Any] = {"id": node.value, "type": "LinguisticObject", "_label": self.look.label(node)}
        content = self.look.text(node)
        classified = self.types(node)
        statement = [STATEMENT_TYPES[t["id"]] for t in classified if t["id"] in STATEMENT_TYPES]
        if classified or statement:
            out["classified_as"] = classified + statement
        if content is not None:
            out["content"] = content.value
            languages = self.languages(node)
            if not languages and content.language:
                languages = [self.ref(self.look.iris.node(f"id/language/{content.language}"), "Language")]
            if languages:
                out["language"] = languages
        return out

    def names(self, document: NamedNode) -> list[dict[str, Any]]:
        names = []
        for title in self.look.objects(document, CRM.P102_has_title):
            content = self.look.text(title)
            if isinstance(title, NamedNode) and content is not None:
                name: dict[str, Any] = {
                    "id": title.value,
                    "type": "Name",
                    "content": content.value,
                    "classified_as": [PRIMARY_NAME],
                }
                if content.language:
                    name["language"] = [self.ref(self.look.iris.node(f"id/language/{content.language}"), "Language")]
                names.append(name)
        for identifier in sorted(self.look.objects(document, CRM.P1_is_identified_by), key=lambda n: n.value):
            content = self.look.text(identifier)
            if isinstance(identifier, NamedNode) and content is not None:
                names.append(
                    {
                        "id": identifier.value,
                        "type": "Identifier",
                        "content": content.value,
                        "classified_as": self.types(identifier),
                    }
                )
        return names

    def carrier(self, node: NamedNode) -> dict[str, Any]:
        out: dict[str, Any] = {"id": node.value, "type": "HumanMadeObject", "_label": self.look.label(node)}
        holdings = self.refs(node, CRM.P46i_forms_part_of, "CuratedHolding")
        if holdings:
            out["part_of"] = holdings
        return out

    def document(self, document: NamedNode) -> dict[str, Any]:
        look = self.look
        record: dict[str, Any] = {
            "@context": CONTEXT,
            "id": document.value,
            "type": "LinguisticObject",
            "_label": look.label(document),
        }
        optional: dict[str, Any] = {
            "classified_as": self.types(document),
            "identified_by": self.names(document),
            "referred_to_by": [
                self.text_object(n)
                for n in sorted(look.objects(document, CRM.P67i_is_referred_to_by), key=lambda n: n.value)
                if isinstance(n, NamedNode)
            ],
            "language": self.languages(document),
        }
        record.update({key: value for key, value in optional.items() if value})
        content = look.text(document)
        if content is not None:
            record["content"] = content.value
        creation = look.object(document, CRM.P94i_was_created_by)
        if isinstance(creation, NamedNode):
            record["created_by"] = self.activity(creation, "Creation")
        uses = [
            self.activity(n, "Activity")
            for n in look.objects(document, CRM.P16i_was_used_for)
            if isinstance(n, NamedNode)
        ]
        translations = []
        for node in look.objects(document, CRM.P73_has_translation):
            if isinstance(node, NamedNode):
                translation = self.text_object(node)
                translating = look.object(node, CRM.P94i_was_created_by)
                if isinstance(translating, NamedNode):
                    translation["created_by"] = self.activity(translating, "Creation")
                mentioned = self.refs(node, CRM.P67_refers_to)
                if mentioned:
                    translation["refers_to"] = mentioned
                translations.append(translation)
        more = {
            "used_for": sorted(uses, key=lambda a: a["id"]),
            "translation": sorted(translations, key=lambda t: t["id"]),
            "refers_to": self.refs(document, CRM.P67_refers_to),
            "documents": sorted(self.refs(document, CRM.P70_documents), key=lambda e: _number_order(e["id"])),
            "carried_by": [
                self.carrier(n) for n in look.objects(document, CRM.P128i_is_carried_by) if isinstance(n, NamedNode)
            ],
        }
        record.update({key: value for key, value in more.items() if value})
        return record

    def documents(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(record id, Linked Art record) for every document, in record order."""
        nodes = [
            q.subject
            for q in self.look.store.quads_for_pattern(None, RDF.type, CRM.E31_Document, UNION)
            if isinstance(q.subject, NamedNode)
        ]
        for node in sorted(set(nodes), key=lambda n: n.value):
            yield self.look.record_of(node.value) or node.value.rsplit("/", 1)[-1], self.document(node)


def _number_order(iri: str) -> tuple[str, int]:
    head, _, tail = iri.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (iri, 0)


def write_folder(store: Store, folder: Path) -> int:
    """One ``{record id}.json`` per document in ``folder``; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for record, data in LinkedArt(store).documents():
        (folder / f"{record}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        count += 1
    return count


def json_lines(store: Store) -> Iterator[bytes]:
    """One record per line (JSON Lines), for standard output."""
    for _, data in LinkedArt(store).documents():
        yield json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n"
