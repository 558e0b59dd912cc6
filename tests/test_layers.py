"""The layers hold: the web app and a query process start without the language pipeline (natasha's models and the
converter's analysis), the converter reads nothing from the server, and ontology/ (what the graph is) reads from
neither."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

LANGUAGE = {"natasha", "slovnet", "navec", "pymorphy2", "pymorphy3", "razdel", "yargy"}
SMALL_CONVERTER = {"converter", "converter._threads", "converter.errors", "converter.names"}


def loaded_by(module: str) -> set[str]:
    code = f"import sys, json, {module}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


@pytest.mark.parametrize("module", ["server.web.app", "server.web.sparql.query_worker", "converter.errors",
                                    "ontology.iris"])
def test_serving_loads_no_language_pipeline(module: str) -> None:
    modules = loaded_by(module)
    assert not {m.split(".")[0] for m in modules} & LANGUAGE
    assert {m for m in modules if m.split(".")[0] == "converter"} <= SMALL_CONVERTER


def imported_packages(folder: Path) -> set[str]:
    """The top-level packages every module of ``folder`` imports (relative imports stay inside it)."""
    found = set()
    for file in folder.glob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def test_the_converter_imports_nothing_from_the_server() -> None:
    assert "server" not in imported_packages(ROOT / "converter")


def test_ontology_imports_neither_the_converter_nor_the_server() -> None:
    assert not {"server", "converter"} & imported_packages(ROOT / "ontology")


def test_ontology_and_the_converter_type_check() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "ontology", "converter"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr


LAYERS = {"store": 0, "linking": 1, "exports": 1, "build": 2, "web": 3}   # each may import those below it


def test_no_server_import_runs_back_up_a_layer() -> None:
    upward = []
    for package, level in LAYERS.items():
        for file in (ROOT / "server" / package).rglob("*.py"):
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("server."):
                    target = node.module.split(".")[1]
                    if target in LAYERS and target != package and LAYERS[target] >= level:
                        upward.append(f"{file.relative_to(ROOT)} imports {node.module}")
    assert upward == []
