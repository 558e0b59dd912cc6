"""The store on disk: an Oxigraph database written by builds, read through snapshots.

Layout of a store folder::

    DIR/oxigraph/        the primary database; only ``build`` and ``load`` open it, one at a time (a lock)
    DIR/catalog.sqlite   what is loaded, from which file, with which content hash (``catalog.py``)
    DIR/parts/, dumps/   each document's graph as gzip N-Quads and TriG, and the dataset dumps (``dumps.py``)
    DIR/snapshots/N/     read-only checkpoints (hard links, made in milliseconds) that readers open
    DIR/CURRENT          the name of the newest snapshot, replaced atomically after each build

Readers (``query``, ``serve``, ``export``) open the snapshot named in CURRENT, so a build that runs meanwhile never
changes what a running query sees, and a reader picks up the next snapshot when CURRENT changes.

The union of the graphs (MODELLING.md, "Graphs"): named graphs hold exactly what was put into them, and the database's
own default graph (``UNION``) holds every triple of every named graph once. Queries read it as their default graph,
so a triple in two graphs counts once (pyoxigraph's union-of-graphs flag counts it once per graph). Only
``WritableStore`` changes graphs, and it keeps ``UNION`` with them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store, Triple

from converter.errors import StoreBusy, StoreError
from ontology.namespaces import DEFAULT_BASE
from server import SOFTWARE
from server.store.catalog import Catalog

SNAPSHOTS_KEPT = 3
UNION = DefaultGraph()  # the database's default graph: the union of the named graphs, each triple once
UNION_SETTING = "union"  # catalog setting: "materialised" once UNION is kept
USER_DEFAULT = "user/default"  # below the base: where triples written to "the default graph" are kept


def named_quads(store: Store) -> Iterator[Quad]:
    """Every quad of the named graphs: the dataset as it was put in, without the union derived from it."""
    return (quad for quad in store if quad.graph_name != UNION)


class WritableStore:
    """The primary database and its catalog, opened for a build or a load (one writer at a time)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / "oxigraph").mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store folder {self.folder}: {exc.strerror or exc}") from None
        try:
            self.oxigraph = Store(str(self.folder / "oxigraph"))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusy(
                    f"the store {self.folder} is in use by another build or load; wait for it to end"
                ) from None
            raise StoreError(f"cannot open the store {self.folder}: {exc}") from None
        self.catalog = Catalog(self.folder / "catalog.sqlite")
        self._materialise_union()

    def _materialise_union(self) -> None:
        """A store of an earlier Depesha kept users' triples in the default graph and queried the union of graphs:
        move those triples to the user default graph and fill ``UNION`` from every named graph, once."""
        if self.catalog.setting(UNION_SETTING) == "materialised":
            return
        user_default = NamedNode((self.catalog.setting("base") or DEFAULT_BASE) + USER_DEFAULT)
        loose = [
            Quad(q.subject, q.predicate, q.object, user_default)
            for q in self.oxigraph.quads_for_pattern(None, None, None, UNION)
        ]
        self.oxigraph.clear_graph(UNION)
        self.oxigraph.bulk_extend(loose)
        self.catalog.rename_user_graph("", user_default.value)
        self.oxigraph.bulk_extend(
            Quad(q.subject, q.predicate, q.object)
            for q in self.oxigraph.quads_for_pattern(None, None, None)
            if q.graph_name != UNION
        )
        self.catalog.set_setting(UNION_SETTING, "materialised")
        self.catalog.commit()

    def add(self, quads: Iterable[Quad]) -> None:
        """Add quads of named graphs, and their triples to the union."""
        quads = list(quads)
        self.oxigraph.bulk_extend(quads)
        self.oxigraph.bulk_extend(Quad(q.subject, q.predicate, q.object) for q in quads)

    def load_documents(self, documents: list[tuple[NamedNode, bytes]]) -> None:
        """Bulk-load each document's N-Quads (all of its quads in its graph), and their triples into the union: the
        same lines with the graph name cut off, as N-Triples."""
        self.oxigraph.bulk_load(b"".join(nquads for _, nquads in documents), format=RdfFormat.N_QUADS)
        # in a document's N-Quads, " <graph> .\n" ends each line and occurs nowhere else (literals escape \n)
        triples = b"".join(nquads.replace(f" <{graph.value}> .\n".encode(), b" .\n") for graph, nquads in documents)
        self.oxigraph.bulk_load(triples, format=RdfFormat.N_TRIPLES, to_graph=UNION)

    def remove(self, quads: Iterable[Quad]) -> None:
        """Remove quads of named graphs; their triples leave the union unless another graph has them."""
        quads = list(quads)
        for quad in quads:
            self.oxigraph.remove(quad)
        self._leave_union(q.triple for q in quads)

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None:
        """Drop ``graph`` whole, then add its new quads."""
        self.remove_graph(graph)
        self.add(quads)

    def remove_graph(self, graph: NamedNode) -> None:
        """Remove a named graph; its triples leave the union unless another graph has them."""
        if self.oxigraph.contains_named_graph(graph):
            triples = [q.triple for q in self.oxigraph.quads_for_pattern(None, None, None, graph)]
            self.oxigraph.remove_graph(graph)
            self._leave_union(triples)

    def clear_graph(self, graph: NamedNode) -> None:
        """Empty a named graph but keep it (a graph that exists with no triple)."""
        self.remove_graph(graph)
        self.oxigraph.add_graph(graph)

    def _leave_union(self, triples: Iterable[Triple]) -> None:
        for triple in triples:
            holders = self.oxigraph.quads_for_pattern(triple.subject, triple.predicate, triple.object)
            if all(q.graph_name == UNION for q in holders):
                self.oxigraph.remove(Quad(triple.subject, triple.predicate, triple.object))

    def publish_snapshot(self) -> Path:
        """Checkpoint the database and point CURRENT at it; older snapshots beyond a few are removed."""
        self.oxigraph.flush()
        snapshots = self.folder / "snapshots"
        snapshots.mkdir(exist_ok=True)
        numbers = sorted(int(p.name) for p in snapshots.iterdir() if p.name.isdigit())
        target = snapshots / str((numbers[-1] + 1) if numbers else 1)
        self.oxigraph.backup(str(target))
        pointer = self.folder / "CURRENT.tmp"
        pointer.write_text(json.dumps({"snapshot": target.name, "at": time.time()}), encoding="utf-8")
        os.replace(pointer, self.folder / "CURRENT")
        for old in numbers[: -(SNAPSHOTS_KEPT - 1)] if len(numbers) >= SNAPSHOTS_KEPT else []:
            shutil.rmtree(snapshots / str(old), ignore_errors=True)
        return target

    def close(self) -> None:
        self.catalog.close()
        del self.oxigraph


