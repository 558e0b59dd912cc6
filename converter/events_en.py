"""Narrated events in an English text, by rules over words, punctuation and the resolved names (no English parser
installs from the registry; see NOTES).

A sentence is cut at commas into segments (not inside a name or an enumeration of names); a segment opened by 'that',
'if', 'who', 'which' ... is reported content or a relative clause, by 'having' or an '-ing' word an aside ('Having
heard of the events in Usku'), unless that word is a trigger ('arriving in Rasht': an event of its own), by 'in
connection with' a cause; the rest make up the clause ('and', 'but' start a new one). Inside a segment, 'that ...'
and 'to <verb> ...' are content ('a request to bring Iranian troops into Gilan'). Each trigger takes the words before
the first trigger and those up to the next; 'after your instructions' is an earlier event named in passing; after
'rumors' come what the rumours say. Roles: a name before the trigger acts (or suffers, after 'was'/'were'), after it
suffers or receives; 'by' acts, 'to' receives, 'between ... and' both act.
"""

from __future__ import annotations

import re

from .event_lexicon import (
    ANAPHORA_EN,
    ASKED_FOR_EN,
    COMMUNICATION,
    CONDITION,
    CONDITIONAL,
    DEFINITE_BEFORE,
    FINITE_AFTER_AND,
    FORMULA_EN,
    FUTURE_AFTER,
    GENERIC_BEFORE_EN,
    HAPPENED_TO,
    IMPERATIVE,
    IS_TO,
    MOTION_FROM,
    MOTION_TO,
    NAME_GOES_ON,
    NEGATION_EN,
    OBJECT_BETWEEN,
    OWN_REPORT_EN,
    PATIENT_IS_VICTIM,
    PLAN_GOVERNORS,
    PLAN_OBJECT_BEFORE_EN,
    PLANNED_BEFORE_EN,
    PLANNING_EN,
    POSSESSIVE_BEFORE_EN,
    QUESTION_EN,
    SOON_AFTER,
    TEMPORAL_EN,
    THAT,
    THEN,
    THINGS_BEFORE_EN,
    TRIGGERS_EN,
    ULTIMATUM_NEED,
    ULTIMATUM_VERB_EN,
    UNREAL_EN,
    WRITER_AFTER,
    WRITER_BEFORE,
    YOUR_BEFORE,
    slot_for,
)
from .event_model import MOVE_TYPES as MOVES
from .event_model import Cue, EntityMention, Hit, add_place
from .sentences import Sentence
from .textview import TextView

