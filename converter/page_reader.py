"""The archive's pages as people save them, in plain text: where the date, the title, the labelled fields and the
body are. Pure: text in, a ``Page`` out; ``export_md.parse_export`` turns it into a ``ParsedExport``.

Layouts read (each is one way the archive or a mirror prints the same fields):
- the new site: date, title, a credits line, the body; then ``Summary``, ``Document Information`` (``Source``,
  ``Original Archive``, ``Rights``) and the associated people, places and topics;
- the old site: date, title, ``• Citation`` (a summary and the citation), ``share document`` (the URL), then
  ``English HTML`` and the body;
- the PDF export: ``Citation:``, ``Summary:``, ``Original Language:``, ``Contents:`` each on a line of its own or all
  inline on one line, with the date and title in front and the body behind;
- mirrors that keep single newlines between paragraphs, and pages with no labelled field at all (a date, a title and
  a body).
A field the page does not give is absent; nothing here refuses a page that has text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import DateError, DateValue, parse_date

LABELS = {  # label as printed (lower case) -> field name
    "citation": "citation",
    "summary": "summary",
    "credits": "credits",
    "original language": "original language",
    "language": "original language",
    "contents": "contents",
    "source": "source",
    "original archive": "original archive",
    "record id": "record id",
    "author(s)": "authors",
    "rights": "rights",
    "original uploaded date": "uploaded",
    "date": "date",
    "title": "title",
}
AFTER_BODY = {
    "document information",
    "associated people & organizations",
    "associated places",
    "associated topics",
    "related documents",
    "to enquire about this document",
    "original uploaded date",
}
BOILERPLATE = re.compile(
    r"^(?:skip to content|search in|add search filter.*|digital archive(?: international history declassified)?|"
    r"citation share download|get citation|share document|view document in|popular documents|download|print|share|"
    r"\[\d+\]|\d{1,3}|the history and public policy program welcomes reuse.*|to enquire about this document.*|"
    r"total page:.*|file type:.*)$",
    re.IGNORECASE,
)
BODY_MARK = re.compile(r"^(?:english html|english translation|translation - english|original html)$", re.IGNORECASE)
PREFIX = re.compile(
    r"^(?:digital archive\s+)?(?:digitalarchive\.wilsoncenter\.org\s+)?international history declassified\s*",
    re.IGNORECASE,
)
INLINE_LABEL = re.compile(
    r"(?:(?<=\s)|^)(Citation|Summary|Credits|Original Language|Contents|Record ID|Original Archive|Date|Title):\s*"
)
LINE_LABEL = re.compile(r"^[•*\-\s]*(?P<label>[A-Za-z ()&]{3,40}?)\s*:?[*\s]*$")
MARKUP = re.compile(r"^(?:#{1,6}\s+|\*\*|<!--.*-->$)|\*\*$|<br\s*/?>")
CONTENTS_ITEM = re.compile(
    r"^(?:(?:english|russian|original)\s+(?:translation|transcription|transcript|scan|html)|original scan|"
    r"(?:translation|transcript(?:ion)?)\s*[-–—:]\s*[A-Z][a-z]+)\b",
    re.IGNORECASE,
)
CITATION_LIKE = re.compile(r'^["“].+["”],?.*\b(?:Digital Archive|Archive|Archives)\b', re.IGNORECASE)
CREDITS_LINE = re.compile(r"^this document was made possible with support from", re.IGNORECASE)
DATE_LEAD = re.compile(
    r"^(?:(?:ca\.|circa|c\.)\s+)?(?:[A-Z][a-z]+\.?\s+\d{1,2}(?:\s*[-–]\s*\d{1,2})?,\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|"
    r"(?:Spring|Summer|Fall|Autumn|Winter)\s+\d{4}|[A-Z][a-z]+,?\s+(?:\d{4}|'?(?:3[2-9]|[4-9]\d))|\d{4})\b"
)


@dataclass
class Line:
    number: int  # 1-based, in the file
    start: int  # offset of its first character in the text
    text: str  # stripped

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Page:
    date: DateValue | None = None
    date_text: str = ""
    date_line: int | None = None
    title: str = ""
    title_line: int = 1
    fields: dict[str, str] = field(default_factory=dict)  # field name -> value as printed
    contents: list[str] = field(default_factory=list)
    body: tuple[int, int] | None = None  # offsets of the body in the text
    warnings: list[tuple[int | None, str]] = field(default_factory=list)


def lines_of(text: str) -> list[Line]:
    """The non-empty lines with their numbers and offsets; a line's leading and trailing blanks are dropped."""
    found, offset = [], 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip(" \t\u00a0")
        if stripped:
            found.append(Line(number, offset + raw.index(stripped[0]), stripped))
        offset += len(raw) + 1
    return found


