"""The words that report events, in Russian and English: triggers per ``dv:`` event type, the cues that mark what the
text knows only at second hand or as rumour, and the small word lists the event rules need. Data only; the rules
that use it are in ``events_ru`` and ``events_en``.

A trigger is (event type, pattern, part of speech, words that must stand in the same clause). Russian patterns match
one token (lower case, 'ё' as 'е'); English patterns match words in the clause text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COMMUNICATION = {
    "OrderGiven",
    "Request",
    "Demand",
    "AppealSent",
    "ReportMade",
    "Rumour",
    "Discussion",
    "MessageSent",
    "Invitation",
}
PATIENT_IS_VICTIM = {"Killing", "Wounding", "Arrest"}
PATIENT_IS_RECIPIENT = {"Invitation", "Appointment"}  # 'invited Pishevari', 'appointed Colonel Zanganeh'
RECIPIENT_TYPES = {
    "Surrender",
    "OrderGiven",
    "Request",
    "Demand",
    "AppealSent",
    "ReportMade",
    "MessageSent",
    "Invitation",
}
MOTION_TO = {"Arrival", "Seizure"}  # 'прибыли в Решт', 'entered Tabriz': the goal is where it happened
MOTION_FROM = {"Flight"}  # 'бежали из Тавриза', 'fled from Tabriz': the flight happened there
APPEAL_OBJECTS = r"обращени|деклараци|заявлени|ультиматум|воззвани|манифест|делегат|меморандум|петици"
APPEAL_OBJECTS_EN = r"appeals?|declarations?|statements?|ultimatums?|proclamations?|manifestos?|delegat\w+|memorand\w+"


@dataclass(frozen=True)
class Trigger:
    type: str
    pattern: re.Pattern[str]
    pos: str = "any"  # noun | verb | any
    needs: re.Pattern[str] | None = None  # must also stand in the clause (Russian) / near the trigger (English)
    unless: re.Pattern[str] | None = None  # English: what, right after the trigger, makes it no event ('occupied with')


def _ru(type_: str, words: str, pos: str = "any", needs: str | None = None) -> Trigger:
    return Trigger(type_, re.compile(f"(?:{words})"), pos, re.compile(needs) if needs else None)


def _en(type_: str, words: str, needs: str | None = None, unless: str | None = None) -> Trigger:
    return Trigger(
        type_,
        re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE),
        "any",
        re.compile(needs, re.IGNORECASE) if needs else None,
        re.compile(unless, re.IGNORECASE) if unless else None,
    )


# 'fighting for democratic reform', 'the battle for the harvest': a struggle for a cause, not an armed clash
CAUSE_AFTER = r"^\s+(?:for|against)\s+(?!the\s+(?:city|town|village|post|bridge|pass|road|hill|station)\b)"
# the visitors a host receives: 'received [the delegation]', 'received the envoy'
VISITORS_AFTER = (
    r"^\s+\[?(?:the\s+)?(?:delegation|envoy|ambassador|minister|representatives?|consul|charg[ée]|guests?|"
    r"visitors?|deputy)"
)
# what a body adopts or approves: a law, a decree, a budget, a resolution
DECIDED_AFTER = r"^\s+(?:(?:a|an|the|its|this|that|new|draft)\s+)*(?:[\w-]+\s+){0,3}(?:laws?|decrees?|budget|resolutions?|decisions?|measures|plan|programme|program|statute|constitution)\b|^\s+to\s+"
# a name (capitalised, whatever the case flag says) or 'the city of' right after the trigger
NAME_AFTER = r"^\s+(?:the\s+)?(?:(?:city|town|village|port)\s+of\s+)?(?-i:[A-Z])"


TRIGGERS_RU: list[Trigger] = [
    _ru(
        "ArmedClash",
        r"перестрел\w*|столкновени\w*|стычк\w*|бо[йяюе]|боях|боев|боями|нападени\w*|обстрел\w*|"
        r"атак[аиуое]\w*|сражени\w*",
        "noun",
    ),
    _ru("ArmedClash", r"напал\w*|атаковал\w*|обстрелял\w*|обстреливал\w*|сражал\w*", "verb"),
    _ru("ArmedClash", r"открыл\w*", "verb", r"огонь|огня|стрельбу"),
    _ru(
        "Killing",
        r"убит\w*|убил\w*|убийств\w*|застрелен\w*|застрелил\w*|расстрелян\w*|расстрелял\w*|зарезан\w*|"
        r"казнен\w*|казнил\w*|погиб\w*",
    ),
    _ru("Wounding", r"ранен\w*|ранил\w*"),
    _ru("Arrest", r"арест\w*|задержан\w*|задержал\w*|задержани\w*"),
    _ru("Surrender", r"сдал(?:ись|ся|ась|ось)|сдач[аиеу]|капитулировал\w*|капитуляци\w*|сдавш\w*"),
    _ru("Surrender", r"сложил\w*", "verb", r"оружи\w*"),
    _ru(
        "Flight",
        r"разбежал\w*|бежал\w*|сбежал\w*|бегств\w*|скрыл(?:ись|ся|ась|ось)|скрыва(?:ется|ются)|"
        r"отступил\w*|рассеял\w*|разбежавш\w*|укрыл(?:ись|ся|ась)",
    ),
    _ru("Arrival", r"прибыл\w*|прибыти\w*|прибывш\w*|приехал\w*|приехавш\w*|прилетел\w*|вступил\w*"),
    _ru("OrderGiven", r"распоряжени\w*|указани\w*|приказ\w*|директив\w*|велел\w*|распорядил\w*"),
    _ru("Request", r"просьб\w*|просил\w*|попросил\w*|просят|просит|ходатайств\w*"),
    _ru("Demand", r"требовани\w*|потребовал\w*|требует|требуют|требовал\w*|ультиматум\w*"),
    _ru("Demand", r"предложил\w*|предлагал\w*", "verb", r"сдаться|сдаваться|разоружиться|сложить"),
    _ru(
        "AppealSent",
        r"передан\w*|послан\w*|направлен\w*|вручен\w*|опубликован\w*|разослан\w*|прислал\w*|"
        r"отправил\w*|послал\w*|передал\w*|направил\w*|опубликовал\w*|вручил\w*|посылк\w*|отправк\w*",
        needs=APPEAL_OBJECTS,
    ),
    _ru("AppealSent", r"провозглашен\w*|провозгласил\w*|провозглашени\w*"),
    _ru(
        "Meeting",
        r"совещани\w*|собрани\w*|заседани\w*|встреч\w*|митинг\w*|встретил\w*|собрал(?:ись|ось)|"
        r"совещал\w*|переговор\w*",
    ),
    _ru("Rumour", r"слух\w*", "noun"),
    _ru(
        "ReportMade",
        r"донесени\w*|доклад\w*|рапорт\w*|сообщил\w*|доложил\w*|донесл\w*|информировал\w*|"
        r"известил\w*|уведомил\w*",
    ),
    _ru("ReportMade", r"передал\w*", "verb", r"что"),
    _ru("Discussion", r"обсужда\w*|обсудил\w*|обсуждени\w*|рассматрива\w*|рассмотрел\w*|рассмотрени\w*"),
    _ru("Protection", r"охран[аеуы]\w*|охрана", "noun", r"усилен\w*|усилил\w*|усиливал\w*|выставлен\w*|выставил\w*"),
    _ru("Protection", r"охраня(?:ют|ет|ли|л|ла)", "verb"),
    _ru("Seizure", r"захват\w*|оккупаци\w*|оккупировал\w*|заняли|занял[аи]?"),
]

TRIGGERS_EN: list[Trigger] = [
    _en(
        "ArmedClash",
        r"fire-?fights?|clash(?:es)?|skirmish(?:es)?|battles?|fighting|shoot-?outs?|"
        r"exchange of fire|opened fire|fired on|attack(?:ed|s)?|assault(?:ed|s)?|invasion|invaded",
        unless=CAUSE_AFTER + r"|^\s+on\s+(?:the\s+)?(?:policy|policies|reforms?|government's\s+policy|press)\b",
    ),
    _en("Killing", r"killed|killing|murder(?:ed|s)?|assassinat(?:ed|ion)|shot dead|executed|execution"),
    _en("Wounding", r"wounded|wounding|injured"),
    _en("Arrest", r"arrest(?:ed|s)?|detained|detention"),
    _en("Surrender", r"surrender(?:ed|s)?|capitulat(?:ed|ion)|laid down (?:their|his) arms"),
    _en(
        "Flight",
        r"fled|flight|scattered|dispersed|ran away|retreated|escaped|hid|is hiding|are hiding|"
        r"took refuge",
    ),
    _en("Arrival", r"arrived|arriving|arrival|came to|arrive|came from|returned to|came back"),  # not of things
    _en("Arrival", r"reached", NAME_AFTER),  # 'reached Tabriz'; not 'reached an understanding', 'reached age 20'
    _en("Departure", r"left for|departed|departure|leave for|withdrawal|withdrew|withdraw|evacuat(?:ed|ion)"),
    _en("Departure", r"leave|leaving|left", NAME_AFTER),  # 'left Tabriz'; not 'left a note'
    _en(
        "OrderGiven",
        r"ordered|orders?|instructions?|instructed|commanded|directives?",
        unless=r"^\s+(?:the\s+)?(?:of\s+)?(?:the\s+)?(?:minister|ministry|commander|chief)\b",
    ),
    _en("Request", r"requests?|requested|asked for|petition(?:ed|s)?|appealed for"),
    _en("Demand", r"demand(?:ed|s)?|ultimatum"),
    _en("Demand", r"proposed|suggested|called on", r"surrender|disarm|lay down"),
    _en("AppealSent", r"sent|sending|delivered|handed|transmitted|published|distributed|dispatched", APPEAL_OBJECTS_EN),
    _en(
        "Meeting",
        r"meetings?|met|conference|session|talks|negotiations?|rally|assembled|conversations?|convened?|convening|"
        r"talk(?:ed|ing)? with|talking|audience",
    ),
    _en(
        "Meeting", r"received", NAME_AFTER + "|" + VISITORS_AFTER
    ),  # 'received Prime Minister Qavam', not 'your letter'
    _en("Visit", r"visit(?:ed|s|ing)?|trip|stay(?:ed)?\s+in|toured"),
    _en("AppealSent", r"proclaimed|proclamation"),
    _en("Rumour", r"rumou?rs?"),
    _en("Discussion", r"told (?:me|us)"),  # 'the Minister told me yesterday': a conversation with the writer
    _en("ReportMade", r"reported|informed|notified|told"),
    _en("ReportMade", r"reports?", r"^\s+(?:to|from|that|dated|of\s+\d|about)\b"),  # not 'the report illuminates'
    _en(
        "Discussion", r"discuss(?:ed|es|ing)?|discussions?|considering|considered|exchang\w* (?:of )?(?:opinions|views)"
    ),
    _en(
        "MessageSent",
        r"telegrams?|cables?|letters?|messages?|notes? verbale|memorand(?:um|a)|teleg\.",
        r"^\s+(?:no\.|of\s+(?:\d|the\s+\d|[A-Z][a-z]+\s+\d)|dated|from|to\s+(?-i:[A-Z])|in\s+\w+'s\s+name|\d)",
    ),
    _en("Invitation", r"invit(?:ed|ation|ations|ing|e|es)"),
    _en("Decision", r"adopted|approved|passed|ratified|decided|resolved", DECIDED_AFTER),
    _en("Decision", r"decisions? (?:of|by|taken)|resolutions? (?:of|by|adopted)"),
    _en(
        "Decision",
        r"(?:laws?|decrees?|resolutions?|budget) (?:has |have )?(?:been |was |were )?(?:adopted|approved|passed)",
    ),
    _en("AppealSent", r"declarations?|statements?|speech(?:es)?", r"^\s+(?:of|by|at|in|to)\b"),
    _en(
        "Appointment",
        r"appoint(?:ed|ment)?|designated?|elected|election of|chose|named",
        r"^[^,;]{0,80}?\bas\b|^\s+to\s+the\s+post\b",
    ),
    _en(
        "Reorganization",
        r"reorgani[sz](?:ed|e|ation)|establish(?:ed|ment)?|set up|founded|founding|dissolved?|dissolution",
    ),
    _en(
        "Protection",
        r"(?:increased|reinforced|strengthened|heavy|tightened) (?:protection|guard|security)|"
        r"guarded|protection of|guard(?:ing)? (?:of )?(?:all )?government",
    ),
    _en(
        "Seizure",
        r"seiz(?:ed|ure)|captured|capture|occupied|occupation|took over|takeover",
        unless=r"^\s+(?:with|in|by\s+(?:the\s+)?(?:question|work|task|matter|problem)s?)\b",
    ),
]

# 'I request your instructions', 'awaiting your orders': the instructions asked for are not an order given
ASKED_FOR_EN = re.compile(
    r"(?:request(?:s|ed|ing)?|ask(?:s|ed|ing)?\s+for|await(?:s|ed|ing)?|expect(?:s|ed|ing)?|need|want|seek(?:ing)?|"
    r"please\s+(?:send|give)|give\s+(?:me|us))\s+(?:your\s+|the\s+|further\s+|urgent\s+|new\s+)*$",
    re.IGNORECASE,
)
# a formula at the head or foot of a text: 'By order of the Minister', 'Sent 6 February', 'Received in Moscow'
FORMULA_EN = re.compile(r"^\s*(?:by\s+order\s+of|sent\b|received\b|dispatched\b|deciphered\b|typed\b)", re.IGNORECASE)
# what is to happen: 'to arrive', 'will be convened', 'is to leave', 'plans to visit'
PLANNED_BEFORE_EN = re.compile(
    r"(?:(?:^|\s)to|\bwill|\bshall|\bwould|\bshould|\bmust|\bis\s+to|\bare\s+to|\bplans?\s+to|"
    r"\bintends?\s+to|\bgoing\s+to)\s+(?:be\s+)?(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
PLANNING_EN = re.compile(
    r"(?<!\w)(?:ordered|instructed|told|asked|requested|proposed|suggested|decided|agreed|planned|plans|intends?|"
    r"invited|directed|charged|permitted|allowed)(?!\w)",
    re.IGNORECASE,
)
# what a trigger cannot be about: 'weapons are arriving', 'keep delaying meetings', 'supporting negotiations'
THINGS_BEFORE_EN = re.compile(
    r"(?:weapons|arms|ammunition|goods|supplies|cargo|equipment|materials?|letters?|telegrams?|news|information)"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
GENERIC_BEFORE_EN = re.compile(
    r"(?:supporting|support|delaying|delay|postponing|postpone|organizing|organising|preferring|favou?ring|avoiding|"
    r"hold(?:ing)?\s+regular|frequent)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
# the object of a wish, proposal or preparation is planned: 'insist on complete withdrawal', 'the possibility of UN
# inspections', 'preparations for an invasion', 'the question of Qavam's trip'
PLAN_OBJECT_BEFORE_EN = re.compile(
    r"(?:insist(?:s|ed)?\s+on|call(?:s|ed)?\s+for|propos(?:e|es|ed|al\s+(?:of|for))|suggest(?:s|ed|ion\s+of)?|"
    r"want(?:s|ed)?|wish(?:es|ed)?|hope(?:s|d)?\s+for|favou?r(?:s|ed)?|prepar(?:e|es|ed|ing)\s+for|"
    r"preparations?\s+for|possib(?:le|ility\s+of)|question\s+of|plans?\s+(?:of|for)|agree(?:d|s)?\s+(?:to|on))"
    r"\s+(?:(?:the|a|an|all|complete|full|immediate|an\s+early)\s+)*(?:[\w’'-]+\s+){0,2}$",
    re.IGNORECASE,
)
# whose message: 'Stalin's congratulatory telegram', 'your letter', 'Mao's 13 May telegram'
POSSESSIVE_BEFORE_EN = re.compile(r"(?:['’]s|\byour|\bhis|\bher|\btheir|\bour|\bmy)\s+(?:[\w.-]+\s+){0,3}$", re.I)
QUESTION_EN = re.compile(r"^\s*(?:is|are|was|were|will|would|shall|should|did|does|do|can|could|has|have)\b", re.I)
# what the text attributes to a source ('по сообщению из Тавриза', 'according to a report from Tabriz'); the
# group 'source' names it; a cue with 'слух' / 'rumour' makes the events rumoured rather than reported
HEARSAY_RU = re.compile(
    r"(?<![\w])(?:по\s+(?:имеющимся\s+|полученным\s+|непроверенным\s+)?(?:сообщени\w+|данным|сведениям|информации|"
    r"донесени\w+|словам|слухам)|согласно\s+(?:сообщени\w+|данным|сведениям|донесени\w+)|как\s+(?:сообщает|сообщают|"
    r"сообщил[аи]?|передают|говорят))(?P<source>[^,.;:\n]*)",
    re.IGNORECASE,
)
HEARSAY_EN = re.compile(
    r"(?<!\w)(?:according\s+to(?!\s+(?:the\s+|a\s+|an\s+|this\s+|that\s+)?(?:[\w-]+\s+)?(?:agreement|plan|schedule|"
    r"treaty|decision|law|order|instructions|programme|program|constitution|custom|rules?|protocol)\b)|as\s+reported\s+by|we\s+have\s+learned\s+from|reports?\s+(?:received\s+)?from)"
    r"(?P<source>(?:\s+(?:an?|the|our)\s+)?(?:\s+\w+)??\s+(?:reports?|information|data|news|intelligence|sources?|"
    r"rumou?rs?|statements?|testimony|telegrams?)(?:\s+(?:of|from|by|received\s+from))?)?",
    re.IGNORECASE,
)
SOURCE_END_EN = re.compile(
    r"\s*(?:our\s+|the\s+|local\s+)*(?:\w+\s+){0,2}(?:people|sources|circles|officials|"
    r"military|command|consulate|agents?|informants?)(?!\w)",
    re.IGNORECASE,
)
RUMOUR_CUE = re.compile(r"слух|rumou?r", re.IGNORECASE)

ANAPHORA_RU = re.compile(r"эт(?:от|а|и|ой|их|им|ом|у)|там|туда|последние|прибывшие|остальные|они|их")
ANAPHORA_EN = re.compile(
    r"(?<!\w)(?:this|these|there|they|them|the latter|the rest|the remaining|those|the city|"
    r"the town)(?!\w)",
    re.IGNORECASE,
)
NEGATION_EN = re.compile(
    r"(?:\bnot|n't|\bno|\bnever|\bneither|\bnor|refrained from|refused to|failed to|without|denied that|"
    r"in the event of|in case of)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
ASKED_FOR_RU = re.compile(r"прош[уу]|просим|просит\w*|жд[уеё]\w*|ожида\w*|нужд\w*")  # 'Прошу Ваших указаний'
REFUSAL_RU = re.compile(r"воздерж\w*|отказал\w*|отказыва\w*")
TEMPORAL_RU = {"после", "до", "перед", "накануне", "вслед"}
TEMPORAL_EN = re.compile(
    r"(?:after|before|following|prior to)\s+(?:the\s+|your\s+|his\s+|their\s+|its\s+|a\s+|an\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
ADDRESSEE_PRONOUN_RU = re.compile(r"ваш\w*")
ADDRESSEE_PRONOUN_EN = re.compile(r"(?<!\w)your(?!\w)", re.IGNORECASE)
ULTIMATUM_VERB_RU = re.compile(r"сообщил\w*|заявил\w*|предупредил\w*|пригрозил\w*|телеграфировал\w*")
ULTIMATUM_VERB_EN = re.compile(
    r"(?<!\w)(?:informed|told|warned|declared|stated|telegraphed|threatened)(?!\w)", re.IGNORECASE
)
ULTIMATUM_NEED = re.compile(
    r"подкреплени\w*|помощ\w*|войск\w*|оружи\w*|reinforcements?|help|troops|arms|assistance", re.IGNORECASE
)
# the document's own report: what follows 'Сообщаю, что', 'I report that' is stated, not reported speech
OWN_REPORT_RU = re.compile(r"сообща(?:ю|ем)|доклад(?:ываю|ываем)|донош[уи]|доносим|информиру(?:ю|ем)")
OWN_REPORT_EN = re.compile(
    r"(?<!\w)(?:I|we)\s+(?:hereby\s+|would\s+like\s+to\s+|must\s+|should\s+|want\s+to\s+|have\s+to\s+)?"
    r"(?:report|inform\s+you|point\s+out|note|stress|emphasi[sz]e|add|say)(?!\w)",
    re.IGNORECASE,
)
# reported content that says what may, would or will happen is not an event
UNREAL_RU = re.compile(r"если|бы|будет|будут|может|могут|должен|должны|собира\w*|намерен\w*")
UNREAL_EN = re.compile(
    r"(?<!\w)(?:if|unless|would|could|will|shall|might|may|should|intends?|plans?)(?!\w)", re.IGNORECASE
)
CONDITION = re.compile(r"(?<!\w)(?:если|if|unless)(?!\w)", re.IGNORECASE)


# English clause cues for plans, the writer, conditions and references back (events_en)
FUTURE_AFTER = re.compile(r"^\s+(?:[\w-]+\s+)?(?:will|would|shall|is\s+to|are\s+to|is\s+planned|are\s+planned)\b", re.I)
HAPPENED_TO = re.compile(r"(?:began|begun|started|proceeded|continued|tried|attempted|came)\s+to\s+$", re.IGNORECASE)
IS_TO = re.compile(r"(?<!\w)(?:is|are|was|were|plans?|planned|intends?|intended|wants?|wished|wishes)\s*$", re.I)
OBJECT_BETWEEN = re.compile(r"\s+(?:(?:the|a|an|an?|immediate|complete|full|urgent|prompt|their|his|its)\s+)*", re.I)
FINITE_AFTER_AND = re.compile(r"\s(?:and|but)\s+(?:then\s+)?(?=[a-z]+ed\b)")
WRITER_BEFORE = re.compile(r"(?:^|[\s,;])(?-i:I|We|we)\s+(?:[a-z]+\s+){0,3}$")
WRITER_AFTER = re.compile(r"\s+(?:with\s+|to\s+)?(?:me|us)\b")
IMPERATIVE = re.compile(
    r"^\s*(?:\(?\d{1,2}[.)]|[a-z]\)|[•-])?\s*(?:reorgani[sz]e|designate|appoint|adopt|involve|charge|instruct|oblige|"
    r"permit|allow|establish|organi[sz]e|create|transfer|allocate|assign|entrust|relieve|approve|send|dispatch|direct|"
    r"prohibit|liquidate|dissolve|form|set\s+up|consider|recognize|recognise)\b",
    re.IGNORECASE,
)
NAME_GOES_ON = re.compile(r"-\w|\s+(?!(?:And|In|On|At|The|To|From|Of|For|With|By)\b)(?-i:[A-Z])[a-z]+")
YOUR_BEFORE = re.compile(r"(?<!\w)your\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
DEFINITE_BEFORE = re.compile(r"(?:^|\s)(?:the|this|that)\s+$", re.IGNORECASE)
THAT = re.compile(r"\s+that\s")
SOON_AFTER = re.compile(r"^(?:\s+[\w.-]+){0,4}?\s+(?:today|tomorrow|tonight|soon|next\s+\w+)\b", re.IGNORECASE)
CONDITIONAL = re.compile(r"^\W*(?:if|unless|in\s+the\s+event\s+(?:of|that)|in\s+case(?:\s+of)?|should)\b", re.I)
THEN = re.compile(r"(?<!\w)then(?!\w)", re.IGNORECASE)
PLAN_GOVERNORS = {"OrderGiven", "Request", "Demand"}


def slot_for(type_: str, function: str) -> str | None:
    """The role slot of a name by its grammatical function in a clause reporting an event of ``type_``: 'actor'
    (carried it out), 'victim', 'recipient' (of an order, request, surrender...), 'participant', or None (a topic,
    a source, what was asked for)."""
    if function == "actor":
        return "actor"
    if function == "patient" and type_ in PATIENT_IS_RECIPIENT:
        return "recipient"
    if function == "patient":
        return "victim" if type_ in PATIENT_IS_VICTIM else (None if type_ in COMMUNICATION else "participant")
    if function == "recipient":
        return "recipient" if type_ in RECIPIENT_TYPES else (None if type_ in COMMUNICATION else "participant")
    if function == "participant":
        return None if type_ in COMMUNICATION else "participant"
    return None
