"""Finding people, groups and places by name, in one place for reconciliation (``server/web/site/reconcile.py``) and
search (``server/web/site/search.py``): every label and printed form of each, a phonetic key per name for a fast
first pass (so spelling and transliteration do not matter: 'Tavriz' finds Tabriz, 'БАГИРОВУ' finds Baghirov), then
the name similarity linking uses (``server/linking/linking.py``, 0-100). A candidate must reach ``MIN_SCORE``:
below it a name is not alike, whatever the first pass let through.

Documents are counted once each: a document and its translations both refer to the people they name, so a
document counts when it, or one of its translations, refers to the entity."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Store
from rapidfuzz import fuzz, process

from ontology.iris import Iris
from ontology.paths import documents_of
from server.linking.linking import pair_similarity, phonetic_words, spelling_words

CRM = "http://www.cidoc-crm.org/cidoc-crm/"
TYPES = {"E21_Person": ("person", "Person"), "E74_Group": ("group", "Group"), "E53_Place": ("place", "Place")}
MIN_SCORE = 78  # below this a name is not alike: unrelated words and names of the sample score at most 75
ROUGH_CUTOFF = 50  # the first pass, on phonetic keys
ENTITIES = (
    """PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
SELECT ?e ?class ?label ?form ?same ?doc ?within WHERE {
  VALUES ?class { crm:E21_Person crm:E74_Group crm:E53_Place } ?e a ?class .
  { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label } UNION
  { ?e crm:P1_is_identified_by/crm:P190_has_symbolic_content ?form } UNION
  { ?e <http://www.w3.org/2002/07/owl#sameAs> ?same } UNION
  { ?e crm:P89_falls_within ?within } UNION
  """
    + documents_of("?e", "?doc")
    + "\n}"
)


@dataclass
class Entity:
    id: str  # kind/slug, the path under BASE + "id/"
    iri: str
    type_id: str  # E21_Person | E74_Group | E53_Place
    labels: dict[str, str] = field(default_factory=dict)
    forms: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)  # owl:sameAs IRIs (Wikidata)
    documents: set[str] = field(default_factory=set)  # IRIs of the documents that name it
    within: list[str] = field(default_factory=list)  # IRIs of the places it falls within (places)

    @property
    def name(self) -> str:
        return self.labels.get("en") or self.labels.get("ru") or self.id

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys([*self.labels.values(), *self.forms]))

    @property
    def kind(self) -> str:
        return TYPES[self.type_id][0]

    def other_names(self, most: int = 3) -> list[str]:
        """Names other than ``name``, one per spelling (case aside), at most ``most``."""
        seen, others = {self.name.casefold()}, []
        for name in self.names:
            if name.casefold() not in seen:
                seen.add(name.casefold())
                others.append(name)
        return others[:most]

    def summary(self, with_kind: bool = True) -> str:
        """A readable line: 'place · Тавриз, Тебриз · 2 documents'."""
        count = len(self.documents)
        parts = [self.kind if with_kind else "", ", ".join(self.other_names())]
        parts.append(f"named in {count} document{'s' if count != 1 else ''}")
        return " · ".join(p for p in parts if p)


def name_similarity(text: str, name: str) -> float:
    """0-100: alike both by sound (the phonetic keys, which forgive transliteration: 'Tavriz' ~ 'Тавриз') and by
    spelling (which keeps the vowels that the phonetic key drops: 'Banana' is not 'Soviet Union')."""
    return min(pair_similarity(text, name), pair_similarity(text, name, spelling_words))


class NameIndex:
    """Every person, group and place of one snapshot (or remote endpoint), with a phonetic key per name."""

    def __init__(self, store: Store, iris: Iris) -> None:
        entities: dict[str, Entity] = {}
        for row in store.query(ENTITIES):
            iri = row["e"].value
            if (entity_id := iris.entity_id(iri)) is None:
                continue
            entity = entities.setdefault(iri, Entity(entity_id, iri, row["class"].value[len(CRM) :]))
            if row["label"] is not None and row["label"].language:
                entity.labels.setdefault(row["label"].language, row["label"].value)
            if row["form"] is not None:
                entity.forms.append(row["form"].value)
            if row["same"] is not None:
                entity.same.append(row["same"].value)
            if row["doc"] is not None:
                entity.documents.add(row["doc"].value)
            if row["within"] is not None:
                entity.within.append(row["within"].value)
        self.entities = {e.id: e for e in entities.values()}
        self.by_iri = {e.iri: e for e in entities.values()}
        self.keys: list[tuple[str, str]] = [
            (" ".join(phonetic_words(name)), e.id) for e in self.entities.values() for name in e.names
        ]

    def similarity(self, text: str, entity: Entity) -> float:
        """0-100: how alike ``text`` is to the closest of the entity's names (``name_similarity``)."""
        return max((name_similarity(text, name) for name in entity.names), default=0.0)

    def match(self, text: str, types: set[str] | None = None, limit: int = 50) -> list[tuple[Entity, float]]:
        """The entities (of ``types``, when given) whose names are alike ``text``, best first, each at least
        ``MIN_SCORE``; ties by id."""
        key = " ".join(phonetic_words(text))
        if not key:
            return []
        rough = process.extract(
            key,
            [k for k, _ in self.keys],
            scorer=fuzz.token_set_ratio,
            limit=max(50, limit * 10),
            score_cutoff=ROUGH_CUTOFF,
        )
        scores: dict[str, float] = {}
        for _, _, position in rough:
            entity = self.entities[self.keys[position][1]]
            if (types and entity.type_id not in types) or entity.id in scores:
                continue
            scores[entity.id] = self.similarity(text, entity)
        ranked = sorted(((i, s) for i, s in scores.items() if s >= MIN_SCORE), key=lambda kv: (-kv[1], kv[0]))
        return [(self.entities[i], s) for i, s in ranked[:limit]]


_cached: dict[tuple[int, str], tuple[Store, NameIndex]] = {}  # the store is kept so that its id is not reused


def name_index(store: Store, iris: Iris) -> NameIndex:
    """The index of this snapshot, made once (a new snapshot is a new store object, and replaces it)."""
    key = (id(store), iris.base)
    if key not in _cached:
        _cached.clear()
        _cached[key] = (store, NameIndex(store, iris))
    return _cached[key][1]
