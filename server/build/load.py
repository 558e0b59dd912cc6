"""``depesha load``: users' RDF files into a store, by the rules of ``server/store/loading.py``, then the dumps and the
dataset description refreshed and a snapshot published."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import NamedNode, Quad

from converter.errors import ConfigError, InputError
from server.build.dataset import refresh_after_write
from server.store.loading import LoadReport, add_quads, format_of, read_rdf
from server.store.store import writable


def load_files(
    files: Iterable[Path],
    folder: Path,
    graph_iri: str | None = None,
    format_name: str | None = None,
    replace: bool = False,
) -> LoadReport:
    """``depesha load``: parse every file first (an error changes nothing), add the quads, refresh the dumps and
    graph/meta when the store was built, publish a snapshot."""
    try:
        graph = NamedNode(graph_iri) if graph_iri else None
    except ValueError:
        raise ConfigError(f"--graph '{graph_iri}' is not an absolute IRI") from None
    files = list(files)
    quads: list[Quad] = []
    for file in files:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read the file ({exc.strerror or exc})", source=str(file)) from None
        quads += read_rdf(data, format_of(file, format_name), str(file), graph)
    with writable(folder) as store:
        targets = list({q.graph_name: None for q in quads}) if replace else []
        if replace and graph is not None and graph not in targets:
            targets.append(graph)
        report = add_quads(store, quads, ", ".join(str(f) for f in files), replace=targets)
        refresh_after_write(store)
        store.publish_snapshot()
    return report
