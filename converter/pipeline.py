"""The converter's front door: text or a file in, a ``ConvertedDocument`` out."""

from __future__ import annotations

from pathlib import Path

from ontology.iris import Iris
from ontology.namespaces import DEFAULT_BASE

from .authority import Authority, default_authority
from .document import ConvertedDocument, convert_parsed
from .errors import InputError
from .export_md import parse_export
from .tei import looks_like_xml, read_tei


def convert_text(
    text: str,
    source: str = "<input>",
    base: str = DEFAULT_BASE,
    authority: Authority | None = None,
    extract: bool = True,
) -> ConvertedDocument:
    """Convert the Markdown text of one export (``extract=False``: no mentions or events from the running texts)."""
    return convert_parsed(parse_export(text, source), authority or default_authority(), Iris(base), extract)


def convert_documents(
    text: str, source: str = "<input>", base: str = DEFAULT_BASE, authority: Authority | None = None
) -> tuple[list[ConvertedDocument], list[InputError]]:
    """Every document of a file: one for an export, one per ``div type="document"`` for a TEI volume. Returns the
    documents and the errors of documents that could not be read (a TEI volume's other documents still convert);
    an ``InputError`` when the file as a whole cannot be read."""
    authority = authority or default_authority()
    if not looks_like_xml(text, source):
        return [convert_text(text, source, base, authority)], []
    tei = read_tei(text, source, authority)
    iris = Iris(base)
    documents = [convert_parsed(d.parsed, tei.authority, iris, True, d.refs, d.tagged) for d in tei.documents]
    return documents, tei.errors


def read_export(path: Path) -> str:
    """The text of an export file; an ``InputError`` if it is missing, binary or not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", source=str(path)) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark: an encoding, not binary
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-16 text (byte {exc.start})", source=str(path)) from None
    if b"\x00" in data:
        raise InputError("the file is binary, not a text document", source=str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {exc.start})", source=str(path), line=line) from None


def convert_file(path: Path, base: str = DEFAULT_BASE, authority: Authority | None = None) -> ConvertedDocument:
    return convert_text(read_export(path), str(path), base, authority)


def convert_path(
    path: Path, base: str = DEFAULT_BASE, authority: Authority | None = None
) -> tuple[list[ConvertedDocument], list[InputError]]:
    """``convert_documents`` of a file: an export or a TEI file."""
    return convert_documents(read_export(path), str(path), base, authority)
