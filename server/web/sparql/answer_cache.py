"""Answers of the query endpoint kept per published snapshot. A store's data changes only when a build, a load or a
write publishes a snapshot (``server/store/store.py``), so an answer is a function of (snapshot, query text, dataset
parameters, negotiated format, base IRI) and can be served again without a query process until the next snapshot.

Two tiers, each with a size bound in bytes: memory (per app process, least recently used first out) and files under
``STORE/cache/sparql/SNAPSHOT/`` (shared by the app processes and kept across restarts, oldest first out). A new
snapshot drops both. Only complete answers are kept (a limit hit is an error, never a cut-off answer, and errors are
never kept); queries whose answer does not follow from the snapshot are never kept: SERVICE (another server's data)
and the functions that change per call (NOW, RAND, UUID, STRUUID). Updates never come here."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from server.web.sparql.query_run import Answer, QueryJob, negotiated
from server.web.sparql.sparql_text import QUERY_FORMS

VOLATILE = frozenset({"SERVICE", "NOW", "RAND", "UUID", "STRUUID"})  # words that make an answer vary per call
CACHE_FOLDER = ("cache", "sparql")  # under the store folder
PART = ".part-"  # a file being written, renamed into place when whole


@dataclass(frozen=True)
class CacheSizes:
    memory_bytes: int = 64 * 2**20  # per app process; 0: no memory tier
    disk_bytes: int = 512 * 2**20  # under the store folder, shared; 0: no disk tier

    @property
    def on(self) -> bool:
        return bool(self.memory_bytes or self.disk_bytes)


def answer_key(job: QueryJob, max_rows: int) -> str | None:
    """The key of a query job's answer (without the snapshot), or None when its answer must not be kept: not a query
    form, a volatile word, or an Accept header that no format fits (the worker then answers the error). The row cap
    is part of it: a server restarted with a lower ``--max-rows`` must not serve a longer answer kept on disk."""
    query_shape = job.shape
    if job.kind != "query" or query_shape is None or query_shape.form not in QUERY_FORMS:
        return None
    if query_shape.services or VOLATILE & query_shape.keywords:
        return None
    chosen = negotiated(job.accept, query_shape.form in ("CONSTRUCT", "DESCRIBE"))
    if chosen is None:
        return None
    parts = [job.text, job.default_graphs, job.named_graphs, chosen.media_type, job.base_iri, max_rows]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


class _Memory:
    """Answers of one snapshot, least recently used evicted first past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.snapshot = ""
        self.answers: OrderedDict[str, Answer] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, snapshot: str, key: str) -> Answer | None:
        with self.lock:
            if snapshot != self.snapshot:
                return None
            answer = self.answers.get(key)
            if answer is not None:
                self.answers.move_to_end(key)
            return answer

    def put(self, snapshot: str, key: str, answer: Answer) -> None:
        size = len(answer.body)
        if size > self.limit:
            return
        with self.lock:
            if snapshot != self.snapshot:
                self.snapshot, self.answers, self.size = snapshot, OrderedDict(), 0
            if key in self.answers:
                return
            self.answers[key] = answer
            self.size += size
            while self.size > self.limit:
                _, old = self.answers.popitem(last=False)
                self.size -= len(old.body)


class _Disk:
    """Answers of one snapshot as files ``KEY`` (the media type, a line break, the body), written whole then renamed
    into place; the oldest removed past ``limit`` bytes. Files of other snapshots are removed when a new one is seen.
    A store folder that cannot be written turns this tier off (the memory tier goes on)."""

    def __init__(self, folder: Path, limit: int) -> None:
        self.root = folder.joinpath(*CACHE_FOLDER)
        self.limit = limit
        self.snapshot = ""
        self.size = 0
        self.lock = threading.Lock()
        self.broken = False

    def _folder(self, snapshot: str) -> Path:
        return self.root / hashlib.sha256(snapshot.encode("utf-8")).hexdigest()[:16]

    def get(self, snapshot: str, key: str) -> Answer | None:
        try:
            data = (self._folder(snapshot) / key).read_bytes()
        except OSError:
            return None
        media_type, newline, body = data.partition(b"\n")
        return Answer(body, media_type.decode("utf-8")) if newline else None

    def put(self, snapshot: str, key: str, answer: Answer) -> None:
        data = answer.media_type.encode("utf-8") + b"\n" + answer.body
        if self.broken or len(data) > self.limit:
            return
        folder = self._folder(snapshot)
        try:
            with self.lock:
                if snapshot != self.snapshot:
                    self._change_to(snapshot, folder)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=PART)
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, folder / key)
            with self.lock:
                self.size += len(data)
                if self.size > self.limit:
                    self._evict(folder)
        except FileNotFoundError:
            pass  # another app process moved to a newer snapshot and removed this folder meanwhile
        except OSError:
            self.broken = True

    def _change_to(self, snapshot: str, folder: Path) -> None:
        """Start on a new snapshot: remove the folders of the others, measure what this one holds."""
        folder.mkdir(parents=True, exist_ok=True)
        for other in self.root.iterdir():
            if other != folder:
                shutil.rmtree(other, ignore_errors=True)
        self.snapshot = snapshot
        self.size = sum(entry.stat().st_size for entry in os.scandir(folder) if not entry.name.startswith(PART))

    def _evict(self, folder: Path) -> None:
        """Remove the oldest answers until the folder is under the bound (other app processes write here too)."""
        files = []
        for entry in os.scandir(folder):
            if entry.name.startswith(PART):
                continue  # being written by another app process
            try:
                stat = entry.stat()
            except OSError:
                continue
            files.append((stat.st_mtime_ns, stat.st_size, entry.path))
        files.sort()
        total = sum(size for _, size, _ in files)
        for _, size, path in files:
            if total <= self.limit:
                break
            try:
                os.unlink(path)
            except OSError:
                pass
            total -= size
        self.size = total


class AnswerCache:
    """The two tiers of one app process over the store ``folder``."""

    def __init__(self, folder: Path, sizes: CacheSizes) -> None:
        self.sizes = sizes
        self.memory = _Memory(sizes.memory_bytes) if sizes.memory_bytes else None
        self.disk = _Disk(folder, sizes.disk_bytes) if sizes.disk_bytes else None

    def get(self, snapshot: str, key: str) -> tuple[Answer, str] | None:
        """The kept answer and the tier it came from ("memory", "disk"), or None."""
        if self.memory is not None:
            answer = self.memory.get(snapshot, key)
            if answer is not None:
                return answer, "memory"
        if self.disk is not None:
            answer = self.disk.get(snapshot, key)
            if answer is not None:
                if self.memory is not None:
                    self.memory.put(snapshot, key, answer)
                return answer, "disk"
        return None

    def put(self, snapshot: str, key: str, answer: Answer) -> None:
        if answer.status != 200:
            return
        if self.memory is not None:
            self.memory.put(snapshot, key, answer)
        if self.disk is not None:
            self.disk.put(snapshot, key, answer)
