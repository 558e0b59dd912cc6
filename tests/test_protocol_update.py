"""The update side of the SPARQL 1.1 Protocol over real HTTP, one test per case the W3C protocol tests name
(update_post_form, update_post_direct, update_base_uri, update_dataset_default_graph, update_dataset_named_graphs,
update_dataset_full, bad_update_get, bad_multiple_updates, bad_update_wrong_media_type,
bad_update_missing_form_type, bad_update_non_utf8, bad_update_syntax, bad_update_dataset_conflict), against a copy of
the sample with a write token. Every refusal is checked to have changed nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from conftest import serving

TOKEN = "protocol-update-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DIRECT = {"Content-Type": "application/sparql-update", **AUTH}
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def endpoint(sample_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("protocol-update")
    shutil.copytree(sample_store, folder / "store")
    (folder / "token").write_text(TOKEN)
    with serving(folder / "store", "--write-token-file", str(folder / "token")) as url:
        yield url


def rows(url: str, query: str) -> list[dict[str, str]]:
    answer = requests.post(url + "/sparql", data={"query": query}, headers=JSON, timeout=30).json()
    return [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]


def users(url: str) -> list[tuple[str, str]]:
    """Every (graph, object) of the users' graphs urn:... , in order."""
    found = rows(url, "SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:')) } ORDER BY ?g ?o")
    return [(r["g"], r["o"]) for r in found]


def test_update_post_form_and_direct(endpoint: str) -> None:
    form = requests.post(
        endpoint + "/update",
        data={"update": "INSERT DATA { GRAPH <urn:form> { <urn:s> <urn:p> 'form' } }"},
        headers=AUTH,
        timeout=30,
    )
    direct = requests.post(
        endpoint + "/update",
        headers=DIRECT,
        timeout=30,
        data=b"INSERT DATA { GRAPH <urn:direct> { <urn:s> <urn:p> 'direct' } }",
    )
    assert (form.status_code, direct.status_code) == (204, 204)
    assert {("urn:form", "form"), ("urn:direct", "direct")} <= set(users(endpoint))


def test_update_base_uri(endpoint: str) -> None:
    done = requests.post(
        endpoint + "/update", data=b"INSERT DATA { GRAPH <urn:base> { <s> <urn:p> <o> } }", headers=DIRECT, timeout=30
    )
    assert done.status_code == 204
    subjects = rows(endpoint, "SELECT ?s ?o WHERE { GRAPH <urn:base> { ?s ?p ?o } }")
    assert subjects == [{"s": endpoint + "/s", "o": endpoint + "/o"}]  # resolved against the endpoint's URL


def test_update_dataset_default_named_and_full(endpoint: str) -> None:
    seed = (
        "INSERT DATA { GRAPH <urn:g1> { <urn:a> <urn:p> 'one' } GRAPH <urn:g2> { <urn:a> <urn:p> 'two' } "
        "GRAPH <urn:g3> { <urn:a> <urn:p> 'three' } }"
    )
    assert requests.post(endpoint + "/update", data=seed.encode(), headers=DIRECT, timeout=30).status_code == 204
    copy_default = "INSERT { GRAPH <urn:from-default> { ?s ?p ?o } } WHERE { ?s ?p ?o }"
    done = requests.post(
        endpoint + "/update",
        data={"update": copy_default, "using-graph-uri": ["urn:g1", "urn:g2"]},
        headers=AUTH,
        timeout=30,
    )
    assert done.status_code == 204
    assert [o for g, o in users(endpoint) if g == "urn:from-default"] == ["one", "two"]
    copy_named = "INSERT { GRAPH <urn:from-named> { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }"
    done = requests.post(
        endpoint + "/update", data={"update": copy_named, "using-named-graph-uri": "urn:g3"}, headers=AUTH, timeout=30
    )
    assert done.status_code == 204
    assert [o for g, o in users(endpoint) if g == "urn:from-named"] == ["three"]
    full = "INSERT { GRAPH <urn:full> { ?s ?p ?o . ?t ?q ?x } } WHERE { ?s ?p ?o GRAPH ?g { ?t ?q ?x } }"
    done = requests.post(
        endpoint + "/update",
        data={"update": full, "using-graph-uri": "urn:g1", "using-named-graph-uri": "urn:g2"},
        headers=AUTH,
        timeout=30,
    )
    assert done.status_code == 204
    assert [o for g, o in users(endpoint) if g == "urn:full"] == ["one", "two"]


@pytest.mark.parametrize(
    "case, request_kwargs, status",
    [
        ("bad_update_get", {"method": "GET", "params": {"update": "CLEAR GRAPH <urn:form>"}}, 405),
        ("bad_multiple_updates", {"data": {"update": ["CLEAR GRAPH <urn:form>", "CLEAR GRAPH <urn:direct>"]}}, 400),
        (
            "bad_update_wrong_media_type",
            {"data": b"CLEAR GRAPH <urn:form>", "headers": {"Content-Type": "text/plain"}},
            415,
        ),
        ("bad_update_missing_form_type", {"data": b"update=CLEAR+GRAPH+%3Curn%3Aform%3E", "headers": {}}, 415),
        (
            "bad_update_non_utf8",
            {
                "data": "INSERT DATA { GRAPH <urn:form> { <urn:s> <urn:p> 'é' } }".encode("latin-1"),
                "headers": {"Content-Type": "application/sparql-update; charset=ISO-8859-1"},
            },
            415,
        ),
        (
            "bad_update_invalid_utf8",
            {
                "data": "INSERT DATA { GRAPH <urn:form> { <urn:s> <urn:p> 'é' } }".encode("latin-1"),
                "headers": {"Content-Type": "application/sparql-update"},
            },
            400,
        ),
        (
            "bad_update_syntax",
            {
                "data": b"INSERT DATA { GRAPH <urn:form> { <urn:s> <urn:p> } }",
                "headers": {"Content-Type": "application/sparql-update"},
            },
            400,
        ),
        (
            "bad_update_dataset_conflict",
            {
                "data": {
                    "update": "WITH <urn:form> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                    "using-graph-uri": "urn:direct",
                }
            },
            400,
        ),
    ],
)
def test_bad_updates_are_refused_and_change_nothing(
    endpoint: str, case: str, request_kwargs: dict, status: int
) -> None:
    before = users(endpoint)
    kwargs = dict(request_kwargs)
    method = kwargs.pop("method", "POST")
    kwargs["headers"] = {**kwargs.get("headers", {}), **AUTH}
    response = requests.request(method, endpoint + "/update", timeout=30, **kwargs)
    assert response.status_code == status, (case, response.text)
    assert users(endpoint) == before
