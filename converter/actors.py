"""The people, groups and places a document's metadata and structure name: senders and addressees (title, address
line, signatures), places sent from and to, translators, contributors and funders, each resolved to one entity.

Resolution: the authority file first (exact, lemmatised, surname, then a unique fuzzy best); what it does not know
is clustered within the document across scripts (``Kozlov`` in the title, ``КОЗЛОВ`` in the signature), and each
cluster becomes an uncurated entity whose slug is made from its fullest Latin form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .authority import Authority, Entry
from .export_md import ParsedExport
from .names import display_form, is_cyrillic, latin, lemma_key, name_key, similarity, slugify
from .textmarks import NOT_SIGNATURES
from .titles import HONORIFIC, LIST_SEPARATOR, parse_title

ORGANISATION = re.compile(
    r"\b(?:committee|politburo|cc|ministry|council|party|government|embassy|consulate|foundation|department|bureau|"
    r"secretariat|presidium|command|headquarters|commission|institute|university|archive|agency|office|services|"
    r"company|inc|ltd|corporation|associates|center|centre|program|project|цк|комитет|министерство|совет|партия|"
    r"правительство|посольство|консульство|управление|штаб)\b",
    re.IGNORECASE,
)
CLUSTER_THRESHOLD = 85.0
ADDRESS_PREFIX = re.compile(r"^\s*(?:to|кому|an(?:\s+(?:den|die))?)(?::\s*|\s+)", re.IGNORECASE)
INNER_HONORIFIC = re.compile(
    r"\S\s+(товарищ[а-я]*\s|тов\.|т\.\s*т\.|тт\.|Cdes?\.|Comrades?\s|Genossen?\s)", re.IGNORECASE
)


@dataclass(frozen=True)
class NameRef:
    """One printed name and where it stands: ``source`` is 'title', 'citation', or a text part's language code."""

    text: str
    role: str  # sender | addressee | participant | sent-from | sent-to | translator | archivist | contributor | funder
    source: str
    start: int
    end: int
    kind: str  # person | group | place (the expected kind)
    gloss: str | None = None


@dataclass
class Resolved:
    entry: Entry
    refs: list[NameRef] = field(default_factory=list)

    def roles(self) -> set[str]:
        return {ref.role for ref in self.refs}


def _kind_for(text: str, default: str) -> str:
    return "group" if default == "person" and ORGANISATION.search(text) else default


def _trim(name: str) -> str:
    """Punctuation around a name, except the dot of a final initial ('МИКОЯНУ А.И.')."""
    name = name.strip(" ,;:")
    return name.lstrip(" .") if re.search(r"(?:^|[\s.])[A-ZА-ЯЁ]\.$", name) else name.strip(" .")


def _address_refs(line_text: str, offset: int, source: str, authority: Authority) -> list[NameRef]:
    """'МОСКВА, т.т.СТАЛИНУ, МОЛОТОВУ' or 'to MOSCOW, to Cdes. STALIN, ...': a place, then people."""
    refs: list[NameRef] = []
    cursor = 0
    seen_honorific = False
    items = [item for item in LIST_SEPARATOR.split(line_text.rstrip(" ;:")) if item.strip(" .")]
    for index, item in enumerate(items):
        at = line_text.find(item, cursor)
        cursor = at + len(item)
        text = ADDRESS_PREFIX.sub("", item)
        text = re.sub(r"^\s*(?:и|and)\s+", "", text)
        if inner := INNER_HONORIFIC.search(text):  # 'ЦК ВКП(б) товарищу МИКОЯНУ': the person, not the body
            text = text[inner.start(1) :]
        honorific = HONORIFIC.match(text)
        if honorific:
            seen_honorific = True
            text = text[honorific.end() :]
        text = _trim(text)
        if not text or not any(ch.isalpha() for ch in text) or re.match(r"(?:No\.|№|#)\s*\d|\d", text):
            continue  # 'No. 483/sh': a telegram's number, not an addressee
        start = offset + line_text.find(text, at)
        is_place = authority.is_place(text) or (index == 0 and not honorific and len(items) > 1 and not seen_honorific)
        if is_place and not seen_honorific:
            refs.append(NameRef(text, "sent-to", source, start, start + len(text), "place"))
        else:
            refs.append(NameRef(text, "addressee", source, start, start + len(text), _kind_for(text, "person")))
    return refs


