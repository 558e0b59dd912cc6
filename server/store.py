"""The store on disk: an Oxigraph database written by builds, read through snapshots.

Layout of a store folder::

    DIR/oxigraph/        the primary database; only ``build`` and ``load`` open it, one at a time (a lock)
    DIR/catalog.sqlite   what is loaded, from which file, with which content hash (``catalog.py``)
    DIR/parts/, dumps/   each document's graph as gzip N-Quads and TriG, and the dataset dumps (``dumps.py``)
    DIR/snapshots/N/     read-only checkpoints (hard links, made in milliseconds) that readers open
    DIR/CURRENT          the name of the newest snapshot, replaced atomically after each build

Readers (``query``, ``serve``, ``export``) open the snapshot named in CURRENT, so a build that runs meanwhile never
changes what a running query sees, and a reader picks up the next snapshot when CURRENT changes.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from pyoxigraph import NamedNode, Quad, Store

from converter.errors import StoreError

from .catalog import Catalog

SNAPSHOTS_KEPT = 3


class StoreBusy(StoreError):
    """Another build, load or HTTP write holds the primary database."""


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
                raise StoreBusy(f"the store {self.folder} is in use by another build or load; wait for it to end")\
                    from None
            raise StoreError(f"cannot open the store {self.folder}: {exc}") from None
        self.catalog = Catalog(self.folder / "catalog.sqlite")

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None:
        """Drop ``graph`` whole, then bulk-load its new quads."""
        self.remove_graph(graph)
        self.oxigraph.bulk_extend(quads)

    def remove_graph(self, graph: NamedNode) -> None:
        if self.oxigraph.contains_named_graph(graph):
            self.oxigraph.remove_graph(graph)

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
        for old in numbers[:-(SNAPSHOTS_KEPT - 1)] if len(numbers) >= SNAPSHOTS_KEPT else []:
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


class SnapshotReader:
    """A read-only view that follows CURRENT: each ``store()`` call reopens when a newer snapshot was published."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._store: Store | None = None
        self._pid = os.getpid()
        self._inherited: Store | None = None
        self.store()  # fail early on a folder with no build

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
