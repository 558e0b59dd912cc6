"""Inside a query process. pyoxigraph 0.5.13 cannot cancel a query and ``signal.alarm`` does not interrupt one; ending
the process that runs it does. So queries (and writes) run in processes of their own that the app process starts, feeds
over a pipe and ends (``server/web/sparql/query_pool.py``). Such a process caps its own address space (a query that
would eat the machine's memory ends its process: 503), walls its network off (``server/web/sparql/sandbox.py``), and
ends with its app process. Processes are started with ``spawn``: never forked from a process that has a store open."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import resource
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyoxigraph import Store, serialize

from converter.errors import DepeshaError
from ontology.namespaces import PREFIXES
from server.store.store import SnapshotReader
from server.web.problems import Problem, problem_of
from server.web.sparql.limits import PROBLEM_TYPES, Limits
from server.web.sparql.query_run import (
    PREFIXED_FORMATS,
    Answer,
    QueryJob,
    choose,
    content_type,
    read_dataset,
    read_graph,
    run_query,
)
from server.web.sparql.sandbox import IsolationUnavailable, die_with_parent, isolate
from server.web.sparql.service_description import service_description
from server.web.sparql.service_relay import ServiceRelay
from server.web.sparql.sparql_text import refuse_unwalled, shape
from server.web.sparql.write_run import WRITE_KINDS, apply_write

STARTUP_S = 60.0  # a fresh process imports pyoxigraph and opens the snapshot: well under a second in practice
CONTEXT = multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class WorkerSettings:
    store: Path
    limits: Limits
    isolate: bool = True  # wall each query process's network off (server/web/sparql/sandbox.py)


class QueryWorker:
    """The state of one query process: the snapshot it reads, the SERVICE relay, the cached Service Description.
    Made while the process has one thread: it forks the relay's calling half, then walls the process's network off
    (``server/web/sparql/sandbox.py``); ``isolation_problem`` says why when the kernel did not allow it."""

    def __init__(self, settings: WorkerSettings) -> None:
        self.limits = settings.limits
        self.folder = settings.store
        self.relay = ServiceRelay(settings.limits) if settings.limits.service_allow else None
        self.isolation_problem: str | None = None
        if settings.isolate:
            try:
                isolate()
            except IsolationUnavailable as exc:
                self.isolation_problem = str(exc)
        else:
            self.isolation_problem = "turned off (--no-isolation)"
        if self.relay:
            self.relay.listen()
        self.reader = SnapshotReader(settings.store)
        self._description: tuple[Store, QueryJob, Answer] | None = None

    @property
    def isolated(self) -> bool:
        return self.isolation_problem is None

    def run(self, job: QueryJob) -> Answer:
        store = self.reader.store()  # follows CURRENT, so a write's snapshot is seen by the next query
        if self.relay:
            self.relay.begin()
        try:
            if job.kind == "query":
                if not self.isolated:
                    refuse_unwalled(job.text, job.shape or shape(job.text), self.limits.service_allow)
                return run_query(store, job, self.limits, self.relay.rewrite if self.relay else None)
            if job.kind == "graph":
                return read_graph(store, job, self.limits)
            if job.kind == "dataset":
                return read_dataset(store, job, self.limits)
            if job.kind in WRITE_KINDS:
                return apply_write(self.folder, job, walled=self.isolated)
            return self._service_description(store, job)
        except Problem:
            raise
        except DepeshaError as exc:
            raise problem_of(exc) from None
        except MemoryError:
            raise self._memory_problem() from None
        except (RuntimeError, ValueError, OSError) as exc:  # pyoxigraph's evaluation errors (a TypeError is a defect)
            if self.relay and self.relay.failure:
                raise self.relay.failure from None
            if self.relay and self.relay.calls and isinstance(exc, RuntimeError):
                raise Problem(
                    502,
                    "Bad Gateway",
                    f"a SERVICE answer could not be used: {exc}",
                    type=PROBLEM_TYPES + "service-failed",
                ) from None
            if isinstance(exc, OSError):
                raise Problem(503, "Service Unavailable", f"reading the store failed: {exc}") from None
            raise Problem(400, "Bad Request", f"the query could not be evaluated: {exc}") from None

    def _memory_problem(self) -> Problem:
        return Problem(
            503,
            "Query Too Large",
            f"the query needed more than {self.limits.query_memory_mb} MiB of "
            "memory, this endpoint's limit, and was stopped",
            type=PROBLEM_TYPES + "query-memory",
            extras={"limit": "query-memory-mb", "value": self.limits.query_memory_mb},
        )

    def _service_description(self, store: Store, job: QueryJob) -> Answer:
        if self._description and self._description[0] is store and self._description[1] == job:
            return self._description[2]
        chosen = choose(job.accept, graph_form=True)
        triples = service_description(store, job.text, self.limits, job.update_endpoint)
        options = (
            {"prefixes": {**PREFIXES, "sd": "http://www.w3.org/ns/sparql-service-description#"}}
            if chosen.rdf in PREFIXED_FORMATS
            else {}
        )
        answer = Answer(serialize(triples, format=chosen.rdf, **options), content_type(chosen))
        self._description = (store, job, answer)
        return answer


def send(connection: Connection, message: object) -> None:
    """Plain pickle over the pipe: multiprocessing's own ``send`` makes a ForkingPickler for each message, about a
    third of the time of a job's round trip through the pipe (43 against 30 µs measured)."""
    connection.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))


def receive(connection: Connection) -> Any:
    return pickle.loads(connection.recv_bytes())


def worker_main(connection: Connection, settings: WorkerSettings) -> None:
    """The loop of a query process: a job in, an answer or a Problem out, until the app process goes away (Ctrl-C
    on a terminal reaches every process of the group: this one ends with its app process, not on the signal)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    if settings.limits.query_memory_mb:
        cap = settings.limits.query_memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, resource.getrlimit(resource.RLIMIT_AS)[1]))
    try:
        worker = QueryWorker(settings)
    except Exception as exc:  # reported to the app process, which answers 503 with the reason
        send(connection, ("failed", Problem(503, "Service Unavailable", str(exc))))
        return
    send(connection, ("ready", (os.getpid(), worker.isolation_problem)))
    while True:
        try:
            job = receive(connection)
        except (EOFError, OSError):
            return
        try:
            outcome = ("answer", worker.run(job))
        except Problem as problem:
            outcome = ("problem", problem)
        except Exception as exc:  # a defect, not a client mistake: keep serving, report it as such
            outcome = ("problem", Problem(500, "Internal Server Error", f"{type(exc).__name__}: {exc}"))
        send(connection, outcome)
