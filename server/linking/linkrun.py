"""``depesha link``: read every person, group and place the store holds (with the dates and places of the documents
that mention them), search Wikidata for each in English and Russian, fetch the candidates, score them, and write
the review file, keeping every curator's decision. The build then applies the review file
(``server/linking/wikilinks.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pyoxigraph import Store

from converter.names import BRACKETS, INITIALS, strip_honorifics
from ontology.namespaces import DEFAULT_BASE
from server.linking import review
from server.linking.linking import EntityRecord, Scored, rank, unlink_shared_targets
from server.linking.linktypes import TypeOracle
from server.linking.wditem import Item, parse_item
from server.linking.wikidata import Fetched, WikidataClient
from server.linking.wikilinks import SETTING, review_file
from server.store.store import Catalog, open_snapshot

PREFIXES = """PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dv: <https://w3id.org/depesha/vocab#>
"""
KINDS = {
    f"http://www.cidoc-crm.org/cidoc-crm/{name}": kind
    for name, kind in (("E21_Person", "person"), ("E74_Group", "group"), ("E53_Place", "place"))
}
ENTITY = "?e a ?class VALUES ?class { crm:E21_Person crm:E74_Group crm:E53_Place }"
MENTIONS = "(crm:P67_refers_to|crm:P73_has_translation/crm:P67_refers_to|dv:sender|dv:addressee|dv:sentFrom|dv:sentTo)"
QUERIES = {
    "entity": f"SELECT DISTINCT ?e ?class WHERE {{ {ENTITY} }}",
    "label": f"SELECT DISTINCT ?e ?value WHERE {{ {ENTITY} ?e rdfs:label ?value }}",
    "form": f"""SELECT DISTINCT ?e ?value WHERE {{ {ENTITY}
        ?e crm:P1_is_identified_by/crm:P190_has_symbolic_content ?value }}""",
    "same": f"""SELECT DISTINCT ?e ?value WHERE {{ {ENTITY} ?e owl:sameAs ?value
        FILTER NOT EXISTS {{ ?linking crm:P140_assigned_attribute_to ?e ;
            crm:P177_assigned_property_of_type owl:sameAs ; crm:P141_assigned ?value }} }}""",  # the authority's only
    "coordinates": "SELECT DISTINCT ?e WHERE { ?e a crm:E53_Place ; crm:P168_place_is_defined_by ?value }",
    "within": """SELECT DISTINCT ?e ?value WHERE { ?e a crm:E53_Place ; crm:P89_falls_within+ ?w .
        ?w owl:sameAs ?value }""",
    "date": f"SELECT DISTINCT ?e ?value WHERE {{ ?doc dv:date ?value ; {MENTIONS} ?e . {ENTITY} }}",
    "context": f"""SELECT DISTINCT ?e ?value WHERE {{ ?doc {MENTIONS} ?e . {ENTITY}
        ?doc {MENTIONS} ?p . ?p a crm:E53_Place ; crm:P89_falls_within* ?w . ?w owl:sameAs ?value }}""",
}


def _qid(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _date_bounds(lexical: str) -> tuple[date, date] | None:
    """An xsd:date, gYearMonth or gYear as the first and last day it covers."""
    parts = lexical[:10].split("-")
    try:
        year = int(parts[0])
        if len(parts) >= 3:
            day = date(year, int(parts[1]), int(parts[2]))
            return day, day
        if len(parts) == 2:
            month = int(parts[1])
            end = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
            return date(year, month, 1), date.fromordinal(end)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def gather(store: Store, base: str) -> list[EntityRecord]:
    """Every person, group and place in the store, with what linking needs to know about it."""

    def rows(name: str) -> list[tuple[str, Any]]:
        result = store.query(PREFIXES + QUERIES[name])
        has_value = "value" in {variable.value for variable in result.variables}
        return [(solution["e"].value, solution["value"] if has_value else None) for solution in result]

    prefix = base + "id/"
    records: dict[str, EntityRecord] = {}
    for solution in store.query(PREFIXES + QUERIES["entity"]):
        iri = solution["e"].value
        if iri.startswith(prefix):
            key = iri[len(prefix) :]
            records[iri] = EntityRecord(key=key, kind=KINDS[solution["class"].value])
    for iri, value in rows("label"):
        if iri in records and getattr(value, "language", None):
            records[iri].labels.setdefault(value.language, value.value)
    for iri, value in rows("form"):
        if iri in records:
            records[iri].forms.append(strip_honorifics(value.value))
    for iri, value in rows("same"):
        if iri in records and value.value.startswith("http://www.wikidata.org/entity/Q"):
            records[iri].curated_id = _qid(value.value)
    for iri, _ in rows("coordinates"):
        if iri in records:
            records[iri].has_coordinates = True
    for iri, value in rows("within"):
        if iri in records:
            records[iri].within_ids.add(_qid(value.value))
    for iri, value in rows("context"):
        if iri in records:
            records[iri].context_ids.add(_qid(value.value))
    for iri, value in rows("date"):
        bounds = _date_bounds(value.value)
        if iri in records and bounds:
            period = records[iri].period
            records[iri].period = bounds if period is None else (min(period[0], bounds[0]), max(period[1], bounds[1]))
    for record in records.values():
        record.forms = sorted(set(record.forms))
    return sorted(records.values(), key=lambda r: r.key)


@dataclass
class LinkReport:
    entities: int = 0
    linked: int = 0  # owl:sameAs by the rule
    with_candidates: int = 0
    curated: int = 0
    notes: list[str] = field(default_factory=list)


def search_queries(record: EntityRecord) -> list[tuple[str, str]]:
    """(text, language) pairs: each label (en, ru) in its language, and, since the search matches the start of labels
    and aliases, the label without a bracketed part ('People's Party of Iran (Tudeh)') or initials ('A. Kozlov')."""
    queries = []
    for language, label in sorted(record.labels.items()):
        if language in ("en", "ru"):
            queries.append((label, language))
            bare = " ".join(INITIALS.sub(" ", BRACKETS.sub(" ", label)).split())
            if bare and bare != label:
                queries.append((bare, language))
    return list(dict.fromkeys(queries))


def _candidate(scored: Scored | None, item: Item, fetched: Fetched, old: review.Candidate | None) -> review.Candidate:
    return review.Candidate(
        id=item.id,
        decision=old.decision if old else "",
        auto=scored.auto if scored else False,
        score=scored.score if scored else 0,
        features=dict(scored.features) if scored else {},
        why="; ".join(scored.why) if scored else "",
        label=item.labels.get("en", ""),
        label_ru=item.labels.get("ru", ""),
        description=item.description,
        born=item.born.text if item.born else "",
        died=item.died.text if item.died else "",
        coordinates=item.coordinates,
        revision=item.revision,
        retrieved=fetched.retrieved,
        source=fetched.url,
    )


def link(
    records: list[EntityRecord],
    client: WikidataClient,
    review_path: Path,
    progress: Callable[[EntityRecord], None] = lambda record: None,
) -> LinkReport:
    """Link the entities (``gather``); writes the review file, keeping every decision, and returns what happened."""
    old_entries = review.load_review(review_path)
    report = LinkReport(entities=len(records))
    oracle = TypeOracle(client)
    found: dict[str, list[str]] = {}
    for record in records:
        ids: list[str] = []
        if record.curated_id:
            ids.append(record.curated_id)
        else:
            for text, language in search_queries(record):
                ids += [hit.id for hit in client.search(text, language)]
        old = old_entries.get(record.key)
        ids += [c.id for c in old.candidates if c.decision] if old else []
        ids += [old.set] if old and old.set else []
        found[record.key] = list(dict.fromkeys(ids))
        progress(record)
    fetched = client.entities(qid for ids in found.values() for qid in ids)
    items = {qid: parse_item(f.body) for qid, f in fetched.items()}
    oracle.resolve(c for item in items.values() for c in item.instance_of)
    report.notes += oracle.notes
    ranked = {r.key: rank(r, [items[q] for q in found[r.key] if q in items], oracle) for r in records}
    curated_owner = {r.curated_id: r.key for r in records if r.curated_id}
    for key, candidates in ranked.items():
        for candidate in candidates:
            if candidate.auto and curated_owner.get(candidate.item.id, key) != key:
                candidate.auto = False
                candidate.why.append(
                    f"not linked: the authority file gives {candidate.item.id} to {curated_owner[candidate.item.id]}"
                )
    report.notes += unlink_shared_targets(ranked)
    entries = dict(old_entries)
    for record in records:
        old = old_entries.get(record.key)
        scored_by_id = {s.item.id: s for s in ranked[record.key]}
        wanted = list(scored_by_id)
        wanted += [
            q
            for q in found[record.key]
            if q not in scored_by_id
            and (q == record.curated_id or (old and (q == old.set or (old.candidate(q) and old.candidate(q).decision))))
        ]
        candidates = [
            _candidate(scored_by_id.get(q), items[q], fetched[q], old.candidate(q) if old else None)
            for q in wanted
            if q in items
        ]
        entry = review.Entry(
            key=record.key,
            label=record.label,
            curated=record.curated_id or "",
            set=old.set if old else "",
            candidates=candidates,
        )
        if record.curated_id and old and old.set and old.set != record.curated_id:
            report.notes.append(
                f"{record.key}: set = {old.set} is overridden by the authority file's {record.curated_id}"
            )
        entries[record.key] = entry
        if record.curated_id:
            report.curated += 1
        elif any(c.auto for c in candidates):
            report.linked += 1
        elif candidates:
            report.with_candidates += 1
    review.save_review(review_path, entries)
    return report


def records_of_store(folder: Path) -> list[EntityRecord]:
    """The entities of the store's newest snapshot, with the base IRI the store was built with."""
    snapshot = open_snapshot(folder)  # a StoreError naming the folder when nothing was built there
    catalog = Catalog(Path(folder) / "catalog.sqlite")
    try:
        base = catalog.setting("base") or DEFAULT_BASE
    finally:
        catalog.close()
    return gather(snapshot, base)


def choose_review_file(folder: Path, given: Path | None) -> Path:
    """The review file to write: the one given (remembered in the store, so that its builds honour it), else the one
    the store's builds already use, else STORE/wikidata-review.toml."""
    catalog = Catalog(Path(folder) / "catalog.sqlite")
    try:
        if given is not None:
            catalog.set_setting(SETTING, str(given.resolve()))
            catalog.commit()
            return given.resolve()
        return review_file(catalog)
    finally:
        catalog.close()
