"""Scoring Wikidata candidates for a person, group or place, with the features behind each score, and the decision:
a unique candidate above the threshold that agrees in type and period, with evidence beyond the name, becomes
``owl:sameAs``; the others stay candidates. Nothing is linked on the name alone.

Features (0-100 each, as the W3C Reconciliation API reports them):
  name     best similarity over every label and alias (en, ru) against every form of ours, across scripts
  type     100 a human / settlement, region or country / organisation; 0 known to be something else; 50 unknown
  time     100 alive or existing at the documents' dates; 0 born or founded after them; 20 dead or dissolved
           before them; 50 no dates to compare
  context  100 in (or a citizen of) a country or region the documents are about; for a place, 0 when Wikidata puts it
           in another country than its enclosing place here; 40 elsewhere; 50 nothing to compare
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from converter.names import phonetic_key, spelling_key
from server.linking.linktypes import TypeOracle
from server.linking.wditem import Item

WEIGHTS = {"name": 0.55, "type": 0.15, "time": 0.15, "context": 0.15}
THRESHOLD = 85  # sameAs needs at least this score ...
NAME_CERTAIN = 90  # ... and a name this close ...
UNIQUE_MARGIN = 10  # ... and no rival: another candidate within this many points below the threshold,
RIVAL_NAME = 85  # a name this close and no conflict of type, period or place
KEEP_NAME = 75  # candidates below this name similarity are dropped
KEEP_SCORE = 40
KEEP_TOP = 5
CAP = 30  # the most a candidate of the wrong type or period can score
CHILD_YEARS = 12  # younger than this at the document's date: not an actor in it


@dataclass
class EntityRecord:
    """What the store says about one person, group or place, and the documents that mention it."""

    key: str  # 'person/mir-jafar-baghirov'
    kind: str  # person | group | place
    labels: dict[str, str] = field(default_factory=dict)
    forms: list[str] = field(default_factory=list)
    curated_id: str | None = None  # owl:sameAs from the authority file
    has_coordinates: bool = False
    period: tuple[date, date] | None = None  # earliest and latest date of the documents that mention it
    within_ids: set[str] = field(default_factory=set)  # Wikidata ids of its enclosing places (places)
    context_ids: set[str] = field(default_factory=set)  # Wikidata ids of the places its documents name

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys([*self.labels.values(), *self.forms]))

    @property
    def label(self) -> str:
        return self.labels.get("en") or self.labels.get("ru") or self.key


@dataclass
class Scored:
    item: Item
    score: int
    features: dict[str, int]
    why: list[str]
    auto: bool = False  # the rule links it (owl:sameAs)


@lru_cache(maxsize=65536)
def phonetic_words(name: str) -> tuple[str, ...]:
    return tuple(phonetic_key(name).split())


def spelling_words(name: str) -> tuple[str, ...]:
    return tuple(spelling_key(name).split())


def pair_similarity(ours: str, theirs: str, words: Callable[[str], tuple[str, ...]] = phonetic_words) -> float:
    """0-100. Equal names score 100; a name whose words all appear in the other ('Ivan Maslennikov' in 'Ivan
    Ivanovich Maslennikov') 100; a surname alone at most 80; a different given name pulls the score down. Names are
    compared by their phonetic keys, or by the ``words`` given (``spelling_words``: stricter)."""
    a, b = words(ours), words(theirs)
    if not a or not b:
        return 0.0
    whole = fuzz.ratio(" ".join(a), " ".join(b))
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    cover = sum(max(fuzz.ratio(w, v) for v in long) for w in short) / len(short)
    if len(short) == 1 and len(long) > 1:
        cover = min(cover, 80.0)
    return max(whole, cover)


def name_feature(record: EntityRecord, item: Item) -> tuple[int, str]:
    """Our bracketed parts are disambiguators ('Astara (Iran)') that the context feature checks, so they are left
    out; Wikidata's ('Тебриз (шахрестан)', the county) name a different thing, so their words count."""
    best, pair = 0.0, ("", "")
    theirs_names = [name.replace("(", " ").replace(")", " ") for name in item.names]
    for ours in record.names:
        for theirs in theirs_names:
            score = pair_similarity(ours, theirs)
            if score > best:
                best, pair = score, (ours, theirs)
    return round(best), f"name {round(best)}: '{pair[0]}' ~ '{pair[1]}'" if best else "no name alike"


def time_feature(record: EntityRecord, item: Item) -> tuple[int, str]:
    begins, ends = item.begins, item.ends
    if record.period is None:
        return 50, "no dated document to compare with"
    earliest, latest = record.period
    if begins is None and ends is None:
        return 50, "no dates on Wikidata"
    span = f"{begins.text if begins else '?'}–{ends.text if ends else ''}"
    if begins and begins.start > latest:
        return 0, f"{'born' if item.born else 'came into being'} {begins.text}, after the document ({latest.year})"
    if record.kind == "person" and item.born and (earliest.year - item.born.end.year) < CHILD_YEARS:
        return 0, f"born {item.born.text}: a child at the document's date ({earliest.year})"
    if ends and ends.end < earliest:
        return 20, f"{'died' if item.died else 'ended'} {ends.text}, before the document ({earliest.year})"
    return 100, f"{'alive' if record.kind == 'person' else 'existing'} in {earliest.year} ({span})"


def context_feature(record: EntityRecord, item: Item) -> tuple[int, str]:
    theirs = set(item.countries) | set(item.located_in)
    if record.kind == "place" and record.within_ids and theirs:
        if shared := theirs & record.within_ids:
            return 100, f"in {sorted(shared)[0]}, as its enclosing place here"
        return 0, (
            f"in {', '.join(sorted(theirs)[:3])}, not in its enclosing place here ({sorted(record.within_ids)[0]})"
        )
    if not theirs:
        return 50, "no country on Wikidata"
    if shared := theirs & (record.context_ids | record.within_ids):
        return 100, f"{sorted(shared)[0]} is named in its documents"
    if not record.context_ids:
        return 50, "its documents name no linked place"
    return 40, f"{', '.join(sorted(theirs)[:3])}: not among the places its documents name"


def score(record: EntityRecord, item: Item, oracle: TypeOracle) -> Scored:
    name, name_why = name_feature(record, item)
    kind, kind_why = oracle.verdict(record.kind, item.instance_of)
    when, when_why = time_feature(record, item)
    where, where_why = context_feature(record, item)
    features = {"name": name, "type": kind, "time": when, "context": where}
    total = round(sum(WEIGHTS[f] * v for f, v in features.items()))
    if kind == 0 or when == 0:
        total = min(total, CAP)
    return Scored(item, total, features, [name_why, kind_why, when_why, where_why])


def certain(candidate: Scored) -> bool:
    """Above the threshold, the name nearly equal, the type right, no conflict in period or place (a person of another
    country than the documents name is no conflict), and some evidence besides the name (dates that agree, or a
    country the documents name)."""
    f = candidate.features
    return (
        candidate.score >= THRESHOLD
        and f["name"] >= NAME_CERTAIN
        and f["type"] == 100
        and f["time"] >= 50
        and f["context"] > 0
        and (f["time"] == 100 or f["context"] == 100)
    )


def rank(record: EntityRecord, items: list[Item], oracle: TypeOracle) -> list[Scored]:
    """The candidates worth a curator's look, best first; the first is marked ``auto`` when the rule links it."""
    scored = [score(record, item, oracle) for item in items]
    kept = sorted(
        (s for s in scored if s.features["name"] >= KEEP_NAME and s.score >= KEEP_SCORE),
        key=lambda s: (-s.score, s.item.id),
    )[:KEEP_TOP]
    if kept and certain(kept[0]):
        rivals = [
            s
            for s in kept[1:]
            if s.score >= THRESHOLD - UNIQUE_MARGIN
            and s.features["name"] >= RIVAL_NAME
            and 0 not in (s.features["type"], s.features["time"], s.features["context"])
        ]
        kept[0].auto = not rivals
        if rivals:
            kept[0].why.append(f"not linked: {rivals[0].item.id} scores {rivals[0].score} too")
    return kept


def unlink_shared_targets(ranked: dict[str, list[Scored]]) -> list[str]:
    """Two entities may not both be the same item: where the rule would link two to one item, link neither."""
    owners: dict[str, list[str]] = {}
    for key, candidates in ranked.items():
        for candidate in candidates:
            if candidate.auto:
                owners.setdefault(candidate.item.id, []).append(key)
    notes = []
    for qid, keys in owners.items():
        if len(keys) > 1:
            for key in keys:
                for candidate in ranked[key]:
                    if candidate.item.id == qid:
                        candidate.auto = False
                        others = ", ".join(k for k in keys if k != key)
                        candidate.why.append(f"not linked: {qid} would also be {others}")
            notes.append(f"{qid} matched {', '.join(keys)}: none linked")
    return notes
