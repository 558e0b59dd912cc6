"""Pages of people, groups and places: names in every script, the documents they appear in (sent, received,
mentioned, other roles) with snippets, who and what they appear with, the events they are part of, and for a place
its map, enclosing and enclosed places. Lists are paged; the queries stay on indexes (one graph per triple)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from pyoxigraph import Literal, NamedNode

from ontology.namespaces import CRM, DV, OA
from ontology.paths import documents_of
from server.store.lookup import Lookup
from server.store.store import UNION
from server.web.site.activities import ROLE_IN, TIME_SPAN, Activity, Link, activity, link
from server.web.site.text_view import without_page_markers

PAGE_SIZE = 50
SNIPPETS_PER_DOCUMENT = 3
SNIPPET_WINDOW = 90
MARKER_SLACK = 20  # page-number lines near the window's edge are taken out before it is cut
COMPANIONS = 30
KIND_ORDER = {"person": 0, "group": 1, "place": 2}  # among equally frequent companions, people first
EVENTS_SHOWN = 50
MARKUP = re.compile(r"(?m)^#{1,6}[ \t]+|</?su[pb]>")
POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", re.IGNORECASE)
SHORTCUTS = {
    DV.sender: "sender",
    DV.addressee: "addressee",
    CRM.P67_refers_to: "mentioned",
    DV.sentFrom: "sent from",
    DV.sentTo: "sent to",
}
APPELLATION = CRM.P1_is_identified_by
CONTENT = CRM.P190_has_symbolic_content


@dataclass
class Appearance:
    document: Link
    date: str
    roles: list[str]
    snippets: list[Markup] = field(default_factory=list)


@dataclass
class Point:
    label: str
    url: str
    lon: float
    lat: float
    main: bool = False

    @property
    def coordinates(self) -> str:
        """'40.3777° N, 49.8920° E': the point in words, as the map shows it."""
        north = f"{abs(self.lat):.4f}° {'N' if self.lat >= 0 else 'S'}"
        return f"{north}, {abs(self.lon):.4f}° {'E' if self.lon >= 0 else 'W'}"


@dataclass
class EntityView:
    iri: str
    label: str
    kind: str
    names: dict[str, str]
    forms: list[str]
    types: list[Link]
    wikidata: list[Link]
    candidates: list[Link]
    appearances: list[Appearance]
    total: int
    page: int
    pages: int
    role_counts: dict[str, int]
    companions: list[tuple[Link, int]]
    companions_total: int
    events: list[Activity]
    events_total: int
    events_undated: int = 0  # of events_total, those without a date (listed last)
    enclosing: list[Link] = field(default_factory=list)
    enclosed: list[Link] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)


def point(look: Lookup, place: NamedNode) -> tuple[float, float] | None:
    for wkt in look.objects(place, CRM.P168_place_is_defined_by):
        match = POINT.search(wkt.value) if isinstance(wkt, Literal) else None
        if match:
            return float(match.group(1)), float(match.group(2))
    return None


def appearances(look: Lookup, entity: NamedNode) -> dict[str, set[str]]:
    """document IRI -> the ways the entity appears in it; the documents are those ontology.paths counts."""
    found: dict[str, set[str]] = {}
    for predicate, role in SHORTCUTS.items():
        for quad in look.store.quads_for_pattern(None, predicate, entity, UNION):
            record = look.record_of(quad.subject.value)  # a translation's mentions count for its document
            document = look.iris.document(record).value if record else quad.subject.value
            found.setdefault(document, set()).add(role)
    for quad in look.store.quads_for_pattern(None, CRM.P02_has_range, entity, UNION):
        record = look.record_of(quad.subject.value)  # the role node of one of the document's activities
        role = look.object(quad.subject, ROLE_IN)
        if record and isinstance(role, NamedNode):
            found.setdefault(look.iris.document(record).value, set()).add(look.label(role).lower())
    for row in look.store.query(f"SELECT DISTINCT ?document WHERE {documents_of(f'<{entity.value}>')}"):
        found.setdefault(row["document"].value, {"archive"})  # what the roles miss: keeping the document's file
    return found


def snippets(look: Lookup, entity: NamedNode, document: str, texts: dict[str, str]) -> list[Markup]:
    """Where the entity is mentioned in a document: a few words around each annotated position."""
    record = look.record_of(document)
    if record is None:
        return []
    graph = look.iris.document_graph(record)
    result: list[Markup] = []
    seen: set[tuple[str, int]] = set()
    for quad in look.store.quads_for_pattern(None, OA.hasBody, entity, graph):
        for target in look.objects(quad.subject, OA.hasTarget):
            source = look.object(target, OA.hasSource)
            if not isinstance(source, NamedNode):
                continue
            if source.value not in texts:
                content = look.text(source)
                texts[source.value] = content.value if content is not None else ""
            text = texts[source.value]
            for selector in look.objects(target, OA.hasSelector):
                start, end = look.value(selector, OA.start), look.value(selector, OA.end)
                if not (start and end and start.isdigit() and end.isdigit()) or (source.value, int(start)) in seen:
                    continue
                seen.add((source.value, int(start)))
                result.append(_snippet(text, int(start), int(end)))
                if len(result) >= SNIPPETS_PER_DOCUMENT:
                    return result
    return result


def _snippet(text: str, start: int, end: int) -> Markup:
    """The name marked in up to SNIPPET_WINDOW characters either side, cut at words, on one line, spaced as printed
    (no space before the punctuation that follows a name) and without the source's page-number lines."""
    before = start - SNIPPET_WINDOW
    left = without_page_markers(text[max(0, before - MARKER_SLACK) : start])[-SNIPPET_WINDOW:]
    right = without_page_markers(text[end : end + SNIPPET_WINDOW + MARKER_SLACK])[:SNIPPET_WINDOW]
    if before > 0 and " " in left:
        left = "…" + left.split(" ", 1)[1]
    if end + SNIPPET_WINDOW < len(text) and " " in right:
        right = right.rsplit(" ", 1)[0] + "…"
    gap_left = " " if left[-1:].isspace() else ""
    gap_right = " " if right[:1].isspace() else ""
    name = escape(text[start:end])
    return Markup(f"{escape(_flat(left))}{gap_left}<mark>{name}</mark>{gap_right}{escape(_flat(right))}")


