"""Mentions of people, groups and places inside the running texts (the original transcript and its translations),
each resolved to one entity together with the names the metadata gives (``actors``).

    find_mentions(parsed, authority, metadata_refs) -> [Mention]          what the texts mention, and where
    resolve_mentions(metadata_refs, mentions, authority) -> [Resolved]     one entity per real-world thing

A ``Mention`` is a ``NameRef`` with role ``mentioned``: ``text``/``start``/``end`` are the exact printed span (code
points into the text part, so they slice ``crm:P190_has_symbolic_content``), ``form`` the same words cleaned of markup,
page breaks and capitals. Extraction per script is in ``mentions_ru`` (natasha NER + the authority file) and
``mentions_en`` (the authority file + cue patterns + projection of the original's names); the shared pieces are
here: the normalised view of a text (``TextView``), the authority gazetteer (``gazetteer``), local posts
('the gendarmerie of the city of Azershahr'), the context rule for common nouns, and resolution.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from .actors import CLUSTER_THRESHOLD, NameRef, Resolved, _uncurated, resolve
from .authority import Authority, Entry, Match
from .export_md import ParsedExport, TextPart
from .gazetteer import Listed, gazetteer
from .identity import body_key, is_description, referent
from .names import phonetic_key, same_words, similarity, slugify
from .textview import TextView

MENTION_FUZZY = 95.0  # a running text has many more names than the metadata: fuzzy matches must be closer
SUMMARY = "summary"  # the source of a mention in the archive's summary (a translation's source is its language)
FEMALE_TITLES = {"Mrs.", "Ms.", "Miss", "Madame", "Mme", "Mme."}
KIND_PRIORITY = {
    "tei": 0,
    "authority": 0,
    "local-post": 0,
    "office": 0,
    "cue": 1,
    "projection": 2,
    "propagation": 2,
    "ner": 3,
}
TITLE = re.compile(
    r"(?:(?<=\s)|^)(?P<title>(?:Lieutenant |Major |Brigadier )?(?:Colonel|General)|Col\.|Gen\.|Lieutenant|Lt\.|Major|"
    r"Captain|Capt\.|Governor|governor|Cdes?\.|Comrades?|Mr\.|Mrs\.|Ms\.|Miss|Madame|Mme\.?|Dr\.|Ambassador|ambassador|Prime Minister|"
    r"Premier|Minister|Consul|Vice-Consul|vice-consul|Mullah?|Sheikh|Marshal|President|Professor|Senator|"
    r"(?:[Пп]олковник|[Гг]енерал(?:-[а-я]+)?|[Гг]убернатор|[Пп]одполковник|[Мм]айор|[Кк]апитан|[Пп]осл|[Мм]инистр|"
    r"[Пп]ремьер(?:-министр)?|[Кк]онсул)[а-я]{0,3}|[Пп]осол|[Тт]оварищ[а-я]*|т\.\s?т\.|тов\.|т\.|[Гг]осподин[а-я]*|г-н|[Мм]улла|[Шш]ейх)"
    r"[ \t]+$"
)
# local posts: 'the gendarmerie of the city of Azershahr', 'жандармерии города Азершехр', 'тавризской жандармерии',
# 'the provincial committee of the People's Party in the city of Rasht'
POST_CONNECTOR = re.compile(
    r"[ \t\n]+(?:(?:(?:post|station)\s+)?(?:of|in)\s+(?:the\s+)?(?:city|town|village|province|district)\s+of|of|"
    r"(?:пост\s+)?(?:в\s+)?(?:город[а-я]*|г\.|сел[а-я]*|провинци[а-я]+|район[а-я]*))[ \t\n]+$"
)
COMMITTEE_CONNECTOR = re.compile(r"[ \t\n]+(?:in(?:\s+the\s+city\s+of)?|в\s+город[а-я]*|в|во)[ \t\n]+$")
COMMITTEE = re.compile(
    r"(?:(?:provincial|regional|city|district|local|central|party)\s+)?committee\s+of\s+(?:the\s+)?$"
    r"|(?:(?:областн|провинциальн|городск|районн|местн|уездн)[а-я]*\s+)?комитет[а-я]*\s+$",
    re.IGNORECASE,
)
ADJECTIVE = re.compile(r"(?:ск|цк)(?:ий|ой|ая|ое|ие|их|ого|ому|им|ими|ую|ом)$", re.IGNORECASE)


@dataclass(frozen=True)
class Mention(NameRef):
    """A name in a running text. ``role`` is always 'mentioned'; ``source`` is the text part's language code."""

    form: str = ""  # the printed words cleaned of markup, page breaks and capitals
    method: str = ""  # authority | ner | cue | projection | propagation | local-post
    entry: Entry | None = None  # the entity, when known before clustering (authority file, local post)
    score: float = 100.0  # how well ``form`` matched ``entry`` (100: a listed form; lower: fuzzy)
    title: str | None = None  # a title printed just before a person's name: 'Colonel', 'полковник'
    generic: bool = False  # matched a common-noun form ('partisans'): kept only in the entry's context

    @property
    def titled_form(self) -> str | None:
        """'Colonel Humayun': the title and the name as printed together, kept as an appellation."""
        return f"{self.title} {self.form}" if self.title else None


