"""Reconciliation queries, as the two versions of the W3C Reconciliation Service API write them, read into one
``Query``, and answered with scored candidates (``server/web/site/reconcile.py`` serves them).

- v0.2 (OpenRefine): ``{"query": "Tabriz", "type": "E53_Place", "limit": 3, "type_strict": "any",
  "properties": [{"pid": "document", "v": "119111"}]}``, or a bare string;
- the 1.0 draft: ``{"conditions": [{"matchType": "name", "v": "Tabriz"}, {"matchType": "property", "pid": "document",
  "v": "119111", "required": true}], "type": "E53_Place", "limit": 3}`` (an older form of the draft, with ``query``
  beside the conditions, is read too).

What a query may say and does not fit is a 400 naming the field and what is supported; nothing is ignored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ontology.iris import Iris
from server.web.problems import Problem
from server.web.site.name_index import CRM, MIN_SCORE, TYPES, Entity, NameIndex, name_similarity

KIND_TYPE = {kind: type_id for type_id, (kind, _) in TYPES.items()}
MATCH_SCORE = 90
MATCH_MARGIN = 10
DEFAULT_LIMIT = 5
MAX_LIMIT = 100
TYPE_STRICT = ("any", "all", "should")  # v0.2: how several types, or a type at all, constrain the candidates
SHOULD_PENALTY = 20  # type_strict "should": a candidate of another type keeps its place in the list, 20 points down
WIKIDATA = "http://www.wikidata.org/entity/"


@dataclass(frozen=True)
class Property:
    id: str
    name: str
    description: str
    types: tuple[str, ...]  # the types whose entities can have it


PROPERTIES = {
    p.id: p
    for p in (
        Property(
            "wikidata",
            "Wikidata item",
            "the entity's Wikidata item: Q855, wd:Q855 or its IRI",
            ("E21_Person", "E74_Group", "E53_Place"),
        ),
        Property(
            "document",
            "Named in document",
            "a document that names the entity: its record number (119111), document/119111 or its IRI",
            ("E21_Person", "E74_Group", "E53_Place"),
        ),
        Property(
            "within",
            "Falls within",
            "a place that the place lies in, however far up: its name (Iran) or id (place/iran)",
            ("E53_Place",),
        ),
    )
}


@dataclass(frozen=True)
class Condition:
    pid: str
    values: tuple[str, ...]
    required: bool = False
    quantifier: str = "any"  # any | all | none (1.0 draft)


@dataclass(frozen=True)
class Query:
    text: str  # the name looked for; "" when only properties are given (1.0 draft)
    types: frozenset[str] = frozenset()
    limit: int = DEFAULT_LIMIT
    type_strict: str = "any"
    conditions: tuple[Condition, ...] = field(default_factory=tuple)


def bad(where: str, reason: str) -> Problem:
    return Problem(400, "Bad Request", f"{where}: {reason}")


def read_limit(value: object, where: str) -> int:
    """A whole number from 1 to 100; 3.0 is 3, 3.5 is a mistake."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_LIMIT:
        raise bad(where, f"'limit' must be a whole number from 1 to {MAX_LIMIT} (got {value!r})")
    return value


def read_types(value: object, where: str) -> frozenset[str]:
    values = value if isinstance(value, list) else [value] if value else []
    found = set()
    for item in values:
        text = str(item.get("id", "")) if isinstance(item, dict) else str(item)
        text = text.removeprefix(CRM).removeprefix("crm:")
        type_id = text if text in TYPES else KIND_TYPE.get(text.lower())
        if type_id is None:
            raise bad(where, f"unknown type '{text}'; use E21_Person, E74_Group or E53_Place")
        found.add(type_id)
    return frozenset(found)


def _values(value: object, where: str) -> tuple[str, ...]:
    """A property value, or several: strings, numbers, or entities given as {"id": ...}."""
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found.append(item["id"])
        elif isinstance(item, str | int | float) and not isinstance(item, bool):
            found.append(str(item))
        else:
            raise bad(where, f"a property value is a string, a number or an object with an 'id' (got {item!r})")
    if not found or not all(v.strip() for v in found):
        raise bad(where, "a property needs a value")
    return tuple(v.strip() for v in found)


