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
    ("name", "line", "reason"),
    [
        ("900090.md", 5, "no title"),
        ("900091.md", 0, "unknown layout: no labelled block"),  # 0: no line to name
        ("900092.md", 3, "the date line is not a real date: '31 February 1945'"),
        ("900093.md", 5, "not UTF-8"),
        ("900094.md", 3, "the date line 'Undated, probably winter' is not a date"),
    ],
)
def test_malformed_fixture(name, line, reason):
    path = MALFORMED / name
    assert path.read_bytes().startswith(b"<!-- Hand-made fixture")
    error = _error(path)
    assert reason in error.reason
    assert error.line == (line or None)
    assert str(error).startswith(f"{path}:{line}: " if line else f"{path}: ")


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
    with pytest.raises(InputError) as caught:
        convert_text(text, "119111.md")
    assert (caught.value.source, caught.value.line) == ("119111.md", 3)
    assert str(caught.value).startswith("119111.md:3: the date line is not a real date: 'February 30, 1946'")


def test_date_line_without_title():
    text = '**November 24, 1945**\n\n**Citation:**\n\n"T", Wilson Center Digital Archive, RGASPI, f. 1.\n'
    with pytest.raises(InputError, match=r"^900099\.md:1: no title"):
        convert_text(text, "900099.md")


def test_unknown_original_language():
    text = SAMPLE.read_text(encoding="utf-8").replace("\nRussian\n", "\nKlingon\n")
    with pytest.raises(InputError, match=r"^119111\.md:\d+: unknown original language 'Klingon'"):
        convert_text(text, "119111.md")
