"""The limits, each against a real server started with that limit small and every other one generous, so that a
test meets only its own limit however loaded the machine is (a slow machine turns no 422, 503 or 413 into a 504): a
runaway query is stopped (its process ended and replaced) and answered 504; a result over the row cap is an explicit
422 (not this query) with no rows; a query that eats memory ends its own process (503) and the server keeps serving;
requests over the size cap are 413/414; the Service Description states every limit."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from pyoxigraph import RdfFormat, Store

from conftest import start_server

# a query process takes about 550 MiB of address space before its first query; the bomb needs over 1,300 MiB
TIMEOUT_S, MAX_ROWS, MAX_REQUEST, MEMORY_MB = 4.0, 50, 3000, 1200
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~4e10 rows on the sample
ACCEPT = {"Accept": "application/sparql-results+json, application/problem+json;q=0.5"}


def memory_bomb(doublings: int = 26) -> str:
    """A string doubled until it needs more memory than the cap (10 * 2**26 bytes, copied)."""
    binds = "".join(f" BIND(CONCAT(?x{i - 1}, ?x{i - 1}) AS ?x{i})" for i in range(1, doublings + 1))
    return f'SELECT (STRLEN(?x{doublings}) AS ?n) WHERE {{ BIND("0123456789" AS ?x0){binds} }}'


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux /proc)."""
    found, stack = set(), [pid]
    while stack:
        current = stack.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found.update(children)
            stack.extend(children)
    return found


GENEROUS_S = 300.0  # the query time of servers that test another limit: longer than any query there takes


@contextlib.contextmanager
def limited_server(store: Path, *limits: str) -> Iterator[tuple[str, int]]:
    """A real server with ``limits`` (options of ``depesha serve``) and a generous query time unless they set one."""
    timeout = () if "--timeout" in limits else ("--timeout", str(GENEROUS_S))
    process, url = start_server(store, *timeout, *limits)
    try:
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def timed(sample_store: Path) -> Iterator[tuple[str, int]]:
    """Only the query time is small."""
    with limited_server(sample_store, "--timeout", str(TIMEOUT_S)) as server:
        yield server


@pytest.fixture(scope="module")
def all_limits(sample_store: Path) -> Iterator[tuple[str, int]]:
    """Every limit small, for the Service Description that states them (no query there meets one)."""
    with limited_server(
        sample_store,
        "--timeout",
        str(TIMEOUT_S),
        "--max-rows",
        str(MAX_ROWS),
        "--max-request-bytes",
        str(MAX_REQUEST),
        "--query-memory",
        str(MEMORY_MB),
    ) as server:
        yield server


def ask_works(url: str) -> bool:
    response = requests.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=ACCEPT, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["boolean"] is True


def test_a_runaway_query_is_stopped_at_the_timeout_and_its_process_replaced(timed: tuple[str, int]) -> None:
    url, server_pid = timed
    assert ask_works(url)
    before = descendants(server_pid)
    started = time.monotonic()
    response = requests.post(url + "/sparql", data={"query": RUNAWAY}, headers=ACCEPT, timeout=60)
    elapsed = time.monotonic() - started
    assert response.status_code == 504, response.text
    body = response.json()
    assert body["type"].endswith("/query-timeout") and body["value"] == TIMEOUT_S and "stopped" in body["detail"]
    assert elapsed >= TIMEOUT_S
    assert ask_works(url)  # served by the fresh process
    after = descendants(server_pid)
    assert len(after) == len(before) and after != before  # one process ended, one started in its place
    for pid in before - after:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]


def test_while_a_runaway_query_runs_its_worker_answers_others_over_a_kept_alive_connection(
    sample_store: Path,
) -> None:
    # one gunicorn worker, of two threads; the runaway's time is long enough for three small queries on any machine
    with limited_server(sample_store, "--timeout", "20") as (url, _), ThreadPoolExecutor(1) as background:
        runaway = background.submit(
            requests.post, url + "/sparql", data={"query": RUNAWAY}, headers=ACCEPT, timeout=120
        )
        time.sleep(0.5)
        with requests.Session() as session:
            for _ in range(3):
                response = session.get(url + "/sparql", params={"query": "ASK {}"}, headers=ACCEPT, timeout=30)
                assert response.status_code == 200 and response.json()["boolean"] is True
                assert response.headers.get("Connection", "").lower() != "close"
        assert not runaway.done()  # answered while the runaway still ran
        assert runaway.result().status_code == 504


