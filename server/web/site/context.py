"""What the publishing views share, built once by ``routes.register``: the snapshot reader, the base, the store
folder and per-snapshot caches; each view reaches it through ``site()``."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, request
from pyoxigraph import Store

from ontology.iris import Iris
from server.store.lookup import Lookup
from server.store.store import Reader, Stamp
from server.web.http_cache import SnapshotCache


@dataclass
class Site:
    """What the publishing views share: the snapshot reader, the base, the store folder, per-snapshot caches."""

    reader: Reader
    iris: Iris
    # None over a remote endpoint (server/store/remote_store.py): no dumps or search index files
    folder: Path | None
    cache: SnapshotCache

    def stamp(self) -> Stamp:
        return self.reader.stamp()

    def store(self) -> Store:
        return self.reader.store()

    def lookup(self) -> Lookup:
        return Lookup(self.store(), self.iris, request.script_root)


def site() -> Site:
    return current_app.extensions["depesha.site"]


def built_base(folder: Path) -> str | None:
    """The base IRI the store was built with (its catalog remembers it): the IRIs to serve."""
    try:
        db = sqlite3.connect(f"file:{folder / 'catalog.sqlite'}?mode=ro", uri=True)
        try:
            row = db.execute("SELECT value FROM settings WHERE key = 'base'").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None
