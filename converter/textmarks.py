"""What a transcript or translation says about itself: editorial marks, page markers, the opening lines
(sent from, addressed to) and the closing block (signatures, receipt note). Offsets are code points into the text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from .dates import DateValue, find_date

# kind -> pattern; the first pattern that matches a bracket decides its kind
MARK_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("Sic", re.compile(r"\[\s*sic\b[^\]]*\]", re.IGNORECASE)),
    ("TranslatorNote", re.compile(r"\[\s*(?:translator[’']?s?|editor[’']?s?|ed\.)\s*note\b[^\]]*\]", re.IGNORECASE)),
    (
        "Handwritten",
        re.compile(r"\[\s*(?:handwritten|handwriting|in handwriting|рукописно|от руки)\b[^\]]*\]", re.IGNORECASE),
    ),
    ("Stamp", re.compile(r"\[\s*(?:stamp|seal|штамп|печать)\b[^\]]*\]", re.IGNORECASE)),
    ("Omission", re.compile(r"\[\s*(?:\.\.\.|…|illegible|неразборчиво)\s*\]", re.IGNORECASE)),
    ("Footnote", re.compile(r"\[\s*\d{1,3}\s*\]")),
    ("EditorialInsertion", re.compile(r"\[[^\[\]\n]{1,200}\](?!\()")),  # not a Markdown link [text](url)
]
PAGE_MARKER = re.compile(r"^[ \t]*[-–—][ \t]*\d{1,4}[ \t]*[-–—][ \t]*$", re.MULTILINE)
HYPHEN_AT_END = re.compile(r"(\w+)-[ \t]*$")
FROM_LINE = re.compile(r"^\s*(?:из|from)\s+(?P<place>[^,\d]+?)(?:[,\s]+(?P<date>\d.*))?\s*$", re.IGNORECASE)
ADDRESS_CUE = re.compile(
    r"^\s*(?:to\b|кому\b|an\s+(?:den|die|gen\.|genossen?)(?!\w))|\bт\.\s*т\.|\bтт\.|\bтов\.|"
    r"\bтоварищ\w*|\bт\.\s*[А-ЯЁ]|(?:^|,|\bto)\s*(?:Cdes?\.|Comrades?\b)",  # not 'the comrades who took part'
    re.IGNORECASE,
)
RECEIPT_CUE = re.compile(r"^\s*(?:принято|получено|поступило|received|decoded|deciphered)\b", re.IGNORECASE)
SIGNATURE = re.compile(
    r"(?:^|\s)(?P<name>(?:[A-ZА-ЯЁ]\.\s?){1,2}\s?[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё'’-]+|[A-ZА-ЯЁ][A-ZА-ЯЁ'’-]{2,}"
    r"(?:\s[A-ZА-ЯЁ][A-ZА-ЯЁ'’-]{2,})?)\s*\)?\s*$"
)
HEADING = re.compile(r"^\s*(?:#+\s*)?(?:[A-ZА-ЯЁ](?:\s[A-ZА-ЯЁ])+|[A-ZА-ЯЁ][A-ZА-ЯЁ ]{2,40})\s*$")
LONG_LINE = 120


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mark:
    kind: str  # a dv: concept name: Sic, TranslatorNote, PageMarker, PageBreakHyphenation, ...
    span: Span


@dataclass
class TextStructure:
    marks: list[Mark] = field(default_factory=list)
    sent_from: Span | None = None
    from_date: DateValue | None = None
    address_line: Span | None = None
    signatures: list[Span] = field(default_factory=list)
    translators: list[Span] = field(default_factory=list)  # 'Translated by: [Signature] V. Gudimenko': not senders
    archivists: list[Span] = field(default_factory=list)  # 'To the archives. [Signature] Ivanov': who filed it
    receipt: Span | None = None  # the note as printed (paragraph)
    receipt_date: DateValue | None = None


def _lines(text: str) -> list[Span]:
    spans, at = [], 0
    for line in text.split("\n"):
        spans.append(Span(at, at + len(line), line))
        at += len(line) + 1
    return spans


def find_marks(text: str) -> list[Mark]:
    marks: list[Mark] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in MARK_PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            marks.append(Mark(kind, Span(m.start(), m.end(), m.group(0))))
    for m in PAGE_MARKER.finditer(text):
        marks.append(Mark("PageMarker", Span(m.start(), m.end(), m.group(0))))
        before = text[: m.start()].rstrip()
        after = text[m.end() :].lstrip()
        hyphen = HYPHEN_AT_END.search(before)
        if hyphen and after[:1].islower():  # "правиль-" ... "- 2 -" ... "но": one word across the break
            tail = re.match(r"\w+", after)
            start = hyphen.start()
            end = len(text) - len(after) + (tail.end() if tail else 0)
            marks.append(Mark("PageBreakHyphenation", Span(start, end, text[start:end])))
    return sorted(marks, key=lambda mark: (mark.span.start, mark.span.end))


def _date_span(text: str, line: Span) -> DateValue | None:
    return find_date(text[line.start : line.end])


def _wraps(text: str, line: Span) -> bool:
    """Whether a line runs on into the next (a hard-wrapped paragraph: long, no closing punctuation, the next line
    right below it): 'Comrades A, B, C, Petru' + 'Munteanu, ... took part' is a sentence, not an address line."""
    after = text[line.end : line.end + 2]
    return (
        len(line.text) >= 60
        and not line.text.rstrip().endswith((".", ":", ";", "!", "?"))
        and (after[:1] == "\n" and after[1:2].strip() != "")
    )


def _opening(text: str, lines: list[Span], structure: TextStructure) -> int:
    """Read the opening block (a heading, the line sent from, the address line: short lines before the first long
    one) into ``structure``; return where the block ends, so that the closing block does not take its lines."""
    end = lines[0].end if lines and HEADING.match(lines[0].text) else 0
    for line in lines[:6]:
        if len(line.text) > LONG_LINE:
            break
        if structure.sent_from is None and (m := FROM_LINE.match(line.text)):
            place = m.group("place").strip(" ,.")
            start = line.start + line.text.index(place)
            structure.sent_from = Span(start, start + len(place), place)
            structure.from_date = _date_span(text, line)
            end = line.end
        elif (
            structure.address_line is None
            and ADDRESS_CUE.search(line.text)
            and not ARCHIVE_CUE.match(line.text.strip())
            and not _wraps(text, line)
        ):
            stripped = line.text.strip()
            start = line.start + line.text.index(stripped)
            structure.address_line = Span(start, start + len(stripped), stripped)
            end = line.end
    return end


NOT_SIGNATURES = {  # a date or a stamp on a line of its own, not a signer: 'FRIDAY', 'Top secret'
    *(name.lower() for name in [*calendar.day_name, *calendar.month_name] if name),
    *("secret", "top secret", "urgent", "copy", "translation", "end", "stop"),
}
ARCHIVE_CUE = re.compile(r"^(?:\[?to\s+the\s+archives?|в\s+архив|в\s+дело|to\s+file)\b", re.IGNORECASE)
TRANSLATOR_CUE = re.compile(
    r"^(?:translated\s+by|translation\s+by|translator|перев[её]л[аи]?|перевод)\b", re.IGNORECASE
)


def analyse(text: str) -> TextStructure:
    """Recognise the structure of one transcript or translation."""
    structure = TextStructure(marks=find_marks(text))
    lines = [line for line in _lines(text) if line.text.strip()]
    opening_end = _opening(text, lines, structure)
    # Closing block: short lines after the last long one (and after the opening block), from the end upwards.
    closing: list[Span] = []
    for line in reversed(lines):
        if len(line.text) > LONG_LINE or PAGE_MARKER.match(line.text) or line.start < opening_end:
            break
        closing.insert(0, line)
    receipt_lines: list[Span] = []
    making: list[Span] | None = None  # 'Translated by' or 'To the archives' came first: a part in the document's making
    for line in closing:
        if TRANSLATOR_CUE.match(line.text.strip()):
            making = structure.translators
        elif ARCHIVE_CUE.match(line.text.strip()):
            making = structure.archivists
        if receipt_lines or RECEIPT_CUE.match(line.text):
            receipt_lines.append(line)
            continue
        if HEADING.match(line.text) and not structure.signatures and line is closing[0] and len(closing) > 3:
            continue
        if (m := SIGNATURE.search(line.text.strip().rstrip("."))) and len(line.text.strip()) <= 80:
            name = m.group("name").strip()
            if name.lower().rstrip(".") in NOT_SIGNATURES:  # 'Friday', 'TUESDAY': a date line, not a signer
                continue
            start = line.start + line.text.rindex(name)
            (making if making is not None else structure.signatures).append(Span(start, start + len(name), name))
            making = None
    if receipt_lines:
        start, end = receipt_lines[0].start, receipt_lines[-1].end
        structure.receipt = Span(start, end, " ".join(text[start:end].split()))
        structure.receipt_date = find_date(structure.receipt.text)
    return structure
