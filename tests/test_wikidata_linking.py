"""Linking to Wikidata end to end: a store built by the real command line, ``depesha link`` against recorded Wikidata
answers on loopback, the review file, the next ``depesha build`` adding links, candidates and enrichment with
provenance, curators' decisions, and federated queries through the endpoint's SERVICE allow-list."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import requests
from wikidata_replay import Replay, serving

from conftest import BASE, FIXTURES, PREFIXES, ROOT, SAMPLE, depesha, select, start_server
from converter.errors import ConfigError
from server.linking.linking import CAP, EntityRecord, rank, score
from server.linking.linktypes import TypeOracle
from server.linking.review import dump_review, load_review
from server.linking.wditem import parse_item
from server.linking.wikidata import ClientConfig, WikidataClient

GOLD = {
    key: table["expected"]
    for key, table in tomllib.loads((ROOT / "bench" / "linking_gold.toml").read_text(encoding="utf-8")).items()
}
DOCUMENTS = [str(SAMPLE), *sorted(str(p) for p in FIXTURES.glob("*.md"))]
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"


@pytest.fixture(scope="module")
def replay() -> Iterator[tuple[Replay, str]]:
    recorded = Replay()
    with serving(recorded) as url:
        yield recorded, url


def link(store: Path, url: str, review: Path, cache: Path) -> str:
    return depesha(
        "link",
        "--store",
        str(store),
        "--api",
        url + "/w/api.php",
        "--sparql",
        url + "/sparql",
        "--cache",
        str(cache),
        "--review",
        str(review),
        "--rate",
        "100",
    ).stderr


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory, replay: tuple[Replay, str]) -> Iterator[tuple[Path, str, str]]:
    """A store of the sample and the fixtures, linked and rebuilt, served with the replay's SPARQL allowed."""
    folder = tmp_path_factory.mktemp("linked")
    store = folder / "store"
    depesha("build", *DOCUMENTS, "--store", str(store))
    output = link(store, replay[1], folder / "review.toml", folder / "cache")
    depesha("build", *DOCUMENTS, "--store", str(store))
    process, url = start_server(store, "--service-allow", replay[1] + "/sparql")
    yield store, url, output
    process.terminate()
    process.wait(timeout=10)


def test_link_writes_only_correct_links_and_keeps_the_rest_as_candidates(linked, replay) -> None:
    store, _, output = linked
    assert "linked by rule" in output and "requests" in output
    entries = load_review(store.parent / "review.toml")
    decided = {key: entry.link()[0] for key, entry in entries.items() if entry.link()}
    assert decided, "nothing linked"
    assert all(GOLD[key] == qid for key, qid in decided.items() if key in GOLD), {
        k: (q, GOLD[k]) for k, q in decided.items() if k in GOLD and GOLD[k] != q
    }
    assert decided["person/mir-jafar-baghirov"] == "Q990001" and decided["place/astara-iran"] == "Q990081"
    hasanli = entries["person/jamil-hasanli"]  # no dated mention and no context: a candidate, never linked on name
    assert not hasanli.link() and [c.id for c in hasanli.candidates] == ["Q990013"]
    assert hasanli.candidates[0].features == {"name": 100, "type": 100, "time": 50, "context": 50}
    maslennikov = {c.id for c in entries["person/ivan-maslennikov"].candidates}
    assert "Q990003" not in maslennikov  # the hockey player born 1985 scores too low to keep
    majlis = entries["group/majlis"]
    assert majlis.link()[0] == "Q990066" and majlis.curated == ""


def test_second_run_makes_no_request(linked, replay) -> None:
    store, _, _ = linked
    recorded, url = replay
    link(store, url, store.parent / "review.toml", store.parent / "cache")  # the store as rebuilt with the links
    before = len(recorded.log)
    output = link(store, url, store.parent / "review.toml", store.parent / "cache")
    assert "; 0 requests;" in output and len(recorded.log) == before


