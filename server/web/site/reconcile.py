"""The W3C Reconciliation Service API (version 0.2, as OpenRefine speaks it) at ``/reconcile``, over Depesha's own
people, groups and places: the service manifest, single (``query``) and batch (``queries``) queries by GET or POST,
a type filter, JSONP (``callback``), and an HTML preview at ``/reconcile/preview?id=...``.

Candidates are scored 0-100 with the name similarity linking uses (every label and printed form, across scripts);
``match`` is true for a unique best candidate of at least ``MATCH_SCORE``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape

from flask import Blueprint, Response, request
from pyoxigraph import Store
from rapidfuzz import fuzz, process

from ontology.iris import Iris
from server.linking.linking import pair_similarity, phonetic_words
from server.store.store import SnapshotReader
from server.web.problems import Problem
from server.web.public_url import public_root

CRM = "http://www.cidoc-crm.org/cidoc-crm/"
TYPES = {"E21_Person": ("person", "Person"), "E74_Group": ("group", "Group"), "E53_Place": ("place", "Place")}
KIND_TYPE = {kind: type_id for type_id, (kind, _) in TYPES.items()}
MATCH_SCORE = 90
MATCH_MARGIN = 10
DEFAULT_LIMIT = 5
MAX_QUERIES = 100
CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")
ENTITIES = """PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
SELECT ?e ?class ?label ?form ?same (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  VALUES ?class { crm:E21_Person crm:E74_Group crm:E53_Place } ?e a ?class .
  { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label } UNION
  { ?e crm:P1_is_identified_by/crm:P190_has_symbolic_content ?form } UNION
  { ?e <http://www.w3.org/2002/07/owl#sameAs> ?same } UNION { ?doc crm:P67_refers_to ?e }
} GROUP BY ?e ?class ?label ?form ?same"""


@dataclass
class Entity:
    id: str  # kind/slug, the path under BASE + "id/"
    type_id: str
    labels: dict[str, str] = field(default_factory=dict)
    forms: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    documents: int = 0

    @property
    def name(self) -> str:
        return self.labels.get("en") or self.labels.get("ru") or self.id

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys([*self.labels.values(), *self.forms]))


class Index:
    """Every person, group and place of one snapshot, with a phonetic key per name for a fast first pass."""

    def __init__(self, store: Store, iris: Iris) -> None:
        entities: dict[str, Entity] = {}
        for row in store.query(ENTITIES):
            iri = row["e"].value
            if (entity_id := iris.entity_id(iri)) is None:
                continue
            entity = entities.setdefault(iri, Entity(entity_id, row["class"].value[len(CRM) :]))
            if row["label"] is not None and row["label"].language:
                entity.labels.setdefault(row["label"].language, row["label"].value)
            if row["form"] is not None:
                entity.forms.append(row["form"].value)
            if row["same"] is not None:
                entity.same.append(row["same"].value)
            entity.documents = max(entity.documents, int(row["documents"].value))
        self.entities = {e.id: e for e in entities.values()}
        self.keys: list[tuple[str, str]] = [
            (" ".join(phonetic_words(name)), e.id) for e in self.entities.values() for name in e.names
        ]

    def search(self, text: str, types: set[str], limit: int) -> list[dict]:
        key = " ".join(phonetic_words(text))
        if not key:
            return []
        rough = process.extract(
            key, [k for k, _ in self.keys], scorer=fuzz.token_set_ratio, limit=max(50, limit * 10), score_cutoff=50
        )
        scores: dict[str, float] = {}
        for _, _, position in rough:
            entity = self.entities[self.keys[position][1]]
            if types and entity.type_id not in types or entity.id in scores:
                continue
            scores[entity.id] = max(pair_similarity(text, name) for name in entity.names)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        results = []
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        for position, (entity_id, value) in enumerate(ranked):
            entity = self.entities[entity_id]
            unique = position == 0 and value - runner_up >= MATCH_MARGIN
            described = [
                entity.labels[lang]
                for lang in ("ru", "en")
                if lang in entity.labels and entity.labels[lang] != entity.name
            ]
            described += [f"{entity.documents} document{'s' if entity.documents != 1 else ''}"]
            described += [s.replace("http://www.wikidata.org/entity/", "wd:") for s in entity.same]
            results.append(
                {
                    "id": entity.id,
                    "name": entity.name,
                    "score": round(value),
                    "match": unique and value >= MATCH_SCORE,
                    "description": " · ".join(described),
                    "type": [{"id": entity.type_id, "name": TYPES[entity.type_id][1]}],
                    "features": [{"id": "name", "value": round(value)}],
                }
            )
        return results


def _type_ids(value: object, where: str) -> set[str]:
    values = value if isinstance(value, list) else [value] if value else []
    found = set()
    for item in values:
        text = str(item.get("id", "")) if isinstance(item, dict) else str(item)
        text = text.removeprefix(CRM).removeprefix("crm:")
        type_id = text if text in TYPES else KIND_TYPE.get(text.lower())
        if type_id is None:
            raise Problem(400, "Bad Request", f"{where}: unknown type '{text}'; use E21_Person, E74_Group or E53_Place")
        found.add(type_id)
    return found


def _query(value: object, where: str) -> tuple[str, set[str], int]:
    if isinstance(value, str):
        return value, set(), DEFAULT_LIMIT
    if not isinstance(value, dict) or not isinstance(value.get("query"), str):
        raise Problem(400, "Bad Request", f"{where}: a query is an object with a 'query' string")
    limit = value.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= 100:
        raise Problem(400, "Bad Request", f"{where}: 'limit' must be a whole number from 1 to 100")
    return value["query"], _type_ids(value.get("type"), where), limit


def _json_parameter(name: str) -> object:
    text = request.values.get(name, "")
    try:
        return json.loads(text)
    except ValueError as exc:
        if name == "query":
            return text  # a single query may be a bare string
        raise Problem(400, "Bad Request", f"'{name}' is not JSON: {exc}") from None


def reconcile_blueprint(reader: SnapshotReader, base: str) -> Blueprint:
    blueprint = Blueprint("reconcile", __name__)
    cached: dict[int, Index] = {}
    iris = Iris(base)

    def index() -> Index:
        store = reader.store()
        if id(store) not in cached:
            cached.clear()
            cached[id(store)] = Index(store, iris)
        return cached[id(store)]

    def answer(body: object) -> Response:
        text = json.dumps(body, ensure_ascii=False)
        callback = request.values.get("callback")
        if callback:
            if not CALLBACK.match(callback):
                raise Problem(400, "Bad Request", "'callback' must be a JavaScript identifier")
            return Response(f"{callback}({text});", mimetype="application/javascript")
        return Response(text, mimetype="application/json")

    @blueprint.route("/reconcile", methods=["GET", "POST"])
    def reconcile() -> Response:
        if "queries" in request.values:
            queries = _json_parameter("queries")
            if not isinstance(queries, dict) or len(queries) > MAX_QUERIES:
                raise Problem(400, "Bad Request", f"'queries' must be a JSON object of at most {MAX_QUERIES} queries")
            searched = {}
            for key, value in queries.items():
                text, types, limit = _query(value, f"queries['{key}']")
                searched[key] = {"result": index().search(text, types, limit)}
            return answer(searched)
        if "query" in request.values:
            text, types, limit = _query(_json_parameter("query"), "query")
            return answer({"result": index().search(text, types, limit)})
        root = public_root().rstrip("/")
        return answer(
            {
                "versions": ["0.1", "0.2"],
                "name": "Depesha people, groups and places",
                "identifierSpace": iris.entity_of_id(""),
                "schemaSpace": CRM,
                "defaultTypes": [{"id": type_id, "name": name} for type_id, (_, name) in TYPES.items()],
                "view": {"url": iris.entity_of_id("{{id}}")},
                "preview": {"url": root + "/reconcile/preview?id={{id}}", "width": 400, "height": 120},
            }
        )

    @blueprint.route("/reconcile/preview")
    def preview() -> Response:
        entity = index().entities.get(request.args.get("id", ""))
        if entity is None:
            raise Problem(404, "Not Found", f"no person, group or place '{request.args.get('id', '')}'")
        names = ", ".join(escape(n) for n in entity.names if n != entity.name)
        same = "".join(f' <a href="{escape(s)}">{escape(s.rsplit("/", 1)[-1])}</a>' for s in entity.same)
        html = (
            f'<div style="font: 14px sans-serif"><strong><a href="{escape(iris.entity_of_id(entity.id))}" '
            f'target="_blank">{escape(entity.name)}</a></strong> ({TYPES[entity.type_id][1].lower()})'
            f"<p>{names or ''}</p><p>named in {entity.documents} document(s){'; Wikidata:' + same if same else ''}"
            "</p></div>"
        )
        return Response(html, mimetype="text/html")

    return blueprint
