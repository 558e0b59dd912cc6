"""Narrated events in a Russian text: natasha's morphology and syntax, comma-delimited clauses and the trigger words
of ``event_lexicon``.

A sentence is cut at commas into segments (not inside an enumeration: 'в городах Миане, Зенджане и Ардебиле');
a segment opened by 'что', 'если', 'который' ... is reported content, by a gerund an aside ('услышав о событиях в
Уску'), by a participle a phrase about a noun ('прибывшие в Решт', an event of its own when its participle is a
trigger), by 'в связи с' a cause; the rest make up the clause ('а', 'но' start a new one). Inside a clause each
trigger takes the words before the first trigger (shared: '22 ноября в городе Марага партизанами убит ... и ранен
...') and those up to the next trigger; an infinitive's words are what was ordered or asked ('ввести в Гилян
войска'), not where it happened; a trigger after 'после' is an earlier event named in passing; triggers after 'слухи'
are what the rumour says. Roles come from case, preposition and natasha's relation: nominative or nsubj acts,
instrumental acts in a passive ('партизанами убит'), dative or 'к' receives, accusative or nsubj:pass suffers.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .event_lexicon import (
    ADDRESSEE_PRONOUN_RU,
    ANAPHORA_RU,
    ASKED_FOR_RU,
    COMMUNICATION,
    CONDITION,
    MOTION_FROM,
    MOTION_TO,
    OWN_REPORT_RU,
    REFUSAL_RU,
    TEMPORAL_RU,
    TRIGGERS_RU,
    ULTIMATUM_NEED,
    ULTIMATUM_VERB_RU,
    UNREAL_RU,
    Trigger,
    slot_for,
)
from .event_model import MOVE_TYPES, Cue, EntityMention, Hit, add_place
from .natasha_models import parse
from .sentences import Sentence
from .textview import TextView

SUBORDINATORS = {"что", "чтобы", "если", "хотя", "пока", "будто", "то", "как"}
RELATIVES = {
    "который",
    "которая",
    "которое",
    "которые",
    "которых",
    "которым",
    "которыми",
    "которого",
    "которой",
    "которому",
    "котором",
    "где",
    "куда",
    "откуда",
    "когда",
}  # a relative clause ends at the next comma
NEW_CLAUSE = {"а", "но", "однако"}
PLACE_NOUN = re.compile(r"город\w*|г|сел[оаеу]\w*|деревн\w*|провинци\w*|район\w*|област\w*|пост\w*|пункт\w*")
SEPARATORS = {",", ";", "(", ")", ":", "—", "–"}


@dataclass
class Tok:
    i: int
    text: str
    low: str
    start: int  # printed offsets
    end: int
    pos: str
    feats: dict[str, str]
    rel: str
    head: int | None

    def is_(self, feature: str, value: str) -> bool:
        return self.feats.get(feature) == value


def _document_tokens(view: TextView) -> list[Tok]:
    """natasha's analysis of the whole view in one batch (page markers and editorial marks blanked out)."""
    text = list(view.text)
    for a, b in view.blocked:
        va, vb = view.view_span(a, b)
        text[va:vb] = " " * (vb - va)
    doc = parse("".join(text))
    index = {token.id: n for n, token in enumerate(doc.tokens)}
    tokens = []
    for n, token in enumerate(doc.tokens):
        start, end = view.original_span(token.start, token.stop)
        tokens.append(
            Tok(
                n,
                token.text,
                token.text.lower().replace("ё", "е"),
                start,
                end,
                token.pos or "",
                dict(token.feats or {}),
                token.rel or "",
                index.get(token.head_id),
            )
        )
    return tokens


def _tokens(everything: list[Tok], starts: list[int], sentence: Sentence) -> list[Tok]:
    """The tokens of one sentence, numbered from 0, heads outside it dropped."""
    first, last = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
    mine = [t for t in everything[first:last] if t.end <= sentence.end]
    local = {t.i: n for n, t in enumerate(mine)}
    return [
        Tok(n, t.text, t.low, t.start, t.end, t.pos, t.feats, t.rel, local.get(t.head) if t.head is not None else None)
        for n, t in enumerate(mine)
    ]


