"""Dumps for download.

- The whole dataset, N-Quads and TriG, gzip-compressed, split into parts that a build rewrites only where something
  changed: ``depesha-shared`` (graph/entities, graph/vocab and the graphs loaded by hand) and ``depesha-documents-{h}``
  for the documents whose record id's SHA-256 starts with the hex digit ``h``. A part is the concatenation of
  its documents' pieces, gzip members that ``depesha build`` keeps under ``STORE/parts/`` (made by the converting
  processes, ``conversion.py``); a concatenation of gzip members is one valid gzip file, and of TriG files one TriG
  file. Parts are written under content-addressed names into ``STORE/dumps/`` (``{sha256}.nq.gz``), listed in the
  VoID of ``graph/meta`` as ``void:dataDump`` with size and SHA-256, and noted in the catalog, so that a one-document
  rebuild rewrites one part (a sixteenth of the documents), not gigabytes. ``graph/meta`` is in no dump: it
  describes them.
- ``/dumps/depesha.nq.gz`` and ``.trig.gz``: all parts of a format, one after the other (in the order of their
  names), in one download: a ``dcat:Distribution`` with its size, its own SHA-256 (of the parts' bytes in that order,
  so a build reads every part once more: at hashing speed, a small cost beside the build) and ``dcterms:hasPart``
  each part.
- One document, its named graph, as N-Quads or TriG, plain or gzip: made on request from the snapshot, at
  ``/dumps/document/{id}.nq[.gz]`` and ``.trig[.gz]``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store, serialize

from ontology.iris import Iris
from ontology.namespaces import DCAT, DCTERMS, PREFIXES, VOID, XSD, A, Namespace, text, typed
from server.store.catalog import Catalog

SPDX = Namespace("http://spdx.org/rdf/terms#")
MEDIA = "https://www.iana.org/assignments/media-types/"
KINDS = {
    "nq": (RdfFormat.N_QUADS, "application/n-quads", "N-Quads"),
    "trig": (RdfFormat.TRIG, "application/trig", "TriG"),
}
FOLDER, PIECES = "dumps", "parts"
SHARED = "shared"
SETTING = "dumps"  # catalog setting: the parts of the newest build, and of the one before (still served)
WHOLE_SETTING = "whole dumps"  # catalog setting: format -> SHA-256 of its parts one after the other (the download)
SAFE_NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")


@dataclass(frozen=True)
class Dump:
    part: str  # shared, documents-0, ... documents-f
    kind: str  # nq, trig
    sha256: str
    size: int

    @property
    def name(self) -> str:
        return f"depesha-{self.part}.{self.kind}.gz"

    @property
    def file_name(self) -> str:
        return f"{self.sha256}.{self.kind}.gz"


def part_of(record: str) -> str:
    return "documents-" + hashlib.sha256(record.encode("utf-8")).hexdigest()[0]


def _piece_path(folder: Path, record: str, kind: str) -> Path:
    name = record if SAFE_NAME.fullmatch(record) else hashlib.sha256(record.encode("utf-8")).hexdigest()
    return Path(folder) / PIECES / part_of(record) / f"{name}.{kind}.gz"


def write_pieces(folder: Path, record: str, pieces: dict[str, bytes]) -> None:
    """Keep a converted document's gzip N-Quads and TriG for the dumps (written whole, then moved into place)."""
    for kind, data in pieces.items():
        path = _piece_path(folder, record, kind)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)


def remove_pieces(folder: Path, record: str) -> None:
    for kind in KINDS:
        _piece_path(folder, record, kind).unlink(missing_ok=True)


class _HashingWriter:
    def __init__(self, target) -> None:
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.target.write(data)

    def flush(self) -> None:
        self.target.flush()


def _write_part(target: Path, part: str, kind: str, chunks: Iterable[bytes]) -> Dump:
    temporary = target / f".writing.{kind}.gz"
    with open(temporary, "wb") as raw:
        hashing = _HashingWriter(raw)
        for chunk in chunks:
            hashing.write(chunk)
    dump = Dump(part, kind, hashing.digest.hexdigest(), hashing.size)
    os.replace(temporary, target / dump.file_name)
    return dump


