"""ParsedExport -> the document's named graph and its contribution to ``graph/entities`` (MODEL.md, "A document",
"Who, where, when", "Mentions", "Archive"). This is where the document layer's triples are made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad, Triple

from ontology.iris import Iris
from ontology.namespaces import CRM, DCTERMS, DV, OA, RDFS, XSD, A, text, typed

from .actors import NameRef, Resolved, name_refs
from .authority import Authority
from .entities import describe, describe_holdings, describe_language, entity_iri
from .errors import InputWarning
from .event_triples import EVENT_ROLE_CONCEPTS, emit_events, entity_mentions
from .events import read_events
from .export_md import ParsedExport
from .graph_builder import GraphBuilder
from .identity import scoped
from .mentions import Mention, find_mentions, overlaps, printed_forms, resolve_mentions
from .titles import document_type

ROLE_CONCEPTS = {
    "sender": DV.Sender,
    "addressee": DV.Addressee,
    "translator": DV.Translator,
    "contributor": DV.Contributor,
    "funder": DV.Funder,
    "transcriber": DV.Transcriber,
    "archivist": DV.Archivist,
    **EVENT_ROLE_CONCEPTS,
}  # attacker, requester, commander: roles in narrated events
NON_TEXT_ROLES = {"translator", "contributor", "funder", "transcriber"}  # named in the metadata, not in the text


@dataclass
class ConvertedDocument:
    record_id: str
    source: str
    graph: NamedNode
    quads: list[Quad]
    entity_triples: list[Triple]
    entities: list[Resolved] = field(default_factory=list)
    warnings: list[InputWarning] = field(default_factory=list)


def convert_parsed(
    parsed: ParsedExport,
    authority: Authority,
    iris: Iris,
    extract: bool = True,
    refs: Sequence[NameRef] = (),
    tagged: Sequence[Mention] = (),
) -> ConvertedDocument:
    """The document's graph and its entity contribution. ``extract=False`` leaves out what is read from the running
    texts (mentions, narrated events): the document layer alone, for measuring what extraction costs. ``refs`` and
    ``tagged`` are what markup (TEI) says: names in the metadata with their roles, and names tagged in the texts;
    they take the place of what the readers of plain text find at the same spans."""
    b = GraphBuilder(iris, parsed.record_id)
    doc = iris.document(parsed.record_id)
    sources = _document(b, doc, parsed)
    translations = _translations(b, doc, parsed, sources)
    _texts_about(b, doc, parsed, sources)
    markup = [*refs, *tagged]
    marked_title = any(m.source == "title" and m.role in ("sender", "addressee") for m in markup)
    metadata_refs = [
        r
        for r in name_refs(parsed, authority)
        if not any(overlaps(r, m) for m in markup) and not (marked_title and r.source == "title")
    ] + list(refs)
    found = find_mentions(parsed, authority, metadata_refs) if extract else []
    in_texts = [m for m in found if not any(overlaps(m, t) for t in tagged)] + list(tagged)
    resolved = scoped(resolve_mentions(metadata_refs, in_texts, authority), parsed.record_id)
    by_role = _entities(b, doc, resolved, authority, sources)
    _creation(b, doc, parsed, by_role)
    _receipt(b, doc, parsed, by_role)
    _translating(b, translations, by_role)
    _publication(b, doc, by_role)
    _shortcuts(b, doc, by_role)
    _conversation(b, doc, parsed, by_role, sources["title"])
    _archive(b, doc, parsed, authority)
    _edition(b, doc, parsed)
    _marks(b, parsed, sources)
    if extract:
        _narrated_events(b, doc, parsed, authority, resolved, sources)
    return ConvertedDocument(parsed.record_id, parsed.source, b.graph, b.quads, b.shared, resolved, parsed.warnings)


def _document(b: GraphBuilder, doc: NamedNode, parsed: ParsedExport) -> dict[str, NamedNode]:
    """Types, label, title, record identifier, language and the original text; the text nodes so far, by source."""
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
    b.add(record_identifier, CRM.P190_has_symbolic_content, Literal(parsed.record_id))
    if parsed.original_language:
        b.add(doc, CRM.P72_has_language, b.iris.language(parsed.original_language))
        b.shared += describe_language(b.iris, parsed.original_language)
    sources: dict[str, NamedNode] = {"title": title}
    if parsed.original:
        b.add(doc, CRM.P190_has_symbolic_content, text(parsed.original.text, parsed.original.language))
        sources[parsed.original.language] = doc
    return sources


def _translations(
    b: GraphBuilder, doc: NamedNode, parsed: ParsedExport, sources: dict[str, NamedNode]
) -> list[NamedNode]:
    nodes = []
    for part in parsed.translations:
        node = b.iris.translation(parsed.record_id, part.language)
        b.add(doc, CRM.P73_has_translation, node)
        b.add(node, A, CRM.E33_Linguistic_Object)
        b.add(node, CRM.P2_has_type, DV.Translation)
        b.add(node, CRM.P72_has_language, b.iris.language(part.language))
        b.add(node, CRM.P190_has_symbolic_content, text(part.text, part.language))
        b.shared += describe_language(b.iris, part.language)
        sources[part.language] = node
        nodes.append(node)
    return nodes


def _texts_about(b: GraphBuilder, doc: NamedNode, parsed: ParsedExport, sources: dict[str, NamedNode]) -> None:
    """Summary, citation (and the source URL it gives) and credits."""
    if parsed.summary:
        summary = b.text_node("summary", DV.Summary, parsed.summary, "en")
        b.add(doc, CRM.P67i_is_referred_to_by, summary)
        sources["summary"] = summary
    if parsed.citation:
        citation = b.text_node("citation", DV.Citation, parsed.citation.text, "en")
        b.add(doc, CRM.P67i_is_referred_to_by, citation)
        sources["citation"] = citation
        if parsed.citation.url:
            b.add(doc, DCTERMS.source, NamedNode(parsed.citation.url))
    if parsed.credits:
        credits = b.text_node("credits", DV.Credits, parsed.credits, "en")
        b.add(doc, CRM.P67i_is_referred_to_by, credits)
        sources["credits"] = credits


def _entities(
    b: GraphBuilder, doc: NamedNode, resolved: list[Resolved], authority: Authority, sources: dict[str, NamedNode]
) -> dict[str, list[NamedNode]]:
    """Who and where: each entity once (named in the metadata, the texts' opening and closing lines, or inside the
    running texts), described in ``graph/entities``, its printed names annotated; the entities by role."""
    by_role: dict[str, list[NamedNode]] = {}
    for entity in resolved:
        node = entity_iri(b.iris, entity.entry)
        b.shared += describe(b.iris, entity.entry, authority, printed_forms(entity))
        for role in dict.fromkeys(ref.role for ref in entity.refs):
            by_role.setdefault(role, []).append(node)
        _mentions(b, node, entity.refs, sources, doc)
    return by_role


def _creation(b: GraphBuilder, doc: NamedNode, parsed: ParsedExport, by_role: dict[str, list[NamedNode]]) -> None:
    """The writing of the document: its senders, the place it was sent from, its date."""
    date = parsed.date or next((p.structure.from_date for p in parsed.parts if p.structure.from_date), None)
    creation = b.part("creation")
    b.add(doc, CRM.P94i_was_created_by, creation)
    b.add(creation, A, CRM.E65_Creation)
    b.roles(creation, by_role.get("sender", []), DV.Sender)
    for place in by_role.get("sent-from", [])[:1]:
        b.add(creation, CRM.P7_took_place_at, place)
    if date:
        b.time_span(creation, date)
        value, datatype = date.xsd_value
        b.add(doc, DV.date, typed(value, XSD.term(datatype)))
    _date_conflicts(b, creation, parsed)


def _date_conflicts(b: GraphBuilder, creation: NamedNode, parsed: ParsedExport) -> None:
    """When the page's date and a date the text's header gives do not overlap (page 'April 22, 1946', header
    '2/II 46'), both are kept as attributed statements about the creation's time-span, neither silently chosen."""
    if parsed.date is None:
        return
    header = [(p, p.structure.from_date) for p in parsed.parts if p.structure.from_date]
    disagreeing = [(p, d) for p, d in header if d.end < parsed.date.start or d.start > parsed.date.end]
    if not disagreeing:
        return
    statements = [
        ("the archive's page", parsed.date),
        *((f"the header of the text ({p.language})", d) for p, d in disagreeing),
    ]
    for number, (source, date) in enumerate(statements, start=1):
        statement = b.part(f"creation/date-statement/{number}")
        b.add(statement, A, CRM.E13_Attribute_Assignment)
        b.add(statement, CRM.P140_assigned_attribute_to, creation)
        b.add(statement, CRM.P177_assigned_property_of_type, CRM.term("P4_has_time-span"))
        b.add(statement, CRM.P141_assigned, b.span_node(NamedNode(f"{statement.value}/time-span"), date))
        b.add(statement, CRM.P3_has_note, text(f"The date {source} gives: {date.label}. The dates disagree.", "en"))


