"""Browse pages: the home page, documents by date, people and groups, places (with a map), a timeline of events,
and the sitemap. Each list is one SPARQL query, computed once per snapshot and paged in memory."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from flask import Blueprint, Response, render_template, request
from pyoxigraph import NamedNode

from ontology.namespaces import CRM, DV, OA, RDF
from ontology.paths import document_counts, documents_of
from server.store.lookup import EVENT_CLASSES, shorten
from server.web.problems import Problem
from server.web.public_url import public_root
from server.web.site.activities import activity_label
from server.web.site.context import site
from server.web.site.entity_view import point
from server.web.site.pages import data_links, page_number, query_link, ui_link

bp = Blueprint("browse", __name__)
PAGE_SIZE = 100
SITEMAP_CHUNK = 10_000


@dataclass(frozen=True)
class Row:
    iri: str
    label: str
    date: str = ""
    kind: str = ""
    count: int = 0
    lon: float | None = None
    lat: float | None = None


def _documents() -> list[Row]:
    look = site().lookup()
    rows = look.store.query(f"""SELECT ?doc ?date ?type WHERE {{ ?doc a <{CRM.E31_Document.value}> .
        OPTIONAL {{ ?doc <{DV.date.value}> ?date }} OPTIONAL {{ ?doc <{CRM.P2_has_type.value}> ?type }} }}""")
    found: dict[str, Row] = {}
    for row in rows:
        iri = row["doc"].value
        if iri not in found:
            kind = look.label(row["type"]) if row["type"] is not None else ""
            found[iri] = Row(iri, look.label(row["doc"]), row["date"].value if row["date"] else "", kind)
    return sorted(found.values(), key=lambda r: (r.date or "9999", r.label))


def _entities(classes: tuple[NamedNode, ...]) -> list[Row]:
    look = site().lookup()
    values = " ".join(f"<{c.value}>" for c in classes)
    rows = look.store.query(
        f"SELECT ?e ?c ?n WHERE {{ ?e a ?c VALUES ?c {{ {values} }} OPTIONAL {document_counts('?e', '?n')} }}"
    )
    found = []
    for row in rows:
        entity = row["e"]
        if not isinstance(entity, NamedNode):
            continue
        coordinates = point(look, entity) if CRM.E53_Place in classes else None
        found.append(
            Row(
                entity.value,
                look.label(entity),
                "",
                look.kind(entity),
                int(row["n"].value) if row["n"] is not None else 0,
                *(coordinates or (None, None)),
            )
        )
    return sorted(found, key=lambda r: r.label.casefold())


def _events() -> list[Row]:
    look = site().lookup()
    values = " ".join(f"<{c}>" for c in sorted(EVENT_CLASSES))
    rows = look.store.query(f"""SELECT ?e ?begin WHERE {{ ?e a ?c VALUES ?c {{ {values} }}
        ?e <{CRM.term("P4_has_time-span").value}> ?span . ?span <{CRM.P82a_begin_of_the_begin.value}> ?begin }}""")
    found: dict[str, Row] = {}
    for row in rows:
        iri = row["e"].value
        if iri not in found:
            types = [look.label(t) for t in look.objects(row["e"], CRM.P2_has_type)]
            label = activity_label(look, row["e"], types)
            record = look.record_of(iri)
            if record and iri.count("/") == look.iris.document(record).value.count("/") + 1:  # the document's own
                label = f"{label}: {shorten(look.label(look.iris.document(record)), 90)}"
            found[iri] = Row(iri, label, row["begin"].value, ", ".join(t for t in types if t != label))
    return sorted(found.values(), key=lambda r: (r.date, r.label))


def _prominence() -> dict[str, tuple[int, int]]:
    """Entity IRI -> (documents it sent or received, times the texts name it): the tie-breaks of "Most named", so
    that the correspondents of a document come before the names its texts repeat."""
    store = site().lookup().store
    named = store.query(f"""SELECT ?e (COUNT(?a) AS ?n) WHERE {{
        ?a <{OA.hasBody.value}> ?e ; <{OA.motivatedBy.value}> <{OA.identifying.value}> }} GROUP BY ?e""")
    wrote = store.query(f"""SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE {{
        ?d <{DV.sender.value}>|<{DV.addressee.value}> ?e }} GROUP BY ?e""")
    times = {row["e"].value: int(row["n"].value) for row in named}
    letters = {row["e"].value: int(row["n"].value) for row in wrote}
    return {iri: (letters.get(iri, 0), times.get(iri, 0)) for iri in times.keys() | letters.keys()}


@dataclass(frozen=True)
class MostNamed:
    """The first ``HOME_CHIPS`` by documents, ties broken by the documents they sent or received and by how often the
    texts name them, and how many more share the last one's count (the rest of a tie the cut goes through)."""

    rows: list[Row]
    tied_more: int
    count: int


