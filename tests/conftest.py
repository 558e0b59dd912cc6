"""Shared fixtures: a real store built from the bundled sample, and a real server process over it."""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from server.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
FIXTURES = ROOT / "tests" / "fixtures"
BASE = "https://w3id.org/depesha/"


def depesha(*args: str, check: bool = True, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the command line in this process (click's runner: the same parsing, output and exit status users get,
    without a new interpreter). ``depesha_process`` runs it as a real process where that is what is tested."""
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    done = subprocess.CompletedProcess(["depesha", *args], result.exit_code, result.stdout, result.stderr)
    if check and done.returncode != 0:
        raise AssertionError(f"depesha {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return done


def depesha_process(*args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """Run the real command line in a new process, as users do."""
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=300, **kwargs
    )
    if check and result.returncode != 0:
        raise AssertionError(f"depesha {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


REAL_PROCESSES = re.compile(r"start_server\(|serving\(|Popen\(|depesha_process\(|subprocess\.run\(|sync_playwright")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that start real servers or processes (gunicorn, a browser, the CLI as a new process) carry the marker
    ``process``: ``pytest -m "not process"`` is the quick in-process loop; CI runs everything."""
    sources: dict[Path, str] = {}
    for item in items:
        path = Path(str(item.fspath))
        source = sources.setdefault(path, path.read_text(encoding="utf-8"))
        if {"server", "corpus_server"} & set(getattr(item, "fixturenames", ())) or REAL_PROCESSES.search(source):
            item.add_marker(pytest.mark.process)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("sample") / "store"
    depesha("build", str(SAMPLE), "--store", str(store))
    return store


# The converter's variant fixtures (900001-900009): with the sample, the corpus the query cookbook's tests expect rows
# from. Fixtures added for other purposes (gold documents, Wikidata) stay out, so those expected rows stay put.
CORPUS_FIXTURES = tuple(FIXTURES / f"90000{n}.md" for n in range(1, 10))


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample and the variant fixtures (CORPUS_FIXTURES) in one store, built with the real CLI."""
    store = tmp_path_factory.mktemp("corpus") / "store"
    depesha("build", str(SAMPLE), *(str(p) for p in CORPUS_FIXTURES), "--store", str(store))
    return store


def start_server(store: Path | None, *extra: str) -> tuple[subprocess.Popen, str]:
    """``depesha serve`` over ``store`` (None: ``extra`` names what to serve, e.g. ``--endpoint URL``)."""
    port = free_port()
    source = ["--store", str(store)] if store is not None else []
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", *source, "--port", str(port), "--workers", "1", *extra],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            requests.get(url + "/", timeout=1)
            return process, url
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or a first page still coming
            time.sleep(0.1)
    process.kill()
    raise AssertionError("server did not start in 30 s")


@contextlib.contextmanager
def serving(store: Path | None, *extra: str) -> Iterator[str]:
    """A real ``depesha serve`` process over ``store`` for the length of the block; yields its URL."""
    process, url = start_server(store, *extra)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


@contextlib.contextmanager
def oxigraph_serving(location: Path, *options: str) -> Iterator[str]:
    """A real ``oxigraph serve`` process (the ``oxigraph`` package's server) over ``location``; yields its URL."""
    if not Path(OXIGRAPH).exists():
        pytest.fail("the oxigraph server is not installed (pip install '.[test]')")
    port = free_port()
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(url + "/query", params={"query": "ASK {}"}, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(sample_store: Path) -> Iterator[str]:
    with serving(sample_store) as url:
        yield url


@pytest.fixture(scope="session")
def corpus_server(corpus_store: Path) -> Iterator[str]:
    with serving(corpus_store) as url:
        yield url


def select(url: str, query: str) -> list[dict[str, str]]:
    """Run a SELECT over real HTTP; rows as {variable: value}."""
    response = requests.post(
        url + "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30
    )
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


PREFIXES = """PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
PREFIX dv: <https://w3id.org/depesha/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX id: <https://w3id.org/depesha/id/>
"""
