"""``graph/meta``: the VoID/DCAT description of the dataset and one ``prov:Activity`` per build that changed it."""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad, Store

from converter.iris import Iris
from converter.namespaces import CRM, DCAT, DCTERMS, DV, OA, PROV, RDFS, VOID, XSD, A, integer, text, typed

from .store import Catalog

TITLE = "Depesha: archival documents as CIDOC-CRM linked data"
DESCRIPTION = ("Documents of the Wilson Center Digital Archive (metadata, original-language transcripts and "
               "translations) with the people, groups and places they name, as CIDOC-CRM.")
COUNT = """SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {pattern} }} FILTER(?g != <{meta}>) }}"""


def _count(store: Store, pattern: str, meta: NamedNode) -> int:
    solution = next(iter(store.query(COUNT.format(pattern=pattern, meta=meta.value))))
    return int(solution["n"].value)


def meta_quads(store: Store, catalog: Catalog, iris: Iris) -> list[Quad]:
    graph = iris.meta_graph
    dataset = iris.node("dataset")
    quads: list[Quad] = []

    def add(s: NamedNode, p: NamedNode, o) -> None:
        quads.append(Quad(s, p, o, graph))

    add(dataset, A, VOID.Dataset)
    add(dataset, A, DCAT.Dataset)
    add(dataset, DCTERMS.title, text(TITLE, "en"))
    add(dataset, DCTERMS.description, text(DESCRIPTION, "en"))
    add(dataset, VOID.sparqlEndpoint, iris.node("sparql"))
    add(dataset, VOID.uriSpace, text(iris.base + "id/"))
    for vocabulary in (CRM, DV, OA):
        add(dataset, VOID.vocabulary, NamedNode(str(vocabulary)))
    add(dataset, VOID.triples, integer(_count(store, "?s ?p ?o", graph)))
    kinds = " ".join(f"<{c.value}>" for c in (CRM.E21_Person, CRM.E74_Group, CRM.E53_Place))
    add(dataset, VOID.entities, integer(_count(store, f"?s a ?c VALUES ?c {{ {kinds} }}", graph)))
    add(dataset, VOID.documents, integer(_count(store, f"?s a <{CRM.E31_Document.value}>", graph)))
    add(dataset, VOID.classes, integer(_distinct(store, "?c", "?s a ?c")))
    add(dataset, VOID.properties, integer(_distinct(store, "?p", "?s ?p ?o")))
    builds = catalog.builds()
    agent = iris.node("software/depesha")
    if builds:
        add(agent, A, PROV.SoftwareAgent)
        add(agent, RDFS.label, text(builds[-1][6]))
    for number, started, ended, loaded, unchanged, failed, _ in builds:
        activity = iris.node(f"build/{number}")
        add(activity, A, PROV.Activity)
        add(activity, RDFS.label, text(f"Build {number}: {loaded} documents loaded, {unchanged} unchanged, "
                                       f"{failed} failed", "en"))
        add(activity, PROV.startedAtTime, typed(started, XSD.dateTime))
        add(activity, PROV.endedAtTime, typed(ended, XSD.dateTime))
        add(activity, PROV.wasAssociatedWith, agent)
    if builds:
        last = builds[-1]
        add(dataset, DCTERMS.modified, typed(last[2], XSD.dateTime))
        add(dataset, PROV.wasGeneratedBy, iris.node(f"build/{last[0]}"))
    for row in catalog.documents():
        add(iris.document_graph(row.record_id), PROV.wasGeneratedBy, iris.node(f"build/{row.build}"))
    return quads


def _distinct(store: Store, variable: str, pattern: str) -> int:
    query = f"SELECT (COUNT(DISTINCT {variable}) AS ?n) WHERE {{ GRAPH ?g {{ {pattern} }} }}"
    return int(next(iter(store.query(query)))["n"].value)
