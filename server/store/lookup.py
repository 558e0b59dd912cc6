"""Reading the store for the pages: objects, subjects, labels, local URLs. Direct index look-ups (no SPARQL parse)
over the union of all graphs; MODEL.md puts every triple in exactly one graph, so nothing comes back twice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode, Store

from ontology.iris import Iris
from ontology.namespaces import CRM, DV, OWL, RDF, RDFS, SKOS
from server.store.store import UNION

Term = NamedNode | BlankNode | Literal
LABEL_PREDICATES = (RDFS.label, SKOS.prefLabel)
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
KINDS = ("person", "group", "place", "holding", "language", "document")
TYPE_KINDS = {
    CRM.E21_Person.value: "person",
    CRM.E74_Group.value: "group",
    CRM.E53_Place.value: "place",
    CRM.E78_Curated_Holding.value: "holding",
    CRM.E31_Document.value: "document",
    SKOS.Concept.value: "concept",
}
# CIDOC-CRM 7.1 E5 Event and its subclasses: what the pages show as events
EVENT_CLASSES = frozenset(
    CRM.iri + name
    for name in (
        "E5_Event",
        "E6_Destruction",
        "E7_Activity",
        "E8_Acquisition",
        "E9_Move",
        "E10_Transfer_of_Custody",
        "E11_Modification",
        "E12_Production",
        "E13_Attribute_Assignment",
        "E63_Beginning_of_Existence",
        "E64_End_of_Existence",
        "E65_Creation",
        "E66_Formation",
        "E67_Birth",
        "E68_Dissolution",
        "E69_Death",
        "E79_Part_Addition",
        "E80_Part_Removal",
        "E81_Transformation",
        "E83_Type_Creation",
        "E85_Joining",
        "E86_Leaving",
        "E87_Curation_Activity",
    )
)


def local_name(iri: str) -> str:
    """The last path segment or fragment of an IRI, for display when it has no label."""
    for separator in ("#", "/"):
        if separator in iri.rstrip("/#"):
            tail = iri.rstrip("/#").rsplit(separator, 1)[-1]
            if tail:
                return tail
    return iri


@dataclass
class Lookup:
    """One request's view of a snapshot, with a label cache."""

    store: Store
    iris: Iris
    root: str = ""  # the request's script root, so that local URLs work behind a prefix
    _labels: dict[str, str] = field(default_factory=dict)

    # triples
    def objects(self, subject: NamedNode | BlankNode, predicate: NamedNode) -> list[Term]:
        return [q.object for q in self.store.quads_for_pattern(subject, predicate, None, UNION)]

    def object(self, subject: NamedNode | BlankNode, predicate: NamedNode) -> Term | None:
        return next((q.object for q in self.store.quads_for_pattern(subject, predicate, None, UNION)), None)

    def subjects(self, predicate: NamedNode | None, obj: Term) -> list[NamedNode | BlankNode]:
        return [q.subject for q in self.store.quads_for_pattern(None, predicate, obj, UNION)]

    def value(self, subject: NamedNode | BlankNode, predicate: NamedNode) -> str | None:
        term = self.object(subject, predicate)
        return term.value if term is not None else None

    def types(self, subject: NamedNode) -> set[str]:
        return {o.value for o in self.objects(subject, RDF.type)}

    def text(self, subject: NamedNode) -> Literal | None:
        term = self.object(subject, CRM.P190_has_symbolic_content)
        return term if isinstance(term, Literal) else None

    # labels
    def labels(self, subject: NamedNode) -> dict[str, str]:
        """Every rdfs:label / skos:prefLabel by language tag ('' for none)."""
        found: dict[str, str] = {}
        for predicate in LABEL_PREDICATES:
            for term in self.objects(subject, predicate):
                if isinstance(term, Literal):
                    found.setdefault(term.language or "", term.value)
        return found

    def label(self, term: Term | str) -> str:
        """English label first, then one without a language, then any; the local name when there is none."""
        if isinstance(term, Literal):
            return term.value
        if isinstance(term, BlankNode):
            return "(blank node)"
        iri = term if isinstance(term, str) else term.value
        if iri not in self._labels:
            labels = self.labels(NamedNode(iri))
            text = labels.get("en") or labels.get("") or next(iter(labels.values()), None)
            if text is None:
                content = self.text(NamedNode(iri))
                text = shorten(content.value, 80) if content is not None else local_name(iri)
            self._labels[iri] = text
        return self._labels[iri]

    def sorted_by_label(self, terms: Iterable[Term]) -> list[Term]:
        return sorted(dict.fromkeys(terms), key=lambda t: self.label(t).casefold())

    # addresses
    def is_local(self, iri: str) -> bool:
        return iri.startswith(self.iris.base) or iri.startswith(str(DV))

    def url(self, term: Term | str) -> str:
        """Where the thing is shown on this server: its IRI's path under the base, or the IRI itself."""
        iri = term if isinstance(term, str) else term.value
        if iri.startswith(str(DV)):
            name = iri[len(str(DV)) :]
            return f"{self.root}/concept/{quote(name)}" if name else f"{self.root}/vocab"
        if iri.startswith(self.iris.base):
            return self.root + "/" + quote(iri[len(self.iris.base) :], safe="/#-._~!$&'()*+,;=:@")
        return iri

    def wikidata_page(self, iri: str) -> str | None:
        if iri.startswith(WIKIDATA_ENTITY):
            return "https://www.wikidata.org/wiki/" + iri[len(WIKIDATA_ENTITY) :]
        return None

    def same_as(self, subject: NamedNode) -> list[str]:
        return [o.value for o in self.objects(subject, OWL.sameAs) if isinstance(o, NamedNode)]

    def kind(self, term: Term | str) -> str:
        """person, group, place, holding, language, document, event, concept, or thing (from the IRI, else the type)."""
        iri = term if isinstance(term, str) else term.value
        if iri.startswith(str(DV)):
            return "concept"
        if iri.startswith(self.iris.base + "id/"):
            parts = iri[len(self.iris.base) + 3 :].split("/")
            if parts[0] == "document" and len(parts) >= 4 and parts[2] == "event":
                return "event"
            if parts[0] in KINDS and (len(parts) == 2 or parts[0] == "holding"):
                return parts[0]
        types = self.types(NamedNode(iri))
        if types & EVENT_CLASSES:
            return "event"
        return next((kind for type_iri, kind in TYPE_KINDS.items() if type_iri in types), "thing")

    def record_of(self, iri: str) -> str | None:
        """The record id when ``iri`` is a document or one of its parts."""
        prefix = self.iris.base + "id/document/"
        if not iri.startswith(prefix):
            return None
        return iri[len(prefix) :].split("/", 1)[0].split("#", 1)[0] or None


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
