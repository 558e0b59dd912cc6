"""Mentions in English (and other Latin-script) texts: the authority gazetteer, then cue patterns for names it does
not list, then the original's unlisted names projected onto the translation, then every further occurrence.

No statistical English model installs from the package registry; a spaCy blank pipeline with an entity ruler is the
baseline this replaces (``bench/entities.py`` compares them). Cues:

- persons: a title before the name ('Colonel X', 'General X', 'governor X', 'Cdes. X, Y, and Z', 'Mr. X') or an
  office after it ('X, the governor of ...');
- places: 'the city of X', 'the cities of X, Y, and Z', 'the village of X', 'X Province', 'X District';
- groups: capitalised words ending in Party, Committee, Army, Ministry, Council, ... ('Kurdish Democratic Party').

Projection: a name of the original that the authority file does not know ('Гасанова') is compared with the
capitalised word sequences of the translation after transliteration and a phonetic key ('Hasanov'); only a unique
best above ``actors.CLUSTER_THRESHOLD`` is taken, and the mention keeps the original's form as its ``gloss``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import geonames
from .actors import CLUSTER_THRESHOLD
from .authority import Authority
from .gazetteer import gazetteer, word_keys
from .mentions import Mention, from_matches, lookup, mention
from .names import GROUP_HEAD, is_cyrillic, similarity
from .textview import TextView

UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽȘȚ"  # 'Rákosi', 'Ceaușescu', 'Łódź', 'Šik'
LOWER = "a-zß-öø-ÿā-žșț"
WORD = rf"(?:[{UPPER}][{LOWER}'’]*[{UPPER}{LOWER}]|(?:[{UPPER}]\.)+)(?:-[{UPPER}{LOWER}][{LOWER}'’]*)*"  # 'V.E.' too
NAME = rf"{WORD}(?:[ \t](?:(?:ol|os|ul|al|ad|ud|od|ed|es|as|ibn|bin|ben|de|van|von)[ \t-])?{WORD}){{0,3}}"
NAME_LIST = rf"(?P<names>{NAME}(?:,[ \t]+{NAME})*(?:,?[ \t]+and[ \t]+{NAME})?)"
PERSON_TITLE = (
    r"(?:Lieutenant[ \t]|Major[ \t]|Brigadier[ \t])?(?:Colonel|General)s?|Col\.|Gen\.|Lieutenant|Lt\.|"
    r"Major|Captain|Capt\.|Sergeant|[Gg]overnors?|Cdes?\.|Comrades?|Messrs\.|Mr\.|Mrs\.|Ms\.|Dr\.|"
    r"[Aa]mbassador|Prime[ \t]Minister|[Pp]remier|Minister|[Cc]onsul|[Vv]ice-[Cc]onsul|Mullah?|Sheikh|"
    r"Marshal|President|Professor|Prof\.|Senator|Ayatollah|Sardar|Academician|[Ii]nterpreter|[Aa]ttach[eé]|"
    r"Secretary-General|(?:Major|Lieutenant)-General|Vice[ \t-]Premier|(?:Vice|Deputy|Foreign)[ \t-]Minister|Chairman|"
    r"comrades?"
)
PERSON_CUE = re.compile(rf"(?<![\w.])(?:{PERSON_TITLE})[ \t]+\[?{NAME_LIST}")  # 'Vice-Consul [Lang]' too
BY_CLERK = re.compile(  # 'Deciphered by Morozov', 'Typed by Bantsekina', 'compiled by V. N. Malin'
    rf"\b(?:[Dd]eciphered|[Dd]ecoded|[Ee]nciphered|[Ee]ncoded|[Tt]yped|[Cc]ompiled|[Dd]rafted|[Pp]repared|[Cc]opied|"
    rf"[Rr]ecorded|[Ww]ritten|[Aa]pproved|[Cc]leared)[ \t]+by[ \t]+{NAME_LIST}"
)
APPOSITION = (
    re.compile(  # 'the Chairman of the Iranian Majlis, Tabatabai, and', 'the leader of the people, Sattar Khan,'
        rf"\b(?:[Ll]eader|[Cc]hairman|[Hh]ead|[Ss]ecretary|[Cc]ommander|[Cc]hief|[Pp]resident|[Pp]remier|[Mm]inister|"
        rf"[Aa]mbassador|[Cc]onsul|[Gg]overnor)[ \t]+of[ \t]+[^,.;:\n]{{3,60}},[ \t]+(?P<names>{NAME}),"
    )
)
PORTFOLIO = (  # what a ministry or a department is of: 'Minister of Railways Kim Hoe-il'
    r"Affairs|Relations|Railways|Health|Defen[cs]e|Trade|Finance|Culture|Education|Agriculture|Industry|Protocol|"
    r"Security|Justice|Interior|Communications|Transport|Labou?r|Planning|Information|Propaganda"
)
OFFICE_BEFORE = re.compile(  # 'Vice Minister of Foreign Affairs Chang Wen-chin', 'Chairman of the Planning Commission X'
    rf"\b(?:(?:Vice|Deputy|First)[ \t-])?(?:Minister|Chairman|Director|Secretary|Head|Chief|Commissar)[ \t]+of[ \t]+"
    rf"(?:the[ \t]+)?(?:[A-Z][\w'’-]*[ \t]+){{0,3}}(?:{PORTFOLIO}|{GROUP_HEAD})[ \t]+(?P<names>{NAME})"
)
TRAILING_INITIALS = re.compile(  # 'Zernov P.M.', 'Khariton Yu. B.': a Russian surname before its initials
    rf"(?<![\w.-])(?P<names>[{UPPER}][{LOWER}]{{2,}}(?:-[{UPPER}][{LOWER}]+)?[ \t]+[{UPPER}][{LOWER}]?\.[ \t]?"
    rf"[{UPPER}][{LOWER}]?\.)(?![ \t]*[{UPPER}][{LOWER}])"  # not 'Comrade L. I. Brezhnev': initials before a name
)
SURNAME = rf"[{UPPER}][{LOWER}'’]+(?:-[{UPPER}][{LOWER}]+)?"
SURNAME_LIST = re.compile(  # 'Vannikov, Yakovlev, Zavenyagin, Goremykin, Meshik and Khariton'
    rf"(?P<names>{SURNAME}(?:,[ \t]+{SURNAME}){{2,}}(?:,?[ \t]+and[ \t]+{SURNAME})?)(?![ \t]+[{UPPER}])"
)
SURNAME_ENDING = re.compile(r"(?:ov|ev|yov|in|yn|sky|ski|skii|enko|yan|ian|vich|uk|ko|adze|shvili)$")
OFFICE_AFTER = re.compile(  # not 'Minister of Health, the head of the delegation'
    rf"(?<!\bof )(?<!\bof the )(?<![\w'’-])(?P<names>{NAME}),[ \t]+(?:the[ \t]+)?(?:[A-Z]\w*(?:'s|’s)?[ \t]+)?"
    r"(?:former[ \t]+|new[ \t]+|deputy[ \t]+|candidate[ \t]+|first[ \t]+)?"
    r"(?:[Gg]overnor|[Cc]ommander|[Cc]hief|[Hh]ead|[Mm]inister|[Aa]mbassador|[Cc]onsul|[Ll]eader|[Cc]hairman|"
    r"[Ss]ecretary|[Pp]rime [Mm]inister|[Pp]remier|[Mm]ayor|[Ee]nvoy|[Rr]epresentative|[Dd]irector|[Cc]ommissar|"
    r"member|[Aa]dviser|[Cc]ounsel+or|[Aa]ttach[eé])\b"
)
PLACE_CUE = re.compile(
    rf"\b(?:city|cities|town|towns|village|villages|port|province|district|region|settlement|"
    rf"oblast|county)[ \t]+of[ \t]+{NAME_LIST}"
)
PLACE_SUFFIX = re.compile(rf"(?P<names>{NAME}[ \t]+(?:Province|province|District|district|Oblast|oblast))\b")
AFTER_PREPOSITION = re.compile(rf"(?<=[a-z,] )(?:in|near|through|into|outside|across)[ \t]+(?P<names>{NAME})")
FULL_NAME = rf"{WORD}(?:[ \t](?:de|van|von|al|el|bin)?[ \t]?{WORD}){{1,2}}"
RESPELLED = re.compile(  # 'Jeong Il-ryong [Jong Il Ryong]': an editor's second spelling of a whole name
    rf"(?P<names>{FULL_NAME})[ \t]+\[(?P<spelling>{FULL_NAME})\]"
)
NAME_ROLL = (
    re.compile(  # 'Ion Gheorghe Maurer, Emil Bodnaras, Manea Manescu and Paul Niculescu-Mizil': an attendance list
        rf"(?P<names>{FULL_NAME}(?:,[ \t]+{FULL_NAME}){{2,}}(?:,?[ \t]+and[ \t]+{FULL_NAME})?)"
    )
)
GROUP_CUE = re.compile(  # 'the Korean Workers' Party', 'the Government of the DPRK', 'the CPSU Politburo'
    rf"(?P<names>(?:(?:[A-Z][\w'’]*[ \t]+){{1,4}}(?:{GROUP_HEAD})|(?:{GROUP_HEAD})(?=[ \t]+of[ \t]))"
    rf"(?:[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][\w'’]*(?:[ \t]+[A-Z][\w'’]*){{0,3}})?)\b"
)
REPRESENTED = re.compile(  # 'the Polish Embassy in Pyongyang': where a representation is, is part of its name
    r"(?P<names>(?:[A-Z][\w'’]*[ \t]+){1,3}(?:Embassy|Consulate|Legation|Mission|Delegation)[ \t]+(?:in|to)[ \t]+"
    r"[A-Z][\w'’]*(?:[ \t]+[A-Z][\w'’]*){0,2})\b"
)
NATIONS = (  # a people named in the plural is a group: 'the Americans', 'the Kurds'
    r"Americans|Russians|Soviets|Koreans|Germans|Poles|Hungarians|Romanians|Bulgarians|Czechs|Slovaks|Yugoslavs|"
    r"Iranians|Persians|Kurds|Azerbaijanis|Armenians|Georgians|Turks|Arabs|Afghans|Pakistanis|Indians|Cubans|"
    r"Brazilians|Mongolians|Albanians|Syrians|Egyptians|Israelis|Italians|Britons|Europeans|Asians|Africans"
)
PEOPLE_CUE = re.compile(  # 'the Americans'; 'Chinese troops', 'the Mongolian people', 'Soviet forces'
    rf"(?<![\w-])(?P<names>(?:{NATIONS})|(?:Soviet|[A-Z][a-z]+(?:an|ese|ish|i))[ \t]+(?:troops|people|forces))\b"
)
CAPITALISED_RUN = re.compile(NAME)
LOWER_WORD = re.compile(r"(?<![\w-])[a-z][a-z'’-]*(?![\w-])")
NOT_NAMES = {
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
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "To",
    "From",
    "Of",
    "By",
    "For",
    "With",
    "And",
    "But",
    "Or",
    "As",
    "This",
    "That",
    "These",
    "Those",
    "Our",
    "Their",
    "His",
    "Her",
    "Its",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "After",
    "Before",
    "According",
    "Having",
    "There",
    "Here",
    "Also",
    "Received",
    "Telegram",
    "Top",
    "Secret",
    "Copy",
    "No",
    "Not",
    "Comrade",
    "Comrades",
    "Cde",
    "Cdes",
    "Province",
    "City",
    "Government",
    "General",
    "Colonel",
    "Governor",
    "Mr",
    "Soviet",
    "Iranian",
    "American",
    "British",
    "Russian",
    "Persian",
    "Kurdish",
    "Azerbaijani",
    "Turkish",
    "English",
    "Your",
    "My",
    "When",
    "If",
    "Since",
    "During",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Please",
    "Report",
    "Decree",
    "Letter",
    "Memorandum",
    "Translation",
    "Original",
    "Minister",
    "President",
    "Dr",
    "DR",
    "Chairman",
    "Deputy",
    "Secretary",
    "Ambassador",
    "Consul",
    "Prime",
    "Premier",
    "Staff",
    "Headquarters",
    "Ministry",
    "Office",
    "Embassy",
    "Tass",
    "Red",
    "Army",
    "State",
    "Central",
    "Committee",
    "Council",
    "Party",
    "People",
    "Democratic",
    "National",
    "Sir",
}


def _names(view: TextView, match: re.Match[str], group: str = "names", suffix: bool = False) -> list[tuple[int, int]]:
    """The names in a cue's name list, each trimmed at the first word that is not a name (except a place's
    suffix: 'Kermanshah Province')."""
    spans = []
    start = match.start(group)
    for m in re.finditer(NAME, match.group(group)):
        words = list(re.finditer(r"\S+", m.group(0)))
        kept: list[re.Match[str]] = []
        for k, w in enumerate(words):
            if re.fullmatch(PERSON_TITLE, w.group(0)):
                kept = []  # 'Marshal Chen Yi and Comrade Chen Yun', 'Foreign Minister Heo Dam': the name follows
                continue
            if w.group(0).rstrip(".") in NOT_NAMES and not (suffix and k == len(words) - 1 and kept):
                break
            kept.append(w)
        if kept and not all(len(w.group(0)) == 2 and w.group(0).endswith(".") for w in kept):
            end = start + m.start() + kept[-1].end()
            end -= 2 if kept[-1].group(0).endswith(("'s", "’s")) else 0  # 'Radmanesh's speech': the name alone
            spans.append((start + m.start() + kept[0].start(), end))
    return spans


def _cue_spans(view: TextView) -> list[tuple[int, int, str]]:
    text = view.text
    found: list[tuple[int, int, str]] = []
    for pattern, kind in (
        (TRAILING_INITIALS, "person"),
        (REPRESENTED, "group"),
        (OFFICE_BEFORE, "person"),
        (PERSON_CUE, "person"),
        (OFFICE_AFTER, "person"),
        (BY_CLERK, "person"),
        (APPOSITION, "person"),
        (PLACE_CUE, "place"),
        (PLACE_SUFFIX, "place"),
        (AFTER_PREPOSITION, "place"),
        (NAME_ROLL, "roll"),
        (RESPELLED, "roll"),
    ):
        for m in pattern.finditer(text):
            if pattern in (TRAILING_INITIALS, REPRESENTED):  # initials, 'in Pyongyang': part of the name
                start = m.start("names") + (4 if m.group("names").startswith("The ") else 0)
                if pattern is REPRESENTED or text[start:].split()[0] not in NOT_NAMES:
                    found.append((start, m.end("names"), kind))
                continue
            found += [(a, b, kind) for a, b in _names(view, m, suffix=pattern is PLACE_SUFFIX)]
    found += [(m.start("names"), m.end("names"), "group") for m in PEOPLE_CUE.finditer(text)]
    for m in GROUP_CUE.finditer(text):
        words = m.group("names").split()
        skip = 0
        while (
            skip < len(words) - 1
            and words[skip]
            in NOT_NAMES
            - {
                "Soviet",
                "Iranian",
                "American",
                "British",
                "Kurdish",
                "Azerbaijani",
                "Democratic",
                "National",
                "Red",
                "Central",
                "State",
                "People",
            }
            and not (re.fullmatch(GROUP_HEAD, words[skip]) and words[skip + 1] == "of")
        ):  # 'Government of the DPRK'
            skip += 1
        start = m.start("names") + m.group("names").index(words[skip]) if skip else m.start("names")
        end = m.end("names")
        if (tail := re.search(r"[ \t]+of[ \t]+(?:the[ \t]+)?(\w+)", text[start:end])) and tail.group(1) in NOT_NAMES:
            end = start + tail.start()  # 'the Executive Committee of March 14': the month is no part of the name
        if start < end and (" of " in text[start:end] or not re.fullmatch(GROUP_HEAD, text[start:end].split()[0])):
            found.append((start, end, "group"))
    return found


def _surname_lists(view: TextView, authority: Authority) -> list[tuple[int, int, str]]:
    """The items of a list of three or more single names, when half of them are listed people or have a surname's
    ending ('-ov', '-enko', '-shvili'): the rest of such a list are people too, unless a known place or body."""
    found: list[tuple[int, int, str]] = []
    for m in SURNAME_LIST.finditer(view.text):
        if re.search(rf"[{UPPER}][\w'’-]*[ \t]$", view.text[: m.start()]):
            continue  # the list starts inside a longer name: 'Ion Gheorghe Maurer, Emil Bodnaras, ...'
        items = [
            (m.start("names") + w.start(), m.start("names") + w.end()) for w in re.finditer(SURNAME, m.group("names"))
        ]
        names = [view.text[a:b] for a, b in items]
        people = sum(
            bool(
                SURNAME_ENDING.search(name.lower())
                or ((hit := authority.lookup(name, fuzzy=False)) and hit.entry.kind == "person")
            )
            for name in names
        )
        if people * 2 >= len(names):  # 'roll': a person unless a known place or body ('Kiev', 'Berlin')
            found += [(a, b, "roll") for (a, b), name in zip(items, names, strict=True) if name not in NOT_NAMES]
    return found


def _free(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return not any(a < end and start < b for a, b in taken)


def _projections(view: TextView, hints: list[Mention], taken: list[tuple[int, int]]) -> dict[str, Mention]:
    """For each unlisted name of the original, the translation's unique best capitalised word sequence."""
    candidates: dict[str, None] = {}
    for run in CAPITALISED_RUN.finditer(view.text):
        words = [w for w in re.finditer(r"\S+", run.group(0))]
        for i in range(len(words)):
            for j in range(i, min(i + 4, len(words))):
                a, b = run.start() + words[i].start(), run.start() + words[j].end()
                phrase = view.text[a:b]
                if _free(a, b, taken) and words[i].group(0) not in NOT_NAMES and words[j].group(0) not in NOT_NAMES:
                    candidates[phrase] = None
    chosen: dict[str, Mention] = {}
    for hint in hints:
        variants = {hint.form}
        if is_cyrillic(hint.form):
            head, _, last = hint.form.rpartition(" ")
            variants |= {f"{head} {stem}".strip() for stem in word_keys(last) if len(stem) > 2}
        scored = sorted(((max(similarity(v, c) for v in variants), c) for c in candidates), reverse=True)
        if scored and scored[0][0] >= CLUSTER_THRESHOLD and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            best = scored[0][1]  # the fullest good candidate that holds the best: 'Haji Abbas' rather than 'Abbas'
            chosen[max((c for s, c in scored if s >= CLUSTER_THRESHOLD and best in c), key=len)] = hint
    return chosen


