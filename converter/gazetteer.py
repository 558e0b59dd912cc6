"""The authority file as a gazetteer: every listed form of every person, group and place, found in a text by
longest match over word tokens, in both scripts.

Russian words are compared by their possible stems (case endings off: 'Тавризе', 'Тавриза' and 'Тавриз' share
'тавриз'), English words by their lower case without a possessive. A capitalised form matches only capitalised
words and an acronym only capitals; a lower-case form ('partisans', 'жандармы', 'шах') is *generic*: it matches any
case, and ``mentions`` keeps it only in the entry's context. Titles and initials in the listed forms are ignored
('General Derakhshani' is listed as 'Derakhshani'), so that a match spans the name alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .authority import Authority, Entry
from .names import INITIALS, is_cyrillic, strip_honorifics

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
GAP = re.compile(r"[ \t]*(?:[-,.()'’][ \t]*){0,2}\n?[ \t]*")
RU_ENDINGS = sorted(
    [
        "ами",
        "ями",
        "ого",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "ией",
        "ой",
        "ей",
        "ый",
        "ий",
        "ая",
        "яя",
        "ое",
        "ее",
        "ые",
        "ие",
        "ую",
        "юю",
        "ов",
        "ев",
        "ам",
        "ям",
        "ах",
        "ях",
        "ом",
        "ем",
        "ых",
        "их",
        "ия",
        "ии",
        "ию",
        "ы",
        "и",
        "а",
        "я",
        "о",
        "е",
        "у",
        "ю",
        "ь",
        "й",
    ],
    key=len,
    reverse=True,
)
MIN_STEM = 3


@lru_cache(maxsize=65536)
def word_keys(word: str) -> frozenset[str]:
    """The keys a word matches by: its lower case and, in Russian, every stem left by a case ending of at least
    three letters; in other scripts, also without a possessive ('Stalin's')."""
    w = word.lower().replace("ё", "е").replace("’", "'")
    keys = {w}
    if is_cyrillic(w):
        keys |= {w[: -len(e)] for e in RU_ENDINGS if w.endswith(e) and len(w) - len(e) >= MIN_STEM}
    else:
        if w.endswith("'s"):
            keys.add(w[:-2])
        keys.add(w.replace("'", ""))  # "Ja'far" ~ "Jafar"
    return frozenset(keys)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def keys(self) -> frozenset[str]:
        return word_keys(self.text)


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0)) for m in WORD.finditer(text)]


@dataclass(frozen=True)
class Form:
    entry: Entry
    words: tuple[str, ...]
    keys: tuple[frozenset[str], ...]
    generic: bool

    def accepts(self, index: int, word: str) -> bool:
        listed = self.words[index]
        if self.generic:
            return True
        if listed.isupper() and len(listed) > 1:
            return word.isupper()
        return not listed[0].isupper() or word[0].isupper()


@dataclass(frozen=True)
class Listed:
    """A listed form found in a text: [start, end) in the text searched."""

    start: int
    end: int
    entry: Entry
    generic: bool


def listed_form(form: str, kind: str) -> str:
    """A listed form as it is matched: a person's without titles and initials ('General Darakhshami' ->
    'Darakhshami', 'the Shah' -> 'Shah'), a group's or place's without a leading article."""
    if kind == "person":
        return " ".join(INITIALS.sub(" ", strip_honorifics(form)).split())
    return re.sub(r"^the\s+", "", form.strip(), flags=re.IGNORECASE)


@dataclass
class Gazetteer:
    forms: dict[str, list[Form]] = field(default_factory=dict)  # by every key of the first word
    acronyms: set[str] = field(default_factory=set)  # listed words in capitals: 'USSR', 'ЦК', 'США'

    def add(self, entry: Entry, printed: str) -> None:
        name = listed_form(printed, entry.kind)
        words = tuple(t.text for t in tokens(name))
        if not words:
            return
        form = Form(entry, words, tuple(word_keys(w) for w in words), generic=name[0].islower())
        for key in form.keys[0]:
            bucket = self.forms.setdefault(key, [])
            if form not in bucket:
                bucket.append(form)
        self.acronyms |= {w for w in words if w.isupper() and len(w) > 1}

    def find(self, text: str) -> list[Listed]:
        """Longest matches, left to right, not overlapping. Where two entries match equally long, a proper-name
        form wins over a common noun; if still tied, neither is taken."""
        words = tokens(text)
        matches: list[Listed] = []
        i = 0
        while i < len(words):
            best: list[tuple[int, Form]] = []
            for form in {f for key in words[i].keys for f in self.forms.get(key, ())}:
                n = len(form.words)
                if i + n > len(words) or not all(
                    form.keys[k] & words[i + k].keys
                    and form.accepts(k, words[i + k].text)
                    and (k == 0 or GAP.fullmatch(text, words[i + k - 1].end, words[i + k].start))
                    for k in range(n)
                ):
                    continue
                best.append((n, form))
            if not best:
                i += 1
                continue
            longest = max(n for n, _ in best)
            top = [f for n, f in best if n == longest]
            if len({(f.entry.kind, f.entry.slug) for f in top}) > 1:
                top = [f for f in top if not f.generic]
            if len({(f.entry.kind, f.entry.slug) for f in top}) != 1:
                i += longest
                continue
            form = min(top, key=lambda f: f.generic)
            last = words[i + longest - 1]
            end = last.end
            if last.text[-2:] in ("'s", "’s") and not form.words[-1].endswith(("'s", "’s")):
                end -= 2
            matches.append(Listed(words[i].start, end, form.entry, form.generic))
            i += longest
        return matches


_CACHE: dict[int, tuple[Authority, int, Gazetteer]] = {}


def gazetteer(authority: Authority) -> Gazetteer:
    """The gazetteer of an authority, built once (rebuilt if entries were added since)."""
    cached = _CACHE.get(id(authority))
    if cached and cached[0] is authority and cached[1] == len(authority.entries):
        return cached[2]
    built = Gazetteer()
    for entry in sorted(authority.entries.values(), key=lambda e: (e.kind, e.slug)):
        if entry.seat:
            continue  # a local post is found as '<group> of <place>' or '<place> <group>', with its place inside
        for printed in entry.forms:
            built.add(entry, printed)
    for office, _ in authority.offices.values():
        for printed in office.forms:
            built.add(office, printed)
    _CACHE[id(authority)] = (authority, len(authority.entries), built)
    return built
