"""The W3C Reconciliation Service API over Depesha's people, groups and places, in its two versions:

- v0.2, as OpenRefine speaks it, at ``/reconcile``: the manifest (GET), single (``query``) and batch (``queries``)
  queries by GET or POST form, JSONP (``callback``);
- the 1.0 draft, whose endpoint is ``/reconcile/1.0-draft`` (its manifest), with query batches POSTed as JSON to
  ``{endpoint}/reconcile``. A 1.0 batch POSTed as JSON to ``/reconcile`` itself is answered too.

Both offer the suggest services (``{endpoint}/suggest/entity``, ``/suggest/type``, ``/suggest/property``: a
``prefix`` and a ``cursor``) and the HTML preview (``{endpoint}/preview?id=``), in the size their manifests declare.
Queries are read and scored in ``server/web/site/reconcile_queries.py``; names are matched in
``server/web/site/name_index.py``, which search shares."""

from __future__ import annotations

import json
import re
from html import escape

from flask import Blueprint, Response, request

from converter.names import latin
from ontology.iris import Iris
from server.store.store import SnapshotReader
from server.web.problems import Problem
from server.web.public_url import public_root
from server.web.site.name_index import CRM, TYPES, Entity, name_index
from server.web.site.reconcile_queries import PROPERTIES, Matcher, Query, bad, read_types, read_v02, read_v1

MAX_QUERIES = 100
CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,63}$")
PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 120  # the preview's size, as the manifests declare it
SUGGESTIONS = 10  # one page of a suggest answer; ``cursor`` skips pages
V02 = "/reconcile"
V1 = "/reconcile/1.0-draft"
SERVICE_NAME = "Depesha people, groups and places"


def _json_parameter(name: str) -> object:
    text = request.values.get(name, "")
    try:
        return json.loads(text)
    except ValueError as exc:
        if name == "query":
            return text  # a single query may be a bare string
        raise Problem(400, "Bad Request", f"'{name}' is not JSON: {exc}") from None


def _json_body() -> object:
    try:
        return json.loads(request.get_data(cache=True) or b"null")
    except ValueError as exc:
        raise Problem(400, "Bad Request", f"the request body is not JSON: {exc}") from None


def _cursor() -> int:
    text = request.args.get("cursor", "0")
    if not text.isdigit():
        raise bad("cursor", f"a whole number of suggestions to skip (got {text!r})")
    return int(text)


def _page(items: list[dict]) -> dict:
    start = _cursor()
    return {"result": items[start : start + SUGGESTIONS]}


def _starts(prefix: str, *names: str) -> bool:
    """Whether a name, or a word of it, starts with ``prefix``, in any script ('Tav' starts 'Тавриз')."""
    folded = latin(prefix).casefold()
    forms = (latin(name).casefold() for name in names)
    return any(word.startswith(folded) for form in forms for word in [form, *form.split()])


