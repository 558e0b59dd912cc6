"""The SPARQL 1.1 Protocol over real HTTP against a real `depesha serve` process on the sample store: request forms,
charsets, the dataset parameters against FROM / FROM NAMED, exactly one query, 405/415/400/406, update refused,
every result and graph format, content negotiation, CORS, problem details. Expected values come from the store on
disk (read directly with pyoxigraph), not from the endpoint."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests
from pyoxigraph import NamedNode, RdfFormat, parse

from conftest import BASE, depesha
from ontology.namespaces import PREFIXES as PREFIXES_KNOWN
from server.store.store import named_quads, open_snapshot

SPARQL_JSON = "application/sparql-results+json"
ENTITIES, VOCAB, DOCUMENT = (f"{BASE}graph/entities", f"{BASE}graph/vocab", f"{BASE}graph/document/119111")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def graph_size(store: Path, graph: str) -> int:
    return sum(1 for _ in open_snapshot(store).quads_for_pattern(None, None, None, NamedNode(graph)))


def post(url: str, **kwargs) -> requests.Response:
    return requests.post(url + "/sparql", timeout=30, **kwargs)


def count_of(response: requests.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def problem(response: requests.Response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_get_post_form_and_post_direct_give_the_same_answer(server: str, sample_store: Path) -> None:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    answers = [
        requests.get(server + "/sparql", params={"query": query}, headers={"Accept": SPARQL_JSON}, timeout=30),
        post(server, data={"query": query}, headers={"Accept": SPARQL_JSON}),
        post(server, data=query.encode(), headers={"Content-Type": "application/sparql-query", "Accept": SPARQL_JSON}),
    ]
    bodies = [a.json() for a in answers if a.status_code == 200]
    assert len(bodies) == 3 and bodies[0] == bodies[1] == bodies[2]
    rows = {b["g"]["value"]: int(b["n"]["value"]) for b in bodies[0]["results"]["bindings"]}
    assert rows[ENTITIES] == graph_size(sample_store, ENTITIES) and rows[DOCUMENT] == graph_size(sample_store, DOCUMENT)


@pytest.mark.parametrize(
    "charset, text", [("utf-8", "Сталин"), ("UTF8", "Сталин"), ("us-ascii", "Cafe"), (None, "Сталин")]
)
def test_utf8_requests_are_answered(server: str, charset: str | None, text: str) -> None:
    query = f'SELECT ?x WHERE {{ BIND("{text}" AS ?x) }}'
    suffix = f"; charset={charset}" if charset else ""
    direct = post(
        server,
        data=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query" + suffix, "Accept": SPARQL_JSON},
    )
    form = post(
        server,
        data=b"query=" + requests.utils.quote(query.encode("utf-8")).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded" + suffix, "Accept": SPARQL_JSON},
    )
    for response in (direct, form):
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"][0]["x"]["value"] == text


@pytest.mark.parametrize("charset", ["UTF-16", "ISO-8859-1", "windows-1251"])
def test_a_charset_other_than_utf8_is_refused_and_nothing_runs(server: str, charset: str) -> None:
    """SPARQL 1.1 Protocol: requests are UTF-8. A body declared otherwise is a 415, even when it would decode."""
    query = "ASK { FILTER(false) }"
    for content_type, body in (
        ("application/sparql-query", query.encode(charset)),
        ("application/x-www-form-urlencoded", b"query=" + requests.utils.quote(query.encode(charset)).encode()),
    ):
        response = post(
            server,
            data=body,
            headers={"Content-Type": f"{content_type}; charset={charset}", "Accept": "application/problem+json"},
        )
        assert response.status_code == 415 and "UTF-8" in problem(response, 415)["detail"]


def test_bytes_that_are_not_utf8_are_rejected_naming_the_byte(server: str) -> None:
    body = 'SELECT ?x WHERE { BIND("Café" AS ?x) }'.encode("latin-1")  # declared (by default) as UTF-8
    answer = problem(
        post(
            server,
            data=body,
            headers={"Content-Type": "application/sparql-query", "Accept": "application/problem+json"},
        ),
        400,
    )
    assert "not valid utf-8" in answer["detail"].lower() and "0xe9" in answer["detail"]
    got = requests.get(
        server + "/sparql?query=ASK%7B%7D%FF", headers={"Accept": "application/problem+json"}, timeout=30
    )
    assert "not valid utf-8" in problem(got, 400)["detail"].lower()
    unknown = post(server, data=b"ASK {}", headers={"Content-Type": "application/sparql-query; charset=x-nonesuch"})
    assert unknown.status_code == 415 and "x-nonesuch" in unknown.text


def test_protocol_dataset_overrides_from_and_from_named(server: str, sample_store: Path) -> None:
    entities, vocab = graph_size(sample_store, ENTITIES), graph_size(sample_store, VOCAB)
    assert entities != vocab
    from_vocab = f"SELECT (COUNT(*) AS ?n) FROM <{VOCAB}> WHERE {{ ?s ?p ?o }}"
    assert count_of(post(server, data={"query": from_vocab}, headers={"Accept": SPARQL_JSON})) == vocab
    overridden = post(
        server, data={"query": from_vocab, "default-graph-uri": ENTITIES}, headers={"Accept": SPARQL_JSON}
    )
    assert count_of(overridden) == entities
    both = post(
        server, data={"query": from_vocab, "default-graph-uri": [ENTITIES, VOCAB]}, headers={"Accept": SPARQL_JSON}
    )
    assert count_of(both) == entities + vocab  # the merge of the two (no triple is in both)
    named = f"SELECT DISTINCT ?g FROM NAMED <{VOCAB}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    rows = post(server, data={"query": named, "named-graph-uri": ENTITIES}, headers={"Accept": SPARQL_JSON}).json()
    assert [b["g"]["value"] for b in rows["results"]["bindings"]] == [ENTITIES]
    only_default = post(
        server,
        data={"query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", "default-graph-uri": ENTITIES},
        headers={"Accept": SPARQL_JSON},
    ).json()
    assert only_default["results"]["bindings"] == []  # a protocol dataset without named graphs has none


def test_without_a_dataset_the_default_graph_is_the_union_and_from_named_alone_empties_it(
    server: str, sample_store: Path
) -> None:
    total = sum(1 for _ in named_quads(open_snapshot(sample_store)))  # the build's graphs share no triple
    assert count_of(post(server, data={"query": COUNT}, headers={"Accept": SPARQL_JSON})) == total
    from_named = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{VOCAB}> WHERE {{ ?s ?p ?o }}"
    assert count_of(post(server, data={"query": from_named}, headers={"Accept": SPARQL_JSON})) == 0


def test_the_command_line_honours_from_too(sample_store: Path) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{VOCAB}> WHERE {{ ?s ?p ?o }}"
    result = depesha("query", "--store", str(sample_store), "--format", "csv", "-", input=query)
    assert result.stdout.split() == ["n", str(graph_size(sample_store, VOCAB))]


def test_a_dataset_parameter_that_is_not_an_iri_is_a_400(server: str) -> None:
    response = post(server, data={"query": COUNT, "named-graph-uri": "not an iri"})
    assert response.status_code == 400 and "named-graph-uri 'not an iri'" in response.text


@pytest.mark.parametrize("params", [{"query": ["ASK {}", "ASK {}"]}, {}, {"default-graph-uri": ENTITIES}])
def test_exactly_one_query_parameter(server: str, params: dict) -> None:
    for response in (
        requests.get(server + "/sparql", params=params or {"x": "1"}, timeout=30),
        post(server, data=params or {"x": "1"}),
    ):
        assert response.status_code == 400 and "exactly one 'query'" in response.text


def test_a_query_in_both_the_url_and_the_form_body_is_a_400(server: str) -> None:
    response = requests.post(server + "/sparql?query=ASK%7B%7D", data={"query": "ASK {}"}, timeout=30)
    assert response.status_code == 400 and "not both" in response.text


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_a_wrong_method_is_405_with_allow(server: str, method: str) -> None:
    response = requests.request(method, server + "/sparql", data="ASK {}", timeout=30)
    assert response.status_code == 405
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", None])
def test_a_wrong_or_missing_content_type_is_415(server: str, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = requests.post(server + "/sparql", data=b"ASK {}", headers=headers, timeout=30)
    assert response.status_code == 415 and "application/sparql-query" in response.text


def test_a_syntax_error_is_a_400_with_line_and_column(server: str) -> None:
    query = "PREFIX dv: <https://w3id.org/depesha/vocab#>\nSELECT ?d\nWHERE { ?d dv:sender ?s . FILTER( }"
    text = post(server, data={"query": query}, headers={"Accept": "text/plain"})
    assert text.status_code == 400 and text.headers["Content-Type"].startswith("text/plain")
    assert "error at 3:" in text.text
    answer = problem(post(server, data={"query": query}, headers={"Accept": "application/problem+json"}), 400)
    assert answer["line"] == 3 and 1 <= answer["column"] <= len(query.splitlines()[2]) + 1


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"update": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}},
        {"data": {"query": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}},
        {
            "data": b"INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"data": {"query": "# a comment\nPREFIX x: <urn:x:> DELETE WHERE { ?s ?p ?o }"}},
    ],
)
def test_an_update_sent_to_the_query_endpoint_is_refused_and_changes_nothing(
    server: str, sample_store: Path, request_kwargs: dict
) -> None:
    before = sum(1 for _ in named_quads(open_snapshot(sample_store)))
    response = post(server, **request_kwargs)
    assert response.status_code == 400 and "SPARQL Update is not accepted here" in response.text
    assert count_of(post(server, data={"query": COUNT}, headers={"Accept": SPARQL_JSON})) == before


SELECT_ROWS = f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH <{DOCUMENT}> {{ ?s ?p ?o }} }} GROUP BY ?p ORDER BY ?p"


def _rows(media_type: str, body: bytes) -> list[tuple[str, str]]:
    if "json" in media_type:
        return [(b["p"]["value"], b["n"]["value"]) for b in json.loads(body)["results"]["bindings"]]
    if "xml" in media_type:
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        return [
            tuple(r.find(f"r:binding[@name='{v}']/*", ns).text for v in ("p", "n"))
            for r in ET.fromstring(body).iterfind(".//r:result", ns)
        ]
    if "csv" in media_type:
        return [(row["p"], row["n"]) for row in csv.DictReader(io.StringIO(body.decode()))]
    lines = [line.split("\t") for line in body.decode().splitlines()[1:]]
    return [(p.strip("<>"), n) for p, n in lines]


@pytest.mark.parametrize(
    "accept",
    ["application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"],
)
def test_select_in_every_result_format(server: str, sample_store: Path, accept: str) -> None:
    response = post(server, data={"query": SELECT_ROWS}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["Content-Type"].split(";")[0] == accept
    expected = [(s["p"].value, s["n"].value) for s in open_snapshot(sample_store).query(SELECT_ROWS)]
    assert len(expected) > 10 and _rows(accept, response.content) == expected


@pytest.mark.parametrize(
    "accept, true_text",
    [
        ("application/sparql-results+json", '"boolean":true'),
        ("application/sparql-results+xml", "<boolean>true</boolean>"),
        ("text/csv", "true"),
        ("text/tab-separated-values", "true"),
    ],
)
def test_ask_in_every_result_format(server: str, accept: str, true_text: str) -> None:
    yes = post(server, data={"query": f"ASK {{ GRAPH <{DOCUMENT}> {{ ?s ?p ?o }} }}"}, headers={"Accept": accept})
    no = post(server, data={"query": "ASK { <urn:x:none> ?p ?o }"}, headers={"Accept": accept})
    assert yes.status_code == no.status_code == 200
    assert true_text in yes.text and true_text not in no.text and "false" in no.text


@pytest.mark.parametrize(
    "accept, rdf_format",
    [
        ("text/turtle", RdfFormat.TURTLE),
        ("application/n-triples", RdfFormat.N_TRIPLES),
        ("application/n-quads", RdfFormat.N_QUADS),
        ("application/rdf+xml", RdfFormat.RDF_XML),
        ("application/ld+json", RdfFormat.JSON_LD),
        ("application/trig", RdfFormat.TRIG),
    ],
)
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_construct_and_describe_in_every_graph_format(
    server: str, sample_store: Path, accept: str, rdf_format: RdfFormat, form: str
) -> None:
    query = (
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o FILTER(isIRI(?o)) }} }}"
        if form == "CONSTRUCT"
        else f"DESCRIBE <{BASE}id/person/joseph-stalin>"
    )
    response = post(server, data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["Content-Type"].split(";")[0] == accept
    got = {q.triple for q in parse(response.content, format=rdf_format)}
    expected = set(open_snapshot(sample_store).query(query))
    assert got and got == expected


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("application/sparql-results+xml;q=0.5, text/csv;q=0.9", "text/csv"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
        ("text/html, application/xhtml+xml;q=0.9, */*;q=0.8", "application/sparql-results+json"),
        ("text/tab-separated-values;q=0.2, application/*;q=0.1", "text/tab-separated-values"),
        (None, "application/sparql-results+json"),
    ],
)
def test_negotiation_with_q_values_and_wildcards(server: str, accept: str | None, expected: str) -> None:
    headers = {"Accept": accept} if accept else {"Accept": ""}
    response = post(server, data={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, headers=headers)
    assert response.status_code == 200 and response.headers["Content-Type"].split(";")[0] == expected
    assert response.headers["Vary"] in ("Accept", "Accept, Host")  # Host: no --public-url was given


def test_graph_negotiation_prefers_turtle_for_anything(server: str) -> None:
    response = post(server, data={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"}, headers={"Accept": "*/*"})
    assert response.headers["Content-Type"].startswith("text/turtle")


@pytest.mark.parametrize(
    "query, accept",
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "image/png"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/turtle"),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-results+json"),
        ("ASK {}", "application/sparql-results+json;q=0"),
    ],
)
def test_406_when_no_format_fits_names_the_formats_on_offer(server: str, query: str, accept: str) -> None:
    response = post(server, data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    offered = "text/turtle" if query.startswith("CONSTRUCT") else "application/sparql-results+json"
    assert offered in response.text


def test_cors_on_answers_errors_and_preflight(server: str) -> None:
    origin = {"Origin": "https://example.org"}
    assert (
        requests.get(server + "/sparql", params={"query": "ASK {}"}, headers=origin, timeout=30).headers[
            "Access-Control-Allow-Origin"
        ]
        == "*"
    )
    assert post(server, data={"query": "ASK {"}, headers=origin).headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(
        server + "/sparql",
        headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
        timeout=30,
    )
    assert preflight.status_code in (200, 204)
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()


def test_errors_are_text_or_problem_json_as_asked(server: str) -> None:
    text = post(server, data={"query": "SELEC"})
    assert text.status_code == 400 and text.headers["Content-Type"].startswith("text/plain")
    assert text.text.startswith("400 Bad Request")
    body = problem(post(server, data={"query": "SELEC"}, headers={"Accept": "application/problem+json"}), 400)
    assert body["type"] == "about:blank" and body["instance"] == "/sparql" and "syntax error" in body["detail"]


def test_the_endpoint_url_serves_its_service_description(server: str, sample_store: Path) -> None:
    from pyoxigraph import Store

    description = Store()
    response = requests.get(server + "/sparql", headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/turtle")
    description.load(response.content, format=RdfFormat.TURTLE)
    sd = "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> "
    endpoint = server + "/sparql"
    assert description.query(
        sd + f"ASK {{ <{endpoint}> a sd:Service ; sd:endpoint <{endpoint}> ; "
        "sd:supportedLanguage sd:SPARQL11Query ; sd:feature sd:UnionDefaultGraph }"
    )
    graphs = description.query(sd + "SELECT ?g WHERE { ?s sd:defaultDataset/sd:namedGraph/sd:name ?g }")
    named = {s["g"].value for s in graphs}
    assert named == {g.value for g in open_snapshot(sample_store).named_graphs()}
    assert not description.query(sd + f"ASK {{ <{endpoint}> sd:feature sd:BasicFederatedQuery }}")  # none allowed
    for accept, rdf_format in (
        ("application/n-triples", RdfFormat.N_TRIPLES),
        ("application/ld+json", RdfFormat.JSON_LD),
        ("application/rdf+xml", RdfFormat.RDF_XML),
    ):
        other = requests.get(server + "/sparql", headers={"Accept": accept}, timeout=30)
        assert other.headers["Content-Type"].split(";")[0] == accept
        assert len(list(parse(other.content, format=rdf_format))) == len(description)


@pytest.mark.parametrize("prefix", sorted(PREFIXES_KNOWN))
def test_a_forgotten_prefix_is_named_with_the_line_to_add(server: str, prefix: str) -> None:
    query = f"SELECT ?s WHERE {{\n  ?s {prefix}:something ?o }}"
    column = len(f"  ?s {prefix}:something") + 1
    answer = problem(post(server, data={"query": query}, headers={"Accept": "application/problem+json"}), 400)
    line = f"PREFIX {prefix}: <{PREFIXES_KNOWN[prefix]}>"
    assert answer["line"] == 2 and answer["column"] == column
    assert answer["prefix"] == prefix and answer["add"] == line
    assert f"the prefix '{prefix}:' is not declared; add the line {line}" in answer["detail"]
    assert "\\u{" not in answer["detail"] and "Prefix not found" not in answer["detail"]


def test_an_unknown_prefix_and_other_syntax_errors_are_short(server: str) -> None:
    unknown = problem(
        post(
            server, data={"query": "SELECT * WHERE { ?s zz:thing ?o }"}, headers={"Accept": "application/problem+json"}
        ),
        400,
    )
    assert unknown["prefix"] == "zz" and "'zz:' is not declared" in unknown["detail"] and "crm" in unknown["detail"]
    variable = post(server, data={"query": "SELECT * WHERE { ?s ?p ?o } ORDER BY ?"}, headers={"Accept": "text/plain"})
    assert (
        variable.status_code == 400
        and "error at 1:39: expected one of ['0'..='9'], ['_'], [_], a name character" in variable.text
    )
    assert "\\u{" not in variable.text