@pytest.fixture
def row_capped(sample_store: Path) -> Iterator[tuple[str, int]]:
    with limited_server(sample_store, "--max-rows", str(MAX_ROWS)) as server:
        yield server


def test_a_result_over_the_row_cap_is_an_explicit_error_with_no_rows(row_capped: tuple[str, int]) -> None:
    url, _ = row_capped
    at_cap = requests.post(
        url + "/sparql", data={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"}, headers=ACCEPT, timeout=30
    )
    assert at_cap.status_code == 200 and len(at_cap.json()["results"]["bindings"]) == MAX_ROWS
    for query in (
        f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS + 1}",
        "SELECT * WHERE { ?s ?p ?o }",
        f"CONSTRUCT WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS + 1}",
    ):
        for accept in ("text/csv", "application/sparql-results+xml", "text/turtle", "application/ld+json"):
            response = requests.post(
                url + "/sparql",
                data={"query": query},
                timeout=30,
                headers={"Accept": f"{accept}, application/problem+json;q=0.1"},
            )
            if response.status_code == 406:  # a graph format for a SELECT or the reverse
                continue
            assert response.status_code == 422, (query, accept, response.text[:200])
            body = response.json()
            assert body["type"].endswith("/result-too-large") and body["value"] == MAX_ROWS
            assert "nothing was returned" in body["detail"]


@pytest.fixture
def memory_limited(sample_store: Path) -> Iterator[str]:
    """A server whose only limit a memory bomb can reach is memory: its query time is far longer than the bomb needs
    on any machine, so a loaded one cannot turn the 503 into a 504."""
    with limited_server(sample_store, "--query-memory", str(MEMORY_MB)) as (url, _):
        yield url


def test_a_query_that_eats_memory_ends_its_own_process_and_the_server_keeps_serving(memory_limited: str) -> None:
    url = memory_limited
    response = requests.post(url + "/sparql", data={"query": memory_bomb()}, headers=ACCEPT, timeout=300)
    assert response.status_code == 503, response.text
    assert response.json()["type"].endswith("/query-memory") and f"{MEMORY_MB} MiB" in response.json()["detail"]
    assert ask_works(url)


@pytest.fixture
def size_capped(sample_store: Path) -> Iterator[tuple[str, int]]:
    with limited_server(sample_store, "--max-request-bytes", str(MAX_REQUEST)) as server:
        yield server


def test_requests_over_the_size_cap_are_refused(size_capped: tuple[str, int]) -> None:
    url, _ = size_capped
    padding = "#" + "x" * MAX_REQUEST + "\nASK {}"
    body = requests.post(
        url + "/sparql", data=padding.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30
    )
    assert body.status_code == 413
    form = requests.post(url + "/sparql", data={"query": padding}, timeout=30)
    assert form.status_code == 413
    long_url = requests.get(
        url + "/sparql",
        params={"query": "#" + "x" * (MAX_REQUEST + 10) + "\nASK {}"},
        headers={"Accept": "application/problem+json"},
        timeout=30,
    )
    assert long_url.status_code == 414 and long_url.json()["value"] == MAX_REQUEST
    huge_url = requests.get(url + "/sparql", params={"query": "#" + "x" * 20_000}, timeout=30)
    assert huge_url.status_code == 414  # longer than any URL gunicorn reads: its own refusal, not a crash
    assert ask_works(url)


def test_the_service_description_states_the_limits(all_limits: tuple[str, int]) -> None:
    url, _ = all_limits
    description = Store()
    description.load(
        requests.get(url + "/sparql", headers={"Accept": "text/turtle"}, timeout=30).content, format=RdfFormat.TURTLE
    )
    rows = list(
        description.query("""PREFIX dv: <https://w3id.org/depesha/vocab#>
        SELECT ?timeout ?rows ?bytes ?memory WHERE { ?service dv:queryTimeout ?timeout ; dv:maxResultRows ?rows ;
        dv:maxRequestBytes ?bytes ; dv:queryMemoryMegabytes ?memory }""")
    )
    assert len(rows) == 1
    assert (
        float(rows[0]["timeout"].value),
        int(rows[0]["rows"].value),
        int(rows[0]["bytes"].value),
        int(rows[0]["memory"].value),
    ) == (TIMEOUT_S, MAX_ROWS, MAX_REQUEST, MEMORY_MB)