def _segments(tokens: list[Tok], cues: list[Cue]) -> list[list[Tok]]:
    segments: list[list[Tok]] = [[]]
    for k, tok in enumerate(tokens):
        if any(c.start <= tok.start and tok.end <= c.end for c in cues):
            continue  # the attribution ('По сообщению из Тавриза') is a report of its own, not part of the clause
        if tok.text in SEPARATORS or (tok.pos == "PUNCT" and tok.text in {"-"} and tokens[k - 1].text.endswith(")")):
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            enumeration = (
                nxt is not None
                and nxt.rel == "conj"
                and nxt.pos in {"PROPN", "NOUN", "ADJ"}
                and nxt.head is not None
                and tokens[nxt.head] in segments[-1]
                and tokens[nxt.head].pos in {"PROPN", "NOUN", "ADJ"}
            )
            if not enumeration and segments[-1]:
                segments.append([])
            continue
        if tok.pos == "PUNCT" and tok.text in {".", "!", "?", "…", '"', "«", "»"}:
            continue
        segments[-1].append(tok)
    return [s for s in segments if s]


def _kind(segment: list[Tok], previous: str | None) -> str:
    first = segment[0]
    words = " ".join(t.low for t in segment[:3])
    if first.low in SUBORDINATORS or (first.low in {"и", "а"} and len(segment) > 1 and segment[1].low in SUBORDINATORS):
        return "content"
    if first.low in RELATIVES:
        return "relative"
    if words.startswith("в связи с") or words.startswith("в связи"):
        return "cause"
    if first.is_("VerbForm", "Conv"):
        return "aside"
    if first.is_("VerbForm", "Part") and not first.is_("Variant", "Short") and previous is not None:
        return "phrase"  # after a comma: 'прибывшие в Решт'; at the start it qualifies the noun after it
    if previous == "content" and first.low not in NEW_CLAUSE:
        return "content"
    return "main"


def _trigger(tok: Tok, tokens: list[Tok], clause: list[Tok], phrase_head: bool) -> Trigger | None:
    for trigger in TRIGGERS_RU:
        if not trigger.pattern.fullmatch(tok.low):
            continue
        verbal = tok.pos in {"VERB", "AUX"} or "VerbForm" in tok.feats
        if trigger.pos == "noun" and tok.pos not in {"NOUN", "PROPN"}:
            continue
        if trigger.pos == "verb" and not verbal:
            continue
        if verbal:
            form = tok.feats.get("VerbForm")
            if form in {"Inf", "Conv"} or tok.is_("Person", "1"):
                continue
            if form == "Part" and not tok.is_("Variant", "Short") and not phrase_head:
                continue  # 'Сдавшихся жандармов', 'Прибывшие': a back-reference, not a new event
        if tok.i > 0 and tokens[tok.i - 1].low in {"не", "без"}:
            continue  # 'не было', 'без боя'
        if trigger.type == "OrderGiven" and any(
            ASKED_FOR_RU.fullmatch(t.low) for t in tokens[max(0, tok.i - 3) : tok.i]
        ):
            continue  # 'Прошу Ваших указаний': instructions asked for, no order given
        if trigger.needs is not None:
            near = clause if trigger.type == "AppealSent" else tokens[max(0, tok.i - 2) : tok.i + 5]
            if not any(trigger.needs.match(t.low) for t in near if t is not tok):
                continue
        return trigger
    return None


def _subtree(tokens: list[Tok], root: Tok) -> set[int]:
    members = {root.i}
    changed = True
    while changed:
        changed = False
        for t in tokens:
            if t.i not in members and t.head in members:
                members.add(t.i)
                changed = True
    return members