def serialized(quads: Iterable[Quad], kind: str) -> bytes:
    """Quads as N-Quads or TriG (with the project's prefixes)."""
    return serialize(quads, format=KINDS[kind][0], **({"prefixes": PREFIXES} if kind == "trig" else {}))


def compressed(data: bytes) -> bytes:
    """A gzip member of a dump: fast to make, no time in its header (the same data, the same bytes)."""
    return gzip.compress(data, compresslevel=1, mtime=0)


def _shared_chunks(store: Store, graphs: list[NamedNode | DefaultGraph], kind: str) -> Iterator[bytes]:
    yield compressed(serialized((q for g in graphs for q in store.quads_for_pattern(None, None, None, g)), kind))


def _piece_chunks(store: Store, iris: Iris, folder: Path, records: list[str], kind: str) -> Iterator[bytes]:
    for record in records:
        try:
            yield _piece_path(folder, record, kind).read_bytes()
        except FileNotFoundError:  # kept from a build that failed to convert it again: made from the store
            yield from _shared_chunks(store, [iris.document_graph(record)], kind)


def write_dataset_dumps(
    store: Store,
    catalog: Catalog,
    folder: Path,
    iris: Iris,
    changed: set[str] | None,
    shared_graphs: list[NamedNode | DefaultGraph],
) -> list[Dump]:
    """Rewrite the shared part, and the document parts in ``changed`` (``part_of`` names; None: all) or missing;
    note them in the catalog and return the parts of every format."""
    target = Path(folder) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    by_part: dict[str, list[str]] = {}
    for record, _ in catalog.document_builds():
        by_part.setdefault(part_of(record), []).append(record)
    previous = {(d.part, d.kind): d for d in current_dumps(catalog)}
    dumps: list[Dump] = []
    for kind in KINDS:
        dumps.append(_write_part(target, SHARED, kind, _shared_chunks(store, shared_graphs, kind)))
        for part, records in sorted(by_part.items()):
            old = previous.get((part, kind))
            if changed is not None and part not in changed and old and (target / old.file_name).is_file():
                dumps.append(old)
            else:
                dumps.append(_write_part(target, part, kind, _piece_chunks(store, iris, folder, records, kind)))
    kept = {d.file_name for d in dumps} | {d.file_name for d in previous.values()}
    for file in target.glob("*.gz"):  # the parts of older builds, which no recent snapshot lists
        if file.name not in kept:
            file.unlink(missing_ok=True)
    catalog.set_setting(SETTING, json.dumps([[d.part, d.kind, d.sha256, d.size] for d in dumps]))
    catalog.set_setting(WHOLE_SETTING, json.dumps(_whole_checksums(target, dumps)))
    return dumps


def _whole_checksums(target: Path, dumps: list[Dump]) -> dict[str, str]:
    """Format -> the SHA-256 of the whole-dataset download: its parts' files in the order they are served."""
    found = {}
    for kind in KINDS:
        digest = hashlib.sha256()
        for dump in sorted((d for d in dumps if d.kind == kind), key=lambda d: d.name):
            with open(target / dump.file_name, "rb") as part:
                while chunk := part.read(1 << 20):
                    digest.update(chunk)
        found[kind] = digest.hexdigest()
    return found


def whole_checksums(catalog: Catalog) -> dict[str, str]:
    """The whole-dataset downloads' SHA-256 the newest build noted, by format (none before a build noted them)."""
    return json.loads(catalog.setting(WHOLE_SETTING) or "{}")


def current_dumps(catalog: Catalog) -> list[Dump]:
    """The parts the newest build wrote, as its catalog notes them."""
    return [Dump(*row) for row in json.loads(catalog.setting(SETTING) or "[]")]


def dump_iri(iris: Iris, name: str) -> NamedNode:
    return iris.node(f"{FOLDER}/{name}")


