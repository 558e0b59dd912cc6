"""The W3C Reconciliation Service API at /reconcile over the sample, asked over real HTTP as OpenRefine asks it."""

from __future__ import annotations

import json

import requests

from conftest import BASE


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
