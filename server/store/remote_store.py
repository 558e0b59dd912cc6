"""Pages, reconciliation and search over a remote SPARQL 1.1 endpoint (``depesha serve --endpoint URL``) instead of
the embedded store: the part of the pyoxigraph ``Store`` API the views use, answered over the SPARQL 1.1 Protocol.

- ``query(text)`` POSTs the query and parses the answer into pyoxigraph objects (SELECT/ASK: ``QuerySolutions`` or
  ``QueryBoolean``; CONSTRUCT/DESCRIBE: a list of triples). The views' queries that read the union of all graphs are
  sent unchanged, so the endpoint's default graph must be that union (``check_endpoint`` says when it is not).
- ``quads_for_pattern``, ``named_graphs`` and ``contains_named_graph`` become ``GRAPH ?g { ... }`` queries: they see
  the named graphs only (``depesha publish`` puts every triple in one).

A ``RemoteReader`` stands in for the ``SnapshotReader``: there is no snapshot to follow, so its "snapshot" is a time
period of ``refresh_s`` seconds. Each period gets a fresh ``RemoteStore`` with an empty answer cache, and the pages'
validators and per-snapshot caches (browse lists, the reconciliation index) are renewed with it.

An endpoint that cannot be reached or answers an error is a 502 problem, one that is too slow a 504: never a 500.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from datetime import UTC, datetime

import requests
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)

from converter.errors import ConfigError, RemoteError
from ontology.iris import Iris
from server import USER_AGENT as SOFTWARE_AGENT
from server.store.store import Stamp

USER_AGENT = SOFTWARE_AGENT + " (serve --endpoint)"
CONNECT_TIMEOUT_S = 5.0
CACHE_ENTRIES = 20_000
ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, application/n-triples;q=0.8, "
    "text/turtle;q=0.7"
)
VOID_DATASET = "http://rdfs.org/ns/void#Dataset"
DOCUMENT_PART = re.compile(r"(.+/)id/document/([^/#]+)[/#]")  # a part of a document: BASE, record (MODEL.md, IRIs)

Term = NamedNode | BlankNode | Literal


class RemoteEndpoint:
    """A SPARQL 1.1 Protocol client for one query endpoint: POSTed queries, timeouts, ``RemoteError`` when it fails."""

    def __init__(self, url: str, timeout_s: float) -> None:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"--endpoint '{url}' is not an http(s) URL of a SPARQL query endpoint")
        self.url = url
        self.timeout_s = timeout_s
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT

    def post(
        self, form: dict[str, str | list[str]], accept: str, timeout_s: float | None = None, stream: bool = False
    ) -> requests.Response:
        """The endpoint's answer to a POSTed form; ``RemoteError`` when it cannot be reached or is too slow."""
        timeout = timeout_s or self.timeout_s
        try:
            response = self.session.post(
                self.url,
                data=form,
                headers={"Accept": accept},
                stream=stream,
                timeout=(min(CONNECT_TIMEOUT_S, timeout), timeout),
            )
        except requests.Timeout:
            raise self.timeout_problem(timeout) from None
        except requests.RequestException as exc:
            raise RemoteError(
                f"cannot reach the SPARQL endpoint {self.url}: {reason(exc)}", kind="remote-unreachable"
            ) from None
        return response

    def timeout_problem(self, timeout: float) -> RemoteError:
        return RemoteError(
            f"the SPARQL endpoint {self.url} did not answer within {timeout:g} s",
            kind="remote-timeout",
            timeout_s=timeout,
        )

    def failed(self, response: requests.Response) -> RemoteError:
        text = " ".join(response.text[:300].split())
        return RemoteError(
            f"the SPARQL endpoint {self.url} answered HTTP {response.status_code}" + (f": {text}" if text else ""),
            remote_status=response.status_code,
        )

    def answer(self, text: str, dataset: dict[str, list[str]] | None = None):
        """A query's result as pyoxigraph objects (see ``RemoteStore.query``)."""
        try:
            response = self.post({"query": text, **(dataset or {})}, ACCEPT)
            body = response.content
        except requests.Timeout:
            raise self.timeout_problem(self.timeout_s) from None
        except requests.RequestException as exc:
            raise RemoteError(f"the SPARQL endpoint {self.url} broke off its answer: {reason(exc)}") from None
        if response.status_code >= 300:
            raise self.failed(response)
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            results_format = QueryResultsFormat.from_media_type(media_type) if media_type else None
            if results_format is not None:
                return parse_query_results(body, format=results_format)
            rdf_format = RdfFormat.from_media_type(media_type) if media_type else None
            if rdf_format is not None:
                return [quad.triple for quad in parse(body, format=rdf_format)]
        except (SyntaxError, ValueError) as exc:
            raise RemoteError(f"the answer of the SPARQL endpoint {self.url} could not be read: {exc}") from None
        raise RemoteError(
            f"the SPARQL endpoint {self.url} answered in '{media_type or 'no type'}', not in a SPARQL "
            "results or RDF format"
        )


