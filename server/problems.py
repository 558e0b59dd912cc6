"""Errors as HTTP responses: RFC 9457 problem details (``application/problem+json``) or plain text, as asked."""

from __future__ import annotations

import json

from flask import Response, request
from werkzeug.exceptions import HTTPException

from .negotiation import Format, negotiate


class Problem(Exception):
    """A client-visible error: HTTP status, a short title and the detail (the parser's message, the limit hit)."""

    def __init__(self, status: int, title: str, detail: str = "", headers: dict[str, str] | None = None) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers or {}


PROBLEM_FORMATS = [Format("text/plain", "text"), Format("application/problem+json", "json"),
                   Format("application/json", "json"), Format("text/html", "html")]


def problem_response(problem: Problem) -> Response:
    chosen = negotiate(request.headers.get("Accept"), PROBLEM_FORMATS)
    if chosen and chosen.name == "json":
        body = json.dumps({"type": "about:blank", "title": problem.title, "status": problem.status,
                           "detail": problem.detail, "instance": request.path}, ensure_ascii=False)
        response = Response(body, problem.status, mimetype="application/problem+json")
    else:
        text = f"{problem.status} {problem.title}" + (f"\n\n{problem.detail}" if problem.detail else "") + "\n"
        response = Response(text, problem.status, mimetype="text/plain")
    for key, value in problem.headers.items():
        response.headers[key] = value
    return response


def http_exception_response(exc: HTTPException) -> Response:
    headers = {k: v for k, v in exc.get_headers() if k.lower() in {"allow", "retry-after"}}
    return problem_response(Problem(exc.code or 500, exc.name, exc.description or "", headers))
