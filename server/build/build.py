"""``depesha build``: convert export files and load them into the store, replacing each document's graph whole.

Per file: hash, and skip when the same content was loaded by the same converter (incremental); else convert (on
all cores, ``server/build/conversion.py``), drop the document's old graph and bulk-load the new one. A bad file is
reported and skipped; the rest load. At the end ``graph/entities``, ``graph/vocab`` and ``graph/meta`` are
recomputed and a new snapshot is published. None of that reads the whole store: the entity contributions are
counted in the catalog as documents come and go, the VoID counts summed there, and the dumps rewritten only in the
parts where a document changed (``dumps.py``), so a one-document change to a large store is live in seconds.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse

import converter
import ontology
from converter.entities import merge_counts
from converter.errors import ConfigError, InputError
from ontology.iris import Iris
from ontology.namespaces import DEFAULT_BASE, DV, OWL
from server import SOFTWARE, __version__
from server.build.conversion import Converted, Failed, convert_many, default_jobs, file_sha256
from server.build.dataset import shared_graphs, write_meta
from server.build.dumps import part_of, remove_pieces, write_dataset_dumps, write_pieces
from server.linking import wikilinks
from server.store.catalog import DocumentRow, parse_ntriples
from server.store.store import WritableStore, writable

BATCH, BATCH_BYTES = 1000, 64 * 2**20  # per bulk load: large enough to load fast, small enough for memory


@dataclass
class BuildReport:
    loaded: list[str] = field(default_factory=list)  # record ids
    removed: list[str] = field(default_factory=list)  # record ids whose file left a folder given
    empty_folders: list[Path] = field(default_factory=list)  # folders given that hold no *.md or *.xml file
    unchanged: list[str] = field(default_factory=list)  # source paths skipped as unchanged
    failed: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "file:line: reason" of parts left out; the rest loaded
    quads: int = 0
    load_seconds: float = 0.0  # dropping old graphs and bulk-loading new ones
    shared_seconds: float = 0.0  # graph/entities, graph/vocab, graph/meta and the snapshot

    @property
    def ok(self) -> bool:
        return not self.failed


def find_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and every ``*.md`` and ``*.xml`` (TEI) below each folder, in a stable order, as absolute paths
    (a file's path is
    its key in the catalog)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(_inputs(path.resolve())))
        elif path.is_file():
            found.append(path.resolve())
        else:
            raise ConfigError(f"PATH '{path}' does not exist")
    return list(dict.fromkeys(found))


INPUT_SUFFIXES = {".md", ".xml"}  # the archive's exports and TEI files


def _inputs(folder: Path) -> Iterator[Path]:
    """The ``*.md`` and ``*.xml`` files below a folder."""
    return (p for p in folder.rglob("*") if p.suffix.lower() in INPUT_SUFFIXES and p.is_file())


def fingerprint_files() -> list[Path]:
    """What a document's graph depends on besides its text: the converter's code, ontology's code and the authority
    file."""
    roots = [Path(converter.__file__).parent, Path(ontology.__file__).parent, ontology.path("authority")]
    return [file for root in roots for file in sorted(root.glob("*.*")) if file.suffix in {".py", ".toml"}]


def fingerprint() -> str:
    """Changes whenever the converter's code or the authority file changes, so that a rebuild reconverts."""
    digest = hashlib.sha256(SOFTWARE.encode())
    for file in fingerprint_files():
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _check_base(store: WritableStore, base: str) -> None:
    recorded = store.catalog.setting("base")
    if recorded is None:
        store.catalog.set_setting("base", base)
    elif recorded != base:
        raise ConfigError(
            f"--base {base} differs from {recorded}, the base this store was built with; "
            "build into a new --store folder to change it"
        )