Span = tuple[int, int]
SEPARATOR = re.compile(r"[,;:()]|\s[-–—]\s")
CONTENT_OPENER = re.compile(
    r"(?:and\s+|but\s+)?(?:that|if|unless|whether|because|since|although|though|as if)\b", re.IGNORECASE
)
RELATIVE_OPENER = re.compile(r"(?:who|which|whom|whose|where|when)\b", re.IGNORECASE)  # closed by the next comma
ASIDE_OPENER = re.compile(
    r"(?:having\b|(?!(?:according|during|regarding|concerning|including|notwithstanding|pending)\b)[a-z]+ing\b)",
    re.IGNORECASE,
)
CAUSE_OPENER = re.compile(r"(?:in connection with|because of|due to|owing to)\b", re.IGNORECASE)
NEW_CLAUSE = re.compile(r"(?:and|but|while|whereas|then)\b", re.IGNORECASE)
INNER_CONTENT = re.compile(
    r"\s(?:that|if)\s|\sto\s+(?!the\b|a\b|an\b|his\b|their\b|its\b|our\b|your\b)(?-i:[a-z]+)|"
    r"\sabout\s(?=the\s+(?:seizure|capture|clash|arrest|killing))",
    re.IGNORECASE,
)
PLACE_USE = {"to": "to", "into": "to", "toward": "to", "towards": "to", "from": "from", "out of": "from"}
PASSIVE = re.compile(r"(?<!\w)(?:was|were|been|be|is|are|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
PREPOSITION = re.compile(
    r"(?:^|\s)(by|to|into|towards?|between|and|with|from|about|of|against|for|in|at|near|on|"
    r"outside|inside|out of|on the part of)\s+(?:the\s+|a\s+|an\s+|all\s+)?"
    r"(?:(?:city|town|village|province|district|region)\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)


def _subtract(spans: list[Span], holes: list[Span]) -> list[Span]:
    result = []
    for a, b in spans:
        pieces = [(a, b)]
        for x, y in holes:
            pieces = [p for s, e in pieces for p in ((s, min(e, x)), (max(s, y), e)) if p[0] < p[1]]
        result += pieces
    return result


def _inside(spans: list[Span], a: int, b: int) -> bool:
    return any(x <= a and b <= y + 1 for x, y in spans) or (
        any(x <= a < y for x, y in spans) and any(x < b <= y for x, y in spans)
    )


def _segments(text: str, names: list[Span]) -> list[Span]:
    cuts = [0]
    for m in SEPARATOR.finditer(text):
        if any(a <= m.start() < b for a, b in names):
            continue  # 'Astara, Iran'
        rest = text[m.end() :]
        if (
            m.group(0) == ","
            and any(
                a == m.end() + len(rest) - len(rest.lstrip()) or re.fullmatch(r"\s*and\s+", text[m.end() : a])
                for a, _ in names
                if a >= m.end()
            )
            and any(b == m.start() for _, b in names)
        ):
            continue  # 'Meyaneh, Zanjan, and Ardebil'
        cuts += [m.start(), m.end()]
    cuts.append(len(text))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in spans if text[a:b].strip()]


def _kind(segment: str, previous: str | None) -> str:
    if CONTENT_OPENER.match(segment):
        return "content"
    if RELATIVE_OPENER.match(segment):
        return "relative"
    if CAUSE_OPENER.match(segment):
        return "cause"
    if ASIDE_OPENER.match(segment):
        word = segment.split()[0]
        return "phrase" if any(t.pattern.fullmatch(word) for t in TRIGGERS_EN) else "aside"
    if previous == "content" and not NEW_CLAUSE.match(segment):
        return "content"
    return "main"


def analyse(
    view: TextView, sentences: list[Sentence], mentions: list[EntityMention], cues: list[Cue], skip: set[int]
) -> list[Hit]:
    hits: list[Hit] = []
    for sentence in sentences:
        if sentence.index in skip:
            continue
        printed = view.text[sentence.view_start : sentence.view_end]
        if FORMULA_EN.match(printed) or printed.rstrip().endswith("?") or QUESTION_EN.match(printed):
            continue  # 'Sent 6 February', 'By order of the Minister', 'Is he going to arrest the governor?'
        base = sentence.view_start
        imperative = bool(IMPERATIVE.match(printed))
        then = (m.start() for m in THEN.finditer(printed)) if CONDITIONAL.match(printed) else None
        consequence = next(then, len(printed)) if then is not None else None  # 'If ..., then ... will be convened'
        text = list(view.text[base : sentence.view_end])
        for a, b in view.blocked:
            va, vb = view.view_span(a, b)
            for k in range(max(va, base), min(vb, sentence.view_end)):
                text[k - base] = " "
        cue_spans = [
            tuple(x - base for x in view.view_span(c.start, c.end)) for c in cues if c.sentence == sentence.index
        ]
        for a, b in cue_spans:  # the attribution is a report of its own, not part of the clause
            text[a:b] = " " * (b - a)
        chunk = "".join(text)
        names = []
        for m in mentions:
            if sentence.start <= m.start and m.end <= sentence.end:
                va, vb = view.view_span(m.start, m.end)
                if not any(a <= va - base < b for a, b in cue_spans):
                    names.append(((va - base, vb - base), m))
        clauses: list[tuple[list[Span], list[tuple[str, Span]]]] = []
        previous = None
        for a, b in _segments(chunk, [s for s, _ in names]):
            kind = _kind(chunk[a:b], previous)
            if kind == "main" and (not clauses or NEW_CLAUSE.match(chunk[a:b])):
                clauses.append(([], []))
            if not clauses:
                clauses.append(([], []))
            if kind == "main":
                clauses[-1][0].append((a, b))
            else:
                clauses[-1][1].append((kind, (a, b)))
            previous = kind
        for main, others in clauses:
            for hit in _clause_hits(chunk, main, others, names, sentence.index):
                hit.trigger = view.original_span(base + hit.trigger[0], base + hit.trigger[1])
                hit.region = [view.original_span(base + a, base + b) for a, b in hit.region if b > a]
                if hit.reported_by is not None:
                    hit.reported_by = view.original_span(base + hit.reported_by[0], base + hit.reported_by[1])
                if hit.planned_by is not None:
                    hit.planned_by = view.original_span(base + hit.planned_by[0], base + hit.planned_by[1])
                if imperative and not hit.temporal:  # '1. Reorganize Sector No. 6 ...': what the decree orders
                    hit.planned = hit.imperative = True
                if consequence is not None and not (hit.planned and hit.trigger[0] >= sentence.start + consequence):
                    continue  # 'If the Democrats attack ...', 'In the event of an attack': nothing happened
                hits.append(hit)
    return hits


def _triggers(
    text: str, spans: list[Span], names: list[tuple[Span, EntityMention]]
) -> tuple[list[tuple[Span, str]], set[Span]]:
    """The triggers of a clause, and those of them that say what is to happen ('to arrive', 'will be convened')."""
    found: list[tuple[Span, str]] = []
    planned: set[Span] = set()
    clause_text = " ".join(text[a:b] for a, b in spans)
    for trigger in TRIGGERS_EN:
        for a, b in spans:
            for m in trigger.pattern.finditer(text, a, b):
                start, end = m.span()
                before = text[max(0, start - 40) : start]
                if any(x < end and start < y for (x, y), _ in names + found):
                    continue
                if NEGATION_EN.search(before) or (
                    re.search(r"(?:^|\s)we\s+$", before, re.IGNORECASE) and not text[start:end].endswith("ed")
                ):
                    continue  # 'we request': the document's own act (but 'We reported this in a report of ...')
                if trigger.unless is not None and trigger.unless.search(text[end : end + 60]):
                    continue  # 'fighting for democratic reform', 'occupied with the budget'
                if trigger.type == "OrderGiven" and ASKED_FOR_EN.search(before):
                    continue  # 'I request your instructions': no order was given
                if (trigger.type == "Arrival" and THINGS_BEFORE_EN.search(before)) or GENERIC_BEFORE_EN.search(before):
                    continue  # weapons arriving, supporting negotiations
                near = clause_text if trigger.type == "AppealSent" else text[end : end + 50]
                if trigger.needs is not None and not trigger.needs.search(near):
                    if not (trigger.type == "MessageSent" and POSSESSIVE_BEFORE_EN.search(before)):
                        continue
                if (
                    (PLANNED_BEFORE_EN.search(before) and not HAPPENED_TO.search(before))
                    or FUTURE_AFTER.match(text[end : end + 40])
                    or PLAN_OBJECT_BEFORE_EN.search(text[max(0, start - 70) : start])
                    or (re.search(r"(?:is|are)\s+$", before) and SOON_AFTER.match(text[end : end + 40]))
                ):
                    planned.add((start, end))
                found.append(((start, end), trigger.type))
    return sorted(found), planned


def _clause_hits(
    text: str, main: list[Span], others: list[tuple[str, Span]], names: list[tuple[Span, EntityMention]], sentence: int
) -> list[Hit]:
    content: list[Span] = []
    for a, b in main:
        writer_own = OWN_REPORT_EN.search(text, a, b)  # 'I would like to point out that ...': the writer's own
        if writer_own and writer_own.start() - a < 15 and (that := THAT.search(text, writer_own.end(), b)):
            a = that.end() - 1 if that.start() - writer_own.end() < 30 else a
        m = INNER_CONTENT.search(text, a, b)
        if m and OWN_REPORT_EN.search(text, a, m.start()):  # 'We report that ...': the document's own statement
            m = INNER_CONTENT.search(text, m.end(), b)
        if m:
            content.append((m.start(), b))
    clause = _subtract(main, content)
    found, planned = _triggers(text, clause, names)
    for a, b in main:  # 'informed the government that if he does not receive reinforcements': a demand
        for m in ULTIMATUM_VERB_EN.finditer(text, a, b):
            after = text[m.end() : b] + " ".join(text[x:y] for kind, (x, y) in others if kind == "content")
            if CONDITION.search(after) and ULTIMATUM_NEED.search(after):
                found = [f for f in found if f[0] != m.span()] + [(m.span(), "Demand")]
    found.sort()
    if any(ty in COMMUNICATION - {"ReportMade", "Rumour"} for _, ty in found):
        found = [f for f in found if f[1] != "ReportMade"]
    temporal: dict[Span, Span] = {}
    for span, _ in found:
        if m := TEMPORAL_EN.search(text[: span[0]]):
            temporal[span] = (m.start(), span[1])
    holes = list(temporal.values())
    ordered = [span for span, _ in found if span not in temporal]
    rumour = next((span for span, ty in found if ty == "Rumour" and span not in temporal), None)
    end = max((b for _, b in main), default=0)
    prefix = _subtract([(a, min(b, ordered[0][0])) for a, b in clause if ordered and a < ordered[0][0]], holes)
    hits: list[Hit] = []
    for span, type_ in found:
        if span in temporal:
            region = [temporal[span]]
        else:
            stop = next((s[0] for s in ordered if s[0] > span[0]), end)
            own = _subtract([(max(a, span[0]), min(b, stop)) for a, b in clause if a < stop and b > span[0]], holes)
            region = own if rumour is not None and span > rumour else own + prefix
        hit = Hit(
            type_,
            sentence,
            span,
            region,
            temporal=span in temporal,
            rumoured=rumour is not None and span > rumour and span not in temporal,
            planned=span in planned,
        )
        _fill(hit, text, region, names)
        hits.append(hit)
    _demanded(text, hits)
    report = next((h for h in hits if h.type == "ReportMade" and not h.temporal), None)
    for a, b in content:  # what a narrated report says: events known through it, unless they may or will happen
        governor = next((h for h in reversed(hits) if h.type in PLAN_GOVERNORS and h.trigger[0] < a), None)
        planning = PLANNING_EN.search(text, main[0][0] if main else a, a) or IS_TO.search(text[:a])
        if governor is not None or (planning and not (report is not None and report.trigger[0] < a)):
            hits += _plans(text, (a, b), names, sentence, governor)  # 'ordered the governor to arrive in Tabriz'
        elif report is not None and a > report.trigger[0] and not UNREAL_EN.search(text, a, b):
            for hit in _clause_hits(text, [(a + 1, b)], [], names, sentence):
                hit.reported_by = report.trigger
                hits.append(hit)
    for kind, (a, b) in others:  # 'arriving in Rasht'
        if kind != "phrase":
            continue
        word = re.match(r"\S+", text[a:b])
        trigger = next((t for t in TRIGGERS_EN if t.pattern.fullmatch(word.group(0))), None) if word else None
        if trigger is None or word is None:
            continue
        hit = Hit(trigger.type, sentence, (a, a + len(word.group(0))), [(a, b)])
        _fill(hit, text, [(a, b)], names)
        for (x, y), mention in names:
            if mention.kind != "place" and main and main[0][0] <= x and y <= main[0][1]:
                hit.add_role("actor", mention)
        hits.append(hit)
    return hits


def _demanded(text: str, hits: list[Hit]) -> None:
    """'demanded the withdrawal of Soviet troops', 'ordered the arrest of': the object of an order, request or demand
    is what it asks for, a plan."""
    for governor, hit in zip(hits, hits[1:], strict=False):
        if (
            governor.type in PLAN_GOVERNORS
            and not hit.planned
            and OBJECT_BETWEEN.fullmatch(text[governor.trigger[1] : hit.trigger[0]])
        ):
            hit.planned, hit.planned_by = True, governor.trigger
            hit.roles = {
                slot: [m for m in people if m not in governor.roles.get("actor", [])]
                for slot, people in hit.roles.items()
            }


def _plans(
    text: str, span: Span, names: list[tuple[Span, EntityMention]], sentence: int, governor: Hit | None
) -> list[Hit]:
    """What an order, request or decision says is to be done: planned activities, planned by whoever gave it."""
    a, b = span
    opener = re.match(r"\s*(?:that\s+|to\s+)?", text[a:b])
    start = a + (opener.end() if opener else 0)
    plans = []
    if cut := FINITE_AFTER_AND.search(text, start, b):  # what follows 'and ordered' happened: a clause of its own
        plans += _clause_hits(text, [(cut.start() + 1, b)], [], names, sentence)
        b = cut.start()
    for hit in _clause_hits(text, [(start, b)], [], names, sentence):
        if hit.temporal or hit.type in {"ReportMade", "Rumour"}:
            continue
        hit.planned = True
        hit.planned_by = governor.trigger if governor is not None else None
        plans.append(hit)
    if not plans:  # 'to arrive' after the object: the infinitive opens the content
        for (x, y), trigger_type in _triggers(text, [(a, b)], names)[0]:
            if trigger_type in {"ReportMade", "Rumour"}:
                continue
            hit = Hit(trigger_type, sentence, (x, y), [(x, b)], planned=True)
            hit.planned_by = governor.trigger if governor is not None else None
            _fill(hit, text, [(x, b)], names)
            plans.append(hit)
    return plans


def _fill(hit: Hit, text: str, region: list[Span], names: list[tuple[Span, EntityMention]]) -> None:
    start, end = hit.trigger
    if (
        hit.type == "Visit"
        and any(  # 'I visited KIM IL SUNG': a meeting with him, not a visit to a place
            re.fullmatch(r"\s+", text[end:a]) and m.kind == "person" for (a, _), m in names if a >= end
        )
    ):
        hit.type = "Meeting"
    passive = bool(PASSIVE.search(text[:start]))
    nominal = not re.search(r"(?:ed|en|sent|fled|hid|met|fire)$", text[start:end], re.IGNORECASE)
    for (a, b), mention in names:
        if not _inside(region, a, b) or (a < end and start < b):
            continue
        prep = PREPOSITION.search(text[max(0, a - 60) : a])
        word = prep.group(1).lower() if prep else ""
        if mention.kind == "place":
            if NAME_GOES_ON.match(text, b):
                continue  # 'USSR Academy of Sciences', 'Soviet-Iranian': part of another name, not a place of the event
            use = PLACE_USE.get(word, "at")
            if use == "to" and hit.type in MOVES:
                add_place(hit.destinations, mention)  # 'fled to Khalkhal': where they went, not where they fled
            if use == "from" and hit.type in MOVES:
                add_place(hit.origins, mention)
            if use == "at" or (use == "to" and hit.type in MOTION_TO) or (use == "from" and hit.type in MOTION_FROM):
                add_place(hit.places, mention)
            continue
        if word == "and" and not re.search(r"\bbetween\b", text[max(0, a - 60) : a], re.IGNORECASE):
            word = ""  # '..., and the gendarmes of the city fled': a new subject, not 'between X and Y'
        if word == "of" and b <= start:
            word = ""  # 'the Tabriz garrison of the Iranian army surrendered': the subject's owner acts
        if word == "by":
            function = "actor"
        elif word in {"to", "towards", "toward"}:
            function = "recipient"
        elif word in {"between", "and", "with"}:
            function = "actor" if hit.type in {"ArmedClash", "Meeting", "Discussion"} else "participant"
        elif word == "of" and nominal and a >= end:
            function = "actor" if hit.type in {"Arrival", "Surrender", "Flight", "Meeting", "Discussion"} else "patient"
        elif word:
            function = "none"
        elif a < start:
            function = "patient" if passive else "actor"
        else:
            function = "actor" if hit.type == "Meeting" else "patient"  # 'met Pishevari': both meet
        slot = slot_for(hit.type, function)
        if slot:
            hit.add_role(slot, mention)
    words = " ".join(text[a:b] for a, b in region)
    hit.anaphoric = bool(ANAPHORA_EN.search(words))
    hit.addressees_act = bool(YOUR_BEFORE.search(text[max(0, start - 40) : start]))  # 'your instructions'
    before = " ".join(text[a:b] for a, b in region if a < start)
    hit.writer_acts = hit.type not in PATIENT_IS_VICTIM and bool(WRITER_BEFORE.search(before))
    hit.writer_takes_part = bool(
        WRITER_AFTER.match(text[end : end + 12]) or re.search(r"\b(?:me|us)$", text[start:end])
    )
    hit.definite = hit.type in {"Meeting", "Discussion"} and bool(
        DEFINITE_BEFORE.search(text[max(0, start - 12) : start])
    )
