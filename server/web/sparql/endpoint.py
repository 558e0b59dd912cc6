"""The query endpoint at ``/sparql``: the SPARQL 1.1 Protocol (``server/web/sparql/sparql.py``) answered from the
answers kept for the published snapshot (``server/web/sparql/answer_cache.py``) or by the query workers
(``server/web/sparql/query_pool.py``), the Service Description on a plain GET, and CORS for browsers' scripts.

An answer that follows from the snapshot carries an ``ETag`` (snapshot and query key) and ``X-Cache: hit`` or
``miss`` (with ``X-Cache-From: memory`` or ``disk`` on a hit); a GET whose ``If-None-Match`` names it gets 304."""

from __future__ import annotations

from flask import Response, request

from server.store.store import Reader
from server.web.http_cache import is_current, validators
from server.web.public_url import public_url
from server.web.sparql.answer_cache import AnswerCache, answer_key
from server.web.sparql.limits import Limits
from server.web.sparql.query_pool import QueryPool
from server.web.sparql.query_run import Answer, QueryJob
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


def answer_sparql(limits: Limits, pool: QueryPool, writable: bool, reader: Reader, cache: AnswerCache) -> Response:
    """GET or POST /sparql: a query (kept or run by a query worker), or with no query at all the Service
    Description."""
    accept = request.headers.get("Accept")
    if request.method in ("GET", "HEAD") and not request.query_string:
        update = public_url("update") if writable else None
        job = QueryJob("service-description", public_url("sparql"), accept, update_endpoint=update)
        return _response(pool.run(job, client=request.remote_addr or ""))
    job = query_job(read_query_request(request, limits), accept, limits, public_url("sparql"))
    key = answer_key(job, limits.max_result_rows)
    if key is None:
        return _response(pool.run(job, client=request.remote_addr or ""))
    stamp = reader.stamp()  # read before the query runs: its answer comes from this snapshot or a newer one
    kept = cache.get(stamp.snapshot, key) if cache.sizes.on else None
    if kept is not None:
        answer, tier = kept
        headers = [("X-Cache", "hit"), ("X-Cache-From", tier)]
    else:
        answer = pool.run(job, client=request.remote_addr or "")
        if cache.sizes.on:
            cache.put(stamp.snapshot, key, answer)
        headers = [("X-Cache", "miss")] if cache.sizes.on else []
    etag = stamp.etag("sparql", key)
    headers += [("Vary", "Accept"), *validators(etag, stamp.modified)]
    if is_current(etag, stamp.modified):
        return Response(status=304, headers=headers)
    return Response(answer.body, 200, content_type=answer.media_type, headers=headers)


def _response(answer: Answer) -> Response:
    return Response(answer.body, 200, content_type=answer.media_type, headers={"Vary": "Accept"})
