"""The events a document narrates: what happened, where, when, who took part, and how the document knows it.

    read_events(parsed, authority, mentions, addressees) -> EventReading

Events are read from the original when it is Russian (``events_ru``: natasha) or English (``events_en``), and from the
English translation otherwise. Every sentence that reports an event is found again in each other text of the
document by aligning paragraphs and sentences (``sentences.align``), so the event is annotated in every language.

Over the hits of the language module this adds what needs the whole paragraph:
- hearsay: a cue ('По сообщению из Тавриза', 'According to a report from Tabriz') is itself a narrated report
  (``dv:ReportMade``, where it came from, who made it); the events after it, to the end of the paragraph, are known
  through it (attestation ``Hearsay``); what a rumour says is ``Rumoured``, known through the rumour;
- the scene: a clause that names no place but refers back ('этой перестрелке', 'the latter') or to the same people
  takes the place of the paragraph's last placed event;
- one event, reported twice ('открыли огонь' ... 'после перестрелки' ... 'при этой перестрелке'): hits of one type in
  one paragraph whose places, dates and victims agree are one event reported by several sentences;
- dates: a date in the event's clause (``textdates``); a vague one ('в ближайшие дни') gives none; the information
  cut-off ('на 22 часа 23 ноября', 'as of 2200 23 November') is the document's, never an event's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from .authority import Authority
from .event_dates import not_after, when_of
from .event_lexicon import COMMUNICATION, HEARSAY_EN, HEARSAY_RU, RUMOUR_CUE, SOURCE_END_EN
from .event_model import Cue, EntityMention, Hit, NarratedEvent, add_place
from .export_md import ParsedExport, TextPart
from .sentences import Sentence, align, split_sentences
from .textdates import TextDate, find_text_dates
from .textview import TextView

READ_LANGUAGES = ("ru", "en")


@dataclass
class EventReading:
    events: list[NarratedEvent] = field(default_factory=list)
    cutoff: TextDate | None = None  # the information cut-off, as the read text prints it
    language: str | None = None  # the language the events were read from


@dataclass
class _Text:
    part: TextPart
    view: TextView
    sentences: list[Sentence]
    mentions: list[EntityMention]

    def sentence_at(self, offset: int) -> Sentence | None:
        return next((s for s in self.sentences if s.start <= offset < s.end), None)


def _read_part(parsed: ParsedExport) -> TextPart | None:
    original = parsed.original
    if original and original.language in READ_LANGUAGES:
        return original
    return next((p for p in parsed.translations if p.language == "en"), None)


def _apparatus(part: TextPart, sentences: list[Sentence]) -> set[int]:
    """Sentences of the opening and closing lines: the line sent from, the address, signatures, the receipt note."""
    s = part.structure
    spans = [x for x in (s.sent_from, s.address_line, s.receipt) if x] + list(s.signatures)
    return {x.index for x in sentences for span in spans if x.start < span.end and span.start < x.end}


def _folded(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def _echoes(parsed: ParsedExport, part: TextPart, sentences: list[Sentence]) -> set[int]:
    """Sentences that repeat the document's title ('Memorandum on the Conversation between Kim Il Sung ...', 'Letter
    from Khrushchev to Ulbricht, 28 September 1961.'): they name the document, they narrate nothing."""
    title = _folded(parsed.title)
    echoes = set()
    for sentence in sentences:
        said = _folded(part.text[sentence.start : sentence.end])
        if len(said) < 20:
            continue
        if said[:40] == title[:40] or (len(said) < len(title) + 40 and title[:30] in said):
            echoes.add(sentence.index)
    return echoes


def _cues(text: _Text) -> list[Cue]:
    pattern = HEARSAY_RU if text.part.language == "ru" else HEARSAY_EN
    cues: list[Cue] = []
    for sentence in text.sentences:
        chunk = text.view.text[sentence.view_start : sentence.view_end]
        for m in pattern.finditer(chunk):
            start, end = text.view.original_span(sentence.view_start + m.start(), sentence.view_start + m.end())
            if text.part.language != "ru":
                end = _english_cue_end(text, sentence, end)
            inside = [x for x in text.mentions if start <= x.start and x.end <= end]
            cues.append(
                Cue(
                    sentence.index,
                    start,
                    end,
                    bool(RUMOUR_CUE.search(m.group(0))),
                    [x for x in inside if x.kind == "place"],
                    [x for x in inside if x.kind != "place"],
                )
            )
    return cues


