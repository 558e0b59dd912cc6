"""The plain text of TEI markup, with where each tagged name stands in it.

Blocks (``p``, ``item``, ``dateline``, ``closer``, ...) become paragraphs, ``lb`` a new line, ``pb`` a page marker on
a line of its own (``- 27 -``, the form ``textmarks.PAGE_MARKER`` reads), whitespace is collapsed as TEI means it,
and notes (footnotes, the source note) are left out of the text and kept apart. Offsets are code points into the
text kept, so a tagged name's span slices it exactly.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from .tei_xml import TEI

BLOCKS = {
    "p",
    "item",
    "dateline",
    "closer",
    "opener",
    "salute",
    "signed",
    "head",
    "label",
    "postscript",
    "ab",
    "row",
    "byline",
    "trailer",
    "argument",
    "epigraph",
    "l",
}
LEFT_OUT = {"note", "figure", "graphic", "fw", "teiHeader", "facsimile"}
NAMES = {"persName", "placeName", "orgName", "gloss", "name", "date"}


@dataclass(frozen=True)
class Tagged:
    """A name the editors marked: the element's local name, its attributes and its span in the text."""

    tag: str
    attrs: dict[str, str]
    start: int
    end: int
    text: str
    line: int | None
    inside: tuple[str, ...] = ()  # the local names of the blocks it stands in ('signed', 'dateline', ...)


@dataclass
class Notes:
    """The notes left out of the text: the source note and the other footnotes, as plain text."""

    source: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if tag.startswith(f"{{{TEI}}}") else tag


class TextBuilder:
    def __init__(self, lines: dict[int, int]) -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.last = "\n"
        self.tagged: list[Tagged] = []
        self.notes = Notes()
        self.lines = lines
        self.blocks: list[str] = []

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    def add(self, data: str) -> None:
        data = re.sub(r"\s+", " ", data)
        if self.last in " \n":
            data = data.lstrip(" ")
        if data:
            self.pieces.append(data)
            self.length += len(data)
            self.last = data[-1]

    def _trim(self) -> None:
        while self.pieces and self.last == " ":
            self.pieces[-1] = self.pieces[-1][:-1]
            self.length -= 1
            if not self.pieces[-1]:
                self.pieces.pop()
            self.last = self.pieces[-1][-1] if self.pieces else "\n"

    def newline(self, count: int = 1) -> None:
        """End the line (``count=2``: the paragraph); nothing at the very start of the text."""
        self._trim()
        if not self.pieces:
            return
        ending = self.text[-count:] if self.length >= count else self.text
        missing = count - (len(ending) - len(ending.rstrip("\n")))
        if missing > 0:
            self.pieces.append("\n" * missing)
            self.length += missing
            self.last = "\n"

    def page(self, number: str | None) -> None:
        if number and number.isdigit():
            self.newline()
            self.pieces.append(f"- {number} -")
            self.length += len(number) + 4
            self.last = "-"
            self.newline()

    def walk(self, element: ET.Element, skip: frozenset[str] = frozenset()) -> None:
        name = local(element.tag)
        if name == "note":
            target = self.notes.source if element.get("type") == "source" else self.notes.footnotes
            target.append(" ".join("".join(element.itertext()).split()))
            return
        if name in LEFT_OUT or name in skip:
            return
        if name == "lb":
            self.newline()
            return
        if name == "pb":
            self.page(element.get("n"))
            return
        participants = name == "list" and element.get("type") == "participants"
        if participants:  # a memorandum of conversation's list of who took part
            self.blocks.append("participants")
        block = name in BLOCKS
        if block:
            self.newline(2 if name != "signed" else 1)
            self.blocks.append(name)
        start = self.length
        if element.text:
            self.add(element.text)
        for child in element:
            self.walk(child, skip)
            if child.tail:
                self.add(child.tail)
        if name in NAMES:
            self._tag(element, name, start)
        if block:
            self.blocks.pop()
            self.newline(2 if name != "signed" else 1)
        elif name == "cell":
            self.add(" ")
        if participants:
            self.blocks.pop()

    def _tag(self, element: ET.Element, name: str, start: int) -> None:
        text = self.text
        end = min(self.length, len(text))
        while start < end and text[start] in " \n":
            start += 1
        while end > start and text[end - 1] in " \n":
            end -= 1
        if end > start:
            attrs = {local(k): v for k, v in element.attrib.items()}
            line = self.lines.get(id(element))
            self.tagged.append(Tagged(name, attrs, start, end, text[start:end], line, tuple(self.blocks)))

    def finish(self) -> str:
        self._trim()
        return self.text.rstrip("\n")


def text_of(elements: list[ET.Element], lines: dict[int, int], skip: frozenset[str] = frozenset()) -> TextBuilder:
    """The plain text of these elements in order, with the names tagged in it and the notes left out."""
    builder = TextBuilder(lines)
    for element in elements:
        builder.walk(element, skip)
    return builder


__all__ = ["Notes", "Tagged", "TextBuilder", "local", "text_of"]