HOME_CHIPS = 12


def most_named(rows: list[Row], prominence: dict[str, tuple[int, int]]) -> MostNamed:
    def key(row: Row) -> tuple[int, int, int, str]:
        letters, times = prominence.get(row.iri, (0, 0))
        return -row.count, -letters, -times, row.label.casefold()

    ranked = sorted(rows, key=key)
    shown = ranked[:HOME_CHIPS]
    if not shown:
        return MostNamed([], 0, 0)
    last = shown[-1].count
    return MostNamed(shown, sum(1 for r in ranked[HOME_CHIPS:] if r.count == last), last)


def _undated() -> list[Row]:
    """Every event a document reports (or plan it records) that has no date: what the timeline cannot place."""
    look = site().lookup()
    rows = look.store.query(f"""SELECT DISTINCT ?e WHERE {{ ?e <{CRM.P70i_is_documented_in.value}> ?d
        FILTER NOT EXISTS {{ ?e <{CRM.term("P4_has_time-span").value}> ?span }}
        FILTER NOT EXISTS {{ ?e <{DV.intendedTime.value}> ?intended }} }}""")
    found = []
    for row in rows:
        types = [look.label(t) for t in look.objects(row["e"], CRM.P2_has_type)]
        label = activity_label(look, row["e"], types)
        found.append(Row(row["e"].value, label, "", ", ".join(t for t in types if t != label)))
    return sorted(found, key=lambda r: _natural_order(r.iri))


def _natural_order(iri: str) -> tuple[str, int]:
    head, _, tail = iri.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (iri, 0)


PREFIXES = (
    "PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>\nPREFIX dv: <https://w3id.org/depesha/vocab#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
# The query behind each list, for its "Query this" link
LIST_QUERIES = {
    "documents": """SELECT ?doc ?date ?title WHERE {
  ?doc a crm:E31_Document ; rdfs:label ?title .
  OPTIONAL { ?doc dv:date ?date }
} ORDER BY ?date ?title""",
    "people": f"""SELECT ?entity ?name (COUNT(DISTINCT ?document) AS ?documents) WHERE {{
  VALUES ?class {{ crm:E21_Person crm:E74_Group }}
  ?entity a ?class ; rdfs:label ?name . FILTER (LANG(?name) = "en")
  OPTIONAL {documents_of("?entity", prefixed=True)}
}} GROUP BY ?entity ?name ORDER BY DESC(?documents) ?name""",
    "places": f"""SELECT ?place ?name ?point (COUNT(DISTINCT ?document) AS ?documents) WHERE {{
  ?place a crm:E53_Place ; rdfs:label ?name . FILTER (LANG(?name) = "en")
  OPTIONAL {{ ?place crm:P168_place_is_defined_by ?point }}
  OPTIONAL {documents_of("?place", prefixed=True)}
}} GROUP BY ?place ?name ?point ORDER BY DESC(?documents) ?name""",
    "timeline": """SELECT ?event ?begin ?label WHERE {
  ?event crm:P4_has_time-span/crm:P82a_begin_of_the_begin ?begin .
  OPTIONAL { ?event rdfs:label ?label }
} ORDER BY ?begin""",
    "undated": """SELECT ?event ?label WHERE {
  ?event crm:P70i_is_documented_in ?document .
  FILTER NOT EXISTS { ?event crm:P4_has_time-span ?span }
  FILTER NOT EXISTS { ?event dv:intendedTime ?intended }
  OPTIONAL { ?event rdfs:label ?label . FILTER (LANG(?label) = "en") }
} ORDER BY ?event""",
}


def list_query(name: str, title: str) -> str:
    return ui_link(PREFIXES + LIST_QUERIES[name], title)


def cached_list(name: str, compute) -> list[Row]:
    current = site()
    return current.cache.get(current.stamp().snapshot, name, compute)


def _page(rows: list[Row], page: int) -> tuple[list[Row], int]:
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    if page > pages:
        raise Problem(404, "Not Found", f"there are only {pages} pages")
    return rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], pages


def _filtered(rows: list[Row], field: str) -> tuple[list[Row], str]:
    value = request.args.get(field, "").strip()
    if not value:
        return rows, ""
    if field == "year":
        return [r for r in rows if r.date.startswith(value)], value
    return [r for r in rows if r.kind.casefold() == value.casefold()], value


def _listing(template: str, rows: list[Row], title: str, **extra) -> str:
    rows, year = _filtered(rows, "year")
    rows, kind = _filtered(rows, "type")
    shown, pages = _page(rows, page_number())
    look = site().lookup()
    return render_template(
        template,
        rows=shown,
        total=len(rows),
        page=page_number(),
        pages=pages,
        title=title,
        year=year,
        kind=kind,
        look=look,
        iri=None,
        **extra,
    )


