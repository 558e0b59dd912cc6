"""Parse one Wilson Center Digital Archive export (Markdown) into a ``ParsedExport``. Pure: text in, data out.

Layout: a bold date line (optional), a bold title (may wrap over lines), labelled blocks ``**Citation:**``,
``**Summary:**``, ``**Credits:**``, ``**Original Language:**``, ``**Contents:**`` (any other ``**Label:**`` is kept
too), then the body: the original-language transcript when there is one, then the translation(s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .citation import Citation, parse_citation
from .dates import DateError, DateValue, parse_date
from .errors import InputError
from .languages import guess_language, language_code
from .textmarks import TextStructure, analyse

BOLD_BLOCK = re.compile(r"^\*\*(?P<body>(?:(?!\*\*).)+?)\*\*[ \t]*$", re.MULTILINE | re.DOTALL)
LABEL = re.compile(r"^\*\*(?P<label>[^*\n]{1,60}?):\*\*[ \t]*(?P<rest>.*)$")
CONTENTS_ITEM = re.compile(
    r"^\s*(?P<kind>original scan|scan|transcript(?:ion)?|translation|original)"
    r"(?:\s*[-–—:]\s*(?P<lang>[\w -]+?))?\s*$",
    re.IGNORECASE,
)
RECORD_IN_URL = re.compile(r"/document/(\d+)")


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

    @property
    def original(self) -> TextPart | None:
        return next((p for p in self.parts if p.role == "original"), None)

    @property
    def translations(self) -> list[TextPart]:
        return [p for p in self.parts if p.role == "translation"]


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _record_id(source: str, citation: Citation | None) -> str | None:
    stem = re.sub(r"\.[A-Za-z]+$", "", source.replace("\\", "/").rsplit("/", 1)[-1])
    if stem.isdigit():
        return stem
    if citation and citation.url and (m := RECORD_IN_URL.search(citation.url)):
        return m.group(1)
    return None


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


def parse_export(text: str, source: str = "<input>") -> ParsedExport:
    """Parse the Markdown of one export; raise ``InputError`` naming the line and reason when it cannot."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError("the file is empty", source=source)
    if "\x00" in text:
        raise InputError("the file is binary, not a Markdown export", source=source)

    bold = [m for m in BOLD_BLOCK.finditer(text) if not LABEL.match(m.group(0))]
    first_label = re.search(r"^\*\*[^*\n]{1,60}?:\*\*", text, re.MULTILINE)
    if first_label is None:
        raise InputError("unknown layout: no labelled block such as **Citation:** was found", source=source)
    head = [m for m in bold if m.start() < first_label.start()]
    if not head:
        raise InputError(
            "no title: expected a bold title line (**...**) before the labelled blocks",
            source=source,
            line=_line_of(text, first_label.start()),
        )

    date: DateValue | None = None
    first = head[0]
    try:
        date = parse_date(" ".join(first.group("body").split()))
    except DateError as exc:
        raise InputError(
            f"the date line is not a real date: {exc}", source=source, line=_line_of(text, first.start())
        ) from None
    if date is None and len(head) > 1:  # two bold lines: the first is the date line, and it is not one we can read
        raise InputError(
            f"the date line '{' '.join(first.group('body').split())}' is not a date",
            source=source,
            line=_line_of(text, first.start()),
        )
    title_blocks = head[1:] if date else head
    if not title_blocks:
        raise InputError(
            "no title: the bold date line is not followed by a bold title",
            source=source,
            line=_line_of(text, first.end()),
        )
    title_match = title_blocks[0]
    title = " ".join(title_match.group("body").split())

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
    citation = parse_citation(lookup["citation"]) if lookup.get("citation") else None
    original_label = lookup.get("original language")
    original_language = None
    if original_label:
        first_language = re.split(r"[,;/]| and ", original_label)[0].strip()
        original_language = language_code(first_language)
        if original_language is None:
            raise InputError(
                f"unknown original language '{first_language}'",
                source=source,
                line=_line_of(text, text.find(original_label)),
            )
    contents = [line.strip() for line in (lookup.get("contents") or "").split("\n") if line.strip()]
    translation_languages: list[str] = []
    for item in contents:
        m = CONTENTS_ITEM.match(item)
        if m and m.group("kind").lower() == "translation" and m.group("lang"):
            code = language_code(m.group("lang"))
            if code and code != original_language and code not in translation_languages:
                translation_languages.append(code)
    if not translation_languages and original_language != "en":
        translation_languages = ["en"]

    record_id = _record_id(source, citation)
    if record_id is None:
        raise InputError(
            "no record id: name the file after the archive's record (119111.md) "
            "or give the document URL in the citation",
            source=source,
        )

    parts: list[TextPart] = []
    paragraphs = _paragraphs(text[body_start:], body_start)
    if paragraphs:
        expected = ([original_language] if original_language else []) + translation_languages
        expected = list(dict.fromkeys(expected)) or ["en"]
        for code, start, end in _segment(text, paragraphs, expected):
            role = "original" if code == original_language else "translation"
            part_text = text[start:end]
            parts.append(TextPart(code, role, part_text, _line_of(text, start), analyse(part_text)))

    return ParsedExport(
        source=source,
        record_id=record_id,
        title=title,
        title_line=_line_of(text, title_match.start()),
        date=date,
        citation=citation,
        summary=lookup.get("summary"),
        credits=lookup.get("credits"),
        original_language=original_language,
        original_language_label=original_label,
        contents=contents,
        parts=parts,
        blocks=blocks,
    )
