"""TEI P5 in: a FRUS volume (its ``div type="document"`` each a document), one such div saved on its own, or a letter
with a ``teiHeader`` and a ``correspDesc``. Pure: text in, ``TeiDocument``s out (a ``ParsedExport`` each, as the
archive's exports give, plus the names the editors tagged); ``document.convert_parsed`` makes the graph.

What the markup says is taken as said: the heading's number, type and ``from``/``to``; the ``dateline``'s place and
``date/@when``; the source note (``note[@type='source']``: archival reference, drafted and approved by) as the
citation, kept out of the text, like every footnote; ``closer/signed`` as the sender; a memorandum of conversation's
participants list; every ``persName``/``placeName``/``orgName``/``gloss`` as a mention at its offsets. The volume's
list of persons (``div[@xml:id='persons']``) and of terms (``div[@xml:id='terms']``) are entries valid for the whole
volume (``tei_volume``): a person tagged anywhere is one entity, the curated one when the authority file knows
the name. A file that is not well-formed, not TEI, or has nothing to convert is an ``InputError`` with its line; a
document of a volume without text costs that document only.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

from .actors import NameRef
from .authority import Authority, Entry
from .citation import Citation
from .dates import DateError, DateValue, parse_date
from .errors import InputError, InputWarning
from .export_md import ParsedExport, TextPart
from .mentions import Mention
from .names import slugify
from .tei_text import Tagged, local, text_of
from .tei_volume import RANK, Volume, read_volume
from .tei_xml import TEI, XML_ID, XmlTree, parse_xml, tei
from .textmarks import TextStructure, find_marks

HEAD_NUMBER = re.compile(r"^\s*(\d+[A-Za-z]?)\.\s+")
OFFICE_HOLDER = re.compile(
    r"^(?:the\s+)?(?:(?:Acting|Deputy|Under|Assistant|Special|Executive|Vice)\s+)*(?:Secretary|President|Ambassador|"
    r"Minister|Director|Chief|Assistant|Counselor|Charg[ée]|Consul|Governor|Premier|Prime Minister|Chairman|Commander|"
    r"Representative|Adviser|Advisor|Officer|Attach[ée])\b",
    re.IGNORECASE,
)  # a heading's from/to that names an office (its holder), not a body: 'the Secretary of State'
ROLE_OF_TYPE = {"from": "sender", "to": "addressee"}
ACTION_ROLES = {"sent": ("sender", "sent-from"), "received": ("addressee", "sent-to")}
KIND_OF_TAG = {"persName": "person", "placeName": "place", "orgName": "group"}


@dataclass
class TeiDocument:
    parsed: ParsedExport
    refs: list[NameRef] = field(default_factory=list)  # sender, addressee, sent-from/to, participants from markup
    tagged: list[Mention] = field(default_factory=list)  # names the editors tagged in the text, resolved


@dataclass
class TeiFile:
    documents: list[TeiDocument]
    errors: list[InputError]  # documents of the file that could not be read; the others convert
    authority: Authority  # the authority with the volume's persons and terms


def looks_like_xml(text: str, source: str) -> bool:
    """A ``.xml`` file, or text that opens with an XML declaration or a TEI root (standard input)."""
    head = text.lstrip("\ufeff \t\r\n")[:200]
    return PurePath(source).suffix.lower() in {".xml", ".tei"} or head.startswith(("<?xml", "<TEI"))


def read_tei(text: str, source: str, authority: Authority) -> TeiFile:
    """Every document of a TEI file; an ``InputError`` when the file as a whole cannot be read."""
    tree = parse_xml(text.lstrip("\ufeff"), source)
    root = tree.root
    if not root.tag.startswith(f"{{{TEI}}}"):
        namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else "no namespace"
        raise InputError(
            f"not TEI P5: the root element is <{root.tag.rsplit('}', 1)[-1]}> in {namespace}; expected <TEI> (or a "
            f"<div type='document'>) in the namespace {TEI}",
            source=source,
            line=tree.line(root),
        )
    volume = read_volume(tree, source, authority)
    divs = [root] if _is_document(root) else [d for d in root.iter(tei("div")) if _is_document(d)]
    documents, errors = [], []
    if divs:
        for div in divs:
            try:
                documents.append(_frus_document(div, tree, volume, source))
            except InputError as error:
                errors.append(error)
    elif (corresp := next(root.iter(tei("correspDesc")), None)) is not None:
        documents.append(_letter(root, corresp, tree, volume, source))
    else:
        raise InputError(
            "a TEI file with neither <div type='document'> nor a <correspDesc>: nothing to convert",
            source=source,
            line=tree.line(root),
        )
    return TeiFile(documents, errors, volume.authority)


def _is_document(element: ET.Element) -> bool:
    return element.tag == tei("div") and element.get("type") == "document"


def _frus_document(div: ET.Element, tree: XmlTree, volume: Volume, source: str) -> TeiDocument:
    xml_id = div.get(XML_ID) or f"d{div.get('n') or ''}"
    record = slugify(f"{volume.id}-{xml_id}") if volume.id else slugify(xml_id)
    head = div.find(tei("head"))
    heading = text_of([head], tree.lines) if head is not None else None
    title_text = heading.finish() if heading else ""
    number = HEAD_NUMBER.match(title_text)
    cut = number.end() if number else 0
    title = title_text[cut:] or f"Document {div.get('n') or xml_id}"
    body_elements = [child for child in div if child is not head]
    body = text_of(body_elements, tree.lines)
    text = body.finish()
    if not text.strip():
        raise InputError(f"the document {xml_id} has no text", source=source, line=tree.line(div))
    notes = (heading.notes.source if heading else []) + body.notes.source
    footnotes = (heading.notes.footnotes if heading else []) + body.notes.footnotes
    refs: list[NameRef] = []
    tagged: list[Mention] = []
    fullest = _fullest(body.tagged + (heading.tagged if heading else []))
    if heading:
        for t in heading.tagged:
            if t.start >= cut:
                shifted = Tagged(t.tag, t.attrs, t.start - cut, t.end - cut, t.text, t.line, t.inside)
                for ref in _heading_ref(shifted, volume, fullest):
                    if isinstance(ref, Mention):
                        tagged.append(ref)
                    else:
                        refs.append(ref)
    date_value, warnings = _dateline_date(body.tagged, source)
    for t in body.tagged:
        if isinstance(name := _body_name(t, volume, fullest), Mention):
            tagged.append(name)
        elif name is not None:
            refs.append(name)
    parsed = _parsed(
        source=source,
        record=record,
        title=title,
        line=tree.line(head if head is not None else div) or 1,
        date=date_value,
        text=text,
        body_line=(tree.line(body_elements[0]) if body_elements else None) or 1,
        citation=" ".join(notes) or None,
        blocks={"number": number.group(1) if number else (div.get("n") or ""), "footnotes": "\n".join(footnotes)},
        warnings=warnings,
    )
    parsed.edition = (volume.id, volume.title or volume.id) if volume.id else None
    return TeiDocument(parsed, refs, tagged)


def _parsed(
    *,
    source: str,
    record: str,
    title: str,
    line: int,
    date: DateValue | None,
    text: str,
    body_line: int,
    citation: str | None,
    blocks: dict[str, str],
    warnings: list[InputWarning],
) -> ParsedExport:
    part = TextPart("en", "original", text, body_line or 1, TextStructure(marks=find_marks(text)))
    return ParsedExport(
        source=source,
        record_id=record,
        title=title,
        title_line=line,
        date=date,
        citation=Citation(text=citation) if citation else None,
        summary=None,
        credits=None,
        original_language="en",
        original_language_label="English",
        contents=[],
        parts=[part],
        blocks={k: v for k, v in blocks.items() if v},
        warnings=warnings,
    )


def _dateline_date(tagged: list[Tagged], source: str) -> tuple[DateValue | None, list[InputWarning]]:
    """The document's date: the dateline's ``date/@when`` (else its printed date), else the first dated ``date``."""
    dates = [t for t in tagged if t.tag == "date"]
    ordered = [t for t in dates if "dateline" in t.inside] + [t for t in dates if "dateline" not in t.inside]
    warnings: list[InputWarning] = []
    for t in ordered:
        try:
            value = _when(t) or parse_date(t.text)
        except (ValueError, DateError) as exc:
            warnings.append(
                InputWarning(f"the date '{t.attrs.get('when', t.text)}' is not a real date: {exc}", source, t.line)
            )
            continue
        if value is not None:
            return value, warnings
    return None, warnings


def _when(t: Tagged) -> DateValue | None:
    """``@when`` (or ``@notBefore``/``@notAfter``) as a day, month or year; a time of day is dropped."""
    when = t.attrs.get("when") or ""
    if not when and t.attrs.get("notBefore") and t.attrs.get("notAfter"):
        first, last = _when_value(t.attrs["notBefore"], t.text), _when_value(t.attrs["notAfter"], t.text)
        if first and last:
            return DateValue(t.text, "days", first.start, last.end)
    return _when_value(when, t.text) if when else None


def _when_value(value: str, label: str) -> DateValue | None:
    value = value.split("T")[0]
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return DateValue(label, "day", day, day)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m[1]), int(m[2])
        return DateValue(label, "month", date(year, month, 1), date(year, month, monthrange(year, month)[1]))
    if re.fullmatch(r"\d{4}", value):
        return DateValue(label, "year", date(int(value), 1, 1), date(int(value), 12, 31))
    return None


def _heading_ref(t: Tagged, volume: Volume, fullest: dict[str, str]) -> list[NameRef]:
    """A name the heading tags as from or to: the sender or addressee (a person, an office, an embassy)."""
    role = ROLE_OF_TYPE.get(t.attrs.get("type", ""))
    if role is None:
        return []
    if t.tag == "persName":
        return [_person(t, role, "title", volume, fullest)]
    kind = "person" if OFFICE_HOLDER.match(t.text) else "group"  # 'the Secretary of State'; 'CIA Station'
    return [NameRef(t.text, role, "title", t.start, t.end, kind)]


def _body_name(t: Tagged, volume: Volume, fullest: dict[str, str]) -> NameRef | None:
    """A tagged name of the text: the sender when it is signed, a participant in the participants list, the place
    sent from in the dateline, else a mention (of a person, of the volume's term, of the place or body named)."""
    if t.tag == "persName":
        role = next(
            (r for block, r in (("signed", "sender"), ("participants", "participant")) if block in t.inside), None
        )
        return _person(t, role or "mentioned", "en", volume, fullest)
    if t.tag == "placeName" and "dateline" in t.inside:
        return NameRef(t.text, "sent-from", "en", t.start, t.end, "place")
    entry = _entry_of(t, volume)
    if entry is None:
        return None
    return Mention(t.text, "mentioned", "en", t.start, t.end, entry.kind, form=t.text, method="tei", entry=entry)


def _person(t: Tagged, role: str, source: str, volume: Volume, fullest: dict[str, str]) -> Mention:
    """A person the editors tagged, never looked up fuzzily: the volume's person the pointer names, else the
    authority's entry for the name, else one of the document's own under its fullest tagged form (its rank left
    out). A name with no pointer that nothing knows is left to ``mentions.resolve_mentions``, which refers a bare
    surname back to the document's fuller name ('Ramirez' after 'Arturo Ramirez')."""
    name = RANK.sub("", fullest.get(_pointer(t)) or t.text)
    entry = volume.person(t.attrs) or volume.known("person", name)
    if entry is None and _pointer(t):
        entry = _own("person", name)
    return Mention(t.text, role, source, t.start, t.end, "person", form=RANK.sub("", t.text), method="tei", entry=entry)


def _own(kind: str, name: str) -> Entry:
    return Entry(kind=kind, slug=slugify(name), en=name, curated=False)


def _pointer(t: Tagged) -> str:
    return (t.attrs.get("corresp") or t.attrs.get("ref") or "").strip()


def _fullest(tagged: list[Tagged]) -> dict[str, str]:
    """The longest form of each person a document tags with a pointer the volume does not resolve ('Barrow' and
    'Arthur E. Barrow' with one ``@corresp``): one person."""
    found: dict[str, str] = {}
    for t in tagged:
        if t.tag == "persName" and (pointer := _pointer(t)) and len(t.text) > len(found.get(pointer, "")):
            found[pointer] = t.text
    return found


def _entry_of(t: Tagged, volume: Volume) -> Entry | None:
    if t.tag == "gloss":
        return volume.term(t.attrs)
    if t.tag in ("placeName", "orgName"):
        return volume.known(KIND_OF_TAG[t.tag], t.text) or _own(KIND_OF_TAG[t.tag], t.text)
    return None


def _letter(root: ET.Element, corresp: ET.Element, tree: XmlTree, volume: Volume, source: str) -> TeiDocument:
    """A letter: the correspDesc's sender and addressee, places and date; the body's text."""
    body = next(root.iter(tei("body")), None)
    built = text_of([body] if body is not None else [], tree.lines)
    text = built.finish()
    if not text.strip():
        raise InputError(
            "the TEI <body> has no text", source=source, line=tree.line(body if body is not None else root)
        )
    refs: list[NameRef] = []
    date_value = None
    title_names: dict[str, list[str]] = {"sender": [], "addressee": []}
    header_text = ""  # 'Sent by X from Edinburgh, 2 April 1950. Received by Y in Boston.': the citation
    for action in corresp.iter(tei("correspAction")):
        if (roles := ACTION_ROLES.get(action.get("type", ""))) is None:
            continue
        person_role, place_role = roles
        header_text += (" " if header_text else "") + ("Sent" if person_role == "sender" else "Received")
        joiner = " by "
        for element in action:
            name, words = local(element.tag), " ".join("".join(element.itertext()).split())
            if not words:
                continue
            if name in ("persName", "orgName"):
                title_names[person_role].append(words)
                header_text += joiner + words
                joiner = " and "
            elif name == "placeName":
                header_text += " from " if person_role == "sender" else " in "
                refs.append(
                    NameRef(words, place_role, "citation", len(header_text), len(header_text) + len(words), "place")
                )
                header_text += words
            elif name == "date":
                header_text += ", " + words
                if person_role == "sender":
                    attrs = {local(k): v for k, v in element.attrib.items()}
                    date_value = _when(Tagged("date", attrs, 0, 0, words, None)) or parse_date(words)
        header_text += "."
    title = _title(root) or _letter_title(title_names)
    tagged: list[Mention] = []
    for role, names in title_names.items():
        for person in names:
            if (at := title.find(person)) >= 0:
                entry = volume.known("person", person) or _own("person", person)
                tagged.append(
                    Mention(
                        person, role, "title", at, at + len(person), "person", form=person, method="tei", entry=entry
                    )
                )
    tagged += [m for t in built.tagged if isinstance(m := _body_name(t, volume, {}), Mention)]
    parsed = _parsed(
        source=source,
        record=slugify(root.get(XML_ID) or PurePath(source).stem),
        title=title,
        line=tree.line(corresp) or 1,
        date=date_value,
        text=text,
        body_line=(tree.line(body) if body is not None else None) or 1,
        citation=header_text or None,
        blocks={},
        warnings=[],
    )
    return TeiDocument(parsed, refs, tagged)


def _title(root: ET.Element) -> str:
    title = next(root.iter(tei("title")), None)
    return " ".join("".join(title.itertext()).split()) if title is not None else ""


def _letter_title(names: dict[str, list[str]]) -> str:
    sender = " and ".join(names["sender"]) or "Unknown"
    return (
        f"Letter From {sender} to {' and '.join(names['addressee'])}" if names["addressee"] else f"Letter From {sender}"
    )


__all__ = ["TeiDocument", "TeiFile", "looks_like_xml", "read_tei"]
