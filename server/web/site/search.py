"""Search over titles, names and texts: an SQLite FTS5 index (Unicode case folding, so СТАЛИНУ matches сталин*)
made from the snapshot the first time someone searches, kept as ``STORE/search/{snapshot}.sqlite`` and shared by
the server's workers (made under a file lock, written to a temporary name and moved into place). Words match as
prefixes, so a Russian stem finds its inflected forms."""

from __future__ import annotations

import fcntl
import json
import os
import re
import sqlite3
import tempfile
from pathlib import Path

from flask import Blueprint, render_template, request
from markupsafe import Markup, escape
from pyoxigraph import Literal, NamedNode

from ontology.namespaces import CRM, DV, RDF
from server.store.lookup import Lookup
from server.store.store import UNION
from server.web.problems import Problem
from server.web.site.browse import PREFIXES
from server.web.site.context import site
from server.web.site.name_index import Entity, name_index
from server.web.site.pages import ui_link
from server.web.site.remote_search import Hit, label_search
from server.web.site.text_view import without_page_markers

bp = Blueprint("search", __name__)
FOLDER = "search"
MAX_QUERY = 200
LIMIT = 50
WORD = re.compile(r"\w+", re.UNICODE)
SCHEMA = """CREATE VIRTUAL TABLE things USING fts5(iri UNINDEXED, kind UNINDEXED, date UNINDEXED, title, names, body,
            tokenize = 'unicode61 remove_diacritics 2');"""
ENTITY_CLASSES = (CRM.E21_Person, CRM.E74_Group, CRM.E53_Place)


def _rows(look: Lookup):
    """(iri, kind, date, title, names, body) for every document and entity."""
    for quad in look.store.quads_for_pattern(None, RDF.type, CRM.E31_Document, UNION):
        doc = quad.subject
        if not isinstance(doc, NamedNode):
            continue
        texts = [look.text(doc)]
        texts += [look.text(t) for t in look.objects(doc, CRM.P73_has_translation) if isinstance(t, NamedNode)]
        texts += [look.text(t) for t in look.objects(doc, CRM.P67i_is_referred_to_by) if isinstance(t, NamedNode)]
        names = [look.label(e) for e in look.objects(doc, CRM.P67_refers_to)]
        yield (
            doc.value,
            "document",
            look.value(doc, DV.date) or "",
            look.label(doc),
            " ".join(names),
            without_page_markers("\n\n".join(t.value for t in texts if isinstance(t, Literal))),
        )
    for entity_class in ENTITY_CLASSES:
        for quad in look.store.quads_for_pattern(None, RDF.type, entity_class, UNION):
            entity = quad.subject
            if not isinstance(entity, NamedNode):
                continue
            forms = [
                look.value(a, CRM.P190_has_symbolic_content) or ""
                for a in look.objects(entity, CRM.P1_is_identified_by)
                if isinstance(a, NamedNode)
            ]
            names = " ".join([*look.labels(entity).values(), *forms])
            yield entity.value, look.kind(entity), "", look.label(entity), names, ""


def index_path() -> Path:
    """The index of the current snapshot, made now if it is not there yet."""
    current = site()
    name = current.stamp().snapshot.replace("@", "-")
    folder = current.folder / FOLDER
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir()) / f"depesha-search-{os.getuid()}"
        folder.mkdir(exist_ok=True)
    path = folder / f"{name}.sqlite"
    if path.exists():
        return path
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            temporary = folder / f".{name}.{os.getpid()}.sqlite"
            db = sqlite3.connect(temporary)
            db.executescript(SCHEMA)
            db.executemany("INSERT INTO things VALUES (?, ?, ?, ?, ?, ?)", _rows(current.lookup()))
            db.commit()
            db.close()
            os.replace(temporary, path)
            for old in folder.glob("*.sqlite"):
                if old != path:
                    old.unlink(missing_ok=True)
    return path


def match_expression(text: str) -> str:
    words = WORD.findall(text)
    return " AND ".join(f'"{w}"*' for w in words[:12])