def _preposition(tokens: list[Tok], start: Tok) -> tuple[str, Tok]:
    """The preposition governing a name ('в городе Уску': 'в'), and the noun after it whose case tells direction."""
    k = start.i - 1
    noun = start
    while k >= 0 and k >= start.i - 4:
        tok = tokens[k]
        if tok.pos == "ADP":
            return tok.low, noun
        if PLACE_NOUN.fullmatch(tok.low) or tok.pos in {"ADJ", "DET", "NUM"}:
            if PLACE_NOUN.fullmatch(tok.low):
                noun = tok
            k -= 1
            continue
        break
    return "", noun


def _place_use(tokens: list[Tok], first: Tok, mention: EntityMention) -> str:
    prep, noun = _preposition(tokens, first)
    if prep in {"к", "до", "через"}:
        return "to"
    if prep in {"из", "от", "с"}:
        return "from"
    if prep in {"в", "во", "на"}:
        if noun is not first:
            return "to" if noun.is_("Case", "Acc") else "at"
        printed = first.low
        nominative = (mention.label_ru or "").lower().replace("ё", "е")
        if printed == nominative and re.search(r"[бвгджзклмнпрстфхцчшщ]$", printed):
            return "to"  # 'в Тавриз', 'в Решт': the nominative form after 'в' is the accusative of direction
        return "to" if first.is_("Case", "Acc") and not printed.endswith(("е", "и")) else "at"
    return "at"


def _function(tokens: list[Tok], first: Tok, head: Tok, trigger: Tok) -> str:
    """How a name takes part, from the preposition before its first word and the case and relation of its head."""
    prep, _ = _preposition(tokens, first)
    passive = trigger.is_("Voice", "Pass") or trigger.pos in {"NOUN", "PROPN"}
    if prep == "к":
        return "recipient"
    if prep in {"между", "с", "со"}:
        return "actor"
    if prep:
        return "none"
    first = head
    above = tokens[head.head] if head.head is not None else None
    if head.rel == "nmod" and above is not None and above.rel in {"nsubj", "nsubj:pass"} and above.i < head.i:
        first = above  # 'четыре представителя жандармского управления', 'Руководство комитета': as their noun
    case = first.feats.get("Case")
    if first.rel == "nsubj":
        return "patient" if trigger.is_("Voice", "Pass") and trigger.pos != "NOUN" else "actor"
    if first.rel == "nsubj:pass":
        return "patient"
    if case == "Ins":
        return "actor" if passive else "participant"
    if case == "Dat":
        return "recipient"
    if case == "Acc":
        return "patient"
    if case == "Nom":
        return "patient" if trigger.is_("Voice", "Pass") else "actor"
    if first.rel == "obj":
        return "patient"
    if case == "Gen":  # 'охрана учреждений': what a noun trigger acts on; elsewhere an attribute of another noun
        return "patient" if trigger.pos in {"NOUN", "PROPN"} and 0 <= first.i - trigger.i <= 4 else "none"
    return "participant"


def _in_title(tokens: list[Tok], group: EntityMention, mentions: list[EntityMention]) -> bool:
    """A group named between a title noun and a person's name: the office of that person, not a party to the event."""
    person = next((m for m in mentions if m.kind == "person" and 0 <= m.start - group.end <= 3), None)
    if person is None:
        return False
    before = [t for t in tokens if t.end <= group.start]
    return bool(before) and before[-1].pos in {"NOUN", "ADJ"} and before[-1].rel not in {"obl", "obj", "iobj"}


