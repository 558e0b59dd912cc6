"""Narrated events as CIDOC-CRM (MODEL.md "Narrated events"; the choices are in ontology/MODELLING.md).

Each event is a ``crm:E7_Activity`` (a killing also a ``crm:E69_Death`` with ``crm:P100_was_death_of`` the killed,
as the CRM's scope note of E69 asks), typed with its ``dv:`` event type and, when the document knows it only at second
hand, ``dv:Hearsay`` or ``dv:Rumoured`` as well, linked with ``dv:accordingTo`` to the narrated report or rumour it
is known through. Actors carry it out (``crm:P14_carried_out_by``, with a role where the sentence says one: attacker,
requester, commander); the killed, wounded or arrested and the receivers of an order, request or surrender take part
(``crm:P11_had_participant``, refined by ``dv:victim`` / ``dv:recipient``). An ``oa:Annotation`` (``oa:describing``)
marks the reporting sentence in every text of the document.
"""

from __future__ import annotations

import re
from datetime import date

from pyoxigraph import NamedNode

from ontology.iris import Iris
from ontology.namespaces import CRM, DV, OA, RDFS, A, text

from .actors import Resolved
from .dates import DateValue
from .entities import entity_iri
from .event_model import MOVE_TYPES, EntityMention, NarratedEvent
from .events import EventReading
from .graph_builder import GraphBuilder
from .textdates import TimeSpanValue

EVENT_ROLE_CONCEPTS = {"attacker": DV.Attacker, "requester": DV.Requester, "commander": DV.Commander}
ACTOR_ROLE = {
    "Killing": DV.Attacker,
    "Wounding": DV.Attacker,
    "Request": DV.Requester,
    "Demand": DV.Requester,
    "OrderGiven": DV.Commander,
}
ATTESTATION = {"Hearsay": DV.Hearsay, "Rumoured": DV.Rumoured}
# (English head, Russian head, how the actors join the English head)
PHRASES = {
    "ArmedClash": ("Armed clash", "Вооружённое столкновение", "between"),
    "Killing": ("Killing", "Убийство", "by"),
    "Wounding": ("Wounding", "Ранение", "by"),
    "Arrest": ("Arrest", "Арест", "by"),
    "Surrender": ("Surrender", "Сдача", "of"),
    "Flight": ("Flight", "Бегство", "of"),
    "Arrival": ("Arrival", "Прибытие", "of"),
    "OrderGiven": ("Order", "Приказ", "by"),
    "Request": ("Request for help or troops", "Просьба о помощи", "by"),
    "Demand": ("Demand", "Требование", "by"),
    "AppealSent": ("Appeal or declaration sent", "Направление обращения", "by"),
    "Meeting": ("Meeting", "Встреча", "of"),
    "Rumour": ("Rumours spread", "Распространение слухов", "by"),
    "ReportMade": ("Report", "Сообщение", "by"),
    "Discussion": ("Discussion", "Обсуждение", "by"),
    "Protection": ("Guard", "Охрана", "by"),
    "Seizure": ("Seizure", "Захват", "by"),
    "Visit": ("Visit", "Визит", "by"),
    "Departure": ("Departure", "Отъезд", "of"),
    "MessageSent": ("Message sent", "Послание", "by"),
    "Invitation": ("Invitation", "Приглашение", "by"),
    "Decision": ("Decision", "Решение", "by"),
    "Appointment": ("Appointment", "Назначение", "of"),
    "Reorganization": ("Establishment or reorganization", "Создание или реорганизация", "of"),
}
RULES = {"en": DV.EventRulesEnglish, "ru": DV.EventRulesRussian}  # the rule set that read the events, by language
QUALIFIER = {"Hearsay": (" (hearsay)", " (со слов)"), "Rumoured": (" (rumoured)", " (по слухам)")}


def entity_mentions(
    resolved: list[Resolved], iris: Iris
) -> tuple[list[EntityMention], list[EntityMention], list[EntityMention]]:
    """The mentions inside the running texts, and the document's addressees ('Вашего указания' names them)."""
    mentions: list[EntityMention] = []
    addressees: list[EntityMention] = []
    senders: list[EntityMention] = []
    for entity in resolved:
        node, entry = entity_iri(iris, entity.entry), entity.entry
        for ref in entity.refs:
            if ref.role == "mentioned":
                mentions.append(EntityMention(ref.source, ref.start, ref.end, node, entry.kind, entry.en, entry.ru))
        if "addressee" in entity.roles():
            addressees.append(EntityMention("", 0, 0, node, entry.kind, entry.en, entry.ru))
        if "sender" in entity.roles():
            senders.append(EntityMention("", 0, 0, node, entry.kind, entry.en, entry.ru))
    return mentions, addressees, senders