def mention(
    view: TextView,
    source: str,
    start: int,
    end: int,
    kind: str,
    method: str,
    entry: Entry | None = None,
    score: float = 100.0,
    generic: bool = False,
) -> Mention:
    """A Mention from a span of the normalised view (offsets are mapped back to the printed text)."""
    a, b = view.original_span(start, end)
    title = None
    if kind == "person" and (m := TITLE.search(view.text, max(0, start - 40), start)):
        title = m.group("title")
    return Mention(
        view.original[a:b],
        "mentioned",
        source,
        a,
        b,
        kind,
        form=view.text[start:end].strip(),
        method=method,
        entry=entry,
        score=score,
        title=title,
        generic=generic,
    )


def lookup(authority: Authority, name: str, kinds: tuple[str, ...]) -> Match | None:
    """A name's authority entry: a listed form (any kind), else the unique best listed form of the expected kind
    whose whole phonetic key scores at least ``MENTION_FUZZY`` ('Кавиан' is not 'Казвин', 'Hosseini' is not
    'Hasanli', 'Bandar Shah' is neither the Shah nor 'США'); keys of fewer than four letters are never fuzzy."""
    match = authority.lookup(name, fuzzy=False)
    if match and (match.method != "surname" or "person" in kinds):
        return match
    key = phonetic_key(name)
    if len(key) < 4:
        return None
    best: dict[tuple[str, str], tuple[float, Entry]] = {}
    for form, entry in authority.listed_forms(kinds):
        if entry.kind == "group" and not same_words(name, form):
            continue  # a body only by the same words: 'the Central Committee of the Romanian Communist Party' is not
            # the Soviet one
        other = phonetic_key(form)
        if len(other) >= 4 and (score := fuzz.ratio(key, other)) >= MENTION_FUZZY:
            best[(entry.kind, entry.slug)] = max(
                best.get((entry.kind, entry.slug), (0.0, entry)), (score, entry), key=lambda pair: pair[0]
            )
    ranked = sorted(best.values(), key=lambda pair: -pair[0])
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return Match(ranked[0][1], ranked[0][0], "fuzzy")


def from_matches(view: TextView, source: str, matches: list[Listed]) -> list[Mention]:
    return [
        mention(view, source, m.start, m.end, m.entry.kind, "authority", m.entry, generic=m.generic) for m in matches
    ]


def overlaps(a: NameRef, b: NameRef) -> bool:
    return a.source == b.source and a.start < b.end and b.start < a.end


def _extract(part: TextPart, view: TextView, authority: Authority, hints: list[Mention]) -> list[Mention]:
    source = SUMMARY if part.role == SUMMARY else part.language
    if part.language == "ru":
        from .mentions_ru import find_russian

        return find_russian(view, source, authority)
    from .mentions_en import find_latin

    return find_latin(view, source, authority, hints)


def find_mentions(parsed: ParsedExport, authority: Authority, metadata_refs: Sequence[NameRef] = ()) -> list[Mention]:
    """Every mention in the transcript, the translations and the summary, in text order per part (original first). Spans that the
    metadata references already cover (address lines, signatures), headings, editorial marks and page markers
    are left out."""
    found: list[Mention] = []
    views: dict[str, TextView] = {}
    parts = sorted(parsed.parts, key=lambda p: p.role != "original")
    if parsed.summary:  # the archive's summary names people and places too; its mentions point into it
        parts.append(TextPart("en", SUMMARY, parsed.summary, 0))
    for part in parts:
        view = views[SUMMARY if part.role == SUMMARY else part.language] = TextView.of(part, authority)
        hints = [m for m in found if m.entry is None or m.method == "geonames"]  # names to find in the translation
        found += _extract(part, view, authority, hints)
    found = _office_holders(found, parsed, authority)
    found = _in_context(found, authority)
    found = [m for source, view in views.items() for m in _local_posts(view, source, found, authority)]
    kept = [
        m
        for m in found
        if not any(overlaps(m, ref) for ref in metadata_refs)
        and not any(_blocks(views[m.source].original, a, b, m) for a, b in views[m.source].blocked)
    ]
    return sorted(set(kept), key=lambda m: (m.source != "ru", m.source, m.start, -m.end))


