"""Users' own RDF beside the converted documents: ``depesha load`` and the Graph Store Protocol's PUT/POST.

Rules, the same for both:

- Triples go into the graph the user names (``--graph IRI`` or ``?graph=``); quads of N-Quads/TriG files keep their
  graph unless a graph is named.
- Graphs under ``{base}graph/`` belong to ``depesha build`` (documents, entities, vocabulary, metadata) and are
  refused: a build would overwrite them.
- A graph holds exactly what was put into it (the Graph Store Protocol's semantics), even a triple that another
  graph holds too: the union that queries read counts it once all the same (``server/store/store.py``, ``UNION``).
- Triples written to "the default graph" (no graph named) are kept in the user default graph ``{base}user/default``:
  the default graph that queries and ``GET /store?default`` see is the union of all graphs.
- The catalog records each user graph (source, quads, time), so builds and tools know it is the user's; a build
  never removes a graph it did not make.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, parse

from converter.errors import ConfigError, InputError, ManagedGraphError
from ontology.namespaces import DEFAULT_BASE
from server.store.store import USER_DEFAULT, WritableStore

SUFFIXES = {
    ".ttl": RdfFormat.TURTLE,
    ".turtle": RdfFormat.TURTLE,
    ".nt": RdfFormat.N_TRIPLES,
    ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG,
    ".rdf": RdfFormat.RDF_XML,
    ".xml": RdfFormat.RDF_XML,
    ".owl": RdfFormat.RDF_XML,
    ".jsonld": RdfFormat.JSON_LD,
    ".json": RdfFormat.JSON_LD,
}
FORMAT_NAMES = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "rdfxml": RdfFormat.RDF_XML,
    "jsonld": RdfFormat.JSON_LD,
}
Graph = NamedNode | DefaultGraph


@dataclass
class LoadReport:
    added: int = 0
    already_there: int = 0  # already in the target graph
    graphs: set[str] = field(default_factory=set)  # graphs written
    created: set[str] = field(default_factory=set)  # of those, graphs that did not exist before and do now


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def store_base(store: WritableStore) -> str:
    return store.catalog.setting("base") or DEFAULT_BASE


def is_managed(graph: Graph, base: str) -> bool:
    """A graph that ``depesha build`` makes and may replace at any time."""
    return isinstance(graph, NamedNode) and graph.value.startswith(base + "graph/")


def user_graph(graph: Graph, base: str) -> NamedNode:
    """Where a user's triples for ``graph`` are kept: the graph itself, or for the default graph the user default
    graph (the default graph is the union)."""
    return graph if isinstance(graph, NamedNode) else NamedNode(base + USER_DEFAULT)


def graph_key(graph: Graph) -> str:
    return graph.value if isinstance(graph, NamedNode) else ""


def format_of(path: Path, name: str | None) -> RdfFormat:
    if name:
        return FORMAT_NAMES[name]
    rdf_format = SUFFIXES.get(path.suffix.lower())
    if rdf_format is None:
        raise ConfigError(
            f"{path}: cannot tell the RDF format from the suffix '{path.suffix}'; give --format "
            f"({', '.join(FORMAT_NAMES)})"
        )
    return rdf_format


def read_rdf(
    data: bytes, rdf_format: RdfFormat, source: str, graph: Graph | None, base_iri: str | None = None
) -> list[Quad]:
    """Every quad of ``data``; triples (and, when ``graph`` is given, quads) go to ``graph``. Parsed whole before
    anything is written, so a file with an error changes nothing."""
    try:
        quads = list(parse(data, format=rdf_format, base_iri=base_iri))
    except SyntaxError as exc:
        line = exc.args[1][1] if len(exc.args) > 1 and isinstance(exc.args[1], tuple) else None
        raise InputError(
            f"not valid {rdf_format.name}: {exc.args[0] if exc.args else exc}", source=source, line=line
        ) from None
    if graph is None:
        return quads
    return [Quad(q.subject, q.predicate, q.object, graph) for q in quads]


def add_quads(store: WritableStore, quads: Iterable[Quad], source: str, replace: Iterable[Graph] = ()) -> LoadReport:
    """Add ``quads`` (after emptying the graphs in ``replace``), each graph getting exactly what it is given, and
    record the user graphs in the catalog. The caller publishes a snapshot."""
    base = store_base(store)
    quads = [Quad(q.subject, q.predicate, q.object, user_graph(q.graph_name, base)) for q in quads]
    replace = [user_graph(graph, base) for graph in replace]
    for graph in [q.graph_name for q in quads] + replace:
        if is_managed(graph, base):
            raise ManagedGraphError(
                f"{source}: the graph <{graph.value}> is made by 'depesha build' and cannot be "
                "written; load your data into a graph of your own (--graph IRI)"
            )
    oxigraph = store.oxigraph
    report = LoadReport()
    existing = {g.value for g in oxigraph.named_graphs()}
    for graph in replace:
        store.clear_graph(graph)
        report.graphs.add(graph.value)
    new: list[Quad] = []
    for quad in dict.fromkeys(quads):
        report.graphs.add(quad.graph_name.value)
        if quad in oxigraph:
            report.already_there += 1
        else:
            new.append(quad)
    store.add(new)
    report.added = len(new)
    report.created = {key for key in report.graphs - existing if oxigraph.contains_named_graph(NamedNode(key))}
    stamp = now()
    for key in report.graphs:
        count = sum(1 for _ in oxigraph.quads_for_pattern(None, None, None, NamedNode(key)))
        store.catalog.put_user_graph(key, source, count, stamp)
    store.catalog.commit()
    return report


def remove_user_graph(store: WritableStore, graph: Graph) -> None:
    """Drop a user graph (its catalog row too); managed graphs are refused. For the default graph: empty the user
    default graph."""
    base = store_base(store)
    if is_managed(graph, base):
        raise ManagedGraphError(f"the graph <{graph_key(graph)}> is made by 'depesha build' and cannot be deleted")
    target = user_graph(graph, base)
    store.remove_graph(target)
    store.catalog.put_user_graph(target.value, "", 0, now())
    store.catalog.commit()