def _names(mentions: list[EntityMention], russian: bool = False) -> str:
    labels = list(dict.fromkeys((m.label_ru or m.label_en) if russian else m.label_en for m in mentions))
    if len(labels) < 2:
        return "".join(labels)
    return ", ".join(labels[:-1]) + (" и " if russian else " and ") + labels[-1]


MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_RU = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
MONTHS_RU_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


def date_phrase(value: DateValue, russian: bool = False) -> str:
    """The period of a time-span in words, the same whatever the text printed: '22 November 1945', 'night of 22-23
    November 1945', '2200 23 November 1945'; in Russian '22 ноября 1945 г.', 'ночь на 23 ноября 1945 г.'."""
    months, year = (MONTHS_RU, " г.") if russian else (MONTHS_EN, "")

    def day(d: date) -> str:
        return f"{d.day} {months[d.month - 1]} {d.year}{year}"

    if value.precision == "night":
        return (
            f"ночь на {day(value.end)}"
            if russian
            else f"night of {value.start.day}-{value.end.day} {months[value.end.month - 1]} {value.end.year}"
        )
    if value.precision == "moment" and isinstance(value, TimeSpanValue) and value.begin:
        return f"{value.begin.strftime('%H:%M' if russian else '%H%M')} {day(value.start)}"
    if value.precision == "days":
        return f"{value.start.day}-{day(value.end)}"
    if value.precision == "month":
        name = (MONTHS_RU_NOMINATIVE if russian else MONTHS_EN)[value.start.month - 1]
        return f"{name} {value.start.year}{year}"
    if value.precision == "year":
        return f"{value.start.year}{year}"
    return day(value.start)


def labels(event: NarratedEvent) -> tuple[str, str]:
    """A short English and Russian description: what, of or by whom, to whom, where, when, and how it is known."""
    head_en, head_ru, join = PHRASES[event.type]
    actors, victims = event.entities("actor"), event.entities("victim")
    recipients, places = event.entities("recipient"), event.places
    en = head_en
    if victims:
        en += f" of {_names(victims)}"
    if actors:
        if join == "between" and len(actors) > 1:
            en += f" between {_names(actors[:-1])} and {actors[-1].label_en}"
        else:
            en += f" {'involving' if join == 'between' else join} {_names(actors)}"
    if recipients:
        en += f" to {_names(recipients)}"
    if places:
        en += f" {'from' if event.from_cue else 'in'} {_names(places)}"
    elsewhere = [d for d in event.destinations if all(p.entity != d.entity for p in places)]
    if elsewhere:  # 'Flight of the gendarmes in Ardabil to Khalkhal'; an arrival's goal is its place already
        en += f" to {_names(elsewhere)}"
    if event.from_cue and not actors and not places and event.notes.get("en"):
        en += ": " + re.sub(r"^\s*according\s+to\s+", "", event.notes["en"], flags=re.IGNORECASE).strip()
    parts_ru = [
        _names(victims, True),
        _names(actors, True),
        ("→ " + _names(recipients, True)) if recipients else "",
        _names(places, True),
    ]
    ru = head_ru + (": " + "; ".join(p for p in parts_ru if p) if any(parts_ru) else "")
    if event.from_cue and not actors and not places and event.notes.get("ru"):
        note = event.notes["ru"].strip()
        ru += ": " + note[:1].lower() + note[1:]
    if event.date and event.date.value:
        en += f", {date_phrase(event.date.value)}"
        ru += f", {date_phrase(event.date.value, russian=True)}"
    if event.attestation:
        en += QUALIFIER[event.attestation][0]
        ru += QUALIFIER[event.attestation][1]
    if event.planned:
        en, ru = f"Planned: {en[:1].lower()}{en[1:]}", f"Запланировано: {ru[:1].lower()}{ru[1:]}"
    return en, ru


def emit_events(
    b: GraphBuilder, doc: NamedNode, reading: EventReading, sources: dict[str, NamedNode], texts: dict[str, str]
) -> None:
    """The events' triples and annotations into the document's graph; the information cut-off on the document."""
    if reading.cutoff and reading.cutoff.value:
        span = b.part("information-cutoff")
        b.add(doc, DV.informationAsOf, span)
        b.span_node(span, reading.cutoff.value)
    nodes = {id(event): b.iris.event(b.record, n) for n, event in enumerate(reading.events, start=1)}
    for event in reading.events:
        node = nodes[id(event)]
        b.add(doc, CRM.P70_documents, node)
        b.add(node, CRM.P70i_is_documented_in, doc)
        if not event.planned:
            b.add(node, A, CRM.E7_Activity)
        b.add(node, CRM.P2_has_type, DV.term(event.type))
        if event.attestation and not event.planned:
            b.add(node, CRM.P2_has_type, ATTESTATION[event.attestation])
        if event.according_to is not None and not event.planned:
            b.add(node, DV.accordingTo, nodes[id(event.according_to)])
        en, ru = labels(event)
        b.add(node, RDFS.label, text(en, "en"))
        b.add(node, RDFS.label, text(ru, "ru"))
        if event.planned:
            _plan(b, node, event, nodes)
        else:
            _happening(b, node, event)
        evidence = []
        for language, spans in event.spans.items():
            for start, end in spans:
                annotation = b.annotate(node, sources[language], start, end, texts[language][start:end], OA.describing)
                if language == reading.language:
                    evidence.append(annotation)
        _extraction(b, doc, node, reading.language, evidence)