def _english_cue_end(text: _Text, sentence: Sentence, end: int) -> int:
    """'According to a report from Tabriz' has no comma after it: it ends after the source's name, or after 'our
    military people', or at a comma."""
    printed = text.part.text
    following = [x for x in text.mentions if end <= x.start <= end + 3 and x.end <= sentence.end]
    if following:
        end = following[0].end
        for other in sorted(text.mentions, key=lambda x: x.start):  # 'from Tabriz and Rasht'
            if other.start > end and re.fullmatch(r",\s*(?:and\s+)?|\s+and\s+", printed[end : other.start]):
                end = other.end
        return end
    if m := SOURCE_END_EN.match(printed, end):
        return m.end()
    comma = printed.find(",", end, sentence.end)
    return comma if comma != -1 else end


def _texts(parsed: ParsedExport, authority: Authority, mentions: list[EntityMention]) -> dict[str, _Text]:
    texts = {}
    for part in parsed.parts:
        view = TextView.of(part, authority)
        mine = sorted((m for m in mentions if m.language == part.language), key=lambda m: m.start)
        texts[part.language] = _Text(part, view, split_sentences(view), mine)
    return texts


def _anchors(text: _Text) -> list[frozenset[str]]:
    printed = text.part.text
    return [
        frozenset(
            {m.entity.value for m in text.mentions if s.start <= m.start < s.end}
            | set(re.findall(r"\d+", printed[s.start : s.end]))
        )
        for s in text.sentences
    ]


def _compatible(event: NarratedEvent, hit: Hit, when: TextDate | None) -> bool:
    if event.type != hit.type or event.from_cue or bool(hit.rumoured) != (event.attestation == "Rumoured"):
        return False
    if event.planned != hit.planned:
        return False
    mine, theirs = {p.entity for p in event.places}, {p.entity for p in hit.places}
    if mine and theirs and not (mine <= theirs or theirs <= mine):
        return False
    if event.date and when and event.date.value != when.value:
        return False
    for slot in ("victim", "actor"):  # other people killed, other people acting: another event
        mine_people = {m.entity for m in event.entities(slot)}
        theirs_people = {m.entity for m in hit.roles.get(slot, [])}
        if mine_people and theirs_people and not mine_people & theirs_people:
            return False
    return event.reported_by == hit.reported_by


def _merge(event: NarratedEvent, hit: Hit, when: TextDate | None) -> None:
    if hit.sentence not in event.sentences:
        event.sentences.append(hit.sentence)
    for mine, theirs in (
        (event.places, hit.places),
        (event.origins, hit.origins),
        (event.destinations, hit.destinations),
    ):
        for place in theirs:
            add_place(mine, place)
    for slot, people in hit.roles.items():
        for person in people:
            if all(p.entity != person.entity for p in event.roles.get(slot, [])):
                event.roles.setdefault(slot, []).append(person)
    event.date = event.date or when
    event.addressees_act = event.addressees_act or hit.addressees_act
    event.writer_acts = event.writer_acts or hit.writer_acts
    event.writer_takes_part = event.writer_takes_part or hit.writer_takes_part


def _carry_scene(hits: list[Hit], paragraph_of: dict[int, int]) -> set[int]:
    """Give a hit without a place the place of the paragraph's last placed event when it refers back to it."""
    carried: set[int] = set()
    scene: list[EntityMention] = []
    people: set[str] = set()
    paragraph = None
    for n, hit in enumerate(hits):
        if paragraph_of[hit.sentence] != paragraph:
            paragraph, scene, people = paragraph_of[hit.sentence], [], set()
        if hit.rumoured:
            continue
        mine = {m.entity.value for slot in hit.roles.values() for m in slot}
        if hit.places and not hit.temporal:
            scene, people = list(hit.places), set(mine)
        elif (
            not hit.places
            and scene
            and not hit.planned
            and (hit.anaphoric or (mine & people and hit.type not in COMMUNICATION))
        ):  # an order or a request is placed by the scene only when it refers back to it ('Прибывшие дали указание')
            hit.places = list(scene)
            carried.add(n)
            people |= mine
    return carried