@contextlib.contextmanager
def writable(folder: Path) -> Iterator[WritableStore]:
    store = WritableStore(folder)
    try:
        yield store
    finally:
        store.close()


def current_snapshot(folder: Path) -> Path:
    pointer = Path(folder) / "CURRENT"
    try:
        name = json.loads(pointer.read_text(encoding="utf-8"))["snapshot"]
    except FileNotFoundError:
        raise StoreError(f"no built store at {folder}: run 'depesha build PATH --store {folder}' first") from None
    except (ValueError, KeyError):
        raise StoreError(f"{pointer} is damaged; run a build again") from None
    return Path(folder) / "snapshots" / name


def open_snapshot(folder: Path) -> Store:
    """The newest published snapshot, read-only."""
    path = current_snapshot(folder)
    try:
        return Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store snapshot {path}: {exc}") from None


@dataclass(frozen=True)
class Stamp:
    """Which snapshot is published and since when: every answer made from the store is a function of it."""

    snapshot: str
    modified: datetime

    def etag(self, *variant: str) -> str:
        key = "|".join((SOFTWARE, self.snapshot, self.modified.isoformat(), *variant))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def stamp(folder: Path) -> Stamp:
    path = current_snapshot(folder)
    seconds = (Path(folder) / "CURRENT").stat().st_mtime
    return Stamp(f"{path.name}@{int(seconds * 1000)}", datetime.fromtimestamp(int(seconds), UTC))


class Reader(Protocol):
    """What the web app reads through, a local snapshot or a remote endpoint (``remote_store.RemoteReader``): the
    store to query and the stamp its answers' validators come from."""

    def stamp(self) -> Stamp: ...

    def store(self) -> Any: ...


class SnapshotReader:
    """A read-only view that follows CURRENT: each ``store()`` call reopens when a newer snapshot was published."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._store: Store | None = None
        self._pid = os.getpid()
        self._inherited: Store | None = None
        self._pointer = self.folder / "CURRENT"
        self._kept_stamp: tuple[tuple[int, int, int], Stamp] | None = None
        self.store()  # fail early on a folder with no build

    def stamp(self) -> Stamp:
        """``stamp(folder)``, read again only when CURRENT is another file (it is replaced whole, never rewritten):
        every query asks, and reading it costs a third of an answer served from the answer cache."""
        try:
            stat = self._pointer.stat()
        except FileNotFoundError:
            return stamp(self.folder)  # says what is missing
        key = (stat.st_mtime_ns, stat.st_ino, stat.st_size)
        kept = self._kept_stamp
        if kept is None or kept[0] != key:
            kept = (key, stamp(self.folder))  # read after the stat: never older than what the stat saw
            self._kept_stamp = kept
        return kept[1]

    def store(self) -> Store:
        try:
            stat = (self.folder / "CURRENT").stat()
            stamp = (stat.st_mtime_ns, stat.st_ino)
        except FileNotFoundError:
            stamp = None
        with self._lock:
            if self._store is None or stamp != self._stamp or self._pid != os.getpid():
                if self._pid != os.getpid():  # forked: open our own handle, never close the parent's from here
                    self._inherited = self._store
                self._store = open_snapshot(self.folder)
                self._stamp = stamp
                self._pid = os.getpid()
            return self._store
