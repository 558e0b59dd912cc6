"""Precision and recall of narrated events against the hand-made gold (tests/gold/events/*.json), and the time per
document.

An event the converter publishes matches a gold event when its dv: event type is the same, its places share one
with the gold's (or both have none), and, where the gold gives a date, its time-span has the same bounds; each gold
event matches at most one published event, in text order. Beside precision and recall it prints: the dates the text
states that came out right, the published dates the gold has none for, the attestation (stated, hearsay, rumoured)
of matched events, and the roles (actor, victim, recipient) of matched events. Scored on the published graph, so the
whole path from the export to the triples is measured. A planned activity (``dv:PlannedActivity``) matches only a gold
event with ``"planned": true``, and a happening only one without.

Also per event type: recall; and the share of gold events *fully right*: matched, and their actors, victims and
recipients exactly the gold's (type, date and place are part of matching).

    .venv/bin/python bench/events.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converter import convert_file, parse_export, read_export  # noqa: E402
from converter.actors import name_refs  # noqa: E402
from converter.authority import default_authority  # noqa: E402
from converter.event_triples import entity_mentions  # noqa: E402
from converter.events import read_events  # noqa: E402
from converter.mentions import find_mentions, resolve_mentions  # noqa: E402
from ontology.iris import Iris, unscoped  # noqa: E402
from ontology.namespaces import CRM, DV  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "events"
ATTESTATIONS = {DV.Hearsay.value: "Hearsay", DV.Rumoured.value: "Rumoured"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ROLE_PROPERTIES = {
    "actors": CRM.P14_carried_out_by.value,
    "victims": DV.victim.value,
    "recipients": DV.recipient.value,
    "planners": DV.plannedBy.value,
}


@dataclass
class Found:
    """A published narrated event, reduced to what the gold states."""

    iri: str
    type: str
    places: set[str]
    begin: str | None
    end: str | None
    attestation: str | None
    roles: dict[str, set[str]] = field(default_factory=dict)
    planned: bool = False


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    matched: int = 0
    dates: int = 0  # gold events with a date
    dates_right: int = 0
    spurious_dates: int = 0  # matched events with a date the gold has none for
    attestation_right: int = 0
    roles_gold: int = 0
    roles_found: int = 0
    roles_right: int = 0
    fully_right: int = 0
    by_type: Counter = field(default_factory=Counter)  # gold events per type
    found_by_type: Counter = field(default_factory=Counter)  # matched gold events per type
    missed: list[dict] = field(default_factory=list)
    extra: list[Found] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "gold",
            "found",
            "matched",
            "dates",
            "dates_right",
            "spurious_dates",
            "attestation_right",
            "roles_gold",
            "roles_found",
            "roles_right",
            "fully_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.by_type.update(other.by_type)
        self.found_by_type.update(other.found_by_type)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


def slug(iri: str) -> str:
    return unscoped(iri.rsplit("/", 1)[-1])


def published_events(quads: list[Quad]) -> list[Found]:
    """The narrated events in a document's quads, in the order of their IRIs' numbers (text order)."""
    about: dict[str, dict[str, list]] = {}
    for quad in quads:
        about.setdefault(quad.subject.value, {}).setdefault(quad.predicate.value, []).append(quad.object)
    events = []
    for subject, properties in about.items():
        if CRM.P70i_is_documented_in.value not in properties:
            continue
        types = [t.value for t in properties.get(CRM.P2_has_type.value, [])]
        span = (properties.get(CRM.term("P4_has_time-span").value) or properties.get(DV.intendedTime.value) or [None])[
            0
        ]
        bounds = about.get(span.value, {}) if isinstance(span, NamedNode) else {}
        begin = bounds.get(CRM.P82a_begin_of_the_begin.value, [None])[0]
        end = bounds.get(CRM.P82b_end_of_the_end.value, [None])[0]
        events.append(
            Found(
                subject,
                next(t.rsplit("#", 1)[-1] for t in types if t not in ATTESTATIONS),
                {slug(p.value) for p in properties.get(CRM.P7_took_place_at.value, [])}
                | {slug(p.value) for p in properties.get(DV.intendedPlace.value, [])},
                begin.value if isinstance(begin, Literal) else None,
                end.value if isinstance(end, Literal) else None,
                next((ATTESTATIONS[t] for t in types if t in ATTESTATIONS), None),
                {name: {slug(o.value) for o in properties.get(iri, [])} for name, iri in ROLE_PROPERTIES.items()},
                DV.PlannedActivity.value in {c.value for c in properties.get(RDF_TYPE, [])},
            )
        )
    return sorted(events, key=lambda e: _number(e.iri))


def _number(iri: str) -> tuple[bool, int]:
    """Events are numbered (``.../event/3``); a record's conversation (``.../conversation``) comes after them."""
    last = iri.rsplit("/", 1)[-1]
    return (not last.isdigit(), int(last) if last.isdigit() else 0)


