"""Publishing to another triple store: a real ``oxigraph serve`` process receives every graph over the Graph Store
Protocol; a rerun sends only what changed and deletes what left the store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from conftest import SAMPLE, depesha, free_port, oxigraph_serving
from server.build.build import build


@pytest.fixture
def remote(tmp_path: Path) -> Iterator[str]:
    with oxigraph_serving(tmp_path / "remote") as url:
        yield url


def remote_graphs(url: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    response = requests.get(
        url + "/query", params={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=30
    )
    return {b["g"]["value"]: int(b["n"]["value"]) for b in response.json()["results"]["bindings"]}


def test_publish_sends_every_graph_and_then_only_changes(tmp_path: Path, remote: str) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    text = (SAMPLE / "119111.md").read_text(encoding="utf-8")
    for record in ("119111", "300001"):
        (inputs / f"{record}.md").write_text(text.replace("document/119111", f"document/{record}"), encoding="utf-8")
    store = tmp_path / "store"
    build([inputs], store)
    result = depesha("publish", "--store", str(store), "--to", remote + "/store")
    assert "sent, 0 unchanged, 0 deleted" in result.stderr
    local = {row.split(" ")[-2] for row in depesha("export", "--store", str(store)).stdout.splitlines()}
    graphs = remote_graphs(remote)
    assert {f"<{g}>" for g in graphs} == local
    assert (
        graphs["https://w3id.org/depesha/graph/document/300001"]
        == graphs["https://w3id.org/depesha/graph/document/119111"]
    )

    again = depesha("publish", "--store", str(store), "--to", remote + "/store")
    assert again.stderr.strip().startswith("0 graphs sent")

    (inputs / "300001.md").unlink()
    build([inputs], store)
    last = depesha("publish", "--store", str(store), "--to", remote + "/store")
    assert "1 deleted" in last.stderr
    assert "https://w3id.org/depesha/graph/document/300001" not in remote_graphs(remote)


def test_publish_reports_a_refusing_endpoint(tmp_path: Path, sample_store: Path) -> None:
    port = free_port()
    result = depesha("publish", "--store", str(sample_store), "--to", f"http://127.0.0.1:{port}/store", check=False)
    assert result.returncode == 2 and "cannot reach" in result.stderr
    result = depesha("publish", "--store", str(sample_store), "--to", "ftp://example.org/", check=False)
    assert result.returncode == 2 and "is not an http(s) URL" in result.stderr
