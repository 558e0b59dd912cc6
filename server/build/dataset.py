"""``graph/meta``: the VoID/DCAT description of the dataset and one ``prov:Activity`` per build that changed it.

The counts cover every graph but graph/meta. They are summed from the catalog (each document's quads, classes and
properties, noted when it was converted) and from the few shared graphs, so that no build scans the whole store:
on 10,000 documents (50 million quads) a scan takes minutes. Documents and entities are counted by their class,
which the store answers from an index."""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import DefaultGraph, NamedNode, Quad, Store

from ontology.iris import Iris
from ontology.namespaces import CRM, DCAT, DCTERMS, DV, OA, PROV, RDF, RDFS, VOID, XSD, A, integer, text, typed
from server.build.dumps import current_dumps, distribution_quads, whole_checksums, write_dataset_dumps
from server.store.catalog import Catalog
from server.store.store import WritableStore
from server.wording import counted

TITLE = "Depesha: archival documents as CIDOC-CRM linked data"
DESCRIPTION = (
    "Documents of the Wilson Center Digital Archive (metadata, original-language transcripts and "
    "translations) with the people, groups and places they name, as CIDOC-CRM."
)
COUNT = """SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ {pattern} }} FILTER(?g != <{meta}>) }}"""


def _count(store: Store, pattern: str, meta: NamedNode) -> int:
    solution = next(iter(store.query(COUNT.format(pattern=pattern, meta=meta.value))))
    return int(solution["n"].value)


def shared_graphs(catalog: Catalog, iris: Iris) -> list[NamedNode | DefaultGraph]:
    """Every graph but the documents' and graph/meta: graph/entities, graph/vocab, the graphs loaded by hand."""
    loaded = [NamedNode(key) if key else DefaultGraph() for key, *_ in catalog.user_graphs()]
    return [iris.entities_graph, iris.vocab_graph, *loaded]


def vocabulary_of(quads: Iterable[Quad]) -> tuple[set[str], set[str]]:
    """The classes (objects of rdf:type) and the properties the quads use."""
    classes: set[str] = set()
    properties: set[str] = set()
    for quad in quads:
        properties.add(quad.predicate.value)
        if quad.predicate == RDF.type and isinstance(quad.object, NamedNode):
            classes.add(quad.object.value)
    return classes, properties


def refresh_after_write(store: WritableStore) -> None:
    """After a load or an HTTP write: the dumps' shared part (it holds the users' graphs) and graph/meta again, so
    that the dumps, the VoID and the Service Description agree with the store. A store never built has neither."""
    base = store.catalog.setting("base")
    if not base:
        return
    iris = Iris(base)
    write_dataset_dumps(store.oxigraph, store.catalog, store.folder, iris, set(), shared_graphs(store.catalog, iris))
    write_meta(store, iris)
    store.catalog.commit()


def write_meta(store: WritableStore, iris: Iris) -> None:
    store.replace_graph(iris.meta_graph, meta_quads(store.oxigraph, store.catalog, iris))


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
    triples, classes, properties = catalog.document_totals()
    shared = [q for g in shared_graphs(catalog, iris) for q in store.quads_for_pattern(None, None, None, g)]
    triples += len(shared)
    shared_classes, shared_properties = vocabulary_of(shared)
    classes |= shared_classes
    properties |= shared_properties
    add(dataset, VOID.triples, integer(triples))
    kinds = " ".join(f"<{c.value}>" for c in (CRM.E21_Person, CRM.E74_Group, CRM.E53_Place))
    add(dataset, VOID.entities, integer(_count(store, f"?s a ?c VALUES ?c {{ {kinds} }}", graph)))
    add(dataset, VOID.documents, integer(_count(store, f"?s a <{CRM.E31_Document.value}>", graph)))
    add(dataset, VOID.classes, integer(len(classes)))
    add(dataset, VOID.properties, integer(len(properties)))
    builds = catalog.builds()
    agent = iris.node("software/depesha")
    if builds:
        add(agent, A, PROV.SoftwareAgent)
        add(agent, RDFS.label, text(builds[-1][6]))
    for number, started, ended, loaded, unchanged, failed, _ in builds:
        activity = iris.node(f"build/{number}")
        add(activity, A, PROV.Activity)
        add(
            activity,
            RDFS.label,
            text(f"Build {number}: {counted(loaded, 'document')} loaded, {unchanged} unchanged, {failed} failed", "en"),
        )
        add(activity, PROV.startedAtTime, typed(started, XSD.dateTime))
        add(activity, PROV.endedAtTime, typed(ended, XSD.dateTime))
        add(activity, PROV.wasAssociatedWith, agent)
    if builds:
        last = builds[-1]
        add(dataset, DCTERMS.modified, typed(last[2], XSD.dateTime))
        add(dataset, PROV.wasGeneratedBy, iris.node(f"build/{last[0]}"))
    for record, build in catalog.document_builds():
        add(iris.document_graph(record), PROV.wasGeneratedBy, iris.node(f"build/{build}"))
    return quads + distribution_quads(current_dumps(catalog), iris, whole_checksums(catalog))
