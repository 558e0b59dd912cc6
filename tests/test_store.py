"""The store on disk: graphs replaced whole, rebuilds that change nothing, bad files skipped, one graph per triple."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store

from conftest import SAMPLE, depesha
from converter.errors import ConfigError
from server.build import build
from server.store import open_snapshot

SAMPLE_FILE = SAMPLE / "119111.md"


def quads(store: Path) -> set[str]:
    return set(open_snapshot(store).dump(format=RdfFormat.N_QUADS).decode().splitlines())


def test_no_triple_is_in_two_graphs(sample_store: Path) -> None:
    snapshot: Store = open_snapshot(sample_store)
    rows = list(snapshot.query("""SELECT ?s ?p ?o (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }
                                  GROUP BY ?s ?p ?o HAVING (COUNT(DISTINCT ?g) > 1)"""))
    assert rows == []


def test_rebuilding_unchanged_input_changes_no_triple(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = build([SAMPLE], store)
    before = quads(store)
    second = build([SAMPLE], store)
    assert first.loaded == ["119111"] and second.loaded == [] and second.unchanged == [str(SAMPLE_FILE)]
    assert quads(store) == before


def test_reloading_a_changed_document_replaces_its_graph_whole(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE_FILE, inputs / "119111.md")
    store = tmp_path / "store"
    build([inputs], store)
    text = (inputs / "119111.md").read_text(encoding="utf-8")
    (inputs / "119111.md").write_text(text.replace("Message sent to top Soviet officials", "A changed summary"),
                                      encoding="utf-8")
    report = build([inputs], store)
    assert report.loaded == ["119111"]
    snapshot = open_snapshot(store)
    summaries = [row["s"].value for row in snapshot.query(
        """SELECT ?s WHERE { ?d <http://www.cidoc-crm.org/cidoc-crm/P2_has_type>
           <https://w3id.org/depesha/vocab#Summary> ; <http://www.cidoc-crm.org/cidoc-crm/P190_has_symbolic_content>
           ?s }""", use_default_graph_as_union=True)]
    assert len(summaries) == 1 and summaries[0].startswith("A changed summary")
    assert not any("Message sent to top Soviet officials" in q for q in quads(store))


def test_a_bad_file_is_reported_and_the_others_load(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE_FILE, inputs / "119111.md")
    (inputs / "200001.md").write_text("**31 February 1945**\n\n**A title**\n\n**Citation:**\n\nx\n", encoding="utf-8")
    (inputs / "200002.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = depesha("build", str(inputs), "--store", str(tmp_path / "store"), check=False)
    assert result.returncode == 1
    assert f"{inputs / '200001.md'}:1: the date line is not a real date" in result.stderr
    assert f"{inputs / '200002.md'}: the file is binary" in result.stderr
    assert "1 loaded, 0 unchanged, 2 failed" in result.stderr
    snapshot = open_snapshot(tmp_path / "store")
    assert snapshot.contains_named_graph(NamedNode(
        "https://w3id.org/depesha/graph/document/119111"))


def test_the_base_of_a_store_cannot_change_silently(tmp_path: Path) -> None:
    build([SAMPLE], tmp_path / "store", base="https://example.org/archive/")
    with pytest.raises(ConfigError, match="--base"):
        build([SAMPLE], tmp_path / "store")


def test_a_custom_base_is_used_for_every_minted_iri(tmp_path: Path) -> None:
    build([SAMPLE], tmp_path / "store", base="https://example.org/archive/")
    subjects = {line.split(" ", 1)[0] for line in quads(tmp_path / "store")}
    minted = {s for s in subjects if "w3id.org/depesha/" in s and "w3id.org/depesha/vocab" not in s}
    assert minted == set()
    assert "<https://example.org/archive/id/document/119111>" in subjects


def test_a_store_in_use_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    build([SAMPLE], tmp_path / "store")
    holder = Store(str(tmp_path / "store" / "oxigraph"))  # another writer holds the lock
    try:
        result = depesha("build", str(SAMPLE), "--store", str(tmp_path / "store"), check=False)
        assert result.returncode == 2 and "in use by another build or load" in result.stderr
    finally:
        del holder


def _copies(folder: Path, records: list[int]) -> None:
    """Copies of the sample under other record ids (the file name gives the id)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SAMPLE_FILE.read_text(encoding="utf-8")
    for record in records:
        (folder / f"{record}.md").write_text(text.replace("document/119111", f"document/{record}"), encoding="utf-8")


def test_a_removed_file_removes_its_document(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _copies(inputs, [300001, 300002])
    build([inputs], tmp_path / "store")
    (inputs / "300002.md").unlink()
    report = build([inputs], tmp_path / "store")
    assert report.loaded == [] and report.unchanged == [str(inputs / "300001.md")]
    snapshot = open_snapshot(tmp_path / "store")
    assert snapshot.contains_named_graph(NamedNode("https://w3id.org/depesha/graph/document/300001"))
    assert not snapshot.contains_named_graph(NamedNode("https://w3id.org/depesha/graph/document/300002"))


def test_an_interrupted_build_is_completed_by_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "in"
    _copies(inputs, [300001, 300002])
    build([inputs], tmp_path / "store")
    published = quads(tmp_path / "store")
    for path in inputs.iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace("Leon Levy", "Other"), encoding="utf-8")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # as if the process were stopped between dropping the old graphs and loading

    monkeypatch.setattr(Store, "bulk_load", crash)
    with pytest.raises(KeyboardInterrupt):
        build([inputs], tmp_path / "store")
    assert quads(tmp_path / "store") == published  # readers still see the last published snapshot
    monkeypatch.undo()
    report = build([inputs], tmp_path / "store")
    assert sorted(report.loaded) == ["300001", "300002"]
    after = quads(tmp_path / "store")
    assert any("Other Foundation" in q for q in after) and not any("Leon Levy" in q for q in after)


def test_parallel_conversion_gives_the_same_graph(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _copies(inputs, list(range(300010, 300022)))
    build([inputs], tmp_path / "one", jobs=1)
    build([inputs], tmp_path / "two", jobs=2)

    def content(store: Path) -> set[str]:  # build times and activity numbers aside
        return {q for q in quads(store) if "/graph/meta>" not in q}

    assert content(tmp_path / "one") == content(tmp_path / "two")


def test_a_converter_defect_on_one_file_does_not_stop_the_batch(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import server.conversion

    inputs = tmp_path / "in"
    _copies(inputs, [300001, 300002])
    real = server.conversion.convert_text

    def flawed(text: str, source: str, *args, **kwargs):
        if source.endswith("300002.md"):
            raise IndexError("list index out of range")
        return real(text, source, *args, **kwargs)

    monkeypatch.setattr(server.conversion, "convert_text", flawed)
    report = build([inputs], tmp_path / "store", jobs=1)
    assert report.loaded == ["300001"] and len(report.failed) == 1
    assert str(report.failed[0]) == (f"{inputs / '300002.md'}: could not be converted, a defect in Depesha "
                                     "(IndexError: list index out of range); please report it with this file")
    assert open_snapshot(tmp_path / "store").contains_named_graph(
        NamedNode("https://w3id.org/depesha/graph/document/300001"))
