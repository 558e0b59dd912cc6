"""Which IRI a request path names, and which triples its representation holds.

- a document (``id/document/{id}``): its whole named graph (everything that document says: its parts, roles,
  annotations) and the labels of the things it points to;
- a named graph (``graph/...``), the vocabulary (``vocab``) and the dataset (``dataset``, described by
  ``graph/meta``): the graph's triples (and quads, for N-Quads and TriG);
- anything else: its own triples, those of the parts it owns (IRIs that extend it with ``/`` or ``#``, a few levels
  deep: an annotation's ``#target`` and selectors, a creation's ``/time-span``), up to ``INCOMING_LIMIT`` triples
  that point to it, and the labels of everything named.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode, Quad, Store, Triple

from ontology.iris import Iris
from server.store.lookup import LABEL_PREDICATES
from server.store.store import UNION

INCOMING_LIMIT = 500
OWNED_LIMIT = 5000
OWNED_DEPTH = 4
LABELLED_LIMIT = 500


@dataclass(frozen=True)
class Resource:
    iri: NamedNode
    kind: str  # document, graph, vocab, dataset, resource
    graph: NamedNode | None = None  # the named graph that is the representation (graph, vocab, dataset, document)

    @property
    def is_graph(self) -> bool:
        return self.kind in ("graph", "vocab", "dataset")


def resolve(store: Store, iris: Iris, path: str) -> Resource | None:
    """The resource ``base + path`` names, or None when the store knows nothing about it."""
    try:
        iri = NamedNode(iris.base + path)
    except ValueError:  # not an IRI at all (a space, angle brackets, a control character): nothing is known of it
        return None
    if path == iris.DATASET_PATH:
        return Resource(iri, "dataset", iris.meta_graph) if store.contains_named_graph(iris.meta_graph) else None
    if path == iris.VOCAB_PATH:
        return Resource(iri, "vocab", iris.vocab_graph) if store.contains_named_graph(iris.vocab_graph) else None
    if iris.is_graph_path(path) and store.contains_named_graph(iri):
        return Resource(iri, "graph", iri)  # else a node minted inside a graph (a skolem IRI, .well-known/genid)
    if record := iris.record_of_path(path):
        graph = iris.document_graph(record)
        if store.contains_named_graph(graph):
            return Resource(iri, "document", graph)
    if _mentioned(store, iri):
        return Resource(iri, "resource")
    return None


def _mentioned(store: Store, iri: NamedNode) -> bool:
    return (
        next(iter(store.quads_for_pattern(iri, None, None, UNION)), None) is not None
        or next(iter(store.quads_for_pattern(None, None, iri, UNION)), None) is not None
    )


def quads(store: Store, resource: Resource) -> list[Quad]:
    """The representation as quads (graph kinds keep their graph name; others are in the default graph)."""
    if resource.is_graph:
        return list(store.quads_for_pattern(None, None, None, resource.graph))
    return [Quad(t.subject, t.predicate, t.object) for t in triples(store, resource)]


def triples(store: Store, resource: Resource) -> list[Triple]:
    if resource.graph is not None:
        found = [q.triple for q in store.quads_for_pattern(None, None, None, resource.graph)]
        if resource.kind != "document":
            return found
    else:
        found = _around(store, resource.iri)
    return found + _labels(store, found, resource.iri)


def _around(store: Store, iri: NamedNode) -> list[Triple]:
    found: dict[Triple, None] = {}
    frontier = [iri]
    seen = {iri.value}
    for _ in range(OWNED_DEPTH):
        following: list[NamedNode] = []
        for subject in frontier:
            for quad in store.quads_for_pattern(subject, None, None, UNION):
                found[quad.triple] = None
                value = quad.object
                if (
                    isinstance(value, NamedNode)
                    and value.value not in seen
                    and value.value.startswith((subject.value + "/", subject.value + "#", iri.value + "#"))
                ):
                    seen.add(value.value)
                    following.append(value)
        frontier = following
        if not frontier or len(found) > OWNED_LIMIT:
            break
    for count, quad in enumerate(store.quads_for_pattern(None, None, iri, UNION)):
        if count >= INCOMING_LIMIT:
            break
        found[quad.triple] = None
    return list(found)


def _labels(store: Store, found: list[Triple], itself: NamedNode) -> list[Triple]:
    """rdfs:label / skos:prefLabel of the things named in ``found`` (not already there), so a client can show them."""
    described = {t.subject for t in found}
    named = dict.fromkeys(
        term
        for t in found
        for term in (t.subject, t.object)
        if isinstance(term, NamedNode) and term not in described and term != itself
    )
    labels: list[Triple] = []
    for term in list(named)[:LABELLED_LIMIT]:
        for predicate in LABEL_PREDICATES:
            labels.extend(q.triple for q in store.quads_for_pattern(term, predicate, None, UNION))
    return labels
