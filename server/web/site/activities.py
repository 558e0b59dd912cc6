"""Events and activities as the pages show them: what, when, where, who in which role, in which document. Driven
by the CRM properties alone, so narrated events, creations, receipts and publications look the same."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

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
UNORDERED = 1_000_000  # a role node without dv:position (a store built before it) sorts after, by label


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

    @property
    def text(self) -> str:
        """The period in the pages' language (English): '22 November 1945', '22–23 November 1945', 'November 1945',
        '1945'; the printed form (``label``, in the document's language) is shown beside it."""
        try:
            begin = date.fromisoformat(self.begin[:10])
            end = date.fromisoformat(self.end[:10]) if self.end else begin
        except ValueError:
            return self.dates
        return english_period(begin, end)

    @property
    def printed(self) -> str:
        """The printed form when it says more than ``text`` (another language, another notation): not
        'November 24, 1945' beside '24 November 1945'."""
        printed = set(re.findall(r"\w+", self.label))
        return self.label if printed and not set(re.findall(r"\w+", self.text)) <= printed else ""

    def __bool__(self) -> bool:
        return bool(self.label or self.begin or self.end)


MONTHS = "January February March April May June July August September October November December".split()


def english_period(begin: date, end: date) -> str:
    def day(d: date, year: bool = True) -> str:
        return f"{d.day} {MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")

    whole_months = begin.day == 1 and (end + timedelta(days=1)).day == 1
    if begin == end:
        return day(begin)
    if whole_months and (begin.month, end.month) == (1, 12):
        return str(begin.year) if begin.year == end.year else f"{begin.year}–{end.year}"
    if whole_months and (begin.year, begin.month) == (end.year, end.month):
        return f"{MONTHS[begin.month - 1]} {begin.year}"
    if (begin.year, begin.month) == (end.year, end.month):
        return f"{begin.day}–{day(end)}"
    return f"{day(begin, begin.year != end.year)} – {day(end)}"


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
    for actor, role, _ in role_nodes(look, activity):
        found.setdefault(actor.value, []).append(look.label(role))
    return found


def role_nodes(look: Lookup, activity: NamedNode) -> list[tuple[NamedNode, NamedNode, int]]:
    """(actor, role, position) of each role node of ``activity``, in the source's order (``dv:position``)."""
    found = []
    for node in look.objects(activity, CRM.P01i_is_domain_of):
        if not isinstance(node, NamedNode):
            continue
        actor = look.object(node, CRM.P02_has_range)
        role = look.object(node, ROLE_IN)
        position = look.value(node, DV.position) or ""
        if isinstance(actor, NamedNode) and isinstance(role, NamedNode):
            found.append((actor, role, int(position) if position.isdigit() else UNORDERED))
    return sorted(found, key=lambda found: (found[2], look.label(found[0]).casefold()))


def in_role(look: Lookup, activity: NamedNode, role: NamedNode) -> list[NamedNode]:
    """The actors of ``activity`` in ``role``, in the source's order."""
    return [actor for actor, their_role, _ in role_nodes(look, activity) if their_role == role]


def activity(look: Lookup, iri: NamedNode) -> Activity:
    result = Activity(iri.value, look.url(iri), look.label(iri))
    result.types = [link(look, t) for t in look.objects(iri, CRM.P2_has_type) if isinstance(t, NamedNode)]
    result.when = when(look, iri)
    places = look.objects(iri, CRM.P7_took_place_at) + look.objects(iri, DV.intendedPlace)
    result.where = [link(look, p) for p in places if isinstance(p, NamedNode)]
    result.planned = DV.PlannedActivity.value in look.types(iri)
    result.evidence = evidence(look, iri)
    by_role = roles(look, iri)
    order = {actor.value: n for n, (actor, _, _) in enumerate(role_nodes(look, iri))}
    seen: set[str] = set()
    for predicate, default in ACTOR_PROPERTIES.items():
        actors = sorted(look.objects(iri, predicate), key=lambda a: order.get(a.value, len(order)))
        for actor in actors:
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
