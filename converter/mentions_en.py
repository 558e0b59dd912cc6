"""Mentions in English (and other Latin-script) texts: the authority gazetteer, then the spans of the cues of
``cues_en`` for names it does not list (and lists of surnames), GeoNames places, then the original's unlisted names
projected onto the translation, then every further occurrence. No statistical English model installs from the
package registry: rules, gazetteers and context.

Projection: a name of the original that the authority file does not know ('Гасанова') is compared with the
capitalised word sequences of the translation after transliteration and a phonetic key ('Hasanov'); only a unique
best above ``actors.CLUSTER_THRESHOLD`` is taken, and the mention keeps the original's form as its ``gloss``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import geonames
from .actors import CLUSTER_THRESHOLD
from .authority import Authority
from .cues_en import (
    CAPITALISED_RUN,
    LOWER_WORD,
    NOT_NAMES,
    SURNAME,
    SURNAME_ENDING,
    SURNAME_LIST,
    UPPER,
    cue_spans,
)
from .gazetteer import gazetteer, word_keys
from .mentions import Mention, from_matches, lookup, mention
from .names import is_cyrillic, similarity
from .textview import TextView


def _surname_lists(view: TextView, authority: Authority) -> list[tuple[int, int, str]]:
    """The items of a list of three or more single names, when half of them are listed people or have a surname's
    ending ('-ov', '-enko', '-shvili'): the rest of such a list are people too, unless a known place or body."""
    found: list[tuple[int, int, str]] = []
    for m in SURNAME_LIST.finditer(view.text):
        if re.search(rf"[{UPPER}][\w'’-]*[ \t]$", view.text[: m.start()]):
            continue  # the list starts inside a longer name: 'Ion Gheorghe Maurer, Emil Bodnaras, ...'
        items = [
            (m.start("names") + w.start(), m.start("names") + w.end()) for w in re.finditer(SURNAME, m.group("names"))
        ]
        names = [view.text[a:b] for a, b in items]
        people = sum(
            bool(
                SURNAME_ENDING.search(name.lower())
                or ((hit := authority.lookup(name, fuzzy=False)) and hit.entry.kind == "person")
            )
            for name in names
        )
        if people * 2 >= len(names):  # 'roll': a person unless a known place or body ('Kiev', 'Berlin')
            found += [(a, b, "roll") for (a, b), name in zip(items, names, strict=True) if name not in NOT_NAMES]
    return found


def _free(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return not any(a < end and start < b for a, b in taken)


def _projections(view: TextView, hints: list[Mention], taken: list[tuple[int, int]]) -> dict[str, Mention]:
    """For each unlisted name of the original, the translation's unique best capitalised word sequence."""
    candidates: dict[str, None] = {}
    for run in CAPITALISED_RUN.finditer(view.text):
        words = [w for w in re.finditer(r"\S+", run.group(0))]
        for i in range(len(words)):
            for j in range(i, min(i + 4, len(words))):
                a, b = run.start() + words[i].start(), run.start() + words[j].end()
                phrase = view.text[a:b]
                if _free(a, b, taken) and words[i].group(0) not in NOT_NAMES and words[j].group(0) not in NOT_NAMES:
                    candidates[phrase] = None
    chosen: dict[str, Mention] = {}
    for hint in hints:
        variants = {hint.form}
        if is_cyrillic(hint.form):
            head, _, last = hint.form.rpartition(" ")
            variants |= {f"{head} {stem}".strip() for stem in word_keys(last) if len(stem) > 2}
        scored = sorted(((max(similarity(v, c) for v in variants), c) for c in candidates), reverse=True)
        if scored and scored[0][0] >= CLUSTER_THRESHOLD and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            best = scored[0][1]  # the fullest good candidate that holds the best: 'Haji Abbas' rather than 'Abbas'
            chosen[max((c for s, c in scored if s >= CLUSTER_THRESHOLD and best in c), key=len)] = hint
    return chosen


def _geonames_place(
    name: str, lower_words: set[str], authority: Authority, in_text: bool = False
) -> geonames.GeoPlace | None:
    """A GeoNames place, unless the name is the authority file's person or group ('Brezhnev' was a town's name for
    six years) or a common word the text also writes in lower case ('Part' at a sentence's start)."""
    if name.lower() in lower_words or name.endswith(("'s", "’s")):
        return None
    place = geonames.find(name, in_text=in_text)
    return None if place is None or authority.lookup(name, ("person", "group"), fuzzy=False) else place


def _gazetteer_places(
    view: TextView, source: str, authority: Authority, taken: list[tuple[int, int]], lower_words: set[str]
) -> list[Mention]:
    """Countries and large cities GeoNames knows, wherever a capitalised run names one whole (the longest first)."""
    found = []
    for run in CAPITALISED_RUN.finditer(view.text):
        words = list(re.finditer(r"\S+", run.group(0)))
        spans = sorted(((i, j) for i in range(len(words)) for j in range(i, len(words))), key=lambda s: s[0] - s[1])
        for i, j in spans:
            start, end = run.start() + words[i].start(), run.start() + words[j].end()
            name = view.text[start:end]
            if not _free(start, end, taken) or words[i].group(0) in NOT_NAMES:
                continue
            if place := _geonames_place(name, lower_words, authority, in_text=True):
                found.append(mention(view, source, start, end, "place", "geonames", geonames.entry_of(place)))
                taken.append((start, end))
    return _editorial(view, authority, found)


