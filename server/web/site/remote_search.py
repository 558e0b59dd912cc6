"""Search when the pages show a remote endpoint (``server/store/remote_store.py``): there is no store folder to keep the
full-text index in, so the words are looked for, as substrings and case-insensitively, in the labels of documents,
people, groups and places and in the names printed in the documents, with one SPARQL query. Texts are not searched."""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup, escape
from pyoxigraph import NamedNode

from ontology.namespaces import CRM, DV, RDFS
from server.store.lookup import Lookup

MAX_WORDS = 6
CLASSES = (CRM.E31_Document, CRM.E21_Person, CRM.E74_Group, CRM.E53_Place)


@dataclass
class Hit:
    """A search result, from the full-text index or from labels."""

    iri: str
    kind: str
    date: str
    title: str
    snippet: Markup


def marked(text: str, words: list[str]) -> Markup:
    """``text`` with each occurrence of the words in <mark>."""
    lowered = text.casefold()
    spans: list[tuple[int, int]] = []
    for word in words:
        start = lowered.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = lowered.find(word, start + len(word))
    html, position = Markup(""), 0
    for start, end in sorted(spans):
        if start < position:
            continue
        html += escape(text[position:start]) + Markup("<mark>") + escape(text[start:end]) + Markup("</mark>")
        position = end
    return html + escape(text[position:])


def label_search(look: Lookup, words: list[str], limit: int) -> tuple[list[Hit], list[Hit]]:
    """(entity hits, document hits) whose label or a printed name contains every word."""

    words = [w.casefold() for w in words[:MAX_WORDS]]
    filters = " && ".join(f"CONTAINS(LCASE(?name), {json.dumps(w, ensure_ascii=False)})" for w in words)
    rows = look.store.query(f"""SELECT ?thing ?name ?date WHERE {{
        VALUES ?class {{ {" ".join(f"<{c.value}>" for c in CLASSES)} }} ?thing a ?class .
        {{ ?thing <{RDFS.label.value}> ?name }} UNION
        {{ ?thing <{CRM.P1_is_identified_by.value}>/<{CRM.P190_has_symbolic_content.value}> ?name }}
        FILTER ({filters}) OPTIONAL {{ ?thing <{DV.date.value}> ?date }} }} LIMIT {limit * 10}""")
    entities, documents, seen = [], [], set()
    for row in rows:
        thing = row["thing"]
        if not isinstance(thing, NamedNode) or thing.value in seen:
            continue
        seen.add(thing.value)
        kind = look.kind(thing)
        hit = Hit(
            look.url(thing),
            kind,
            row["date"].value if row["date"] else "",
            look.label(thing),
            marked(row["name"].value, words),
        )
        (documents if kind == "document" else entities).append(hit)
    documents.sort(key=lambda h: (h.date or "9999", h.title))
    entities.sort(key=lambda h: h.title.casefold())
    return entities[:limit], documents[:limit]
