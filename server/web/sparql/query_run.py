"""Running one query job against the store, inside a query worker process (``server/web/sparql/query_pool.py``): the
dataset the protocol asks for, the negotiated format, and the row cap, which stops the work as soon as the cap is passed
and answers an explicit error rather than a cut-off result.

Rows are counted on the way out: the results are written as TSV (SELECT) or N-Triples (CONSTRUCT/DESCRIBE), where
every solution or triple is exactly one line (line breaks inside literals are escaped), into a writer that stops
the serialisation past the cap. Other formats are converted from that text, which loses nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    parse,
    parse_query_results,
    serialize,
)

from ontology.namespaces import PREFIXES
from server.store.store import named_quads
from server.web.negotiation import DATASET_FORMATS, GRAPH_FORMATS, RESULT_FORMATS, Format, negotiate
from server.web.problems import Problem
from server.web.sparql.limits import PROBLEM_TYPES, Limits
from server.web.sparql.sparql_text import QueryShape, shape
from server.web.sparql.syntax_errors import readable

PREFIXED_FORMATS = {RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML}


@dataclass(frozen=True)
class QueryJob:
    """What a worker is asked to do; picklable. ``kind`` is "query", "graph" (a Graph Store Protocol GET: ``text`` is
    the graph IRI, "" for the default graph), "service-description" (``text`` is the endpoint URL), or a write
    (``server/web/sparql/write_run.py``)."""

    kind: str
    text: str
    accept: str | None = None
    default_graphs: tuple[str, ...] | None = None  # the protocol's dataset; both None when the request named none
    named_graphs: tuple[str, ...] | None = None
    update_endpoint: str | None = None  # for the Service Description, when updates are accepted
    data: bytes = b""  # a Graph Store write's body
    media_type: str = ""  # and its Content-Type
    shape: QueryShape | None = None  # the query's shape, when the app process has lexed it already
    base_iri: str | None = None  # relative IRIs resolve against it (the endpoint's URL)


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class _TooManyLines(Exception):
    pass


class _LineCappedBuffer:
    """A binary writer that keeps what it is given and stops the writer past ``max_lines`` lines."""

    def __init__(self, max_lines: int) -> None:
        self.max_lines = max_lines
        self.lines = 0
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        chunk = bytes(data)
        self.lines += chunk.count(b"\n")
        if self.lines > self.max_lines:
            raise _TooManyLines
        self.parts.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.parts)


@lru_cache(maxsize=64)
def negotiated(accept: str | None, graph_form: bool) -> Format | None:
    """The format chosen for ``accept``, None when nothing fits; remembered for the few Accept headers clients send."""
    return negotiate(accept, GRAPH_FORMATS if graph_form else RESULT_FORMATS)


def choose(accept: str | None, graph_form: bool) -> Format:
    """The negotiated format for results (SELECT/ASK) or a graph (CONSTRUCT/DESCRIBE); 406 when nothing fits.
    Clients send the same few Accept headers again and again: their outcome is remembered."""
    chosen = negotiated(accept, graph_form)
    if chosen is None:
        formats = GRAPH_FORMATS if graph_form else RESULT_FORMATS
        offered = ", ".join(dict.fromkeys(f.media_type for f in formats))
        raise Problem(406, "Not Acceptable", f"this answer can be given as: {offered}")
    return chosen


def content_type(chosen: Format) -> str:
    return chosen.media_type + ("; charset=utf-8" if chosen.media_type.startswith("text/") else "")


def too_large(limits: Limits, what: str) -> Problem:
    return Problem(
        422,
        "Result Too Large",
        f"the {what} has more than {limits.max_result_rows} rows, this endpoint's limit; nothing was "
        "returned. Narrow the query or add LIMIT (and OFFSET to page through it)",
        type=PROBLEM_TYPES + "result-too-large",
        extras={"limit": "max-result-rows", "value": limits.max_result_rows},
    )


def syntax_problem(exc: SyntaxError, text: str, what: str = "SPARQL") -> Problem:
    """A 400 with the parser's message made readable (``server/web/sparql/syntax_errors.py``), its line and column."""
    report = readable(str(exc), text, what)
    return Problem(400, "Bad Request", report.detail, extras=report.extras)


