"""Namespaces of MODEL.md and small helpers to make pyoxigraph terms."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode


class Namespace:
    """``CRM.E21_Person`` -> NamedNode; ``CRM.term("P14.1_in_the_role_of")`` for names that are not identifiers."""

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        node = NamedNode(self.iri + name)
        setattr(self, name, node)  # made once: later look-ups find the attribute and never come here
        return node

    def term(self, name: str) -> NamedNode:
        return NamedNode(self.iri + name)

    def __str__(self) -> str:
        return self.iri


CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
DV = Namespace("https://w3id.org/depesha/vocab#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
OA = Namespace("http://www.w3.org/ns/oa#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "crm": str(CRM), "dv": str(DV), "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD),
    "skos": str(SKOS), "dcterms": str(DCTERMS), "prov": str(PROV), "void": str(VOID), "dcat": str(DCAT),
    "oa": str(OA), "geo": str(GEO), "wd": str(WD),
}

A = RDF.type


def compact(iri: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """``crm:P2_has_type`` for an IRI in a known namespace, else the IRI."""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri
DEFAULT_BASE = "https://w3id.org/depesha/"


def text(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def typed(value: str, datatype: NamedNode) -> Literal:
    return Literal(value, datatype=datatype)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)
