"""What the command line says after a build and the other commands that count (issue 18): how many documents were
removed because their file left the folder, a folder given that holds no ``*.md`` file (and what to give instead),
and counts in English ('1 document', never '1 documents')."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, SAMPLE, depesha

SAMPLE_FILE = SAMPLE / "119111.md"


def test_the_summary_says_how_many_documents_were_removed(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE_FILE, inputs)
    shutil.copy(FIXTURES / "900001.md", inputs)
    first = depesha("build", str(inputs), "--store", str(tmp_path / "store"), "--quiet")
    assert "2 documents loaded, 0 unchanged, 0 removed, 0 failed" in first.stderr
    (inputs / "900001.md").unlink()
    again = depesha("build", str(inputs), "--store", str(tmp_path / "store"), "--quiet")
    assert "note: 1 document removed from the store, its file gone from the folder given: 900001" in again.stderr
    assert "0 documents loaded, 1 unchanged, 1 removed, 0 failed (0 quads, 0 warnings)" in again.stderr


def test_one_of_a_kind_is_said_in_the_singular(tmp_path: Path) -> None:
    store = tmp_path / "store"
    bad_date = tmp_path / "200001.md"
    bad_date.write_text("**31 February 1945**\n\n**A title**\n\n**Citation:**\n\nx\n", encoding="utf-8")
    built = depesha("build", str(bad_date), "--store", str(store), "--quiet")
    assert "1 document loaded, 0 unchanged, 0 removed, 0 failed (" in built.stderr
    assert " quads, 1 warning) into " in built.stderr  # the impossible date
    triple = tmp_path / "note.ttl"
    triple.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    loaded = depesha("load", str(triple), "--store", str(store), "--graph", "https://example.org/notes")
    assert "1 triple added to 1 graph, 0 already there" in loaded.stderr
    exported = depesha("export", "--store", str(store), "--format", "linked-art", "-o", str(tmp_path / "art"))
    assert "1 document written to" in exported.stderr


def test_a_folder_without_markdown_files_is_named_with_what_to_give(tmp_path: Path) -> None:
    saved = tmp_path / "saved-pages"
    saved.mkdir()
    (saved / "119111.txt").write_text(SAMPLE_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    built = depesha("build", str(saved), "--store", str(tmp_path / "store"), "--quiet")
    assert f"warning: {saved}: no *.md or *.xml file in this folder, so nothing was read from it" in built.stderr
    assert f"name other files one by one (depesha build {saved / '*.txt'})" in built.stderr
    assert "0 documents loaded" in built.stderr
    named = depesha("build", str(saved / "119111.txt"), "--store", str(tmp_path / "store"), "--quiet")
    assert "no *.md or *.xml file" not in named.stderr and "1 document loaded" in named.stderr
