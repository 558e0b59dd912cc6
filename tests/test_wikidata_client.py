"""The Wikidata client against a local HTTP server (pytest-httpserver) answering as the Wikidata API documents:
search hits, batches, missing and Cyrillic-only items, throttling (429 with Retry-After), maxlag errors, API errors,
the query service, the on-disk cache and offline runs."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

from server import __version__
from server.linking.wditem import parse_item
from server.linking.wikidata import ClientConfig, WikidataClient, WikidataError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wikidata"
SEARCH_EN = json.loads((FIXTURES / "search" / "en.json").read_text(encoding="utf-8"))
MAXLAG = {
    "error": {
        "code": "maxlag",
        "info": "Waiting for 10.64.48.23: 5.2 seconds lagged.",
        "host": "10.64.48.23",
        "lag": 5.2,
        "type": "db",
        "*": "See https://www.wikidata.org/w/api.php for API usage.",
    },
    "servedby": "mw1420",
}


def entity(qid: str) -> dict:
    return json.loads((FIXTURES / "entities" / f"{qid}.json").read_text(encoding="utf-8"))


def client(httpserver: HTTPServer, tmp_path: Path | None = None, **options) -> WikidataClient:
    settings = {
        "api_url": httpserver.url_for("/w/api.php"),
        "sparql_url": httpserver.url_for("/sparql"),
        "min_interval": 0.0,
        "backoff": 0.01,
        **options,
    }
    if tmp_path is not None:
        settings["cache"] = tmp_path / "cache"
    return WikidataClient(ClientConfig(**settings))


def get_entities_handler(request: Request) -> Response:
    ids = request.args["ids"].split("|")
    found = {}
    for qid in ids:
        path = FIXTURES / "entities" / f"{qid}.json"
        found[qid] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"id": qid, "missing": ""}
    return Response(json.dumps({"entities": found, "success": 1}), mimetype="application/json")


def test_search_sends_etiquette_and_reads_hits(httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request(
        "/w/api.php",
        query_string={
            "action": "wbsearchentities",
            "search": "Ivan Maslennikov",
            "language": "en",
            "uselang": "en",
            "type": "item",
            "limit": "10",
            "format": "json",
            "maxlag": "5",
        },
    ).respond_with_json(SEARCH_EN["Ivan Maslennikov"])
    hits = client(httpserver).search("Ivan Maslennikov", "en")
    assert [(h.id, h.description) for h in hits] == [
        ("Q990002", "Soviet general (1900–1954)"),
        ("Q990003", "Russian ice hockey player, born 1985"),
    ]
    agent = httpserver.log[0][0].headers["User-Agent"]
    assert agent.startswith(f"Depesha/{__version__} (https://w3id.org/depesha/;") and "python-requests/" in agent


def test_throttled_request_waits_as_retry_after_says(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/w/api.php").respond_with_response(
        Response("Too many requests", 429, headers={"Retry-After": "1"})
    )
    httpserver.expect_ordered_request("/w/api.php").respond_with_json(SEARCH_EN["Tabriz"])
    wikidata = client(httpserver)
    started = time.monotonic()
    hits = wikidata.search("Tabriz", "en")
    assert time.monotonic() - started >= 1.0
    assert wikidata.waits == [1.0] and wikidata.requests_made == 2
    assert {h.id for h in hits} == {"Q990033", "Q990034", "Q990036"}


def test_maxlag_error_is_retried_after_its_retry_after(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/w/api.php").respond_with_response(
        Response(
            json.dumps(MAXLAG), 200, headers={"Retry-After": "1", "X-Database-Lag": "5"}, mimetype="application/json"
        )
    )
    httpserver.expect_ordered_request("/w/api.php").respond_with_json(SEARCH_EN["Astara"])
    wikidata = client(httpserver)
    assert [h.id for h in wikidata.search("Astara", "en")] == ["Q990081", "Q990082"]
    assert wikidata.waits == [1.0]


def test_unavailable_backs_off_exponentially_then_gives_up(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/w/api.php").respond_with_data("Service Unavailable", status=503)
    wikidata = client(httpserver, retries=3, backoff=0.02)
    with pytest.raises(WikidataError, match=r"after 4 attempts \(last: HTTP 503\)"):
        wikidata.search("Baku", "en")
    assert wikidata.waits == [0.02, 0.04, 0.08] and len(httpserver.log) == 4


def test_retry_after_is_capped(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/w/api.php").respond_with_response(
        Response("", 429, headers={"Retry-After": "3600"})
    )
    httpserver.expect_ordered_request("/w/api.php").respond_with_json(SEARCH_EN["Osku"])
    wikidata = client(httpserver, max_wait=0.05)
    wikidata.search("Osku", "en")
    assert wikidata.waits == [0.05]


def test_api_error_is_reported_at_once(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/w/api.php").respond_with_json(
        {
            "error": {"code": "no-such-entity", "info": 'Could not find an entity with the ID "X1".', "id": "X1"},
            "servedby": "mw1",
        }
    )
    with pytest.raises(WikidataError, match="no-such-entity: Could not find an entity"):
        client(httpserver).entities(["X1"])
    assert len(httpserver.log) == 1


def test_answer_that_is_not_json_is_an_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/w/api.php").respond_with_data("<html>maintenance</html>", content_type="text/html")
    with pytest.raises(WikidataError, match="not JSON"):
        client(httpserver).search("Baku", "en")


def test_entities_in_batches_of_fifty_missing_left_out(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/w/api.php").respond_with_handler(get_entities_handler)
    ids = ["Q990002", "Q990016"] + [f"Q{n}" for n in range(1, 119)]  # 120 ids, the 118 made-up ones missing
    found = client(httpserver).entities(ids)
    assert sorted(found) == ["Q990002", "Q990016"]
    batches = [request.args["ids"].split("|") for request, _ in httpserver.log]
    assert [len(b) for b in batches] == [50, 50, 20]
    assert all(
        r.args["props"] == "info|labels|aliases|descriptions|claims" and r.args["languages"] == "en|ru"
        for r, _ in httpserver.log
    )
    cyrillic = parse_item(found["Q990016"].body)  # an item with Russian labels only
    assert cyrillic.label == "Алексей Николаевич Козлов" and "en" not in cyrillic.labels
    assert (cyrillic.born.text, cyrillic.born.precision, cyrillic.died.end.isoformat()) == ("1904", 9, "1982-12-31")
    general = parse_item(found["Q990002"].body)
    assert general.instance_of == ("Q5",) and general.countries == ("Q15180",)
    assert general.born.text == "1900-09-16" and general.revision > 0


def test_cache_makes_a_rerun_request_nothing_and_work_offline(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/w/api.php").respond_with_handler(
        lambda request: (
            get_entities_handler(request)
            if request.args["action"] == "wbgetentities"
            else Response(json.dumps(SEARCH_EN[request.args["search"]]), mimetype="application/json")
        )
    )
    first = client(httpserver, tmp_path)
    first.search("Zanjan", "en")
    first.entities(["Q990091", "Q990092", "Q1"])
    assert first.requests_made == 2
    second = client(httpserver, tmp_path)
    assert [h.id for h in second.search("Zanjan", "en")] == ["Q990091", "Q990092"]
    assert sorted(second.entities(["Q990091", "Q1"])) == ["Q990091"]  # a missing item is remembered as missing
    assert second.requests_made == 0
    offline = client(httpserver, tmp_path, offline=True)
    assert offline.entities(["Q990092"])["Q990092"].body["id"] == "Q990092"
    with pytest.raises(WikidataError, match="offline: no cached answer for search"):
        offline.search("Rasht", "en")
    assert offline.requests_made == 0 and len(httpserver.log) == 2


def test_rate_limit_spaces_requests(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/w/api.php").respond_with_json(SEARCH_EN["Osku"])
    wikidata = client(httpserver, min_interval=0.2)
    started = time.monotonic()
    for _ in range(3):
        wikidata.search("Osku", "en")
    assert time.monotonic() - started >= 0.4


def test_query_service_rows(httpserver: HTTPServer) -> None:
    body = {
        "head": {"vars": ["class", "root"]},
        "results": {
            "bindings": [
                {
                    "class": {"type": "uri", "value": "http://www.wikidata.org/entity/Q990918"},
                    "root": {"type": "uri", "value": "http://www.wikidata.org/entity/Q56061"},
                }
            ]
        },
    }
    httpserver.expect_request("/sparql", query_string={"query": "SELECT * {}", "format": "json"}).respond_with_json(
        body, content_type="application/sparql-results+json"
    )
    rows = client(httpserver).sparql("SELECT * {}")
    assert rows == [
        {"class": "http://www.wikidata.org/entity/Q990918", "root": "http://www.wikidata.org/entity/Q56061"}
    ]
    assert httpserver.log[0][0].headers["Accept"] == "application/sparql-results+json"


def test_deprecated_statements_are_ignored() -> None:
    data = entity("Q990033")
    wrong = json.loads(json.dumps(data["claims"]["P17"][0]))
    wrong["rank"] = "deprecated"
    wrong["mainsnak"]["datavalue"]["value"] = {"entity-type": "item", "numeric-id": 990907, "id": "Q990907"}
    data["claims"]["P17"].insert(0, wrong)
    item = parse_item(data)
    assert item.countries == ("Q794",) and item.coordinates == (46.2919, 38.08)
