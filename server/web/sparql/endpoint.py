"""The query endpoint at ``/sparql``: the SPARQL 1.1 Protocol (``server/web/sparql/sparql.py``) answered by the query
workers (``server/web/sparql/query_pool.py``), the Service Description on a plain GET, and CORS for browsers'
scripts."""

from __future__ import annotations

from flask import Response, request

from server.web.public_url import public_url
from server.web.sparql.limits import Limits
from server.web.sparql.query_pool import QueryPool
from server.web.sparql.query_run import QueryJob
from server.web.sparql.sparql import query_job, read_query_request

CORS_HEADERS = "Accept, Content-Type, Authorization"


def cors(response: Response) -> Response:
    """Any origin may query (no cookies are used, so none can be abused); preflight requests are answered too."""
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        allowed = response.headers.get("Allow", "GET, HEAD, POST, OPTIONS")
        response.headers["Access-Control-Allow-Methods"] = allowed
        response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def answer_sparql(limits: Limits, pool: QueryPool, writable: bool) -> Response:
    """GET or POST /sparql: a query (run by a query worker), or with no query at all the Service Description."""
    accept = request.headers.get("Accept")
    if request.method in ("GET", "HEAD") and not request.query_string:
        update = public_url("update") if writable else None
        job = QueryJob("service-description", public_url("sparql"), accept, update_endpoint=update)
    else:
        job = query_job(read_query_request(request, limits), accept, limits, public_url("sparql"))
    answer = pool.run(job, client=request.remote_addr or "")
    return Response(answer.body, 200, content_type=answer.media_type, headers={"Vary": "Accept"})