def _batches(results: Iterator[Converted | Failed]) -> Iterator[list[Converted | Failed]]:
    """Results in groups of at most ``BATCH`` documents or ``BATCH_BYTES`` of N-Quads, whichever comes first."""
    batch: list[Converted | Failed] = []
    size = 0
    for result in results:
        batch.append(result)
        size += len(result.nquads) if isinstance(result, Converted) else 0
        if len(batch) >= BATCH or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _unchanged(file: Path, row: DocumentRow, store: WritableStore) -> bool:
    """The same content as when it was loaded: the same size and modification time, or else the same SHA-256."""
    try:
        stat = file.stat()
        if row.sha256 and (stat.st_size, stat.st_mtime_ns) == (row.size, row.mtime_ns):
            return True
        if row.sha256 and file_sha256(file) == row.sha256:
            store.catalog.mark_seen(row.record_id, stat.st_size, stat.st_mtime_ns)
            return True
    except OSError:
        pass
    return False


def _removed(records: dict[str, list[str]], paths: Iterable[Path], files: list[Path]) -> list[str]:
    """Records loaded from a file under one of the given folders that is no longer there (every document of a
    TEI volume)."""
    folders = tuple(str(p.resolve()) + "/" for p in paths if p.is_dir())
    present = {str(f) for f in files}
    return sorted(
        record
        for source, ids in records.items()
        if folders and source.startswith(folders) and source not in present
        for record in ids
    )


def skolemized(triples: Iterable, graph: NamedNode) -> Iterator[Quad]:
    """Blank nodes (OWL lists in the vocabulary) as IRIs numbered in file order, so a reload changes no triple."""
    names: dict[BlankNode, NamedNode] = {}

    def term(node):
        if isinstance(node, BlankNode):
            return names.setdefault(node, NamedNode(f"{graph.value}/.well-known/genid/{len(names) + 1}"))
        return node

    for t in triples:
        yield Quad(term(t.subject), t.predicate, term(t.object), graph)


def rebuild_shared_graphs(store: WritableStore, iris: Iris, changed: set[str] | None = None) -> None:
    """graph/entities from the documents' counted contributions; graph/vocab from ontology/; the dumps (the parts
    named in ``changed``, None: all); graph/meta last."""
    counts = store.catalog.entity_counts()
    triples = parse_ntriples("\n".join(counts))
    graph = iris.entities_graph
    merged = merge_counts({triple: count for triple, count in zip(triples, counts.values(), strict=True)})
    review = wikilinks.review_file(store.catalog)  # Wikidata links, candidates and enrichment the review file decides
    merged += wikilinks.link_triples(merged, iris, review)
    store.catalog.set_setting(wikilinks.STAMP, wikilinks.review_stamp(review))
    store.catalog.commit()
    store.replace_graph(graph, (Quad(t.subject, t.predicate, t.object, graph) for t in merged))
    vocab = ontology.path("vocab.ttl")
    if vocab.exists():
        version = Quad(NamedNode(str(DV).rstrip("#")), OWL.versionInfo, Literal(__version__), iris.vocab_graph)
        store.replace_graph(
            iris.vocab_graph,
            [*skolemized(parse(path=str(vocab), format=RdfFormat.TURTLE), iris.vocab_graph), version],
        )
    write_dataset_dumps(store.oxigraph, store.catalog, store.folder, iris, changed, shared_graphs(store.catalog, iris))
    write_meta(store, iris)
    store.catalog.commit()


def build(
    paths: Iterable[Path],
    folder: Path,
    base: str = DEFAULT_BASE,
    progress: Callable[[Path], None] = lambda path: None,
    files: list[Path] | None = None,
    jobs: int | None = None,
) -> BuildReport:
    """Convert and load; returns what happened. ``ConfigError``/``StoreError`` for problems that stop the build.

    Only files whose content (or the converter) changed since they were loaded are converted, on ``jobs``
    processes; documents whose file was removed from a given folder are removed. A build that is killed leaves the
    published snapshot untouched, and the next build completes the work (a document is marked loaded only after
    its graph is in)."""
    paths = list(paths)
    files = files if files is not None else find_inputs(paths)
    iris = Iris(base)
    report = BuildReport()
    stamp = fingerprint()
    with writable(folder) as store:
        _check_base(store, iris.base)
        number = store.catalog.start_build(_now(), SOFTWARE)
        store.catalog.commit()
        to_convert, report.removed = _plan(store, paths, files, stamp, report, progress)
        report.empty_folders = [path for path in paths if path.is_dir() and not any(_inputs(path))]
        _remove(store, iris, report.removed)
        _convert_and_load(store, iris, to_convert, stamp, number, jobs, report, progress)
        _publish(store, iris, folder, number, report.removed, report)
    return report