def _geonames_place(
    name: str, lower_words: set[str], authority: Authority, in_text: bool = False
) -> geonames.GeoPlace | None:
    """A GeoNames place, unless the name is the authority file's person or group ('Brezhnev' was a town's name for
    six years) or a common word the text also writes in lower case ('Part' at a sentence's start)."""
    if name.lower() in lower_words or name.endswith(("'s", "’s")):
        return None
    place = geonames.find(name, in_text=in_text)
    return None if place is None or authority.lookup(name, ("person", "group"), fuzzy=False) else place


def _gazetteer_places(
    view: TextView, source: str, authority: Authority, taken: list[tuple[int, int]], lower_words: set[str]
) -> list[Mention]:
    """Countries and large cities GeoNames knows, wherever a capitalised run names one whole (the longest first)."""
    found = []
    for run in CAPITALISED_RUN.finditer(view.text):
        words = list(re.finditer(r"\S+", run.group(0)))
        spans = sorted(((i, j) for i in range(len(words)) for j in range(i, len(words))), key=lambda s: s[0] - s[1])
        for i, j in spans:
            start, end = run.start() + words[i].start(), run.start() + words[j].end()
            name = view.text[start:end]
            if not _free(start, end, taken) or words[i].group(0) in NOT_NAMES:
                continue
            if place := _geonames_place(name, lower_words, authority, in_text=True):
                found.append(mention(view, source, start, end, "place", "geonames", geonames.entry_of(place)))
                taken.append((start, end))
    return _editorial(view, authority, found)


