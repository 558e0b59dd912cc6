"""Depesha as users install it (issue 18): ``pip install .`` builds a wheel without one setuptools warning and with
every file the app reads at run time (templates, static files, the ontology and authority files, the example
queries); installed from that wheel (not editable) and run from another folder with the README's relative store
path, it builds, serves every link of /dataset and every dump of the VoID, shows the example queries, and says one
version everywhere (--version, the VoID's software, the vocabulary). Nothing is downloaded: the wheel is built without build isolation from the test extras'
setuptools."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from conftest import BASE, ROOT, SAMPLE, free_port
from server import __version__

PACKAGES = ("converter", "ontology", "server", "queries")
WARNING = re.compile(r"\w*Warning\b|^\s*!!\s*$|would be ignored|absent from the `packages`", re.MULTILINE)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel ``pip`` builds from a copy of the project's sources (the checkout keeps no build folder), with
    pip's verbose output, which shows what setuptools says."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--no-build-isolation", "--no-index"]
        + ["-w", str(work / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return next((work / "dist").glob("depesha-*.whl")), done.stdout + done.stderr


def test_the_wheel_builds_without_a_setuptools_warning(wheel: tuple[Path, str]) -> None:
    _, output = wheel
    assert WARNING.findall(output) == [], output


def test_the_wheel_holds_every_file_the_app_reads(wheel: tuple[Path, str]) -> None:
    path, _ = wheel
    names = set(zipfile.ZipFile(path).namelist())
    sources = [
        file.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for file in (ROOT / package).rglob("*")
        if file.is_file() and "__pycache__" not in file.parts
    ]
    assert [name for name in sources if name not in names] == []
    assert any(name.startswith("queries/") and name.endswith(".rq") for name in names)
    assert path.name.startswith(f"depesha-{__version__}-")  # pyproject reads the one version


@pytest.fixture(scope="module")
def installed(wheel: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a Depesha installed from the wheel (pip's --target, first on the path) with no checkout
    in sight."""
    target = tmp_path_factory.mktemp("installed") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(target), wheel[0]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return {**os.environ, "PYTHONPATH": str(target)}


def run(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def elsewhere(installed: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``depesha build data/sample --store var/store`` and ``depesha serve --store var/store`` as the README says,
    from the installed wheel, in a folder that is neither the checkout nor the installation."""
    folder = tmp_path_factory.mktemp("elsewhere")
    where = run(installed, folder, "-c", "import server, queries; print(server.__file__); print(queries.__file__)")
    assert all(not line.startswith(str(ROOT)) for line in where.stdout.splitlines()), where.stdout
    run(installed, folder, "-m", "server.cli", "build", str(SAMPLE), "--store", "var/store", "--quiet")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--store", "var/store", "--port", str(port), "--workers", "1"],
        cwd=folder,
        env=installed,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise AssertionError("the installed server exited")
            try:
                requests.get(url + "/", timeout=2)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_installed_query_ui_shows_every_example_query(elsewhere: str) -> None:
    page = requests.get(elsewhere + "/sparql", headers={"Accept": "text/html"}, timeout=30).text
    assert "No example queries" not in page
    for file in sorted((ROOT / "queries").glob("*.rq")):
        assert requests.get(f"{elsewhere}/queries/{file.name}", timeout=30).status_code == 200, file.name


def test_every_link_of_the_dataset_page_and_every_dump_of_the_void_answers(elsewhere: str) -> None:
    page = requests.get(elsewhere + "/dataset", headers={"Accept": "text/html"}, timeout=30).text
    links = set(re.findall(r'href="(/[^"#]*)"', page))
    assert any(link.startswith("/dumps/") for link in links), links
    void = requests.get(elsewhere + "/.well-known/void", headers={"Accept": "application/n-triples"}, timeout=30).text
    dumps = re.findall(r"<http://rdfs.org/ns/void#dataDump> <([^>]+)>", void)
    assert len(dumps) >= 4, void
    for link in sorted(links | {"/" + dump.removeprefix(BASE) for dump in dumps}):
        assert requests.get(elsewhere + link, timeout=30).status_code == 200, link


def test_the_command_line_the_void_and_the_vocabulary_say_the_same_version(
    installed: dict[str, str], elsewhere: str, tmp_path: Path
) -> None:
    said = run(installed, tmp_path, "-m", "server.cli", "--version").stdout
    assert said.strip() == f"depesha, version {__version__}"
    void = requests.get(elsewhere + "/.well-known/void", headers={"Accept": "application/n-triples"}, timeout=30).text
    software = re.findall(r'<[^>]+/software/depesha> <http://www.w3.org/2000/01/rdf-schema#label> "([^"]+)"', void)
    assert software == [f"Depesha {__version__}"]
    vocab = requests.get(elsewhere + "/vocab", headers={"Accept": "application/n-triples"}, timeout=30).text
    versions = re.findall(r'<http://www.w3.org/2002/07/owl#versionInfo> "([^"]+)"', vocab)
    assert versions == [__version__]  # the vocabulary is published with the software that built it
    for name in ("vocab.ttl", "shapes.ttl"):  # and its files state no version of their own to drift apart
        assert "versionInfo" not in (ROOT / "ontology" / name).read_text(encoding="utf-8"), name