def name_refs(parsed: ParsedExport, authority: Authority) -> list[NameRef]:
    """Every name the metadata and the texts' opening and closing lines give."""
    refs: list[NameRef] = []
    title = parse_title(parsed.title, authority.is_place)
    for span, role, kind in ((title.sent_from, "sent-from", "place"), (title.sent_to, "sent-to", "place")):
        if span:
            refs.append(NameRef(span.text, role, "title", span.start, span.end, kind))
    for spans, role in (
        (title.senders, "sender"),
        (title.addressees, "addressee"),
        (title.participants, "participant"),
    ):
        for span in spans:
            if span.text.lower() in NOT_SIGNATURES:
                continue  # '(Bastian Pinto), 6 p.m., Friday': a day, not a sender
            refs.append(
                NameRef(span.text, role, "title", span.start, span.end, _kind_for(span.text, "person"), span.gloss)
            )
    for part in parsed.parts:
        s = part.structure
        if s.sent_from:
            refs.append(
                NameRef(s.sent_from.text, "sent-from", part.language, s.sent_from.start, s.sent_from.end, "place")
            )
        if s.address_line:
            refs.extend(_address_refs(s.address_line.text, s.address_line.start, part.language, authority))
        for closing, role in ((s.signatures, "sender"), (s.translators, "translator"), (s.archivists, "archivist")):
            for signature in closing:
                kind = _kind_for(signature.text, "person")
                refs.append(NameRef(signature.text, role, part.language, signature.start, signature.end, kind))
    if parsed.citation:
        for credit, (start, end) in zip(parsed.citation.credits, parsed.citation.name_spans, strict=True):
            refs.append(
                NameRef(credit.name, credit.role, "citation", start, end, "group" if credit.is_group else "person")
            )
    if parsed.credits and (
        m := re.search(
            r"(?:support from|funded by|funding from|courtesy of)\s+(?:the\s+)?"
            r"(?P<name>[^.\n]+)",
            parsed.credits,
            re.IGNORECASE,
        )
    ):
        refs.append(
            NameRef(
                m.group("name").strip(),
                "funder",
                "credits",
                m.start("name"),
                m.start("name") + len(m.group("name").strip()),
                "group",
            )
        )
    return refs


def _uncurated(kind: str, refs: list[NameRef]) -> Entry:
    latin_forms = [
        display_form(r.gloss if r.gloss and not is_cyrillic(r.gloss) else r.text)
        for r in refs
        if not is_cyrillic(r.text)
    ]  # an editor's completion ('Ding [Guoyu]') is the name
    cyrillic_forms = [r.text for r in refs if is_cyrillic(r.text)]
    ru = None
    if len(set(cyrillic_forms)) == 1 and " " not in cyrillic_forms[0].strip():
        ru = cyrillic_forms[0].strip().capitalize()  # one form only: as printed ('Рахими', not the lemma 'Рахимя')
    elif cyrillic_forms:
        best = max(cyrillic_forms, key=lambda t: (len(name_key(t)), t))
        ru = " ".join(w.capitalize() for w in lemma_key(best).split())
    if latin_forms:
        en = max(latin_forms, key=lambda t: (len(name_key(t)), len(t), t))
    else:
        en = " ".join(w.capitalize() for w in latin(ru or refs[0].text).split())
    return Entry(kind=kind, slug=slugify(name_key(en) or en), en=en, ru=ru, curated=False)


def resolve(refs: list[NameRef], authority: Authority) -> list[Resolved]:
    """Group the references by the entity they name; the result is ordered by first appearance."""
    by_entity: dict[tuple[str, str], Resolved] = {}
    unknown: list[NameRef] = []
    for ref in refs:
        kinds = ("place",) if ref.kind == "place" else ("person", "group")
        match = authority.lookup(ref.gloss or ref.text, kinds) or (
            authority.lookup(ref.text, kinds) if ref.gloss else None
        )
        if match:
            key = (match.entry.kind, match.entry.slug)
            by_entity.setdefault(key, Resolved(match.entry)).refs.append(ref)
        else:
            unknown.append(ref)
    clusters: list[list[NameRef]] = []
    for ref in unknown:
        for cluster in clusters:
            if (
                cluster[0].kind == ref.kind
                and max(similarity(ref.text, other.text) for other in cluster) >= CLUSTER_THRESHOLD
            ):
                cluster.append(ref)
                break
        else:
            clusters.append([ref])
    for cluster in clusters:
        entry = _uncurated(cluster[0].kind, cluster)
        by_entity.setdefault((entry.kind, entry.slug), Resolved(entry)).refs.extend(cluster)
    return list(by_entity.values())
