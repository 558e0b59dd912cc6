"""Parse one Wilson Center Digital Archive document into a ``ParsedExport``. Pure: text in, data out.

Two readers find the fields, then one assembly makes the record: the Markdown export (a bold date line, a bold title,
labelled blocks ``**Citation:**``, ``**Summary:**``, ``**Credits:**``, ``**Original Language:**``, ``**Contents:**``,
then the body: the original-language transcript when there is one, then the translation(s)), and the plain-text
pages of the archive's sites and mirrors (``page_reader.py``). Only a file without text is refused; a field that
cannot be read costs that field and a warning (``ParsedExport.warnings``), not the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .citation import Citation, parse_citation
from .dates import DateError, DateValue, parse_date
from .errors import InputError, InputWarning
from .languages import guess_language, language_code
from .names import slugify
from .page_reader import read_page
from .textmarks import TextStructure, analyse

BOLD_BLOCK = re.compile(r"^\*\*(?P<body>(?:(?!\*\*).)+?)\*\*[ \t]*$", re.MULTILINE | re.DOTALL)
LABEL = re.compile(r"^\*\*(?P<label>[^*\n]{1,60}?):\*\*[ \t]*(?P<rest>.*)$")
CONTENTS_ITEM = re.compile(
    r"^\s*(?P<kind>original scan|scan|transcript(?:ion)?|translation|original)"
    r"(?:\s*[-–—:]\s*(?P<lang>[\w -]+?))?\s*$",
    re.IGNORECASE,
)
RECORD_IN_URL = re.compile(r"/document/(\d+)|/(\d+)\.pdf\?v=")
TRANSLATED_FROM = re.compile(
    r"\btranslat(?:ed|ion)\s+(?:\w+\s+){0,3}?from\s+(?:the\s+)?(?:original\s+)?([A-Z][a-z]+)", re.IGNORECASE
)
SENTENCE_END = re.compile(r"[.!?…:;)\]\"'»”’*\-–—]\s*$|^\S+$")


@dataclass
class TextPart:
    """One transcript or translation as printed, with its place in the file."""

    language: str  # ISO 639-1
    role: str  # "original" | "translation"
    text: str
    line: int  # the file line where it starts (1-based)
    structure: TextStructure = field(default_factory=TextStructure)


@dataclass
class ParsedExport:
    source: str
    record_id: str
    title: str
    title_line: int
    date: DateValue | None
    citation: Citation | None
    summary: str | None
    credits: str | None
    original_language: str | None  # ISO 639-1
    original_language_label: str | None  # as printed: "Russian"
    contents: list[str]
    parts: list[TextPart]
    blocks: dict[str, str]  # every labelled block, as printed (whitespace kept)
    warnings: list[InputWarning] = field(default_factory=list)
    edition: tuple[str, str] | None = None  # (volume id, title) of the published edition it is part of (TEI)

    @property
    def original(self) -> TextPart | None:
        return next((p for p in self.parts if p.role == "original"), None)

    @property
    def translations(self) -> list[TextPart]:
        return [p for p in self.parts if p.role == "translation"]


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def record_id(source: str, text: str, blocks: dict[str, str], title: str) -> str:
    """The file's name when it is a number (people who name files by record mean it); else what the page gives: a
    ``Record ID`` field, a ``/document/NNN`` or ``.pdf?v=`` URL anywhere (the longest number, since a cut-off
    citation can end inside one);
    else a slug of the file's name (of the title when the text comes from standard input), stable across rebuilds."""
    stem = re.sub(r"\.[A-Za-z]+$", "", source.replace("\\", "/").rsplit("/", 1)[-1])
    if stem.isdigit():
        return stem
    if (given := blocks.get("record id", "").strip()) and re.fullmatch(r"\d+", given):
        return given
    numbers = [a or b for a, b in RECORD_IN_URL.findall(text)]
    if numbers:
        return max(numbers, key=len)
    return slugify(stem if source not in ("<input>", "-", "<stdin>") else title)[:80]


