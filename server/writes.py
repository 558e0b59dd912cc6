"""Writing over HTTP: SPARQL 1.1 Update at ``/update`` and the Graph Store Protocol at ``/store``.

Reading the Graph Store (GET, HEAD) is open to everyone and runs in the query workers like any query. Writing is off
unless a write token is configured, and then needs ``Authorization: Bearer TOKEN``.

How writes live with ``depesha build``: the primary database has one writer at a time (RocksDB's lock). A write opens
it for the length of the request, applies the change in one transaction, publishes a new snapshot (which every query
worker picks up on its next query) and closes it. While a build or ``depesha load`` holds the lock, a write waits up
to a few seconds and is then refused with 503 and ``Retry-After``, having changed nothing; a build that starts while
a write holds the lock fails at once, as it does when another build runs. Writes touch only the users' graphs:
graphs under ``{base}graph/`` are the build's (an update naming one, CLEAR/DROP ALL or NAMED, and GRAPH ?variable in
an update are refused), ``LOAD`` and ``SERVICE`` are refused (no fetching of URLs). ``graph/meta``'s counts are
refreshed by the next build or load, not by each write.
"""

from __future__ import annotations

import contextlib
import hmac
import time
from collections.abc import Iterator
from pathlib import Path

from flask import Blueprint, Request, Response, request
from pyoxigraph import DefaultGraph, NamedNode, RdfFormat

from converter.errors import ConfigError, InputError

from .limits import Limits
from .loading import Graph, add_quads, is_managed, read_rdf, remove_user_graph, store_base, sync_user_graphs
from .problems import Problem
from .query_pool import QueryPool
from .query_run import QueryJob, syntax_problem
from .sparql import FORM, UPDATE, decode, parameters
from .sparql_text import shape
from .store import StoreBusy, WritableStore

LOCK_WAIT_S = 5.0


def authorize(req: Request, token: str | None) -> None:
    if not token:
        raise Problem(403, "Forbidden", "this endpoint is read-only: writing is off (no write token is configured)")
    given = req.headers.get("Authorization", "")
    scheme, _, credentials = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(credentials.strip().encode(), token.encode()):
        raise Problem(401, "Unauthorized", "writing needs 'Authorization: Bearer TOKEN' with this server's write token",
                      headers={"WWW-Authenticate": 'Bearer realm="depesha"'
                               + (', error="invalid_token"' if given else "")})


@contextlib.contextmanager
def primary(folder: Path) -> Iterator[WritableStore]:
    """The primary database, waiting a little for a build or load to release it; 503 (nothing changed) if not."""
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            store = WritableStore(folder)
            break
        except StoreBusy:
            if time.monotonic() > deadline:
                raise Problem(503, "Service Unavailable", "a build or load is running on this store; nothing was "
                              "changed, retry when it has ended", headers={"Retry-After": "30"}) from None
            time.sleep(0.1)
    try:
        yield store
    finally:
        store.close()


def _update_text(req: Request) -> str:
    url_params = parameters(req.query_string, "utf-8", "query string")
    if req.mimetype == FORM:
        params = parameters(req.get_data(cache=True), req.mimetype_params.get("charset"), "form body")
        values = params.get("update", [])
        if "query" in params:
            raise Problem(400, "Bad Request", "this is the update endpoint: send queries to /sparql")
    elif req.mimetype == UPDATE:
        params = url_params
        values = [decode(req.get_data(cache=True), req.mimetype_params.get("charset"), "request body")]
    else:
        raise Problem(415, "Unsupported Media Type", f"POST an update as {FORM} (update=...) or {UPDATE} "
                      f"(got {req.mimetype or 'no Content-Type'})")
    if "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise Problem(400, "Bad Request", "using-graph-uri and using-named-graph-uri are not supported; write USING "
                      "in the update")
    if len(values) != 1:
        raise Problem(400, "Bad Request", "exactly one 'update' parameter is required")
    return values[0]


