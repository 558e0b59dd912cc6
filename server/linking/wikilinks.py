"""What the review file adds to ``graph/entities`` at every build: ``owl:sameAs`` for the links it decides,
``dv:candidateMatch`` for the rest, and enrichment from the linked item (English and Russian labels, coordinates,
birth and death), each stated once and each with its provenance as a ``crm:E13_Attribute_Assignment``
(ontology/MODELLING.md, "Wikidata links and enrichment").

The build calls ``link_triples`` from ``rebuild_shared_graphs``; it reads only the review file, never the network.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from ontology.iris import Iris
from ontology.namespaces import CRM, DCTERMS, DV, GEO, OWL, RDFS, WD, XSD, A, text, typed
from server.linking.review import Candidate, Entry, load_review
from server.store.catalog import Catalog
from server.store.store import WritableStore

REVIEW_NAME = "wikidata-review.toml"  # in the store folder, unless 'depesha link --review FILE' named another
SETTING = "wikidata_review"  # catalog setting: the review file this store's builds honour
STAMP = "wikidata_review_sha256"  # catalog setting: the review file's hash at the last rebuild
ENTITY_DATA = "https://www.wikidata.org/wiki/Special:EntityData/{id}.json"


def review_file(catalog: Catalog) -> Path:
    """The review file this store's builds honour: the one ``depesha link --review`` named, else the store's own."""
    recorded = catalog.setting(SETTING)
    return Path(recorded) if recorded else catalog.folder / REVIEW_NAME


def review_stamp(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def review_changed(store: WritableStore) -> bool:
    """True when the review file differs from the one the store's graph/entities was last built with."""
    return store.catalog.setting(STAMP) != review_stamp(review_file(store.catalog))


def _span(node: NamedNode, begin: str, end: str, label: str) -> list[Triple]:
    span = NamedNode(node.value + "/time-span")
    return [
        Triple(node, CRM.term("P4_has_time-span"), span),
        Triple(span, A, CRM.term("E52_Time-Span")),
        Triple(span, CRM.P82a_begin_of_the_begin, typed(begin, XSD.dateTime)),
        Triple(span, CRM.P82b_end_of_the_end, typed(end, XSD.dateTime)),
        Triple(span, RDFS.label, text(label)),
    ]


def _date_span(node: NamedNode, value: str) -> list[Triple]:
    """A Wikidata date as printed in the review file ('1900-09-16', '1900-09', '1900') as a CRM time-span."""
    parts = value.split("-")
    if len(parts) == 3:
        begin, end = value, value
    elif len(parts) == 2:
        last = calendar.monthrange(int(parts[0]), int(parts[1]))[1]
        begin, end = f"{value}-01", f"{value}-{last:02d}"
    else:
        begin, end = f"{value}-01-01", f"{value}-12-31"
    return _span(node, f"{begin}T00:00:00", f"{end}T23:59:59", value)