def matches(gold: dict, found: Found) -> bool:
    if gold["type"] != found.type or bool(gold.get("planned")) != found.planned:
        return False
    places = set(gold["places"])
    if (places or found.places) and not places & found.places:
        return False
    date = gold.get("date")
    return date is None or (found.begin, found.end) == (date["begin"], date["end"])


def score(gold: dict, found: list[Found]) -> Score:
    result = Score(gold=len(gold["events"]), found=len(found))
    free = list(found)
    for expected in gold["events"]:
        hit = next((f for f in free if matches(expected, f)), None)
        result.dates += expected.get("date") is not None
        result.by_type[expected["type"]] += 1
        if hit is None:
            result.missed.append(expected)
            continue
        free.remove(hit)
        result.matched += 1
        result.dates_right += expected.get("date") is not None
        result.spurious_dates += expected.get("date") is None and hit.begin is not None
        result.found_by_type[expected["type"]] += 1
        result.attestation_right += expected.get("attestation") == hit.attestation
        every_role_right = True
        for role in ROLE_PROPERTIES:
            want, got = set(expected.get(role, [])), hit.roles.get(role, set())
            result.roles_gold += len(want)
            result.roles_found += len(got)
            result.roles_right += len(want & got)
            every_role_right = every_role_right and want == got
        result.fully_right += every_role_right
    result.extra = free
    return result


def gold_files() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(GOLD.glob("*.json"))]


def reading_time(path: Path, repeat: int) -> float:
    """Median seconds of reading the events alone (mentions resolved beforehand, models loaded)."""
    parsed = parse_export(read_export(path), str(path))
    authority = default_authority()
    refs = name_refs(parsed, authority)
    mentions, addressees, senders = entity_mentions(
        resolve_mentions(refs, find_mentions(parsed, authority, refs), authority), Iris()
    )
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        read_events(parsed, authority, mentions, addressees, senders)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(repeat: int = 5) -> None:
    if "--repeat" in sys.argv:
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1])
    total = Score()
    print(
        f"{'document':<10} {'gold':>4} {'found':>5} {'match':>5} {'precision':>9} {'recall':>6} {'dates':>7} "
        f"{'attest.':>7} {'roles P/R':>11} {'ms/doc':>7} {'events':>6}"
    )
    for gold in gold_files():
        path = ROOT / gold["source"]
        convert_file(path)  # models and authority loaded
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            document = convert_file(path)
            times.append(time.perf_counter() - started)
        result = score(gold, published_events(document.quads))
        total.add(result)
        roles = (
            f"{result.roles_right / max(1, result.roles_found):.2f}/"
            f"{result.roles_right / max(1, result.roles_gold):.2f}"
        )
        print(
            f"{gold['record']:<10} {result.gold:>4} {result.found:>5} {result.matched:>5} {result.precision:>9.2f} "
            f"{result.recall:>6.2f} {result.dates_right:>3}/{result.dates:<3} {result.attestation_right:>3}/"
            f"{result.matched:<3} {roles:>11} {statistics.median(times) * 1000:>7.0f} "
            f"{reading_time(path, repeat) * 1000:>6.0f}"
        )
        for missed in result.missed:
            print(f"    missed: {missed['type']} {missed['places']} {missed.get('says', '')[:70]}")
        for extra in result.extra:
            print(f"    extra:  {extra.type} {sorted(extra.places)} {extra.iri}")
        if result.spurious_dates:
            print(f"    {result.spurious_dates} published date(s) where the text states none")
    print(
        f"{'all':<10} {total.gold:>4} {total.found:>5} {total.matched:>5} {total.precision:>9.2f} "
        f"{total.recall:>6.2f} {total.dates_right:>3}/{total.dates:<3} {total.attestation_right:>3}/"
        f"{total.matched:<3} {total.roles_right / max(1, total.roles_found):.2f}/"
        f"{total.roles_right / max(1, total.roles_gold):.2f}"
    )
    print(
        f"recall {total.recall:.2f}, fully right (type, date, place, actors, victims, recipients) "
        f"{total.fully_right}/{total.gold} ({total.fully_right / max(1, total.gold):.2f}), precision {total.precision:.2f}"
    )
    print(
        "recall by type: "
        + ", ".join(f"{t} {total.found_by_type[t]}/{n}" for t, n in sorted(total.by_type.items(), key=lambda x: -x[1]))
    )
    print(
        f"(ms/doc: the whole conversion of the document; events: reading its events alone; medians of {repeat} "
        "runs after the models are loaded)"
    )


if __name__ == "__main__":
    main()