EDITORIAL = re.compile(r"[ \t]*\[(?P<inner>[^\]\n]{2,80})\]")
CORRECTION = re.compile(
    r"^(?:sic|SIC)\b[,.:;]?\s*(?:(?:correctly|properly|should\s+be|spelled|i\.e\.)\s+)*(?P<name>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,3})"
)
COMPLETION = re.compile(r"^[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,3}$")


def _editorial(view: TextView, authority: Authority, found: list[Mention]) -> list[Mention]:
    """An editor's brackets after a person's name complete, respell or correct it: 'Ding [Guoyu]' is Ding Guoyu,
    'Jeong Il-ryong [Jong Il Ryong]' is one name in two spellings, 'Dorokshani [SIC, spelled Darakhshani ...]' is
    whoever 'Darakhshani' is; the printed form stays a variant."""
    result = []
    for m in found:
        bracket = EDITORIAL.match(view.original, m.end) if m.kind == "person" else None
        inner = bracket.group("inner").strip() if bracket else ""
        if correction := CORRECTION.match(inner):
            name = correction.group("name")
            match = authority.lookup(name, ("person",))
            m = replace(
                m, gloss=name, entry=match.entry if match else m.entry, method="authority" if match else m.method
            )
        elif COMPLETION.match(inner) and not m.entry:  # 'Ding [Guoyu]'; 'Ch'iao Kuan-hua [Qiao Guanhua]': a spelling
            whole = inner.split()[0] == m.form.split()[0] or (" " in inner and " " in m.form)
            m = replace(m, gloss=inner if whole else f"{m.form} {inner}")
        result.append(m)
    return result


