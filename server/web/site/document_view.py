"""The document page's data: metadata, the texts side by side with their annotations, events, the archival
reference with its holding hierarchy, and the source link. Everything comes from the document's graph and the
labels of what it names, so new kinds of annotation or event show up without changes here."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from ontology.namespaces import CRM, DCTERMS, DV, OA, RDF
from server.store.lookup import Lookup, Term
from server.web.site.activities import Activity, Link, activity, in_role, link
from server.web.site.text_view import Row, Span, render_text, side_by_side, single


@dataclass
class TextPart:
    """A short text about the document (title, summary, citation, credits, identifier) with its annotations."""

    label: str
    html: object
    language: str = ""


@dataclass
class DocumentView:
    iri: str
    label: str
    title: TextPart | None
    types: list[Link]
    date: str
    senders: list[Link]
    addressees: list[Link]
    sent_from: list[Link]
    sent_to: list[Link]
    language: list[Link]
    left_language: str
    right_language: str
    rows: list[Row]
    parts: list[TextPart]
    identifiers: list[TextPart]
    activities: list[Activity]
    events: list[Activity]
    mentions: dict[str, list[Link]]
    holdings: list[Link]
    carrier: str
    sources: list[str]
    translations: list[Link] = field(default_factory=list)
    marks: dict[str, int] = field(default_factory=dict)

    @property
    def undated(self) -> list[Activity]:
        """The events the text gives no date for (a plan without an intended date among them)."""
        return [e for e in self.events if not e.when]

    date_statements: list[str] = field(default_factory=list)  # where the page's and the text's dates disagree


def _date_statements(look: Lookup, doc: NamedNode) -> list[str]:
    """The notes of the attributed dates of the document's creation (``document._date_conflicts``)."""
    creation = look.object(doc, CRM.P94i_was_created_by)
    if not isinstance(creation, NamedNode):
        return []
    notes = []
    for statement in look.subjects(CRM.P140_assigned_attribute_to, creation):
        if isinstance(statement, NamedNode):
            notes += [note.value for note in look.objects(statement, CRM.P3_has_note) if isinstance(note, Literal)]
    return sorted(notes)


def annotation_spans(look: Lookup, graph: NamedNode) -> dict[str, list[Span]]:
    """Source IRI -> the spans of every annotation in ``graph`` that has a text position."""
    spans: dict[str, list[Span]] = {}
    annotations = [q.subject for q in look.store.quads_for_pattern(None, RDF.type, OA.Annotation, graph)]
    event_numbers: dict[str, int] = {}
    for annotation in sorted(annotations, key=lambda a: _natural(a.value)):
        motivations = {m.value for m in look.objects(annotation, OA.motivatedBy)}
        bodies = [b for b in look.objects(annotation, OA.hasBody) if isinstance(b, NamedNode)]
        for target in look.objects(annotation, OA.hasTarget):
            source = look.object(target, OA.hasSource)
            if not isinstance(source, NamedNode):
                continue
            for selector in look.objects(target, OA.hasSelector):
                start, end = look.value(selector, OA.start), look.value(selector, OA.end)
                if start is None or end is None or not (start.isdigit() and end.isdigit()):
                    continue
                for body in bodies or [None]:
                    spans.setdefault(source.value, []).append(
                        _span(look, int(start), int(end), motivations, body, event_numbers)
                    )
    return spans


def _span(
    look: Lookup, start: int, end: int, motivations: set[str], body: NamedNode | None, event_numbers: dict[str, int]
) -> Span:
    if OA.identifying.value in motivations and body is not None:
        kind = look.kind(body)
        return Span(start, end, "mention", look.url(body), f"{look.label(body)} ({kind})", f"mention-{kind}")
    if OA.describing.value in motivations and body is not None:
        tail = body.value.rsplit("/", 1)[-1]
        number = int(tail) if tail.isdigit() else event_numbers.setdefault(body.value, len(event_numbers) + 1)
        return Span(
            start, end, "event", look.url(body), f"Event {number}: {look.label(body)}", "event-ref", f"[{number}]"
        )
    name = body.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower() if body is not None else "note"
    title = look.label(body) if body is not None else "annotation"
    return Span(start, end, "mark", None, title, f"mark-{name}")


def _natural(iri: str) -> tuple:
    tail = iri.rsplit("/", 1)[-1]
    return (len(tail), tail) if tail.isdigit() else (99, tail)


def _text_part(look: Lookup, node: NamedNode, spans: dict[str, list[Span]]) -> TextPart | None:
    content = look.text(node)
    if content is None:
        return None
    types = [look.label(t) for t in look.objects(node, CRM.P2_has_type)]
    label = types[0] if types else look.label(node)
    return TextPart(label, render_text(content.value, spans.get(node.value, [])), content.language or "")


def holding_chain(look: Lookup, start: NamedNode) -> list[Link]:
    """The holding and the levels above it, top first; the keeper of the top level first of all."""
    chain: list[Link] = []
    node: NamedNode | None = start
    seen: set[str] = set()
    while isinstance(node, NamedNode) and node.value not in seen:
        seen.add(node.value)
        chain.append(link(look, node))
        parent = look.object(node, CRM.P46i_forms_part_of)
        if not isinstance(parent, NamedNode):
            keeper = look.object(node, CRM.P50_has_current_keeper)
            if isinstance(keeper, NamedNode):
                chain.append(link(look, keeper, "keeper"))
        node = parent if isinstance(parent, NamedNode) else None
    return chain[::-1]


