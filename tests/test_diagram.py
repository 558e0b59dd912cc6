"""The model diagram (docs/make_diagram.py): drawn from ontology/shapes.ttl with Graphviz, committed in docs/."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Namespace

from conftest import ROOT
from ontology import path as ontology_path

SH = Namespace("http://www.w3.org/ns/shacl#")
SVG = "{http://www.w3.org/2000/svg}"
PREFIXES = {"http://www.cidoc-crm.org/cidoc-crm/": "crm:", "http://www.w3.org/ns/oa#": "oa:"}


def svg_texts(path: Path) -> set[str]:
    root = ET.parse(path).getroot()
    assert root.tag == SVG + "svg"
    return {"".join(t.itertext()).strip() for t in root.iter(SVG + "text")}


def targeted_classes() -> set[str]:
    shapes = Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    names = set()
    for cls in shapes.objects(None, SH.targetClass):
        for iri, prefix in PREFIXES.items():
            if str(cls).startswith(iri):
                names.add(prefix + str(cls)[len(iri) :])
    return names


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed (.ci/run installs it)")
def test_the_script_draws_the_shapes(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "make_diagram.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    texts = svg_texts(tmp_path / "model.svg")
    assert targeted_classes() <= texts
    for label in (
        "crm:P94i_was_created_by",
        "crm:P16i_was_used_for",
        "crm:P73_has_translation",
        "dv:sender",
        "crm:P128i_is_carried_by",
        "crm:P46i_forms_part_of",
        "oa:hasTarget",
        "crm:P70i_is_documented_in",
    ):
        assert label in texts, label
    assert (tmp_path / "model.png").read_bytes().startswith(b"\x89PNG")
    assert "n0 -> " in (tmp_path / "model.dot").read_text(encoding="utf-8")


def test_the_committed_diagram_shows_every_class_the_shapes_check():
    """docs/model.svg is regenerated with 'python docs/make_diagram.py' when the shapes gain a class."""
    assert targeted_classes() <= svg_texts(ROOT / "docs" / "model.svg")
    assert (ROOT / "docs" / "model.png").exists()
    assert "docs/model.svg" in (ROOT / "README.md").read_text(encoding="utf-8")
