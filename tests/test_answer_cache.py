"""The answers kept per published snapshot, against real servers: a repeated query is answered from the cache (its
``X-Cache`` header says so), never stale (a write or a build publishes a snapshot and the very next identical query
sees the new answer), conditional (``ETag``, 304), kept per format, never for an error, within its size bounds, and on
disk under the store folder, where a restarted server finds it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from conftest import SAMPLE, depesha, serving, start_server

TOKEN = "cache-test-token"
JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
LABEL = "https://example.org/cached-note"
LABELS = f"SELECT ?label WHERE {{ <{LABEL}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}"
DOCUMENTS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def copy_of(sample_store: Path, folder: Path) -> Path:
    store = folder / "store"
    shutil.copytree(sample_store, store)
    return store


@pytest.fixture(scope="module")
def writable(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("cached")
    store = copy_of(sample_store, folder)
    (folder / "token").write_text(TOKEN + "\n")
    process, url = start_server(store, "--write-token-file", str(folder / "token"), "--max-rows", "200")
    yield url, store
    process.terminate()
    process.wait(timeout=10)


def ask(url: str, text: str, accept: str = JSON, **headers: str) -> requests.Response:
    return requests.get(url + "/sparql", params={"query": text}, headers={"Accept": accept, **headers}, timeout=60)


def values(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [value["value"] for row in response.json()["results"]["bindings"] for value in row.values()]


def kept_files(store: Path) -> list[Path]:
    folder = store / "cache" / "sparql"
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")] if folder.exists() else []


def test_a_repeated_query_is_answered_from_the_cache(writable: tuple[str, Path]) -> None:
    url, _ = writable
    text = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p LIMIT 7"
    first, second = ask(url, text), ask(url, text)
    assert first.status_code == second.status_code == 200
    assert first.headers["X-Cache"] == "miss" and second.headers["X-Cache"] == "hit"
    assert second.headers["X-Cache-From"] == "memory"
    assert second.content == first.content and second.headers["Content-Type"] == first.headers["Content-Type"]
    assert first.headers["ETag"] == second.headers["ETag"]
    posted = requests.post(url + "/sparql", data={"query": text}, headers={"Accept": JSON}, timeout=60)
    assert posted.headers["X-Cache"] == "hit" and posted.content == first.content  # GET and POST share the answer


def test_a_cached_answer_is_never_stale_after_an_update(writable: tuple[str, Path]) -> None:
    url, _ = writable
    assert values(ask(url, LABELS)) == []
    assert ask(url, LABELS).headers["X-Cache"] == "hit"
    written = requests.post(
        url + "/update",
        data={
            "update": f"INSERT DATA {{ GRAPH <https://example.org/g> {{ <{LABEL}> "
            f'<http://www.w3.org/2000/01/rdf-schema#label> "written" }} }}'
        },
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=60,
    )
    assert written.status_code == 204, written.text
    after = ask(url, LABELS)
    assert values(after) == ["written"] and after.headers["X-Cache"] == "miss"
    assert ask(url, LABELS).headers["X-Cache"] == "hit"


def test_a_cached_answer_is_never_stale_after_a_build(writable: tuple[str, Path], tmp_path: Path) -> None:
    url, store = writable
    before = values(ask(url, DOCUMENTS))
    assert ask(url, DOCUMENTS).headers["X-Cache"] == "hit"
    copy = tmp_path / "119113.md"  # a changed copy of the sample: one more record
    shutil.copy(SAMPLE / "119111.md", copy)
    depesha("build", str(copy), "--store", str(store))
    after = ask(url, DOCUMENTS)
    assert after.headers["X-Cache"] == "miss" and int(values(after)[0]) > int(before[0])


def test_if_none_match_gets_304_without_a_body(writable: tuple[str, Path]) -> None:
    url, _ = writable
    text = "ASK { ?s a ?class }"
    first = ask(url, text)
    etag = first.headers["ETag"]
    again = ask(url, text, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
    assert ask(url, text, **{"If-None-Match": '"another"'}).status_code == 200
    other = ask(url, "ASK { ?s ?p ?o }", **{"If-None-Match": etag})  # another query has another ETag
    assert other.status_code == 200 and other.headers["ETag"] != etag


def test_formats_are_kept_apart(writable: tuple[str, Path]) -> None:
    url, _ = writable
    text = "SELECT ?s WHERE { ?s a ?class } ORDER BY ?s LIMIT 3"
    json_first, xml_first = ask(url, text, JSON), ask(url, text, XML)
    assert json_first.headers["X-Cache"] == xml_first.headers["X-Cache"] == "miss"
    json_again, xml_again = ask(url, text, JSON), ask(url, text, XML)
    assert json_again.headers["X-Cache"] == xml_again.headers["X-Cache"] == "hit"
    assert json_again.headers["Content-Type"].startswith(JSON) and xml_again.headers["Content-Type"].startswith(XML)
    assert json_again.content == json_first.content and xml_again.content == xml_first.content
    assert json_again.headers["ETag"] != xml_again.headers["ETag"]


def test_an_error_is_never_kept(writable: tuple[str, Path]) -> None:
    url, store = writable
    kept = len(kept_files(store))
    assert ask(url, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1").headers["X-Cache"] == "miss"
    assert len(kept_files(store)) == kept + 1  # a complete answer is kept on disk
    for text, status in (("SELECT * WHERE { ?s ?p ?o }", 422), ("SELECT ?s WHERE { ?s ?p }", 400)):
        for _ in range(2):
            response = ask(url, text)
            assert response.status_code == status
            assert "X-Cache" not in response.headers and "ETag" not in response.headers
    assert len(kept_files(store)) == kept + 1


def test_queries_that_vary_per_call_are_not_kept(writable: tuple[str, Path]) -> None:
    url, _ = writable
    assert ask(url, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2").headers["X-Cache"] in ("miss", "hit")
    for text in ("SELECT (NOW() AS ?t) WHERE {}", "SELECT (STRUUID() AS ?id) WHERE {}"):
        for _ in range(2):
            response = ask(url, text)
            assert response.status_code == 200 and "X-Cache" not in response.headers
            assert "ETag" not in response.headers


def test_the_memory_bound_evicts(sample_store: Path, tmp_path: Path) -> None:
    texts = [f"SELECT ?s ?p WHERE {{ ?s ?p ?o }} ORDER BY ?s ?p LIMIT 8 OFFSET {n}" for n in range(6)]
    with serving(copy_of(sample_store, tmp_path), "--cache-memory", "6k", "--cache-disk", "0") as url:
        sizes = [len(ask(url, text).content) for text in texts]
        assert all(1000 < size < 3000 for size in sizes), sizes  # so that the bound holds only the last few
        assert ask(url, texts[-1]).headers["X-Cache"] == "hit"
        assert ask(url, texts[0]).headers["X-Cache"] == "miss"  # evicted by the later ones


def test_the_disk_bound_evicts_and_a_restart_finds_what_was_kept(sample_store: Path, tmp_path: Path) -> None:
    store = copy_of(sample_store, tmp_path)
    texts = [f"SELECT ?s ?p WHERE {{ ?s ?p ?o }} ORDER BY ?s ?p LIMIT 8 OFFSET {n}" for n in range(6)]
    # one public URL for both servers: relative IRIs resolve against it, so it is part of an answer's key
    options = ("--cache-memory", "0", "--cache-disk", "6k", "--public-url", "http://archive.test/")
    with serving(store, *options) as url:
        for text in texts:
            assert ask(url, text).headers["X-Cache"] == "miss"
        assert sum(p.stat().st_size for p in kept_files(store)) <= 6 * 1024
        assert ask(url, texts[0]).headers["X-Cache"] == "miss"  # the oldest went first
    with serving(store, *options) as url:
        again = ask(url, texts[-1])
        assert again.headers["X-Cache"] == "hit" and again.headers["X-Cache-From"] == "disk"


def test_a_bad_cache_size_is_a_one_line_error(sample_store: Path) -> None:
    done = depesha("serve", "--store", str(sample_store), "--cache-memory", "lots", check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "'lots' is not a size" in done.stderr and "--cache-memory" in done.stderr


def test_a_lower_row_cap_after_a_restart_is_not_passed_by_a_kept_answer(sample_store: Path, tmp_path: Path) -> None:
    store = copy_of(sample_store, tmp_path)
    text = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 20"
    options = ("--cache-memory", "0", "--public-url", "http://archive.test/")
    with serving(store, *options) as url:
        assert len(values(ask(url, text))) == 20 and ask(url, text).headers["X-Cache"] == "hit"
    with serving(store, *options, "--max-rows", "10") as url:
        assert ask(url, text).status_code == 422
