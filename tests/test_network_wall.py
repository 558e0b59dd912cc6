"""No query or update text, however written, reaches an endpoint that is not allowed, runs LOAD, or writes a build
graph. Two walls, each tested on its own:

- the network wall (server/web/sparql/sandbox.py): over real HTTP, texts that fool any reading of the text (a comment
  ended by a bare CR, a keyword glued to a prefixed name, ``<`` read as an operator) reach no listener;
- the fallback check for a process without the wall (``refuse_unwalled``), and the confined update: a differential
  fuzz test runs every text the check passes in pyoxigraph itself, next to a listener that fails the test if it is
  ever called, and checks that no build graph changed.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import NamedNode, Quad, Store

from conftest import serving
from server.web.problems import Problem
from server.web.sparql.sparql_text import refuse_unwalled, shape
from server.web.sparql.write_run import confined_update

BASE = "https://w3id.org/depesha/"
MANAGED = BASE + "graph/document/1"
TOKEN = "wall-test-token"
RESULTS = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"leaked"}}]}}'


class Listener:
    """A loopback HTTP server that records every request it gets (and answers like a SPARQL endpoint)."""

    def __init__(self) -> None:
        calls = self.calls = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the base class's name)
                calls.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(RESULTS)))
                self.end_headers()
                self.wfile.write(RESULTS)

            do_POST = do_GET

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    target = Listener()
    yield target
    target.close()


def bypasses(url: str) -> list[str]:
    """Texts that fooled, or would fool, a check that reads the text instead of parsing it."""
    prefix = url.rsplit("/", 1)[0] + "/"
    return [
        f"SELECT * WHERE {{ # harmless comment\rSERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <{prefix}> SELECT * WHERE {{ SERVICEex:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX : <{url}> SELECT * WHERE {{ BIND(1 AS ?b) FILTER(?a<?b)SERVICE:#>\n{{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_the_network_wall_holds_over_http_whatever_the_text(sample_store: Path, listener: Listener) -> None:
    """With the wall, even texts the text check does not understand reach nothing; without it (--no-isolation) the
    fallback check refuses them before they run."""
    for options in ((), ("--no-isolation",)):
        with serving(sample_store, *options) as url:
            for text in bypasses(listener.url):
                for method in ("get", "post"):
                    if method == "get":
                        response = requests.get(
                            url + "/sparql",
                            params={"query": text},
                            timeout=30,
                            headers={"Accept": "application/sparql-results+json"},
                        )
                    else:
                        response = requests.post(
                            url + "/sparql",
                            data=text.encode(),
                            timeout=30,
                            headers={
                                "Content-Type": "application/sparql-query",
                                "Accept": "application/sparql-results+json",
                            },
                        )
                    assert response.status_code != 500, response.text
                    assert b"leaked" not in response.content, (options, text)
    assert listener.calls == []


def test_load_and_build_graph_writes_are_refused_over_http(
    sample_store: Path, listener: Listener, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(sample_store, store)
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
    prefix = listener.url.rsplit("/", 1)[0] + "/"
    graphs = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}graph/")) }}'
    with serving(store, "--write-token-file", str(token_file)) as url:

        def count() -> str:
            answer = requests.post(
                url + "/sparql",
                data={"query": graphs},
                timeout=30,
                headers={"Accept": "application/sparql-results+json"},
            ).json()
            return answer["results"]["bindings"][0]["n"]["value"]

        managed_before = count()
        for text in (
            f"# note\rLOAD <{listener.url}>",
            f"PREFIX ex: <{prefix}> LOADex:sparql",
            f"# x\rDROP GRAPH <{BASE}graph/vocab>",
            f"PREFIX g: <{BASE}graph/> DROPGRAPH g:vocab",
            f"BASE <{BASE}graph/> INSERT DATA {{ GRAPH <document/x> {{ <a:s> <a:p> <a:o> }} }}",
            f"INSERT DATA {{ GRAPH <{BASE}gr\\u0061ph/document/x> {{ <a:s> <a:p> <a:o> }} }}",
            "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
        ):
            response = requests.post(url + "/update", data=text.encode(), headers=auth, timeout=30)
            assert response.status_code in (204, 400, 403), (text, response.status_code, response.text)
        assert count() == managed_before
    assert listener.calls == []


# --- the differential fuzz test of the fallback check ------------------------------------------------------------


def fragments(url: str) -> list[str]:
    prefix = url.rsplit("/", 1)[0] + "/"
    return [
        f"SERVICE <{url}> {{ ?s ?p ?o }}",
        f"SERVICE SILENT <{url}> {{ ?s ?p ?o }}",
        "SERVICE ex:sparql {?s ?p ?o}",
        "SERVICEex:sparql{?s ?p ?o}",
        "service",
        "SeRvIcE",
        "ſervice",
        "SILENT",
        f"<{url}>",
        "ex:sparql",
        "ex:",
        f"PREFIX ex: <{prefix}>",
        f"BASE <{prefix}>",
        "<sparql>",
        "#",
        "# note",
        "\r",
        "\n",
        "\r\n",
        "\u2028",
        "\u0085",
        '"',
        "'",
        '"""',
        "'''",
        "\\",
        "\\u0053",
        "\\u000A",
        "{",
        "}",
        "(",
        ")",
        "?s ?p ?o",
        "?a<?b",
        "FILTER(?a<?b)",
        "FILTER(?x<'>')",
        "<",
        ">",
        "1",
        "true",
        " ",
        ":",
        ".",
        ";",
        "BIND('' AS ?z)",
        "BIND(1 AS ?a)",
        "BIND(2 AS ?b)",
        "OPTIONAL",
        "GRAPH",
        "VALUES ?e {",
        "?e",
    ]


