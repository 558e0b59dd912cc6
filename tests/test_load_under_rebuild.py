"""A bounded load test on loopback: 8 concurrent clients query a real server (2 gunicorn workers) while `depesha build`
rebuilds the same store from changed input (documents added, changed and removed). Every request must succeed, every
answer must come from one whole snapshot (the old one or the new one, never a mix), the server must move to the new
snapshot, and afterwards the store must be intact: the snapshot equals the primary database and equals a fresh build
of the same input, and no triple is in two graphs. The clients are polite: a 503 with Retry-After (every query process
busy, which eight clients on a loaded machine can meet) is asked again after that pause, as the server asks, so the
test does not depend on how fast the machine is; any other answer that is not the right one is a failure."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from pyoxigraph import RdfFormat, Store, parse, serialize
from test_store import _copies

from conftest import BASE, ROOT, depesha, start_server
from server.store.store import named_quads, open_snapshot

CLIENTS, MIN_REQUESTS, MAX_SECONDS = 8, 300, 90
BUSY_RETRIES = 10  # a request still busy after this many polite retries is a failure
DOCUMENTS = "PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/> SELECT (COUNT(?d) AS ?n) WHERE { ?d a crm:E31_Document }"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
JSON = {"Accept": "application/sparql-results+json"}


def quads_without_meta(store: Store) -> set[str]:
    meta = f"<{BASE}graph/meta>"
    return {
        line
        for line in serialize(named_quads(store), format=RdfFormat.N_QUADS).decode().splitlines()
        if not line.endswith(f"{meta} .")
    }


def send(url: str, kind: int) -> requests.Response:
    """One request of the given kind (0-4); asked again, after the server's Retry-After, while it is busy."""
    for _ in range(BUSY_RETRIES):
        if kind == 0:
            response = requests.post(url + "/sparql", data={"query": DOCUMENTS}, headers=JSON, timeout=30)
        elif kind == 1:
            response = requests.get(url + "/sparql", params={"query": PER_GRAPH}, headers=JSON, timeout=30)
        elif kind == 2:
            response = requests.post(
                url + "/sparql",
                headers={"Accept": "text/turtle"},
                timeout=30,
                data={"query": f"DESCRIBE <{BASE}id/person/joseph-stalin>"},
            )
        elif kind == 3:
            response = requests.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON, timeout=30)
        else:
            response = requests.get(url + "/sparql", headers={"Accept": "application/n-triples"}, timeout=30)
        if response.status_code != 503 or not response.headers.get("Retry-After", "").isdigit():
            return response
        time.sleep(int(response.headers["Retry-After"]))
    return response


def right_answer(kind: int, response: requests.Response) -> bool:
    if kind == 1:
        return len(response.json()["results"]["bindings"]) >= 4
    if kind == 2:
        return bool(list(parse(response.content, format=RdfFormat.TURTLE)))
    if kind == 3:
        return response.json()["boolean"] is True
    return b"sparql-service-description#Service" in response.content


def one_request(url: str, number: int) -> tuple[str, int | None]:
    """One of five kinds of request; ('ok', document count or None) or (a failure, None)."""
    kind = number % 5
    try:
        response = send(url, kind)
        if response.status_code == 200 and kind == 0:
            return "ok", int(response.json()["results"]["bindings"][0]["n"]["value"])
        if response.status_code == 200 and right_answer(kind, response):
            return "ok", None
        return f"{kind}: HTTP {response.status_code} {response.text[:200]}", None
    except requests.RequestException as exc:
        return f"{kind}: {exc}", None


def test_zero_failed_requests_and_an_intact_store_while_a_rebuild_runs(tmp_path: Path) -> None:
    inputs, store = tmp_path / "input", tmp_path / "store"
    _copies(inputs, [119111, 120001, 120002])
    depesha("build", str(inputs), "--store", str(store))
    before = len(list((inputs).glob("*.md")))
    _copies(inputs, [120003, 120004])  # two new documents
    (inputs / "120001.md").unlink()  # one removed
    changed = inputs / "120002.md"  # one changed
    changed.write_text(changed.read_text(encoding="utf-8").replace("peaceful", "calm"), encoding="utf-8")
    after = len(list(inputs.glob("*.md")))
    process, url = start_server(store, "--workers", "2")
    outcomes: list[tuple[str, int | None]] = []
    lock = threading.Lock()
    started = time.monotonic()
    build: subprocess.Popen | None = None

    def client(first: int) -> None:
        number = first
        while time.monotonic() - started < MAX_SECONDS:
            with lock:
                done = len(outcomes) >= MIN_REQUESTS and build is not None and build.poll() is not None
            if done:
                return
            outcome = one_request(url, number)
            with lock:
                outcomes.append(outcome)
            number += CLIENTS

    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            for first in range(CLIENTS):
                pool.submit(client, first)
            while len(outcomes) < 50 and time.monotonic() - started < MAX_SECONDS:
                time.sleep(0.05)
            build = subprocess.Popen(
                [sys.executable, "-m", "server.cli", "build", str(inputs), "--store", str(store)],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            build_errors = build.communicate(timeout=MAX_SECONDS)[1]
        assert build.returncode == 0, build_errors
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(f"{len(outcomes)} requests in {time.monotonic() - started:.1f} s", file=sys.stderr)
    failures = [status for status, _ in outcomes if status != "ok"]
    assert failures == [] and len(outcomes) >= MIN_REQUESTS, failures[:5]
    counts = {count for _, count in outcomes if count is not None}
    assert counts <= {before, after} and after in counts, counts  # whole snapshots only, and the new one reached

    snapshot = open_snapshot(store)
    primary = Store(str(store / "oxigraph"))
    assert primary.dump(format=RdfFormat.N_QUADS) == snapshot.dump(format=RdfFormat.N_QUADS)
    del primary
    fresh = tmp_path / "fresh"
    depesha("build", str(inputs), "--store", str(fresh))
    assert quads_without_meta(snapshot) == quads_without_meta(open_snapshot(fresh))
    assert not list(
        snapshot.query(
            "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s ?p ?o HAVING (COUNT(DISTINCT ?g) > 1)"
        )
    )
    shutil.rmtree(fresh)