def _fill(hit: Hit, trigger: Tok, region: set[int], tokens: list[Tok], mentions: list[EntityMention]) -> None:
    for mention in mentions:
        first = next((t for t in tokens if t.start < mention.end and mention.start < t.end), None)
        if first is None or first.i not in region or trigger.start < mention.end and mention.start < trigger.end:
            continue
        if mention.kind == "place":
            use = _place_use(tokens, first, mention)
            if use in ("to", "from") and hit.type in MOVE_TYPES:  # 'бежали в Тегеран': where they went
                add_place(hit.destinations if use == "to" else hit.origins, mention)
            if use == "at" or (use == "to" and hit.type in MOTION_TO) or (use == "from" and hit.type in MOTION_FROM):
                add_place(hit.places, mention)
            continue
        if mention.kind == "group" and _in_title(tokens, mention, mentions):
            continue  # 'Председатель Демократической партии Азербайджана Падеган': the party names his office
        inside = [t for t in tokens if t.start < mention.end and mention.start < t.end]
        head = next((t for t in inside if t.head is None or tokens[t.head] not in inside), first)
        slot = slot_for(hit.type, _function(tokens, first, head, trigger))
        if slot:
            hit.add_role(slot, mention)
    words = [tokens[i] for i in sorted(region)]
    hit.anaphoric = any(ANAPHORA_RU.fullmatch(t.low) for t in words)
    hit.addressees_act = any(ADDRESSEE_PRONOUN_RU.fullmatch(t.low) for t in words)


def _spans(tokens: list[Tok], members: set[int]) -> list[tuple[int, int]]:
    return [(tokens[i].start, tokens[i].end) for i in sorted(members)]


def _clauses(segments: list[list[Tok]]) -> list[tuple[list[list[Tok]], list[tuple[str, list[Tok]]]]]:
    """Main segments grouped into clauses, each with the other segments standing inside or after it."""
    clauses: list[tuple[list[list[Tok]], list[tuple[str, list[Tok]]]]] = []
    previous: str | None = None
    own_report = False
    for segment in segments:
        kind = _kind(segment, previous)
        if kind == "main":
            own_report = any(OWN_REPORT_RU.fullmatch(t.low) for t in segment)
        elif kind == "content" and own_report:  # 'Сообщаю, что ...': the document's own statement
            clauses.append(([], []))
            kind, own_report = "main", False
        if kind == "main" and (not clauses or segment[0].low in NEW_CLAUSE):
            clauses.append(([], []))
        if not clauses:
            clauses.append(([], []))
        if kind == "main":
            clauses[-1][0].append(segment)
        else:
            clauses[-1][1].append((kind, segment))
        previous = kind
    return clauses


def analyse(
    view: TextView, sentences: list[Sentence], mentions: list[EntityMention], cues: list[Cue], skip: set[int]
) -> list[Hit]:
    hits: list[Hit] = []
    everything = _document_tokens(view)
    starts = [t.start for t in everything]
    for sentence in sentences:
        if sentence.index in skip:
            continue
        tokens = _tokens(everything, starts, sentence)
        mine = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        for main, others in _clauses(_segments(tokens, [c for c in cues if c.sentence == sentence.index])):
            hits += _clause_hits(sentence.index, tokens, main, others, mine)
    return hits


def _reported(
    sentence: int,
    tokens: list[Tok],
    hits: list[Hit],
    others: list[tuple[str, list[Tok]]],
    mentions: list[EntityMention],
) -> list[Hit]:
    """What a narrated report says ('Кавиан сообщил, что ... помещики укрылись'): events known through it, unless
    the content says what may, would or will happen."""
    report = next((h for h in hits if h.type == "ReportMade" and not h.temporal), None)
    content = [segment for kind, segment in others if kind == "content"]
    if report is None or not content:
        return []
    words = [t for segment in content for t in segment]
    if any(UNREAL_RU.fullmatch(t.low) or t.is_("Tense", "Fut") for t in words):
        return []
    found = _clause_hits(sentence, tokens, content, [], mentions)
    for hit in found:
        hit.reported_by = report.trigger
    return found