def _blocks(text: str, start: int, end: int, m: Mention) -> bool:
    """Whether a mark (a heading, a page marker, an editor's bracket) keeps a mention out: it does unless the
    bracket holds the name alone, an editor's insertion of it ('Vice-Consul [Lang]', '[Ayub Khan]')."""
    whole = text[start : start + 1] == "[" and text[end - 1 : end] == "]" and (m.start, m.end) == (start + 1, end - 1)
    return start < m.end and m.start < end and not whole


def _office_holders(mentions: list[Mention], parsed: ParsedExport, authority: Authority) -> list[Mention]:
    """A title of office ('the Shah', 'шах') names its holder at the document's date; without one, nobody."""
    span = (parsed.date.start, parsed.date.end) if parsed.date else (None, None)
    kept = []
    for m in mentions:
        if m.entry and m.entry.office:
            if (holder := authority.holder(m.entry, *span)) is None:
                continue
            m = replace(m, entry=holder, method="office")
        kept.append(m)
    return kept


def _in_context(mentions: list[Mention], authority: Authority) -> list[Mention]:
    """Drop common-noun matches ('partisans', 'жандармы') whose entry's context place the document never names."""
    places = {m.entry.slug for m in mentions if m.entry and m.entry.kind == "place" and not m.generic}
    entries = [entry for slug in places if (entry := authority.get("place", slug)) is not None]
    regions = places | {a.slug for entry in entries for a in authority.ancestors(entry)}
    return [m for m in mentions if not (m.generic and m.entry and m.entry.context and m.entry.context not in regions)]


def _local_posts(view: TextView, source: str, mentions: list[Mention], authority: Authority) -> list[Mention]:
    """Replace '<group> of the city of <place>' and '<place-adjective> <group>' by a mention of the group's local
    post (the place stays mentioned inside it); with a committee word before the group, the group stays too."""
    mine = sorted((m for m in mentions if m.source == source), key=lambda m: m.start)
    result = list(mine)
    text = view.text
    for i, group in enumerate(mine):
        if not (group.entry and group.entry.kind == "group" and group.entry.local_posts):
            continue
        g_start, g_end = view.view_span(group.start, group.end)
        place = next((m for m in mine[i + 1 :] if m.kind == "place" and m.entry), None)
        committee = COMMITTEE.search(text, max(0, g_start - 40), g_start)
        post: tuple[int, int, Entry] | None = None
        if place:
            p_start, p_end = view.view_span(place.start, place.end)
            gap = text[g_end:p_start] + " "
            connected = POST_CONNECTOR.fullmatch(" " + gap) or (committee and COMMITTEE_CONNECTOR.fullmatch(" " + gap))
            if connected and place.entry is not None:
                post = (committee.start() if committee else g_start, p_end, place.entry)
        before = next((m for m in reversed(mine[:i]) if m.end <= group.start), None)
        if post is None and before and before.kind == "place" and before.entry:
            b_start, b_end = view.view_span(before.start, before.end)
            if text[b_end:g_start] == " " and (source != "ru" or ADJECTIVE.search(before.form)):
                post = (b_start, g_end, before.entry)
        if post is None:
            continue
        start, end, seat = post
        entry = authority.local_post(group.entry, seat) or _uncurated_post(group.entry, seat)
        result.append(mention(view, source, start, end, "group", "local-post", entry))
        if not committee and group in result:
            result.remove(group)
    return result


def _uncurated_post(group: Entry, seat: Entry) -> Entry:
    en = f"{group.en} in {seat.en}"
    return Entry(
        kind="group",
        slug=slugify(en),
        en=en,
        ru=f"{group.ru} ({seat.ru})" if group.ru and seat.ru else None,
        part_of=group.slug,
        seat=seat.slug,
        curated=False,
    )


