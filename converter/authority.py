"""The curated authority file (``ontology/authority/*.toml``) and name look-up against it.

A look-up tries, in order: the exact key of the name, its lemmatised key (Russian case endings removed), and the
surname alone, then a fuzzy phonetic match that must be a unique best above ``FUZZY_THRESHOLD``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import ontology

from .errors import ConfigError
from .names import given_names_agree, lemma_key, name_key, phonetic_key, same_words, similarity

KINDS = ("person", "group", "place")
FUZZY_THRESHOLD = 90.0


@dataclass(frozen=True)
class Entry:
    kind: str  # person | group | place
    slug: str
    en: str
    ru: str | None = None
    variants: tuple[str, ...] = ()
    within: str | None = None  # places: enclosing place slug
    part_of: str | None = None  # groups: parent group slug
    seat: str | None = None  # groups: place slug of a local post or committee ('tabriz': Tabriz gendarmerie)
    local_posts: bool = False  # groups: has local posts named '<group> of <place>' or '<place> <group>'
    context: str | None = None  # place slug: lower-case (common-noun) forms name this entry only in texts that
    # mention a place within it ('partisans' are the Azerbaijani partisans in Iran)
    coordinates: tuple[float, float] | None = None
    wikidata: str | None = None
    note: str | None = None
    curated: bool = True
    geonames: str | None = None  # the GeoNames feature's IRI (places found through converter/geonames.py)
    female: bool = False  # persons: 'Mrs.', 'Madame' before the surname may name her
    office: str | None = None  # a title of office ('the Shah'): names whoever held it at the text's date

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.en, *((self.ru,) if self.ru else ()), *self.variants)


@dataclass(frozen=True)
class Holder:
    person: str  # the person's slug
    start: date
    end: date


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float  # 100 for exact keys
    method: str  # exact | lemma | surname | fuzzy


@dataclass
class Authority:
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    _keys: dict[str, list[Entry]] = field(default_factory=dict)
    _phonetic: list[tuple[str, Entry]] = field(default_factory=list)
    offices: dict[str, tuple[Entry, tuple[Holder, ...]]] = field(default_factory=dict)  # title entry, holders

    def add(self, entry: Entry) -> None:
        self.entries[(entry.kind, entry.slug)] = entry
        for form in entry.forms:
            for key in {name_key(form), lemma_key(form)}:
                if key and entry not in self._keys.setdefault(key, []):
                    self._keys[key].append(entry)
            self._phonetic.append((form, entry))

    def extended(self, entries: list[Entry]) -> Authority:
        """A copy with more entries (a TEI volume's own persons and terms); this one is left as it is."""
        copy = Authority(
            dict(self.entries),
            {key: list(found) for key, found in self._keys.items()},
            list(self._phonetic),
            self.offices,
        )
        for entry in entries:
            copy.add(entry)
        return copy

    def get(self, kind: str, slug: str) -> Entry | None:
        return self.entries.get((kind, slug))

    def add_office(self, entry: Entry, holders: tuple[Holder, ...]) -> None:
        """A title of office: found in texts like a name, never looked up as one; it names a holder only by date."""
        self.offices[entry.office or entry.slug] = (entry, holders)

    def holder(self, office: Entry, start: date | None, end: date | None = None) -> Entry | None:
        """Who held the office through the whole of a text's date (its first to its last day), or None: 'the Shah'
        of 1920 is Ahmad Shah, of 1946 Mohammad Reza Pahlavi, of an undated text or a year of two Shahs nobody."""
        if office.office not in self.offices or start is None:
            return None
        end = end or start
        held = [h for h in self.offices[office.office][1] if h.start <= start and end <= h.end]
        return self.get("person", held[0].person) if len(held) == 1 else None

    def _exact(self, key: str, kinds: tuple[str, ...]) -> Entry | None:
        found = [e for e in self._keys.get(key, []) if e.kind in kinds]
        return found[0] if len({(e.kind, e.slug) for e in found}) == 1 else None

    def lookup(self, name: str, kinds: tuple[str, ...] = KINDS, fuzzy: bool = True) -> Match | None:
        key = name_key(name)
        if not key:
            return None
        if entry := self._exact(key, kinds):
            return Match(entry, 100.0, "exact")
        lemmatised = lemma_key(name)
        if entry := self._exact(lemmatised, kinds):
            return Match(entry, 100.0, "lemma")
        words = lemmatised.split()
        if (
            len(words) > 1
            and (entry := self._exact(words[-1], kinds))
            and entry.kind == "person"
            and given_names_agree(name, entry.forms)
        ):
            return Match(entry, 95.0, "surname")
        if not fuzzy or len(key) < 4:
            return None
        best: dict[tuple[str, str], float] = {}
        for form, entry in self._phonetic:
            if entry.kind in kinds and (entry.kind != "group" or same_words(name, form)):  # not 'Polish' for 'USSR'
                score = similarity(name, form)
                if score >= FUZZY_THRESHOLD:
                    best[(entry.kind, entry.slug)] = max(score, best.get((entry.kind, entry.slug), 0))
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return None  # two equally good candidates: not certain
        return Match(self.entries[ranked[0][0]], ranked[0][1], "fuzzy")

    def listed_forms(self, kinds: tuple[str, ...] = KINDS) -> list[tuple[str, Entry]]:
        """Every listed form of the entries of these kinds, with its entry."""
        return [(form, entry) for form, entry in self._phonetic if entry.kind in kinds]

    def local_post(self, parent: Entry, seat: Entry) -> Entry | None:
        """The curated local post or committee of group ``parent`` at place ``seat``, if the authority has one."""
        return next(
            (
                e
                for e in self.entries.values()
                if e.kind == "group" and e.part_of == parent.slug and e.seat == seat.slug
            ),
            None,
        )

    def ancestors(self, entry: Entry) -> list[Entry]:
        """The places an entry falls within (places) or the groups it is part of (groups), nearest first."""
        chain: list[Entry] = []
        current: Entry | None = entry
        while current is not None and len(chain) < 20:
            parent = current.within if current.kind == "place" else current.part_of
            current = self.get(current.kind, parent) if parent else None
            if current is not None:
                chain.append(current)
        return chain

    def is_place(self, name: str) -> bool:
        match = self.lookup(name)
        return bool(match and match.entry.kind == "place")


def _entry(kind: str, slug: str, data: dict, source: Path) -> Entry:
    if "en" not in data:
        raise ConfigError(f"{source}: [{slug}] has no 'en' name")
    coordinates = data.get("coordinates")
    if coordinates is not None and (len(coordinates) != 2 or not all(isinstance(c, int | float) for c in coordinates)):
        raise ConfigError(f"{source}: [{slug}] coordinates must be [longitude, latitude]")
    return Entry(
        kind=kind,
        slug=slug,
        en=data["en"],
        ru=data.get("ru"),
        variants=tuple(data.get("variants", ())),
        within=data.get("within"),
        part_of=data.get("part_of"),
        seat=data.get("seat"),
        local_posts=bool(data.get("local_posts", False)),
        context=data.get("context"),
        coordinates=tuple(coordinates) if coordinates else None,
        wikidata=data.get("wikidata"),
        note=data.get("note"),
        female=bool(data.get("female", False)),
    )


def _office(slug: str, data: dict, source: Path) -> tuple[Entry, tuple[Holder, ...]]:
    where = f"{source}: [{slug}]"
    if "en" not in data or not data.get("forms"):
        raise ConfigError(f"{where} needs 'en' and 'forms'")
    holders = []
    for held in data.get("holders", ()):
        try:
            holders.append(Holder(held["person"], date.fromisoformat(held["from"]), date.fromisoformat(held["to"])))
        except (KeyError, TypeError, ValueError):
            raise ConfigError(f"{where}: each holder needs person, from and to (YYYY-MM-DD)") from None
    entry = Entry(kind="person", slug=f"office-{slug}", en=data["en"], variants=tuple(data["forms"]), office=slug)
    return entry, tuple(holders)


def load_authority(folder: Path | None = None) -> Authority:
    folder = folder or ontology.path("authority")
    authority = Authority()
    for kind in KINDS:
        source = folder / f"{kind}s.toml"
        if not source.exists():
            continue
        try:
            data = tomllib.loads(source.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{source}: {exc}") from None
        for slug, fields in data.items():
            authority.add(_entry(kind, slug, fields, source))
    offices = folder / "offices.toml"
    if offices.exists():
        try:
            data = tomllib.loads(offices.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{offices}: {exc}") from None
        for slug, fields in data.items():
            authority.add_office(*_office(slug, fields, offices))
    for entry, holders in authority.offices.values():
        for holder in holders:
            if authority.get("person", holder.person) is None:
                raise ConfigError(f"{offices}: [{entry.office}] holder '{holder.person}' is not in persons.toml")
    return authority


@lru_cache(maxsize=1)
def default_authority() -> Authority:
    return load_authority()


__all__ = ["Authority", "Entry", "Holder", "Match", "load_authority", "default_authority", "phonetic_key"]