def reason(exc: Exception) -> str:
    """The gist of a requests error (its message nests the whole urllib3 chain)."""
    text = str(exc)
    for gist in (
        "Connection refused",
        "Name or service not known",
        "No route to host",
        "Connection reset",
        "Remote end closed connection",
    ):
        if gist in text:
            return gist.lower()
    return text[:200]


def sparql_term(term: Term | NamedNode) -> str | None:
    """A term written in a query; None for a blank node (its label means nothing to the endpoint)."""
    return None if isinstance(term, BlankNode) else str(term)


class RemoteStore:
    """What the views call on a pyoxigraph ``Store``, answered by the endpoint; answers are kept for the period."""

    def __init__(self, endpoint: RemoteEndpoint) -> None:
        self.endpoint = endpoint
        self._cache: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def _cached(self, key: tuple, compute):
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = compute()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return value

    def query(
        self, query: str, *, use_default_graph_as_union: bool = False, default_graph=None, named_graphs=None
    ) -> QuerySolutions | QueryBoolean | list[Triple]:
        """SELECT/ASK results or a CONSTRUCT/DESCRIBE graph. With no dataset given the endpoint's default graph is
        read, which ``serve --endpoint`` requires to be the union of all graphs (``use_default_graph_as_union``)."""
        dataset: dict[str, list[str]] = {}
        if default_graph is not None:
            graphs = default_graph if isinstance(default_graph, list | tuple) else [default_graph]
            dataset["default-graph-uri"] = [g.value for g in graphs if isinstance(g, NamedNode)]
        if named_graphs is not None:
            dataset["named-graph-uri"] = [g.value for g in named_graphs if isinstance(g, NamedNode)]
        return self.endpoint.answer(query, dataset)

    def quads_for_pattern(
        self,
        subject: Term | None,
        predicate: NamedNode | None,
        obj: Term | None,
        graph_name: NamedNode | DefaultGraph | None = None,
    ) -> list[Quad]:
        """The quads of the named graphs that match; with ``graph_name`` the default graph, the triples of the union
        (what a store's default graph holds, ``server/store/store.py``), each once."""
        if isinstance(graph_name, DefaultGraph):
            found = self.quads_for_pattern(subject, predicate, obj, None)
            return list(dict.fromkeys(Quad(q.subject, q.predicate, q.object) for q in found))
        if isinstance(subject, NamedNode) and obj is None:  # the pages read a thing property by property: one query
            self._prefetch_document(subject)
            return [
                q
                for q in self._matching(subject, None, None, None)
                if predicate in (None, q.predicate) and graph_name in (None, q.graph_name)
            ]
        return self._matching(subject, predicate, obj, graph_name)

    def _prefetch_document(self, subject: NamedNode) -> None:
        """A document page reads hundreds of its parts (annotations, their targets, events): on the first part asked
        for, everything said about every subject of the document's graph comes in one query."""
        match = DOCUMENT_PART.match(subject.value)
        if match is None:
            return
        graph = Iris(match.group(1)).document_graph(match.group(2))
        if ("prefetched", graph.value) in self._cache:
            return
        rows = self.query(
            f"SELECT ?s ?p ?o ?g WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ GRAPH <{graph.value}> "
            "{ ?s ?x ?y } } } GRAPH ?g { ?s ?p ?o } }"
        )
        described: dict[str, list[Quad]] = {}
        for row in rows:
            if isinstance(row["s"], NamedNode):
                described.setdefault(row["s"].value, []).append(Quad(row["s"], row["p"], row["o"], row["g"]))
        with self._lock:
            for iri, found in described.items():
                self._cache[("quads", f"<{iri}>", None, None, None)] = found
            self._cache[("prefetched", graph.value)] = True

    def _matching(
        self, subject: Term | None, predicate: NamedNode | None, obj: Term | None, graph_name: NamedNode | None
    ) -> list[Quad]:
        terms = {"s": subject, "p": predicate, "o": obj, "g": graph_name}
        written = {name: sparql_term(term) for name, term in terms.items() if term is not None}
        if None in written.values():
            return []
        unbound = [name for name, term in terms.items() if term is None]
        key = ("quads", *(written.get(name) for name in "spog"))

        def fetch() -> list[Quad]:
            pattern = " ".join(written.get(name, "?" + name) for name in "spo")
            text = (
                f"SELECT {' '.join('?' + n for n in unbound) or '*'} "
                f"WHERE {{ GRAPH {written.get('g', '?g')} {{ {pattern} }} }}"
            )
            rows = self.query(text)
            return [Quad(*(row[name] if name in unbound else terms[name] for name in "spog")) for row in rows]

        return list(self._cached(key, fetch))

    def named_graphs(self) -> Iterable[NamedNode]:
        def fetch() -> list[NamedNode]:
            rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            return [row["g"] for row in rows if isinstance(row["g"], NamedNode)]

        return list(self._cached(("graphs",), fetch))

    def contains_named_graph(self, graph: NamedNode) -> bool:
        if not isinstance(graph, NamedNode):
            return False
        return bool(
            self._cached(("graph", graph.value), lambda: self.query(f"ASK {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}"))
        )