def _flat(text: str) -> str:
    """Snippet context on one line, without Markdown heading marks or sup/sub tags."""
    return " ".join(MARKUP.sub("", text).split())


def companions(look: Lookup, entity: NamedNode) -> tuple[list[tuple[Link, int]], int]:
    """The COMPANIONS named most often in the same documents as ``entity``, and how many there are in all."""
    rows = look.store.query(
        f"""SELECT ?other (COUNT(DISTINCT ?g) AS ?n) WHERE {{
              GRAPH ?g {{ ?a <{CRM.P67_refers_to.value}> <{entity.value}> . ?b <{CRM.P67_refers_to.value}> ?other }}
              FILTER(?other != <{entity.value}>)
            }} GROUP BY ?other"""
    )
    found = sorted(
        ((row["other"], int(row["n"].value)) for row in rows if isinstance(row["other"], NamedNode)),
        key=lambda pair: -pair[1],
    )
    cut = found[COMPANIONS - 1][1] if len(found) >= COMPANIONS else 0
    candidates = [(link(look, o), n) for o, n in found if n >= cut]  # the first COMPANIONS and the tie at the cut
    candidates.sort(key=lambda pair: (-pair[1], KIND_ORDER.get(pair[0].kind, 9), pair[0].label.casefold()))
    return candidates[:COMPANIONS], len(found)