def read_events(
    parsed: ParsedExport,
    authority: Authority,
    mentions: list[EntityMention],
    addressees: Sequence[EntityMention] = (),
    senders: Sequence[EntityMention] = (),
) -> EventReading:
    """The events one text of the document narrates: the reports it cites (cues), then what it says happened, each
    dated, placed, attested and with its participants, merged where two triggers tell one event."""
    part = _read_part(parsed)
    if part is None:
        return EventReading()
    texts = _texts(parsed, authority, mentions)
    text = texts[part.language]
    dates = find_text_dates(part.text, part.language, _reference_date(parsed))
    cues = _cues(text)
    analyse = _analyser(part.language)
    skip = _apparatus(part, text.sentences) | _echoes(parsed, part, text.sentences)
    hits = sorted(analyse(text.view, text.sentences, text.mentions, cues, skip), key=lambda h: h.trigger[0])
    paragraph_of = {s.index: s.paragraph for s in text.sentences}
    sources = _report_events(part, cues, paragraph_of)
    events = list(sources.values()) + _narrated(part, hits, cues, sources, dates, paragraph_of, _reference_date(parsed))
    _addressees_act(events, addressees)
    _writers_act(events, senders)
    events.sort(key=lambda e: (e.sentences[0], e.trigger[0]))
    _spans(events, texts, part.language)
    return EventReading(events, next((d for d in dates if d.cutoff), None), part.language)


def _reference_date(parsed: ParsedExport) -> date | None:
    """The day relative dates count from: the document's date, else a date its texts' headers give."""
    if parsed.date:
        return parsed.date.start
    return next((p.structure.from_date.start for p in parsed.parts if p.structure.from_date), None)


def _analyser(language: str):  # events_ru.analyse and events_en.analyse share one signature
    if language == "ru":
        from .events_ru import analyse
    else:
        from .events_en import analyse
    return analyse


def _report_events(part: TextPart, cues: list[Cue], paragraph_of: dict[int, int]) -> dict[int, NarratedEvent]:
    """A report or a rumour the text cites ('according to information from Tabriz'), by cue number."""
    sources: dict[int, NarratedEvent] = {}
    for n, cue in enumerate(cues):
        source = NarratedEvent(
            "Rumour" if cue.rumour else "ReportMade",
            paragraph_of[cue.sentence],
            [cue.sentence],
            (cue.start, cue.end),
            list(cue.places),
            {"actor": list(cue.actors)},
            from_cue=True,
        )
        source.notes[part.language] = part.text[cue.start : cue.end]
        sources[n] = source
    return sources


def _narrated(
    part: TextPart,
    hits: list[Hit],
    cues: list[Cue],
    sources: dict[int, NarratedEvent],
    dates: list[TextDate],
    paragraph_of: dict[int, int],
    reference: date | None = None,
) -> list[NarratedEvent]:
    """What the text says happened: one event per trigger, or merged into an earlier one of its paragraph."""
    carried = _carry_scene(hits, paragraph_of)
    events: list[NarratedEvent] = list(sources.values())
    found: list[NarratedEvent] = []
    rumours: list[NarratedEvent] = []
    by_trigger: dict[tuple[int, int], NarratedEvent] = {}
    last: tuple[int, TextDate | None, Hit | None] = (-1, None, None)  # paragraph, its last date, the last hit
    for n, hit in enumerate(hits):
        paragraph = paragraph_of[hit.sentence]
        if last[0] != paragraph:
            last = (paragraph, None, None)
        when = when_of(part.text, hit, last[2], dates, last[1])
        if when is not None and not hit.planned:
            when = not_after(when, reference)
        last = (paragraph, when or last[1], hit)
        same = next((e for e in events if e.paragraph == paragraph and _compatible(e, hit, when)), None)
        if same is None and hit.definite and not hit.temporal:  # 'was present at the meeting': the one told before
            same = next((e for e in reversed(found) if e.type == hit.type and e.planned == hit.planned), None)
            if same is None and not hit.places and not any(hit.roles.values()) and when is None:
                continue  # 'To account for the conversation:' in a record: the record's own, not one it tells
        if same is not None:
            _merge(same, hit, when)
            continue
        event = NarratedEvent(
            hit.type,
            paragraph,
            [hit.sentence],
            hit.trigger,
            list(hit.places),
            {k: list(v) for k, v in hit.roles.items()},
            when,
            list(hit.origins),
            list(hit.destinations),
            hit.planned,
            by_trigger.get(hit.planned_by) if hit.planned_by else None,
            addressees_act=hit.addressees_act,
            writer_acts=hit.writer_acts,
            writer_takes_part=hit.writer_takes_part,
            imperative=hit.imperative,
            places_carried=n in carried,
        )
        scope = [k for k, c in enumerate(cues) if paragraph_of[c.sentence] == paragraph and c.start <= hit.trigger[0]]
        if not hit.planned:  # a plan is its planner's, not known through a report
            _attest(event, hit, by_trigger, rumours, sources[scope[-1]] if scope else None)
        if hit.type == "Rumour":
            rumours.append(event)
        by_trigger[hit.trigger] = event
        event.reported_by = hit.reported_by
        events.append(event)
        found.append(event)
    return found


