"""Dereferencing over real HTTP against a real ``depesha serve``: content negotiation with each Accept type, suffixes
and ``format=``, Vary / Link / Content-Location, ETag and Last-Modified with 304, 404 for unknown IRIs, graph IRIs,
the dataset, the JSON-LD context, and the dumps the VoID lists with their checksums."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest
import rdflib
import requests
from pyoxigraph import NamedNode, RdfFormat, parse
from rdflib.compare import isomorphic

from conftest import BASE, SAMPLE, depesha, start_server

DOC_PATH = "/id/document/119111"
DOC = BASE + DOC_PATH.lstrip("/")
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RDF_TYPES = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
}
SUFFIX = {
    "text/turtle": ".ttl",
    "application/n-triples": ".nt",
    "application/rdf+xml": ".rdf",
    "application/ld+json": ".jsonld",
    "text/html": ".html",
}


def get(url: str, path: str, accept: str | None = None, **headers: str) -> requests.Response:
    if accept is not None:
        headers["Accept"] = accept
    return requests.get(url + path, headers=headers, timeout=30)


def triples_of(response: requests.Response, server: str) -> set[tuple[str, str, str]]:
    media_type = response.headers["Content-Type"].split(";")[0]
    data = response.content
    if media_type == "application/ld+json":
        data = inline_context(response, server)
    return {(t.subject.value, t.predicate.value, t.object.value) for t in parse(data, format=RDF_TYPES[media_type])}


def inline_context(response: requests.Response, server: str) -> bytes:
    document = response.json()
    assert document["@context"] == server + "/context.jsonld"
    document["@context"] = requests.get(document["@context"], timeout=30).json()["@context"]
    return json.dumps(document).encode()


@pytest.mark.parametrize("accept", list(RDF_TYPES))
def test_each_rdf_accept_type_gets_that_format(server: str, accept: str) -> None:
    response = get(server, DOC_PATH, accept)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == accept
    assert response.headers["Vary"] in ("Accept", "Accept, Host")  # Host: no --public-url was given
    assert response.headers["Content-Location"] == DOC_PATH + SUFFIX[accept]
    found = triples_of(response, server)
    assert (
        DOC,
        LABEL,
        "Telegram from Baku to Moscow, M.D. Bagriov and I.I. Maslennikov to Cdes. Stalin, Molotov, Beria, and Malenkov",
    ) in found
    assert any(s.startswith(DOC + "/annotation/") for s, _, _ in found)  # the whole document graph


def test_browsers_get_html_and_any_gets_turtle(server: str) -> None:
    page = get(server, DOC_PATH, BROWSER)
    assert page.status_code == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.headers["Content-Location"] == DOC_PATH + ".html"
    assert "<h1" in page.text and "Bagriov" in page.text
    assert get(server, DOC_PATH, "*/*").headers["Content-Type"].startswith("text/turtle")
    assert get(server, DOC_PATH).headers["Content-Type"].startswith("text/turtle")


def test_link_header_names_every_representation(server: str) -> None:
    links = get(server, "/id/person/joseph-stalin", "text/turtle").headers["Link"]
    for media_type, suffix in SUFFIX.items():
        assert f'</id/person/joseph-stalin{suffix}>; rel="alternate"; type="{media_type}"' in links
    for media_type, suffix in SUFFIX.items():
        response = get(server, "/id/person/joseph-stalin" + suffix)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(media_type)


def test_suffix_and_format_parameter_override_accept(server: str) -> None:
    by_suffix = get(server, DOC_PATH + ".nt", "text/html")
    assert by_suffix.headers["Content-Type"].startswith("application/n-triples")
    assert "Accept" not in by_suffix.headers.get("Vary", "") and "Content-Location" not in by_suffix.headers
    by_parameter = get(server, DOC_PATH + "?format=jsonld", "text/turtle")
    assert by_parameter.headers["Content-Type"] == "application/ld+json"
    assert triples_of(by_suffix, server) == triples_of(by_parameter, server)
    assert get(server, DOC_PATH + ".html", "text/turtle").headers["Content-Type"].startswith("text/html")


def test_client_mistakes_are_4xx(server: str) -> None:
    wrong_format = get(server, DOC_PATH + "?format=docx", "application/problem+json")
    assert wrong_format.status_code == 400 and "format=docx" in wrong_format.json()["detail"]
    unacceptable = get(server, DOC_PATH, "image/png")
    assert unacceptable.status_code == 406 and "text/turtle" in unacceptable.text
    assert get(server, "/id/person/joseph-stalin.nq").status_code == 404  # quads are for graphs
    assert get(server, "/id/person/joseph-stalin?page=abc", BROWSER).status_code == 400


def test_unknown_iri_is_a_404_page_not_a_trace(server: str) -> None:
    page = get(server, "/id/person/nobody-at-all", BROWSER)
    assert page.status_code == 404 and page.headers["Content-Type"].startswith("text/html")
    assert "Not Found" in page.text and f"{BASE}id/person/nobody-at-all" in page.text
    assert "Traceback" not in page.text
    problem = get(server, "/id/person/nobody-at-all", "application/problem+json")
    assert problem.status_code == 404 and problem.json()["status"] == 404
    assert get(server, "/no/such/path", "text/turtle").status_code == 404
    for not_an_iri in ("/id/a%20b", "/id/%3C%3E", "/id/%00x", "/graph/%20", "/concept/%3C"):
        assert get(server, not_an_iri, BROWSER).status_code == 404, not_an_iri


def test_conditional_get_answers_304(server: str) -> None:
    first = get(server, DOC_PATH, "text/turtle")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert get(server, DOC_PATH, "text/turtle", **{"If-None-Match": etag}).status_code == 304
    assert get(server, DOC_PATH, "text/turtle", **{"If-Modified-Since": modified}).status_code == 304
    other_format = get(server, DOC_PATH, "application/n-triples", **{"If-None-Match": etag})
    assert other_format.status_code == 200 and other_format.headers["ETag"] != etag
    html = get(server, DOC_PATH, BROWSER)
    assert get(server, DOC_PATH, BROWSER, **{"If-None-Match": html.headers["ETag"]}).status_code == 304
    assert get(server, DOC_PATH, "text/turtle", **{"If-None-Match": '"stale"'}).status_code == 200


def test_jsonld_uses_the_published_context_and_says_the_same_as_turtle(server: str) -> None:
    jsonld = get(server, DOC_PATH, "application/ld+json")
    context = get(server, "/context.jsonld")
    assert context.status_code == 200 and context.headers["Content-Type"] == "application/ld+json"
    assert "refersTo" in json.dumps(jsonld.json())  # compacted with the context's terms
    from_jsonld = rdflib.Graph().parse(data=inline_context(jsonld, server), format="json-ld")
    from_turtle = rdflib.Graph().parse(data=get(server, DOC_PATH, "text/turtle").text, format="turtle")
    assert len(from_turtle) > 100 and isomorphic(from_jsonld, from_turtle)


def test_graph_iris_and_the_dataset_dereference(server: str) -> None:
    nquads = get(server, "/graph/document/119111", "application/n-quads")
    quads = list(parse(nquads.content, format=RdfFormat.N_QUADS))
    assert quads and {q.graph_name for q in quads} == {NamedNode(BASE + "graph/document/119111")}
    assert get(server, "/graph/entities", "application/trig").headers["Content-Type"] == "application/trig"
    assert get(server, "/graph/nothing", "text/turtle").status_code == 404
    void = triples_of(get(server, "/.well-known/void", "text/turtle"), server)
    assert (
        BASE + "dataset",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://rdfs.org/ns/void#Dataset",
    ) in void
    assert void == triples_of(get(server, "/dataset", "text/turtle"), server)
    vocab = get(server, "/vocab", "text/turtle")
    assert vocab.status_code == 200 and "skos:ConceptScheme" in vocab.text


def test_dumps_match_the_checksums_in_the_void(server: str) -> None:
    void = triples_of(get(server, "/.well-known/void", "text/turtle"), server)
    parts = sorted(o for s, p, o in void if p == "http://rdfs.org/ns/void#dataDump")
    record_part = "documents-" + hashlib.sha256(b"119111").hexdigest()[0]
    assert [d.rsplit("/", 1)[-1] for d in parts] == [
        f"depesha-{record_part}.nq.gz",
        f"depesha-{record_part}.trig.gz",
        "depesha-shared.nq.gz",
        "depesha-shared.trig.gz",
    ]
    downloads = {}
    for dump in parts:
        checksum = next(o for s, p, o in void if s == dump + "#sha256" and p.endswith("checksumValue"))
        size = next(o for s, p, o in void if s == dump and p == "http://www.w3.org/ns/dcat#byteSize")
        data = downloads[dump] = get(server, "/" + dump[len(BASE) :]).content
        assert hashlib.sha256(data).hexdigest() == checksum and len(data) == int(size)
    assert b"graph/document/119111" in gzip.decompress(downloads[BASE + f"dumps/depesha-{record_part}.nq.gz"])
    assert b"graph/entities" in gzip.decompress(downloads[BASE + "dumps/depesha-shared.nq.gz"])
    for kind, rdf_format in (("nq", RdfFormat.N_QUADS), ("trig", RdfFormat.TRIG)):
        whole_iri = BASE + f"dumps/depesha.{kind}.gz"
        members = sorted(o for s, p, o in void if s == whole_iri and p == "http://purl.org/dc/terms/hasPart")
        response = get(server, f"/dumps/depesha.{kind}.gz")
        assert response.content == b"".join(downloads[m] for m in members)  # the parts one after the other
        size = next(o for s, p, o in void if s == whole_iri and p == "http://www.w3.org/ns/dcat#byteSize")
        assert len(response.content) == int(size) == int(response.headers["Content-Length"])
        assert (
            get(server, f"/dumps/depesha.{kind}.gz", **{"If-None-Match": response.headers["ETag"]}).status_code == 304
        )
        whole = set(parse(gzip.decompress(response.content), format=rdf_format))
        assert not any(q.graph_name == NamedNode(BASE + "graph/meta") for q in whole)
        assert {q.graph_name for q in whole} == {
            NamedNode(BASE + g) for g in ("graph/document/119111", "graph/entities", "graph/vocab")
        }
    whole = set(parse(gzip.decompress(get(server, "/dumps/depesha.nq.gz").content), format=RdfFormat.N_QUADS))
    one = get(server, "/dumps/document/119111.nq.gz")
    assert one.headers["Content-Type"] == "application/gzip"
    document_quads = set(parse(gzip.decompress(one.content), format=RdfFormat.N_QUADS))
    assert document_quads and document_quads <= whole
    trig = get(server, "/dumps/document/119111.trig")
    assert set(parse(trig.content, format=RdfFormat.TRIG)) == document_quads
    assert get(server, "/dumps/document/999.nq").status_code == 404


def test_the_base_is_mapped_onto_the_request_host(tmp_path: Path) -> None:
    store = tmp_path / "store"
    base = "https://archive.example.org/data/"
    depesha("build", str(SAMPLE), "--store", str(store), "--base", base)
    process, url = start_server(store)  # the store remembers its base
    try:
        turtle = get(url, DOC_PATH, "text/turtle")
        assert turtle.status_code == 200 and f"<{base}id/document/119111>" in turtle.text
        page = get(url, DOC_PATH, BROWSER).text
        assert 'href="/id/person/joseph-stalin"' in page and f'href="{base}' not in page
    finally:
        process.terminate()
        process.wait(timeout=10)
