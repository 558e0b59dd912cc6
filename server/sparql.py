"""The SPARQL 1.1 Protocol for queries: read the request (GET, POST form, POST direct), run it against the store,
answer in the negotiated format. Every client mistake becomes a ``Problem`` with a 4xx status."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from flask import Request, Response
from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, Store

from .negotiation import GRAPH_FORMATS, RESULT_FORMATS, Format, negotiate
from .problems import Problem
from .sparql_text import shape

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


@dataclass(frozen=True)
class QueryRequest:
    query: str
    default_graphs: list[str]
    named_graphs: list[str]


def _decode(data: bytes, charset: str, what: str) -> str:
    if charset.lower().replace("_", "-") not in {"utf-8", "utf8", "us-ascii", "ascii"}:
        raise Problem(415, "Unsupported Media Type", f"the {what} must be UTF-8 (charset={charset} given)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, "Bad Request", f"the {what} is not valid UTF-8 (byte {exc.start})") from None


def _params(raw: bytes, what: str) -> dict[str, list[str]]:
    text = _decode(raw, "utf-8", what)
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise Problem(400, "Bad Request", f"the {what} has percent-encoded bytes that are not UTF-8") from None


def read_query_request(request: Request) -> QueryRequest:
    if request.method == "GET":
        params = _params(request.query_string, "query string")
        query_values = params.get("query", [])
    else:
        content_type = request.mimetype
        charset = request.mimetype_params.get("charset", "utf-8")
        if content_type == FORM:
            params = _params(request.get_data(cache=True), "form body")
            if "update" in params:
                raise Problem(400, "Bad Request", "this is the query endpoint: SPARQL Update is not accepted here")
            query_values = params.get("query", [])
            if "query" in parse_qs(request.query_string.decode("latin-1")):
                raise Problem(400, "Bad Request", "give the query in the body or the URL, not both")
        elif content_type == DIRECT:
            params = _params(request.query_string, "query string")
            if "query" in params:
                raise Problem(400, "Bad Request", "a direct POST carries the query in its body, not in ?query=")
            query_values = [_decode(request.get_data(cache=True), charset, "request body")]
        else:
            raise Problem(415, "Unsupported Media Type",
                          f"POST a query as {FORM} or {DIRECT} (got {content_type or 'no Content-Type'})")
    if "update" in params:
        raise Problem(400, "Bad Request", "this is the query endpoint: SPARQL Update is not accepted here")
    if len(query_values) != 1:
        raise Problem(400, "Bad Request", "exactly one 'query' parameter is required"
                      + ("" if query_values else "; none was given"))
    return QueryRequest(query_values[0], params.get("default-graph-uri", []), params.get("named-graph-uri", []))


def _iris(values: list[str], parameter: str) -> list[NamedNode]:
    nodes = []
    for value in values:
        try:
            nodes.append(NamedNode(value))
        except ValueError:
            raise Problem(400, "Bad Request", f"{parameter} '{value}' is not an absolute IRI") from None
    return nodes


def run_query(store: Store, query_request: QueryRequest, accept: str | None,
              service_allow: frozenset[str] = frozenset()) -> Response:
    query = query_request.query
    form = shape(query)
    if form.form == "UPDATE":
        raise Problem(400, "Bad Request", "this is the query endpoint: SPARQL Update is not accepted here")
    refused = [s for s in form.services if s not in service_allow]
    if refused:
        raise Problem(403, "Forbidden", f"SERVICE <{refused[0]}> is not on this endpoint's allow-list")
    graph_form = form.form in ("CONSTRUCT", "DESCRIBE")
    chosen = _choose(accept, graph_form)
    options: dict = {}
    if query_request.default_graphs:
        options["default_graph"] = _iris(query_request.default_graphs, "default-graph-uri")
    else:
        options["use_default_graph_as_union"] = True
    if query_request.named_graphs:
        options["named_graphs"] = _iris(query_request.named_graphs, "named-graph-uri")
    try:
        result = store.query(query, **options)
        if isinstance(result, QuerySolutions | QueryBoolean):
            chosen = chosen if chosen.results else _choose(accept, False)
            body = result.serialize(format=chosen.results)
        else:
            chosen = chosen if chosen.rdf else _choose(accept, True)
            body = result.serialize(format=chosen.rdf)
    except SyntaxError as exc:
        raise Problem(400, "Bad Request", f"SPARQL syntax error: {exc}") from None
    except (ValueError, TypeError) as exc:
        raise Problem(400, "Bad Request", str(exc)) from None
    mimetype = chosen.media_type
    if mimetype.startswith("text/"):
        mimetype += "; charset=utf-8"
    return Response(body, 200, content_type=mimetype, headers={"Vary": "Accept"})


def _choose(accept: str | None, graph_form: bool) -> Format:
    formats = GRAPH_FORMATS if graph_form else RESULT_FORMATS
    chosen = negotiate(accept, formats)
    if chosen is None:
        offered = ", ".join(dict.fromkeys(f.media_type for f in formats))
        raise Problem(406, "Not Acceptable", f"this query can be answered as: {offered}")
    return chosen