def _attest(
    event: NarratedEvent,
    hit: Hit,
    by_trigger: dict[tuple[int, int], NarratedEvent],
    rumours: list[NarratedEvent],
    source: NarratedEvent | None,
) -> None:
    """How the document knows it: from a named report (hearsay), a rumour, or the report its paragraph cites."""
    if hit.reported_by is not None and hit.reported_by in by_trigger:
        event.attestation, event.according_to = "Hearsay", by_trigger[hit.reported_by]
    elif hit.rumoured and rumours and rumours[-1].sentences[0] == hit.sentence:
        event.attestation, event.according_to = "Rumoured", rumours[-1]
    elif source is not None:
        event.attestation = "Rumoured" if source.type == "Rumour" else "Hearsay"
        event.according_to = source


def _addressees_act(events: list[NarratedEvent], addressees: Sequence[EntityMention]) -> None:
    """Events the addressees are asked to carry out ('you are to send') take them as actors."""
    for event in events:
        if event.addressees_act:
            for addressee in addressees:
                if all(a.entity != addressee.entity for a in event.entities("actor")):
                    event.roles.setdefault("actor", []).append(addressee)


def _writers_act(events: list[NarratedEvent], senders: Sequence[EntityMention]) -> None:
    """'I visited KIM IL SUNG', 'told me': the document's senders act or take part; a decree's measures ('Reorganize
    Sector No. 6') are planned by them."""
    for event in events:
        slot = (
            "planner"
            if event.imperative
            else "actor"
            if event.writer_acts
            else "participant"
            if event.writer_takes_part
            else None
        )
        if slot is None:
            continue
        for sender in senders:
            if all(m.entity != sender.entity for people in event.roles.values() for m in people):
                event.roles.setdefault(slot, []).append(sender)


def _spans(events: list[NarratedEvent], texts: dict[str, _Text], language: str) -> None:
    """The reporting sentences of each event in every text: its own, and their counterparts in the others."""
    read = texts[language]
    anchors = _anchors(read)
    for other_language, other in texts.items():
        mapping = (
            {s.index: [s.index] for s in read.sentences}
            if other is read
            else align(read.sentences, other.sentences, anchors, _anchors(other))
        )
        for event in events:
            spans: list[tuple[int, int]] = []
            for index in event.sentences:
                targets = [other.sentences[j] for j in mapping.get(index, [])]
                if targets:
                    span = (targets[0].start, targets[-1].end)
                    if span not in spans:
                        spans.append(span)
            if spans:
                event.spans[other_language] = spans
            if other is not read and event.from_cue and spans:
                pattern = HEARSAY_RU if other_language == "ru" else HEARSAY_EN
                sentence = other.sentence_at(spans[0][0])
                printed = other.part.text
                if sentence and (m := pattern.search(printed, sentence.start, sentence.end)):
                    end = m.end() if other_language == "ru" else _english_cue_end(other, sentence, m.end())
                    event.notes[other_language] = printed[m.start() : end]
    for event in events:  # each event known through a report carries the attribution as printed, in every language
        if event.according_to is not None and event.according_to.from_cue:
            event.notes = dict(event.according_to.notes)
