"""One slow query must not hold up everyone: against a real server, while slow queries run, light queries and pages
are answered, slow queries beyond the slow lane's places (per client) are refused at once with 503 and Retry-After
instead of waiting, and a query known to be slow goes straight to the slow lane. The latencies themselves are
measured by bench/slow_queries.py, not here."""

from __future__ import annotations

import threading
from pathlib import Path

import requests

from conftest import serving

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIGHT = "ASK { ?s ?p ?o }"
JSON = {"Accept": "application/sparql-results+json, application/problem+json;q=0.5"}


def post(url: str, query: str) -> requests.Response:
    return requests.post(url + "/sparql", data={"query": query}, headers=JSON, timeout=60)


def test_light_queries_and_pages_are_served_while_slow_ones_run(sample_store: Path) -> None:
    """Two slow queries from one client: one gets the client's place in the slow lane and runs to the timeout, the
    other is refused once it is known to be slow; a light place stays free all the while."""
    # the timeout is long enough for a light query and a page on a loaded machine, and bounds the test's length
    with serving(sample_store, "--workers", "1", "--threads", "3", "--timeout", "15") as url:
        slow: list[requests.Response] = []
        runners = [threading.Thread(target=lambda: slow.append(post(url, SLOW))) for _ in range(2)]
        for runner in runners:
            runner.start()
        light, pages, while_slow_ran = [], [], []
        while any(r.is_alive() for r in runners):
            light.append(post(url, LIGHT).status_code)
            pages.append(requests.get(url + "/id/person/joseph-stalin", timeout=60).status_code)
            while_slow_ran.append(any(r.is_alive() for r in runners))
        for runner in runners:
            runner.join()
        assert set(light) == {200} and set(pages) == {200}
        assert any(while_slow_ran)  # answered while a slow query still ran, however long each took
        statuses = sorted(r.status_code for r in slow)
        assert statuses == [503, 504], statuses
        refused = next(r for r in slow if r.status_code == 503)
        assert refused.headers["Retry-After"] and refused.json()["type"].endswith("/busy")
