"""Narrated events of the real corpus against the gold's `[[event]]`s (bench/corpus/gold/<slug>.toml).

The gold names each event by a free word ('conversation', 'visit', 'killing') and quotes the text that tells it; the
converter types events from ``dv:EventTypes``. ``ALLOWED`` says which ``dv:`` types count as the right type for each
gold word (a gold word with no counterpart cannot be found with the right type: that is a real miss). A published
event *tells* a gold event when one of its evidence quotes (the annotated sentences, in any language) and the gold's
quote share a piece of 12 characters or more (the gold's '...' cut into pieces). Then, per gold event:

- found: some published event tells it with an allowed type;
- fully right: found, and its date (the gold's EDTF, or none), place (one of the gold's, or none) and participants
  (every gold participant among the published event's, no other) agree.

Precision: the published events that tell some gold event with an allowed type, over all published events. Planned
events (the gold's ``planned = true``) are right only as ``dv:PlannedActivity``; happenings only as anything else.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from ontology.namespaces import CRM, DV, OA

MEETING = {"Meeting", "Discussion"}
MESSAGE = {"AppealSent", "ReportMade", "MessageSent"}
ALLOWED: dict[str, set[str]] = {
    **dict.fromkeys(
        (
            "conversation",
            "discussion",
            "consultation",
            "talks",
            "negotiation",
            "audience",
            "reception",
            "meeting",
            "session",
            "congress",
            "conference",
            "telephone call",
            "telephone conversation",
            "dinner",
            "lunch",
        ),
        MEETING,
    ),
    **dict.fromkeys(("visit", "trip", "stay", "mission"), {"Visit", "Arrival"}),
    **dict.fromkeys(("arrival", "return"), {"Arrival"}),
    **dict.fromkeys(("departure", "withdrawal", "evacuation"), {"Departure"}),
    **dict.fromkeys(("killing", "shooting"), {"Killing"}),
    **dict.fromkeys(("clash", "attack", "assault", "battle", "siege", "bombardment", "war"), {"ArmedClash"}),
    "arrest": {"Arrest"},
    "directive": {"OrderGiven"},
    **dict.fromkeys(("resolution", "order"), {"OrderGiven", "Decision"}),
    **dict.fromkeys(("request", "appeal"), {"Request"}),
    "demand": {"Demand"},
    **dict.fromkeys(
        (
            "sending",
            "cable",
            "telegram",
            "letter",
            "message",
            "report",
            "statement",
            "declaration",
            "publication",
            "broadcast",
            "distribution",
            "speech",
        ),
        MESSAGE,
    ),
    "invitation": {"Invitation"},
    **dict.fromkeys(("legislation", "approval"), {"Decision"}),
    **dict.fromkeys(("appointment", "election"), {"Appointment"}),
    **dict.fromkeys(("reorganization", "founding", "formation", "dismantlement"), {"Reorganization"}),
    "seizure": {"Seizure"},
    "surrender": {"Surrender"},
    "flight": {"Flight"},
}
KEYS = ("found", "type_right", "fully_right", "gold", "published", "published_right")


@dataclass
class Published:
    iri: str
    type: str
    planned: bool
    begin: str | None
    places: list[set[str]]  # the names of each place
    people: list[set[str]]  # the names of each person or group
    quotes: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def _pieces(quote: str) -> list[str]:
    return [p for p in (_norm(x) for x in re.split(r"\.\.\.|…", quote)) if len(p) >= 12]


def tells(event: Published, quote: str) -> bool:
    pieces = _pieces(quote)
    for said in (_norm(q) for q in event.quotes):
        for piece in pieces:
            if piece in said or (len(said) >= 12 and said in piece) or _share(piece, said):
                return True
    return False


def _share(a: str, b: str, size: int = 24) -> bool:
    """A run of ``size`` characters in common (a gold quote that runs past the sentence's end)."""
    short, long = sorted((a, b), key=len)
    return len(short) >= size and any(short[i : i + size] in long for i in range(0, len(short) - size + 1, 4))


def published(quads: list[Quad], names: dict[str, set[str]]) -> list[Published]:
    """The document's narrated events and plans, with their evidence quotes and the names of what they involve."""
    about: dict[str, dict[str, list]] = {}
    for quad in quads:
        about.setdefault(quad.subject.value, {}).setdefault(quad.predicate.value, []).append(quad.object)
    quotes: dict[str, list[str]] = {}
    for properties in about.values():
        if OA.describing.value not in [o.value for o in properties.get(OA.motivatedBy.value, [])]:
            continue
        body = properties[OA.hasBody.value][0].value
        for target in properties.get(OA.hasTarget.value, []):
            for selector in about.get(target.value, {}).get(OA.hasSelector.value, []):
                for exact in about.get(selector.value, {}).get(OA.exact.value, []):
                    quotes.setdefault(body, []).append(exact.value)
    events = []
    for subject, properties in about.items():
        if CRM.P70i_is_documented_in.value not in properties:
            continue
        classes = {c.value for c in properties.get("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", [])}
        types = [t.value.rsplit("#", 1)[-1] for t in properties.get(CRM.P2_has_type.value, [])]
        span = properties.get(CRM.term("P4_has_time-span").value, []) or properties.get(DV.intendedTime.value, [])
        begin = None
        if span and isinstance(span[0], NamedNode):
            value = about.get(span[0].value, {}).get(CRM.P82a_begin_of_the_begin.value, [None])[0]
            begin = value.value if isinstance(value, Literal) else None
        who = _named(
            properties, names, CRM.P14_carried_out_by, CRM.P11_had_participant, DV.plannedBy, DV.plannedParticipant
        )
        where = _named(properties, names, CRM.P7_took_place_at, DV.intendedPlace)
        event_type = next((t for t in types if t not in {"Hearsay", "Rumoured"}), "")
        planned = DV.PlannedActivity.value in classes
        events.append(Published(subject, event_type, planned, begin, where, who, quotes.get(subject, [])))
    return events


def _named(properties: dict[str, list], names: dict[str, set[str]], *predicates: NamedNode) -> list[set[str]]:
    nodes = dict.fromkeys(n.value for p in predicates for n in properties.get(p.value, []))
    return [names.get(node, {node.rsplit("/", 1)[-1]}) for node in nodes]


def _date_right(gold: str, begin: str | None) -> bool:
    gold = gold.replace("~", "").replace("?", "")
    if not gold:
        return begin is None
    if begin is None:
        return False
    first = gold.split("/")[0]
    last = gold.split("/")[-1]
    day = begin[:10]
    if re.fullmatch(r"\d{4}-2\d", first):  # a season: its year
        return day[:4] == first[:4]
    return first <= day[: len(first)] and day[: len(last)] <= last


def _names_of(name: str, gold_entities: list[dict]) -> set[str]:
    entity = next((e for e in gold_entities if name.casefold() in {n.casefold() for n in _all(e)}), None)
    return {n.casefold() for n in (_all(entity) if entity else [name])}


def _all(entity: dict) -> list[str]:
    return [entity["name"], *entity.get("variants", [])]


def fully_right(expected: dict, event: Published, gold_entities: list[dict]) -> bool:
    if not _date_right(expected.get("date", ""), event.begin):
        return False
    place = expected.get("place", "")
    if (place or event.places) and not (place and any(_names_of(place, gold_entities) & p for p in event.places)):
        return False
    wanted = [_names_of(p, gold_entities) for p in expected.get("participants", [])]
    return all(any(w & p for p in event.people) for w in wanted) and all(
        any(w & p for w in wanted) for p in event.people
    )


def right_type(expected: dict, event: Published) -> bool:
    if bool(expected.get("planned")) != event.planned:
        return False
    return event.type in ALLOWED.get(expected["type"], set())


def score(gold: dict, events: list[Published]) -> tuple[Counter, Counter, Counter]:
    """Totals, and per gold word: gold count and found with the right type."""
    totals: Counter = Counter(gold=len(gold.get("event", [])), published=len(events))
    by_type_gold: Counter = Counter()
    by_type_found: Counter = Counter()
    entities = gold.get("entity", [])
    right: set[str] = set()
    for expected in gold.get("event", []):
        telling = [e for e in events if expected.get("text") and tells(e, expected["text"])]
        typed = [e for e in telling if right_type(expected, e)]
        by_type_gold[expected["type"]] += 1
        totals["found"] += bool(telling)
        if typed:
            totals["type_right"] += 1
            by_type_found[expected["type"]] += 1
            totals["fully_right"] += any(fully_right(expected, e, entities) for e in typed)
            right |= {e.iri for e in typed}
    totals["published_right"] = len(right)
    return totals, by_type_gold, by_type_found


def entity_names(document, iris) -> dict[str, set[str]]:
    """Every entity IRI of a converted document with the names it goes by (label, variants, printed forms)."""
    from converter.entities import entity_iri
    from converter.mentions import printed_forms

    return {
        entity_iri(iris, r.entry).value: {
            n.casefold() for n in {r.entry.en, *(r.entry.variants or ()), *printed_forms(r)} if n
        }
        for r in document.entities
    }


def report(totals: Counter, by_gold: Counter, by_found: Counter) -> list[str]:
    gold = max(1, totals["gold"])
    lines = [
        f"events: {totals['gold']} in gold, {totals['published']} published; told by some event "
        f"{totals['found']}/{totals['gold']} ({totals['found'] / gold:.2f}); right type "
        f"{totals['type_right']}/{totals['gold']} ({totals['type_right'] / gold:.2f}); fully right "
        f"{totals['fully_right']}/{totals['gold']} ({totals['fully_right'] / gold:.2f}); precision "
        f"{totals['published_right']}/{totals['published']} "
        f"({totals['published_right'] / max(1, totals['published']):.2f})",
        "event recall by gold type (right type/gold): "
        + ", ".join(f"{t} {by_found[t]}/{n}" for t, n in sorted(by_gold.items(), key=lambda x: (-x[1], x[0]))),
    ]
    return lines
