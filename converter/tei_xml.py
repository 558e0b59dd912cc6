"""Reading XML safely, with the line of every element: the standard library's expat parser, driven by hand.

No DTD, external entity or entity declaration is ever resolved: a document that declares entities (the only way
to a 'billion laughs' expansion or an external fetch) is refused, and expat never fetches an external DTD. The
tree is ``xml.etree.ElementTree`` elements (tags ``{namespace}local``, as ElementTree spells them) with a side
table of line numbers, since ElementTree keeps none.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from .errors import InputError

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def tei(local: str) -> str:
    """The ElementTree tag of a TEI element: ``{http://www.tei-c.org/ns/1.0}p``."""
    return f"{{{TEI}}}{local}"


@dataclass
class XmlTree:
    root: ET.Element
    lines: dict[int, int] = field(default_factory=dict)  # id(element) -> the line its start tag is on

    def line(self, element: ET.Element) -> int | None:
        return self.lines.get(id(element))


class _EntityDeclared(Exception):
    def __init__(self, name: str, line: int) -> None:
        self.name, self.line = name, line


def parse_xml(text: str, source: str) -> XmlTree:
    """The tree of ``text``; an ``InputError`` naming the line when it is not well-formed XML or declares
    entities."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[ET.Element] = []
    tree = XmlTree(ET.Element("document"))

    def qualified(name: str) -> str:
        return "{" + name if "}" in name else name

    def start(name: str, attrs: dict[str, str]) -> None:
        element = ET.Element(qualified(name), {qualified(k): v for k, v in attrs.items()})
        tree.lines[id(element)] = parser.CurrentLineNumber
        (stack[-1] if stack else tree.root).append(element)
        stack.append(element)

    def end(_: str) -> None:
        stack.pop()

    def characters(data: str) -> None:
        parent = stack[-1] if stack else None
        if parent is None:
            return
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data

    def entity(name: str, *_: object) -> None:
        raise _EntityDeclared(name, parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.EntityDeclHandler = entity
    parser.buffer_text = True
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code)
        raise InputError(
            f"not well-formed XML ({reason}, column {exc.offset + 1}); fix the markup or give the file as exported",
            source=source,
            line=exc.lineno,
        ) from None
    except _EntityDeclared as exc:
        raise InputError(
            f"the XML declares the entity '{exc.name}'; entity declarations are not read (they can fetch files or "
            "expand without end): remove the DOCTYPE's entities",
            source=source,
            line=exc.line,
        ) from None
    tree.root = tree.root[0]
    return tree


def iter_tei(element: ET.Element, local: str) -> Iterator[ET.Element]:
    return element.iter(tei(local))


def plain(element: ET.Element, skip: tuple[str, ...] = ("note",)) -> str:
    """The text of an element with the elements named in ``skip`` (footnotes) left out, whitespace collapsed."""
    pieces: list[str] = []

    def walk(node: ET.Element) -> None:
        if node.text:
            pieces.append(node.text)
        for child in node:
            if child.tag not in {tei(s) for s in skip}:
                walk(child)
            if child.tail:
                pieces.append(child.tail)

    walk(element)
    return " ".join("".join(pieces).split())


__all__ = ["TEI", "XML_ID", "XmlTree", "iter_tei", "parse_xml", "plain", "tei"]
