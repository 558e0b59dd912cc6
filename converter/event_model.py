"""The pieces narrated-event extraction passes around: entity mentions (what ``mentions`` resolved, reduced to what
events need), the hits a language module reads from one sentence, and the events made of them."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from .textdates import TextDate

ROLE_SLOTS = ("actor", "victim", "recipient", "participant")
MOVE_TYPES = {"Arrival", "Flight", "Departure"}  # movements: a crm:E9_Move with its origin and destination


@dataclass(frozen=True)
class EntityMention:
    """A resolved person, group or place named at ``start``..``end`` (code points) of the text in ``language``."""

    language: str
    start: int
    end: int
    entity: NamedNode
    kind: str  # person | group | place
    label_en: str
    label_ru: str | None = None


@dataclass
class Hit:
    """One trigger in one sentence of the text events are read from, with what its clause says about it."""

    type: str  # a dv: event type name
    sentence: int
    trigger: tuple[int, int]  # printed span of the trigger word(s)
    region: list[tuple[int, int]]  # printed spans of the clause the event's date must stand in
    places: list[EntityMention] = field(default_factory=list)
    roles: dict[str, list[EntityMention]] = field(default_factory=dict)
    origins: list[EntityMention] = field(default_factory=list)  # a movement's 'from'
    destinations: list[EntityMention] = field(default_factory=list)  # a movement's 'to'
    planned: bool = False  # what was ordered, proposed or is to happen: a plan, not a happening
    planned_by: tuple[int, int] | None = None  # the trigger of the order or proposal that makes the plan
    rumoured: bool = False  # inside what a rumour says
    temporal: bool = False  # 'после Вашего указания': an earlier event named in passing
    anaphoric: bool = False  # 'этой перестрелке', 'the latter': refers back
    addressees_act: bool = False  # 'Вашего указания', 'your instructions': the document's addressees
    writer_acts: bool = False  # 'I visited KIM IL SUNG', 'We request': the document's senders
    writer_takes_part: bool = False  # 'told me', 'received me': the senders take part
    imperative: bool = False  # '1. Reorganize Sector No. 6': a decree's measure, planned by its senders
    definite: bool = False  # 'the meeting', 'the conversation': one the text has told, or the record itself
    reported_by: tuple[int, int] | None = None  # trigger of the report whose content it is ('Кавиан сообщил, что ...')

    def add_role(self, slot: str, mention: EntityMention) -> None:
        if all(m.entity != mention.entity for m in self.roles.get(slot, [])):
            self.roles.setdefault(slot, []).append(mention)


def add_place(places: list[EntityMention], mention: EntityMention) -> None:
    if all(p.entity != mention.entity for p in places):
        places.append(mention)


@dataclass
class Cue:
    """A phrase that attributes what follows to a source: 'По сообщению из Тавриза', 'According to a report from
    Tabriz'. Its scope runs to the end of the paragraph or to the next cue."""

    sentence: int
    start: int
    end: int
    rumour: bool
    places: list[EntityMention] = field(default_factory=list)
    actors: list[EntityMention] = field(default_factory=list)


@dataclass
class NarratedEvent:
    type: str
    paragraph: int
    sentences: list[int]  # sentences of the read text that report it
    trigger: tuple[int, int]
    places: list[EntityMention] = field(default_factory=list)
    roles: dict[str, list[EntityMention]] = field(default_factory=dict)
    date: TextDate | None = None
    origins: list[EntityMention] = field(default_factory=list)
    destinations: list[EntityMention] = field(default_factory=list)
    planned: bool = False  # a dv:PlannedActivity: the date is when it was to happen, the actors its planners
    plan_of: NarratedEvent | None = None  # the narrated order or proposal that made the plan
    attestation: str | None = None  # None (stated) | Hearsay | Rumoured
    according_to: NarratedEvent | None = None  # the narrated report or rumour it is known through
    notes: dict[str, str] = field(default_factory=dict)  # the attribution as printed, per language
    addressees_act: bool = False
    writer_acts: bool = False
    writer_takes_part: bool = False
    imperative: bool = False
    from_cue: bool = False  # the report a cue names
    places_carried: bool = False  # places taken from the paragraph's scene
    reported_by: tuple[int, int] | None = None  # the trigger of the report whose content it is
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # reporting sentences per language

    def entities(self, slot: str) -> list[EntityMention]:
        return self.roles.get(slot, [])