def _happening(b: GraphBuilder, node: NamedNode, event: NarratedEvent) -> None:
    """An activity the text says took place (its type, attestation and source already stated): when, where, from and
    to where, who in which role."""
    for language, note in event.notes.items():
        b.add(node, CRM.P3_has_note, text(note.strip(), language))
    if event.date and event.date.value:
        b.time_span(node, event.date.value)
    for place in event.places:
        b.add(node, CRM.P7_took_place_at, place.entity)
    if event.type in MOVE_TYPES:  # a flight or an arrival is a move: where from, where to
        b.add(node, A, CRM.E9_Move)
        for place in event.origins:
            b.add(node, CRM.P27_moved_from, place.entity)
        for place in event.destinations:
            b.add(node, CRM.P26_moved_to, place.entity)
    actors = list(dict.fromkeys(m.entity for m in event.entities("actor")))
    if event.type in ACTOR_ROLE:
        b.roles(node, actors, ACTOR_ROLE[event.type])
    else:
        for actor in actors:
            b.add(node, CRM.P14_carried_out_by, actor)
    for slot, shortcut in (("victim", DV.victim), ("recipient", DV.recipient), ("participant", None)):
        for entity in dict.fromkeys(m.entity for m in event.entities(slot)):
            if entity in actors:
                continue
            b.add(node, CRM.P11_had_participant, entity)
            if shortcut is not None:
                b.add(node, shortcut, entity)
    if event.type == "Killing":
        b.add(node, A, CRM.E69_Death)
        for victim in dict.fromkeys(m.entity for m in event.entities("victim") if m.kind == "person"):
            b.add(node, CRM.P100_was_death_of, victim)  # a group's dead are not named: only P11 and dv:victim


def _plan(b: GraphBuilder, node: NamedNode, event: NarratedEvent, nodes: dict[int, NamedNode]) -> None:
    """What was ordered, proposed or is to happen: a dv:PlannedActivity (a crm:E29_Design_or_Procedure), never an
    activity. Planned by the actors of the order that made it (that order crm:P94_has_created it), its intended time
    and place, and whom else it involves (dv:plannedParticipant)."""
    b.add(node, A, DV.PlannedActivity)
    planners = [m.entity for m in event.entities("planner")]
    planners += [m.entity for m in event.plan_of.entities("actor")] if event.plan_of is not None else []
    if event.plan_of is not None:
        maker = nodes[id(event.plan_of)]
        b.add(maker, A, CRM.E65_Creation)
        b.add(maker, CRM.P94_has_created, node)
        b.add(node, CRM.P94i_was_created_by, maker)
    for planner in dict.fromkeys(planners):
        b.add(node, DV.plannedBy, planner)
    if event.date and event.date.value:
        b.add(node, DV.intendedTime, b.span_node(NamedNode(node.value + "/intended-time-span"), event.date.value))
    for place in event.places + event.destinations:
        b.add(node, DV.intendedPlace, place.entity)
    for slot in ("actor", "victim", "recipient", "participant"):
        for entity in dict.fromkeys(m.entity for m in event.entities(slot)):
            if entity not in planners:
                b.add(node, DV.plannedParticipant, entity)


def _extraction(
    b: GraphBuilder, doc: NamedNode, node: NamedNode, language: str | None, evidence: list[NamedNode]
) -> None:
    """That the event was read by rule, not curated: a crm:E13_Attribute_Assignment by Depesha's converter that
    assigned the document its crm:P70_documents of the event, by the language's rule set, from the annotated
    sentences (dv:readFrom)."""
    assignment = NamedNode(node.value + "/extraction")
    b.add(assignment, A, CRM.E13_Attribute_Assignment)
    b.add(assignment, CRM.P140_assigned_attribute_to, doc)
    b.add(assignment, CRM.P177_assigned_property_of_type, CRM.P70_documents)
    b.add(assignment, CRM.P141_assigned, node)
    b.add(assignment, CRM.P14_carried_out_by, b.iris.node("software/depesha"))
    b.add(assignment, CRM.P33_used_specific_technique, RULES.get(language or "en", DV.EventRulesEnglish))
    for annotation in evidence:
        b.add(assignment, DV.readFrom, annotation)
