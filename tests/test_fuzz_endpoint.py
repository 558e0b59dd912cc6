"""Property-based tests (hypothesis): malformed queries, bodies, charsets, headers, query strings, methods and huge
inputs thrown at the endpoint. None may give a 500; a 5xx is only ever a stated limit. Many examples go through the
Flask test client (the real app, the real query worker processes, the sample store), a smaller set through a real
server over HTTP. A last property pits the SERVICE lexer against pyoxigraph itself: every URL pyoxigraph calls for a
query is one the lexer found, so the allow-list check cannot be dodged by writing SERVICE some other way."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import Store

from server.web.app import AppConfig, create_app
from server.web.sparql.limits import PROBLEM_TYPES
from server.web.sparql.sparql_text import shape

MAX_REQUEST = 20_000
TOKEN = "fuzz-token"
FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
OVER_HTTP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

WORDS = [
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "DESCRIBE",
    "WHERE",
    "{",
    "}",
    "?s",
    "?p",
    "?o",
    "*",
    "(",
    ")",
    ".",
    ";",
    ",",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "GRAPH",
    "SERVICE",
    "SILENT",
    "FROM",
    "NAMED",
    "PREFIX",
    "BASE",
    "ex:",
    "<",
    ">",
    "<http://example.org/a>",
    "<urn:x>",
    '"text"',
    "'''",
    '"""',
    "@en",
    "^^",
    "#",
    "\n",
    "LIMIT",
    "10",
    "OFFSET",
    "-1",
    "COUNT",
    "GROUP BY",
    "ORDER BY",
    "VALUES",
    "BIND",
    "AS",
    "INSERT",
    "DELETE",
    "DATA",
    "LOAD",
    "CLEAR",
    "DROP",
    "ALL",
    "\\u0053",
    "\\",
    "\x00",
    "é",
    "Сталин",
    "<<(",
    ")>>",
    "REGEX",
    "STRLEN",
    "CONCAT",
    "a",
    "0.5e9",
    "true",
    "_:b",
    "[]",
    "$x",
    "::",
    "%",
    "\ud7ff",
    "\U0001f600",
]
query_text = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join))
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=80)
ACCEPTS = [
    "*/*",
    "application/sparql-results+json",
    "text/csv",
    "text/turtle",
    "application/problem+json",
    "text/*;q=0.5, */*;q=0.1",
    "application/json;q=0",
    "image/png",
    "",
]
CONTENT_TYPES = [
    "application/sparql-query",
    "application/x-www-form-urlencoded",
    "application/sparql-update",
    "text/plain",
    "multipart/form-data; boundary=x",
    "",
    "text/turtle",
]
CHARSETS = [
    "",
    "; charset=utf-8",
    "; charset=latin-1",
    "; charset=utf-16",
    "; charset=rot13",
    "; charset=x-none",
    '; charset="utf-8"',
    "; charset=",
    "; charset=utf-8; q=1",
]
LIMIT_TYPES = {
    PROBLEM_TYPES + name
    for name in (
        "query-timeout",
        "result-too-large",
        "query-memory",
        "service-timeout",
        "service-too-large",
        "service-failed",
    )
}


def acceptable(status: int, body: bytes, content_type: str | None) -> bool:
    """No 500; a 5xx only for a stated limit or a busy store."""
    if status < 500:
        return True
    if status == 500 or not content_type:
        return False
    return (status in (503, 504) and b"limit" in body) or b"a build or load is running" in body


@pytest.fixture(scope="module")
def client(sample_store: Path) -> Iterator:
    app = create_app(
        AppConfig(
            store=sample_store,
            max_request_bytes=MAX_REQUEST,
            query_timeout_s=10,
            max_result_rows=2000,
            write_token=TOKEN,
        )
    )
    yield app.test_client()
    app.extensions["depesha.query_pool"].close()


def check(response) -> None:
    assert acceptable(response.status_code, response.data, response.headers.get("Content-Type")), (
        response.status_code,
        response.data[:300],
    )


@FUZZ
@given(query=query_text, how=st.sampled_from(["get", "form", "direct"]), accept=st.sampled_from(ACCEPTS))
def test_malformed_queries_never_give_a_500(client, query: str, how: str, accept: str) -> None:
    headers = {"Accept": accept}
    if how == "get":
        response = client.get("/sparql", query_string={"query": query}, headers=headers)
    elif how == "form":
        response = client.post("/sparql", data={"query": query}, headers=headers)
    else:
        response = client.post(
            "/sparql",
            data=query.encode("utf-8", "surrogatepass"),
            headers={**headers, "Content-Type": "application/sparql-query"},
        )
    check(response)


@FUZZ
@given(
    body=st.binary(max_size=400),
    content_type=st.sampled_from(CONTENT_TYPES) | header_text,
    charset=st.sampled_from(CHARSETS),
    path=st.sampled_from(["/sparql", "/update", "/store?graph=urn:x:g", "/store?default", "/store"]),
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]),
    token=st.sampled_from([None, TOKEN, "wrong"]),
)
def test_arbitrary_bodies_content_types_and_methods_never_give_a_500(
    client, body: bytes, content_type: str, charset: str, path: str, method: str, token: str | None
) -> None:
    headers = {"Content-Type": content_type + charset} if content_type else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    check(client.open(path, method=method, data=body, headers=headers))