def test_build_adds_links_candidates_and_enrichment_with_provenance(linked) -> None:
    _, url, _ = linked
    person = f"<{BASE}id/person/mir-jafar-baghirov>"
    rows = select(
        url,
        PREFIXES
        + f"""SELECT ?item ?begin ?end ?source ?note WHERE {{
        {person} owl:sameAs ?item ; crm:P98i_was_born ?birth .
        ?birth a crm:E67_Birth ; crm:P4_has_time-span [ crm:P82a_begin_of_the_begin ?begin ;
                                                       crm:P82b_end_of_the_end ?end ] .
        ?assignment a crm:E13_Attribute_Assignment ; crm:P140_assigned_attribute_to {person} ;
            crm:P177_assigned_property_of_type crm:P98i_was_born ; crm:P141_assigned ?birth ;
            <http://purl.org/dc/terms/source> ?source ; crm:P3_has_note ?note }}""",
    )
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["item"] == "http://www.wikidata.org/entity/Q990001"
    assert (row["begin"], row["end"]) == ("1896-09-17T00:00:00", "1896-09-17T23:59:59")
    assert row["source"].startswith("https://www.wikidata.org/wiki/Special:EntityData/Q990001.json?revision=")
    assert "retrieved" in row["note"] and "127.0.0.1" in row["note"]
    link_note = select(
        url,
        PREFIXES
        + f"""SELECT ?note WHERE {{ ?a crm:P140_assigned_attribute_to {person} ;
        crm:P177_assigned_property_of_type owl:sameAs ; crm:P141_assigned ?item ; crm:P3_has_note ?note }}""",
    )
    assert link_note[0]["note"].startswith("Linked by rule: the unique candidate scoring 100")
    candidates = select(
        url,
        PREFIXES
        + f"""SELECT ?item ?score WHERE {{ <{BASE}id/person/jamil-hasanli>
        dv:candidateMatch ?c . ?c a dv:MatchCandidate ; dv:candidateItem ?item ; dv:matchScore ?score }}""",
    )
    assert candidates == [{"item": "http://www.wikidata.org/entity/Q990013", "score": "0.85"}]
    assert not select(url, PREFIXES + f"SELECT ?x WHERE {{ <{BASE}id/person/jamil-hasanli> owl:sameAs ?x }}")
    labels = select(
        url,
        PREFIXES
        + f"""SELECT ?label WHERE {{ <{BASE}id/person/walter-ulbricht> rdfs:label ?label
        FILTER(LANG(?label) = "ru") }}""",
    )
    assert labels == [{"label": "Вальтер Ульбрихт"}]  # the store had no Russian label: imported


def test_curated_id_wins_and_is_enriched(linked) -> None:
    _, url, _ = linked
    rows = select(
        url,
        PREFIXES
        + f"""SELECT ?item ?born WHERE {{ <{BASE}id/person/joseph-stalin> owl:sameAs ?item .
        OPTIONAL {{ <{BASE}id/person/joseph-stalin> crm:P98i_was_born/crm:P4_has_time-span/
                    crm:P82a_begin_of_the_begin ?born }} }}""",
    )
    assert rows == [{"item": "http://www.wikidata.org/entity/Q855", "born": "1878-12-18T00:00:00"}]


def test_every_triple_in_one_graph(linked) -> None:
    _, url, _ = linked
    assert (
        select(
            url,
            """SELECT ?s ?p ?o (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }
                          GROUP BY ?s ?p ?o HAVING (COUNT(?g) > 1) LIMIT 5""",
        )
        == []
    )


