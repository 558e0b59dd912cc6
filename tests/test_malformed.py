"""Malformed inputs: each raises InputError naming the file, the line where known, and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter import InputError, convert_file, convert_text, read_export
from graphtools import MALFORMED, SAMPLE


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        convert_file(path)
    error = caught.value
    assert error.source == str(path)
    assert str(error).startswith(f"{path}:")
    return error


@pytest.mark.parametrize(
    ("name", "line", "warning", "title", "date"),
    [
        ("900090.md", None, None, "Telegram from Baku to Moscow", "1945-11-24"),  # plain date, title from citation
        ("900091.md", None, None, "Telegram from Baku to Moscow", "1945-11-24"),  # '# heading', 'Date:' line
        ("900092.md", 3, "the date line is not a real date: '31 February 1945'", "Telegram from Baku", None),
        ("900094.md", 3, "the date line 'Undated, probably winter' is not a date", "Telegram from Baku", None),
    ],
)
def test_a_part_that_cannot_be_read_costs_that_part(name, line, warning, title, date):
    """Files once refused: the layout is read, a date that cannot be read is left out with a warning."""
    path = MALFORMED / name
    assert path.read_bytes().startswith(b"<!-- Hand-made fixture")
    document = convert_file(path)
    assert document.record_id == name.removesuffix(".md")
    dates = [str(q.object.value) for q in document.quads if q.predicate.value.endswith("#date")]
    assert dates == ([date] if date else [])
    labels = [q.object.value for q in document.quads if q.predicate.value.endswith("rdf-schema#label")]
    assert any(label.startswith(title) for label in labels)
    messages = [str(w) for w in document.warnings if "not a" in w.message]
    assert len(messages) == (1 if warning else 0)
    assert all(message.startswith(f"{path}:{line}: {warning}") and message.endswith("left out") for message in messages)


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n", "\ufeff\n".encode()], ids=["empty", "blank", "bom-only"])
def test_empty_file(tmp_path, data):
    path = tmp_path / "900095.md"
    path.write_bytes(data)
    assert _error(path).reason == "the file is empty"


def test_binary_file(tmp_path):
    path = tmp_path / "900096.md"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\x00\x00\x01stream")
    assert "binary" in _error(path).reason


def test_binary_text_given_as_string():
    with pytest.raises(InputError, match=r"^upload\.md: the file is binary"):
        convert_text("**1945**\x00\x00", "upload.md")


def test_missing_file(tmp_path):
    path = tmp_path / "900097.md"
    assert "cannot read" in _error(path).reason


def test_not_utf8_names_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "900098.md"
    path.write_bytes(b"<!-- fixture -->\n\n**November 24, 1945**\n\n**Telegram from Baku \xe8\xe7 to Moscow**\n")
    error = _error(path)
    assert error.line == 5 and "not UTF-8" in error.reason
    with pytest.raises(InputError):
        read_export(path)


def test_date_error_from_text_names_source_and_line():
    text = SAMPLE.read_text(encoding="utf-8").replace("**November 24, 1945**", "**February 30, 1946**")
    document = convert_text(text, "119111.md")
    (warning,) = [w for w in document.warnings if "date" in w.message]
    assert (warning.source, warning.line) == ("119111.md", 3)
    assert str(warning).startswith("119111.md:3: the date line is not a real date: 'February 30, 1946'")
    assert document.quads  # the rest converts


def test_date_line_without_title_takes_the_citations_title():
    text = '**November 24, 1945**\n\n**Citation:**\n\n"Note on Baku," Wilson Center Digital Archive, RGASPI, f. 1.\n'
    document = convert_text(text, "900099.md")
    assert any(q.object.value == "Note on Baku" for q in document.quads if q.predicate.value.endswith("#label"))


def test_unknown_original_language_is_left_out_with_a_warning():
    text = SAMPLE.read_text(encoding="utf-8").replace("\nRussian\n", "\nKlingon\n")
    document = convert_text(text, "119111.md")
    assert any(
        str(w).startswith("119111.md:") and "unknown original language 'Klingon'" in str(w) for w in document.warnings
    )