def _decimal(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


class _Assigner:
    """Makes each imported statement and the E13 attribute assignment that says where and when it came from."""

    def __init__(self, iris: Iris, entity: NamedNode) -> None:
        self.iris = iris
        self.entity = entity
        self.triples: list[Triple] = []

    def assign(
        self, name: str, prop: NamedNode, value: NamedNode | Literal, candidate: Candidate | None, how: str
    ) -> None:
        node = NamedNode(f"{self.entity.value}/wikidata/{name}")
        self.triples += [
            Triple(self.entity, prop, value),
            Triple(node, A, CRM.E13_Attribute_Assignment),
            Triple(node, CRM.P140_assigned_attribute_to, self.entity),
            Triple(node, CRM.P177_assigned_property_of_type, prop),
            Triple(node, CRM.P141_assigned, value),
            Triple(node, CRM.P14_carried_out_by, self.iris.node("software/depesha")),
        ]
        if candidate is None:
            self.triples.append(Triple(node, CRM.P3_has_note, text(how, "en")))
            return
        revision = f"?revision={candidate.revision}" if candidate.revision else ""
        self.triples.append(Triple(node, DCTERMS.source, NamedNode(ENTITY_DATA.format(id=candidate.id) + revision)))
        note = (
            f"{how}. From Wikidata item {candidate.id}"
            + (f", revision {candidate.revision}" if candidate.revision else "")
            + (f", retrieved {candidate.retrieved} through {candidate.source}" if candidate.retrieved else "")
        )
        self.triples.append(Triple(node, CRM.P3_has_note, text(note, "en")))
        if candidate.retrieved:
            stamp = candidate.retrieved.rstrip("Z")
            self.triples += _span(node, stamp, stamp, candidate.retrieved)


def _enrich(assigner: _Assigner, kind: str, item: Candidate, has: dict[str, bool]) -> None:
    entity = assigner.entity
    for language, label in (("en", item.label), ("ru", item.label_ru)):
        if label and not has.get(f"label@{language}"):
            assigner.assign(f"label-{language}", RDFS.label, text(label, language), item, "Label imported")
    if kind == "place" and item.coordinates and not has.get("coordinates"):
        lon, lat = item.coordinates
        point = typed(f"POINT({_decimal(lon)} {_decimal(lat)})", GEO.wktLiteral)
        assigner.assign("coordinates", CRM.P168_place_is_defined_by, point, item, "Coordinates imported")
    if kind != "person":
        return
    for event, cls, prop, value in (
        ("birth", CRM.E67_Birth, CRM.P98i_was_born, item.born),
        ("death", CRM.E69_Death, CRM.P100i_died_in, item.died),
    ):
        if value:
            node = NamedNode(f"{entity.value}/{event}")
            assigner.triples += [
                Triple(node, A, cls),
                Triple(
                    node, RDFS.label, text(f"{event.capitalize()} of {item.label or item.label_ru or item.id}", "en")
                ),
                *_date_span(node, value),
            ]
            assigner.assign(event, prop, node, item, f"{event.capitalize()} date imported")


def entity_link_triples(iris: Iris, entry: Entry, curated_id: str | None, has: dict[str, bool]) -> list[Triple]:
    entity = iris.node(f"id/{entry.key}")
    assigner = _Assigner(iris, entity)
    decided = (curated_id, "curated in the authority file (ontology/authority)") if curated_id else entry.link()
    if decided:
        qid, how = decided
        item = entry.candidate(qid)
        if not curated_id:
            assigner.assign("same-as", OWL.sameAs, WD.term(qid), item, how[:1].upper() + how[1:])
        if item:
            _enrich(assigner, entry.kind, item, has)
        return assigner.triples
    for candidate in entry.candidates:
        if candidate.decision == "reject":
            continue
        node = NamedNode(f"{entity.value}/candidate/{candidate.id}")
        assigner.triples += [
            Triple(entity, DV.candidateMatch, node),
            Triple(node, A, DV.MatchCandidate),
            Triple(node, DV.candidateItem, WD.term(candidate.id)),
            Triple(node, DV.matchScore, typed(f"{candidate.score / 100:.2f}", XSD.decimal)),
            Triple(
                node,
                RDFS.label,
                text(
                    f"{candidate.label or candidate.label_ru or candidate.id}"
                    + (f" ({candidate.description})" if candidate.description else ""),
                    "en",
                ),
            ),
            Triple(node, CRM.P3_has_note, text(candidate.why or "candidate from the review file", "en")),
        ]
    return assigner.triples


def link_triples(merged: Iterable[Triple], iris: Iris, path: Path) -> list[Triple]:
    """The review file's links, candidates and enrichment for the entities present in ``merged``; new triples only."""
    merged = list(merged)
    present = set(merged)
    facts: dict[str, dict[str, bool]] = {}
    typed_entities: set[str] = set()
    curated: dict[str, str] = {}
    prefix = iris.base + "id/"
    for triple in merged:
        subject = triple.subject.value
        if not subject.startswith(prefix):
            continue
        key = subject[len(prefix) :]
        if triple.predicate == A and triple.object in (CRM.E21_Person, CRM.E74_Group, CRM.E53_Place):
            typed_entities.add(key)
        elif triple.predicate == RDFS.label and isinstance(triple.object, Literal) and triple.object.language:
            facts.setdefault(key, {})[f"label@{triple.object.language}"] = True
        elif triple.predicate == CRM.P168_place_is_defined_by:
            facts.setdefault(key, {})["coordinates"] = True
        elif triple.predicate == OWL.sameAs and triple.object.value.startswith(str(WD)):
            curated[key] = triple.object.value[len(str(WD)) :]
    added: list[Triple] = []
    for key, entry in sorted(load_review(path).items()):
        if key in typed_entities and (entry.candidates or entry.set or key in curated):
            added += entity_link_triples(iris, entry, curated.get(key), facts.get(key, {}))
    return [t for t in dict.fromkeys(added) if t not in present]
