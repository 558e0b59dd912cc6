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
    ADDRESSEE_PRONOUN_EN,
    ANAPHORA_EN,
    COMMUNICATION,
    CONDITION,
    MOTION_FROM,
    MOTION_TO,
    NEGATION_EN,
    OWN_REPORT_EN,
    TEMPORAL_EN,
    TRIGGERS_EN,
    ULTIMATUM_NEED,
    ULTIMATUM_VERB_EN,
    UNREAL_EN,
    slot_for,
)
from .event_model import Cue, EntityMention, Hit
from .sentences import Sentence
from .textview import TextView

Span = tuple[int, int]
SEPARATOR = re.compile(r"[,;:()]|\s[-–—]\s")
CONTENT_OPENER = re.compile(
    r"(?:and\s+|but\s+)?(?:that|if|unless|whether|because|since|although|though|as if)\b", re.IGNORECASE
)
RELATIVE_OPENER = re.compile(r"(?:who|which|whom|whose|where|when)\b", re.IGNORECASE)  # closed by the next comma
ASIDE_OPENER = re.compile(r"(?:having\b|[a-z]+ing\b)", re.IGNORECASE)
CAUSE_OPENER = re.compile(r"(?:in connection with|because of|due to|owing to)\b", re.IGNORECASE)
NEW_CLAUSE = re.compile(r"(?:and|but|while|whereas)\b", re.IGNORECASE)
INNER_CONTENT = re.compile(
    r"\s(?:that|if)\s|\sto\s+(?!the\b|a\b|an\b|his\b|their\b|its\b|our\b|your\b)(?-i:[a-z]+)|"
    r"\sabout\s(?=the\s+(?:seizure|capture|clash|arrest|killing))",
    re.IGNORECASE,
)
PLACE_USE = {"to": "to", "into": "to", "toward": "to", "towards": "to", "from": "from", "out of": "from"}
PASSIVE = re.compile(r"(?:was|were|been|be|is|are|being)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
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
        base = sentence.view_start
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
                hits.append(hit)
    return hits


def _triggers(text: str, spans: list[Span], names: list[tuple[Span, EntityMention]]) -> list[tuple[Span, str]]:
    found: list[tuple[Span, str]] = []
    clause_text = " ".join(text[a:b] for a, b in spans)
    for trigger in TRIGGERS_EN:
        for a, b in spans:
            for m in trigger.pattern.finditer(text, a, b):
                start, end = m.span()
                before = text[max(0, start - 40) : start]
                if any(x < end and start < y for (x, y), _ in names + found):
                    continue
                if NEGATION_EN.search(before) or re.search(r"(?:^|\s)we\s+$", before, re.IGNORECASE):
                    continue
                if re.search(r"(?:^|\s)to\s+$", before) and not trigger.type == "ArmedClash":
                    continue  # 'to surrender', 'to arrive': what was asked or ordered
                near = clause_text if trigger.type == "AppealSent" else text[end : end + 50]
                if trigger.needs is not None and not trigger.needs.search(near):
                    continue
                found.append(((start, end), trigger.type))
    return sorted(found)


def _clause_hits(
    text: str, main: list[Span], others: list[tuple[str, Span]], names: list[tuple[Span, EntityMention]], sentence: int
) -> list[Hit]:
    content: list[Span] = []
    for a, b in main:
        m = INNER_CONTENT.search(text, a, b)
        if m and OWN_REPORT_EN.search(text, a, m.start()):  # 'We report that ...': the document's own statement
            m = INNER_CONTENT.search(text, m.end(), b)
        if m:
            content.append((m.start(), b))
    clause = _subtract(main, content)
    found = _triggers(text, clause, names)
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
        )
        _fill(hit, text, region, names)
        hits.append(hit)
    report = next((h for h in hits if h.type == "ReportMade" and not h.temporal), None)
    for a, b in content:  # what a narrated report says: events known through it, unless they may or will happen
        if report is not None and a > report.trigger[0] and not UNREAL_EN.search(text, a, b):
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


def _fill(hit: Hit, text: str, region: list[Span], names: list[tuple[Span, EntityMention]]) -> None:
    start, end = hit.trigger
    passive = bool(PASSIVE.search(text[:start]))
    nominal = not re.search(r"(?:ed|en|sent|fled|hid|met|fire)$", text[start:end], re.IGNORECASE)
    for (a, b), mention in names:
        if not _inside(region, a, b) or (a < end and start < b):
            continue
        prep = PREPOSITION.search(text[max(0, a - 60) : a])
        word = prep.group(1).lower() if prep else ""
        if mention.kind == "place":
            use = PLACE_USE.get(word, "at")
            if use == "at" or (use == "to" and hit.type in MOTION_TO) or (use == "from" and hit.type in MOTION_FROM):
                if all(p.entity != mention.entity for p in hit.places):
                    hit.places.append(mention)
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
    hit.addressees_act = bool(ADDRESSEE_PRONOUN_EN.search(words))
