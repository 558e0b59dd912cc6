"""Events and activities as the pages show them: what, when, where, who in which role, in which document. Driven
by the CRM properties alone, so narrated events, creations, receipts and publications look the same."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from ontology.namespaces import CRM, DV, OA, RDFS
from server.store.lookup import Lookup

ACTOR_PROPERTIES = {
    CRM.P14_carried_out_by: "carried out by",
    CRM.P11_had_participant: "participant",
    CRM.P100_was_death_of: "death of",
    CRM.term("P96_by_mother"): "mother",
    CRM.term("P97_from_father"): "father",
    CRM.term("P98_brought_into_life"): "born",
    CRM.term("P99_dissolved"): "dissolved",
    CRM.term("P95_has_formed"): "formed",
    CRM.term("P143_joined"): "joined",
    CRM.term("P145_separated"): "left",
    DV.plannedBy: "planned by",
    DV.plannedParticipant: "to involve",
}
ROLE_IN = CRM.term("P14.1_in_the_role_of")
TIME_SPAN = CRM.term("P4_has_time-span")


@dataclass
class Link:
    label: str
    url: str
    kind: str = "thing"
    note: str = ""


@dataclass
class When:
    label: str = ""
    begin: str = ""
    end: str = ""

    @property
    def dates(self) -> str:
        begin, end = self.begin[:10], self.end[:10]
        if not begin and not end:
            return ""
        return begin if begin == end or not end else f"{begin} – {end}"

    def __bool__(self) -> bool:
        return bool(self.label or self.begin or self.end)


@dataclass
class Activity:
    iri: str
    url: str
    label: str
    types: list[Link] = field(default_factory=list)
    when: When = field(default_factory=When)
    where: list[Link] = field(default_factory=list)
    actors: list[Link] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    documents: list[Link] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # the sentences that report it, as printed
    planned: bool = False  # a dv:PlannedActivity: its date and place are intended ones


def link(look: Lookup, term: NamedNode, note: str = "") -> Link:
    return Link(look.label(term), look.url(term), look.kind(term), note)


def when(look: Lookup, subject: NamedNode) -> When:
    span = look.object(subject, TIME_SPAN) or look.object(subject, DV.intendedTime)
    if not isinstance(span, NamedNode):
        return When()
    return When(
        look.value(span, RDFS.label) or "",
        look.value(span, CRM.P82a_begin_of_the_begin) or "",
        look.value(span, CRM.P82b_end_of_the_end) or "",
    )


def roles(look: Lookup, activity: NamedNode) -> dict[str, list[str]]:
    """actor IRI -> role labels, from the property-class pattern (crm:P01i_is_domain_of a crm:PC14_carried_out_by)."""
    found: dict[str, list[str]] = {}
    for node in look.objects(activity, CRM.P01i_is_domain_of):
        if not isinstance(node, NamedNode):
            continue
        actor = look.object(node, CRM.P02_has_range)
        role = look.object(node, ROLE_IN)
        if isinstance(actor, NamedNode) and isinstance(role, NamedNode):
            found.setdefault(actor.value, []).append(look.label(role))
    return found


def activity(look: Lookup, iri: NamedNode) -> Activity:
    result = Activity(iri.value, look.url(iri), look.label(iri))
    result.types = [link(look, t) for t in look.objects(iri, CRM.P2_has_type) if isinstance(t, NamedNode)]
    result.when = when(look, iri)
    places = look.objects(iri, CRM.P7_took_place_at) + look.objects(iri, DV.intendedPlace)
    result.where = [link(look, p) for p in places if isinstance(p, NamedNode)]
    result.planned = DV.PlannedActivity.value in look.types(iri)
    result.evidence = evidence(look, iri)
    by_role = roles(look, iri)
    seen: set[str] = set()
    for predicate, default in ACTOR_PROPERTIES.items():
        for actor in look.objects(iri, predicate):
            if isinstance(actor, NamedNode) and actor.value not in seen:
                seen.add(actor.value)
                result.actors.append(link(look, actor, ", ".join(by_role.get(actor.value, [])) or default))
    result.notes = [n.value for n in look.objects(iri, CRM.P3_has_note) if isinstance(n, Literal)]
    documents = look.objects(iri, CRM.P70i_is_documented_in) + look.subjects(CRM.P70_documents, iri)
    result.documents = [link(look, d) for d in dict.fromkeys(documents) if isinstance(d, NamedNode)]
    result.label = activity_label(look, iri, [t.label for t in result.types])
    result.types = [t for t in result.types if t.label != result.label]
    return result


def evidence(look: Lookup, event: NamedNode) -> list[str]:
    """The sentences annotated as reporting the event (oa:describing), each once, in the order of the annotations."""
    quotes: list[str] = []
    for annotation in look.subjects(OA.hasBody, event):
        if look.object(annotation, OA.motivatedBy) != OA.describing:
            continue
        target = look.object(annotation, OA.hasTarget)
        for selector in look.objects(target, OA.hasSelector) if isinstance(target, NamedNode) else []:
            exact = look.value(selector, OA.exact) if isinstance(selector, NamedNode) else None
            if exact and " ".join(exact.split()) not in quotes:
                quotes.append(" ".join(exact.split()))
    return quotes


def activity_label(look: Lookup, iri: NamedNode, type_labels: list[str]) -> str:
    """Its label; without one (a document's creation, receipt, ...), its type or the last word of its IRI."""
    label = look.label(iri)
    if label != iri.value.rsplit("/", 1)[-1]:
        return label
    return type_labels[0] if type_labels else label.replace("-", " ").capitalize()
