"""Dumps for download.

- The whole dataset, N-Quads and TriG, gzip-compressed, written at build time (``write_dataset_dumps``, called
  by ``build.rebuild_shared_graphs`` before ``graph/meta`` is made) into ``STORE/dumps/`` under content-addressed
  names (``{sha256}.nq.gz``), so that their sizes and SHA-256 checksums go into the VoID in ``graph/meta`` and the
  server finds the file a snapshot describes. A dump holds every graph except ``graph/meta`` (which describes the
  dumps and so cannot be inside them); gzip headers carry no time, so the same data gives the same checksum.
- One document, its named graph, as N-Quads or TriG, plain or gzip: made on request from the snapshot (a few
  hundred quads), at ``/dumps/document/{id}.nq[.gz]`` and ``.trig[.gz]``.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, serialize

from converter.iris import Iris
from converter.namespaces import DCAT, DCTERMS, PREFIXES, VOID, XSD, A, Namespace, text, typed

SPDX = Namespace("http://spdx.org/rdf/terms#")
MEDIA = "https://www.iana.org/assignments/media-types/"
KINDS = {"nq": (RdfFormat.N_QUADS, "application/n-quads", "N-Quads"),
         "trig": (RdfFormat.TRIG, "application/trig", "TriG")}
FOLDER = "dumps"
KEEP = 6     # dump files kept: those of the last few builds, for servers still on an older snapshot


@dataclass(frozen=True)
class Dump:
    name: str          # depesha.nq.gz
    kind: str          # nq, trig
    sha256: str
    size: int

    @property
    def file_name(self) -> str:
        return f"{self.sha256}.{self.kind}.gz"


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


def write_dataset_dumps(store: Store, folder: Path, iris: Iris) -> list[Dump]:
    """Every graph but graph/meta, as gzip N-Quads and TriG, under ``folder/dumps``; returns what was written."""
    target = Path(folder) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    dumps = []
    for kind, (rdf_format, _, _) in KINDS.items():
        temporary = target / f".writing.{kind}.gz"
        with open(temporary, "wb") as raw:
            hashing = _HashingWriter(raw)
            with gzip.GzipFile(fileobj=hashing, mode="wb", mtime=0, filename="", compresslevel=1) as compressed:
                quads = (q for q in store.quads_for_pattern(None, None, None) if q.graph_name != iris.meta_graph)
                kwargs = {"prefixes": PREFIXES} if kind == "trig" else {}
                serialize(quads, compressed, format=rdf_format, **kwargs)
        dump = Dump(f"depesha.{kind}.gz", kind, hashing.digest.hexdigest(), hashing.size)
        os.replace(temporary, target / dump.file_name)
        os.utime(target / dump.file_name)
        dumps.append(dump)
    files = sorted(target.glob("*.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
    return dumps


def dump_iri(iris: Iris, name: str) -> NamedNode:
    return iris.node(f"{FOLDER}/{name}")


def distribution_quads(dumps: list[Dump], iris: Iris) -> list[Quad]:
    """VoID and DCAT statements of the dumps, for graph/meta."""
    graph, dataset = iris.meta_graph, iris.node("dataset")
    quads: list[Quad] = []

    def add(s: NamedNode, p: NamedNode, o) -> None:
        quads.append(Quad(s, p, o, graph))

    for dump in dumps:
        _, media_type, title = KINDS[dump.kind]
        node = dump_iri(iris, dump.name)
        checksum = NamedNode(node.value + "#sha256")
        add(dataset, VOID.dataDump, node)
        add(dataset, DCAT.distribution, node)
        add(node, A, DCAT.Distribution)
        add(node, DCTERMS.title, text(f"The whole dataset as {title}, gzip-compressed (all graphs but graph/meta)",
                                      "en"))
        add(node, DCAT.downloadURL, node)
        add(node, DCAT.mediaType, NamedNode(MEDIA + media_type))
        add(node, DCAT.compressFormat, NamedNode(MEDIA + "application/gzip"))
        add(node, DCAT.byteSize, typed(str(dump.size), XSD.nonNegativeInteger))
        add(node, SPDX.checksum, checksum)
        add(checksum, A, SPDX.Checksum)
        add(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
        add(checksum, SPDX.checksumValue, typed(dump.sha256, XSD.hexBinary))
    return quads


def dataset_dump_file(store: Store, folder: Path, iris: Iris, name: str) -> Path | None:
    """The file of the dump ``name`` that the snapshot's graph/meta describes, if it is there."""
    node = dump_iri(iris, name)
    checksum = next(iter(store.quads_for_pattern(NamedNode(node.value + "#sha256"), SPDX.checksumValue, None)), None)
    if checksum is None or not isinstance(checksum.object, Literal) or not name.endswith(".gz"):
        return None
    kind = name.removesuffix(".gz").rsplit(".", 1)[-1]
    path = Path(folder) / FOLDER / f"{checksum.object.value}.{kind}.gz"
    return path if path.is_file() else None


def document_dump(store: Store, iris: Iris, record: str, kind: str) -> bytes | None:
    """One document's named graph as N-Quads or TriG, or None when there is no such document."""
    graph = iris.document_graph(record)
    if kind not in KINDS or not store.contains_named_graph(graph):
        return None
    kwargs = {"prefixes": PREFIXES} if kind == "trig" else {}
    return serialize(store.quads_for_pattern(None, None, None, graph), format=KINDS[kind][0], **kwargs)