@bp.route("/")
def home() -> str:
    look = site().lookup()
    documents = cached_list("documents", _documents)
    people = cached_list("people", lambda: _entities((CRM.E21_Person, CRM.E74_Group)))
    places = cached_list("places", lambda: _entities((CRM.E53_Place,)))
    events = cached_list("events", _events)
    years = Counter(r.date[:4] for r in documents if r.date)
    prominence = cached_list("prominence", _prominence)
    return render_template(
        "home.html",
        title="Depesha",
        look=look,
        iri=None,
        documents=documents[:12],
        total_documents=len(documents),
        people=most_named(people, prominence),
        total_people=len(people),
        places=most_named(places, prominence),
        total_places=len(places),
        total_events=len(events),
        years=sorted(years.items()),
        query=query_link(look.iris.dataset.value),
        data=data_links(look.iris.DATASET_PATH, graph=True),
    )


@bp.route("/documents")
def documents() -> str:
    rows = cached_list("documents", _documents)
    years = Counter(r.date[:4] for r in rows if r.date)
    types = Counter(r.kind for r in rows if r.kind)
    return _listing(
        "documents.html",
        rows,
        "Documents by date",
        years=sorted(years.items()),
        types=sorted(types.items()),
        query=list_query("documents", "Documents by date"),
    )


@bp.route("/people")
def people() -> str:
    rows = cached_list("people", lambda: _entities((CRM.E21_Person, CRM.E74_Group)))
    return _listing(
        "entities.html",
        rows,
        "People and groups",
        kinds=("person", "group"),
        places=False,
        query=list_query("people", "People and groups"),
    )


@bp.route("/places")
def places() -> str:
    rows = cached_list("places", lambda: _entities((CRM.E53_Place,)))
    points = [
        {"label": r.label, "url": site().lookup().url(r.iri), "lon": r.lon, "lat": r.lat}
        for r in rows
        if r.lon is not None
    ]
    return _listing(
        "entities.html", rows, "Places", kinds=(), places=True, points=points, query=list_query("places", "Places")
    )


@bp.route("/timeline")
def timeline() -> str:
    rows = cached_list("events", _events)
    undated = cached_list("undated", _undated)
    years = Counter(r.date[:4] for r in rows if r.date)
    if request.args.get("undated") is not None:  # the events the timeline cannot place
        return _listing(
            "timeline.html",
            undated,
            "Events without a date",
            years=sorted(years.items()),
            undated=len(undated),
            listing_undated=True,
            query=list_query("undated", "Events without a date"),
        )
    return _listing(
        "timeline.html",
        rows,
        "Timeline of events",
        years=sorted(years.items()),
        undated=len(undated),
        listing_undated=False,
        query=list_query("timeline", "Timeline"),
    )


def _sitemap_urls() -> list[str]:
    look = site().lookup()
    rows = (
        cached_list("documents", _documents)
        + cached_list("people", lambda: _entities((CRM.E21_Person, CRM.E74_Group)))
        + cached_list("places", lambda: _entities((CRM.E53_Place,)))
        + cached_list("events", _events)
        + cached_list("undated", _undated)
    )
    holdings = look.subjects(RDF.type, CRM.E78_Curated_Holding)
    pages = ["/", "/documents", "/people", "/places", "/timeline", "/vocab", "/dataset", "/sparql", "/search"]
    return pages + [look.url(r.iri) for r in rows] + [look.url(h) for h in holdings]


@bp.route("/sitemap.xml")
def sitemap() -> Response:
    urls = _sitemap_urls()
    root = public_root().rstrip("/")
    if len(urls) <= SITEMAP_CHUNK:
        return _urlset(root, urls)
    parts = -(-len(urls) // SITEMAP_CHUNK)
    items = "".join(f"<sitemap><loc>{xml_escape(root)}/sitemap-{n}.xml</loc></sitemap>" for n in range(1, parts + 1))
    return Response(
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/'
        f'sitemap/0.9">{items}</sitemapindex>\n',
        content_type="application/xml",
    )


@bp.route("/sitemap-<int:number>.xml")
def sitemap_part(number: int) -> Response:
    urls = _sitemap_urls()[(number - 1) * SITEMAP_CHUNK : number * SITEMAP_CHUNK]
    if number < 1 or not urls:
        raise Problem(404, "Not Found", f"there is no sitemap part {number}")
    return _urlset(public_root().rstrip("/"), urls)


def _urlset(root: str, urls: list[str]) -> Response:
    items = "".join(f"<url><loc>{xml_escape(root + u)}</loc></url>" for u in urls)
    return Response(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
        f'sitemap/0.9">{items}</urlset>\n',
        content_type="application/xml",
    )
