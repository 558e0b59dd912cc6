"""The W3C Reconciliation Service API at /reconcile over the sample, asked over real HTTP as OpenRefine asks it."""

from __future__ import annotations

import json

import requests
from jsonschema import Draft202012Validator

from conftest import BASE, ROOT


def test_manifest(server: str) -> None:
    manifest = requests.get(server + "/reconcile", timeout=30).json()
    assert "0.2" in manifest["versions"] and manifest["identifierSpace"] == BASE + "id/"
    assert [t["id"] for t in manifest["defaultTypes"]] == ["E21_Person", "E74_Group", "E53_Place"]
    assert manifest["preview"]["url"] == server + "/reconcile/preview?id={{id}}"
    assert manifest["view"]["url"] == BASE + "id/{{id}}"


def test_single_query_across_scripts_and_cases(server: str) -> None:
    for name in ("Bagirov", "БАГИРОВУ", "M.D. Bagriov"):
        result = requests.get(server + "/reconcile", params={"query": name}, timeout=30).json()["result"]
        assert result[0]["id"] == "person/mir-jafar-baghirov" and result[0]["match"] is True, (name, result)
        assert result[0]["type"] == [{"id": "E21_Person", "name": "Person"}]
        assert result[0]["features"][0]["id"] == "name" and 0 <= result[0]["score"] <= 100


def test_batch_with_type_filter_and_limit(server: str) -> None:
    queries = {
        "q0": {"query": "Маслеников", "type": "E21_Person", "limit": 2},
        "q1": {"query": "Tabriz", "type": "http://www.cidoc-crm.org/cidoc-crm/E53_Place"},
        "q2": {"query": "Tabriz", "type": "E21_Person"},
        "q3": {"query": "Nobody Atall"},
    }
    answer = requests.post(
        server + "/reconcile", data={"queries": json.dumps(queries, ensure_ascii=False)}, timeout=30
    ).json()
    assert set(answer) == {"q0", "q1", "q2", "q3"}
    assert answer["q0"]["result"][0]["id"] == "person/ivan-maslennikov" and len(answer["q0"]["result"]) <= 2
    assert answer["q1"]["result"][0]["id"] == "place/tabriz" and answer["q1"]["result"][0]["match"] is True
    assert all(r["type"][0]["id"] == "E21_Person" for r in answer["q2"]["result"])
    assert not any(r["match"] for r in answer["q3"]["result"])


def test_jsonp_callback(server: str) -> None:
    response = requests.get(server + "/reconcile", params={"callback": "jsonp123"}, timeout=30)
    assert response.headers["Content-Type"].startswith("application/javascript")
    assert response.text.startswith("jsonp123({") and response.text.endswith("});")


def test_client_mistakes_are_400_naming_the_problem(server: str) -> None:
    bad_json = requests.post(server + "/reconcile", data={"queries": "{not json"}, timeout=30)
    assert bad_json.status_code == 400 and "'queries' is not JSON" in bad_json.text
    ship = json.dumps({"q0": {"query": "x", "type": "Ship"}})
    bad_type = requests.post(server + "/reconcile", data={"queries": ship}, timeout=30)
    assert bad_type.status_code == 400 and "unknown type 'Ship'" in bad_type.text
    zero = json.dumps({"query": "x", "limit": 0})
    bad_limit = requests.get(server + "/reconcile", params={"query": zero}, timeout=30)
    assert bad_limit.status_code == 400 and "limit" in bad_limit.text


def test_preview(server: str) -> None:
    page = requests.get(server + "/reconcile/preview", params={"id": "person/joseph-stalin"}, timeout=30)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "Joseph Stalin" in page.text and "Q855" in page.text and "document" in page.text
    assert requests.get(server + "/reconcile/preview", params={"id": "person/nobody"}, timeout=30).status_code == 404


SCHEMAS = ROOT / "tests" / "schemas" / "reconciliation"