def _clusters(mentions: list[Mention]) -> list[list[Mention]]:
    """Unlisted names that are alike across scripts ('Гасанова', 'Hasanov', 'HASANOV'), or linked by projection."""
    parent = list(range(len(mentions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(mentions):
        for j in range(i):
            b = mentions[j]
            if root(i) != root(j) and (
                a.form == b.form
                or a.gloss == b.form
                or b.gloss == a.form
                or similarity(a.form, b.form) >= CLUSTER_THRESHOLD
                or (a.kind == b.kind == "group" and body_key(a.form) == body_key(b.form))
            ):
                parent[root(i)] = root(j)
    groups: dict[int, list[Mention]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(root(i), []).append(m)
    return list(groups.values())


def resolve_mentions(metadata_refs: list[NameRef], mentions: list[Mention], authority: Authority) -> list[Resolved]:
    """One ``Resolved`` per entity for the metadata names and the mentions together. The metadata names are resolved
    by ``actors.resolve`` as before; a mention the authority file (or a local-post rule) resolved keeps that entity;
    the other mentions are clustered across scripts and join an uncurated metadata entity they resemble, or become
    an uncurated entity of their own (deterministic slug from the fullest Latin form). A cluster's kind is the
    metadata's, else a cue's, else the projection's, else NER's."""
    resolved = resolve(list(metadata_refs), authority)
    by_key = {(r.entry.kind, r.entry.slug): r for r in resolved}

    def add(entry: Entry, refs: list[Mention]) -> None:
        key = (entry.kind, entry.slug)
        if key not in by_key:
            by_key[key] = Resolved(entry)
            resolved.append(by_key[key])
        by_key[key].refs.extend(refs)

    mentions = [_unlisted_if_female(m) for m in mentions]
    for m in mentions:
        if m.entry is not None:
            add(m.entry, [m])
    clusters = _clusters([m for m in mentions if m.entry is None])
    for cluster in sorted(clusters, key=lambda c: all(" " not in m.form for m in c)):  # full names first
        woman = any(m.title in FEMALE_TITLES for m in cluster)  # 'Mrs. Nixon' does not refer back to Richard
        if not woman and (earlier := referent(cluster[0].kind, [m.form for m in cluster], resolved)):
            add(earlier.entry, cluster)
            continue
        if cluster[0].kind == "group" and all(is_description(m.form) for m in cluster):
            continue  # 'the Council of Ministers' with no body named before it: whose, the text does not say
        same = [  # an uncurated name of the metadata, or a GeoNames place of the other script ('Ленкорани')
            r
            for r in resolved
            if not r.entry.curated
            and any(
                similarity(m.form, ref.text) >= CLUSTER_THRESHOLD
                for m in cluster
                for ref in r.refs
                if not isinstance(ref, Mention) or (r.entry.geonames and m.kind == "place" and ref.source != m.source)
            )
        ]
        if same:
            add(same[0].entry, cluster)
            continue
        kind = min(cluster, key=lambda m: (KIND_PRIORITY[m.method], m.source != "en", m.start)).kind
        add(_uncurated(kind, [replace(m, text=m.form) for m in cluster]), cluster)
    return resolved


def _unlisted_if_female(m: Mention) -> Mention:
    """'Mrs. Nixon' is not Richard Nixon: a woman's title before a bare surname keeps the name from a listed man of
    that surname (the authority file marks women ``female = true``); she is a person of her own, named with it."""
    if m.entry and m.entry.kind == "person" and m.title in FEMALE_TITLES and not m.entry.female and " " not in m.form:
        return replace(m, entry=None, method="cue", gloss=f"{m.title} {m.form}")
    return m


def printed_forms(entity: Resolved) -> list[str]:
    """Every form of the entity seen in the texts and the metadata, for its appellations: the texts' forms first,
    cleaned of markup ('Учредительным Съездом'), then titled forms ('Colonel Humayun'), then the title's."""
    forms: list[str] = []
    for ref in entity.refs:
        if ref.source != "title":
            forms.append(ref.form if isinstance(ref, Mention) else ref.text)
    forms += [ref.titled_form for ref in entity.refs if isinstance(ref, Mention) and ref.titled_form]
    forms += [ref.text for ref in entity.refs if ref.source == "title"]
    return [f for f in dict.fromkeys(forms) if f]


__all__ = ["Mention", "find_mentions", "resolve_mentions", "printed_forms", "gazetteer"]
