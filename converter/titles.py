"""What an archive title says: the document type, the places sent from and to, senders and addressees.

``Telegram from Baku to Moscow, M.D. Bagriov and I.I. Maslennikov to Cdes. Stalin, Molotov, Beria, and Malenkov``
gives type Telegram, Baku -> Moscow, two senders and four addressees. Each name keeps its span in the title so
that a mention annotation can point at it. Whether a bare name is a place is for the caller to decide (``is_place``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# (cue, concept local name); the cue that stands first in the title wins, the longest at a tie.
DOCUMENT_TYPES: list[tuple[str, str]] = [
    ("record of conversation", "RecordOfConversation"),
    ("memorandum of conversation", "RecordOfConversation"),
    ("record of a conversation", "RecordOfConversation"),
    ("conversation", "RecordOfConversation"),
    ("record of meeting", "RecordOfMeeting"),
    ("record of a meeting", "RecordOfMeeting"),
    ("minutes", "Minutes"),
    ("protocol", "Minutes"),
    ("deciphered telegram", "Telegram"),
    ("ciphered telegram", "Telegram"),
    ("telegram", "Telegram"),
    ("cable", "Cable"),
    ("letter", "Letter"),
    ("memorandum", "Memorandum"),
    ("memo", "Memorandum"),
    ("report", "Report"),
    ("decree", "Decree"),
    ("resolution", "Resolution"),
    ("directive", "Directive"),
    ("instructions", "Instruction"),
    ("instruction", "Instruction"),
    ("message", "Message"),
    ("note", "Note"),
    ("speech", "Speech"),
    ("statement", "Statement"),
    ("diary", "Diary"),
    ("appeal", "Appeal"),
    ("declaration", "Declaration"),
    ("order", "Order"),
]
UNSPECIFIED_TYPE = "Document"

HONORIFIC = re.compile(
    r"^(?:(?:the|comrades?|cde|messrs|mr|mrs|ms|товарищ[а-я]*|genossen?)\b\.?\s+|cdes?\.\s*|"
    r"gen\.\s*|т\.\s*т\.\s*|тт\.\s*|тов\.\s*|т\.\s*)",
    re.IGNORECASE,
)
TRAILING_CLAUSE = re.compile(
    r"\s+(?i:on|regarding|concerning|about|re:|with|at|in\s+connection\s+with)\s+|:\s|\s+[-–—]\s+|,\s*['‘\"“]|\s+['‘\"“]|"
    r",\s+(?=\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4})"  # ', 12 May 1947': a date, not a name
)
BETWEEN = re.compile(r"\bbetween\s+", re.IGNORECASE)
AUTHOR_FIRST = re.compile(r"^(?P<author>[^,'‘\"“]{3,60}),\s*['‘\"“]")  # "M. D. Bagirov, 'Concerning ...'"
ISSUER_TYPES = {
    "Decree",
    "Resolution",
    "Order",
    "Directive",
    "Instruction",
    "Statement",
    "Declaration",
    "Appeal",
    "Speech",
    "Diary",
}  # "Decree of the Politburo": 'of' names who issued it
LIST_SEPARATOR = re.compile(r",\s+and\s+|,\s+|\s+and\s+|\s*&\s*")
TO = re.compile(r"\s+to\s+", re.IGNORECASE)
FROM_OR_OF = re.compile(r"^(?:from|of|by)\s+", re.IGNORECASE)
TO_FROM = re.compile(r"to\s+(?P<to>.+?)\s+from\s+(?P<from>.+?)\s*$", re.IGNORECASE)
NUMBER = re.compile(r"^(?:No\.|Nos\.|№)\s*[\w/-]+,?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class NameSpan:
    text: str  # as printed, honorific removed: "M.D. Bagriov", "Filippov"
    start: int  # span in the title
    end: int
    gloss: str | None = None  # an editor's identification in brackets: "Filippov [Stalin]" -> "Stalin"


@dataclass
class TitleInfo:
    title: str
    document_type: str = UNSPECIFIED_TYPE
    type_cue: str | None = None
    sent_from: NameSpan | None = None
    sent_to: NameSpan | None = None
    senders: list[NameSpan] = field(default_factory=list)
    addressees: list[NameSpan] = field(default_factory=list)
    participants: list[NameSpan] = field(default_factory=list)  # of the conversation or meeting a record records


def document_type(title: str) -> tuple[str, str | None, int]:
    """The type concept, the cue found and where the cue ends (0 if none)."""
    lowered = title.lower()
    best: tuple[int, int, str, str] | None = None
    for cue, concept in DOCUMENT_TYPES:
        match = re.search(rf"\b{re.escape(cue)}s?\b", lowered)
        if match and (best is None or (match.start(), -len(cue)) < (best[0], -best[1])):
            best = (match.start(), len(match.group(0)), cue, concept)
    if best is None:
        return UNSPECIFIED_TYPE, None, 0
    return best[3], best[2], best[0] + best[1]


OFFICE = re.compile(
    r"^(?:\S+\s+){0,3}?(?i:(?:deputy|first|vice|foreign|prime|defen[cs]e)[\s-]+)*"
    r"(?i:minister|secretary|ambassador|chairman|president|premier|head|director|consul|chief|commander|envoy|"
    r"representative|leader)\b"
)
TRAILING_PERSON = re.compile(r"(?:(?:[A-Z]\.\s?){1,3}[A-Z][a-z'’-]+|[A-Z][a-z'’-]+(?:[\s-][A-Z][a-z'’-]+){1,2})$")
NOT_A_PERSON = re.compile(
    r"\b(?:Republic|Party|Union|Committee|Government|Ministry|Council|Korea|China|States|Kingdom|Affairs|Nations|"
    r"Relations|Assembly|Front|Army|People[’']s|Representation|Mission|Embassy|Delegation|Department|Office|Bureau|"
    r"Section|Directorate|Staff|State)\b"
)


def _person_of_office(text: str) -> str | None:
    """'Soviet Ambassador to Afghanistan A.M. Puzanov' -> 'A.M. Puzanov', 'DPRK leader Kim Il Sung' -> 'Kim Il
    Sung'; an office with no one named ('the Foreign Minister of North Korea') -> None: an office is not a person.
    Other names pass as they are."""
    head = OFFICE.match(text)
    if not head:
        return text
    person = TRAILING_PERSON.search(text, head.end())
    return person.group(0) if person and not NOT_A_PERSON.search(person.group(0)) else None


def _names(title: str, start: int, end: int) -> list[NameSpan]:
    """Split ``title[start:end]`` into names at commas and 'and', keeping spans."""
    names: list[NameSpan] = []
    cursor = start
    segment = title[start:end]
    pieces = LIST_SEPARATOR.split(segment)
    for piece in pieces:
        at = title.find(piece, cursor, end)
        cursor = at + len(piece)
        text, offset = piece, at
        if honorific := HONORIFIC.match(text):
            text, offset = text[honorific.end() :], offset + honorific.end()
        gloss = None
        if bracket := re.search(r"\s*\[([^\]]+)\]\s*$", text):
            gloss = bracket.group(1).strip()
            text = text[: bracket.start()]
        text = text.strip(" .,;")
        text = _person_of_office(text) or ""
        if text and any(ch.isalpha() for ch in text) and not text[0].isdigit():  # not '8 May 1946'
            begin = title.find(text, offset, end)
            names.append(NameSpan(text, begin, begin + len(text), gloss))
    return names


def _to_from(info: TitleInfo, title: str, match: re.Match[str], is_place: Callable[[str], bool]) -> TitleInfo:
    to, frm = _names(title, *match.span("to")), _names(title, *match.span("from"))
    if len(to) == 1 and len(frm) == 1 and is_place(to[0].text) and is_place(frm[0].text):
        info.sent_from, info.sent_to = frm[0], to[0]
    else:
        info.senders, info.addressees = frm, to
    return info


def parse_title(title: str, is_place: Callable[[str], bool]) -> TitleInfo:
    info = TitleInfo(title)
    info.document_type, info.type_cue, cue_end = document_type(title)
    if (author := AUTHOR_FIRST.match(title)) and author.end("author") <= cue_end or (author and not info.type_cue):
        info.senders = _names(title, *author.span("author"))  # the author, then the quoted title
        return info
    start = cue_end
    rest = title[start:]
    lead = re.match(r"^[\s,]*", rest)
    start += lead.end() if lead else 0
    if number := NUMBER.match(title[start:]):
        start += number.end()
    clause = TRAILING_CLAUSE.search(title, start)
    end = clause.start() if clause else len(title)
    if reverse := TO_FROM.match(title, start, end):  # 'Telegram to Stalin from Bagirov'
        return _to_from(info, title, reverse, is_place)
    if between := BETWEEN.search(title, start, end):  # 'Record of Conversation between X and Y': participants
        info.participants = _names(title, between.end(), end)
        return info
    lead = FROM_OR_OF.match(title[start:end])
    if lead:
        start += lead.end()
    bounds = [start]
    for match in TO.finditer(title, start, end):
        bounds.extend([match.start(), match.end()])
    bounds.append(end)
    parts = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    if len(parts) < 2:
        word = lead.group(0).strip().lower() if lead else ""
        if word in ("from", "by") or (word == "of" and info.document_type in ISSUER_TYPES):
            names = _names(title, *parts[0])  # 'Cable from the Chinese Embassy in Pakistan'
            if len(names) == 1 and word == "from" and is_place(names[0].text):
                info.sent_from = names[0]  # 'Telegram from Tabriz': a place
            else:
                info.senders = names
        return info
    first = _names(title, *parts[0])
    if len(parts) == 3:  # "from A to B, C to D": places, then people
        middle = _names(title, *parts[1])
        if len(first) == 1 and middle and is_place(first[0].text):
            info.sent_from, info.sent_to = first[0], middle[0]
            info.senders, info.addressees = middle[1:], _names(title, *parts[2])
            return info
    last = _names(title, *parts[-1])
    if len(first) == 1 and len(last) >= 1 and is_place(first[0].text) and is_place(last[0].text):
        info.sent_from, info.sent_to = first[0], last[0]
        if len(last) > 1:
            info.addressees = last[1:]
        return info
    info.senders, info.addressees = first, last
    return info