@pytest.fixture(scope="module")
def fuzz_listener() -> Iterator[Listener]:
    target = Listener()
    yield target
    target.close()


TRICKY = ["#", "# note", "\r", "\n", "\u2028", "'", '"', "'" * 3, "<", "?a<", "FILTER(?x<'>')", "\\", ":", "}"]


def texts(url: str, head: str):
    """``head``, then noise, a SERVICE clause written one way or another, more noise: the noise drawn more often
    from what changes how the text around it reads (comment starts, line ends, quotes, ``<``)."""
    tricky = st.sampled_from(TRICKY)
    noise = st.lists(st.one_of(tricky, tricky, tricky, st.sampled_from(fragments(url))), max_size=4)
    clauses = [f for f in fragments(url) if "SERVICE" in f.upper()]
    return st.tuples(
        st.sampled_from(["", f"PREFIX ex: <{url.rsplit('/', 1)[0]}/> ", f"BASE <{url}> "]),
        noise,
        st.sampled_from(clauses),
        noise,
        st.sampled_from(["", " "]),
    ).map(lambda p: p[0] + head + p[4].join([*p[1], p[2], *p[3]]) + " }")


@settings(max_examples=2500, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_query_the_fallback_check_passes_is_harmless(fuzz_listener: Listener, data) -> None:
    text = data.draw(texts(fuzz_listener.url, "SELECT * WHERE { "))
    try:
        refuse_unwalled(text, shape(text))
    except Problem:
        return
    calls = len(fuzz_listener.calls)
    try:
        list(Store().query(text))
    except (SyntaxError, RuntimeError, ValueError, OSError):
        pass
    assert len(fuzz_listener.calls) == calls, f"the check passed a text that called out: {text!r}"


@settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_update_the_checks_pass_is_harmless(fuzz_listener: Listener, data) -> None:
    extra = st.sampled_from(
        [
            f"LOAD <{fuzz_listener.url}>",
            "LOADex:sparql",
            f"DROP GRAPH <{MANAGED}>",
            f"INSERT DATA {{ GRAPH <{MANAGED}> {{ <a:s> <a:p> <a:o> }} }}",
            "DROP ALL",
            f"PREFIX g: <{BASE}graph/> INSERT DATA {{ GRAPH g:x {{ <a:s> <a:p> <a:o> }} }}",
            "INSERT { GRAPH ?g { <a:s> <a:p> <a:o> } } WHERE { GRAPH ?g { ?s ?p ?o } }",
            ";",
        ]
    )
    head = data.draw(st.lists(extra, min_size=0, max_size=3).map(" ; ".join))
    text = (
        data.draw(texts(fuzz_listener.url, head + " ; INSERT DATA { GRAPH <urn:mine> { "))
        if data.draw(st.booleans())
        else head
    )
    before = {"urn:mine": {Quad(NamedNode("a:s"), NamedNode("a:p"), NamedNode("a:o"), NamedNode("urn:mine"))}}
    calls = len(fuzz_listener.calls)
    try:
        after = confined_update(before, text, BASE, walled=False)
    except Problem:
        after = before
    assert len(fuzz_listener.calls) == calls, f"the checks passed an update that called out: {text!r}"
    assert not [key for key in after if key.startswith(BASE + "graph/")], text
