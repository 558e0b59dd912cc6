"""``/sparql``, ``/update`` and ``/store`` when ``depesha serve --endpoint URL`` shows a remote endpoint
(``server/store/remote_store.py``): a query is checked as the embedded endpoint checks it (request size, one query, no
update, the SERVICE allow-list, dataset IRIs; ``server/web/sparql/sparql.py``), then forwarded to the remote endpoint
with the client's ``Accept`` and relayed with the remote's content type. The query timeout bounds the whole exchange
(504); an unreachable or failing endpoint is a 502; the remote's own 4xx (a syntax error, a format it cannot give) is
passed on with its status and message. Writes go to the remote store directly, so ``/update`` and ``/store`` are 501.
"""

from __future__ import annotations

import time

import requests
from flask import Blueprint, Response, request
from pyoxigraph import serialize

from ontology.namespaces import PREFIXES
from server.store.remote_store import RemoteEndpoint, RemoteReader, reason
from server.web.problems import Problem
from server.web.public_url import public_url
from server.web.sparql.limits import PROBLEM_TYPES, Limits
from server.web.sparql.query_run import PREFIXED_FORMATS, choose, content_type
from server.web.sparql.service_description import service_description
from server.web.sparql.sparql import query_job, read_query_request

RELAY_BYTES_PER_ROW = 2048  # a relayed answer may have max_result_rows times this many bytes: 503 beyond
CHUNK = 65536


def relay_sparql(reader: RemoteReader, limits: Limits) -> Response:
    """GET or POST /sparql over the remote endpoint; a plain GET is this server's Service Description."""
    accept = request.headers.get("Accept") or "*/*"
    if request.method in ("GET", "HEAD") and not request.query_string:
        return _service_description(reader, limits, accept)
    query_request = read_query_request(request, limits)
    query_job(query_request, accept, limits)  # refuses what the embedded endpoint refuses, before sending
    form: dict[str, str | list[str]] = {"query": query_request.query}
    if query_request.names_dataset:
        form["default-graph-uri"] = query_request.default_graphs
        form["named-graph-uri"] = query_request.named_graphs
    endpoint = reader.endpoint
    deadline = time.monotonic() + limits.query_timeout_s
    response = endpoint.post(form, accept, timeout_s=limits.query_timeout_s, stream=True)
    with response:
        body = _read(response, endpoint, deadline, limits)
    if response.status_code >= 500:
        raise endpoint.failed(response)
    if response.status_code >= 400:
        message = " ".join(body[:1000].decode("utf-8", "replace").split())
        raise Problem(
            response.status_code,
            response.reason or "Error",
            f"the SPARQL endpoint {endpoint.url} refused the query: {message}",
            extras={"remote-status": response.status_code},
        )
    media_type = response.headers.get("Content-Type", "application/octet-stream")
    return Response(body, response.status_code, content_type=media_type, headers={"Vary": "Accept"})


def _read(response: requests.Response, endpoint: RemoteEndpoint, deadline: float, limits: Limits) -> bytes:
    """The whole body, within the query timeout and the size a relayed answer may have."""
    cap = limits.max_result_rows * RELAY_BYTES_PER_ROW
    parts, size = [], 0
    try:
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > cap:
                raise Problem(
                    503,
                    "Result Too Large",
                    f"the answer of the SPARQL endpoint is larger than {cap} bytes "
                    f"({RELAY_BYTES_PER_ROW} bytes for each of the {limits.max_result_rows} rows a result "
                    "may have here); nothing was returned. Narrow the query or add LIMIT",
                    type=PROBLEM_TYPES + "result-too-large",
                    extras={"limit": "max-result-rows", "value": limits.max_result_rows},
                )
            if time.monotonic() > deadline:
                raise endpoint.timeout_problem(limits.query_timeout_s)
            parts.append(chunk)
    except requests.Timeout:
        raise endpoint.timeout_problem(limits.query_timeout_s) from None
    except requests.RequestException as exc:
        raise Problem(
            502,
            "Bad Gateway",
            f"the SPARQL endpoint {endpoint.url} broke off its answer: {reason(exc)}",
            type=PROBLEM_TYPES + "remote-failed",
        ) from None
    return b"".join(parts)


def _service_description(reader: RemoteReader, limits: Limits, accept: str) -> Response:
    chosen = choose(accept, graph_form=True)
    triples = service_description(reader.store(), public_url("sparql"), limits)
    options = (
        {"prefixes": {**PREFIXES, "sd": "http://www.w3.org/ns/sparql-service-description#"}}
        if chosen.rdf in PREFIXED_FORMATS
        else {}
    )
    return Response(
        serialize(triples, format=chosen.rdf, **options),
        200,
        content_type=content_type(chosen),
        headers={"Vary": "Accept"},
    )


def refused_writes_blueprint(endpoint_url: str) -> Blueprint:
    """SPARQL Update and the Graph Store Protocol are the remote store's own business: 501 with where to go."""
    blueprint = Blueprint("remote_writes", __name__)

    @blueprint.route("/update", methods=["POST"])
    @blueprint.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
    def refused() -> Response:
        raise Problem(
            501,
            "Not Implemented",
            f"this server shows the SPARQL endpoint {endpoint_url}; read and write "
            "graphs at that store itself (depesha publish --to its Graph Store Protocol URL), or query "
            "them here at /sparql",
        )

    return blueprint