def test_curator_decisions_round_trip_and_are_honoured(tmp_path: Path, linked, replay) -> None:
    store, review = tmp_path / "store", tmp_path / "review.toml"
    depesha("build", str(SAMPLE), "--store", str(store))
    link(store, replay[1], review, linked[0].parent / "cache")
    text = review.read_text(encoding="utf-8")
    entries = load_review(review)
    assert dump_review(entries) == text
    entries["person/ivan-maslennikov"].candidates[0].decision = "reject"
    entries["person/jamil-hasanli"].candidates[0].decision = "accept"
    entries["person/joseph-stalin"].set = "Q990003"  # the authority file's Q855 must still win
    entries["person/georgy-malenkov"].set = "Q990007"
    review.write_text(dump_review(entries), encoding="utf-8")
    output = link(store, replay[1], review, linked[0].parent / "cache")  # a rerun keeps every decision
    assert "set = Q990003 is overridden by the authority file's Q855" in output
    kept = load_review(review)
    assert kept["person/ivan-maslennikov"].candidates[0].decision == "reject"
    assert kept["person/jamil-hasanli"].link() == ("Q990013", "accepted by a curator in the review file")
    assert kept["person/georgy-malenkov"].set == "Q990007"
    depesha("build", str(SAMPLE), "--store", str(store))  # nothing else changed: the review file alone triggers
    people = " ".join(f"<{BASE}id/person/{slug}>" for slug in ("ivan-maslennikov", "jamil-hasanli", "joseph-stalin"))
    result = depesha(
        "query",
        "--store",
        str(store),
        "-",
        "--format",
        "csv",
        input=f"SELECT ?e ?item WHERE {{ ?e <http://www.w3.org/2002/07/owl#sameAs> ?item VALUES ?e {{ {people} }} }}",
    )
    links = {
        line.split(",")[0].rsplit("/", 1)[-1]: line.split(",")[1].rsplit("/", 1)[-1]
        for line in result.stdout.splitlines()[1:]
    }
    assert links == {"jamil-hasanli": "Q990013", "joseph-stalin": "Q855"}