def search(text: str) -> tuple[list[Hit], list[Hit]]:
    """People, groups and places (by name, forgiving spelling and transliteration, as reconciliation does; then any
    the full-text index finds by a word's beginning), and documents (by their words; then those naming the people,
    groups and places found by name, so that 'Tavriz' finds the documents naming Tabriz)."""
    expression = match_expression(text)
    if not expression:
        return [], []
    if site().folder is None:  # pages over a remote endpoint: no index file, labels and names searched by SPARQL
        entities, documents = label_search(site().lookup(), WORD.findall(text), LIMIT)
    else:
        entities, documents = full_text_search(expression)
    alike = [entity for entity, _ in name_index(site().store(), site().iris).match(text, limit=LIMIT)]
    return named_entities(alike, entities), (documents + naming_documents(alike, documents))[:LIMIT]


def named_entities(alike: list[Entity], found: list[Hit]) -> list[Hit]:
    """The entities whose names are alike the text (``server/web/site/name_index.py``), best first, then the others
    found, each with its name, kind and a readable line (other names, documents) rather than the index's text."""
    look = site().lookup()
    hits = {look.url(e.iri): Hit(look.url(e.iri), e.kind, "", e.name, Markup(escape(e.summary(False)))) for e in alike}
    for hit in found:
        if hit.iri not in hits:
            hits[hit.iri] = hit
    return list(hits.values())[:LIMIT]


def naming_documents(alike: list[Entity], found: list[Hit]) -> list[Hit]:
    """The documents that name the entities found by name, unless the words found them already."""
    look = site().lookup()
    hits: dict[str, Hit] = {}
    seen = {hit.iri for hit in found}
    for entity in alike:
        for document in sorted(entity.documents):
            url = look.url(document)
            if url not in seen and url not in hits:
                node = NamedNode(document)
                line = Markup("names <mark>{}</mark>").format(entity.name)
                hits[url] = Hit(url, "document", look.value(node, DV.date) or "", look.label(node), line)
    return list(hits.values())


def full_text_search(expression: str) -> tuple[list[Hit], list[Hit]]:
    db = sqlite3.connect(f"file:{index_path()}?mode=ro", uri=True)
    try:
        rows = db.execute(
            """SELECT iri, kind, date, title, snippet(things, -1, '\x02', '\x03', ' … ', 24) FROM things
               WHERE things MATCH ? ORDER BY kind = 'document', bm25(things, 0, 0, 0, 10.0, 5.0, 1.0) LIMIT ?""",
            (expression, LIMIT * 2),
        ).fetchall()
    finally:
        db.close()
    look = site().lookup()
    index = name_index(site().store(), site().iris)
    entities, documents = [], []
    for iri, kind, date, title, snippet in rows:
        if kind != "document":
            entity = index.by_iri.get(iri)
            line = entity.summary(with_kind=False) if entity else ""
            entities.append(Hit(look.url(iri), kind, date, title, Markup(escape(line))))
            continue
        html = Markup(str(escape(snippet)).replace("\x02", "<mark>").replace("\x03", "</mark>"))
        documents.append(Hit(look.url(iri), kind, date, title, html))
    return entities[:LIMIT], documents[:LIMIT]


@bp.route("/search")
def search_page() -> str:
    text = request.args.get("q", "").strip()
    if len(text) > MAX_QUERY:
        raise Problem(400, "Bad Request", f"q is {len(text)} characters long; at most {MAX_QUERY} are searched")
    entities, documents = search(text) if text else ([], [])
    titles = (
        PREFIXES + "SELECT ?doc ?title WHERE {\n  ?doc a crm:E31_Document ; rdfs:label ?title .\n"
        f"  FILTER (CONTAINS(LCASE(?title), LCASE({json.dumps(text or 'telegram', ensure_ascii=False)})))\n}}"
    )
    return render_template(
        "search.html",
        q=text,
        entities=entities,
        documents=documents,
        title="Search",
        look=site().lookup(),
        iri=None,
        query=ui_link(titles, "Titles containing"),
    )
