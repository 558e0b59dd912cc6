"""Counts of documents (issue 18): every count counts the archive's documents (crm:E31_Document) once each, however
many texts (the original, a translation) name someone, and counts the documents of those credited on them
(translator, contributor, funder, the archive that keeps them). The browse lists, the entity pages and the example
queries count with the one pattern of ontology/paths.py."""

from __future__ import annotations

import re

import pytest
import requests

from conftest import BASE, PREFIXES, ROOT, select
from ontology.paths import documents_of
from server.web.site.browse import LIST_QUERIES
from server.web.site.browse import PREFIXES as LIST_PREFIXES

BROWSER = {"Accept": "text/html"}
ROW = re.compile(r'<tr><td><a href="(/id/[^"]+)"[^>]*>[^<]*</a></td><td>[^<]*</td><td>(\d+)</td></tr>')
TOTAL = re.compile(r"<h2>Documents \((\d+)\)</h2>")
CREDITED = ["person/gary-goldberg", "person/jamil-hasanli", "group/leon-levy-foundation", "group/rgaspi"]
IN_LIST = {
    "/people": [*CREDITED, "person/joseph-stalin", "person/mir-jafar-baghirov", "group/iranian-gendarmerie"],
    "/places": ["place/tabriz", "place/baku", "place/moscow"],
}


def listed(url: str, path: str) -> dict[str, int]:
    page = requests.get(url + path, headers=BROWSER, timeout=30)
    assert page.status_code == 200
    return {href: int(n) for href, n in ROW.findall(page.text)}


@pytest.mark.parametrize("path", sorted(IN_LIST))
def test_a_one_document_store_lists_one_document_for_everyone_in_it(server: str, path: str) -> None:
    counts = listed(server, path)
    assert counts and set(counts.values()) <= {0, 1}, counts
    for entity in IN_LIST[path]:
        assert counts[f"/id/{entity}"] == 1, entity


def test_each_listed_count_is_the_number_of_documents_on_the_entity_page(server: str) -> None:
    counts = listed(server, "/people") | listed(server, "/places")
    for href, count in counts.items():
        page = requests.get(server + href, headers=BROWSER, timeout=30)
        found = TOTAL.search(page.text)
        assert found and int(found.group(1)) == count, (href, count, found and found.group(1))


@pytest.mark.parametrize(
    ("entity", "role"),
    [
        ("person/gary-goldberg", "translator"),
        ("person/jamil-hasanli", "contributor"),
        ("group/leon-levy-foundation", "funder"),
        ("group/rgaspi", "archive"),
    ],
)
def test_the_page_of_someone_credited_lists_the_document_with_their_part(server: str, entity: str, role: str) -> None:
    page = requests.get(f"{server}/id/{entity}", headers=BROWSER, timeout=30).text
    assert "<h2>Documents (1)</h2>" in page and 'href="/id/document/119111"' in page
    assert f'<span class="roles">{role}</span>' in page


def test_the_cookbook_counts_documents_not_texts(server: str) -> None:
    """The natural query counts the translation as a second document; the cookbook's counts each document once."""
    naive = select(
        server,
        PREFIXES
        + "SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE { ?doc crm:P67_refers_to <"
        + BASE
        + "id/person/joseph-stalin> }",
    )
    assert naive == [{"n": "2"}]  # the original and its translation: the trap the cookbook's description names
    rows = select(server, (ROOT / "queries" / "documents-per-person.rq").read_text(encoding="utf-8"))
    counts = {row["entity"].removeprefix(BASE + "id/"): row["documents"] for row in rows}
    assert set(counts.values()) == {"1"}, counts
    for entity in [*CREDITED, "person/joseph-stalin", "person/mir-jafar-baghirov", "person/gary-goldberg"]:
        assert counts[entity] == "1", entity


# each example query that counts documents per person, group or place: (file, its entity variable)
COUNTING_QUERIES = [
    ("documents-per-person", "?entity"),
    ("places-with-coordinates", "?place"),
    ("entities-without-wikidata", "?entity"),
    ("wikidata-places-population", "?place"),
]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("name", "entity"), COUNTING_QUERIES)
def test_example_queries_count_with_the_one_pattern(name: str, entity: str) -> None:
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    assert flat(documents_of(entity, "?document", prefixed=True)) in flat(text)
    assert "COUNT(DISTINCT ?document)" in text


def test_the_pattern_in_full_iris_says_what_the_prefixed_one_says() -> None:
    full = documents_of("?e", "?d")
    assert "crm:" not in full and "dv:" not in full
    assert "<http://www.cidoc-crm.org/cidoc-crm/P73_has_translation>" in full
    assert "?dTranslation" in full and "?dActivity" in full


@pytest.mark.parametrize(
    ("path", "name", "variable"), [("/people", "people", "entity"), ("/places", "places", "place")]
)
def test_the_query_behind_a_list_gives_its_counts(server: str, path: str, name: str, variable: str) -> None:
    rows = select(server, LIST_PREFIXES + LIST_QUERIES[name])
    queried = {"/" + row[variable].removeprefix(BASE): int(row["documents"]) for row in rows}
    assert queried == listed(server, path)
