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


@pytest.mark.parametrize(
    "module", ["server.web.app", "server.web.sparql.query_worker", "converter.errors", "ontology.iris"]
)
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
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "ontology", "converter"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


LAYERS = {"store": 0, "linking": 1, "exports": 1, "build": 2, "web": 3}  # each may import those below it


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


def server_imports() -> dict[str, set[str]]:
    """module -> the server modules it imports, anywhere in its text (function-local imports count)."""
    modules = {
        ".".join(f.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): f
        for f in (ROOT / "server").rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for name, file in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("server"):
                for alias in node.names:
                    whole = f"{node.module}.{alias.name}"
                    targets.add(whole if whole in modules else node.module)
        graph[name] = targets & modules.keys() - {name}
    return graph


def test_server_modules_import_each_other_in_no_circle() -> None:
    graph, done, path = server_imports(), set(), []

    def visit(module: str) -> list[str] | None:
        if module in path:
            return path[path.index(module) :] + [module]
        if module in done:
            return None
        path.append(module)
        for target in sorted(graph[module]):
            if circle := visit(target):
                return circle
        path.pop()
        done.add(module)
        return None

    circles = [circle for module in sorted(graph) if (circle := visit(module))]
    assert circles == []


@pytest.mark.parametrize(
    "package",
    sorted(
        {
            ".".join(p.relative_to(ROOT).parts)
            for p in (ROOT / "server").rglob("*")
            if p.is_dir() and (p / "__init__.py").exists()
        }
    ),
)
def test_each_server_package_imports_on_its_own(package: str) -> None:
    subprocess.run([sys.executable, "-c", f"import {package}"], cwd=ROOT, check=True)


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_the_code_is_ruff_clean_and_formatted(command: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", *command, "."], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
