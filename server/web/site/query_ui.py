"""The query UI at ``/sparql`` for browsers: YASGUI (``@zazuko/yasgui``, vendored under ``static/vendor/yasgui``)
talking to this server's endpoint, preloaded with the example queries of ``queries/*.rq``. A GET whose ``Accept``
prefers HTML to every SPARQL result format gets the UI (a ``?query=`` is loaded into it); protocol clients keep the
endpoint. Permalinks are YASGUI's: the query, its title and options in the URL fragment."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Request, Response, render_template

import queries
from ontology.namespaces import PREFIXES
from server.web.negotiation import GRAPH_FORMATS, RESULT_FORMATS, Format, negotiate
from server.web.problems import Problem
from server.web.public_url import public_url

bp = Blueprint("query_ui", __name__)
HTML = Format("text/html", "html")
NAME = re.compile(r"[A-Za-z0-9_-]+")
FIELD = re.compile(r"(title|description)\s*:\s*(.*)", re.IGNORECASE)


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    query: str

    @property
    def permalink(self) -> str:
        return "#query=" + quote(self.query, safe="") + "&tabTitle=" + quote(self.title, safe="")


def queries_folder() -> Path:
    """The example queries: ``queries/``, a package of its own, installed with the code."""
    return queries.folder()


def parse_example(name: str, text: str) -> Example:
    """From the leading comment block: ``# title: ...`` and ``# description: ...`` (continued on further comment
    lines); without those keys the first comment line is the title and the others describe."""
    fields: dict[str, list[str]] = {}
    key = "title"
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comment = line.lstrip("#").strip()
        if match := FIELD.match(comment):
            key, comment = match.group(1).lower(), match.group(2)
        elif key == "title" and fields.get("title"):
            key = "description"
        if comment:
            fields.setdefault(key, []).append(comment)
    return Example(name, " ".join(fields.get("title", [name])), " ".join(fields.get("description", [])), text)


@cache
def _examples(folder: Path, stamp: tuple) -> list[Example]:
    return [parse_example(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]


def examples() -> list[Example]:
    folder = queries_folder()
    files = sorted(folder.glob("*.rq")) if folder.is_dir() else []
    return _examples(folder, tuple((p.name, p.stat().st_mtime_ns) for p in files))


def wants_ui(http_request: Request) -> bool:
    accept = http_request.headers.get("Accept")
    if http_request.method != "GET" or "html" not in (accept or "").lower():  # offered last, HTML wins only when named
        return False
    chosen = negotiate(accept, [*RESULT_FORMATS, *GRAPH_FORMATS, HTML])
    return chosen is HTML and set(http_request.args) <= {"query", "tabTitle", "endpoint"}


def ui_response() -> Response:
    html = render_template(
        "sparql.html", title="SPARQL query", examples=examples(), look=None, iri=None, endpoint=public_url("sparql")
    )
    return Response(html, 200, content_type="text/html; charset=utf-8", headers={"Vary": "Accept"})


@bp.route("/sparql/prefixes.json")
def prefixes() -> Response:
    """The project's prefixes in the shape YASQE's prefix autocompleter reads (instead of an outside list)."""
    return Response(json.dumps(PREFIXES, indent=1), 200, content_type="application/json")


@bp.route("/queries/<name>.rq")
def example_file(name: str) -> Response:
    found = next((e for e in examples() if e.name == name), None) if NAME.fullmatch(name) else None
    if found is None:
        raise Problem(404, "Not Found", f"there is no example query {name}.rq")
    return Response(found.query, 200, content_type="application/sparql-query; charset=utf-8")