EDITORIAL = re.compile(r"[ \t]*\[(?P<inner>[^\]\n]{2,80})\]")
CORRECTION = re.compile(
    r"^(?:sic|SIC)\b[,.:;]?\s*(?:(?:correctly|properly|should\s+be|spelled|i\.e\.)\s+)*(?P<name>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,3})"
)
COMPLETION = re.compile(r"^[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,3}$")


def _editorial(view: TextView, authority: Authority, found: list[Mention]) -> list[Mention]:
    """An editor's brackets after a person's name complete, respell or correct it: 'Ding [Guoyu]' is Ding Guoyu,
    'Jeong Il-ryong [Jong Il Ryong]' is one name in two spellings, 'Dorokshani [SIC, spelled Darakhshani ...]' is
    whoever 'Darakhshani' is; the printed form stays a variant."""
    result = []
    for m in found:
        bracket = EDITORIAL.match(view.original, m.end) if m.kind == "person" else None
        inner = bracket.group("inner").strip() if bracket else ""
        if correction := CORRECTION.match(inner):
            name = correction.group("name")
            match = authority.lookup(name, ("person",))
            m = replace(
                m, gloss=name, entry=match.entry if match else m.entry, method="authority" if match else m.method
            )
        elif COMPLETION.match(inner) and not m.entry:  # 'Ding [Guoyu]'; 'Ch'iao Kuan-hua [Qiao Guanhua]': a spelling
            whole = inner.split()[0] == m.form.split()[0] or (" " in inner and " " in m.form)
            m = replace(m, gloss=inner if whole else f"{m.form} {inner}")
        result.append(m)
    return result


def find_latin(view: TextView, source: str, authority: Authority, hints: list[Mention]) -> list[Mention]:
    text = view.text
    lower_words = set(LOWER_WORD.findall(text))  # a capitalised word also written in lower case is a common word
    found = from_matches(view, source, gazetteer(authority).find(text))
    taken = [view.view_span(m.start, m.end) for m in found]
    unlisted: dict[str, tuple[str, str, str | None]] = {}  # form -> (kind, method, gloss)
    for start, end, kind in cue_spans(view) + _surname_lists(view, authority):
        inner = [
            m
            for m in found
            if m.entry
            and m.entry.kind != kind
            and start <= view.view_span(m.start, m.end)[0]
            and view.view_span(m.start, m.end)[1] <= end
            and (m.end - m.start) < end - start
        ]
        if kind == "group":  # 'the Central Committee of the Romanian Communist Party': the party stays named too
            if not _free(start, end, [span for span in taken if not start <= span[0] < span[1] <= end]):
                continue
        else:
            for m in inner:  # 'the port of Bandar Shah' is a place, not the Shah
                found.remove(m)
                taken.remove(view.view_span(m.start, m.end))
            if not _free(start, end, taken):
                continue
        name = text[start:end]
        if kind == "roll":  # a name in a list of full names is a person unless it is a known place or body
            if authority.lookup(name, ("place", "group"), fuzzy=False) or geonames.find(name):
                continue
            kind = "person"
        match = lookup(authority, name, (kind,))
        place = _geonames_place(name, lower_words, authority) if kind == "place" and not match else None
        if match:
            found.append(mention(view, source, start, end, kind, "authority", match.entry, match.score))
        elif place:
            found.append(mention(view, source, start, end, kind, "geonames", geonames.entry_of(place)))
        else:
            found.append(mention(view, source, start, end, kind, "cue"))
            unlisted.setdefault(name, (kind, "cue", None))
        taken.append((start, end))
    found += _gazetteer_places(view, source, authority, taken, lower_words)
    for phrase, hint in _projections(view, hints, taken).items():
        unlisted.setdefault(phrase, (hint.kind, "projection", hint.form))
    # every further occurrence of an unlisted name, and a person's surname alone
    for name, (kind, _, gloss) in list(unlisted.items()):
        if kind == "person" and " " in name and len(surname := name.split()[-1]) > 3:
            unlisted.setdefault(surname, (kind, "propagation", gloss))
    for name in sorted(unlisted, key=len, reverse=True):
        kind, method, gloss = unlisted[name]
        for occurrence in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w’-]|'\w)", text):
            start, end = occurrence.start(), occurrence.end()
            if _free(start, end, taken):
                found.append(
                    replace(
                        mention(view, source, start, end, kind, method if method != "cue" else "propagation"),
                        gloss=gloss,
                    )
                )
                taken.append((start, end))
    return _editorial(view, authority, found)
