"""The store on disk: an Oxigraph database written by builds, read through snapshots.

Layout of a store folder::

    DIR/oxigraph/        the primary database; only ``build`` and ``load`` open it, one at a time (a lock)
    DIR/catalog.sqlite   one row per loaded document: source, content hash, its graph/entities contribution
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
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse, serialize

from converter.errors import StoreError

SNAPSHOTS_KEPT = 3

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    record_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    entity_ntriples TEXT NOT NULL,
    quads INTEGER NOT NULL,
    loaded_at TEXT NOT NULL,
    build INTEGER NOT NULL,
    classes TEXT NOT NULL DEFAULT '',             -- the classes and properties its graph uses, space-separated,
    properties TEXT NOT NULL DEFAULT ''           -- so that the VoID counts need no scan of the store
);
CREATE INDEX IF NOT EXISTS documents_source ON documents (source);
CREATE TABLE IF NOT EXISTS entity_counts (        -- every line of the documents' graph/entities contributions, with
    triple TEXT PRIMARY KEY,                      -- how often the loaded documents contribute it: merging them
    count INTEGER NOT NULL                        -- needs no reading of every document's contribution
);
CREATE TABLE IF NOT EXISTS user_graphs (          -- graphs loaded by 'depesha load' or written over HTTP; a build
    graph TEXT PRIMARY KEY,                       -- keeps them ('' is the store's own default graph)
    source TEXT NOT NULL,
    quads INTEGER NOT NULL,
    loaded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS builds (
    number INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    loaded INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    software TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class DocumentRow:
    record_id: str
    source: str
    sha256: str
    fingerprint: str
    entity_ntriples: str
    quads: int
    loaded_at: str
    build: int
    classes: str = ""
    properties: str = ""


@dataclass(frozen=True)
class SourceRow:
    """What an incremental build needs to know of a loaded file, without its (large) contribution."""

    record_id: str
    sha256: str
    fingerprint: str


class Catalog:
    """What is loaded, from where, with which content hash (sqlite, next to the database)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, timeout=30)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(documents)")}
        self.db.executescript(SCHEMA)
        if columns and "classes" not in columns:  # a catalog of Depesha 0.1: its documents are converted again
            self.db.execute("ALTER TABLE documents ADD COLUMN classes TEXT NOT NULL DEFAULT ''")
            self.db.execute("ALTER TABLE documents ADD COLUMN properties TEXT NOT NULL DEFAULT ''")
            for (text,) in self.db.execute("SELECT entity_ntriples FROM documents").fetchall():
                self._count_entities(text, 1)
            self.db.commit()

    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

    def document(self, record_id: str) -> DocumentRow | None:
        row = self.db.execute("SELECT * FROM documents WHERE record_id = ?", (record_id,)).fetchone()
        return DocumentRow(*row) if row else None

    def sources(self) -> dict[str, SourceRow]:
        """Every loaded file by its path."""
        rows = self.db.execute("SELECT source, record_id, sha256, fingerprint FROM documents")
        return {source: SourceRow(record, sha256, stamp) for source, record, sha256, stamp in rows}

    def document_builds(self) -> list[tuple[str, int]]:
        """(record id, number of the build that loaded it), in record order."""
        return list(self.db.execute("SELECT record_id, build FROM documents ORDER BY record_id"))

    def document_totals(self) -> tuple[int, set[str], set[str]]:
        """Quads in all document graphs, and the classes and properties they use."""
        quads, classes, properties = 0, set(), set()
        for count, used_classes, used_properties in self.db.execute("SELECT quads, classes, properties FROM documents"):
            quads += count
            classes.update(used_classes.split())
            properties.update(used_properties.split())
        return quads, classes, properties

    def entity_counts(self) -> dict[str, int]:
        """Each N-Triples line of the loaded documents' contributions to graph/entities, with its count."""
        return dict(self.db.execute("SELECT triple, count FROM entity_counts"))

    def _count_entities(self, contribution: str, sign: int) -> None:
        lines: dict[str, int] = {}
        for line in contribution.splitlines():
            if line.strip():
                lines[line] = lines.get(line, 0) + sign
        self.db.executemany("INSERT INTO entity_counts VALUES (?, ?) "
                            "ON CONFLICT (triple) DO UPDATE SET count = count + excluded.count", lines.items())
        if sign < 0:
            self.db.execute("DELETE FROM entity_counts WHERE count <= 0")

    def _uncount(self, record_id: str) -> None:
        row = self.db.execute("SELECT entity_ntriples FROM documents WHERE record_id = ?", (record_id,)).fetchone()
        if row:
            self._count_entities(row[0], -1)

    def mark_unloaded(self, record_id: str) -> None:
        """Until its new graph is loaded, a document counts as changed (an interrupted build redoes it)."""
        self.db.execute("UPDATE documents SET sha256 = '' WHERE record_id = ?", (record_id,))

    def put_user_graph(self, graph: str, source: str, quads: int, loaded_at: str) -> None:
        if quads:
            self.db.execute("INSERT OR REPLACE INTO user_graphs VALUES (?, ?, ?, ?)", (graph, source, quads, loaded_at))
        else:
            self.db.execute("DELETE FROM user_graphs WHERE graph = ?", (graph,))

    def user_graphs(self) -> list[tuple[str, str, int, str]]:
        return list(self.db.execute("SELECT graph, source, quads, loaded_at FROM user_graphs ORDER BY graph"))

    def documents(self) -> list[DocumentRow]:
        return [DocumentRow(*row) for row in self.db.execute("SELECT * FROM documents ORDER BY record_id")]

    def put_document(self, row: DocumentRow) -> None:
        """Add or replace a document's row, and move the entity counts from its old contribution to its new."""
        self._uncount(row.record_id)
        self.db.execute("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (row.record_id, row.source, row.sha256, row.fingerprint, row.entity_ntriples, row.quads,
                         row.loaded_at, row.build, row.classes, row.properties))
        self._count_entities(row.entity_ntriples, 1)

    def forget_document(self, record_id: str) -> None:
        self._uncount(record_id)
        self.db.execute("DELETE FROM documents WHERE record_id = ?", (record_id,))

    def start_build(self, started: str, software: str) -> int:
        cursor = self.db.execute("INSERT INTO builds (started_at, ended_at, loaded, unchanged, failed, software) "
                                 "VALUES (?, '', 0, 0, 0, ?)", (started, software))
        return int(cursor.lastrowid or 0)

    def finish_build(self, number: int, ended: str, loaded: int, unchanged: int, failed: int) -> None:
        self.db.execute("UPDATE builds SET ended_at = ?, loaded = ?, unchanged = ?, failed = ? WHERE number = ?",
                        (ended, loaded, unchanged, failed, number))

    def discard_build(self, number: int) -> None:
        self.db.execute("DELETE FROM builds WHERE number = ?", (number,))

    def builds(self) -> list[tuple]:
        return list(self.db.execute("SELECT * FROM builds WHERE ended_at != '' ORDER BY number"))

    def commit(self) -> None:
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def entity_ntriples(triples: Iterable) -> str:
    return serialize(list(triples), format=RdfFormat.N_TRIPLES).decode("utf-8")


def parse_ntriples(text: str) -> Iterator:
    return parse(text.encode("utf-8"), format=RdfFormat.N_TRIPLES)


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
