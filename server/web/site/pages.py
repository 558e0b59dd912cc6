"""Server-rendered HTML: one template per kind of thing, chosen by what the graph says it is, plus the home page,
the vocabulary, concept pages and error pages. Pages work without JavaScript (only the map and the query UI use it)."""

from __future__ import annotations

import time
from urllib.parse import quote

from flask import Blueprint, render_template, request
from pyoxigraph import NamedNode

from ontology.namespaces import DV
from server.web.problems import Problem
from server.web.site.activities import activity
from server.web.site.context import site
from server.web.site.describe import Resource
from server.web.site.document_view import document_view
from server.web.site.entity_view import entity_view
from server.web.site.thing_views import concept_view, dataset_view, graph_view, holding_view, thing_view, vocab_view

bp = Blueprint("pages", __name__)


def page_number() -> int:
    value = request.args.get("page", "1")
    if not value.isdigit() or not 0 < int(value) < 1_000_000:
        raise Problem(400, "Bad Request", f"page={value} is not a page number (1, 2, ...)")
    return int(value)


def query_link(iri: str) -> str:
    """The query UI with a DESCRIBE of ``iri``."""
    return ui_link(f"DESCRIBE <{iri}>", "DESCRIBE")


def ui_link(query: str, title: str) -> str:
    """The query UI with ``query`` in a tab (YASGUI reads its permalinks from the URL fragment)."""
    return request.script_root + "/sparql#query=" + quote(query, safe="") + "&tabTitle=" + quote(title, safe="")


def data_links(path: str, graph: bool = False) -> list[tuple[str, str]]:
    local = request.script_root + "/" + quote(path, safe="/-._~!$&'()*+,;=:@")
    links = [
        ("Turtle", local + ".ttl"),
        ("JSON-LD", local + ".jsonld"),
        ("N-Triples", local + ".nt"),
        ("RDF/XML", local + ".rdf"),
    ]
    return links + ([("N-Quads", local + ".nq"), ("TriG", local + ".trig")] if graph else [])


class SlowPages:
    """Pages that took long to make (an entity named in thousands of documents), kept for the snapshot."""

    SLOW_SECONDS = 0.15

    def get(self, current, key: str, make) -> str:
        snapshot = current.stamp().snapshot
        found = current.cache.peek(snapshot, "page:" + key)
        if found is not None:
            return found
        started = time.perf_counter()
        html = make()
        if time.perf_counter() - started > self.SLOW_SECONDS:
            current.cache.put(snapshot, "page:" + key, html)
        return html


slow_pages = SlowPages()


def render_resource(resource: Resource) -> str:
    look = site().lookup()
    iri = resource.iri
    path = iri.value[len(look.iris.base) :]
    common = {
        "iri": iri.value,
        "data": data_links(path, resource.is_graph),
        "query": query_link(iri.value),
        "look": look,
    }
    if resource.kind == "document":
        view = document_view(look, iri, resource.graph)
        return render_template("document.html", view=view, title=view.label, **common)
    if resource.kind == "dataset":
        return render_template("dataset.html", view=dataset_view(look), title="Dataset", **common)
    if resource.kind == "vocab":
        view = vocab_view(look)
        return render_template("vocab.html", view=view, title=view.title, **common)
    if resource.kind == "graph":
        return render_template("graph.html", view=graph_view(look, iri), title=f"Graph {path}", **common)
    kind = look.kind(iri)
    if kind in ("person", "group", "place"):
        return slow_pages.get(
            site(),
            f"{request.script_root}|{iri.value}|{page_number()}",
            lambda: render_template(
                "entity.html", view=(view := entity_view(look, iri, page_number())), title=view.label, **common
            ),
        )
    if kind == "event":
        event = activity(look, iri)
        return render_template("event.html", event=event, thing=thing_view(look, iri), title=event.label, **common)
    if kind == "holding":
        view = holding_view(look, iri, page_number())
        return render_template("holding.html", view=view, title=view.label, **common)
    view = thing_view(look, iri)
    return render_template("thing.html", view=view, title=view.label, **common)


@bp.route("/concept/<name>")
def concept(name: str) -> str:
    look = site().lookup()
    try:
        iri = NamedNode(str(DV) + name)
    except ValueError:
        raise Problem(404, "Not Found", "that is not a concept name") from None
    if not look.types(iri):
        raise Problem(404, "Not Found", f"the vocabulary has no concept dv:{name}")
    view = concept_view(look, iri, page_number())
    return render_template(
        "concept.html",
        view=view,
        title=view.label,
        iri=iri.value,
        look=look,
        data=data_links("vocab"),
        query=query_link(iri.value),
    )
