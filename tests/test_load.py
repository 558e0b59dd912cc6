"""`depesha load`: the user's RDF in every format beside the converted documents, through the real command line, on
a copy of the sample store: one graph per triple, the build's graphs refused, a bad file changes nothing, a new
snapshot, and user graphs that a later build keeps."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from conftest import BASE, SAMPLE, depesha
from server.store.store import UNION, Catalog, current_snapshot, open_snapshot

EX = "https://example.org/"


def letter(name: str) -> list[Triple]:
    subject = NamedNode(EX + "letter/" + name)
    return [
        Triple(subject, NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Письмо", language="ru")),
        Triple(subject, NamedNode(EX + "mentions"), NamedNode(f"{BASE}id/person/joseph-stalin")),
        Triple(
            subject,
            NamedNode(EX + "pages"),
            Literal("3", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ),
    ]


TRIPLES = letter("1")
FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "rdf": RdfFormat.RDF_XML, "jsonld": RdfFormat.JSON_LD}


@pytest.fixture
def store(sample_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(sample_store, copy)
    return copy


def graph_of(store: Path, graph: NamedNode | DefaultGraph) -> set[Triple]:
    return {q.triple for q in open_snapshot(store).quads_for_pattern(None, None, None, graph)}


def test_every_triple_format_loads_the_same_triples_into_the_named_graph(store: Path, tmp_path: Path) -> None:
    before = current_snapshot(store)
    for suffix, rdf_format in FORMATS.items():
        file = tmp_path / f"letter.{suffix}"
        file.write_bytes(serialize(letter(suffix), format=rdf_format))  # its own letter: one graph per triple
        result = depesha("load", str(file), "--store", str(store), "--graph", EX + suffix)
        assert "3 triples added to 1 graph," in result.stderr
    assert current_snapshot(store) != before  # published: readers and a running server see it
    for suffix in FORMATS:
        assert graph_of(store, NamedNode(EX + suffix)) == set(letter(suffix))
    assert {row[0] for row in Catalog(store / "catalog.sqlite").user_graphs()} >= {EX + s for s in FORMATS}


def test_quads_keep_their_graph_unless_one_is_named(store: Path, tmp_path: Path) -> None:
    quads = [Quad(t.subject, t.predicate, t.object, NamedNode(EX + f"g{i}")) for i, t in enumerate(TRIPLES)]
    for suffix, rdf_format in (("nq", RdfFormat.N_QUADS), ("trig", RdfFormat.TRIG)):
        file = tmp_path / f"letters.{suffix}"
        file.write_bytes(serialize(quads, format=rdf_format))
        depesha("load", str(file), "--store", str(store), "--replace")
        for i, triple in enumerate(TRIPLES):
            assert graph_of(store, NamedNode(EX + f"g{i}")) == {triple}
    depesha("load", str(tmp_path / "letters.nq"), "--store", str(store), "--graph", EX + "all", "--replace")
    assert graph_of(store, NamedNode(EX + "all")) == set(TRIPLES)  # a graph holds what was put in it, all of it
    depesha("load", str(tmp_path / "letters.nq"), "--store", str(store), "--format", "nq")  # again: no duplicate
    assert len(list(open_snapshot(store).quads_for_pattern(NamedNode(EX + "letter/1"), None, None, UNION))) == len(
        TRIPLES
    )  # the union counts each triple once though two graphs hold it


def test_without_a_graph_triples_go_to_the_user_default_graph(store: Path, tmp_path: Path) -> None:
    file = tmp_path / "letter.ttl"
    file.write_bytes(serialize(TRIPLES, format=RdfFormat.TURTLE))
    depesha("load", str(file), "--store", str(store))
    assert graph_of(store, NamedNode(BASE + "user/default")) == set(TRIPLES)
    assert set(TRIPLES) <= graph_of(store, DefaultGraph())  # the default graph is the union


def test_a_triple_also_in_another_graph_is_in_both_and_counted_once(store: Path, tmp_path: Path) -> None:
    entities = NamedNode(f"{BASE}graph/entities")
    label = next(
        open_snapshot(store).quads_for_pattern(
            NamedNode(f"{BASE}id/person/joseph-stalin"),
            NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            None,
            entities,
        )
    ).triple
    file = tmp_path / "mine.nt"
    file.write_bytes(serialize([label, *TRIPLES], format=RdfFormat.N_TRIPLES))
    result = depesha("load", str(file), "--store", str(store), "--graph", EX + "mine")
    assert "4 triples added" in result.stderr
    assert graph_of(store, NamedNode(EX + "mine")) == {label, *TRIPLES}
    snapshot = open_snapshot(store)
    graphs = {q.graph_name for q in snapshot.quads_for_pattern(label.subject, label.predicate, label.object)}
    assert graphs == {entities, NamedNode(EX + "mine"), UNION}
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{label.subject.value}> <{label.predicate.value}> ?o }}"
    before = int(next(iter(snapshot.query(count)))["n"].value)
    assert before == len(list(snapshot.quads_for_pattern(label.subject, label.predicate, None, entities)))
    depesha("load", str(file), "--store", str(store), "--graph", EX + "mine", "--replace")
    (tmp_path / "empty.nt").write_bytes(b"")
    depesha("load", str(tmp_path / "empty.nt"), "--store", str(store), "--graph", EX + "mine", "--replace")
    assert label in graph_of(store, DefaultGraph())  # emptying the user's graph keeps what the build's graph holds


def test_replace_empties_the_graph_first(store: Path, tmp_path: Path) -> None:
    file = tmp_path / "letter.ttl"
    file.write_bytes(serialize(TRIPLES, format=RdfFormat.TURTLE))
    depesha("load", str(file), "--store", str(store), "--graph", EX + "r")
    file.write_bytes(serialize(TRIPLES[:1], format=RdfFormat.TURTLE))
    depesha("load", str(file), "--store", str(store), "--graph", EX + "r")
    assert graph_of(store, NamedNode(EX + "r")) == set(TRIPLES)  # added: nothing removed
    depesha("load", str(file), "--store", str(store), "--graph", EX + "r", "--replace")
    assert graph_of(store, NamedNode(EX + "r")) == set(TRIPLES[:1])


@pytest.mark.parametrize(
    "content, args, message",
    [
        ("<https://example.org/a> <https://example.org/b> .\n", ["--graph", EX + "x"], "letter.ttl:1"),
        (
            "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n",
            ["--graph", f"{BASE}graph/entities"],
            "is made by 'depesha build'",
        ),
        (
            "<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n",
            ["--graph", "not an iri"],
            "--graph 'not an iri' is not an absolute IRI",
        ),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    store: Path, tmp_path: Path, content: str, args: list[str], message: str
) -> None:
    file = tmp_path / "letter.ttl"
    file.write_text(content)
    good = tmp_path / "good.nt"
    good.write_bytes(serialize(TRIPLES, format=RdfFormat.N_TRIPLES))
    before = current_snapshot(store)
    result = depesha("load", str(good), str(file), "--store", str(store), *args, check=False)
    assert result.returncode == 2 and message in result.stderr
    assert current_snapshot(store) == before and not graph_of(store, NamedNode(EX + "x"))


def test_a_file_whose_format_cannot_be_told_asks_for_format(store: Path, tmp_path: Path) -> None:
    file = tmp_path / "letter.data"
    file.write_bytes(serialize(TRIPLES, format=RdfFormat.TURTLE))
    result = depesha("load", str(file), "--store", str(store), check=False)
    assert result.returncode == 2 and "--format" in result.stderr
    depesha("load", str(file), "--store", str(store), "--format", "ttl", "--graph", EX + "data")
    assert graph_of(store, NamedNode(EX + "data")) == set(TRIPLES)


def test_a_build_keeps_user_graphs_and_counts_them(store: Path, tmp_path: Path) -> None:
    file = tmp_path / "letter.ttl"
    file.write_bytes(serialize(TRIPLES, format=RdfFormat.TURTLE))
    depesha("load", str(file), "--store", str(store), "--graph", EX + "kept")
    copy = tmp_path / "input" / "119112.md"  # a changed copy of the sample: another record
    copy.parent.mkdir()
    shutil.copy(SAMPLE / "119111.md", copy)
    depesha("build", str(copy.parent), "--store", str(store))
    snapshot = open_snapshot(store)
    assert graph_of(store, NamedNode(EX + "kept")) == set(TRIPLES)
    assert snapshot.contains_named_graph(NamedNode(f"{BASE}graph/document/119112"))
    counted = next(
        iter(
            snapshot.query(f"""SELECT ?n WHERE {{ GRAPH <{BASE}graph/meta> {{ ?d
        <http://rdfs.org/ns/void#triples> ?n }} }}""")
        )
    )["n"].value
    everything = next(
        iter(
            snapshot.query(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{BASE}graph/meta>) }}"
            )
        )
    )["n"].value
    assert counted == everything  # the dataset description counts the user's triples too
