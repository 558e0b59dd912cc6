"""SERVICE against a real server: only endpoints on the allow-list are called (no server-side request forgery), with
a time limit and a size cap on what comes back; a loopback HTTP server plays the remote SPARQL endpoint and records
every request it gets."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pyoxigraph import RdfFormat, Store
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from conftest import start_server

SERVICE_TIMEOUT_S, SERVICE_MAX_BYTES = 1.0, 4000
ACCEPT = {"Accept": "application/sparql-results+json, application/problem+json;q=0.5"}


def results(*values: str) -> Response:
    bindings = [{"x": {"type": "literal", "value": v}} for v in values]
    return Response(
        json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": bindings}}),
        content_type="application/sparql-results+json",
    )


@pytest.fixture(scope="module")
def remote() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def federated(sample_store: Path, remote: HTTPServer) -> Iterator[str]:
    process, url = start_server(
        sample_store,
        "--service-allow",
        remote.url_for("/sparql"),
        "--timeout",
        "20",
        "--service-timeout",
        str(SERVICE_TIMEOUT_S),
        "--service-max-bytes",
        str(SERVICE_MAX_BYTES),
    )
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(autouse=True)
def fresh_remote(remote: HTTPServer) -> Iterator[None]:
    """No handlers and an empty request log for each test."""
    remote.clear()
    yield
    remote.clear()


def query(url: str, text: str) -> requests.Response:
    return requests.post(url + "/sparql", data={"query": text}, headers=ACCEPT, timeout=60)


def test_an_allowed_endpoint_is_called_and_its_rows_join_the_answer(federated: str, remote: HTTPServer) -> None:
    remote.expect_request("/sparql", method="POST").respond_with_response(results("remote one", "remote two"))
    for text in (
        f"SELECT ?x WHERE {{ SERVICE <{remote.url_for('/sparql')}> {{ ?x ?p ?o }} }}",
        f"PREFIX r: <{remote.url_for('/')}> SELECT ?x WHERE {{ SERVICE r:sparql {{ ?x ?p ?o }} }}",
    ):
        response = query(federated, text)
        assert response.status_code == 200, response.text
        assert sorted(b["x"]["value"] for b in response.json()["results"]["bindings"]) == ["remote one", "remote two"]
    sent = [request for request, _ in remote.log]
    assert len(sent) == 2 and all(r.headers["User-Agent"].startswith("Depesha/") for r in sent)
    assert b"?x ?p ?o" in sent[0].get_data()


@pytest.mark.parametrize(
    "service",
    [
        "<{remote}/other>",
        "<http://169.254.169.254/latest/meta-data/>",
        "?endpoint",
        "<http://127.0.0.1:1/sparql>",
        "unknown:sparql",
        "<relative>",
    ],
)
def test_anything_else_is_refused_before_any_call(federated: str, remote: HTTPServer, service: str) -> None:
    remote.expect_request("/other").respond_with_response(results("leaked"))
    remote.expect_request("/sparql").respond_with_response(results("allowed"))
    text = (
        f"SELECT ?x WHERE {{ BIND(<{remote.url_for('/other')}> AS ?endpoint) "
        f"SERVICE {service.format(remote=remote.url_for('').rstrip('/'))} {{ ?x ?p ?o }} }}"
    )
    response = query(federated, text)
    assert response.status_code == 403 and response.json()["type"].endswith("/service-not-allowed")
    assert remote.log == []


def test_a_slow_endpoint_times_out_and_silent_ignores_it(federated: str, remote: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(SERVICE_TIMEOUT_S + 5)
        return results("late")

    remote.expect_request("/sparql").respond_with_handler(slow)
    endpoint = remote.url_for("/sparql")
    response = query(federated, f"SELECT ?x WHERE {{ SERVICE <{endpoint}> {{ ?x ?p ?o }} }}")
    # the relay's own limit ended the call, not the remote's late answer
    assert response.status_code == 504 and response.json()["type"].endswith("/service-timeout")
    silent = query(federated, f"SELECT ?x WHERE {{ OPTIONAL {{ SERVICE SILENT <{endpoint}> {{ ?x ?p ?o }} }} }}")
    assert silent.status_code == 200


def test_an_oversized_answer_is_refused(federated: str, remote: HTTPServer) -> None:
    remote.expect_request("/sparql").respond_with_response(results(*["y" * 100] * 100))  # ~ 6 KB
    response = query(federated, f"SELECT ?x WHERE {{ SERVICE <{remote.url_for('/sparql')}> {{ ?x ?p ?o }} }}")
    assert response.status_code == 502 and response.json()["type"].endswith("/service-too-large")
    assert str(SERVICE_MAX_BYTES) in response.json()["detail"]


def test_redirects_errors_and_garbage_are_reported_as_bad_gateway(federated: str, remote: HTTPServer) -> None:
    remote.expect_request("/sparql").respond_with_response(
        Response(status=307, headers={"Location": remote.url_for("/other")})
    )
    remote.expect_request("/other").respond_with_response(results("leaked"))
    response = query(federated, f"SELECT ?x WHERE {{ SERVICE <{remote.url_for('/sparql')}> {{ ?x ?p ?o }} }}")
    assert response.status_code == 502 and "redirect" in response.json()["detail"]
    assert [request.path for request, _ in remote.log] == ["/sparql"]
    remote.clear()
    remote.expect_request("/sparql").respond_with_response(Response("overloaded", status=500))
    failed = query(federated, f"SELECT ?x WHERE {{ SERVICE <{remote.url_for('/sparql')}> {{ ?x ?p ?o }} }}")
    assert failed.status_code == 502 and "HTTP 500: overloaded" in failed.json()["detail"]
    remote.clear()
    remote.expect_request("/sparql").respond_with_response(
        Response('{"head": garbage', content_type="application/sparql-results+json")
    )
    garbled = query(federated, f"SELECT ?x WHERE {{ SERVICE <{remote.url_for('/sparql')}> {{ ?x ?p ?o }} }}")
    assert garbled.status_code == 502 and "SERVICE answer could not be used" in garbled.json()["detail"]


def test_the_service_description_names_the_allowed_endpoints(federated: str, remote: HTTPServer) -> None:
    description = Store()
    description.load(
        requests.get(federated + "/sparql", headers={"Accept": "text/turtle"}, timeout=30).content,
        format=RdfFormat.TURTLE,
    )
    row = list(
        description.query("""PREFIX dv: <https://w3id.org/depesha/vocab#>
        PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
        SELECT ?allowed ?timeout ?bytes WHERE { ?s sd:feature sd:BasicFederatedQuery ; dv:allowedService ?allowed ;
        dv:serviceTimeout ?timeout ; dv:serviceMaxBytes ?bytes }""")
    )
    assert [(r["allowed"].value, float(r["timeout"].value), int(r["bytes"].value)) for r in row] == [
        (remote.url_for("/sparql"), SERVICE_TIMEOUT_S, SERVICE_MAX_BYTES)
    ]


def test_a_federated_answer_is_never_kept(federated: str, remote: HTTPServer) -> None:
    """The remote's data can change without a snapshot here: the same SERVICE query asks it again each time."""
    assert query(federated, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1").headers["X-Cache"] in ("miss", "hit")
    text = f"SELECT ?x WHERE {{ SERVICE <{remote.url_for('/sparql')}> {{ ?x ?p ?o }} }}"
    for value in ("before", "after"):
        remote.clear()
        remote.expect_request("/sparql", method="POST").respond_with_response(results(value))
        response = query(federated, text)
        assert response.status_code == 200, response.text
        assert [b["x"]["value"] for b in response.json()["results"]["bindings"]] == [value]
        assert "X-Cache" not in response.headers and "ETag" not in response.headers