def _check_update(text: str, base: str) -> None:
    update_shape = shape(text)
    if update_shape.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise Problem(400, "Bad Request", "this is the update endpoint: send queries to /sparql")
    if "LOAD" in update_shape.keywords or "SERVICE" in update_shape.keywords:
        raise Problem(403, "Forbidden", "LOAD and SERVICE are not allowed in updates (the server fetches no URL); "
                      "send the data with the Graph Store Protocol (PUT/POST /store) instead")
    managed = sorted(iri for iri in update_shape.iris if is_managed(NamedNode(iri), base))
    if managed or update_shape.clears_many or update_shape.graph_variable:
        what = f"<{managed[0]}> is" if managed else "CLEAR/DROP ALL or NAMED, or GRAPH ?variable, would be"
        raise Problem(403, "Forbidden", f"{what} outside the users' graphs: graphs under {base}graph/ are made by "
                      "'depesha build' and only a build changes them; name your own graphs")


def _target_graph(req: Request) -> Graph:
    params = parameters(req.query_string, "utf-8", "query string")
    graphs, default = params.get("graph", []), "default" in params
    if len(graphs) + default != 1:
        raise Problem(400, "Bad Request", "name exactly one graph: ?graph=IRI or ?default")
    if default:
        return DefaultGraph()
    try:
        return NamedNode(graphs[0])
    except ValueError:
        raise Problem(400, "Bad Request", f"graph '{graphs[0]}' is not an absolute IRI") from None


def writes_blueprint(store: Path, limits: Limits, token: str | None, pool: QueryPool) -> Blueprint:
    blueprint = Blueprint("writes", __name__)

    def allow_upload() -> None:
        request.max_content_length = limits.max_upload_bytes

    @blueprint.route("/update", methods=["POST"])
    def update() -> Response:
        authorize(request, token)
        allow_upload()
        text = _update_text(request)
        with primary(store) as primary_store:
            _check_update(text, store_base(primary_store))
            try:
                primary_store.oxigraph.update(text)
            except SyntaxError as exc:
                raise syntax_problem(exc, "SPARQL Update") from None
            except (RuntimeError, ValueError, OSError) as exc:
                raise Problem(400, "Bad Request", f"the update failed and changed nothing: {exc}") from None
            sync_user_graphs(primary_store, "SPARQL Update")
            primary_store.publish_snapshot()
        return Response(status=204)

    @blueprint.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
    def graph_store() -> Response:
        graph = _target_graph(request)
        name = graph.value if isinstance(graph, NamedNode) else ""
        if request.method in ("GET", "HEAD"):
            answer = pool.run(QueryJob("graph", name, request.headers.get("Accept")))
            return Response(answer.body, 200, content_type=answer.media_type, headers={"Vary": "Accept"})
        authorize(request, token)
        allow_upload()
        with primary(store) as primary_store:
            if request.method == "DELETE":
                if isinstance(graph, NamedNode) and not primary_store.oxigraph.contains_named_graph(graph):
                    raise Problem(404, "Not Found", f"there is no graph <{name}> in this store")
                _write(lambda: remove_user_graph(primary_store, graph))
                primary_store.publish_snapshot()
                return Response(status=204)
            rdf_format = RdfFormat.from_media_type(request.mimetype) if request.mimetype else None
            if rdf_format is None:
                raise Problem(415, "Unsupported Media Type", "send RDF as Turtle, N-Triples, N-Quads, TriG, RDF/XML "
                              f"or JSON-LD, named by Content-Type (got {request.mimetype or 'none'})")
            data = request.get_data(cache=False)
            quads = _write(lambda: read_rdf(data, rdf_format, "request body", graph))
            report = _write(lambda: add_quads(primary_store, quads, f"HTTP {request.method}",
                                              replace=[graph] if request.method == "PUT" else []))
            primary_store.publish_snapshot()
        # 201 when the graph is new; the header counts triples not added because another graph has them
        return Response(status=201 if name in report.created else 204,
                        headers={"X-Depesha-Skipped-Elsewhere": str(report.elsewhere)})

    return blueprint


def _write(action):
    """Run a write step; a refused input (bad RDF, a graph of the build's) is a 4xx that changed nothing."""
    try:
        return action()
    except InputError as exc:
        raise Problem(400, "Bad Request", str(exc)) from None
    except ConfigError as exc:
        raise Problem(403, "Forbidden", str(exc)) from None
