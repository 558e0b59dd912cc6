"""The query processes of one app process (one gunicorn worker), seen from that process, in two lanes, so that one
slow query cannot hold up everyone:

- the light lane (``size`` processes, kept warm) takes every query first;
- a query still running after ``LIGHT_BUDGET_S`` leaves it: its process moves to the slow lane and goes on, and a fresh
  process takes its place, so light queries keep flowing. The query's text is remembered as slow, so the next time it
  goes straight to the slow lane;
- the slow lane has ``max(1, size // 2)`` places and at most ``SLOW_PER_CLIENT`` of them per client address; when it is
  full, a slow query is refused at once with 503 and ``Retry-After`` instead of waiting;
- a request waits at most ``WAIT_S`` for a process of its lane (503 and ``Retry-After`` then), never without bound.

Pages are not served through this pool: ``server/web/wsgi.py`` gives each worker more threads than the pool has places,
so pages always find a thread while queries run. When the answer does not come within the query timeout, the process
is ended and a fresh one started in its place (504)."""

from __future__ import annotations

import os
import sys
import threading
from collections import OrderedDict

from server.web.problems import Problem
from server.web.sparql.limits import PROBLEM_TYPES
from server.web.sparql.query_run import Answer, QueryJob
from server.web.sparql.query_worker import CONTEXT, STARTUP_S, WorkerSettings, receive, send, worker_main

LIGHT_BUDGET_S = 1.0  # a query running longer leaves the light lane
WAIT_S = 2.0  # how long a request waits for a process of its lane
SLOW_PER_CLIENT = 1  # slow queries one client address may have running in one app process
REMEMBERED_SLOW = 1024  # texts of slow queries remembered


class _Died(Exception):
    pass


_warned: set[str] = set()


def _warn_once(isolation_problem: str | None) -> None:
    """Say once per app process that query processes run without their network wall, and what that costs."""
    if isolation_problem and isolation_problem not in _warned:
        _warned.add(isolation_problem)
        print(
            f"depesha: query processes cannot be walled off the network ({isolation_problem}); the word "
            "'service' is refused outside SERVICE calls to allowed endpoints, and 'load' in updates",
            file=sys.stderr,
            flush=True,
        )


