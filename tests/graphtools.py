"""Shared helpers for the converter tests: fixtures, conversion, and SPARQL over the real output graph."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, Store

from converter import ConvertedDocument, convert_file

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MALFORMED = FIXTURES / "malformed"
SAMPLE = ROOT / "data" / "sample" / "119111.md"
BASE = "https://w3id.org/depesha/"
ENTITIES_GRAPH = NamedNode(BASE + "graph/entities")
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = {
    "crm": "http://www.cidoc-crm.org/cidoc-crm/",
    "dv": "https://w3id.org/depesha/vocab#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "id": BASE + "id/",
}


def source_path(record: str) -> Path:
    """The sample or a well-formed fixture, by record id."""
    return SAMPLE if record == "119111" else FIXTURES / f"{record}.md"


def all_inputs() -> list[Path]:
    """The sample and every well-formed fixture."""
    return [SAMPLE, *sorted(FIXTURES.glob("*.md"))]


@cache
def convert(record: str) -> ConvertedDocument:
    return convert_file(source_path(record))


def store_of(*docs: ConvertedDocument | str) -> Store:
    """An in-memory store with each document's graph and its entity triples in ``graph/entities``."""
    store = Store()
    for doc in docs:
        doc = convert(doc) if isinstance(doc, str) else doc
        store.extend(doc.quads)
        store.extend(Quad(t.subject, t.predicate, t.object, ENTITIES_GRAPH) for t in doc.entity_triples)
    return store


def select(store: Store, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT over the union of all graphs; each value is the term's lexical value (IRI or literal)."""
    rows = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in rows.variables]
    return [{name: row[name].value for name in names if row[name] is not None} for row in rows]


def select_terms(store: Store, query: str) -> list[dict[str, object]]:
    rows = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in rows.variables]
    return [{name: row[name] for name in names if row[name] is not None} for row in rows]


def ask(store: Store, query: str) -> bool:
    return bool(store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True))


def values(store: Store, query: str) -> set[str]:
    """The set of values of the single variable a SELECT returns."""
    return {next(iter(row.values())) for row in select(store, query) if row}


def iri(path: str) -> str:
    return BASE + path


def literal_of(term: object) -> Literal:
    assert isinstance(term, Literal), term
    return term