def split_inline(line: Line) -> list[tuple[str | None, Line]]:
    """A line carrying ``Label: value`` pairs inline (the PDF export) as (label, value) pieces; text before the first
    label has no label."""
    pieces: list[tuple[str | None, Line]] = []
    matches = list(INLINE_LABEL.finditer(line.text))
    if not matches:
        return [(None, line)]
    if matches[0].start() > 0:
        pieces.append((None, Line(line.number, line.start, line.text[: matches[0].start()].rstrip())))
    for index, m in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line.text)
        value = line.text[m.end() : end].rstrip()
        pieces.append((LABELS[m.group(1).lower()], Line(line.number, line.start + m.end(), value)))
    return pieces


def _label_of(line: Line) -> str | None:
    m = LINE_LABEL.match(line.text)
    if not m:
        return None
    name = m.group("label").strip().lower()
    if name in LABELS:
        return LABELS[name]
    return "after body" if name in AFTER_BODY else None


def _strip_prefix(line: Line) -> Line | None:
    """The line without the sites' header words, Markdown heading and bold marks or an HTML comment."""
    text = line.text
    if (m := PREFIX.match(text)) or (m := MARKUP.match(text)):
        text = text[m.end() :]
    text = text.removesuffix("**").strip()
    return Line(line.number, line.start + line.text.find(text), text) if text else None


def _date_and_title(page: Page, free: list[Line]) -> int:
    """Find the date and the title among the first free lines; how many lines they took."""
    for index, line in enumerate(free[:4]):
        m = DATE_LEAD.match(line.text)
        if not m:
            continue
        try:
            value = parse_date(m.group(0))
        except DateError as exc:
            page.warnings.append((line.number, f"the date '{m.group(0)}' is not a real date ({exc}); left out"))
            value = None
        rest = line.text[m.end() :].strip()
        if value is None and rest:
            continue
        page.date, page.date_text, page.date_line = value, m.group(0), line.number
        if rest:  # "November 06, 1962 Ciphered Telegram from ..." (the PDF export's header)
            page.title, page.title_line = _undouble(rest), line.number
            return index + 1
        if index + 1 < len(free):
            page.title, page.title_line = _undouble(free[index + 1].text), free[index + 1].number
            return index + 2
        return index + 1
    if free:
        page.title, page.title_line = _undouble(free[0].text), free[0].number
        return 1
    return 0


def _undouble(title: str) -> str:
    """A title printed twice without a separator ("Telegram from ATelegram from A") once."""
    half = len(title) // 2
    if len(title) % 2 == 0 and title[:half] == title[half:]:
        return title[:half]
    return title


def read_page(text: str) -> Page:
    """Where each part of a plain-text page is; ``text`` has ``\\n`` line ends."""
    page = Page()
    pieces: list[tuple[str | None, Line]] = []
    for line in lines_of(text):
        stripped = _strip_prefix(line)
        if stripped is None or BOILERPLATE.match(stripped.text):
            continue
        label = _label_of(stripped)
        pieces += [(label, Line(line.number, stripped.end, ""))] if label else split_inline(stripped)
    header_end = _header(page, pieces)
    _fields_and_body(page, pieces[header_end:], text)
    if page.date is None and page.fields.get("date"):
        try:
            page.date = parse_date(page.fields["date"])
        except DateError as exc:
            page.warnings.append((None, f"the date '{page.fields['date']}' is not a real date ({exc}); left out"))
    page.title = page.title or page.fields.get("title", "")
    return page


