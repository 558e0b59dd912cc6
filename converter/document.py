"""ParsedExport -> the document's named graph and its contribution to ``graph/entities`` (MODEL.md, "A document",
"Who, where, when", "Mentions", "Archive"). This is where the document layer's triples are made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad, Triple

from ontology.iris import Iris
from ontology.namespaces import CRM, DCTERMS, DV, OA, RDFS, XSD, A, integer, text, typed

from .actors import NameRef, Resolved, name_refs
from .authority import Authority
from .dates import DateValue
from .entities import describe, describe_holdings, describe_language, entity_iri
from .event_triples import EVENT_ROLE_CONCEPTS, emit_events, entity_mentions
from .events import read_events
from .export_md import ParsedExport, TextPart
from .mentions import find_mentions, printed_forms, resolve_mentions
from .titles import document_type

ROLE_CONCEPTS = {"sender": DV.Sender, "addressee": DV.Addressee, "translator": DV.Translator,
                 "contributor": DV.Contributor, "funder": DV.Funder, "transcriber": DV.Transcriber,
                 **EVENT_ROLE_CONCEPTS}  # attacker, requester, commander: roles in narrated events
NON_TEXT_ROLES = {"translator", "contributor", "funder", "transcriber"}  # named in the metadata, not in the text


@dataclass
class ConvertedDocument:
    record_id: str
    source: str
    graph: NamedNode
    quads: list[Quad]
    entity_triples: list[Triple]
    entities: list[Resolved] = field(default_factory=list)


class _Builder:
    def __init__(self, iris: Iris, record: str) -> None:
        self.iris = iris
        self.record = record
        self.graph = iris.document_graph(record)
        self.quads: list[Quad] = []
        self.shared: list[Triple] = []
        self.annotations = 0

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.quads.append(Quad(s, p, o, self.graph))

    def part(self, name: str) -> NamedNode:
        return self.iris.document_part(self.record, name)

    def time_span(self, owner: NamedNode, date: DateValue) -> NamedNode:
        span = NamedNode(owner.value + "/time-span")
        self.add(owner, CRM.term("P4_has_time-span"), span)
        return self.span_node(span, date)

    def span_node(self, span: NamedNode, date: DateValue) -> NamedNode:
        """A crm:E52_Time-Span covering ``date``, labelled with the date as printed."""
        self.add(span, A, CRM.term("E52_Time-Span"))
        self.add(span, CRM.P82a_begin_of_the_begin, typed(date.begin_datetime, XSD.dateTime))
        self.add(span, CRM.P82b_end_of_the_end, typed(date.end_datetime, XSD.dateTime))
        self.add(span, RDFS.label, text(date.label))
        return span

    def roles(self, activity: NamedNode, actors: list[NamedNode], role: NamedNode) -> None:
        for actor in actors:
            self.add(activity, CRM.P14_carried_out_by, actor)
            node = NamedNode(f"{activity.value}/role/{role.value.rsplit('#', 1)[-1].lower()}-"
                             f"{actor.value.rsplit('/', 1)[-1]}")
            self.add(activity, CRM.P01i_is_domain_of, node)
            self.add(node, A, CRM.PC14_carried_out_by)
            self.add(node, CRM.P02_has_range, actor)
            self.add(node, CRM.term("P14.1_in_the_role_of"), role)

    def annotate(self, body: NamedNode, source: NamedNode, start: int, end: int, exact: str,
                 motivation: NamedNode = OA.identifying) -> NamedNode:
        self.annotations += 1
        number = self.annotations
        annotation = self.iris.annotation(self.record, number)
        target = self.iris.annotation(self.record, number, "target")
        position = self.iris.annotation(self.record, number, "position")
        quote = self.iris.annotation(self.record, number, "quote")
        self.add(annotation, A, OA.Annotation)
        self.add(annotation, OA.motivatedBy, motivation)
        self.add(annotation, OA.hasBody, body)
        self.add(annotation, OA.hasTarget, target)
        self.add(target, OA.hasSource, source)
        self.add(target, OA.hasSelector, position)
        self.add(target, OA.hasSelector, quote)
        self.add(position, A, OA.TextPositionSelector)
        self.add(position, OA.start, integer(start))
        self.add(position, OA.end, integer(end))
        self.add(quote, A, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(exact))
        return annotation


def _text_node(builder: _Builder, part_name: str, text_type: NamedNode, content: str, lang: str | None) -> NamedNode:
    node = builder.part(part_name)
    builder.add(node, A, CRM.E33_Linguistic_Object)
    builder.add(node, CRM.P2_has_type, text_type)
    builder.add(node, CRM.P190_has_symbolic_content, text(content, lang))
    return node


def convert_parsed(parsed: ParsedExport, authority: Authority, iris: Iris, extract: bool = True) -> ConvertedDocument:
    """The document's graph and its entity contribution. ``extract=False`` leaves out what is read from the running
    texts (mentions, narrated events): the document layer alone, for measuring what extraction costs."""
    record = parsed.record_id
    b = _Builder(iris, record)
    doc = iris.document(record)

    # the document itself: types, label, title, identifiers, language, transcript
    b.add(doc, A, CRM.E31_Document)
    b.add(doc, A, CRM.E33_Linguistic_Object)
    b.add(doc, RDFS.label, text(parsed.title, "en"))
    b.add(doc, CRM.P2_has_type, DV.term(document_type(parsed.title)[0]))
    title = b.part("title")
    b.add(doc, CRM.P102_has_title, title)
    b.add(title, A, CRM.E35_Title)
    b.add(title, CRM.P190_has_symbolic_content, text(parsed.title, "en"))
    record_identifier = b.part("identifier/record")
    b.add(doc, CRM.P1_is_identified_by, record_identifier)
    b.add(record_identifier, A, CRM.E42_Identifier)
    b.add(record_identifier, CRM.P2_has_type, DV.RecordID)
    b.add(record_identifier, CRM.P190_has_symbolic_content, Literal(record))
    if parsed.original_language:
        b.add(doc, CRM.P72_has_language, iris.language(parsed.original_language))
        b.shared += describe_language(iris, parsed.original_language)
    sources: dict[str, NamedNode] = {"title": title}
    original = parsed.original
    if original:
        b.add(doc, CRM.P190_has_symbolic_content, text(original.text, original.language))
        sources[original.language] = doc

    # translations and their translating
    translations: list[tuple[TextPart, NamedNode]] = []
    for part in parsed.translations:
        node = iris.translation(record, part.language)
        b.add(doc, CRM.P73_has_translation, node)
        b.add(node, A, CRM.E33_Linguistic_Object)
        b.add(node, CRM.P2_has_type, DV.Translation)
        b.add(node, CRM.P72_has_language, iris.language(part.language))
        b.add(node, CRM.P190_has_symbolic_content, text(part.text, part.language))
        b.shared += describe_language(iris, part.language)
        sources[part.language] = node
        translations.append((part, node))

    # texts about the document
    if parsed.summary:
        b.add(doc, CRM.P67i_is_referred_to_by, _text_node(b, "summary", DV.Summary, parsed.summary, "en"))
    if parsed.citation:
        citation = _text_node(b, "citation", DV.Citation, parsed.citation.text, "en")
        b.add(doc, CRM.P67i_is_referred_to_by, citation)
        sources["citation"] = citation
        if parsed.citation.url:
            b.add(doc, DCTERMS.source, NamedNode(parsed.citation.url))
    if parsed.credits:
        credits = _text_node(b, "credits", DV.Credits, parsed.credits, "en")
        b.add(doc, CRM.P67i_is_referred_to_by, credits)
        sources["credits"] = credits

    # who and where: entities named in the metadata and the texts' opening and closing lines, and every mention
    # inside the running texts (role 'mentioned'), resolved together: one entity per real-world thing
    metadata_refs = name_refs(parsed, authority)
    in_texts = find_mentions(parsed, authority, metadata_refs) if extract else []
    resolved = resolve_mentions(metadata_refs, in_texts, authority)
    by_role: dict[str, list[NamedNode]] = {}
    for entity in resolved:
        node = entity_iri(iris, entity.entry)
        b.shared += describe(iris, entity.entry, authority, printed_forms(entity))
        for role in dict.fromkeys(ref.role for ref in entity.refs):
            by_role.setdefault(role, []).append(node)
        _mentions(b, node, entity.refs, sources, doc)

    senders, addressees = by_role.get("sender", []), by_role.get("addressee", [])
    sent_from, sent_to = by_role.get("sent-from", [])[:1], by_role.get("sent-to", [])[:1]
    date = parsed.date or next((p.structure.from_date for p in parsed.parts if p.structure.from_date), None)

    creation = b.part("creation")
    b.add(doc, CRM.P94i_was_created_by, creation)
    b.add(creation, A, CRM.E65_Creation)
    b.roles(creation, senders, DV.Sender)
    for place in sent_from:
        b.add(creation, CRM.P7_took_place_at, place)
    if date:
        b.time_span(creation, date)
        value, datatype = date.xsd_value
        b.add(doc, DV.date, typed(value, XSD.term(datatype)))

    receipt_part = next((p for p in [original, *parsed.translations] if p and p.structure.receipt), None)
    if receipt_part or addressees or sent_to:
        receipt = b.part("receipt")
        b.add(doc, CRM.P16i_was_used_for, receipt)
        b.add(receipt, A, CRM.E7_Activity)
        b.add(receipt, CRM.P2_has_type, DV.Receipt)
        b.roles(receipt, addressees, DV.Addressee)
        for place in sent_to:
            b.add(receipt, CRM.P7_took_place_at, place)
        for text_part in [original, *parsed.translations]:
            if text_part and text_part.structure.receipt:
                b.add(receipt, CRM.P3_has_note, text(text_part.structure.receipt.text, text_part.language))
        if receipt_part and receipt_part.structure.receipt_date:
            b.time_span(receipt, receipt_part.structure.receipt_date)

    if translations:
        translating = b.part("translating")
        b.add(translating, A, CRM.E65_Creation)
        b.add(translating, CRM.P2_has_type, DV.Translating)
        b.roles(translating, by_role.get("translator", []), DV.Translator)
        for _, node in translations:
            b.add(node, CRM.P94i_was_created_by, translating)

    if by_role.get("contributor") or by_role.get("funder") or by_role.get("transcriber"):
        publication = b.part("publication")
        b.add(doc, CRM.P16i_was_used_for, publication)
        b.add(publication, A, CRM.E7_Activity)
        b.add(publication, CRM.P2_has_type, DV.Publication)
        b.roles(publication, by_role.get("contributor", []), DV.Contributor)
        b.roles(publication, by_role.get("funder", []), DV.Funder)
        b.roles(publication, by_role.get("transcriber", []), DV.Transcriber)

    for predicate, nodes in ((DV.sender, senders), (DV.addressee, addressees), (DV.sentFrom, sent_from),
                             (DV.sentTo, sent_to)):
        for node in nodes:
            b.add(doc, predicate, node)

    # the archive: identifier, carrier, holdings
    reference = parsed.citation.reference if parsed.citation else None
    if reference:
        identifier = b.part("identifier/archival-reference")
        b.add(doc, CRM.P1_is_identified_by, identifier)
        b.add(identifier, A, CRM.E42_Identifier)
        b.add(identifier, CRM.P2_has_type, DV.ArchivalReference)
        b.add(identifier, CRM.P190_has_symbolic_content, Literal(reference.text))
        holding, holding_triples = describe_holdings(iris, reference, authority)
        b.shared += holding_triples
        carrier = b.part("carrier")
        b.add(doc, CRM.P128i_is_carried_by, carrier)
        b.add(carrier, A, CRM.term("E22_Human-Made_Object"))
        b.add(carrier, RDFS.label, text(reference.leaves or reference.text))
        if holding:
            b.add(carrier, CRM.P46i_forms_part_of, holding)

    # editorial marks and page markers, recognised where they stand
    for text_part in [original, *parsed.translations]:
        if text_part:
            for mark in text_part.structure.marks:
                b.annotate(DV.term(mark.kind), sources[text_part.language], mark.span.start, mark.span.end,
                           mark.span.text, OA.commenting)

    # narrated events: what the texts report, where, when, who took part, and how the document knows it
    if extract:
        event_mentions, event_addressees = entity_mentions(resolved, iris)
        reading = read_events(parsed, authority, event_mentions, event_addressees)
        emit_events(b, doc, reading, sources, {part.language: part.text for part in parsed.parts})

    return ConvertedDocument(record, parsed.source, b.graph, b.quads, b.shared, resolved)


def _mentions(b: _Builder, entity: NamedNode, refs: list[NameRef], sources: dict[str, NamedNode],
              doc: NamedNode) -> None:
    """An annotation per printed name; ``P67_refers_to`` from the text that mentions the entity."""
    referring: list[NamedNode] = []
    for ref in refs:
        source = sources.get(ref.source)
        if source is None:
            continue
        b.annotate(entity, source, ref.start, ref.end, ref.text)
        if ref.role in NON_TEXT_ROLES:
            continue
        referrer = doc if source.value.rsplit("/", 1)[-1] in {"title", doc.value.rsplit("/", 1)[-1]} else source
        if referrer not in referring:
            referring.append(referrer)
    for referrer in referring:
        b.add(referrer, CRM.P67_refers_to, entity)