def _pid(value: object, where: str) -> str:
    if value is None:
        raise bad(where, f"a property condition needs 'pid', one of {', '.join(repr(p) for p in PROPERTIES)}")
    if value not in PROPERTIES:
        raise bad(where, f"unknown property {value!r}; this service matches {', '.join(repr(p) for p in PROPERTIES)}")
    return str(value)


def _known_fields(value: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise bad(where, f"unknown field {unknown[0]!r}; a query may have {', '.join(sorted(allowed))}")


def read_v02(value: object, where: str) -> Query:
    """A v0.2 query: a bare string, or an object with 'query' and optional type, limit, type_strict, properties."""
    if isinstance(value, str):
        return Query(value)
    if not isinstance(value, dict) or not isinstance(value.get("query"), str):
        raise bad(where, "a query is an object with a 'query' string")
    _known_fields(value, {"query", "type", "limit", "type_strict", "properties"}, where)
    strict = value.get("type_strict", "any")
    if strict not in TYPE_STRICT:
        raise bad(where, f"'type_strict' is one of {', '.join(TYPE_STRICT)} (got {strict!r})")
    properties = value.get("properties", [])
    if not isinstance(properties, list):
        raise bad(where, '\'properties\' is a list of {"pid": ..., "v": ...}')
    conditions = []
    for number, prop in enumerate(properties):
        at = f"{where}.properties[{number}]"
        if not isinstance(prop, dict) or "v" not in prop:
            raise bad(at, 'a property is {"pid": ..., "v": ...}')
        conditions.append(Condition(_pid(prop.get("pid"), at), _values(prop["v"], at)))
    return Query(
        value["query"],
        read_types(value.get("type"), where),
        read_limit(value.get("limit", DEFAULT_LIMIT), where),
        strict,
        tuple(conditions),
    )


def read_v1(value: object, where: str) -> Query:
    """A 1.0-draft query: conditions on the name and on properties, an optional type and limit."""
    if not isinstance(value, dict):
        raise bad(where, "a query is an object with 'conditions'")
    _known_fields(value, {"conditions", "query", "type", "limit", "lang", "dir"}, where)
    names = [value["query"]] if isinstance(value.get("query"), str) else []
    conditions = []
    raw = value.get("conditions", [])
    if not isinstance(raw, list) or (not raw and not names):
        raise bad(where, "'conditions' is a non-empty list")
    for number, condition in enumerate(raw):
        at = f"{where}.conditions[{number}]"
        if not isinstance(condition, dict) or condition.get("matchType") not in ("name", "property"):
            raise bad(at, "a condition has 'matchType' name or property, and 'v'")
        if "v" not in condition:
            raise bad(at, "a condition needs 'v'")
        quantifier = condition.get("matchQuantifier", "any")
        if quantifier not in ("any", "all", "none"):
            raise bad(at, f"'matchQuantifier' is any, all or none (got {quantifier!r})")
        if "matchQualifier" in condition:
            raise bad(at, "'matchQualifier' is not supported: values are matched by name or by identifier")
        required = condition.get("required", False)
        if not isinstance(required, bool):
            raise bad(at, "'required' is true or false")
        if condition["matchType"] == "name":
            names += _values(condition["v"], at)
        else:
            conditions.append(
                Condition(_pid(condition.get("pid"), at), _values(condition["v"], at), required, quantifier)
            )
    if len(names) > 1:
        raise bad(where, "give one name condition")
    type_value = value.get("type")
    if type_value is not None and not isinstance(type_value, str):
        raise bad(where, "'type' is one type identifier")
    limit = read_limit(value.get("limit", DEFAULT_LIMIT), where)
    return Query(names[0] if names else "", read_types(type_value, where), limit, "any", tuple(conditions))


class Matcher:
    """Answers queries over one index: candidates by name, checked against the property conditions and the types."""

    def __init__(self, index: NameIndex, iris: Iris) -> None:
        self.index = index
        self.iris = iris

    def _document(self, value: str) -> str:
        if value.startswith(("http://", "https://")):
            return value
        return self.iris.document(value.removeprefix("document/")).value

    def _holds(self, entity: Entity, pid: str, value: str) -> bool:
        if pid == "wikidata":
            item = value.removeprefix(WIKIDATA).removeprefix("wd:")
            return WIKIDATA + item in entity.same
        if pid == "document":
            return self._document(value) in entity.documents
        return any(p.id == value or name_similarity(value, p.name) >= MIN_SCORE for p in self._enclosing(entity))

    def _enclosing(self, place: Entity) -> list[Entity]:
        """Every place that ``place`` lies in, the nearest first (Tabriz: Iranian Azerbaijan, Iran)."""
        found: list[Entity] = []
        todo = list(place.within)
        while todo:
            enclosing = self.index.by_iri.get(todo.pop(0))
            if enclosing is not None and enclosing not in found and enclosing is not place:
                found.append(enclosing)
                todo += enclosing.within
        return found

    def _condition(self, entity: Entity, condition: Condition) -> bool:
        held = [self._holds(entity, condition.pid, v) for v in condition.values]
        quantifier: Callable[[list[bool]], bool] = {
            "any": any,
            "all": all,
            "none": lambda found: not any(found),
        }[condition.quantifier]
        return quantifier(held)

    def _of_type(self, entity: Entity, query: Query) -> bool:
        if not query.types:
            return True
        if query.type_strict == "all":
            return query.types <= {entity.type_id}
        return entity.type_id in query.types

    def candidates(self, query: Query) -> list[dict]:
        """Scored candidates, best first: the name's similarity (0-100) and each property condition (100 when it
        holds, 0 when not), averaged; a required condition that fails, or a type that does not fit, leaves the
        candidate out (type_strict 'should': 20 points down instead)."""
        named = bool(query.text.strip())
        if named:
            types = None if query.type_strict == "should" else query.types
            found = self.index.match(query.text, set(types) if types else None, limit=max(50, query.limit * 10))
        elif query.conditions:  # properties alone (1.0 draft): every entity is weighed by them
            found = [(e, 0.0) for e in sorted(self.index.entities.values(), key=lambda e: e.id)]
        else:
            return []
        scored = []
        for entity, name_score in found:
            if query.type_strict != "should" and not self._of_type(entity, query):
                continue
            held = [self._condition(entity, c) for c in query.conditions]
            if any(c.required and not h for c, h in zip(query.conditions, held, strict=True)):
                continue
            parts = ([name_score] if named else []) + [100.0 if h else 0.0 for h in held]
            score = sum(parts) / len(parts) if parts else 0.0
            if query.type_strict == "should" and query.types and entity.type_id not in query.types:
                score = max(score - SHOULD_PENALTY, 0.0)
            features = [{"id": "name", "name": "Name similarity", "value": round(name_score)}] if named else []
            features += [
                {"id": c.pid, "name": PROPERTIES[c.pid].name, "value": 100 if h else 0}
                for c, h in zip(query.conditions, held, strict=True)
            ]
            scored.append((entity, score, features))
        scored.sort(key=lambda item: (-item[1], item[0].id))
        scored = scored[: query.limit]
        runner_up = scored[1][1] if len(scored) > 1 else 0.0
        return [
            self._candidate(entity, score, features, position == 0 and score - runner_up >= MATCH_MARGIN)
            for position, (entity, score, features) in enumerate(scored)
        ]

    def _candidate(self, entity: Entity, score: float, features: list[dict], unique: bool) -> dict:
        described = [entity.summary()]
        described += [s.replace(WIKIDATA, "wd:") for s in entity.same]
        return {
            "id": entity.id,
            "name": entity.name,
            "score": round(score),
            "match": unique and score >= MATCH_SCORE,
            "description": " · ".join(described),
            "type": [{"id": entity.type_id, "name": TYPES[entity.type_id][1]}],
            "features": features,
        }