class RemoteReader:
    """The ``SnapshotReader`` of a remote endpoint: a fresh ``RemoteStore`` (and stamp) every ``refresh_s`` seconds."""

    def __init__(self, endpoint: RemoteEndpoint, refresh_s: float) -> None:
        self.endpoint = endpoint
        self.refresh_s = refresh_s
        self._lock = threading.Lock()
        self._period = -1
        self._store = RemoteStore(endpoint)

    def _current_period(self) -> int:
        return int(time.time() // self.refresh_s)

    def store(self) -> RemoteStore:
        period = self._current_period()
        with self._lock:
            if period != self._period:
                self._store, self._period = RemoteStore(self.endpoint), period
            return self._store

    def stamp(self) -> Stamp:
        period = self._current_period()
        return Stamp(f"remote-{period}", datetime.fromtimestamp(int(period * self.refresh_s), UTC))

    def published_base(self) -> str | None:
        """The base IRI the data was built with, read from its dataset graph (``BASE/graph/meta``); None when the
        endpoint has none or cannot be asked now."""
        try:
            rows = self.store().query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?d a <{VOID_DATASET}> }} }} LIMIT 20")
        except RemoteError:
            return None
        bases = sorted(
            row["g"].value.removesuffix("graph/meta") for row in rows if row["g"].value.endswith("/graph/meta")
        )
        return bases[0] if bases else None


def check_endpoint(endpoint: RemoteEndpoint) -> str | None:
    """Why the endpoint cannot serve the pages as it is set up (its default graph is not the union of its named
    graphs), or None when it can. A problem when it cannot be reached."""
    store = RemoteStore(endpoint)
    if not store.query("ASK { GRAPH ?g { ?s ?p ?o } }"):
        return None  # no named graphs (yet): nothing to check
    if store.query("ASK { ?s ?p ?o }"):
        return None
    return (
        f"the default graph of {endpoint.url} is empty while its named graphs hold data: the pages query the "
        "union of all graphs as the default graph. Make that the endpoint's default (oxigraph serve "
        "--union-default-graph; Fuseki: tdb2:unionDefaultGraph true; GraphDB and Virtuoso do so already)"
    )
