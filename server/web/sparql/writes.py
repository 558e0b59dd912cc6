"""Writing over HTTP: SPARQL 1.1 Update at ``/update`` and the Graph Store Protocol at ``/store``.

Reading the Graph Store (GET, HEAD) is open to everyone. Writing is off unless a write token is configured, and then
needs ``Authorization: Bearer TOKEN``. This module reads and checks the request; the write itself runs in a query
worker process (``server/web/sparql/write_run.py`` says why, and how writes live with ``depesha build``)."""

from __future__ import annotations

import hmac

from flask import Blueprint, Request, Response, request
from pyoxigraph import NamedNode

from server.web.problems import Problem
from server.web.public_url import public_url
from server.web.sparql.limits import Limits
from server.web.sparql.query_pool import QueryPool
from server.web.sparql.query_run import Answer, QueryJob
from server.web.sparql.sparql import FORM, UPDATE, decode, parameters
from server.web.sparql.sparql_text import shape, with_dataset


def authorize(req: Request, token: str | None) -> None:
    if not token:
        raise Problem(403, "Forbidden", "this endpoint is read-only: writing is off (no write token is configured)")
    given = req.headers.get("Authorization", "")
    scheme, _, credentials = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(credentials.strip().encode(), token.encode()):
        raise Problem(
            401,
            "Unauthorized",
            "writing needs 'Authorization: Bearer TOKEN' with this server's write token",
            headers={"WWW-Authenticate": 'Bearer realm="depesha"' + (', error="invalid_token"' if given else "")},
        )


def update_text(req: Request) -> str:
    """The update of a POST form-encoded (``update=``) or direct (``application/sparql-update``) request, with the
    protocol's ``using-graph-uri`` / ``using-named-graph-uri`` written in as USING clauses."""
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
        raise Problem(
            415,
            "Unsupported Media Type",
            f"POST an update as {FORM} (update=...) or {UPDATE} (got {req.mimetype or 'no Content-Type'})",
        )
    if len(values) != 1:
        raise Problem(400, "Bad Request", "exactly one 'update' parameter is required")
    using, using_named = params.get("using-graph-uri", []), params.get("using-named-graph-uri", [])
    if not using and not using_named:
        return values[0]
    for iri in using + using_named:
        try:
            NamedNode(iri)
        except ValueError:
            raise Problem(400, "Bad Request", f"'{iri}' is not an absolute IRI") from None
    if {"USING", "WITH"} & shape(values[0]).keywords:
        raise Problem(
            400,
            "Bad Request",
            "using-graph-uri and using-named-graph-uri cannot be given with an update "
            "that has USING, USING NAMED or WITH (SPARQL 1.1 Protocol 2.2.3)",
        )
    return with_dataset(values[0], using, using_named)


def target_graph(req: Request) -> str | None:
    """The graph IRI of ``?graph=IRI``, "" for ``?default``, None when neither names a graph (the whole dataset)."""
    params = parameters(req.query_string, "utf-8", "query string")
    graphs, default = params.get("graph", []), "default" in params
    if not graphs and not default:
        return None
    if len(graphs) + default != 1:
        raise Problem(400, "Bad Request", "name exactly one graph: ?graph=IRI or ?default")
    if default:
        return ""
    try:
        return NamedNode(graphs[0]).value
    except ValueError:
        raise Problem(400, "Bad Request", f"graph '{graphs[0]}' is not an absolute IRI") from None


def _response(answer: Answer) -> Response:
    headers = {"Vary": "Accept", **answer.headers} if answer.body else answer.headers
    return Response(answer.body or None, answer.status, content_type=answer.media_type or None, headers=headers)


def writes_blueprint(limits: Limits, token: str | None, pool: QueryPool) -> Blueprint:
    blueprint = Blueprint("writes", __name__)

    @blueprint.route("/update", methods=["GET", "HEAD", "PUT", "DELETE", "PATCH"])
    def update_by_other_methods() -> Response:
        raise Problem(
            405,
            "Method Not Allowed",
            "an update is sent with POST (SPARQL 1.1 Protocol 2.2)",
            headers={"Allow": "POST, OPTIONS"},
        )

    @blueprint.route("/update", methods=["POST"])
    def update() -> Response:
        authorize(request, token)
        request.max_content_length = limits.max_upload_bytes
        return _response(pool.run(QueryJob("update", update_text(request), base_iri=public_url("update"))))

    @blueprint.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
    def graph_store() -> Response:
        graph = target_graph(request)
        accept = request.headers.get("Accept")
        if request.method in ("GET", "HEAD"):
            return _response(pool.run(QueryJob("graph" if graph is not None else "dataset", graph or "", accept)))
        if graph is None and request.method == "DELETE":
            raise Problem(400, "Bad Request", "DELETE names one graph: ?graph=IRI or ?default")
        authorize(request, token)
        request.max_content_length = limits.max_upload_bytes
        data = request.get_data(cache=False) if request.method != "DELETE" else b""
        kind = request.method.lower() + ("-dataset" if graph is None else "")
        return _response(pool.run(QueryJob(kind, graph or "", data=data, media_type=request.mimetype)))

    return blueprint
