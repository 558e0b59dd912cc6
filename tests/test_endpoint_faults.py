"""What an outside test of the endpoint found, each over real HTTP against a real ``depesha serve``: chunked bodies
cut at the limit and then run, a charset other than UTF-8 accepted, the protocol's update dataset and base, 500s on
odd dump names, the Host header in cacheable answers, a second server on a taken port, noisy shutdowns, skolem IRIs
that did not dereference."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from conftest import BASE, ROOT, free_port, serving, start_server

TOKEN = "faults-token"
WRITE = {"Authorization": f"Bearer {TOKEN}"}
JSON = {"Accept": "application/sparql-results+json"}
PUBLIC = "https://archive.example.org/"


@pytest.fixture(scope="module")
def writable(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("faults")
    shutil.copytree(sample_store, folder / "store")
    (folder / "token").write_text(TOKEN)
    with serving(folder / "store", "--write-token-file", str(folder / "token"), "--public-url", PUBLIC) as url:
        yield url


def chunks(data: bytes, size: int = 4096) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def count(url: str, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    answer = requests.post(url + "/sparql", data={"query": query}, headers=JSON, timeout=30)
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def raw(url: str, request: bytes) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(request)
        return connection.recv(4096)


def test_a_chunked_body_over_the_limit_is_a_413_and_nothing_runs(writable: str) -> None:
    # a comment pads the query past 1,000,000 bytes: cut at the limit, the rest would have been dropped and run
    query = ("ASK { FILTER(false) #" + "x" * 1_100_000 + "\n}").encode()
    response = requests.post(
        writable + "/sparql",
        data=chunks(query, 65536),
        timeout=60,
        headers={"Content-Type": "application/sparql-query", **JSON},
    )
    assert response.status_code == 413 and "nothing was run" in response.text


def test_a_chunked_body_under_the_limit_arrives_whole(writable: str) -> None:
    triples = "".join(f"<urn:s{i}> <urn:p> <urn:o> .\n" for i in range(50)).encode()
    put = requests.put(
        writable + "/store?graph=urn:chunked",
        data=chunks(triples, 300),
        timeout=30,
        headers={"Content-Type": "application/n-triples", **WRITE},
    )
    assert put.status_code in (201, 204) and count(writable, "urn:chunked") == 50
    update = (
        b"INSERT DATA { GRAPH <urn:two> { <urn:a> <urn:b> 1 } } ;\n"
        + b" " * 20_000
        + b"INSERT DATA { GRAPH <urn:two> { <urn:a> <urn:b> 2 } }"
    )
    done = requests.post(
        writable + "/update",
        data=chunks(update, 1000),
        timeout=30,
        headers={"Content-Type": "application/sparql-update", **WRITE},
    )
    assert done.status_code == 204 and count(writable, "urn:two") == 2


def test_a_malformed_chunked_body_is_a_400(writable: str) -> None:
    answer = raw(
        writable,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Transfer-Encoding: chunked\r\n\r\nzz\r\nASK{}\r\n0\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]


def test_an_update_in_utf16_is_refused_and_changes_nothing(writable: str) -> None:
    update = "INSERT DATA { GRAPH <urn:utf16> { <urn:a> <urn:b> <urn:c> } }"
    response = requests.post(
        writable + "/update",
        data=update.encode("utf-16"),
        timeout=30,
        headers={"Content-Type": "application/sparql-update; charset=UTF-16", **WRITE},
    )
    assert response.status_code == 415 and count(writable, "urn:utf16") == 0


def test_using_graph_uri_and_relative_iris_in_updates(writable: str) -> None:
    requests.put(
        writable + "/store?graph=urn:source",
        data=b'<urn:x> <urn:p> "from source" .',
        timeout=30,
        headers={"Content-Type": "application/n-triples", **WRITE},
    )
    update = 'INSERT { GRAPH <urn:copy> { ?s ?p "copied" } } WHERE { ?s ?p ?o }'
    response = requests.post(
        writable + "/update", data={"update": update, "using-graph-uri": "urn:source"}, headers=WRITE, timeout=30
    )
    assert response.status_code == 204 and count(writable, "urn:copy") == 1
    both = requests.post(
        writable + "/update",
        timeout=30,
        headers=WRITE,
        data={"update": "WITH <urn:source> " + update, "using-graph-uri": "urn:source"},
    )
    assert both.status_code == 400 and "USING" in both.text
    relative = requests.post(
        writable + "/update",
        data="INSERT DATA { GRAPH <relative> { <a> <b> <c> } }",
        headers={"Content-Type": "application/sparql-update", **WRITE},
        timeout=30,
    )
    assert relative.status_code == 204 and count(writable, PUBLIC + "relative") == 1


def test_odd_dump_names_are_404s(writable: str) -> None:
    for path in ("/dumps/a%5cb", "/dumps/document/%5c.nq", "/dumps/document/%5c.nq.gz", "/dumps/%00"):
        assert requests.get(writable + path, timeout=30).status_code == 404, path


def test_answers_name_the_public_url_whatever_the_host_header(writable: str, server: str) -> None:
    forged = {"Host": "evil.example"}
    ui = requests.get(writable + "/sparql", headers={"Accept": "text/html", **forged}, timeout=30)
    assert PUBLIC + "sparql" in ui.text and "evil.example" not in ui.text
    description = requests.get(writable + "/sparql", headers={"Accept": "text/turtle", **forged}, timeout=30)
    assert f"<{PUBLIC}sparql>" in description.text and "evil.example" not in description.text
    person = requests.get(
        writable + "/id/person/joseph-stalin", timeout=30, headers={"Accept": "application/ld+json", **forged}
    )
    assert PUBLIC + "context.jsonld" in person.text and "evil.example" not in person.text
    # without --public-url the request's host is used, and every answer says that it varies by it
    plain = requests.get(server + "/id/person/joseph-stalin", headers={"Accept": "application/ld+json"}, timeout=30)
    assert "Host" in plain.headers["Vary"]


def test_skolem_iris_dereference(writable: str) -> None:
    query = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(CONTAINS(STR(?s), '/.well-known/genid/')) } LIMIT 1"
    iri = requests.post(writable + "/sparql", data={"query": query}, headers=JSON, timeout=30).json()["results"][
        "bindings"
    ][0]["s"]["value"]
    assert iri.startswith(BASE)
    response = requests.get(writable + "/" + iri.removeprefix(BASE), headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200 and "genid" in response.text


def test_a_second_server_on_a_taken_port_fails_at_once(sample_store: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "server.cli", "serve", "--store", str(sample_store), "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in result.stderr


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_shutdown_is_clean_and_silent(sample_store: Path, stop: signal.Signals) -> None:
    process, url = start_server(sample_store, "--workers", "2")
    for _ in range(6):
        assert requests.get(url + "/sparql", params={"query": "ASK {}"}, headers=JSON, timeout=30).ok
    process.send_signal(stop)
    assert process.wait(timeout=30) == 0
    log = process.stderr.read().decode() if process.stderr else ""
    for noise in ("SIGSEGV", "SIGABRT", "terminate called", "Traceback"):
        assert noise not in log, log
    assert free_port() > 0


def test_the_graph_store_protocol_on_the_whole_dataset(writable: str) -> None:
    turtle = {"Content-Type": "text/turtle", **WRITE}
    created = requests.post(writable + "/store", data="<urn:new> <urn:p> 1 .", headers=turtle, timeout=30)
    assert created.status_code == 201 and created.headers["Location"].startswith(BASE + "user/")
    graph = created.headers["Location"]
    assert count(writable, graph) == 1
    whole = requests.get(writable + "/store", headers={"Accept": "application/n-quads"}, timeout=30)
    assert whole.status_code == 200 and f"<{graph}> ." in whole.text and f"<{BASE}graph/entities> ." in whole.text
    assert requests.get(writable + "/store", headers={"Accept": "text/turtle"}, timeout=30).status_code == 406
    nquads = '<urn:a> <urn:p> "1" <urn:one> .\n<urn:a> <urn:p> "2" <urn:two> .\n'
    put = requests.put(
        writable + "/store", data=nquads, timeout=30, headers={"Content-Type": "application/n-quads", **WRITE}
    )
    assert put.status_code == 204
    assert (count(writable, "urn:one"), count(writable, "urn:two"), count(writable, graph)) == (1, 1, 0)
    assert count(writable, BASE + "graph/entities") > 0  # the build's graphs are not the user's
    managed = requests.put(
        writable + "/store",
        data=f'<urn:a> <urn:p> "3" <{BASE}graph/vocab> .\n',
        timeout=30,
        headers={"Content-Type": "application/n-quads", **WRITE},
    )
    assert managed.status_code == 403 and count(writable, "urn:one") == 1
    assert requests.delete(writable + "/store", headers=WRITE, timeout=30).status_code == 400


def test_dumps_and_void_agree_with_the_store_after_a_write(writable: str) -> None:
    import gzip

    def void_triples() -> int:
        void = requests.get(writable + "/.well-known/void", headers={"Accept": "application/n-triples"}, timeout=30)
        line = next(
            li
            for li in void.text.splitlines()
            if "<http://rdfs.org/ns/void#triples>" in li and li.startswith(f"<{BASE}dataset>")
        )
        return int(line.split('"')[1])

    before = void_triples()
    marker = '<urn:dumped> <urn:p> "after a write" .'
    put = requests.put(
        writable + "/store",
        params={"graph": "urn:dumped"},
        data=marker,
        timeout=30,
        headers={"Content-Type": "application/n-triples", **WRITE},
    )
    assert put.status_code in (201, 204)
    assert void_triples() == before + 1
    shared = requests.get(writable + "/dumps/depesha-shared.nq.gz", timeout=30)
    assert shared.status_code == 200 and b'"after a write"' in gzip.decompress(shared.content)
