"""The catalog of a store (``STORE/catalog.sqlite``): what is loaded, from which file, with which content hash.

Kept so that a build never reads the store in proportion to its size: a document's row is small (file, size and
modification time, SHA-256, quads, the classes and properties its graph uses), its contribution to
``graph/entities`` lives in a table of its own, and the contributions of all documents are kept counted line by
line (``entity_counts``), so that merging them reads a few thousand rows, not every document's contribution.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, parse, serialize

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    record_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    size INTEGER NOT NULL,                        -- of the file when it was read; with its modification time it
    mtime_ns INTEGER NOT NULL,                    -- spares a rebuild hashing files that were not touched
    sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    quads INTEGER NOT NULL,
    loaded_at TEXT NOT NULL,
    build INTEGER NOT NULL,
    classes TEXT NOT NULL,                        -- the classes and properties its graph uses, space-separated,
    properties TEXT NOT NULL                      -- so that the VoID counts need no scan of the store
);
CREATE INDEX IF NOT EXISTS documents_source ON documents (source);
CREATE TABLE IF NOT EXISTS contributions (        -- each document's graph/entities triples, as N-Triples
    record_id TEXT PRIMARY KEY,
    ntriples TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_counts (        -- every line of those contributions, with how often the loaded
    triple TEXT PRIMARY KEY,                      -- documents contribute it
    count INTEGER NOT NULL
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
    size: int
    mtime_ns: int
    sha256: str
    fingerprint: str
    quads: int
    loaded_at: str
    build: int
    classes: str
    properties: str


class Catalog:
    def __init__(self, path: Path) -> None:
        self.folder = Path(path).parent  # the store folder the catalog belongs to
        self.db = sqlite3.connect(path, timeout=30)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(documents)")}
        if "entity_ntriples" in columns:
            self._upgrade(columns)
        else:
            self.db.executescript(SCHEMA)

    def _upgrade(self, columns: set[str]) -> None:
        """A catalog of an earlier Depesha: contributions moved out of the document rows and counted again; documents
        whose classes and properties were not noted are converted again."""
        self.db.execute("ALTER TABLE documents RENAME TO documents_before")
        self.db.execute("DROP INDEX IF EXISTS documents_source")
        self.db.executescript(SCHEMA)
        sha256, used = ("sha256", "classes, properties") if "classes" in columns else ("''", "'', ''")
        self.db.execute(
            f"INSERT INTO documents SELECT record_id, source, -1, 0, {sha256}, fingerprint, quads, "
            f"loaded_at, build, {used} FROM documents_before"
        )
        self.db.execute("INSERT INTO contributions SELECT record_id, entity_ntriples FROM documents_before")
        self.db.execute("DROP TABLE documents_before")
        self.db.execute("DELETE FROM entity_counts")
        for (text,) in self.db.execute("SELECT ntriples FROM contributions").fetchall():
            self._count_entities(text, 1)
        self.db.commit()

    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

    def sources(self) -> dict[str, DocumentRow]:
        """Every loaded document by the path of its file."""
        return {row[1]: DocumentRow(*row) for row in self.db.execute("SELECT * FROM documents")}

    def records_by_source(self) -> dict[str, list[str]]:
        """The record ids loaded from each file (a TEI volume gives many)."""
        found: dict[str, list[str]] = {}
        for record, source in self.db.execute("SELECT record_id, source FROM documents ORDER BY record_id"):
            found.setdefault(source, []).append(record)
        return found

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
        self.db.executemany(
            "INSERT INTO entity_counts VALUES (?, ?) ON CONFLICT (triple) DO UPDATE SET count = count + excluded.count",
            lines.items(),
        )
        if sign < 0:
            self.db.execute("DELETE FROM entity_counts WHERE count <= 0")

    def _uncount(self, record_id: str) -> None:
        row = self.db.execute("SELECT ntriples FROM contributions WHERE record_id = ?", (record_id,)).fetchone()
        if row:
            self._count_entities(row[0], -1)

    def mark_unloaded(self, record_id: str) -> None:
        """Until its new graph is loaded, a document counts as changed (an interrupted build redoes it)."""
        self.db.execute("UPDATE documents SET sha256 = '', size = -1 WHERE record_id = ?", (record_id,))

    def mark_seen(self, record_id: str, size: int, mtime_ns: int) -> None:
        """The file was touched but its content is the same: remember its new size and time."""
        self.db.execute("UPDATE documents SET size = ?, mtime_ns = ? WHERE record_id = ?", (size, mtime_ns, record_id))

    def put_document(self, row: DocumentRow, contribution: str) -> None:
        """Add or replace a document's row, and move the entity counts from its old contribution to its new."""
        self._uncount(row.record_id)
        self.db.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.record_id,
                row.source,
                row.size,
                row.mtime_ns,
                row.sha256,
                row.fingerprint,
                row.quads,
                row.loaded_at,
                row.build,
                row.classes,
                row.properties,
            ),
        )
        self.db.execute("INSERT OR REPLACE INTO contributions VALUES (?, ?)", (row.record_id, contribution))
        self._count_entities(contribution, 1)

    def forget_document(self, record_id: str) -> None:
        self._uncount(record_id)
        self.db.execute("DELETE FROM documents WHERE record_id = ?", (record_id,))
        self.db.execute("DELETE FROM contributions WHERE record_id = ?", (record_id,))

    def put_user_graph(self, graph: str, source: str, quads: int, loaded_at: str) -> None:
        if quads:
            self.db.execute("INSERT OR REPLACE INTO user_graphs VALUES (?, ?, ?, ?)", (graph, source, quads, loaded_at))
        else:
            self.db.execute("DELETE FROM user_graphs WHERE graph = ?", (graph,))

    def rename_user_graph(self, old: str, new: str) -> None:
        with self.db:
            self.db.execute("UPDATE OR REPLACE user_graphs SET graph = ? WHERE graph = ?", (new, old))

    def user_graphs(self) -> list[tuple[str, str, int, str]]:
        return list(self.db.execute("SELECT graph, source, quads, loaded_at FROM user_graphs ORDER BY graph"))

    def start_build(self, started: str, software: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO builds (started_at, ended_at, loaded, unchanged, failed, software) VALUES (?, '', 0, 0, 0, ?)",
            (started, software),
        )
        return int(cursor.lastrowid or 0)

    def finish_build(self, number: int, ended: str, loaded: int, unchanged: int, failed: int) -> None:
        self.db.execute(
            "UPDATE builds SET ended_at = ?, loaded = ?, unchanged = ?, failed = ? WHERE number = ?",
            (ended, loaded, unchanged, failed, number),
        )

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