def dataset_options(job: QueryJob) -> dict[str, Any]:
    """default-graph-uri / named-graph-uri override the query's FROM / FROM NAMED (SPARQL 1.1 Protocol 2.1.4); with
    neither, the query's own dataset clauses; with none at all, the store's default graph, which is the union of every
    graph (``server/store/store.py``)."""
    if job.default_graphs is not None or job.named_graphs is not None:
        return {
            "default_graph": [NamedNode(iri) for iri in job.default_graphs or ()],
            "named_graphs": [NamedNode(iri) for iri in job.named_graphs or ()],
        }
    return {}


def serialize_results(result: QuerySolutions | QueryBoolean, chosen: Format, limits: Limits) -> bytes:
    if isinstance(result, QueryBoolean):
        return result.serialize(format=chosen.results)
    buffer = _LineCappedBuffer(limits.max_result_rows + 1)  # the header line, then one line per solution
    try:
        result.serialize(buffer, format=QueryResultsFormat.TSV)
    except _TooManyLines:
        raise too_large(limits, "result") from None
    if chosen.results == QueryResultsFormat.TSV:
        return buffer.value()
    return parse_query_results(buffer.value(), QueryResultsFormat.TSV).serialize(format=chosen.results)


def serialize_graph(result, chosen: Format, limits: Limits) -> bytes:
    buffer = _LineCappedBuffer(limits.max_result_rows)
    try:
        result.serialize(buffer, format=RdfFormat.N_TRIPLES)
    except _TooManyLines:
        raise too_large(limits, "graph") from None
    if chosen.rdf == RdfFormat.N_TRIPLES:
        return buffer.value()
    triples = (quad.triple for quad in parse(buffer.value(), format=RdfFormat.N_TRIPLES))
    options = {"prefixes": PREFIXES} if chosen.rdf in PREFIXED_FORMATS else {}
    return serialize(triples, format=chosen.rdf, **options)


def run_query(store: Store, job: QueryJob, limits: Limits, rewrite=None) -> Answer:
    """Evaluate a query job. ``rewrite(text, shape)`` may rewrite the text before evaluation (SERVICE relay)."""
    query_shape = job.shape or shape(job.text)
    text = rewrite(job.text, query_shape) if rewrite else job.text
    try:
        result = store.query(text, base_iri=job.base_iri, **dataset_options(job))
        if isinstance(result, QuerySolutions | QueryBoolean):
            chosen = choose(job.accept, graph_form=False)
            body = serialize_results(result, chosen, limits)
        else:
            chosen = choose(job.accept, graph_form=True)
            body = serialize_graph(result, chosen, limits)
    except SyntaxError as exc:
        raise syntax_problem(exc, text) from None
    return Answer(body, content_type(chosen))


def read_graph(store: Store, job: QueryJob, limits: Limits) -> Answer:
    """A Graph Store Protocol GET: the graph ``job.text`` ("" for the store's own default graph)."""
    graph = NamedNode(job.text) if job.text else DefaultGraph()
    if isinstance(graph, NamedNode) and not store.contains_named_graph(graph):
        raise Problem(404, "Not Found", f"there is no graph <{job.text}> in this store")
    chosen = choose(job.accept, graph_form=True)
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph=graph)
    return Answer(serialize_graph(result, chosen, limits), content_type(chosen))


def read_dataset(store: Store, job: QueryJob, limits: Limits) -> Answer:
    """A Graph Store Protocol GET of the whole dataset (no ``graph`` or ``default``): every named graph, as N-Quads or
    TriG, within the row cap; a larger dataset is in the dumps."""
    chosen = negotiate(job.accept, DATASET_FORMATS)
    if chosen is None:
        raise Problem(406, "Not Acceptable", "the whole dataset is given as application/n-quads or application/trig")
    buffer = _LineCappedBuffer(limits.max_result_rows)
    try:
        serialize(named_quads(store), buffer, format=RdfFormat.N_QUADS)
    except _TooManyLines:
        raise Problem(
            422,
            "Dataset Too Large",
            f"the dataset has more than {limits.max_result_rows} quads, this "
            "endpoint's limit for one answer; download it from /dumps/depesha.nq.gz (listed at "
            "/.well-known/void), or GET one graph with ?graph=IRI",
            type=PROBLEM_TYPES + "result-too-large",
            extras={"limit": "max-result-rows", "value": limits.max_result_rows},
        ) from None
    body = buffer.value()
    if chosen.rdf == RdfFormat.TRIG:
        body = serialize(parse(body, format=RdfFormat.N_QUADS), format=RdfFormat.TRIG, prefixes=PREFIXES)
    return Answer(body, content_type(chosen))