def reconcile_blueprint(reader: SnapshotReader, base: str) -> Blueprint:
    blueprint = Blueprint("reconcile", __name__)
    iris = Iris(base)

    def matcher() -> Matcher:
        return Matcher(name_index(reader.store(), iris), iris)

    def answer(body: object, jsonp: bool = False) -> Response:
        text = json.dumps(body, ensure_ascii=False)
        callback = request.values.get("callback") if jsonp else None
        if callback:
            if not CALLBACK.match(callback):
                raise Problem(400, "Bad Request", "'callback' must be a JavaScript identifier")
            return Response(f"{callback}({text});", mimetype="application/javascript")
        return Response(text, mimetype="application/json")

    def v02_batch(queries: object) -> dict:
        if not isinstance(queries, dict) or len(queries) > MAX_QUERIES:
            raise Problem(400, "Bad Request", f"'queries' must be a JSON object of at most {MAX_QUERIES} queries")
        found = matcher()
        return {key: {"result": found.candidates(read_v02(q, f"queries['{key}']"))} for key, q in queries.items()}

    def v1_batch(body: object) -> dict:
        queries = body.get("queries") if isinstance(body, dict) else None
        if not isinstance(queries, list) or not 1 <= len(queries) <= MAX_QUERIES:
            raise Problem(
                400,
                "Bad Request",
                'a reconciliation query batch is {"queries": [...]}, a list of 1 to '
                f"{MAX_QUERIES} queries (the 1.0 draft; or send v0.2's queries=... as a form)",
            )
        found = matcher()
        parsed: list[Query] = [read_v1(q, f"queries[{n}]") for n, q in enumerate(queries)]
        return {"results": [{"candidates": found.candidates(q)} for q in parsed]}

    def root() -> str:
        return public_root().rstrip("/")

    def manifest_v02() -> dict:
        suggest = {
            kind: {"service_url": root(), "service_path": f"{V02}/suggest/{kind}"}
            for kind in ("entity", "type", "property")
        }
        return {
            "versions": ["0.1", "0.2"],
            "name": SERVICE_NAME,
            "identifierSpace": iris.entity_of_id(""),
            "schemaSpace": CRM,
            "defaultTypes": [{"id": type_id, "name": name} for type_id, (_, name) in TYPES.items()],
            "view": {"url": iris.entity_of_id("{{id}}")},
            "preview": {"url": root() + V02 + "/preview?id={{id}}", "width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
            "suggest": suggest,
        }

    @blueprint.route(V02, methods=["GET", "POST"])
    def reconcile() -> Response:
        if request.method == "POST" and request.mimetype == "application/json":
            body = _json_body()
            if isinstance(body, dict) and isinstance(body.get("queries"), dict):
                return answer(v02_batch(body["queries"]))
            return answer(v1_batch(body))
        if "queries" in request.values:
            return answer(v02_batch(_json_parameter("queries")), jsonp=True)
        if "query" in request.values:
            query = read_v02(_json_parameter("query"), "query")
            return answer({"result": matcher().candidates(query)}, jsonp=True)
        if request.method == "POST":
            raise Problem(
                400,
                "Bad Request",
                "nothing to reconcile: POST 'queries' (v0.2, form-encoded) or a JSON query batch "
                '{"queries": [...]} (1.0 draft); GET without parameters gives the manifest',
            )
        return answer(manifest_v02(), jsonp=True)

    @blueprint.route(V1, methods=["GET"])
    def manifest_v1() -> Response:
        return answer(
            {
                "versions": ["1.0-draft"],
                "name": SERVICE_NAME,
                "defaultTypes": [{"id": type_id, "name": name} for type_id, (_, name) in TYPES.items()],
                "view": {"url": iris.entity_of_id("{+id}")},
                "preview": {"width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
                "suggest": {"entity": True, "type": True, "property": True},
                "batchSize": MAX_QUERIES,
                "standardizedScore": True,
            }
        )

    def reconcile_v1() -> Response:
        if request.mimetype != "application/json":
            raise Problem(
                415, "Unsupported Media Type", "POST a reconciliation query batch as application/json (1.0 draft)"
            )
        return answer(v1_batch(_json_body()))

    def suggest(kind: str) -> Response:
        prefix = request.args.get("prefix", "").strip()
        if kind == "type":
            items = [
                {"id": type_id, "name": name}
                for type_id, (word, name) in TYPES.items()
                if not prefix or _starts(prefix, type_id, name, word)
            ]
        elif kind == "property":
            items = [
                {"id": p.id, "name": p.name, "description": p.description}
                for p in PROPERTIES.values()
                if not prefix or _starts(prefix, p.id, p.name)
            ]
        else:
            items = [_suggested(e) for e in suggest_entities(prefix, request.args.get("type"))]
        return answer(_page(items), jsonp=True)

    def suggest_entities(prefix: str, type_value: str | None) -> list[Entity]:
        index = name_index(reader.store(), iris)
        types = read_types(type_value, "type") if type_value else frozenset()
        pool = [e for e in index.entities.values() if not types or e.type_id in types]
        if not prefix:
            return sorted(pool, key=lambda e: e.id)
        if prefix in index.entities and index.entities[prefix] in pool:  # an id given as prefix
            return [index.entities[prefix]]
        starting = sorted((e for e in pool if _starts(prefix, *e.names)), key=lambda e: (e.name, e.id))
        alike = [e for e, _ in index.match(prefix, set(types) or None) if e not in starting]
        return starting + alike

    def _suggested(entity: Entity) -> dict:
        return {
            "id": entity.id,
            "name": entity.name,
            "description": entity.summary(),
            "notable": [{"id": entity.type_id, "name": TYPES[entity.type_id][1]}],
        }

    def preview() -> Response:
        entity = name_index(reader.store(), iris).entities.get(request.args.get("id", ""))
        if entity is None:
            raise Problem(404, "Not Found", f"no person, group or place '{request.args.get('id', '')}'")
        return Response(preview_html(entity, iris), mimetype="text/html")

    for endpoint in (V02, V1):
        name = "v1" if endpoint == V1 else "v02"
        blueprint.add_url_rule(endpoint + "/reconcile", f"reconcile_{name}", reconcile_v1, methods=["POST"])
        blueprint.add_url_rule(endpoint + "/suggest/<any(entity, type, property):kind>", f"suggest_{name}", suggest)
        blueprint.add_url_rule(endpoint + "/preview", f"preview_{name}", preview)
    return blueprint


def preview_html(entity: Entity, iris: Iris) -> str:
    """A card of exactly the declared size: name and kind, other names, documents and Wikidata; long lines are cut
    with an ellipsis, never scrolled or wrapped out of the box."""
    line = "white-space: nowrap; overflow: hidden; text-overflow: ellipsis; margin: 0 0 6px"
    names = ", ".join(escape(n) for n in entity.other_names(most=8))
    same = " ".join(f'<a href="{escape(s)}" target="_blank">{escape(s.rsplit("/", 1)[-1])}</a>' for s in entity.same)
    count = len(entity.documents)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>'
        f"{escape(entity.name)}</title></head>"
        f'<body style="margin: 0"><div style="box-sizing: border-box; width: {PREVIEW_WIDTH}px; '
        f'height: {PREVIEW_HEIGHT}px; overflow: hidden; padding: 8px; font: 14px/1.3 sans-serif">'
        f'<p style="{line}"><strong><a href="{escape(iris.entity_of_id(entity.id))}" target="_blank">'
        f"{escape(entity.name)}</a></strong> ({TYPES[entity.type_id][1].lower()})</p>"
        f'<p style="{line}">{names}</p>'
        f'<p style="{line}">named in {count} document{"s" if count != 1 else ""}'
        f"{'; Wikidata: ' + same if same else ''}</p></div></body></html>"
    )