def test_review_file_errors_name_the_entry(tmp_path: Path) -> None:
    review = tmp_path / "review.toml"
    review.write_text(
        '["person/x"]\nset = "Q1"\n[["person/x".candidates]]\nid = "Q2"\ndecision = "maybe"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=r"\[person/x\]: decision = \"maybe\" for Q2"):
        load_review(review)


def test_federated_queries_through_the_endpoint(linked, replay) -> None:
    _, url, _ = linked
    local = replay[1] + "/sparql"
    results = {}
    for path in sorted((ROOT / "queries").glob("wikidata-*.rq")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# title: ") and "\n# description: " in text and f"SERVICE <{WIKIDATA_SPARQL}>" in text
        results[path.stem] = select(url, text.replace(WIKIDATA_SPARQL, local))
    births = {(r["name"], r["birthplaceName"]) for r in results["wikidata-senders-birthplaces"]}
    assert {("Mir Jafar Baghirov", "Quba"), ("Ivan Maslennikov", "Chalykla")} <= births
    offices = {
        (r["document"].rsplit("/", 1)[-1], r["name"], r["officeName"]) for r in results["wikidata-addressee-offices"]
    }
    assert {
        ("119111", "Joseph Stalin", "General Secretary of the Communist Party of the Soviet Union"),
        ("119111", "Joseph Stalin", "Chairman of the Council of People's Commissars of the USSR"),
    } <= offices
    places = [(r["name"], int(r["population"])) for r in results["wikidata-places-population"]]
    assert places[0] == ("Moscow", 4137000) and ("Tabriz", 272000) in places
    refused = requests.post(
        url + "/sparql",
        data={"query": (ROOT / "queries" / "wikidata-places-population.rq").read_text(encoding="utf-8")},
        timeout=30,
    )
    assert refused.status_code == 403 and WIKIDATA_SPARQL in refused.text


def items(*ids: str) -> list:
    folder = FIXTURES / "wikidata" / "entities"
    return [parse_item(json.loads((folder / f"{q}.json").read_text(encoding="utf-8"))) for q in ids]


def test_types_from_the_query_service_or_a_p279_walk(replay) -> None:
    _, url = replay
    asked = TypeOracle(
        WikidataClient(ClientConfig(api_url=url + "/w/api.php", sparql_url=url + "/sparql", min_interval=0.0))
    )
    asked.resolve(["Q990918", "Q990914"])
    assert asked.verdict("place", ["Q990918"])[0] == 100 and asked.verdict("place", ["Q990914"])[0] == 0
    walked = TypeOracle(
        WikidataClient(
            ClientConfig(api_url=url + "/w/api.php", sparql_url=url + "/nothing-here", min_interval=0.0, retries=0)
        )
    )
    walked.resolve(["Q990918", "Q990914"])
    assert walked.verdict("place", ["Q990918"])[0] == 100 and "walked P279" in walked.notes[0]
    assert walked.verdict("place", ["Q990914"])[0] == 50  # the walk found no root: not known either way


def test_namesakes_of_another_period_and_place_are_not_linked(replay) -> None:
    _, url = replay
    oracle = TypeOracle(
        WikidataClient(ClientConfig(api_url=url + "/w/api.php", sparql_url=url + "/sparql", min_interval=0.0))
    )
    general = EntityRecord(
        "person/ivan-maslennikov",
        "person",
        {"en": "Ivan Maslennikov"},
        ["I.I. Maslennikov"],
        period=(date(1945, 11, 24), date(1945, 11, 24)),
        context_ids={"Q15180"},
    )
    ranked = rank(general, items("Q990003", "Q990002"), oracle)
    assert [(s.item.id, s.auto) for s in ranked] == [("Q990002", True)]
    alone = rank(general, items("Q990003"), oracle)  # only the namesake found: nothing kept, nothing linked
    assert alone == []
    hockey = score(general, items("Q990003")[0], oracle)
    assert hockey.score <= CAP and hockey.features["time"] == 0 and "born 1985-02-11" in hockey.why[2]
    astara = EntityRecord("place/astara-iran", "place", {"en": "Astara (Iran)"}, within_ids={"Q794"})
    ranked = rank(astara, items("Q990082", "Q990081"), oracle)
    assert [(s.item.id, s.auto, s.features["context"]) for s in ranked] == [
        ("Q990081", True, 100),
        ("Q990082", False, 0),
    ]


def test_coordinates_imported_only_where_missing(tmp_path: Path) -> None:
    from pyoxigraph import Literal, NamedNode, Triple

    from ontology.iris import Iris
    from ontology.namespaces import CRM, GEO, RDFS, A
    from server.linking.review import Candidate, Entry, save_review
    from server.linking.wikilinks import link_triples

    iris = Iris(BASE)
    bare, placed = iris.node("id/place/osku"), iris.node("id/place/rasht")
    merged = [
        Triple(bare, A, CRM.E53_Place),
        Triple(bare, RDFS.label, Literal("Osku", language="en")),
        Triple(placed, A, CRM.E53_Place),
        Triple(placed, RDFS.label, Literal("Rasht", language="en")),
        Triple(placed, CRM.P168_place_is_defined_by, Literal("POINT(49.58 37.28)", datatype=GEO.wktLiteral)),
    ]
    save_review(
        tmp_path / "review.toml",
        {
            "place/osku": Entry(
                "place/osku",
                candidates=[
                    Candidate(
                        "Q990088", auto=True, score=92, label="Osku", label_ru="Оску", coordinates=(46.1236, 37.9156)
                    )
                ],
            ),
            "place/rasht": Entry(
                "place/rasht",
                set="Q990089",
                candidates=[Candidate("Q990089", label="Rasht", coordinates=(49.5832, 37.2808))],
            ),
        },
    )
    added = link_triples(merged, iris, tmp_path / "review.toml")
    points = {
        (t.subject.value.rsplit("/", 1)[-1], t.object.value)
        for t in added
        if t.predicate == CRM.P168_place_is_defined_by
    }
    assert points == {("osku", "POINT(46.1236 37.9156)")}
    labels = {
        (t.subject.value.rsplit("/", 1)[-1], t.object.language)
        for t in added
        if t.predicate == RDFS.label and t.subject in (bare, placed)
    }
    assert labels == {("osku", "ru")}
    assert NamedNode(bare.value + "/wikidata/coordinates") in {t.subject for t in added}