@FUZZ
@given(raw=st.binary(max_size=300), accept=header_text, extra=st.lists(st.tuples(header_text, header_text), max_size=3))
def test_arbitrary_query_strings_and_headers_never_give_a_500(client, raw: bytes, accept: str, extra: list) -> None:
    headers = {"Accept": accept}
    for name, value in extra:
        if name.strip() and all(c.isalnum() or c in "-_" for c in name):
            headers[name] = value
    for query_string in (raw, b"query=" + raw.replace(b"&", b"%26")):  # raw bytes, as a WSGI server passes them
        check(client.get("/sparql", query_string=query_string.decode("latin-1"), headers=headers))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(MAX_REQUEST + 1, 2_000_000), how=st.sampled_from(["form", "direct", "get"]))
def test_huge_inputs_are_refused_not_crashed_on(client, size: int, how: str) -> None:
    query = "#" + "x" * size + "\nASK {}"
    if how == "get":
        response = client.get("/sparql", query_string={"query": query})
        assert response.status_code == 414
    else:
        response = client.post(
            "/sparql",
            data={"query": query} if how == "form" else query.encode(),
            headers={} if how == "form" else {"Content-Type": "application/sparql-query"},
        )
        assert response.status_code == 413


@OVER_HTTP
@given(
    query=query_text,
    accept=st.sampled_from(ACCEPTS),
    body=st.binary(max_size=200),
    content_type=st.sampled_from(CONTENT_TYPES),
    charset=st.sampled_from(CHARSETS),
)
def test_over_real_http_nothing_gives_a_500(
    server: str, query: str, accept: str, body: bytes, content_type: str, charset: str
) -> None:
    answers = [
        requests.get(server + "/sparql", params={"query": query}, headers={"Accept": accept}, timeout=60),
        requests.post(
            server + "/sparql",
            data=body,
            headers={"Content-Type": content_type + charset, "Accept": accept},
            timeout=60,
        ),
        requests.post(server + "/update", data=body, headers={"Content-Type": content_type + charset}, timeout=60),
    ]
    for response in answers:
        assert acceptable(response.status_code, response.content, response.headers.get("Content-Type")), (
            response.status_code,
            response.text[:300],
        )
    big = requests.post(
        server + "/sparql", data=b"#" * 1_100_000, timeout=60, headers={"Content-Type": "application/sparql-query"}
    )
    assert big.status_code == 413


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 (the base class's naming)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        _Recorder.hits.append(f"http://127.0.0.1:{self.server.server_address[1]}{self.path}")
        body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST  # noqa: N815

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def recorder() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def service_fragments(base: str) -> st.SearchStrategy[str]:
    url = base + "s"
    return st.sampled_from(
        [
            f"SERVICE <{url}1> {{ ?s ?p ?o }}",
            f"service silent <{url}2> {{ }}",
            f'BIND("SERVICE <{url}3>" AS ?x)',
            f"# SERVICE <{url}4> {{ }}\n",
            f"BIND('''\nSERVICE <{url}5> {{ }}''' AS ?y)",
            f"?s <{url}6#SERVICE> ?o .",
            "SERVICE r:x7 { }",
            "SERVICE <rel8> { }",
            f"SERVICE\t<{url}\\u0039> {{ }}",
            f"SERVICE\n#c\n<{url}10> {{}}",
            f"SERVICE ?v {{ }} VALUES ?v {{ <{url}11> }}",
            f'BIND(IRI("{url}12") AS ?e) SERVICE ?e {{ }}',
            "OPTIONAL {",
            "}",
            "{",
            "UNION",
            ".",
            f'"""SERVICE <{url}13>"""',
            f"<{url}14>",
            "FILTER(1 < 2)",
            f"SERVICE <{url}15>{{?s?p?o}}",
            "SERVICE SILENT r:x16{}",
            "SERVICE",
            f"<{url}17>",
            "{ }",
        ]
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_url_pyoxigraph_calls_is_one_the_lexer_found(recorder: str, data) -> None:
    prologue = data.draw(
        st.lists(
            st.sampled_from([f"PREFIX r: <{recorder}r/> ", f"BASE <{recorder}b/> ", f"# BASE <{recorder}c/>\n"]),
            max_size=2,
        )
    )
    body = data.draw(st.lists(service_fragments(recorder), min_size=1, max_size=6))
    query = "".join(prologue) + "SELECT * WHERE { " + " ".join(body) + " }"
    _Recorder.hits.clear()
    try:
        list(Store().query(query))
    except Exception:  # noqa: BLE001 (syntax errors and failed calls are expected; only the calls matter)
        pass
    calls = shape(query).services
    found = {call.target for call in calls}
    assert set(_Recorder.hits) <= found or None in found, (query, _Recorder.hits, found)