def _header(page: Page, pieces: list[tuple[str | None, Line]]) -> int:
    """Date and title from the free lines before the first label; the index of the first piece after them. A line
    repeated at the top (the PDF export prints its header twice) counts once."""
    free: list[tuple[int, Line]] = []  # (index in pieces, line)
    for index, (label, line) in enumerate(pieces):
        if label is not None or BODY_MARK.match(line.text) or len(free) >= 4:
            break
        if CREDITS_LINE.match(line.text):
            page.fields.setdefault("credits", line.text)
            continue
        if not free or free[-1][1].text != line.text:
            free.append((index, line))
    used = _date_and_title(page, [line for _, line in free])
    return free[used - 1][0] + 1 if used else 0


MIN_BODY = 200  # characters: a run this long after 'Original Language:' is the text, not a stray line


def _fields_and_body(page: Page, pieces: list[tuple[str | None, Line]], text: str) -> None:
    """Labelled fields take the value beside them or, when the label stands alone, the next line; ``Contents`` takes
    the contents items that follow; the body is the run of free lines after ``Original Language:`` when it is long
    enough to be a text, else the longest run."""
    runs: list[list[Line]] = [[]]
    index = 0
    after_body = False
    after_language: int | None = None  # the run that follows the 'Original Language:' field
    while index < len(pieces):
        label, line = pieces[index]
        index += 1
        if label is None:
            if BODY_MARK.match(line.text) or CREDITS_LINE.match(line.text):
                if CREDITS_LINE.match(line.text):
                    page.fields.setdefault("credits", line.text)
                runs.append([])
                continue
            if not after_body:
                runs[-1].append(line)
            continue
        if label == "after body":
            after_body = any(runs)
            runs.append([])
            continue
        value = line
        if label == "citation" and not value.text:  # the old site: a summary and the citation under one heading
            while index < len(pieces) and pieces[index][0] is None and not BODY_MARK.match(pieces[index][1].text):
                found = pieces[index][1].text
                page.fields.setdefault("citation" if CITATION_LIKE.search(found) else "summary", found)
                index += 1
            runs.append([])
            continue
        if not value.text and index < len(pieces) and pieces[index][0] is None:
            value = pieces[index][1]
            index += 1
        if label == "contents":
            first_body_line = _contents(page, value)
            while first_body_line is None and index < len(pieces) and pieces[index][0] is None:
                first_body_line = _contents(page, pieces[index][1])  # one item a line
                index += 1
            runs.append([first_body_line] if first_body_line else [])
            continue
        if value.text and label not in page.fields:
            page.fields[label] = value.text
        runs.append([])
        if label == "original language":
            after_language = len(runs) - 1
    body = max(runs, key=lambda run: sum(len(line.text) for line in run))
    if after_language is not None and sum(len(line.text) for line in runs[after_language]) >= MIN_BODY:
        body = runs[after_language]  # the text follows the fields, even when a cut page leaves the summary longer
    if body:
        page.body = (body[0].start, body[-1].end)


def _contents(page: Page, value: Line) -> Line | None:
    """The contents items at the start of ``value`` (``English Translation``, ``Original Scan``); what follows them
    on the line is the body's first line."""
    rest = value
    while rest.text and (m := CONTENTS_ITEM.match(rest.text)):
        page.contents.append(m.group(0))
        tail = rest.text[m.end() :]
        skipped = len(tail) - len(tail.lstrip())
        rest = Line(rest.number, rest.start + m.end() + skipped, tail.strip())
    return rest if rest.text else None