def valid(answer: object, schema: str) -> object:
    """``answer`` checked against one of the Reconciliation API's schemas (tests/schemas/reconciliation)."""
    validator = Draft202012Validator(json.loads((SCHEMAS / f"{schema}.json").read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(answer)]
    assert errors == [], errors
    return answer


def single(server: str, query: object) -> list[dict]:
    response = requests.get(server + "/reconcile", params={"query": json.dumps(query)}, timeout=30)
    assert response.status_code == 200, response.text
    return valid(response.json(), "v0.2-result-batch")["result"]


def test_nonsense_matches_nothing(server: str) -> None:
    for nonsense in ("Nobody Atall", "qwerty asdf", "Pizza Margherita", "xyzzy", "Banana", {"query": " "}):
        assert single(server, nonsense) == [], nonsense
    assert single(server, "Tavriz")[0]["id"] == "place/tabriz"  # a spelling of a real name still matches


def test_manifests_and_answers_follow_the_schemas(server: str) -> None:
    valid(requests.get(server + "/reconcile", timeout=30).json(), "v0.2-manifest")
    v1 = valid(requests.get(server + "/reconcile/1.0-draft", timeout=30).json(), "v1.0-draft-manifest")
    assert v1["view"]["url"] == BASE + "id/{+id}" and v1["suggest"] == {"entity": True, "type": True, "property": True}
    queries = {"q0": {"query": "Stalin", "type": "E21_Person"}, "q1": "Tabriz"}
    batch = requests.post(server + "/reconcile", data={"queries": json.dumps(queries)}, timeout=30).json()
    assert valid(batch, "v0.2-result-batch")["q0"]["result"][0]["id"] == "person/joseph-stalin"


def test_documents_are_counted_once_not_once_per_translation(server: str) -> None:
    stalin = single(server, "Stalin")[0]
    assert stalin["id"] == "person/joseph-stalin" and "named in 1 document" in stalin["description"]
    assert "2 documents" not in stalin["description"] and "wd:Q855" in stalin["description"]


def test_properties_are_matched(server: str) -> None:
    named = single(server, {"query": "Tabriz", "properties": [{"pid": "document", "v": "119111"}]})[0]
    assert named["id"] == "place/tabriz" and named["score"] == 100 and named["match"] is True
    assert {"id": "document", "name": "Named in document", "value": 100} in named["features"]
    elsewhere = single(server, {"query": "Tabriz", "properties": [{"pid": "document", "v": "1"}]})[0]
    assert elsewhere["id"] == "place/tabriz" and elsewhere["score"] == 50 and elsewhere["match"] is False
    stalin = single(server, {"query": "Stalin", "properties": [{"pid": "wikidata", "v": {"id": "Q855"}}]})[0]
    assert stalin["id"] == "person/joseph-stalin" and stalin["score"] == 100
    within = single(server, {"query": "Tabriz", "type": "E53_Place", "properties": [{"pid": "within", "v": "Iran"}]})
    assert within[0]["id"] == "place/tabriz" and within[0]["score"] == 100
    unknown = requests.get(
        server + "/reconcile",
        params={"query": json.dumps({"query": "x", "properties": [{"pid": "P31", "v": "Q5"}]})},
        timeout=30,
    )
    assert unknown.status_code == 400 and "unknown property 'P31'" in unknown.text and "'document'" in unknown.text


def test_type_strict(server: str) -> None:
    assert single(server, {"query": "Tabriz", "type": "E21_Person", "type_strict": "any"}) == []
    should = single(server, {"query": "Tabriz", "type": "E21_Person", "type_strict": "should"})
    assert should[0]["id"] == "place/tabriz" and should[0]["score"] == 80
    assert single(server, {"query": "Tabriz", "type": ["E53_Place", "E74_Group"], "type_strict": "all"}) == []
    assert single(server, {"query": "Tabriz", "type": ["E53_Place"], "type_strict": "all"})[0]["id"] == "place/tabriz"
    wrong = requests.get(
        server + "/reconcile", params={"query": json.dumps({"query": "x", "type_strict": "maybe"})}, timeout=30
    )
    assert wrong.status_code == 400 and "'type_strict' is one of any, all, should" in wrong.text


def test_an_unknown_field_is_refused_not_ignored(server: str) -> None:
    response = requests.get(
        server + "/reconcile", params={"query": json.dumps({"query": "x", "typo_strict": "any"})}, timeout=30
    )
    assert response.status_code == 400 and "unknown field 'typo_strict'" in response.text


def test_a_whole_float_limit_is_a_limit(server: str) -> None:
    assert len(single(server, {"query": "Tabriz", "limit": 1.0})) == 1
    half = requests.get(server + "/reconcile", params={"query": json.dumps({"query": "x", "limit": 3.5})}, timeout=30)
    assert half.status_code == 400 and "'limit' must be a whole number from 1 to 100 (got 3.5)" in half.text


def test_a_1_0_draft_batch_posted_as_json_is_answered(server: str) -> None:
    batch = {
        "queries": [
            {"conditions": [{"matchType": "name", "v": "Tavriz"}]},
            {"query": "Stalin", "limit": 3.0},
            {
                "conditions": [{"matchType": "property", "pid": "document", "v": "119111", "required": True}],
                "type": "E53_Place",
                "limit": 2,
            },
            {"conditions": [{"matchType": "name", "v": "Nobody Atall"}]},
        ]
    }
    for path in ("/reconcile", "/reconcile/1.0-draft/reconcile", "/reconcile/reconcile"):
        response = requests.post(server + path, json=batch, timeout=30)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
        results = valid(response.json(), "v1.0-draft-result-batch")["results"]
        assert [r["candidates"][0]["id"] for r in results[:2]] == ["place/tabriz", "person/joseph-stalin"]
        assert len(results[2]["candidates"]) == 2 and all(
            c["type"][0]["id"] == "E53_Place" for c in results[2]["candidates"]
        )
        assert results[3]["candidates"] == []
    wrong = requests.post(server + "/reconcile", json={"queries": [{"conditions": []}]}, timeout=30)
    assert wrong.status_code == 400 and "queries[0]" in wrong.text
    nothing = requests.post(server + "/reconcile", data=b"", headers={"Content-Type": "text/plain"}, timeout=30)
    assert nothing.status_code == 400 and "nothing to reconcile" in nothing.text


def test_suggest_services_as_the_manifests_declare_them(server: str) -> None:
    manifest = requests.get(server + "/reconcile", timeout=30).json()
    for kind, prefix, first in (
        ("entity", "Tav", "place/tabriz"),
        ("type", "pla", "E53_Place"),
        ("property", "doc", "document"),
    ):
        service = manifest["suggest"][kind]
        old = requests.get(service["service_url"] + service["service_path"], params={"prefix": prefix}, timeout=30)
        assert valid(old.json(), "v0.2-suggest")["result"][0]["id"] == first, (kind, old.text)
        new = requests.get(f"{server}/reconcile/1.0-draft/suggest/{kind}", params={"prefix": prefix}, timeout=30)
        assert valid(new.json(), "v1.0-draft-suggest")["result"][0]["id"] == first
    stalin = requests.get(server + "/reconcile/suggest/entity", params={"prefix": "Стал"}, timeout=30).json()
    assert (
        stalin["result"][0]["id"] == "person/joseph-stalin"
        and "named in 1 document" in stalin["result"][0]["description"]
    )
    everyone = requests.get(server + "/reconcile/suggest/entity", params={"prefix": ""}, timeout=30).json()["result"]
    more = requests.get(server + "/reconcile/suggest/entity", params={"prefix": "", "cursor": 10}, timeout=30).json()
    assert (
        len(everyone) == 10 and more["result"] and not {e["id"] for e in everyone} & {e["id"] for e in more["result"]}
    )
    bad_cursor = requests.get(server + "/reconcile/suggest/entity", params={"prefix": "a", "cursor": "x"}, timeout=30)
    assert bad_cursor.status_code == 400 and "cursor" in bad_cursor.text
