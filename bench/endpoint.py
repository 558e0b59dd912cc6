"""The endpoint benchmark (issue "A SPARQL endpoint you can put on the internet"): one store, served at once by
``oxigraph serve-read-only`` (the Rust server from the ``oxigraph`` package, on the same snapshot, whose default graph
is the materialised union of its graphs), by ``depesha serve`` (gunicorn) twice, without its answer cache (every query runs in a query process)
and with it (the default: a repeated query is answered from the answers kept for the snapshot), and, for scale, by a
minimal Flask app under the same gunicorn settings that runs each query in its own thread with no checks or limits
(the floor for any uncached Python endpoint), each hit by the same concurrent loopback client for a fixed time: every
client repeats one query, the workload of an endpoint that is sent the same queries again and again. Prints
throughput (answers with status 200 per second) and p50/p99 latency per query and server, and the throughputs as
ratios of oxigraph's.

    python bench/endpoint.py [-n 300] [--workdir /tmp/depesha-endpoint] [--seconds 10] [--clients 8] [--workers 2]\
                             [--threads 2] [--rounds 3] [--store DIR]

The store is generated (bench/generate_corpus.py) and built once per workdir, then reused. The client is a small
asyncio HTTP/1.1 client (keep-alive when the server allows it, as gunicorn's threaded workers and oxigraph do). It runs
on the same machine, so on few cores it takes CPU from the server under test: the cheaper the query, the more the
figures are bounded by the client. On a machine shared with other work the figures drift with its load: every
(server, query) is measured ``--rounds`` times, the servers taking turns, and the run of median throughput is shown.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_corpus import generate  # noqa: E402
from server.build.build import build  # noqa: E402
from server.store.store import current_snapshot, open_snapshot  # noqa: E402

PREFIXES = (
    "PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/> PREFIX dv: <https://w3id.org/depesha/vocab#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)
QUERIES = {
    "small SELECT": PREFIXES + "SELECT ?sender ?date ?title WHERE { <{doc}> dv:sender ?sender ; dv:date ?date ; "
    "rdfs:label ?title } LIMIT 10",
    "aggregate": PREFIXES + "SELECT ?type (COUNT(?d) AS ?n) WHERE { ?d a crm:E31_Document ; crm:P2_has_type ?type } "
    "GROUP BY ?type ORDER BY DESC(?n)",
    "empty ASK": "ASK {}",
}


@dataclass
class Run:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def throughput(self) -> float:
        """Answers (status 200) per second: a refusal (503 when the slow lane is full) is not an answer."""
        return (self.requests - self.errors) / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_store(workdir: Path, count: int) -> Path:
    store = workdir / "store"
    marker = workdir / f"built-{count}"
    if marker.exists() and (store / "CURRENT").exists():
        return store
    shutil.rmtree(workdir, ignore_errors=True)
    corpus = workdir / "corpus"
    print(f"generating {count} documents and building the store in {store} ...", file=sys.stderr)
    generate(corpus, count=count)
    started = time.perf_counter()
    report = build([corpus], store)
    print(
        f"built {len(report.loaded)} documents ({report.quads} quads) in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    marker.touch()
    return store


async def _response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response; (status, whether the connection stays open)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip().lower() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    keep = headers.get("connection") != "close" and lines[0].startswith("HTTP/1.1")
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()
        keep = False
    return status, keep


async def _client(port: int, request: bytes, until: float, run: Run) -> None:
    reader = writer = None
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            await writer.drain()
            status, keep = await _response(reader)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            status, keep = 0, False
        run.latencies.append(time.perf_counter() - started)
        run.requests += 1
        run.errors += status != 200
        if not keep and writer is not None:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def load(port: int, query: str, clients: int, seconds: float) -> Run:
    request = (
        f"GET /sparql?query={quote(query)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Accept: application/sparql-results+json\r\n\r\n"
    ).encode()

    async def main() -> Run:
        run = Run(0, 0, seconds, [])
        until = time.perf_counter() + seconds
        await asyncio.gather(*(_client(port, request, until, run) for _ in range(clients)))
        return run

    return asyncio.run(main())


def minimal_app():
    """The minimal Flask endpoint (gunicorn 'bench.endpoint:minimal_app()'): the snapshot in DEPESHA_BENCH_SNAPSHOT."""
    from flask import Flask, Response, request
    from pyoxigraph import QueryResultsFormat, Store

    app, opened = Flask(__name__), {}

    @app.route("/sparql")
    def sparql() -> Response:
        if "store" not in opened:  # opened in each worker, after the fork
            opened["store"] = Store.read_only(os.environ["DEPESHA_BENCH_SNAPSHOT"])
        result = opened["store"].query(request.args["query"])
        return Response(result.serialize(format=QueryResultsFormat.JSON), mimetype="application/sparql-results+json")

    return app


@contextmanager
def serving(command: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[None]:
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"server exited: {' '.join(command)}")
            if load(port, "ASK {}", 1, 0.05).errors == 0:
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"server did not start: {' '.join(command)}")
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def check_kept(port: int, query: str) -> None:
    """The cached server answers a repeated query from its cache (else the figures would not mean what they say)."""
    url = f"http://127.0.0.1:{port}/sparql?query={quote(query)}"
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    for _ in range(2):
        with urllib.request.urlopen(request, timeout=60) as response:
            kept = response.headers.get("X-Cache")
    if kept != "hit":
        raise SystemExit(f"the cached server did not answer a repeated query from its cache (X-Cache: {kept})")


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda run: run.throughput)[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--documents", type=int, default=300)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/depesha-endpoint"))
    parser.add_argument("--seconds", type=float, default=10.0, help="per query, server and round")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of depesha serve")
    parser.add_argument("--threads", type=int, default=2, help="threads of each gunicorn worker")
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each (server, query); the median shown")
    parser.add_argument("--store", type=Path, help="serve this built store instead of generating one")
    args = parser.parse_args()

    store = args.store or prepare_store(args.workdir, args.documents)
    snapshot = current_snapshot(store)
    document = next(
        iter(
            open_snapshot(store).query(
                "SELECT ?d WHERE { ?d a <http://www.cidoc-crm.org/cidoc-crm/E31_Document> } LIMIT 1"
            )
        )
    )["d"].value
    queries = {name: text.replace("{doc}", document) for name, text in QUERIES.items()}
    oxigraph = Path(sys.executable).parent / "oxigraph"
    gunicorn = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-w",
        str(args.workers),
        "-k",
        "gthread",
        "--threads",
        str(args.threads),
    ] + (["--reuse-port"] if args.workers > 1 else [])  # as depesha serve runs it
    workers = f"{args.workers}x{args.threads} threads"

    def depesha(port: int, *options: str) -> list[str]:
        return [
            *(sys.executable, "-m", "server.cli", "serve", "--store", str(store), "--port", str(port)),
            *("--workers", str(args.workers), "--threads", str(args.threads), *options),
        ]

    servers = {
        "oxigraph serve-read-only": lambda port: [
            str(oxigraph),
            "serve-read-only",
            "--location",
            str(snapshot),
            "--bind",
            f"127.0.0.1:{port}",
        ],  # the store's default graph is the materialised union: what Depesha and the minimal app query too
        f"depesha serve, uncached ({workers})": lambda port: depesha(port, "--cache-memory", "0", "--cache-disk", "0"),
        f"depesha serve, cached ({workers})": lambda port: depesha(port),
        f"minimal Flask ({workers})": lambda port: [
            *gunicorn,
            "-b",
            f"127.0.0.1:{port}",
            "bench.endpoint:minimal_app()",
        ],
    }
    runs: dict[tuple[str, str], list[Run]] = {}
    env = {**os.environ, "DEPESHA_BENCH_SNAPSHOT": str(snapshot)}
    with ExitStack() as stack:
        ports = {}
        for server, command in servers.items():
            ports[server] = free_port()
            stack.enter_context(serving(command(ports[server]), ports[server], env))
        cached = next(server for server in servers if ", cached" in server)
        for query in queries.values():
            check_kept(ports[cached], query)
        for _ in range(args.rounds):
            for name, query in queries.items():
                for server, port in ports.items():
                    load(port, query, args.clients, 1.0)  # warm-up
                    runs.setdefault((server, name), []).append(load(port, query, args.clients, args.seconds))
    results = {key: median_run(measured) for key, measured in runs.items()}
    documents = sum(
        1
        for _ in open_snapshot(store).query(
            "SELECT ?d WHERE { ?d a <http://www.cidoc-crm.org/cidoc-crm/E31_Document> }"
        )
    )
    print(
        f"\nEndpoint benchmark: {documents} documents, {len(open_snapshot(store))} quads; {args.clients} concurrent "
        f"clients, {args.seconds:g} s per run, median of {args.rounds} rounds; {os.cpu_count()} cores, Python "
        f"{platform.python_version()}\n"
    )
    print(f"{'server':44} {'query':14} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for server in servers:
        for name in queries:
            run = results[server, name]
            print(
                f"{server:44} {name:14} {run.throughput:9.0f} {run.percentile(50):8.2f} {run.percentile(99):8.2f} "
                f"{run.errors:7d}"
            )
    reference, *others = servers
    print("\nThroughput as a ratio of oxigraph's:   Depesha uncached   Depesha cached   minimal Flask")
    for name in queries:
        ratios = [results[other, name].throughput / results[reference, name].throughput for other in others]
        print(f"  {name:36} {ratios[0]:16.2f} {ratios[1]:16.2f} {ratios[2]:15.2f}")


if __name__ == "__main__":
    main()
