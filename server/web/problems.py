"""The HTTP boundary of the exception tree (``converter/errors.py``): each kind of ``DepeshaError`` becomes one status
and problem type (``problem_of``, the one table), and every error leaves as RFC 9457 problem details
(``application/problem+json``), plain text, or an HTML page for a browser, as the client asks."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, render_template, request
from werkzeug.exceptions import HTTPException

from converter.errors import (
    ConfigError,
    DepeshaError,
    InputError,
    ManagedGraphError,
    QueryError,
    RemoteError,
    StoreBusy,
    StoreError,
)
from server.web.negotiation import Format, negotiate
from server.web.sparql.limits import PROBLEM_TYPES


class Problem(Exception):
    """A client-visible error: HTTP status, a short title and the detail (the parser's message, the limit hit).

    ``type`` is a problem type IRI (``about:blank`` for a plain HTTP status); ``extras`` are extension members of the
    problem+json object (``line``/``column`` of a syntax error, ``limit`` of a limit hit)."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str = "",
        headers: dict[str, str] | None = None,
        type: str = "about:blank",
        extras: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.type = type
        self.extras = extras or {}

    def __reduce__(self):  # picklable, so that a query worker process can hand one back
        return Problem, (self.status, self.title, self.detail, self.headers, self.type, self.extras)


PROBLEM_FORMATS = [
    Format("text/plain", "text"),
    Format("application/problem+json", "json"),
    Format("application/json", "json"),
    Format("text/html", "html"),
]


def problem_of(exc: DepeshaError) -> Problem:
    """The one table from a kind of error to what HTTP says of it."""
    detail = str(exc)
    if isinstance(exc, RemoteError):
        if exc.kind == "remote-timeout":
            return Problem(
                504,
                "Gateway Timeout",
                detail,
                type=PROBLEM_TYPES + exc.kind,
                extras={"limit": "query-timeout-s", "value": exc.timeout_s},
            )
        extras = {"remote-status": exc.remote_status} if exc.remote_status else {}
        return Problem(502, "Bad Gateway", detail, type=PROBLEM_TYPES + exc.kind, extras=extras)
    if isinstance(exc, StoreBusy):
        return Problem(503, "Service Unavailable", detail + "; nothing was changed", headers={"Retry-After": "30"})
    if isinstance(exc, StoreError):
        return Problem(503, "Service Unavailable", detail)
    if isinstance(exc, ManagedGraphError):
        return Problem(403, "Forbidden", detail)
    if isinstance(exc, InputError | ConfigError | QueryError):
        return Problem(400, "Bad Request", detail)
    return Problem(500, "Internal Server Error", detail)


def problem_response(problem: Problem) -> Response:
    chosen = negotiate(request.headers.get("Accept"), PROBLEM_FORMATS)
    if chosen and chosen.name == "json":
        members = {
            "type": problem.type,
            "title": problem.title,
            "status": problem.status,
            "detail": problem.detail,
            "instance": request.path,
            **problem.extras,
        }
        response = Response(
            json.dumps(members, ensure_ascii=False), problem.status, mimetype="application/problem+json"
        )
    elif chosen and chosen.name == "html":  # a browser: the site's error page
        html = render_template(
            "error.html", status=problem.status, title=problem.title, detail=problem.detail, look=None, iri=None
        )
        response = Response(html, problem.status, content_type="text/html; charset=utf-8")
    else:
        text = f"{problem.status} {problem.title}" + (f"\n\n{problem.detail}" if problem.detail else "") + "\n"
        response = Response(text, problem.status, mimetype="text/plain")
    for key, value in problem.headers.items():
        response.headers[key] = value
    return response


def http_exception_response(exc: HTTPException) -> Response:
    headers = {k: v for k, v in exc.get_headers() if k.lower() in {"allow", "retry-after"}}
    return problem_response(Problem(exc.code or 500, exc.name, exc.description or "", headers))
