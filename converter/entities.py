"""Descriptions of people, groups, places, languages and holdings: what goes into ``graph/entities``.

Each document contributes triples about the entities it names; the store merges the contributions of all
documents (``merge_contributions``) so that every triple is written once and each entity keeps one label per language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from pyoxigraph import Literal, NamedNode, Triple

from ontology.iris import Iris
from ontology.namespaces import CRM, DV, GEO, OWL, RDFS, SKOS, WD, XSD, A, text, typed

from .authority import Authority, Entry
from .citation import ArchivalReference
from .languages import LANGUAGE_NAMES, LANGUAGE_NAMES_RU
from .names import slugify

CLASSES = {"person": CRM.E21_Person, "group": CRM.E74_Group, "place": CRM.E53_Place}
TRUE, FALSE = typed("true", XSD.boolean), typed("false", XSD.boolean)


def entity_iri(iris: Iris, entry: Entry) -> NamedNode:
    return iris.entity(entry.kind, entry.slug)


def describe(iris: Iris, entry: Entry, authority: Authority, forms: Iterable[str] = ()) -> list[Triple]:
    """Type, labels, curation flag, Wikidata link, enclosing place, coordinates, and each printed form."""
    node = entity_iri(iris, entry)
    triples = [
        Triple(node, A, CLASSES[entry.kind]),
        Triple(node, RDFS.label, text(entry.en, "en")),
        Triple(node, DV.curated, TRUE if entry.curated else FALSE),
    ]
    if entry.ru:
        triples.append(Triple(node, RDFS.label, text(entry.ru, "ru")))
    if entry.note and not entry.curated:  # an edition's list of persons: the office held and when
        triples.append(Triple(node, CRM.P3_has_note, text(entry.note, "en")))
    if entry.wikidata:
        triples.append(Triple(node, OWL.sameAs, WD.term(entry.wikidata)))
    if entry.geonames:
        triples.append(Triple(node, SKOS.exactMatch, NamedNode(entry.geonames)))
    if entry.coordinates:
        lon, lat = entry.coordinates
        triples.append(Triple(node, CRM.P168_place_is_defined_by, typed(f"POINT({lon} {lat})", GEO.wktLiteral)))
    for form in dict.fromkeys(forms):
        appellation = iris.appellation(node, form)
        triples += [
            Triple(node, CRM.P1_is_identified_by, appellation),
            Triple(appellation, A, CRM.E41_Appellation),
            Triple(appellation, CRM.P190_has_symbolic_content, Literal(form)),
        ]
    parent_slug, link = (
        (entry.within, CRM.P89_falls_within)
        if entry.kind == "place"
        else (entry.part_of, CRM.P107i_is_current_or_former_member_of)
    )
    if parent_slug and (parent := authority.get(entry.kind, parent_slug)):
        triples.append(Triple(node, link, entity_iri(iris, parent)))
        triples += describe(iris, parent, authority)
    if entry.seat and (seat := authority.get("place", entry.seat)):  # a local post or committee: where it sits
        triples.append(Triple(node, CRM.P74_has_current_or_former_residence, entity_iri(iris, seat)))
        triples += describe(iris, seat, authority)
    return triples


def describe_language(iris: Iris, code: str) -> list[Triple]:
    node = iris.language(code)
    triples = [Triple(node, A, CRM.E56_Language), Triple(node, RDFS.label, text(LANGUAGE_NAMES.get(code, code), "en"))]
    if code in LANGUAGE_NAMES_RU:
        triples.append(Triple(node, RDFS.label, text(LANGUAGE_NAMES_RU[code], "ru")))
    return triples


def repository_entry(reference: ArchivalReference, authority: Authority) -> Entry:
    match = authority.lookup(reference.repository, ("group",), fuzzy=False)
    if match:
        return match.entry
    return Entry(kind="group", slug=slugify(reference.repository), en=reference.repository, curated=False)


def holding_levels(reference: ArchivalReference) -> list[tuple[str, str]]:
    """(path segment, label) for each level present: fond, opis, delo; or a bare file number."""
    if reference.unit and not reference.fond:
        return [(reference.unit, reference.unit)]
    levels = []
    for name, abbreviation in (("fond", "f."), ("opis", "op."), ("delo", "d.")):
        value = getattr(reference, name)
        if value is None:
            break
        levels.append((value, f"{abbreviation} {value}"))
    return levels


def describe_holdings(
    iris: Iris, reference: ArchivalReference, authority: Authority
) -> tuple[NamedNode | None, list[Triple]]:
    """The holding hierarchy of a reference; returns the lowest holding and the triples. A reference with no fond
    (nor a file number) falls within the repository's holdings as a whole, ``id/holding/{repository}``."""
    keeper = repository_entry(reference, authority)
    triples = describe(iris, keeper, authority)
    levels = holding_levels(reference)
    parent: NamedNode | None = None
    label = keeper.en.split(" (")[-1].rstrip(")") if "(" in keeper.en else keeper.en
    if not levels:
        holding = iris.holding(keeper.slug)
        triples += [
            Triple(holding, A, CRM.E78_Curated_Holding),
            Triple(holding, RDFS.label, text(label)),
            Triple(holding, CRM.P50_has_current_keeper, entity_iri(iris, keeper)),
        ]
        return holding, triples
    path: list[str] = []
    for segment, level_label in levels:
        path.append(segment)
        holding = iris.holding(keeper.slug, *path)
        label = f"{label}, {level_label}"
        triples += [Triple(holding, A, CRM.E78_Curated_Holding), Triple(holding, RDFS.label, text(label))]
        if parent is None:
            triples.append(Triple(holding, CRM.P50_has_current_keeper, entity_iri(iris, keeper)))
        else:
            triples.append(Triple(holding, CRM.P46i_forms_part_of, parent))
        parent = holding
    return parent, triples


def merge_contributions(triples: Iterable[Triple]) -> list[Triple]:
    """All documents' entity triples, once each; where one entity has several labels in one language, the most
    frequent wins (then the longest, then the first in code point order), so the result does not depend on order."""
    return merge_counts(Counter(triples))


def _text(triple: Triple) -> str:
    """The lexical form of a label triple's literal."""
    assert isinstance(triple.object, Literal)
    return triple.object.value


def merge_counts(counts: Mapping[Triple, int]) -> list[Triple]:
    """``merge_contributions`` of triples already counted."""
    labels: dict[tuple[str, str], list[Triple]] = {}
    merged: list[Triple] = []
    for triple in counts:
        obj = triple.object
        if triple.predicate == RDFS.label and isinstance(obj, Literal) and obj.language:
            labels.setdefault((str(triple.subject), obj.language), []).append(triple)
        else:
            merged.append(triple)
    for candidates in labels.values():
        merged.append(min(candidates, key=lambda t: (-counts[t], -len(_text(t)), _text(t))))
    return sorted(merged, key=str)
