"""Every IRI Depesha mints, in one place (MODEL.md, "IRIs"). The same input always gives the same IRIs."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from pyoxigraph import NamedNode

from .namespaces import DEFAULT_BASE


def _segment(value: str) -> str:
    """An archival number as a path segment: '059a' stays, '[120]' -> '120', spaces and slashes -> '-'."""
    value = re.sub(r"[\[\]()]", "", value.strip()).lower()
    return re.sub(r"[^0-9a-zа-яё._-]+", "-", value).strip("-") or "unnumbered"


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def local_slug(slug: str, record: str) -> str:
    """The slug of an entity known only within one document: 'kozlov' named in record 119111 -> 'kozlov--119111'
    (``id/person/kozlov--119111``); a slug never holds '--' otherwise."""
    return f"{slug}--{_segment(record)}"


def unscoped(slug: str) -> str:
    """A slug without the document it is local to: 'kozlov--900001' -> 'kozlov' (what a gold file of that document
    writes)."""
    return slug.split("--", 1)[0]


@dataclass(frozen=True)
class Iris:
    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    def node(self, path: str) -> NamedNode:
        return NamedNode(self.base + path)

    # documents and their parts
    def document(self, record: str) -> NamedNode:
        return self.node(f"id/document/{record}")

    def document_part(self, record: str, part: str) -> NamedNode:
        """creation, receipt, translating, publication, title, summary, citation, carrier, ..."""
        return self.node(f"id/document/{record}/{part}")

    def translation(self, record: str, language: str) -> NamedNode:
        return self.node(f"id/document/{record}/translation/{language}")

    def event(self, record: str, number: int) -> NamedNode:
        return self.node(f"id/document/{record}/event/{number}")

    def annotation(self, record: str, number: int, fragment: str = "") -> NamedNode:
        return self.node(f"id/document/{record}/annotation/{number}" + (f"#{fragment}" if fragment else ""))

    # shared things
    def entity(self, kind: str, slug: str) -> NamedNode:
        return self.node(f"id/{kind}/{slug}")

    def appellation(self, entity: NamedNode, form: str) -> NamedNode:
        return NamedNode(f"{entity.value}/appellation/{short_hash(form)}")

    def holding(self, repository: str, *levels: str) -> NamedNode:
        return self.node("id/holding/" + "/".join([_segment(repository), *(_segment(x) for x in levels)]))

    def edition(self, volume: str) -> NamedNode:
        """A published edition's volume that documents form part of (a FRUS volume: ``id/edition/frus1955-57v99``)."""
        return self.node(f"id/edition/{_segment(volume)}")

    def language(self, code: str) -> NamedNode:
        return self.node(f"id/language/{code}")

    # graphs
    def document_graph(self, record: str) -> NamedNode:
        return self.node(f"graph/document/{record}")

    @property
    def entities_graph(self) -> NamedNode:
        return self.node("graph/entities")

    @property
    def vocab_graph(self) -> NamedNode:
        return self.node("graph/vocab")

    @property
    def meta_graph(self) -> NamedNode:
        return self.node("graph/meta")

    def record_of_graph(self, graph: NamedNode) -> str | None:
        prefix = self.base + "graph/document/"
        return graph.value[len(prefix) :] if graph.value.startswith(prefix) else None

    # parsing: which kind of IRI a path under the base is
    ENTITY_PATH = "id/"  # people, groups, places, holdings, languages: BASE + "id/" + kind/slug
    DATASET_PATH = "dataset"
    VOCAB_PATH = "vocab"

    @property
    def dataset(self) -> NamedNode:
        return self.node(self.DATASET_PATH)

    def entity_id(self, iri: str) -> str | None:
        """``kind/slug`` of an IRI under ``BASE/id/`` (the reconciliation service's ids), else None."""
        prefix = self.base + self.ENTITY_PATH
        return iri[len(prefix) :] if iri.startswith(prefix) else None

    def entity_of_id(self, entity_id: str) -> str:
        return self.base + self.ENTITY_PATH + entity_id

    @staticmethod
    def record_of_path(path: str) -> str | None:
        """The record of a document's own path (``id/document/119111``), else None (its parts are not it)."""
        match = re.fullmatch(r"id/document/([^/#]+)", path)
        return match.group(1) if match else None

    @staticmethod
    def is_graph_path(path: str) -> bool:
        return path.startswith("graph/")