def _receipt(b: GraphBuilder, doc: NamedNode, parsed: ParsedExport, by_role: dict[str, list[NamedNode]]) -> None:
    """The receiving of the document: addressees, destination, the receipt notes and their date."""
    addressees, sent_to = by_role.get("addressee", []), by_role.get("sent-to", [])[:1]
    archivists = by_role.get("archivist", [])  # who filed it on receipt ('to the archives')
    parts = [part for part in [parsed.original, *parsed.translations] if part and part.structure.receipt]
    if not (parts or addressees or sent_to or archivists):
        return
    receipt = b.part("receipt")
    b.add(doc, CRM.P16i_was_used_for, receipt)
    b.add(receipt, A, CRM.E7_Activity)
    b.add(receipt, CRM.P2_has_type, DV.Receipt)
    b.roles(receipt, addressees, DV.Addressee)
    b.roles(receipt, archivists, DV.Archivist)
    for place in sent_to:
        b.add(receipt, CRM.P7_took_place_at, place)
    for part in parts:
        if note := part.structure.receipt:
            b.add(receipt, CRM.P3_has_note, text(note.text, part.language))
    if parts and parts[0].structure.receipt_date:
        b.time_span(receipt, parts[0].structure.receipt_date)


def _translating(b: GraphBuilder, translations: list[NamedNode], by_role: dict[str, list[NamedNode]]) -> None:
    if not translations:
        return
    translating = b.part("translating")
    b.add(translating, A, CRM.E65_Creation)
    b.add(translating, CRM.P2_has_type, DV.Translating)
    b.roles(translating, by_role.get("translator", []), DV.Translator)
    for node in translations:
        b.add(node, CRM.P94i_was_created_by, translating)


