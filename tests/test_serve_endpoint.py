"""``depesha serve --endpoint URL``: the pages, the query relay and reconciliation over a real ``oxigraph serve``
process that ``depesha publish`` filled from the sample store, compared with the embedded-store server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
import requests
from pyoxigraph import RdfFormat, parse

from conftest import PREFIXES, depesha, free_port, oxigraph_serving, select, serving

DOCUMENT = "https://w3id.org/depesha/id/document/119111"
PROBLEM = {"Accept": "application/problem+json"}


@pytest.fixture(scope="module")
def published(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An ``oxigraph serve`` (union default graph) holding every graph of the sample store; yields its URL."""
    with oxigraph_serving(tmp_path_factory.mktemp("remote") / "oxigraph", "--union-default-graph") as url:
        depesha("publish", "--store", str(sample_store), "--to", url + "/store")
        yield url


@pytest.fixture(scope="module")
def remote_server(published: str) -> Iterator[str]:
    with serving(None, "--endpoint", published + "/query") as url:
        yield url


def page_text(html: str) -> str:
    return " ".join(unescape(html).split())


def test_document_page_shows_its_title_and_mentions(remote_server: str, server: str) -> None:
    title = select(server, PREFIXES + f"SELECT ?t WHERE {{ <{DOCUMENT}> rdfs:label ?t }}")[0]["t"]
    mentioned = {
        row["label"]
        for row in select(
            server,
            PREFIXES
            + f"""SELECT ?label WHERE {{
        <{DOCUMENT}> crm:P67_refers_to ?e . ?e a crm:E21_Person ; rdfs:label ?label FILTER(LANG(?label) = "en") }}""",
        )
    }
    assert mentioned
    response = requests.get(remote_server + "/id/document/119111", headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    text = page_text(response.text)
    assert title in text
    assert all(name in text for name in mentioned), mentioned - {n for n in mentioned if n in text}
    local = requests.get(server + "/id/document/119111", headers={"Accept": "text/html"}, timeout=30)
    assert text == page_text(local.text)


def test_person_page_lists_the_document(remote_server: str, server: str) -> None:
    person, label = next(
        (row["e"], row["label"])
        for row in select(
            server,
            PREFIXES
            + f"""SELECT ?e ?label WHERE {{
        <{DOCUMENT}> crm:P67_refers_to ?e . ?e a crm:E21_Person ; rdfs:label ?label FILTER(LANG(?label) = "en") }}
        ORDER BY ?e""",
        )
    )
    path = person.removeprefix("https://w3id.org/depesha/")
    response = requests.get(f"{remote_server}/{path}", headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 200
    assert label in page_text(response.text) and 'href="/id/document/119111"' in response.text


def test_turtle_of_a_document_is_the_embedded_servers(remote_server: str, server: str) -> None:
    graphs = []
    for url in (remote_server, server):
        response = requests.get(url + "/id/document/119111", headers={"Accept": "text/turtle"}, timeout=30)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/turtle")
        assert response.headers["Content-Location"] == "/id/document/119111.ttl"
        graphs.append(set(parse(response.content, format=RdfFormat.TURTLE)))
    assert len(graphs[0]) > 1000 and graphs[0] == graphs[1]


def test_sparql_is_relayed_with_the_limits_checked_here(remote_server: str, server: str) -> None:
    query = PREFIXES + "SELECT ?doc ?title WHERE { ?doc a crm:E31_Document ; rdfs:label ?title } ORDER BY ?doc"
    assert select(remote_server, query) == select(server, query)
    response = requests.get(
        remote_server + "/sparql",
        params={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+xml"},
        timeout=30,
    )
    assert response.status_code == 200 and "application/sparql-results+xml" in response.headers["Content-Type"]
    assert "<boolean>true</boolean>" in response.text
    refused = requests.post(
        remote_server + "/sparql",
        data={"query": "SELECT * { SERVICE <http://example.org/s> { ?s ?p ?o } }"},
        headers=PROBLEM,
        timeout=30,
    )
    assert refused.status_code == 403  # the SERVICE allow-list is this server's, checked before forwarding
    wrong = requests.post(remote_server + "/sparql", data={"query": "SELEKT ?s"}, headers=PROBLEM, timeout=30)
    assert wrong.status_code == 400 and "refused the query" in wrong.json()["detail"]
    too_long = requests.post(
        remote_server + "/sparql", data={"query": "ASK {}" + " " * 1_000_000}, headers=PROBLEM, timeout=30
    )
    assert too_long.status_code == 413
    assert requests.post(remote_server + "/update", data={"update": "CLEAR ALL"}, timeout=30).status_code == 501


def test_reconcile_and_search_find_the_person(remote_server: str, server: str) -> None:
    person, label = next(
        (row["e"], row["label"])
        for row in select(
            server,
            PREFIXES
            + """SELECT ?e ?label WHERE {
        ?e a crm:E21_Person ; rdfs:label ?label FILTER(LANG(?label) = "en") } ORDER BY ?e""",
        )
    )
    answer = requests.get(remote_server + "/reconcile", params={"query": label}, timeout=30).json()["result"]
    assert answer[0]["id"] == person.removeprefix("https://w3id.org/depesha/id/") and answer[0]["match"] is True
    found = requests.get(remote_server + "/search", params={"q": label.split()[-1].lower()}, timeout=30)
    assert found.status_code == 200 and person.removeprefix("https://w3id.org/depesha") in found.text


def test_an_endpoint_that_is_down_is_a_502(remote_server: str) -> None:
    with serving(None, "--endpoint", f"http://127.0.0.1:{free_port()}/query") as url:
        for path in ("/id/document/119111", "/reconcile?query=Beria", "/sparql?query=ASK%7B%7D"):
            response = requests.get(url + path, headers=PROBLEM, timeout=30)
            assert response.status_code == 502, (path, response.text)
            assert "cannot reach the SPARQL endpoint" in response.json()["detail"]


def test_an_endpoint_that_does_not_answer_is_a_504() -> None:
    with socket.socket() as silent:  # accepts connections (the kernel's backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        with serving(None, "--endpoint", endpoint, "--timeout", "0.5") as url:
            response = requests.post(url + "/sparql", data={"query": "ASK {}"}, headers=PROBLEM, timeout=30)
            assert response.status_code == 504 and "did not answer within 0.5 s" in response.json()["detail"]


def test_an_endpoint_without_the_union_default_graph_is_refused(sample_store: Path, tmp_path: Path) -> None:
    with oxigraph_serving(tmp_path / "oxigraph") as url:
        depesha("publish", "--store", str(sample_store), "--to", url + "/store")
        result = depesha("serve", "--endpoint", url + "/query", check=False)
    assert result.returncode == 2 and "--union-default-graph" in result.stderr
