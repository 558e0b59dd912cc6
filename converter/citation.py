"""The export's citation: title, date, archival reference, contributors, translators and source URL.

Reads the current form (``"Title", November 24, 1945, Wilson Center Digital Archive, RGASPI, f. 558, op. 11,
d. 99, ll. 0057-0059. Contributed by X and translated by Y. <URL>``) and the older ones (``History and Public
Policy Program Digital Archive, RGASPI. F.558. Op.11. D.99. L.64-66. Obtained by X and translated by Y.``,
``AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 80``, ``d.[120]``, a bare file number, no URL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

QUOTES = "\"“”„«»'‘’"
URL = re.compile(r"<\s*(https?://[^>\s]+)\s*>|(https?://\S+?)[.)]?$")
# '"Title", 1945', '“Title,” 1980' or '"Title" November 02, 1956' (a double quote then a space)
TITLE = re.compile(rf"^\s*[{QUOTES}](.+?)(?:[{QUOTES}],|,[{QUOTES}]|[\"”](?=\s))\s*")
DATE_PIECE = re.compile(r"\s*([^,]+(?:,\s*\d{4})?),")  # what follows the title, up to the next comma: its date
ARCHIVE_NAME = re.compile(
    r"(?:Wilson Center|History and Public Policy Program|Cold War International History Project)"
    r"[\w ]*?Digital Archive[.,]?\s*"
)
CREDIT_VERBS = (
    r"contributed|obtained(?:\s+for\s+(?:the\s+)?[\w.]+(?:\s+[\w.]+){0,5}?)?"  # 'Obtained for CWIHP by'
    r"|translated(?:\s+(?:for|from)\s+(?:the\s+)?[\w.]+(?:\s+[\w.]+){0,5}?)?"  # 'translated for CWIHP by'
    r"|donated|provided|transcribed"
)
CREDIT_START = re.compile(rf"(?:^|(?<=[.,;]\s))(?:{CREDIT_VERBS})\s+by\b", re.IGNORECASE)
CREDIT_CLAUSE = re.compile(
    rf"\b({CREDIT_VERBS})\s+by\s+(.+?)(?=,?\s+and\s+(?:{CREDIT_VERBS})\s+by\b|[.;]\s|\.?$)", re.IGNORECASE | re.DOTALL
)

ARCHIVE_SPLIT = re.compile(r";\s*(?:and\s+)?|,?\s+and\s+(?=[A-ZА-Я]{2,}\b)")  # one archive from the next
_NUM = r"\[?\s*([0-9A-Za-zА-Яа-я][0-9A-Za-zА-Яа-я/-]*)\s*\]?"
LEVELS = {
    "fond": re.compile(rf"(?:\b[fF]\.|\bFond\b|\bф\.)\s*{_NUM}"),
    "opis": re.compile(rf"(?:\b[oO]p\.|\bOpis\b|\bоп\.)\s*{_NUM}"),
    "delo": re.compile(rf"(?:\b[dD]\.|\bDelo\b|\bд\.)\s*{_NUM}"),
    "papka": re.compile(rf"(?:\b[pP]\.|\bPapka\b|\bп\.)\s*{_NUM}"),
}
LEAVES = re.compile(r"(?:\b[lL]{1,2}\.|\bList[y]?\b|\bлл?\.)\s*\[?[0-9][0-9A-Za-z\s,\-–ob.]*\]?")
COMPANY = re.compile(
    r"\b(Inc|Ltd|LLC|Co|Company|Corporation|Corp|Services|Associates|Bureau|Agency|GmbH|"
    r"Translations?|Institute|Foundation|Center|Centre|Program|Project|CWIHP)\b\.?"
)


@dataclass(frozen=True)
class ArchivalReference:
    text: str  # as printed: "RGASPI, f. 558, op. 11, d. 99, ll. 0057-0059"
    repository: str  # "RGASPI"
    fond: str | None = None
    opis: str | None = None
    delo: str | None = None
    papka: str | None = None
    leaves: str | None = None  # "ll. 0057-0059"
    unit: str | None = None  # a file number where there is no fond (foreign-ministry style references)


@dataclass(frozen=True)
class Credit:
    role: str  # "contributor" | "translator" | "donor" | "transcriber"
    name: str
    is_group: bool
    phrase: str  # "Contributed by", "Obtained for CWIHP by", ...


@dataclass
class Citation:
    text: str
    title: str | None = None
    date_text: str | None = None  # as printed after the title: 'November 24, 1945', '1980'
    reference: ArchivalReference | None = None  # the first archive the citation names
    references: list[ArchivalReference] = field(default_factory=list)  # every one ('APRF, ...; AVPRF, ...; and ...')
    credits: list[Credit] = field(default_factory=list)
    url: str | None = None
    name_spans: list[tuple[int, int]] = field(default_factory=list)  # where each credit's name stands in ``text``


def _split_names(names: str) -> list[str]:
    """'X, Y and Z' -> three names; 'Sinotrans Translation Services, Inc.' stays one."""
    parts = re.split(r",\s+(?!(?:Inc|Ltd|LLC|Co|Corp|GmbH)\b)(?:and\s+)?|\s+and\s+|\s*&\s*", names.strip())
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _is_group(name: str) -> bool:
    """A company or institution, not a person: its name says so, or it is a brand ('7Brands', 'SinoTrans')."""
    return bool(COMPANY.search(name) or re.search(r"\d", name) or re.fullmatch(r"[A-Z]?[a-z]+[A-Z]\w*", name))


def _role(verb: str) -> str:
    verb = verb.lower()
    if verb.startswith("translated"):
        return "translator"
    if verb.startswith("transcribed"):
        return "transcriber"
    return "contributor"


def parse_reference(text: str) -> ArchivalReference | None:
    text = text.strip().rstrip(".,; ").strip()
    if not text:
        return None
    head = re.split(r"[,.]\s|\.(?=[A-Z])|,", text, maxsplit=1)[0].strip()
    if numbered := re.search(r"\s\S*\d", head):  # "PRC FMA 109-00082-03": the file number is not the archive's name
        head = head[: numbered.start()].strip()
    levels = {name: (m.group(1) if (m := rx.search(text)) else None) for name, rx in LEVELS.items()}
    leaves = LEAVES.search(text)
    unit = None
    if not levels["fond"] and not levels["delo"]:
        rest = text[len(head) :].strip(" ,.")
        unit = re.sub(r"^(?:File|Record|No\.?|Number|#)\s*(?:No\.?)?\s*", "", rest, flags=re.IGNORECASE) or None
    return ArchivalReference(
        text=text, repository=head, leaves=leaves.group(0).strip(" ,.") if leaves else None, unit=unit, **levels
    )


def parse_citation(text: str) -> Citation:
    text = " ".join(text.split())
    citation = Citation(text=text)
    body = text
    url = URL.search(body)
    if url:
        citation.url = url.group(1) or url.group(2)
        body = body[: url.start()].rstrip()
    if title := TITLE.match(body):
        citation.title = title.group(1).strip()
        body = body[title.end() :]
        if date := DATE_PIECE.match(body):
            citation.date_text = date.group(1).strip()
    archive = ARCHIVE_NAME.search(body)
    credit = CREDIT_START.search(body)
    ref_start = archive.end() if archive else 0
    ref_end = credit.start() if credit else len(body)
    reference = body[ref_start:ref_end] if ref_start <= ref_end else ""
    if not archive:  # drop a leading date ("November 24, 1945, GAPPOD, ...")
        reference = re.sub(r"^\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}|[A-Z][a-z]+,?\s+\d{4}|\d{4}),\s*", "", reference)
    citation.references = [r for piece in ARCHIVE_SPLIT.split(reference) if (r := parse_reference(piece))]
    citation.reference = citation.references[0] if citation.references else None
    if credit:
        offset = text.find(body[credit.start() :])
        for clause in CREDIT_CLAUSE.finditer(body, credit.start()):
            phrase = clause.group(0)[: clause.start(2) - clause.start(0)].strip()
            names_text = clause.group(2)
            cursor = clause.start(2)
            for name in _split_names(names_text):
                at = body.find(name, cursor)
                cursor = at + len(name)
                citation.credits.append(Credit(_role(clause.group(1)), name, _is_group(name), phrase))
                citation.name_spans.append((offset + at - credit.start(), offset + cursor - credit.start()))
    return citation
