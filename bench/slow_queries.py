"""Slow queries against light ones: a bounded load test on loopback. A ``depesha serve`` (and, beside it for
comparison, ``oxigraph serve-read-only --timeout-s``) is hit for ``--seconds`` by ``--slow`` clients that send a query
running until the timeout, again and again, while ``--light`` clients send a small SELECT and fetch a page (Depesha
only: oxigraph has no pages). Prints the light queries' and pages' p50/p99/max latency, and how the slow queries
ended (504 at the timeout, 503 refused at once, ...).

    python bench/slow_queries.py [--store DIR] [--seconds 30] [--slow 4] [--light 4] [--timeout 10]

Without ``--store`` the bundled sample is built into a temporary folder. Every request loop is bounded in count and
time and talks to 127.0.0.1 only."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.endpoint import free_port  # noqa: E402
from server.build.build import build  # noqa: E402
from server.store.store import current_snapshot  # noqa: E402

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIGHT = "SELECT ?s WHERE { ?s a ?type } LIMIT 10"
MAX_REQUESTS = 100_000  # per client: a bound on the loop whatever the time


def client(stop: float, work, log: list) -> None:
    for _ in range(MAX_REQUESTS):
        if time.monotonic() > stop:
            return
        began = time.monotonic()
        try:
            status = work()
        except requests.RequestException as exc:
            status = type(exc).__name__
        log.append((status, time.monotonic() - began))


def percentiles(log: list) -> str:
    times = sorted(t for _, t in log)
    if not times:
        return "no requests"
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    statuses = Counter(s for s, _ in log)
    return (
        f"{len(times)} requests, p50 {statistics.median(times) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
        f"max {times[-1] * 1000:.0f} ms; statuses {dict(statuses)}"
    )


def load(url: str, query_path: str, args: argparse.Namespace, pages: bool) -> dict[str, list]:
    stop = time.monotonic() + args.seconds
    session_headers = {"Accept": "application/sparql-results+json"}

    def ask(query: str):
        return lambda: (
            requests.post(
                url + query_path, data={"query": query}, headers=session_headers, timeout=args.timeout + 30
            ).status_code
        )

    logs: dict[str, list] = {"slow": [], "light query": [], "page": []}
    threads = [threading.Thread(target=client, args=(stop, ask(SLOW), logs["slow"])) for _ in range(args.slow)]
    threads += [
        threading.Thread(target=client, args=(stop, ask(LIGHT), logs["light query"])) for _ in range(args.light)
    ]
    if pages:
        page = lambda: requests.get(url + "/id/person/joseph-stalin", timeout=60).status_code  # noqa: E731
        threads += [threading.Thread(target=client, args=(stop, page, logs["page"])) for _ in range(args.light)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return logs


def serve(command: list[str], port: int, query_path: str) -> subprocess.Popen:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"server exited: {' '.join(command)}")
        try:
            requests.get(f"http://127.0.0.1:{port}{query_path}", params={"query": "ASK {}"}, timeout=2)
            return process
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"server did not start: {' '.join(command)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--slow", type=int, default=4)
    parser.add_argument("--light", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        store = args.store
        if store is None:
            store = Path(scratch) / "store"
            build([ROOT / "data" / "sample"], store)
        print(
            f"store {store}; {args.slow} slow clients, {args.light} light clients, {args.seconds:g} s, "
            f"timeout {args.timeout:g} s, {args.workers} workers",
            flush=True,
        )
        port = free_port()
        measure(
            "depesha",
            [
                sys.executable,
                "-m",
                "server.cli",
                "serve",
                "--store",
                str(store),
                "--port",
                str(port),
                "--workers",
                str(args.workers),
                "--timeout",
                str(args.timeout),
            ],
            port,
            "/sparql",
            args,
        )
        port = free_port()
        measure(
            "oxigraph",
            [
                str(Path(sys.executable).parent / "oxigraph"),
                "serve-read-only",
                "--location",
                str(current_snapshot(store)),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
                "--timeout-s",
                str(int(args.timeout)),
            ],
            port,
            "/query",
            args,
        )


def measure(name: str, command: list[str], port: int, query_path: str, args: argparse.Namespace) -> None:
    """Serve, load (pages too when the server has them), print each client kind's figures."""
    process = serve(command, port, query_path)
    try:
        logs = load(f"http://127.0.0.1:{port}", query_path, args, pages=name == "depesha")
    finally:
        process.terminate()
        process.wait(30)
    for kind, log in logs.items():
        if log:
            print(f"{name:8} {kind:12} {percentiles(log)}", flush=True)


if __name__ == "__main__":
    main()