def events_of(look: Lookup, entity: NamedNode) -> tuple[list[Activity], int, int]:
    """Narrated events and plans (documented in a document) that point to the entity in any way: the first
    EVENTS_SHOWN in time order (a plan by its intended time; the undated last), how many there are, and how many of
    them are undated."""
    rows = list(
        look.store.query(
            f"""SELECT ?event (MIN(?when) AS ?begin) WHERE {{ ?event ?p <{entity.value}> .
              ?event <{CRM.P70i_is_documented_in.value}> ?doc .        # MODEL.md: a narrated event names its document
              OPTIONAL {{ ?event <{TIME_SPAN.value}>|<{DV.intendedTime.value}> ?span .
                         ?span <{CRM.P82a_begin_of_the_begin.value}> ?when }}
            }} GROUP BY ?event"""
        )
    )
    rows.sort(key=lambda row: (row["begin"].value if row["begin"] else "9999", row["event"].value))
    shown = [activity(look, row["event"]) for row in rows[:EVENTS_SHOWN] if isinstance(row["event"], NamedNode)]
    return shown, len(rows), sum(1 for row in rows if not row["begin"])


def entity_view(look: Lookup, entity: NamedNode, page: int = 1) -> EntityView:
    kind = look.kind(entity)
    found = appearances(look, entity)
    dates = {doc: look.value(NamedNode(doc), DV.date) or "" for doc in found}
    ordered = sorted(found, key=lambda doc: (dates[doc] or "9999", doc))
    pages = max(1, -(-len(ordered) // PAGE_SIZE))
    page = min(max(1, page), pages)
    texts: dict[str, str] = {}
    shown = [
        Appearance(link(look, NamedNode(doc)), dates[doc], sorted(found[doc]), snippets(look, entity, doc, texts))
        for doc in ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    ]
    role_counts: dict[str, int] = {}
    for roles in found.values():
        for role in roles:
            role_counts[role] = role_counts.get(role, 0) + 1
    forms = sorted(
        {look.value(a, CONTENT) or "" for a in look.objects(entity, APPELLATION) if isinstance(a, NamedNode)} - {""},
        key=str.casefold,
    )
    view = EntityView(
        iri=entity.value,
        label=look.label(entity),
        kind=kind,
        names=look.labels(entity),
        forms=forms,
        types=[link(look, t) for t in look.objects(entity, CRM.P2_has_type) if isinstance(t, NamedNode)],
        wikidata=[
            Link(iri.rsplit("/", 1)[-1], look.wikidata_page(iri) or iri, "wikidata") for iri in look.same_as(entity)
        ],
        candidates=_candidates(look, entity),
        appearances=shown,
        total=len(ordered),
        page=page,
        pages=pages,
        role_counts=role_counts,
        companions=[],
        companions_total=0,
        events=[],
        events_total=0,
    )
    view.events, view.events_total, view.events_undated = events_of(look, entity)
    view.companions, view.companions_total = companions(look, entity)
    if kind == "place":
        _place(look, entity, view)
    return view


def _candidates(look: Lookup, entity: NamedNode) -> list[Link]:
    """Possible Wikidata matches below the certainty threshold (dv:candidateMatch), with their score."""
    found = []
    for candidate in look.objects(entity, DV.candidateMatch):
        item = look.object(candidate, DV.candidateItem) if not look.wikidata_page(candidate.value) else candidate
        target = item if isinstance(item, NamedNode) else candidate
        score = look.value(candidate, DV.matchScore) or ""
        found.append(
            Link(target.value.rsplit("/", 1)[-1], look.wikidata_page(target.value) or target.value, "wikidata", score)
        )
    return found


def _place(look: Lookup, place: NamedNode, view: EntityView) -> None:
    chain: list[Link] = []
    node = look.object(place, CRM.P89_falls_within)
    seen = {place.value}
    while isinstance(node, NamedNode) and node.value not in seen:
        seen.add(node.value)
        chain.append(link(look, node))
        node = look.object(node, CRM.P89_falls_within)
    view.enclosing = chain
    inside = [p for p in look.sorted_by_label(look.subjects(CRM.P89_falls_within, place)) if isinstance(p, NamedNode)]
    view.enclosed = [link(look, p) for p in inside]
    own = point(look, place)
    if own:
        view.points.append(Point(view.label, look.url(place), own[0], own[1], True))
    for child in inside:
        coordinates = point(look, child)
        if coordinates:
            view.points.append(Point(look.label(child), look.url(child), coordinates[0], coordinates[1]))
