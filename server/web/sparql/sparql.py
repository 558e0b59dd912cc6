"""The SPARQL 1.1 Protocol for queries: read the request (GET, POST form-encoded, POST direct), check it, and turn it
into a job for a query worker (``server/web/sparql/query_pool.py``). Every client mistake becomes a ``Problem`` with a
4xx status before any query runs: a wrong content type (415), a charset that cannot be decoded (415) or bytes that do
not decode (400), not exactly one ``query`` (400), an update (400), a SERVICE endpoint off the allow-list (403), a query
string or body over the size limit (414, 413)."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from flask import Request
from pyoxigraph import NamedNode

from server.web.problems import Problem
from server.web.sparql.limits import PROBLEM_TYPES, Limits
from server.web.sparql.query_run import QueryJob
from server.web.sparql.sparql_text import remembered_shape

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
UPDATE_REFUSED = "this is the query endpoint: SPARQL Update is not accepted here"


@dataclass(frozen=True)
class QueryRequest:
    query: str
    default_graphs: list[str]
    named_graphs: list[str]
    names_dataset: bool  # default-graph-uri or named-graph-uri was given (even if empty)


def decode(data: bytes, charset: str | None, what: str) -> str:
    """Text in UTF-8, as SPARQL 1.1 requires (US-ASCII, a subset, is accepted when declared): 415 for any other
    declared charset, 400 for bytes that are not valid UTF-8. Nothing runs either way."""
    name = (charset or "utf-8").strip().strip('"') or "utf-8"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        codec = ""
    if codec not in ("utf-8", "ascii"):
        raise Problem(
            415,
            "Unsupported Media Type",
            f"the {what} is declared as charset '{name}'; SPARQL 1.1 "
            "requests are UTF-8: send UTF-8 (charset=utf-8 or none)",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(
            400,
            "Bad Request",
            f"the {what} is not valid UTF-8: byte {exc.start} (0x{data[exc.start]:02x}) cannot be decoded",
        ) from None


def parameters(raw: bytes, charset: str | None, what: str) -> dict[str, list[str]]:
    """Percent-decoded parameters, decoded from ``charset`` after percent-decoding (as browsers encode forms)."""
    params: dict[str, list[str]] = {}
    for field in raw.split(b"&"):
        if not field:
            continue
        key, _, value = (unquote_to_bytes(part.replace(b"+", b" ")) for part in field.partition(b"="))
        name = decode(key, charset, what)
        params.setdefault(name, []).append(decode(value, charset, f"'{name}' parameter of the {what}"))
    return params


def read_query_request(request: Request, limits: Limits) -> QueryRequest:
    if len(request.query_string) > limits.max_request_bytes:
        raise Problem(
            414,
            "URI Too Long",
            f"the query string has {len(request.query_string)} bytes, more than this "
            f"endpoint's limit of {limits.max_request_bytes}; POST long queries",
            type=PROBLEM_TYPES + "request-too-large",
            extras={"limit": "max-request-bytes", "value": limits.max_request_bytes},
        )
    url_params = parameters(request.query_string, "utf-8", "query string")
    if request.method in ("GET", "HEAD"):
        params, query_values = url_params, url_params.get("query", [])
    else:
        content_type = request.mimetype
        charset = request.mimetype_params.get("charset")
        if content_type == FORM:
            params = parameters(request.get_data(cache=True), charset, "form body")
            query_values = params.get("query", [])
            if "query" in url_params:
                raise Problem(400, "Bad Request", "give the query in the body or the URL, not both")
        elif content_type == DIRECT:
            params = url_params
            if "query" in params:
                raise Problem(400, "Bad Request", "a direct POST carries the query in its body, not in ?query=")
            query_values = [decode(request.get_data(cache=True), charset, "request body")]
        elif content_type == UPDATE:
            raise Problem(400, "Bad Request", UPDATE_REFUSED)
        else:
            raise Problem(
                415,
                "Unsupported Media Type",
                f"POST a query as {FORM} or {DIRECT} (got {content_type or 'no Content-Type'})",
            )
    if "update" in params:
        raise Problem(400, "Bad Request", UPDATE_REFUSED)
    if len(query_values) != 1:
        raise Problem(
            400,
            "Bad Request",
            "exactly one 'query' parameter is required; "
            + (f"{len(query_values)} were given" if query_values else "none was given"),
        )
    names_dataset = "default-graph-uri" in params or "named-graph-uri" in params
    return QueryRequest(
        query_values[0], params.get("default-graph-uri", []), params.get("named-graph-uri", []), names_dataset
    )


def _iris(values: list[str], parameter: str) -> tuple[str, ...]:
    for value in values:
        try:
            NamedNode(value)
        except ValueError:
            raise Problem(400, "Bad Request", f"{parameter} '{value}' is not an absolute IRI") from None
    return tuple(values)


def query_job(query_request: QueryRequest, accept: str | None, limits: Limits, base_iri: str | None = None) -> QueryJob:
    """Check the query before it runs (its form, its SERVICE endpoints) and make its job. The format is negotiated
    by the worker once the query has parsed, so that a syntax error is reported before a 406."""
    query_shape = remembered_shape(query_request.query)
    if query_shape.form == "UPDATE":
        raise Problem(400, "Bad Request", UPDATE_REFUSED)
    for call in query_shape.services:
        if call.target is None or call.target not in limits.service_allow:
            allowed = ", ".join(f"<{iri}>" for iri in sorted(limits.service_allow)) or "none"
            raise Problem(
                403,
                "Forbidden",
                f"SERVICE {call.written} is not on this endpoint's allow-list "
                f"(allowed: {allowed}); SERVICE takes an IRI written out in the query",
                type=PROBLEM_TYPES + "service-not-allowed",
            )
    dataset = (
        (_iris(query_request.default_graphs, "default-graph-uri"), _iris(query_request.named_graphs, "named-graph-uri"))
        if query_request.names_dataset
        else (None, None)
    )
    return QueryJob("query", query_request.query, accept, *dataset, shape=query_shape, base_iri=base_iri)
