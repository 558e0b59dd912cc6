"""Converting many files on all cores: each worker process loads the authority file and the language models once,
then turns files into N-Quads bytes that the parent streams into the store's bulk loader."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from converter import ConvertedDocument, convert_documents, read_export
from converter.authority import default_authority
from converter.errors import InputError
from server.build.dataset import vocabulary_of
from server.build.dumps import compressed, serialized
from server.store.catalog import entity_ntriples

IN_FLIGHT = 64  # files per worker converted ahead of the loader: enough to go on while it loads a batch


@dataclass(frozen=True)
class Converted:
    """One converted file, in a form that crosses process boundaries."""

    source: str
    size: int  # of the file, and its modification time, read before its content
    mtime_ns: int
    sha256: str
    record_id: str
    graph: str
    nquads: bytes  # for the bulk loader
    quads: int
    entity_ntriples: str
    parts: dict[str, bytes]  # the graph as gzip N-Quads and TriG, the pieces of the dataset dumps (dumps.py)
    classes: str  # the classes and properties it uses, space-separated, for the VoID
    properties: str
    warnings: list[str] = field(default_factory=list)  # parts left out or probably cut off: "file:line: reason"


@dataclass(frozen=True)
class Failed:
    source: str
    reason: str
    line: int | None

    def error(self) -> InputError:
        return InputError(self.reason, source=self.source, line=self.line)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def convert_one(job: tuple[str, str]) -> list[Converted | Failed]:
    """One file's documents (a TEI volume has many), or why the file or one of its documents failed."""
    source, base = job
    try:
        stat = os.stat(source)  # before the content: a change made while converting shows at the next build
        sha256 = file_sha256(Path(source))
    except OSError as exc:
        return [Failed(source, f"cannot read the file ({exc.strerror or exc})", None)]
    try:
        text = read_export(Path(source))
        documents, errors = convert_documents(text, source, base)
    except InputError as error:
        return [Failed(error.source, error.reason, error.line)]
    except Exception as exc:  # a converter defect on an unusual document must not stop the batch
        return [
            Failed(
                source,
                f"could not be converted, a defect in Depesha ({type(exc).__name__}: {exc}); "
                "please report it with this file",
                None,
            )
        ]
    failed: list[Converted | Failed] = [Failed(e.source, e.reason, e.line) for e in errors]
    return failed + [_converted(document, stat, sha256) for document in documents]


def _converted(document: ConvertedDocument, stat: os.stat_result, sha256: str) -> Converted:
    quads = list(dict.fromkeys(document.quads))
    nquads = serialized(quads, "nq")
    parts = {"nq": compressed(nquads), "trig": compressed(serialized(quads, "trig"))}
    classes, properties = vocabulary_of(quads)
    return Converted(
        document.source,
        stat.st_size,
        stat.st_mtime_ns,
        sha256,
        document.record_id,
        document.graph.value,
        nquads,
        len(quads),
        entity_ntriples(document.entity_triples),
        parts,
        " ".join(sorted(classes)),
        " ".join(sorted(properties)),
        [str(warning) for warning in document.warnings],
    )


def _warm_up() -> None:
    default_authority()  # the lemmatiser and the authority index, once per process


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def convert_many(sources: Iterable[str], base: str, jobs: int, count: int) -> Iterator[Converted | Failed]:
    """Results as they are ready (order not kept). In-process for one job or a handful of files.

    At most ``IN_FLIGHT`` files per worker are converted ahead of what the caller has taken, so the workers wait
    while the caller loads instead of piling results up in memory."""
    if jobs <= 1 or count < 8:
        _warm_up()
        for source in sources:
            yield from convert_one((source, base))
        return
    ahead = threading.BoundedSemaphore(jobs * IN_FLIGHT)

    def throttled() -> Iterator[tuple[str, str]]:
        for source in sources:
            ahead.acquire()
            yield source, base

    context = multiprocessing.get_context("fork")
    with context.Pool(processes=jobs, initializer=_warm_up) as pool:
        for results in pool.imap_unordered(convert_one, throttled(), chunksize=1):
            ahead.release()
            yield from results
