"""Every IRI under the base answers on this server's own host: ``BASE + path`` is served at ``/path``.

Content negotiation picks HTML for browsers and Turtle, N-Triples, RDF/XML or JSON-LD for RDF clients (Turtle
when the client accepts anything); graphs and the dataset also come as N-Quads and TriG. A suffix (``.ttl``,
``.nt``, ``.rdf``, ``.jsonld``, ``.html``, ``.nq``, ``.trig``) or ``?format=`` overrides ``Accept``.

The IRI answers **200 with Content-Location** naming the suffixed URL of the representation sent, not 303 See Other:
one round trip instead of two, and every response says which document it is (``Content-Location``), which
representations exist (``Link: rel="alternate"``) and that it varies by ``Accept`` (``Vary``). The IRI names the
thing; the suffixed URLs name documents about it.

Validators come from the snapshot (``http_cache``): a conditional GET with a current ETag or date gets 304.
An unknown IRI is a 404 page.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, request
from pyoxigraph import RdfFormat, serialize

from ontology.namespaces import PREFIXES
from server.web.http_cache import cached
from server.web.negotiation import GRAPH_FORMATS, Format, by_name, negotiate
from server.web.problems import Problem
from server.web.public_url import public_url
from server.web.site.context import site
from server.web.site.describe import Resource, quads, resolve, triples
from server.web.site.jsonld import context_bytes, to_jsonld
from server.web.site.pages import render_resource

HTML = Format("text/html", "html")
TURTLE, NTRIPLES, NQUADS, RDFXML, JSONLD, TRIG, TEXT, XML = GRAPH_FORMATS
JSON = Format("application/json", "jsonld", rdf=RdfFormat.JSON_LD)
SUFFIXES = {
    ".ttl": "ttl",
    ".nt": "nt",
    ".rdf": "rdf",
    ".jsonld": "jsonld",
    ".html": "html",
    ".nq": "nq",
    ".trig": "trig",
}
FORMAT_NAMES = {
    "turtle": "ttl",
    "ntriples": "nt",
    "n-triples": "nt",
    "rdfxml": "rdf",
    "xml": "rdf",
    "json-ld": "jsonld",
    "json": "jsonld",
    "nquads": "nq",
    "n-quads": "nq",
}

bp = Blueprint("linked_data", __name__)


def offered(resource: Resource) -> list[Format]:
    """The representations of a resource, the default (for */*) first; then aliases."""
    formats = [TURTLE, HTML, NTRIPLES, RDFXML, JSONLD]
    if resource.is_graph:
        formats += [NQUADS, TRIG]
    return formats + [TEXT, XML, JSON]


def split_suffix(path: str) -> tuple[str, str | None]:
    for suffix, name in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], name
    return path, None


def local_path(path: str) -> str:
    return request.script_root + "/" + quote(path, safe="/-._~!$&'()*+,;=:@")


def alternates(path: str, resource: Resource) -> str:
    seen, links = set(), []
    for fmt in offered(resource):
        suffix = next(s for s, n in SUFFIXES.items() if n == fmt.name)
        if fmt.name not in seen:
            seen.add(fmt.name)
            links.append(f'<{local_path(path + suffix)}>; rel="alternate"; type="{fmt.media_type}"')
    return ", ".join(links)


def choose(resource: Resource, suffix_name: str | None) -> Format:
    formats = offered(resource)
    asked = request.args.get("format")
    if asked is not None:
        chosen = by_name(FORMAT_NAMES.get(asked.lower(), asked), formats)
        if chosen is None:
            names = ", ".join(dict.fromkeys(f.name for f in formats))
            raise Problem(400, "Bad Request", f"format={asked} is not offered here; use one of: {names}")
        return chosen
    if suffix_name is not None:
        chosen = by_name(suffix_name, formats)
        if chosen is None:
            raise Problem(404, "Not Found", f"there is no .{suffix_name} representation of <{resource.iri.value}>")
        return chosen
    chosen = negotiate(request.headers.get("Accept"), formats)
    if chosen is None:
        offered_types = ", ".join(dict.fromkeys(f.media_type for f in formats))
        raise Problem(406, "Not Acceptable", f"<{resource.iri.value}> is available as: {offered_types}")
    return chosen


def body(resource: Resource, fmt: Format) -> bytes:
    store = site().store()
    if fmt.name == "jsonld":
        return to_jsonld(triples(store, resource), public_url("context.jsonld"))
    if fmt.name in ("nq", "trig"):
        kwargs = {"prefixes": PREFIXES} if fmt.name == "trig" else {}
        return serialize(quads(store, resource), format=fmt.rdf, **kwargs)
    kwargs = {"prefixes": PREFIXES} if fmt.name in ("ttl", "rdf") else {}
    return serialize(triples(store, resource), format=fmt.rdf, **kwargs)


def represent(resource: Resource, path: str, suffix_name: str | None) -> Response:
    fmt = choose(resource, suffix_name)
    negotiated = suffix_name is None and "format" not in request.args
    headers = {"Link": alternates(path, resource)}
    if negotiated:
        headers["Vary"] = "Accept"
        suffix = next(s for s, n in SUFFIXES.items() if n == fmt.name)
        headers["Content-Location"] = local_path(path + suffix)
    media_type = fmt.media_type if fmt.name != "jsonld" else JSONLD.media_type
    if fmt.name == "nt":
        media_type = NTRIPLES.media_type
    content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    current = site().stamp()
    etag = current.etag(resource.iri.value, fmt.name, request.host, request.query_string.decode("latin-1"))

    def make() -> Response:
        if fmt.name == "html":
            return Response(render_resource(resource), 200, content_type="text/html; charset=utf-8")
        return Response(body(resource, fmt), 200, content_type=content_type)

    return cached(etag, current.modified, make, headers)


@bp.route("/<path:path>", methods=["GET", "HEAD"])
def dereference(path: str) -> Response:
    store, iris = site().store(), site().iris
    stripped, suffix_name = split_suffix(path)
    resource = resolve(store, iris, stripped)
    if resource is None and suffix_name is not None:
        resource = resolve(store, iris, path)
        stripped, suffix_name = (path, None) if resource is not None else (stripped, suffix_name)
    if resource is None:
        raise Problem(404, "Not Found", f"nothing is known about <{iris.base}{stripped}>")
    return represent(resource, stripped, suffix_name)


@bp.route("/.well-known/void", methods=["GET", "HEAD"])
def well_known_void() -> Response:
    resource = resolve(site().store(), site().iris, site().iris.DATASET_PATH)
    if resource is None:
        raise Problem(404, "Not Found", "this store has no dataset description yet: run a build")
    return represent(resource, site().iris.DATASET_PATH, None)


@bp.route("/context.jsonld", methods=["GET", "HEAD"])
def context() -> Response:
    data = context_bytes()
    current = site().stamp()
    return cached(
        current.etag("context"), current.modified, lambda: Response(data, 200, content_type="application/ld+json")
    )