def _links(look: Lookup, terms: list) -> list[Link]:
    return [link(look, t) for t in look.sorted_by_label(t for t in terms if isinstance(t, NamedNode))]


def _in_printed_order(look: Lookup, terms: list[Term], activity: Term | None, role: NamedNode) -> list[Link]:
    """``terms`` (a ``dv:`` shortcut's values) in the order the source names them (the role nodes' ``dv:position``
    on ``activity``), the rest after them by label."""
    printed = in_role(look, activity, role) if isinstance(activity, NamedNode) else []
    order = {actor.value: n for n, actor in enumerate(printed)}
    named = look.sorted_by_label(t for t in terms if isinstance(t, NamedNode))
    return [link(look, t) for t in sorted(named, key=lambda t: order.get(t.value, len(order)))]


def _receipt(look: Lookup, doc: NamedNode) -> NamedNode | None:
    for used in look.objects(doc, CRM.P16i_was_used_for):
        if isinstance(used, NamedNode) and DV.Receipt in look.objects(used, CRM.P2_has_type):
            return used
    return None


def document_view(look: Lookup, doc: NamedNode, graph: NamedNode) -> DocumentView:
    spans = annotation_spans(look, graph)
    titles = [t for t in look.objects(doc, CRM.P102_has_title) if isinstance(t, NamedNode)]
    title = _text_part(look, titles[0], spans) if titles else None
    original = look.text(doc)
    translations = [t for t in look.objects(doc, CRM.P73_has_translation) if isinstance(t, NamedNode)]
    translations.sort(key=lambda t: (not t.value.endswith("/en"), t.value))
    translated = look.text(translations[0]) if translations else None
    rows: list[Row]
    if original is not None and translated is not None:
        rows = side_by_side(
            original.value, spans.get(doc.value, []), translated.value, spans.get(translations[0].value, [])
        )
    elif original is not None or translated is not None:
        only = original if original is not None else translated
        source = doc if original is not None else translations[0]
        rows = single(only.value, spans.get(source.value, []))
    else:
        rows = []
    parts = [
        p
        for p in (
            _text_part(look, n, spans)
            for n in look.objects(doc, CRM.P67i_is_referred_to_by)
            if isinstance(n, NamedNode)
        )
        if p is not None
    ]
    identifiers = [
        p
        for p in (
            _text_part(look, n, spans) for n in look.objects(doc, CRM.P1_is_identified_by) if isinstance(n, NamedNode)
        )
        if p is not None
    ]
    activity_nodes = look.objects(doc, CRM.P94i_was_created_by) + look.objects(doc, CRM.P16i_was_used_for)
    activities = [activity(look, a) for a in activity_nodes if isinstance(a, NamedNode)]
    for translation in translations:
        activities += [
            activity(look, a) for a in look.objects(translation, CRM.P94i_was_created_by) if isinstance(a, NamedNode)
        ]
    events = [
        activity(look, e)
        for e in sorted(
            (
                e
                for e in dict.fromkeys(
                    look.objects(doc, CRM.P70_documents) + look.subjects(CRM.P70i_is_documented_in, doc)
                )
                if isinstance(e, NamedNode)
            ),
            key=lambda e: _natural(e.value),
        )
    ]
    mentions: dict[str, list[Link]] = {}
    for entity in look.sorted_by_label(look.objects(doc, CRM.P67_refers_to)):
        if isinstance(entity, NamedNode):
            item = link(look, entity)
            mentions.setdefault(item.kind, []).append(item)
    carriers = [c for c in look.objects(doc, CRM.P128i_is_carried_by) if isinstance(c, NamedNode)]
    holdings: list[Link] = []
    carrier = ""
    if carriers:
        carrier = look.label(carriers[0])
        holding = look.object(carriers[0], CRM.P46i_forms_part_of)
        if isinstance(holding, NamedNode):
            holdings = holding_chain(look, holding)
    marks: dict[str, int] = {}
    for source_spans in spans.values():
        for span in source_spans:
            if span.kind == "mark":
                marks[span.title] = marks.get(span.title, 0) + 1
    return DocumentView(
        iri=doc.value,
        label=look.label(doc),
        title=title,
        types=_links(look, look.objects(doc, CRM.P2_has_type)),
        date=look.value(doc, DV.date) or "",
        date_statements=_date_statements(look, doc),
        senders=_in_printed_order(
            look, look.objects(doc, DV.sender), look.object(doc, CRM.P94i_was_created_by), DV.Sender
        ),
        addressees=_in_printed_order(look, look.objects(doc, DV.addressee), _receipt(look, doc), DV.Addressee),
        sent_from=_links(look, look.objects(doc, DV.sentFrom)),
        sent_to=_links(look, look.objects(doc, DV.sentTo)),
        language=_links(look, look.objects(doc, CRM.P72_has_language)),
        left_language=(original.language or "") if original is not None else "",
        right_language=(translated.language or "") if translated is not None else "",
        rows=rows,
        parts=parts,
        identifiers=identifiers,
        activities=activities,
        events=events,
        mentions=mentions,
        holdings=holdings,
        carrier=carrier,
        sources=[s.value for s in look.objects(doc, DCTERMS.source) if not isinstance(s, Literal)],
        translations=[
            Link(
                " ".join(look.label(lang) for lang in look.objects(t, CRM.P72_has_language)) + " translation",
                look.url(t),
                "translation",
            )
            for t in translations
        ],
        marks=marks,
    )
