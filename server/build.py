"""``depesha build``: convert export files and load them into the store, replacing each document's graph whole.

Per file: read, hash, and skip when the same content was loaded by the same converter (incremental); else convert,
drop the document's old graph and bulk-load the new one. A bad file is reported and skipped; the rest load. At the
end ``graph/entities``, ``graph/vocab`` and ``graph/meta`` are recomputed and a new snapshot is published.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, parse

import ontology
from converter import convert_text, read_export
from converter.authority import Authority, default_authority
from converter.document import ConvertedDocument
from converter.entities import merge_contributions
from converter.errors import ConfigError, InputError
from converter.iris import Iris
from converter.namespaces import DEFAULT_BASE

from .dataset import meta_quads
from .store import DocumentRow, WritableStore, entity_ntriples, parse_ntriples, writable

BATCH = 200
SOFTWARE = "Depesha 0.1.0"


@dataclass
class BuildReport:
    loaded: list[str] = field(default_factory=list)      # record ids
    unchanged: list[str] = field(default_factory=list)   # source paths skipped as unchanged
    failed: list[InputError] = field(default_factory=list)
    quads: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


def find_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and every ``*.md`` below each folder, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.md") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise ConfigError(f"PATH '{path}' does not exist")
    return list(dict.fromkeys(found))


def fingerprint() -> str:
    """Changes whenever the converter's code or the authority file changes, so that a rebuild reconverts."""
    digest = hashlib.sha256(SOFTWARE.encode())
    roots = [Path(__file__).resolve().parent.parent / "converter", ontology.path("authority")]
    for root in roots:
        for file in sorted(root.glob("*.*")):
            if file.suffix in {".py", ".toml"}:
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _check_base(store: WritableStore, base: str) -> None:
    recorded = store.catalog.setting("base")
    if recorded is None:
        store.catalog.set_setting("base", base)
    elif recorded != base:
        raise ConfigError(f"--base {base} differs from {recorded}, the base this store was built with; "
                          "build into a new --store folder to change it")


def _convert_all(files: list[Path], store: WritableStore, iris: Iris, authority: Authority, stamp: str,
                 report: BuildReport, progress: Callable[[Path], None]) -> Iterator[tuple[ConvertedDocument, str]]:
    seen: dict[str, str] = {}
    for file in files:
        try:
            text = read_export(file)
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            document = convert_text(text, str(file), iris.base, authority)
            previous_source = seen.get(document.record_id)
            if previous_source:
                raise InputError(f"record {document.record_id} was already read from {previous_source} in this build",
                                 source=str(file))
            seen[document.record_id] = str(file)
            row = store.catalog.document(document.record_id)
            if row and row.sha256 == sha and row.fingerprint == stamp and row.source == str(file):
                report.unchanged.append(str(file))
            else:
                yield document, sha
        except InputError as error:
            report.failed.append(error)
        finally:
            progress(file)


def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def rebuild_shared_graphs(store: WritableStore, iris: Iris) -> None:
    """graph/entities from every document's contribution; graph/vocab from ontology/; graph/meta last."""
    contributions = chain.from_iterable(parse_ntriples(row.entity_ntriples) for row in store.catalog.documents())
    graph = iris.entities_graph
    store.replace_graph(graph, (Quad(t.subject, t.predicate, t.object, graph) for t in
                                merge_contributions(contributions)))
    vocab = ontology.path("vocab.ttl")
    if vocab.exists():
        store.replace_graph(iris.vocab_graph, (Quad(t.subject, t.predicate, t.object, iris.vocab_graph)
                                               for t in parse(path=str(vocab), format=RdfFormat.TURTLE)))
    store.replace_graph(iris.meta_graph, meta_quads(store.oxigraph, store.catalog, iris))


def build(paths: Iterable[Path], folder: Path, base: str = DEFAULT_BASE,
          progress: Callable[[Path], None] = lambda path: None, files: list[Path] | None = None) -> BuildReport:
    """Convert and load; returns what happened. ``ConfigError``/``StoreError`` for problems that stop the build."""
    files = files if files is not None else find_inputs(paths)
    iris = Iris(base)
    authority = default_authority()
    report = BuildReport()
    stamp = fingerprint()
    with writable(folder) as store:
        _check_base(store, iris.base)
        number = store.catalog.start_build(_now(), SOFTWARE)
        store.catalog.commit()
        converted = _convert_all(files, store, iris, authority, stamp, report, progress)
        for batch in _batches(converted, BATCH):
            for document, _ in batch:
                store.remove_graph(document.graph)
            store.oxigraph.bulk_extend(chain.from_iterable(document.quads for document, _ in batch))
            loaded_at = _now()
            for document, sha in batch:
                store.catalog.put_document(DocumentRow(
                    document.record_id, document.source, sha, stamp, entity_ntriples(document.entity_triples),
                    len(document.quads), loaded_at, number))
                report.loaded.append(document.record_id)
                report.quads += len(document.quads)
            store.catalog.commit()
        snapshot_exists = (Path(folder) / "CURRENT").exists()
        if report.loaded:
            store.catalog.finish_build(number, _now(), len(report.loaded), len(report.unchanged), len(report.failed))
            store.catalog.commit()
            rebuild_shared_graphs(store, iris)
        else:  # nothing changed: no new build activity, no triple changes
            store.catalog.discard_build(number)
            store.catalog.commit()
            if not snapshot_exists:
                rebuild_shared_graphs(store, iris)
        if report.loaded or not snapshot_exists:
            store.publish_snapshot()
    return report
