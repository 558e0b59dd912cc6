"""The publishing views (pages, browsing, search, dumps, the query UI, every IRI) added to an app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from ontology.iris import Iris
from server.store.store import Reader
from server.web.http_cache import SnapshotCache
from server.web.site import browse, dumps_views, linked_data, pages, query_ui, search
from server.web.site.context import Site, built_base


def register(app: Flask, reader: Reader, base: str, folder: Path | None) -> None:
    """Add the publishing views (pages, browsing, search, dumps, the query UI, every IRI) to the app."""
    folder = Path(folder) if folder is not None else None  # None over a remote endpoint
    app.extensions["depesha.site"] = Site(
        reader, Iris((folder and built_base(folder)) or base), folder, SnapshotCache()
    )
    for blueprint in (pages.bp, browse.bp, search.bp, dumps_views.bp, query_ui.bp, linked_data.bp):
        app.register_blueprint(blueprint)
