"""Mentions in Russian texts: the authority gazetteer first, then natasha's NER for the names it does not list.

natasha (its models ship in its wheel; no network) is loaded once per process, on the first Russian text
(``natasha_models``). NER runs on the ``TextView`` (capitals recased, markup and
page breaks removed), so 'СТАЛИНУ' and 'С<sup>ъ</sup>ездом' are seen; its kinds are corrected by the authority file
and by cues ('полковник X' is a person, 'в городе X' a place); adjacent spans are joined ('Ихья' + 'Пур Савари').
"""

from __future__ import annotations

import re

from . import geonames
from .authority import Authority
from .gazetteer import gazetteer
from .mentions import TITLE, Mention, from_matches, lookup, mention
from .names import lemma_key
from .natasha_models import ner_tagger
from .textview import TextView

NER_KINDS = {"PER": "person", "LOC": "place", "ORG": "group"}
PLACE_CUE = re.compile(
    r"(?<!\w)(?:город[а-я]*|г\.|сел[оау]|селе|деревн[а-я]+|провинци[а-я]+|район[а-я]*|"
    r"област[а-я]+|уезд[а-я]*|остан[а-я]*)\s+$",
    re.IGNORECASE,
)
AFTER_PREPOSITION = re.compile(
    r"(?:(?<=[а-яё,] )|(?<![^\n])|(?<=[.!?] ))(?:[вВ]|[вВ]о|[иИ]з|[чЧ]ерез|[дД]о|[оО]коло|"
    r"[бБ]лиз|[пП]од)\s+"
    r"(?P<name>[А-ЯЁ][а-яё]{2,}(?:-[А-ЯЁ]?[а-яё]+)?)(?![\w-])"
)
NOT_NAMES = re.compile(
    r"^(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|"
    r"понедельник|вторник|сред|четверг|пятниц|суббот|воскресень|принято|телеграмм|секретно)",
    re.IGNORECASE,
)


HONORIFIC_RU = re.compile(r"(?<![\w])(?:[Тт]ов(?:арищ[а-я]*)?\.?|[Тт]\.\s?[Тт]\.|[Гг]осподин[а-я]*|[Гг]-н\.?)(?:\s+|$)")


def _ner_spans(text: str) -> list[tuple[int, int, str]]:
    """natasha's spans, trimmed, with adjacent spans on one line joined ('Ихья' + 'Пур Савари')."""
    spans: list[tuple[int, int, str]] = []
    for span in ner_tagger()(text).spans:
        start, end = span.start, span.stop
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if end <= start:
            continue
        if spans and text[spans[-1][1] : start] == " ":
            prev = spans[-1]
            kind = "PER" if "PER" in (prev[2], span.type) else prev[2]
            spans[-1] = (prev[0], end, kind)
        else:
            spans.append((start, end, span.type))
    return spans


def _geonames_place(name: str) -> geonames.GeoPlace | None:
    """The GeoNames place a Russian place name names, by its nominative ('Пхеньяне' -> 'Пхеньян'): the same place,
    and IRI, as its English name in the translation."""
    return geonames.find(lemma_key(name)) or geonames.find(name)


def find_russian(view: TextView, source: str, authority: Authority) -> list[Mention]:
    text = view.text
    matches = gazetteer(authority).find(text)
    found = from_matches(view, source, matches)
    for start, end, ner_type in _ner_spans(text):
        if honorific := HONORIFIC_RU.search(text, start, end):  # 'Тов. Рахими': the name after it, never 'Тов'
            start = honorific.end()
        name = text[start:end]
        if (
            not name
            or any(m.start < end and start < m.end for m in matches)
            or any(ch.isdigit() for ch in name)
            or not name[0].isupper()
            or sum(ch.isalpha() for ch in name) < 2
            or NOT_NAMES.match(name)
        ):
            continue
        kind, method = NER_KINDS.get(ner_type, "group"), "ner"
        if TITLE.search(text, max(0, start - 40), start):
            kind, method = "person", "cue"
        elif PLACE_CUE.search(text, max(0, start - 25), start):
            kind, method = "place", "cue"
        match = lookup(authority, name, (kind,))
        if match:
            found.append(mention(view, source, start, end, match.entry.kind, "authority", match.entry, match.score))
        elif kind == "place" and (place := _geonames_place(name)):
            found.append(mention(view, source, start, end, "place", "geonames", geonames.entry_of(place)))
        else:
            found.append(mention(view, source, start, end, kind, method))
    taken = [(m.start, m.end) for m in found]
    for m in AFTER_PREPOSITION.finditer(text):  # 'из Ленкорани': a capitalised word after a preposition is a place
        start, end = view.original_span(m.start("name"), m.end("name"))
        if not any(a < end and start < b for a, b in taken) and not NOT_NAMES.match(m.group("name")):
            match = lookup(authority, m.group("name"), ("place",))
            place = None if match else _geonames_place(m.group("name"))
            entry = match.entry if match else geonames.entry_of(place) if place else None
            method = "authority" if match else "geonames" if place else "cue"
            found.append(
                mention(
                    view,
                    source,
                    m.start("name"),
                    m.end("name"),
                    entry.kind if entry else "place",
                    method,
                    entry,
                    match.score if match else 100.0,
                )
            )
    return found
