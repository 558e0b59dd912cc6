"""Writing over HTTP against a real server: read-only unless a token is configured; SPARQL Update and the Graph Store
Protocol with the token; refused writes change nothing; the build's graphs are off limits; a write while a build
holds the store is refused with Retry-After; user graphs survive a build."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pyoxigraph import NamedNode, RdfFormat, Store, parse

from conftest import BASE, SAMPLE, depesha, start_server
from server.store.store import Catalog, open_snapshot

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MINE = "https://example.org/my-notes"
TURTLE = {"Content-Type": "text/turtle"}
NOTE = '<https://example.org/n1> <http://www.w3.org/2000/01/rdf-schema#label> "a note"@en .\n'


@pytest.fixture(scope="module")
def writable(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("writable")
    store = folder / "store"
    shutil.copytree(sample_store, store)
    (folder / "token").write_text(TOKEN + "\n")
    process, url = start_server(store, "--write-token-file", str(folder / "token"), "--max-upload-bytes", "20000")
    yield url, store
    process.terminate()
    process.wait(timeout=10)


def quads(url: str) -> int:
    """Every quad the endpoint serves (the default graph is the union)."""
    response = requests.post(
        url + "/sparql",
        data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def update(url: str, text: str, headers: dict | None = None) -> requests.Response:
    return requests.post(
        url + "/update", data={"update": text}, headers=AUTH if headers is None else headers, timeout=30
    )


def graph_triples(url: str, graph: str) -> set:
    response = requests.get(
        url + "/store", params={"graph": graph}, headers={"Accept": "application/n-triples"}, timeout=30
    )
    assert response.status_code == 200, response.text
    return {q.triple for q in parse(response.content, format=RdfFormat.N_TRIPLES)}


def test_read_only_by_default_but_the_graph_store_is_readable(server: str, sample_store: Path) -> None:
    refused = update(server, f"INSERT DATA {{ GRAPH <{MINE}> {{ {NOTE} }} }}")
    assert refused.status_code == 403 and "writing is off" in refused.text
    assert (
        requests.put(
            server + "/store", params={"graph": MINE}, data=NOTE, headers={**AUTH, **TURTLE}, timeout=30
        ).status_code
        == 403
    )
    entities = f"{BASE}graph/entities"
    expected = set(
        open_snapshot(sample_store).query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{entities}> {{ ?s ?p ?o }} }}")
    )
    assert graph_triples(server, entities) == expected
    assert requests.get(server + "/store", params={"graph": MINE}, timeout=30).status_code == 404
    whole = requests.get(server + "/store", headers={"Accept": "application/n-quads"}, timeout=30)
    assert whole.status_code == 200 and f"<{entities}> ." in whole.text  # the dataset, graph by graph


def test_writing_needs_the_token_and_a_refusal_changes_nothing(writable: tuple[str, Path]) -> None:
    url, _ = writable
    before = quads(url)
    missing = update(url, f"INSERT DATA {{ GRAPH <{MINE}> {{ {NOTE} }} }}", headers={})
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = update(url, f"INSERT DATA {{ GRAPH <{MINE}> {{ {NOTE} }} }}", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and 'error="invalid_token"' in wrong.headers["WWW-Authenticate"]
    assert requests.delete(url + "/store", params={"graph": f"{BASE}graph/entities"}, timeout=30).status_code == 401
    syntax = update(url, f"INSERT DATA {{ GRAPH <{MINE}> {{ {NOTE} \n <broken }} }}")
    assert syntax.status_code == 400 and "error at 3:" in syntax.text  # NOTE ends its line
    assert quads(url) == before


@pytest.mark.parametrize(
    "text",
    [
        f"DELETE WHERE {{ GRAPH <{BASE}graph/entities> {{ ?s ?p ?o }} }}",
        f"PREFIX g: <{BASE}graph/> INSERT DATA {{ GRAPH g:meta {{ {NOTE} }} }}",
        "DROP ALL",
        "CLEAR SILENT NAMED",
        "LOAD <http://169.254.169.254/latest/meta-data/> INTO GRAPH <https://example.org/x>",
        "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    ],
)
def test_updates_that_reach_the_builds_graphs_or_fetch_urls_are_refused(writable: tuple[str, Path], text: str) -> None:
    url, _ = writable
    before = quads(url)
    response = update(url, text)
    assert response.status_code == 403, response.text
    assert quads(url) == before


def test_graph_variables_in_an_update_range_over_the_users_graphs_only(writable: tuple[str, Path]) -> None:
    url, _ = writable
    assert update(url, f"INSERT DATA {{ GRAPH <{MINE}> {{ {NOTE} }} }}").status_code == 204

    def dataset() -> set[str]:
        got = requests.get(url + "/store", headers={"Accept": "application/n-quads"}, timeout=30)
        return set(got.text.splitlines())

    def built(lines: set[str]) -> set[str]:  # graph/meta aside: its counts follow every write
        return {line for line in lines if f"<{BASE}graph/" in line and not line.endswith(f"<{BASE}graph/meta> .")}

    build_graphs = built(dataset())
    response = update(url, "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert response.status_code == 204
    after = dataset()
    assert built(after) == build_graphs
    assert not any(f"<{MINE}> ." in line for line in after)
    assert update(url, f"DROP GRAPH <{MINE}>").status_code == 204


def test_sparql_update_writes_a_user_graph_the_catalog_knows(writable: tuple[str, Path]) -> None:
    url, store = writable
    graph = "https://example.org/updated"
    response = update(
        url, f"INSERT DATA {{ GRAPH <{graph}> {{ {NOTE} <https://example.org/n2> a <https://example.org/Note> }} }}"
    )
    assert response.status_code == 204, response.text
    assert len(graph_triples(url, graph)) == 2
    assert update(url, f"DELETE DATA {{ GRAPH <{graph}> {{ {NOTE} }} }}").status_code == 204
    assert len(graph_triples(url, graph)) == 1
    rows = {row[0]: row[2] for row in Catalog(store / "catalog.sqlite").user_graphs()}
    assert rows[graph] == 1


def test_graph_store_put_get_post_delete(writable: tuple[str, Path]) -> None:
    url, store = writable
    first = requests.put(url + "/store", params={"graph": MINE}, data=NOTE, headers={**AUTH, **TURTLE}, timeout=30)
    assert first.status_code == 201
    assert graph_triples(url, MINE) == {q.triple for q in parse(NOTE.encode(), format=RdfFormat.TURTLE)}
    other = '<https://example.org/n3> <http://www.w3.org/2000/01/rdf-schema#label> "another" .\n'
    assert (
        requests.put(
            url + "/store", params={"graph": MINE}, data=other, headers={**AUTH, **TURTLE}, timeout=30
        ).status_code
        == 204
    )
    assert {t.subject.value for t in graph_triples(url, MINE)} == {"https://example.org/n3"}  # replaced whole
    assert (
        requests.post(
            url + "/store",
            params={"graph": MINE},
            data=NOTE.encode(),
            headers={**AUTH, "Content-Type": "application/n-triples"},
            timeout=30,
        ).status_code
        == 204
    )
    assert len(graph_triples(url, MINE)) == 2
    assert MINE in {row[0] for row in Catalog(store / "catalog.sqlite").user_graphs()}
    assert requests.delete(url + "/store", params={"graph": MINE}, headers=AUTH, timeout=30).status_code == 204
    assert requests.get(url + "/store", params={"graph": MINE}, timeout=30).status_code == 404
    assert MINE not in {row[0] for row in Catalog(store / "catalog.sqlite").user_graphs()}


def test_graph_store_keeps_exactly_what_was_put_and_refuses_the_builds_graphs(writable: tuple[str, Path]) -> None:
    """A triple the build's graph/entities also holds is in the user's graph too, and the union counts it once."""
    url, _ = writable
    label = f'<{BASE}id/person/joseph-stalin> <http://www.w3.org/2000/01/rdf-schema#label> "Joseph Stalin"@en .\n'
    response = requests.put(
        url + "/store",
        params={"graph": "https://example.org/dup"},
        data=label + NOTE,
        headers={**AUTH, **TURTLE},
        timeout=30,
    )
    assert response.status_code == 201
    json = {"Accept": "application/sparql-results+json"}
    rows = requests.post(
        url + "/sparql", headers=json, timeout=30, data={"query": f"SELECT ?g WHERE {{ GRAPH ?g {{ {label} }} }}"}
    ).json()["results"]["bindings"]
    assert sorted(r["g"]["value"] for r in rows) == ["https://example.org/dup", f"{BASE}graph/entities"]
    union = requests.post(
        url + "/sparql", headers=json, timeout=30, data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {label} }}"}
    ).json()["results"]["bindings"]
    assert union[0]["n"]["value"] == "1"
    got = requests.get(
        url + "/store",
        params={"graph": "https://example.org/dup"},
        timeout=30,
        headers={"Accept": "application/n-triples"},
    )
    assert got.status_code == 200 and len(got.text.strip().splitlines()) == 2
    inserted = requests.post(
        url + "/update",
        headers={**AUTH, "Content-Type": "application/sparql-update"},
        data=f"INSERT DATA {{ GRAPH <https://example.org/dup2> {{ {label} }} }}",
        timeout=30,
    )
    assert inserted.status_code == 204
    union = requests.post(
        url + "/sparql", headers=json, timeout=30, data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {label} }}"}
    ).json()["results"]["bindings"]
    assert union[0]["n"]["value"] == "1"
    for method in ("PUT", "POST", "DELETE"):
        refused = requests.request(
            method,
            url + "/store",
            params={"graph": f"{BASE}graph/document/119111"},
            data=NOTE,
            headers={**AUTH, **TURTLE},
            timeout=30,
        )
        assert refused.status_code == 403 and "depesha build" in refused.text


def test_graph_store_refuses_bad_rdf_unknown_types_and_oversized_bodies(writable: tuple[str, Path]) -> None:
    url, _ = writable
    before = quads(url)
    bad = requests.put(
        url + "/store", params={"graph": MINE}, data=NOTE + "<a> <b> .\n", headers={**AUTH, **TURTLE}, timeout=30
    )
    assert bad.status_code == 400 and "request body:2" in bad.text
    odd = requests.put(
        url + "/store",
        params={"graph": MINE},
        data=NOTE,
        timeout=30,
        headers={**AUTH, "Content-Type": "application/x-unknown"},
    )
    assert odd.status_code == 415
    huge = requests.post(
        url + "/store", params={"graph": MINE}, data=NOTE * 400, headers={**AUTH, **TURTLE}, timeout=30
    )
    assert huge.status_code == 413
    assert (
        requests.put(
            url + "/store", params={"graph": "not an iri"}, data=NOTE, headers={**AUTH, **TURTLE}, timeout=30
        ).status_code
        == 400
    )
    assert quads(url) == before


def test_the_default_graph_of_the_graph_store(writable: tuple[str, Path]) -> None:
    url, _ = writable
    note = '<https://example.org/d1> <http://www.w3.org/2000/01/rdf-schema#label> "in the default graph" .\n'
    assert requests.post(url + "/store?default", data=note, headers={**AUTH, **TURTLE}, timeout=30).status_code == 204
    got = requests.get(url + "/store?default", headers={"Accept": "application/n-triples"}, timeout=30)
    assert "in the default graph" in got.text
    rows = requests.get(
        url + "/sparql",
        params={"query": 'ASK { ?s ?p "in the default graph" }'},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    ).json()
    assert rows["boolean"] is True


def test_a_write_while_a_build_holds_the_store_is_refused_with_retry_after(writable: tuple[str, Path]) -> None:
    url, store = writable
    before = quads(url)
    holder = Store(str(store / "oxigraph"))  # what a running build does
    try:
        response = update(url, f"INSERT DATA {{ GRAPH <{MINE}> {{ {NOTE} }} }}")
    finally:
        del holder
    assert response.status_code == 503 and response.headers["Retry-After"] and "nothing was changed" in response.text
    assert quads(url) == before
    assert update(url, f"INSERT DATA {{ GRAPH <{MINE}> {{ {NOTE} }} }}").status_code == 204  # lock released


def test_user_graphs_survive_a_build_and_the_description_names_the_update_endpoint(
    writable: tuple[str, Path], tmp_path: Path
) -> None:
    url, store = writable
    graph, kept = "https://example.org/kept", '<https://example.org/k> <https://example.org/p> "kept" .\n'
    assert (
        requests.put(
            url + "/store", params={"graph": graph}, data=kept, headers={**AUTH, **TURTLE}, timeout=30
        ).status_code
        == 201
    )
    copy = tmp_path / "119112.md"  # a changed copy of the sample: another record
    shutil.copy(SAMPLE / "119111.md", copy)
    depesha("build", str(copy), "--store", str(store))
    assert graph_triples(url, graph) == {q.triple for q in parse(kept.encode(), format=RdfFormat.TURTLE)}
    assert open_snapshot(store).contains_named_graph(NamedNode(f"{BASE}graph/document/119112"))
    description = requests.get(url + "/sparql", headers={"Accept": "application/n-triples"}, timeout=30).text
    assert (
        f"<{url}/update> <http://www.w3.org/ns/sparql-service-description#supportedLanguage> "
        "<http://www.w3.org/ns/sparql-service-description#SPARQL11Update>" in description
    )
