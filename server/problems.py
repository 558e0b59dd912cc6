"""Errors as HTTP responses: RFC 9457 problem details (``application/problem+json``) or plain text, as asked."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request
from werkzeug.exceptions import HTTPException

from .negotiation import Format, negotiate


class Problem(Exception):
    """A client-visible error: HTTP status, a short title and the detail (the parser's message, the limit hit).

    ``type`` is a problem type IRI (``about:blank`` for a plain HTTP status); ``extras`` are extension members of the
    problem+json object (``line``/``column`` of a syntax error, ``limit`` of a limit hit)."""

    def __init__(self, status: int, title: str, detail: str = "", headers: dict[str, str] | None = None,
                 type: str = "about:blank", extras: dict[str, Any] | None = None) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.type = type
        self.extras = extras or {}

    def __reduce__(self):  # picklable, so that a query worker process can hand one back
        return Problem, (self.status, self.title, self.detail, self.headers, self.type, self.extras)


PROBLEM_FORMATS = [Format("text/plain", "text"), Format("application/problem+json", "json"),
                   Format("application/json", "json"), Format("text/html", "html")]


def problem_response(problem: Problem) -> Response:
    chosen = negotiate(request.headers.get("Accept"), PROBLEM_FORMATS)
    if chosen and chosen.name == "json":
        members = {"type": problem.type, "title": problem.title, "status": problem.status, "detail": problem.detail,
                   "instance": request.path, **problem.extras}
        response = Response(json.dumps(members, ensure_ascii=False), problem.status,
                            mimetype="application/problem+json")
    else:
        text = f"{problem.status} {problem.title}" + (f"\n\n{problem.detail}" if problem.detail else "") + "\n"
        response = Response(text, problem.status, mimetype="text/plain")
    for key, value in problem.headers.items():
        response.headers[key] = value
    return response


def http_exception_response(exc: HTTPException) -> Response:
    headers = {k: v for k, v in exc.get_headers() if k.lower() in {"allow", "retry-after"}}
    return problem_response(Problem(exc.code or 500, exc.name, exc.description or "", headers))
