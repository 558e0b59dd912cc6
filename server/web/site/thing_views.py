"""Pages of holdings, concepts, the vocabulary, named graphs, the dataset, and any other IRI (a generic page that
lists its statements): the data each template needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode

from ontology.namespaces import CRM, DCAT, DCTERMS, DV, OWL, PROV, RDF, RDFS, SKOS, VOID, compact
from server.store.lookup import Lookup
from server.store.store import UNION
from server.web.site.activities import Link, link
from server.web.site.describe import INCOMING_LIMIT
from server.web.site.document_view import holding_chain

PAGE_SIZE = 50
SPDX = "http://spdx.org/rdf/terms#"


@dataclass
class Statement:
    predicate: Link
    value: Link | str
    language: str = ""
    datatype: str = ""


def term_view(look: Lookup, term) -> Link | str:
    if isinstance(term, NamedNode):
        return link(look, term)
    if isinstance(term, BlankNode):
        return "(blank node)"
    return term.value


def statements(look: Lookup, subject: NamedNode) -> list[Statement]:
    found = []
    for quad in look.store.quads_for_pattern(subject, None, None, UNION):
        value = quad.object
        found.append(
            Statement(
                Link(compact(quad.predicate.value), quad.predicate.value),
                term_view(look, value),
                value.language or "" if isinstance(value, Literal) else "",
                compact(value.datatype.value)
                if isinstance(value, Literal)
                and not value.language
                and value.datatype.value != "http://www.w3.org/2001/XMLSchema#string"
                else "",
            )
        )
    return sorted(found, key=lambda s: (s.predicate.label != "rdf:type", s.predicate.label))


def incoming(look: Lookup, obj: NamedNode, limit: int = INCOMING_LIMIT) -> list[tuple[Link, Link]]:
    found = []
    for count, quad in enumerate(look.store.quads_for_pattern(None, None, obj, UNION)):
        if count >= limit:
            break
        if isinstance(quad.subject, NamedNode):
            found.append((link(look, quad.subject), Link(compact(quad.predicate.value), quad.predicate.value)))
    return found


@dataclass
class Paged:
    items: list[Link]
    total: int
    page: int
    pages: int


def paged(look: Lookup, subjects: list[NamedNode], page: int, dated: bool = True) -> Paged:
    dates = {s.value: (look.value(s, DV.date) or "") for s in subjects} if dated else {}
    ordered = sorted(dict.fromkeys(subjects), key=lambda s: (dates.get(s.value) or "9999", look.label(s).casefold()))
    pages = max(1, -(-len(ordered) // PAGE_SIZE))
    page = min(max(1, page), pages)
    return Paged(
        [link(look, s, dates.get(s.value, "")) for s in ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]],
        len(ordered),
        page,
        pages,
    )


@dataclass
class HoldingView:
    label: str
    chain: list[Link]
    parts: list[Link]
    documents: Paged


def holding_view(look: Lookup, holding: NamedNode, page: int) -> HoldingView:
    parts, documents = [], []
    for part in look.subjects(CRM.P46i_forms_part_of, holding):
        if not isinstance(part, NamedNode):
            continue
        if CRM.E78_Curated_Holding.value in look.types(part):
            parts.append(link(look, part))
        else:  # a carrier: the documents it carries
            documents += [d for d in look.subjects(CRM.P128i_is_carried_by, part) if isinstance(d, NamedNode)]
    return HoldingView(
        look.label(holding),
        holding_chain(look, holding),
        sorted(parts, key=lambda p: p.label),
        paged(look, documents, page),
    )


@dataclass
class ConceptView:
    label: str
    names: dict[str, str]
    alternative: list[str]
    definition: str
    schemes: list[Link]
    broader: list[Link]
    narrower: list[Link]
    typed: Paged
    role_count: int
    annotation_count: int


def _count(look: Lookup, pattern: str) -> int:
    rows = look.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(next(iter(rows))["n"].value)


def concept_view(look: Lookup, concept: NamedNode, page: int) -> ConceptView:
    typed = [s for s in look.subjects(CRM.P2_has_type, concept) if isinstance(s, NamedNode)]
    return ConceptView(
        label=look.label(concept),
        names=look.labels(concept),
        alternative=[a.value for a in look.objects(concept, SKOS.altLabel)],
        definition=look.value(concept, SKOS.definition) or look.value(concept, RDFS.comment) or "",
        schemes=[link(look, s) for s in look.objects(concept, SKOS.inScheme) if isinstance(s, NamedNode)],
        broader=[link(look, s) for s in look.objects(concept, SKOS.broader) if isinstance(s, NamedNode)],
        narrower=[link(look, s) for s in look.subjects(SKOS.broader, concept) if isinstance(s, NamedNode)],
        typed=paged(look, typed, page),
        role_count=_count(look, f"?x <{CRM.term('P14.1_in_the_role_of').value}> <{concept.value}>"),
        annotation_count=_count(look, f"?x <http://www.w3.org/ns/oa#hasBody> <{concept.value}>"),
    )


@dataclass
class SchemeView:
    link: Link
    definition: str
    concepts: list[tuple[str, Link, str]]  # anchor, concept, definition


@dataclass
class VocabView:
    title: str
    description: str
    schemes: list[SchemeView]
    properties: list[tuple[str, Link, str]]


def vocab_view(look: Lookup) -> VocabView:
    ontology = NamedNode(str(DV).rstrip("#"))
    schemes = []
    for scheme in look.sorted_by_label(look.subjects(RDF.type, SKOS.ConceptScheme)):
        members = look.sorted_by_label(c for c in look.subjects(SKOS.inScheme, scheme) if isinstance(c, NamedNode))
        schemes.append(
            SchemeView(
                link(look, scheme),
                look.value(scheme, SKOS.definition) or "",
                [(_anchor(c), link(look, c), look.value(c, SKOS.definition) or "") for c in members],
            )
        )
    properties = []
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in look.sorted_by_label(look.subjects(RDF.type, kind)):
            if isinstance(prop, NamedNode) and prop.value.startswith(str(DV)):
                properties.append(
                    (
                        _anchor(prop),
                        Link(compact(prop.value), prop.value, "property"),
                        look.value(prop, RDFS.comment) or "",
                    )
                )
    return VocabView(
        look.value(ontology, DCTERMS.title) or "Depesha vocabulary",
        look.value(ontology, DCTERMS.description) or "",
        schemes,
        properties,
    )


def _anchor(term) -> str:
    return term.value.rsplit("#", 1)[-1]


@dataclass
class Distribution:
    url: str
    title: str
    media_type: str
    size: str
    checksum: str
    whole: bool = False  # a whole-dataset download (its parts one after the other)

    @property
    def size_text(self) -> str:
        """'73.5 kB': the size for reading (the exact bytes go in a title)."""
        return readable_size(int(self.size)) if self.size.isdigit() else self.size


def readable_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    for unit in ("kB", "MB", "GB", "TB"):
        size /= 1000
        if size < 1000 or unit == "TB":
            return f"{size:.1f} {unit}"
    return ""


@dataclass
class DatasetView:
    title: str
    description: str
    counts: list[tuple[str, str]]
    modified: str
    endpoint: str
    distributions: list[Distribution]
    builds: list[tuple[str, str]] = field(default_factory=list)


def dataset_view(look: Lookup) -> DatasetView:
    dataset = look.iris.dataset
    counts = [
        (name, look.value(dataset, predicate) or "")
        for name, predicate in (
            ("triples", VOID.triples),
            ("documents", VOID.documents),
            ("entities", VOID.entities),
            ("classes", VOID.classes),
            ("properties", VOID.properties),
        )
    ]
    distributions = []
    for dump in look.objects(dataset, DCAT.distribution):
        checksum = look.object(dump, NamedNode(SPDX + "checksum"))
        distributions.append(
            Distribution(
                look.url(dump),
                look.value(dump, DCTERMS.title) or dump.value.rsplit("/", 1)[-1],
                look.value(dump, DCAT.mediaType) or "",
                look.value(dump, DCAT.byteSize) or "",
                (look.value(checksum, NamedNode(SPDX + "checksumValue")) or "") if checksum else "",
                bool(look.objects(dump, DCTERMS.hasPart)),
            )
        )
    builds = [
        (look.label(b), look.value(b, PROV.endedAtTime) or "")
        for b in look.subjects(RDF.type, PROV.Activity)
        if isinstance(b, NamedNode)
    ]
    endpoint = look.object(dataset, VOID.sparqlEndpoint)
    return DatasetView(
        look.value(dataset, DCTERMS.title) or "Dataset",
        look.value(dataset, DCTERMS.description) or "",
        counts,
        look.value(dataset, DCTERMS.modified) or "",
        look.url(endpoint) if isinstance(endpoint, NamedNode) else "",
        sorted(distributions, key=lambda d: (not d.whole, d.url)),
        sorted(builds, key=lambda b: b[1], reverse=True),
    )


@dataclass
class GraphView:
    triples: int
    classes: list[tuple[Link, int]]
    document: Link | None
    generated_by: list[Link]


def graph_view(look: Lookup, graph: NamedNode) -> GraphView:
    total = _count(look, f"GRAPH <{graph.value}> {{ ?s ?p ?o }}")
    rows = look.store.query(f"""SELECT ?c (COUNT(?s) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s a ?c }} }}
                                GROUP BY ?c ORDER BY DESC(?n) LIMIT 40""")
    classes = [
        (
            Link(compact(r["c"].value), look.url(r["c"]) if look.is_local(r["c"].value) else r["c"].value),
            int(r["n"].value),
        )
        for r in rows
    ]
    record = look.iris.record_of_graph(graph)
    return GraphView(
        total,
        classes,
        link(look, look.iris.document(record)) if record else None,
        [link(look, b) for b in look.objects(graph, PROV.wasGeneratedBy) if isinstance(b, NamedNode)],
    )


@dataclass
class ThingView:
    label: str
    kind: str
    types: list[Link]
    text: str
    text_language: str
    document: Link | None
    statements: list[Statement]
    incoming: list[tuple[Link, Link]]


def thing_view(look: Lookup, thing: NamedNode) -> ThingView:
    record = look.record_of(thing.value)
    content = look.text(thing)
    return ThingView(
        label=look.label(thing),
        kind=look.kind(thing),
        types=[link(look, t) for t in look.objects(thing, RDF.type) if isinstance(t, NamedNode)],
        text=content.value if content is not None else "",
        text_language=(content.language or "") if content else "",
        document=link(look, look.iris.document(record)) if record and look.iris.document(record) != thing else None,
        statements=statements(look, thing),
        incoming=incoming(look, thing, 100),
    )