def distribution_quads(dumps: list[Dump], iris: Iris, wholes: dict[str, str] | None = None) -> list[Quad]:
    """VoID and DCAT statements of the dumps (and of the whole-dataset downloads, with ``wholes``' checksums), for
    graph/meta."""
    graph, dataset = iris.meta_graph, iris.node("dataset")
    quads: list[Quad] = []

    def add(s: NamedNode, p: NamedNode, o) -> None:
        quads.append(Quad(s, p, o, graph))

    def describe(node: NamedNode, kind: str, title: str, size: int) -> None:
        add(dataset, DCAT.distribution, node)
        add(node, A, DCAT.Distribution)
        add(node, DCTERMS.title, text(title, "en"))
        add(node, DCAT.downloadURL, node)
        add(node, DCAT.mediaType, NamedNode(MEDIA + KINDS[kind][1]))
        add(node, DCAT.compressFormat, NamedNode(MEDIA + "application/gzip"))
        add(node, DCAT.byteSize, typed(str(size), XSD.nonNegativeInteger))

    def checksum(node: NamedNode, sha256: str) -> None:
        value = NamedNode(node.value + "#sha256")
        add(node, SPDX.checksum, value)
        add(value, A, SPDX.Checksum)
        add(value, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        add(value, SPDX.checksumValue, typed(sha256, XSD.hexBinary))

    for kind, (_, _, format_title) in KINDS.items():
        parts = [d for d in dumps if d.kind == kind]
        whole = dump_iri(iris, f"depesha.{kind}.gz")
        describe(
            whole,
            kind,
            f"The whole dataset as {format_title}, gzip-compressed (all graphs but graph/meta), "
            "in one download: the parts one after the other",
            sum(d.size for d in parts),
        )
        if (wholes or {}).get(kind):
            checksum(whole, wholes[kind])
        for dump in parts:
            node = dump_iri(iris, dump.name)
            what = (
                "graph/entities, graph/vocab and the graphs loaded by hand"
                if dump.part == SHARED
                else f"the documents whose record id's SHA-256 starts with {dump.part[-1]}"
            )
            describe(node, kind, f"Part of the dataset as {format_title}, gzip-compressed: {what}", dump.size)
            add(whole, DCTERMS.hasPart, node)
            add(dataset, VOID.dataDump, node)
            checksum(node, dump.sha256)
    return quads


def dataset_dump_files(store: Store, folder: Path, iris: Iris, name: str) -> list[Path] | None:
    """The files of the dump ``name`` (a part, or the whole of one format) that the snapshot's graph/meta lists, in
    the order they are served; None when there is no such dump or a file is missing."""
    try:
        node = dump_iri(iris, name)
    except ValueError:  # not a name an IRI can end with, so no dump of ours
        return None
    parts = [q.object for q in store.quads_for_pattern(node, DCTERMS.hasPart, None, iris.meta_graph)]
    paths = []
    for part in sorted(parts or [node], key=lambda n: n.value):
        checksum = next(
            iter(store.quads_for_pattern(NamedNode(part.value + "#sha256"), SPDX.checksumValue, None)), None
        )
        if checksum is None or not isinstance(checksum.object, Literal) or not part.value.endswith(".gz"):
            return None
        kind = part.value.removesuffix(".gz").rsplit(".", 1)[-1]
        paths.append(Path(folder) / FOLDER / f"{checksum.object.value}.{kind}.gz")
    return paths if all(p.is_file() for p in paths) else None


def document_dump(store: Store, iris: Iris, record: str, kind: str) -> bytes | None:
    """One document's named graph as N-Quads or TriG, or None when there is no such document."""
    try:
        graph = iris.document_graph(record)
    except ValueError:  # not a record id an IRI can hold, so no document of ours
        return None
    if kind not in KINDS or not store.contains_named_graph(graph):
        return None
    return serialized(store.quads_for_pattern(None, None, None, graph), kind)