def _clause_hits(
    sentence: int,
    tokens: list[Tok],
    main: list[list[Tok]],
    others: list[tuple[str, list[Tok]]],
    mentions: list[EntityMention],
) -> list[Hit]:
    clause = [t for segment in main for t in segment]
    members = {t.i for t in clause}
    found: list[tuple[Tok, str]] = []
    for tok in clause:
        if any(m.start < tok.end and tok.start < m.end for m in mentions):
            continue
        trigger = _trigger(tok, tokens, clause, phrase_head=False)
        if trigger is None:
            continue
        refused = any(REFUSAL_RU.fullmatch(t.low) for t in clause) and tok.i > 0 and tokens[tok.i - 1].low == "от"
        if not refused:  # 'от посылки ... воздержались': what was not done
            found.append((tok, trigger.type))
    content = [s for kind, s in others if kind == "content"]
    for tok in clause:  # 'сообщил ..., что если он не получит подкреплений': a demand, not a report
        if ULTIMATUM_VERB_RU.fullmatch(tok.low) and any(
            CONDITION.search(" ".join(t.low for t in s)) and any(ULTIMATUM_NEED.fullmatch(t.low) for t in s)
            for s in content
        ):
            found = [(t, ty) for t, ty in found if t is not tok] + [(tok, "Demand")]
    found.sort(key=lambda f: f[0].i)
    if any(ty in COMMUNICATION - {"ReportMade", "Rumour"} for _, ty in found):
        found = [(t, ty) for t, ty in found if ty != "ReportMade"]
    excluded: set[int] = set()
    for tok in clause:  # what was ordered or asked: the infinitive's words
        if tok.is_("VerbForm", "Inf"):
            excluded |= _subtree(tokens, tok) & members
    temporal: dict[int, set[int]] = {}
    for tok, _ in found:
        before = [t for t in tokens[max(0, tok.i - 3) : tok.i]]
        prep = next((t for t in reversed(before) if t.low in TEMPORAL_RU), None)
        if prep is not None and tok.pos in {"NOUN", "PROPN"}:
            temporal[tok.i] = set(range(prep.i, tok.i + 1))
    taken = set().union(*temporal.values()) if temporal else set()
    ordered = [t for t, _ in found if t.i not in temporal]
    rumour = next((t for t, ty in found if ty == "Rumour" and t.i not in temporal), None)
    first = ordered[0].i if ordered else None
    prefix = {i for i in members if first is not None and i < first} - taken - excluded
    phrase_people = [
        m
        for kind, s in others
        if kind == "phrase"
        for m in mentions
        if m.kind != "place" and s[0].start <= m.start and m.end <= s[-1].end
    ]
    hits: list[Hit] = []
    for tok, type_ in found:
        if tok.i in temporal:
            region = temporal[tok.i]
        else:
            after = [t.i for t in ordered if t.i > tok.i]
            stop = after[0] if after else max(members) + 1
            own = {i for i in members if tok.i <= i < stop} - taken - excluded
            rumoured = rumour is not None and tok.i > rumour.i
            region = own if rumoured else own | prefix
        hit = Hit(
            type_,
            sentence,
            (tok.start, tok.end),
            _spans(tokens, region),
            temporal=tok.i in temporal,
            rumoured=rumour is not None and tok.i > rumour.i and tok.i not in temporal,
        )
        _fill(hit, tok, region, tokens, mentions)
        if not hit.temporal:
            for person in phrase_people:
                if type_ not in COMMUNICATION or type_ == "AppealSent":
                    hit.add_role("participant", person)
        hits.append(hit)
    for kind, segment in others:  # 'прибывшие в Решт': a participle phrase's own event
        if kind != "phrase":
            continue
        trigger = _trigger(segment[0], tokens, segment, phrase_head=True)
        if trigger is None:
            continue
        region = {t.i for t in segment}
        hit = Hit(trigger.type, sentence, (segment[0].start, segment[0].end), _spans(tokens, region))
        _fill(hit, segment[0], region, tokens, mentions)
        noun_phrase = main[0] if main else []
        for m in mentions:
            if m.kind != "place" and noun_phrase and noun_phrase[0].start <= m.start and m.end <= noun_phrase[-1].end:
                hit.add_role("actor", m)
        hits.append(hit)
    return hits + _reported(sentence, tokens, hits, others, mentions)
