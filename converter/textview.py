"""A normalised view of a transcript or translation for name finding, with a map back to the printed text.

The view drops HTML markup ('С<sup>ъ</sup>ездом' -> 'Съездом'), joins a word split across a page break
('правиль-' ... '- 2 -' ... 'но' -> 'правильно', from ``textmarks``), and recases words printed in capitals
('СТАЛИНУ' -> 'Сталину', so that NER and the capitalisation rules see names), but not acronyms ('СССР', 'ЦК',
listed ones such as 'США'), and joins the lines of a hard-wrapped paragraph. Offsets in the view map back to code points of the printed text, so every mention keeps
its exact printed span. ``blocked`` lists the printed ranges where no mention may be: the heading line
('Т Е Л Е Г Р А М М А'), editorial marks and page markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .authority import Authority
from .export_md import TextPart
from .gazetteer import gazetteer
from .textmarks import HEADING

MARKUP = re.compile(r"</?[A-Za-z][^<>\n]{0,40}>")
CAPITALS = re.compile(r"\b[^\W\d_a-zа-яё]{2,}\b")
VOWELS = set("AEIOUYАЕЁИОУЫЭЮЯ")


@dataclass
class TextView:
    original: str
    text: str
    origin: list[int]  # origin[i]: printed offset of view character i (one past the end too)
    blocked: list[tuple[int, int]] = field(default_factory=list)
    _position: list[int] = field(default_factory=list)  # printed offset -> view offset

    @classmethod
    def of(cls, part: TextPart, authority: Authority) -> TextView:
        original = part.text
        dropped: list[tuple[int, int]] = [(m.start(), m.end()) for m in MARKUP.finditer(original)]
        blocked: list[tuple[int, int]] = []
        for mark in part.structure.marks:
            if mark.kind == "PageBreakHyphenation":
                head = re.match(r"\w+", mark.span.text)
                tail = re.search(r"\w+$", mark.span.text)
                if head and tail:
                    dropped.append((mark.span.start + head.end(), mark.span.end - len(tail.group(0))))
            else:
                blocked.append((mark.span.start, mark.span.end))
        first = re.match(r"\s*(.*)", original)
        if first and first.group(1) and HEADING.match(first.group(1)):
            blocked.append((first.start(1), first.end(1)))
        kept = _kept_segments(dropped, len(original))
        origin: list[int] = []
        position: list[int] = []  # printed offset -> view offset: a dropped character maps to the next kept one
        for a, b in kept:
            position.extend([len(origin)] * (a - len(position)))
            position.extend(range(len(origin), len(origin) + b - a))
            origin.extend(range(a, b))
        position.extend([len(origin)] * (len(original) + 1 - len(position)))
        origin.append(len(original))
        text = "".join(original[a:b] for a, b in kept)
        view = cls(original, _unwrap(_recase(text, gazetteer(authority).acronyms)), origin, sorted(blocked))
        view._position = position
        return view

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Printed (start, end) of the view span [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1 if end > start else self.origin[start]

    def view_span(self, start: int, end: int) -> tuple[int, int]:
        """View (start, end) of the printed span [start, end)."""
        return self._position[start], self._position[end]


def _kept_segments(dropped: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The printed ranges [a, b) of 0..length outside every dropped range, in order, none empty."""
    kept: list[tuple[int, int]] = []
    at = 0
    for start, end in sorted(dropped):
        if end <= start:
            continue
        if start > at:
            kept.append((at, min(start, length)))
        at = max(at, end)
    if at < length:
        kept.append((at, length))
    return kept


WRAPPED = re.compile(r"(?m)(?<=[^\n]{60})\n(?=[^\s•*\-\d])")


def _unwrap(text: str) -> str:
    """A line break inside a hard-wrapped paragraph (a PDF's or a mirror's: the line before it is long, the next
    starts a word) becomes a space, so that 'Paul\\nNiculescu-Mizil' is one name; the length never changes."""
    return WRAPPED.sub(" ", text)


def _recase(text: str, acronyms: set[str]) -> str:
    """Words in capitals with a vowel become capitalised ('МОСКВА' -> 'Москва'); the length never changes."""

    def recase(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in acronyms or not VOWELS & set(word):
            return word
        rest = "".join(c.lower() if len(c.lower()) == 1 else c for c in word[1:])
        return word[0] + rest

    return CAPITALS.sub(recase, text)