def _publication(b: GraphBuilder, doc: NamedNode, by_role: dict[str, list[NamedNode]]) -> None:
    """The archive's publishing of the document: contributors, funders, transcribers."""
    roles = {"contributor": DV.Contributor, "funder": DV.Funder, "transcriber": DV.Transcriber}
    if not any(by_role.get(role) for role in roles):
        return
    publication = b.part("publication")
    b.add(doc, CRM.P16i_was_used_for, publication)
    b.add(publication, A, CRM.E7_Activity)
    b.add(publication, CRM.P2_has_type, DV.Publication)
    for role, concept in roles.items():
        b.roles(publication, by_role.get(role, []), concept)


def _shortcuts(b: GraphBuilder, doc: NamedNode, by_role: dict[str, list[NamedNode]]) -> None:
    """dv:sender, dv:addressee, dv:sentFrom, dv:sentTo: the short paths MODEL.md keeps beside the CRM ones."""
    for predicate, role, most in (
        (DV.sender, "sender", None),
        (DV.addressee, "addressee", None),
        (DV.sentFrom, "sent-from", 1),
        (DV.sentTo, "sent-to", 1),
    ):
        for node in by_role.get(role, [])[:most]:
            b.add(doc, predicate, node)


def _conversation(
    b: GraphBuilder, doc: NamedNode, parsed: ParsedExport, by_role: dict[str, list[NamedNode]], title: NamedNode
) -> None:
    """What a record of conversation records: the conversation between the participants its title names (a narrated
    event the document itself documents, so never senders or addressees), annotated on the title that says so."""
    participants = by_role.get("participant", [])
    if not participants:
        return
    conversation = b.part("conversation")
    b.add(conversation, A, CRM.E7_Activity)
    b.add(conversation, CRM.P2_has_type, DV.Discussion)
    b.add(conversation, RDFS.label, text(f"The conversation recorded in '{parsed.title}'", "en"))
    b.add(conversation, CRM.P70i_is_documented_in, doc)
    for participant in participants:
        b.add(conversation, CRM.P11_had_participant, participant)
    b.annotate(conversation, title, 0, len(parsed.title), parsed.title, OA.describing)