class _Process:
    """One query process seen from the app process."""

    def __init__(self, settings: WorkerSettings) -> None:
        self.connection, child = CONTEXT.Pipe()
        # few malloc arenas: each reserves 64 MiB of address space, which counts against the query memory cap
        os.environ.setdefault("MALLOC_ARENA_MAX", "2")
        self.process = CONTEXT.Process(target=worker_main, args=(child, settings), daemon=True, name="depesha-query")
        self.process.start()
        child.close()
        self.ready = False

    def submit(self, job: QueryJob) -> None:
        try:
            if not self.ready:
                if not self.connection.poll(STARTUP_S):
                    raise _Died("the query process did not start")
                kind, payload = receive(self.connection)
                if kind == "failed":
                    raise payload
                _warn_once(payload[1])
                self.ready = True
            send(self.connection, job)
        except (EOFError, OSError) as exc:
            raise _Died(str(exc)) from None

    def wait(self, timeout: float) -> Answer | None:
        """The answer; None when the time ran out first; ``_Died`` when the process ended meanwhile."""
        try:
            if not self.connection.poll(timeout):
                return None
            kind, payload = receive(self.connection)
        except (EOFError, OSError) as exc:
            raise _Died(str(exc)) from None
        if kind == "problem":
            raise payload
        return payload

    def end(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class _Lane:
    """Up to ``size`` processes running at once; idle ones wait in ``idle`` (kept full when ``warm``)."""

    def __init__(self, settings: WorkerSettings, size: int, warm: bool) -> None:
        self.settings, self.size, self.warm = settings, size, warm
        self.idle = [_Process(settings) for _ in range(size)] if warm else []
        self.busy = 0
        self.changed = threading.Condition()

    def take(self, wait: float) -> _Process | None:
        """An idle process (a new one if none is), waiting up to ``wait`` for a place; None when none came free."""
        with self.changed:
            if not self.changed.wait_for(lambda: self.busy < self.size, timeout=wait):
                return None
            self.busy += 1
            process = self.idle.pop() if self.idle else None
        if process is not None and process.process.is_alive():
            return process
        if process is not None:
            process.end()
        return _Process(self.settings)

    def claim(self) -> bool:
        """A place for a process that arrives running (one moving here from the light lane), if one is free now."""
        with self.changed:
            if self.busy >= self.size:
                return False
            self.busy += 1
            return True

    def give_back(self, process: _Process | None) -> None:
        """Free a place; ``process`` None when it was ended (a warm lane then starts a fresh one)."""
        if process is None and self.warm:
            process = _Process(self.settings)
        with self.changed:
            self.busy -= 1
            if process is not None:
                self.idle.append(process)
            self.changed.notify()

    def close(self) -> None:
        with self.changed:
            for process in self.idle:
                process.end()
            self.idle.clear()


def _busy(detail: str, retry_after: int) -> Problem:
    return Problem(
        503,
        "Service Unavailable",
        detail,
        headers={"Retry-After": str(retry_after)},
        type=PROBLEM_TYPES + "busy",
        extras={"limit": "concurrent-queries"},
    )


class QueryPool:
    """The two lanes of one app process, made on first use in that process (or by ``start()``)."""

    def __init__(self, settings: WorkerSettings, size: int = 1) -> None:
        self.settings = settings
        self.size = size
        self.slow_size = max(1, size // 2)
        self._owner: int | None = None
        self._lock = threading.Lock()
        self._slow_texts: OrderedDict[str, None] = OrderedDict()
        self._slow_by_client: dict[str, int] = {}

    @property
    def capacity(self) -> int:
        """How many requests the pool may be serving at once."""
        return self.size + self.slow_size

    def start(self) -> None:
        with self._lock:
            if self._owner != os.getpid():  # first use, or a process forked from the one that made the pool
                self._light = _Lane(self.settings, self.size, warm=True)
                self._slow = _Lane(self.settings, self.slow_size, warm=False)
                self._owner = os.getpid()

    def run(self, job: QueryJob, client: str = "") -> Answer:
        """The job's answer, from the lane that fits it; a Problem for a limit hit or a full lane."""
        self.start()
        if job.kind == "query" and self._known_slow(job.text):
            return self._run_slow(job, client)
        worker = self._light.take(WAIT_S)
        if worker is None:
            raise _busy(
                f"every query process is busy and none came free within {WAIT_S:g} s, this endpoint's "
                "limit; retry shortly",
                2,
            )
        kept: _Process | None = worker
        timeout = self.settings.limits.query_timeout_s
        budget = min(LIGHT_BUDGET_S, timeout) if job.kind == "query" else timeout
        try:
            worker.submit(job)
            answer = worker.wait(budget)
            if answer is not None:
                return answer
            kept = None
            if budget >= timeout:
                worker.end()
                raise self._timeout()
            self._remember_slow(job.text)
            if not self._claim_slow(client):
                worker.end()
                raise self._slow_lane_full(client)
            return self._finish_slow(worker, client, timeout - budget)  # the light lane gets a fresh process
        except _Died:
            kept = None
            worker.end()
            raise self._died(worker) from None
        finally:
            self._light.give_back(kept)

    def _run_slow(self, job: QueryJob, client: str) -> Answer:
        with self._lock:
            if self._slow_by_client.get(client, 0) >= SLOW_PER_CLIENT:
                raise self._slow_lane_full(client)
            self._slow_by_client[client] = self._slow_by_client.get(client, 0) + 1
        worker = self._slow.take(WAIT_S)
        if worker is None:
            self._release_client(client)
            raise self._slow_lane_full(client)
        try:
            worker.submit(job)
        except _Died:
            worker.end()
            self._slow.give_back(None)
            self._release_client(client)
            raise self._died(worker) from None
        except BaseException:
            self._slow.give_back(worker)
            self._release_client(client)
            raise
        return self._finish_slow(worker, client, self.settings.limits.query_timeout_s)

    def _finish_slow(self, worker: _Process, client: str, remaining: float) -> Answer:
        """Wait for a query running in the slow lane (its place and the client's share already taken)."""
        kept: _Process | None = worker
        try:
            answer = worker.wait(remaining)
            if answer is None:
                kept = None
                worker.end()
                raise self._timeout()
            return answer
        except _Died:
            kept = None
            worker.end()
            raise self._died(worker) from None
        finally:
            self._slow.give_back(kept)
            self._release_client(client)

    def _known_slow(self, text: str) -> bool:
        with self._lock:
            return text in self._slow_texts

    def _remember_slow(self, text: str) -> None:
        with self._lock:
            self._slow_texts[text] = None
            while len(self._slow_texts) > REMEMBERED_SLOW:
                self._slow_texts.popitem(last=False)

    def _claim_slow(self, client: str) -> bool:
        with self._lock:
            if self._slow_by_client.get(client, 0) >= SLOW_PER_CLIENT or not self._slow.claim():
                return False
            self._slow_by_client[client] = self._slow_by_client.get(client, 0) + 1
            return True

    def _release_client(self, client: str) -> None:
        with self._lock:
            self._slow_by_client[client] -= 1
            if not self._slow_by_client[client]:
                del self._slow_by_client[client]

    def _slow_lane_full(self, client: str) -> Problem:
        return _busy(
            f"this query runs longer than {LIGHT_BUDGET_S:g} s, and the places for such queries are taken "
            f"(at most {self.slow_size} at once, {SLOW_PER_CLIENT} per client: this endpoint's limit); it "
            "was stopped. Retry when your other slow queries have ended, or narrow it",
            10,
        )

    def _timeout(self) -> Problem:
        limits = self.settings.limits
        return Problem(
            504,
            "Query Timeout",
            f"the query ran longer than {limits.query_timeout_s:g} s, this endpoint's limit, and was stopped",
            type=PROBLEM_TYPES + "query-timeout",
            extras={"limit": "query-timeout-s", "value": limits.query_timeout_s},
        )

    def _died(self, worker: _Process) -> Problem:
        limits, code = self.settings.limits, worker.process.exitcode
        if not limits.query_memory_mb:
            return Problem(
                503, "Query Stopped", f"the process running the query ended (exit status {code}); the query was stopped"
            )
        return Problem(
            503,
            "Query Stopped",
            f"the process running the query ended (exit status {code}), most "
            f"likely because the query needed more than {limits.query_memory_mb} MiB of memory, this "
            "endpoint's limit",
            type=PROBLEM_TYPES + "query-memory",
            extras={"limit": "query-memory-mb", "value": limits.query_memory_mb},
        )

    def close(self) -> None:
        if self._owner != os.getpid():
            return
        self._light.close()
        self._slow.close()
        self._owner = None