def find_latin(view: TextView, source: str, authority: Authority, hints: list[Mention]) -> list[Mention]:
    text = view.text
    lower_words = set(LOWER_WORD.findall(text))  # a capitalised word also written in lower case is a common word
    found = from_matches(view, source, gazetteer(authority).find(text))
    taken = [view.view_span(m.start, m.end) for m in found]
    unlisted: dict[str, tuple[str, str, str | None]] = {}  # form -> (kind, method, gloss)
    for start, end, kind in _cue_spans(view) + _surname_lists(view, authority):
        inner = [
            m
            for m in found
            if m.entry
            and m.entry.kind != kind
            and start <= view.view_span(m.start, m.end)[0]
            and view.view_span(m.start, m.end)[1] <= end
            and (m.end - m.start) < end - start
        ]
        if kind == "group":  # 'the Central Committee of the Romanian Communist Party': the party stays named too
            if not _free(start, end, [span for span in taken if not start <= span[0] < span[1] <= end]):
                continue
        else:
            for m in inner:  # 'the port of Bandar Shah' is a place, not the Shah
                found.remove(m)
                taken.remove(view.view_span(m.start, m.end))
            if not _free(start, end, taken):
                continue
        name = text[start:end]
        if kind == "roll":  # a name in a list of full names is a person unless it is a known place or body
            if authority.lookup(name, ("place", "group"), fuzzy=False) or geonames.find(name):
                continue
            kind = "person"
        match = lookup(authority, name, (kind,))
        place = _geonames_place(name, lower_words, authority) if kind == "place" and not match else None
        if match:
            found.append(mention(view, source, start, end, kind, "authority", match.entry, match.score))
        elif place:
            found.append(mention(view, source, start, end, kind, "geonames", geonames.entry_of(place)))
        else:
            found.append(mention(view, source, start, end, kind, "cue"))
            unlisted.setdefault(name, (kind, "cue", None))
        taken.append((start, end))
    found += _gazetteer_places(view, source, authority, taken, lower_words)
    for phrase, hint in _projections(view, hints, taken).items():
        unlisted.setdefault(phrase, (hint.kind, "projection", hint.form))
    # every further occurrence of an unlisted name, and a person's surname alone
    for name, (kind, _, gloss) in list(unlisted.items()):
        if kind == "person" and " " in name and len(surname := name.split()[-1]) > 3:
            unlisted.setdefault(surname, (kind, "propagation", gloss))
    for name in sorted(unlisted, key=len, reverse=True):
        kind, method, gloss = unlisted[name]
        for occurrence in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w’-]|'\w)", text):
            start, end = occurrence.start(), occurrence.end()
            if _free(start, end, taken):
                found.append(
                    replace(
                        mention(view, source, start, end, kind, method if method != "cue" else "propagation"),
                        gloss=gloss,
                    )
                )
                taken.append((start, end))
    return _editorial(view, authority, found)
