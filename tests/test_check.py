"""``depesha check``: the sample build conforms to ontology/shapes.ttl; a broken store is reported readably."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from conftest import BASE, depesha
from server.store.store import writable

CRM = "http://www.cidoc-crm.org/cidoc-crm/"
DV = "https://w3id.org/depesha/vocab#"
DOC = BASE + "id/document/119111"
DOC_GRAPH = NamedNode(BASE + "graph/document/119111")
ENTITIES = NamedNode(BASE + "graph/entities")


def test_the_sample_build_conforms(sample_store: Path):
    result = depesha("check", "--store", str(sample_store))
    assert result.returncode == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("conforms: ") and " 0 violations" in lines[0], result.stdout


def test_the_sample_and_fixtures_conform(corpus_store: Path):
    result = depesha("check", "--store", str(corpus_store), check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_without_a_store_says_so(tmp_path: Path):
    result = depesha("check", "--store", str(tmp_path / "none"), check=False)
    assert result.returncode == 2
    assert "no built store" in result.stderr


def _remove_title(store) -> None:
    store.remove([Quad(NamedNode(DOC), NamedNode(CRM + "P102_has_title"), NamedNode(DOC + "/title"), DOC_GRAPH)])


def _coordinates_without_datatype(store) -> None:
    store.add(
        [
            Quad(
                NamedNode(BASE + "id/place/baku"),
                NamedNode(CRM + "P168_place_is_defined_by"),
                Literal("49.8 40.4"),
                ENTITIES,
            )
        ]
    )


def _sender_shortcut_without_crm_path(store) -> None:
    store.add([Quad(NamedNode(DOC), NamedNode(DV + "sender"), NamedNode(BASE + "id/person/joseph-stalin"), DOC_GRAPH)])


def _wrong_role_in_the_creation(store) -> None:
    role = NamedNode(DOC + "/creation/role/sender-mir-jafar-baghirov")
    store.remove([Quad(role, NamedNode(CRM + "P14.1_in_the_role_of"), NamedNode(DV + "Sender"), DOC_GRAPH)])
    store.add([Quad(role, NamedNode(CRM + "P14.1_in_the_role_of"), NamedNode(DV + "Addressee"), DOC_GRAPH)])


BREAKAGES: list[tuple[Callable, list[str]]] = [
    (
        _remove_title,
        [
            f"Violation: {DOC}",
            "shape:    document > title  [dvsh:DocumentShape]",
            "path:     crm:P102_has_title",
            "expected: at least 1 value(s) (sh:minCount)",
        ],
    ),
    (
        _coordinates_without_datatype,
        [
            f"Violation: {BASE}id/place/baku",
            "shape:    place  [dvsh:PlaceShape]",
            "path:     crm:P168_place_is_defined_by",
            "expected: literals of datatype geo:wktLiteral (sh:datatype)",
            'value:    "49.8 40.4"',
        ],
    ),
    (
        _sender_shortcut_without_crm_path,
        [
            f"Violation: {DOC}",
            "shape:    document  [dvsh:DocumentShape]",
            "expected: sender shortcut agrees with the creation (sh:sparql)",
            f"value:    <{BASE}id/person/joseph-stalin>",
        ],
    ),
    (
        _wrong_role_in_the_creation,
        [
            "path:     crm:P94i_was_created_by",
            "expected: a node that conforms to creation of a document [dvsh:DocumentCreationShape] (sh:node)",
            f"\n    Violation: {DOC}/creation\n",
            "path:     crm:P01i_is_domain_of/crm:P14.1_in_the_role_of",
            "expected: one of (dv:Sender) (sh:in)",
            "value:    dv:Addressee",
        ],
    ),
]


@pytest.mark.parametrize(("breakage", "expected"), BREAKAGES, ids=[b.__name__.strip("_") for b, _ in BREAKAGES])
def test_a_broken_store_is_reported(sample_store: Path, tmp_path: Path, breakage: Callable, expected: list[str]):
    broken = tmp_path / "store"
    shutil.copytree(sample_store, broken)
    with writable(broken) as store:
        breakage(store)
        store.publish_snapshot()
    result = depesha("check", "--store", str(broken), check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    for line in expected:
        assert line in result.stdout, f"{line!r} not in:\n{result.stdout}"
    assert result.stderr.strip().startswith("does not conform: "), result.stderr
