"""Namespaces of MODEL.md and small helpers to make pyoxigraph terms. ``crm:`` and ``dv:`` are closed: a term that the
model does not define (``ontology/crm-terms.txt``; the subjects of ``ontology/vocab.ttl``) fails at once instead of
minting a new IRI."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

HERE = Path(__file__).resolve().parent


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


class ClosedNamespace(Namespace):
    """A namespace whose terms are listed: any other name is an error (``AttributeError``/``ValueError``)."""

    def __init__(self, iri: str, terms: Callable[[], frozenset[str]], where: str) -> None:
        super().__init__(iri)
        self._terms = terms
        self._where = where

    def _check(self, name: str) -> None:
        if name not in self._terms():
            raise ValueError(f"<{self.iri}{name}> is not a term of the model ({self._where}); a typo?")

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            self._check(name)
        except ValueError as exc:
            raise AttributeError(str(exc)) from None
        return super().__getattr__(name)

    def term(self, name: str) -> NamedNode:
        self._check(name)
        return super().term(name)


@cache
def _crm_terms() -> frozenset[str]:
    lines = (HERE / "crm-terms.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _dv_terms() -> frozenset[str]:
    iri = "https://w3id.org/depesha/vocab#"
    return frozenset(
        q.subject.value[len(iri) :]
        for q in parse(path=str(HERE / "vocab.ttl"), format=RdfFormat.TURTLE)
        if isinstance(q.subject, NamedNode) and q.subject.value.startswith(iri)
    )


CRM = ClosedNamespace("http://www.cidoc-crm.org/cidoc-crm/", _crm_terms, "ontology/crm-terms.txt")
DV = ClosedNamespace("https://w3id.org/depesha/vocab#", _dv_terms, "ontology/vocab.ttl")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
EDTF = NamedNode("http://id.loc.gov/datatypes/edtf/EDTF")  # the datatype of EDTF (ISO 8601-2) literals
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
OA = Namespace("http://www.w3.org/ns/oa#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "crm": str(CRM),
    "dv": str(DV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "void": str(VOID),
    "dcat": str(DCAT),
    "oa": str(OA),
    "geo": str(GEO),
    "wd": str(WD),
}

A = RDF.type


def compact(iri: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """``crm:P2_has_type`` for an IRI in a known namespace, else the IRI."""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


DEFAULT_BASE = "https://w3id.org/depesha/"


def text(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def typed(value: str, datatype: NamedNode) -> Literal:
    return Literal(value, datatype=datatype)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)
