"""Depesha's converter: a Wilson Center Digital Archive export in, CIDOC-CRM quads out. No I/O but reading input.

    parse (export_md) -> resolve names (actors, authority) -> map to triples (document, entities)
"""

from __future__ import annotations

from pathlib import Path

from . import _threads  # noqa: F401  (first: limits BLAS threads before numpy loads)
from .authority import Authority, default_authority
from .document import ConvertedDocument, convert_parsed
from .errors import InputError
from .export_md import ParsedExport, parse_export
from .iris import Iris
from .namespaces import DEFAULT_BASE


def convert_text(text: str, source: str = "<input>", base: str = DEFAULT_BASE,
                 authority: Authority | None = None, extract: bool = True) -> ConvertedDocument:
    """Convert the Markdown text of one export (``extract=False``: no mentions or events from the running texts)."""
    return convert_parsed(parse_export(text, source), authority or default_authority(), Iris(base), extract)


def read_export(path: Path) -> str:
    """The text of an export file; an ``InputError`` if it is missing, binary or not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", source=str(path)) from None
    if b"\x00" in data:
        raise InputError("the file is binary, not a Markdown export", source=str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {exc.start})", source=str(path), line=line) from None


def convert_file(path: Path, base: str = DEFAULT_BASE, authority: Authority | None = None) -> ConvertedDocument:
    return convert_text(read_export(path), str(path), base, authority)


__all__ = ["ConvertedDocument", "InputError", "ParsedExport", "convert_file", "convert_text", "parse_export",
           "read_export"]