def _plan(
    store: WritableStore,
    paths: list[Path],
    files: list[Path],
    stamp: str,
    report: BuildReport,
    progress: Callable[[Path], None],
) -> tuple[list[str], list[str]]:
    """(the files to convert: new, changed or converted by another converter; the records whose file is gone)."""
    to_convert: list[str] = []
    loaded = store.catalog.sources()
    for file in files:
        row = loaded.get(str(file))
        if row is not None and row.fingerprint == stamp and _unchanged(file, row, store):
            report.unchanged.append(str(file))
            progress(file)
        else:
            to_convert.append(str(file))
    return to_convert, _removed(store.catalog.records_by_source(), paths, files)


def _remove(store: WritableStore, iris: Iris, records: list[str]) -> None:
    for record in records:
        store.remove_graph(iris.document_graph(record))
        store.catalog.forget_document(record)
        remove_pieces(store.folder, record)
    store.catalog.commit()


def _convert_and_load(
    store: WritableStore,
    iris: Iris,
    to_convert: list[str],
    stamp: str,
    number: int,
    jobs: int | None,
    report: BuildReport,
    progress: Callable[[Path], None],
) -> None:
    """Convert on ``jobs`` processes and load batch by batch; each document is marked not loaded until its new
    graph is in, so a killed build is completed by the next."""
    seen: dict[str, str] = {}
    results = convert_many(to_convert, iris.base, jobs or default_jobs(), len(to_convert))
    reported: set[str] = set()
    for batch in _batches(results):
        converted: list[Converted] = []
        for result in batch:
            if result.source not in reported:  # once a file, however many documents a TEI volume gives
                reported.add(result.source)
                progress(Path(result.source))
            if isinstance(result, Failed):
                report.failed.append(result.error())
            elif result.record_id in seen:
                report.failed.append(
                    InputError(
                        f"record {result.record_id} was already read from {seen[result.record_id]} in this build",
                        source=result.source,
                    )
                )
            else:
                seen[result.record_id] = result.source
                converted.append(result)
                report.warnings += result.warnings
        for result in converted:
            store.catalog.mark_unloaded(result.record_id)
        store.catalog.commit()
        started = time.perf_counter()
        for result in converted:
            store.remove_graph(NamedNode(result.graph))
        if converted:
            store.load_documents([(NamedNode(r.graph), r.nquads) for r in converted])
        report.load_seconds += time.perf_counter() - started
        loaded_at = _now()
        for result in converted:
            write_pieces(store.folder, result.record_id, result.parts)
            store.catalog.put_document(
                DocumentRow(
                    result.record_id,
                    result.source,
                    result.size,
                    result.mtime_ns,
                    result.sha256,
                    stamp,
                    result.quads,
                    loaded_at,
                    number,
                    result.classes,
                    result.properties,
                ),
                result.entity_ntriples,
            )
            report.loaded.append(result.record_id)
            report.quads += result.quads
        store.catalog.commit()


def _publish(
    store: WritableStore, iris: Iris, folder: Path, number: int, removed: list[str], report: BuildReport
) -> None:
    """Close the build's record; when anything changed, rebuild the shared graphs and publish a new snapshot."""
    snapshot_exists = (Path(folder) / "CURRENT").exists()
    changed = bool(report.loaded or removed)
    if changed:
        store.catalog.finish_build(number, _now(), len(report.loaded), len(report.unchanged), len(report.failed))
    else:  # nothing changed: no new build activity, no triple changes
        store.catalog.discard_build(number)
    store.catalog.commit()
    if changed or not snapshot_exists or wikilinks.review_changed(store):
        started = time.perf_counter()
        changed_parts = None if not snapshot_exists else {part_of(r) for r in [*report.loaded, *removed]}
        rebuild_shared_graphs(store, iris, changed_parts)
        store.publish_snapshot()
        report.shared_seconds = time.perf_counter() - started