def _archive(b: GraphBuilder, doc: NamedNode, parsed: ParsedExport, authority: Authority) -> None:
    """Each archive the citation names: its reference, the physical carrier there and the holding it forms part of
    (a citation that cites several archives gives several carriers; the first keeps the plain part names)."""
    for number, reference in enumerate(parsed.citation.references if parsed.citation else [], start=1):
        suffix = "" if number == 1 else f"/{number}"
        identifier = b.part("identifier/archival-reference" + suffix)
        b.add(doc, CRM.P1_is_identified_by, identifier)
        b.add(identifier, A, CRM.E42_Identifier)
        b.add(identifier, CRM.P2_has_type, DV.ArchivalReference)
        b.add(identifier, CRM.P190_has_symbolic_content, Literal(reference.text))
        holding, holding_triples = describe_holdings(b.iris, reference, authority)
        b.shared += holding_triples
        carrier = b.part("carrier" + suffix)
        b.add(doc, CRM.P128i_is_carried_by, carrier)
        b.add(carrier, A, CRM.term("E22_Human-Made_Object"))
        b.add(carrier, RDFS.label, text(reference.leaves or reference.text))
        if holding:
            b.add(carrier, CRM.P46i_forms_part_of, holding)


def _edition(b: GraphBuilder, doc: NamedNode, parsed: ParsedExport) -> None:
    """The published volume a document of a documentary edition (FRUS) forms part of."""
    if parsed.edition:
        volume, title = parsed.edition
        edition = b.iris.edition(volume)
        b.add(doc, CRM.P106i_forms_part_of, edition)
        b.shared += [
            Triple(edition, A, CRM.E73_Information_Object),
            Triple(edition, RDFS.label, text(title or volume, "en")),
            Triple(edition, CRM.P106_is_composed_of, doc),
        ]


def _marks(b: GraphBuilder, parsed: ParsedExport, sources: dict[str, NamedNode]) -> None:
    """Editorial marks and page markers, annotated where they stand."""
    for part in [parsed.original, *parsed.translations]:
        if part:
            for mark in part.structure.marks:
                b.annotate(
                    DV.term(mark.kind),
                    sources[part.language],
                    mark.span.start,
                    mark.span.end,
                    mark.span.text,
                    OA.commenting,
                )


def _narrated_events(
    b: GraphBuilder,
    doc: NamedNode,
    parsed: ParsedExport,
    authority: Authority,
    resolved: list[Resolved],
    sources: dict[str, NamedNode],
) -> None:
    """What the texts report, where, when, who took part, and how the document knows it."""
    event_mentions, event_addressees, event_senders = entity_mentions(resolved, b.iris)
    reading = read_events(parsed, authority, event_mentions, event_addressees, event_senders)
    emit_events(b, doc, reading, sources, {part.language: part.text for part in parsed.parts})


def _mentions(
    b: GraphBuilder, entity: NamedNode, refs: list[NameRef], sources: dict[str, NamedNode], doc: NamedNode
) -> None:
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
