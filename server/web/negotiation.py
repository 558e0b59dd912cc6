"""Content negotiation: the Accept header (q-values, wildcards) against the formats a response can take."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat


@dataclass(frozen=True)
class Format:
    media_type: str
    name: str  # short name for ?format= and file suffixes
    results: QueryResultsFormat | None = None
    rdf: RdfFormat | None = None


RESULT_FORMATS = [
    Format("application/sparql-results+json", "json", results=QueryResultsFormat.JSON),
    Format("application/sparql-results+xml", "xml", results=QueryResultsFormat.XML),
    Format("text/csv", "csv", results=QueryResultsFormat.CSV),
    Format("text/tab-separated-values", "tsv", results=QueryResultsFormat.TSV),
    Format("application/json", "json", results=QueryResultsFormat.JSON),
    Format("application/xml", "xml", results=QueryResultsFormat.XML),
    Format("text/xml", "xml", results=QueryResultsFormat.XML),
]
GRAPH_FORMATS = [
    Format("text/turtle", "ttl", rdf=RdfFormat.TURTLE),
    Format("application/n-triples", "nt", rdf=RdfFormat.N_TRIPLES),
    Format("application/n-quads", "nq", rdf=RdfFormat.N_QUADS),
    Format("application/rdf+xml", "rdf", rdf=RdfFormat.RDF_XML),
    Format("application/ld+json", "jsonld", rdf=RdfFormat.JSON_LD),
    Format("application/trig", "trig", rdf=RdfFormat.TRIG),
    Format("text/plain", "nt", rdf=RdfFormat.N_TRIPLES),
    Format("application/xml", "rdf", rdf=RdfFormat.RDF_XML),
]
DATASET_FORMATS = [f for f in GRAPH_FORMATS if f.rdf in (RdfFormat.N_QUADS, RdfFormat.TRIG)]


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """[(media range, q)], best first; a missing or empty header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int]] = []
    for index, item in enumerate(header.split(",")):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media + "/*"
        q = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, index))
    ranges.sort(key=lambda r: (-r[1], r[0].count("*"), r[2]))
    return [(media, q) for media, q, _ in ranges]


def _matches(media_range: str, media_type: str) -> bool:
    if media_range == "*/*":
        return True
    major, _, minor = media_range.partition("/")
    t_major, _, t_minor = media_type.partition("/")
    return major == t_major and minor in ("*", t_minor)


def _specificity(media_range: str) -> int:
    return 2 - media_range.count("*")


def negotiate(header: str | None, formats: list[Format]) -> Format | None:
    """The format the client prefers most; among equals, the first of ``formats``. None when nothing fits."""
    ranges = parse_accept(header)
    best: tuple[float, int, int] | None = None
    chosen: Format | None = None
    for position, candidate in enumerate(formats):
        # the most specific range that matches decides the q of this type (RFC 9110, 12.5.1)
        matching = [(r, q) for r, q in ranges if _matches(r, candidate.media_type)]
        if not matching:
            continue
        media_range, q = max(matching, key=lambda rq: _specificity(rq[0]))
        if q <= 0:
            continue
        key = (q, _specificity(media_range), -position)
        if best is None or key > best:
            best, chosen = key, candidate
    return chosen


def by_name(name: str, formats: list[Format]) -> Format | None:
    name = name.lower()
    return next((f for f in formats if f.name == name or f.media_type == name), None)