def _paragraphs(body: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of ``body`` as offsets into the whole text; a paragraph ends at its last
    non-blank character (the file's final newline and Markdown's trailing two spaces are not part of it)."""
    spans = []
    for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", body):
        spans.append((offset + m.start(), offset + m.start() + len(m.group(0).rstrip())))
    return spans


def _last_block_end(text: str, start: int, is_contents: bool) -> int:
    """Where the last labelled block ends: after its first paragraph; for Contents, also after the following
    paragraphs that are only contents items (exports that put a blank line between ``Original Scan`` and
    ``Translation - English``)."""
    end = start
    for index, (_, para_end, para) in enumerate(_paragraph_texts(text, start)):
        if index and not (is_contents and all(_is_contents_item(line) for line in para.split("\n"))):
            break
        end = para_end
    return end


def _is_contents_item(line: str) -> bool:
    """'Original Scan', 'Translation - English'; not a body heading such as 'TRANSLATION'."""
    m = CONTENTS_ITEM.match(line)
    return bool(m and not line.strip().isupper() and (m.group("lang") or "scan" in m.group("kind").lower()))


def _paragraph_texts(text: str, start: int) -> list[tuple[int, int, str]]:
    return [(a, b, text[a:b]) for a, b in _paragraphs(text[start:], start)]


def _segment(text: str, paragraphs: list[tuple[int, int]], languages: list[str]) -> list[tuple[str, int, int]]:
    """Cut the paragraphs into consecutive runs, one per language in ``languages`` order (a run may be empty),
    so that as many paragraphs as possible fall in the run of the language they are written in."""
    labels = [guess_language(text[a:b], languages) for a, b in paragraphs]
    present = [code for code in languages if code in labels] or languages[:1]
    n = len(paragraphs)
    agree = {code: [0] for code in present}  # prefix counts of paragraphs in each language
    for label in labels:
        for code in present:
            agree[code].append(agree[code][-1] + (label == code))
    # best[j][i]: score of cutting the first i paragraphs into the first j+1 languages; cut[j][i]: where run j starts
    best = [[agree[present[0]][i] for i in range(n + 1)]]
    cut = [[0] * (n + 1)]
    for j in range(1, len(present)):
        counts = agree[present[j]]
        row, where = [], []
        for i in range(n + 1):
            scores = [best[j - 1][m] + counts[i] - counts[m] for m in range(i + 1)]
            top = max(scores)
            tied = [m for m, score in enumerate(scores) if score == top]
            # paragraphs no language claims (a signature, a heading) between two runs: split them evenly, so
            # that the original keeps its signature and the translation its heading
            m = tied[len(tied) // 2]
            row.append(scores[m])
            where.append(m)
        best.append(row)
        cut.append(where)
    runs: list[tuple[str, int, int]] = []
    end = n
    for j in range(len(present) - 1, -1, -1):
        start = cut[j][end] if j else 0
        if end > start:
            runs.insert(0, (present[j], paragraphs[start][0], paragraphs[end - 1][1]))
        end = start
    return runs


@dataclass
class Fields:
    """What a reader found: where the title and date stand, the labelled blocks and where the body is."""

    title: str
    title_line: int
    date: DateValue | None
    blocks: dict[str, str]
    contents: list[str]
    body: tuple[int, int] | None
    warnings: list[InputWarning]


def parse_export(text: str, source: str = "<input>") -> ParsedExport:
    """Parse one document; ``InputError`` only when the file has no text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError("the file is empty", source=source)
    if "\x00" in text:
        raise InputError("the file is binary, not a text document", source=source)
    fields = _markdown_fields(text, source) or _page_fields(text, source)
    return _assemble(text, source, fields)


def _markdown_fields(text: str, source: str) -> Fields | None:
    """The Markdown export's bold date, title and ``**Label:**`` blocks; ``None`` when the text is not laid out so."""
    bold = [m for m in BOLD_BLOCK.finditer(text) if not LABEL.match(m.group(0))]
    first_label = re.search(r"^\*\*[^*\n]{1,60}?:\*\*", text, re.MULTILINE)
    head = [m for m in bold if first_label and m.start() < first_label.start()]
    if first_label is None or not head:
        return None
    warnings: list[InputWarning] = []
    first = head[0]
    printed = " ".join(first.group("body").split())
    line = _line_of(text, first.start())
    try:
        date = parse_date(printed)
        if date is None and len(head) > 1:  # two bold lines: the first is the date line, and it is not one we read
            warnings.append(InputWarning(f"the date line '{printed}' is not a date; left out", source, line))
    except DateError as exc:
        warnings.append(InputWarning(f"the date line is not a real date: {exc}; left out", source, line))
        date = None
    title_blocks = head[1:] if date is not None or len(head) > 1 else head
    # Labelled blocks: each runs to the next label; the last one takes only its first paragraph. Labels end with
    # **Contents:** when there is one: a bold "**Note:**" inside a transcript is text, not a block.
    labels = [m for m in re.finditer(r"^\*\*(?P<label>[^*\n]{1,60}?):\*\*[ \t]*", text, re.MULTILINE)]
    contents_at = next((i for i, m in enumerate(labels) if m.group("label").strip().lower() == "contents"), None)
    if contents_at is not None:
        labels = labels[: contents_at + 1]
    blocks: dict[str, str] = {}
    body_start = len(text)
    for index, label in enumerate(labels):
        start = label.end()
        if index + 1 < len(labels):
            end = labels[index + 1].start()
        else:
            end = body_start = _last_block_end(text, start, label.group("label").strip().lower() == "contents")
        blocks[label.group("label").strip()] = text[start:end].strip()
    lookup = {name.lower(): value for name, value in blocks.items()}
    contents = [line.strip() for line in (lookup.get("contents") or "").split("\n") if line.strip()]
    paragraphs = _paragraphs(text[body_start:], body_start)
    body = (paragraphs[0][0], paragraphs[-1][1]) if paragraphs else None
    title = " ".join(title_blocks[0].group("body").split()) if title_blocks else ""
    title_line = _line_of(text, title_blocks[0].start()) if title_blocks else 1
    return Fields(title, title_line, date, blocks, contents, body, warnings)


def _page_fields(text: str, source: str) -> Fields:
    page = read_page(text)
    warnings = [InputWarning(message, source, line) for line, message in page.warnings]
    return Fields(page.title, page.title_line, page.date, page.fields, page.contents, page.body, warnings)


def _assemble(text: str, source: str, fields: Fields) -> ParsedExport:
    """The record: citation, languages, record id and the body cut into the original and its translation(s)."""
    warnings = fields.warnings
    lookup = {name.lower(): value for name, value in fields.blocks.items()}
    citation_text = lookup.get("citation") or lookup.get("source")
    citation = parse_citation(citation_text) if citation_text else None
    title = fields.title or (citation.title if citation and citation.title else "")
    date = fields.date or (_citation_date(citation, source, warnings) if citation else None)
    if not title:
        title = "Untitled document"
        warnings.append(InputWarning("no title found; the document is called 'Untitled document'", source))
    original_label, original_language = _original_language(text, source, lookup, citation_text, warnings)
    translation_languages: list[str] = []
    for item in fields.contents:
        m = CONTENTS_ITEM.match(item) or re.match(r"(?P<lang>[A-Za-z]+)\s+(?P<kind>translation)", item, re.I)
        if m and m.group("kind").lower() == "translation" and m.group("lang"):
            code = language_code(m.group("lang"))
            if code and code != original_language and code not in translation_languages:
                translation_languages.append(code)
    listed = list(translation_languages)
    if not translation_languages and original_language != "en":
        translation_languages = ["en"]

    parts: list[TextPart] = []
    if fields.body:
        start, end = fields.body
        paragraphs = _paragraphs(text[start:end], start)
        expected = ([original_language] if original_language else []) + translation_languages
        expected = list(dict.fromkeys(expected)) or ["en"]
        for code, part_start, part_end in _segment(text, paragraphs, expected):
            role = "original" if code == original_language else "translation"
            part_text = text[part_start:part_end]
            parts.append(TextPart(code, role, part_text, _line_of(text, part_start), analyse(part_text)))
    warnings += _losses(text, source, parts, listed)
    return ParsedExport(
        source=source,
        record_id=record_id(source, text, lookup, title),
        title=title,
        title_line=fields.title_line,
        date=date,
        citation=citation,
        summary=lookup.get("summary"),
        credits=lookup.get("credits"),
        original_language=original_language,
        original_language_label=original_label,
        contents=fields.contents,
        parts=parts,
        blocks=fields.blocks,
        warnings=warnings,
    )


def _citation_date(citation: Citation, source: str, warnings: list[InputWarning]) -> DateValue | None:
    """The date a citation gives after its title (``"Title," 1980, History and ...``), for a page that prints none
    above its title."""
    try:
        return parse_date(citation.date_text) if citation.date_text else None
    except DateError as exc:
        warnings.append(InputWarning(f"the citation's date is not a real date: {exc}; left out", source))
        return None


def _original_language(
    text: str, source: str, lookup: dict[str, str], citation: str | None, warnings: list[InputWarning]
) -> tuple[str | None, str | None]:
    """(as printed, ISO 639-1) from the field; else from 'Translation from the Persian' in the text or citation."""
    label = lookup.get("original language")
    if label:
        first = re.split(r"[,;/]| and ", label)[0].strip()
        if code := language_code(first):
            return label, code
        warnings.append(
            InputWarning(f"unknown original language '{first}'; left out", source, _line_of(text, text.find(label)))
        )
    for where in (citation or "", text):
        for m in TRANSLATED_FROM.finditer(where):
            if code := language_code(m.group(1)):
                return m.group(1), code
    return None, None


def _losses(text: str, source: str, parts: list[TextPart], listed: list[str]) -> list[InputWarning]:
    """Warnings where data is probably lost: a listed translation that is not there, a text cut mid-sentence."""
    found = []
    present = {part.language for part in parts}
    for code in listed:
        if code not in present:
            found.append(InputWarning(f"the contents list a translation ({code}) that is not in the file", source))
    last_line = parts[-1].text.rsplit("\n", 1)[-1] if parts else ""
    if len(last_line) > 80 and not SENTENCE_END.search(last_line):  # running prose cut off, not a signature
        last = parts[-1]
        found.append(
            InputWarning(
                "the text ends mid-sentence: the file may be cut off", source, last.line + last.text.count("\n")
            )
        )
    return found
