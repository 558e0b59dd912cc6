"""English cues to names the authority file does not list: the patterns that say a name follows (a title, an office,
'the city of', a list of surnames) or what a body's name looks like, the words that are never names, and the spans
they give in a text view (``cue_spans``). ``mentions_en`` decides what each span names.

- persons: a title before the name ('Colonel X', 'Cdes. X, Y, and Z', 'Minister of Railways X'), an office after it
  ('X, the governor of ...', 'X, member of ...'), an apposition ('the Chairman of the Majlis, X,'), a clerk's line
  ('Deciphered by X'), initials after a surname ('Zernov P.M.'), an editor's respelling ('X [Y]');
- places: 'the city of X', 'the cities of X, Y, and Z', 'X Province', 'in X';
- groups: capitalised words ending in Party, Committee, Army, Ministry, ... ('Kurdish Democratic Party'), a head
  before 'of' ('the Government of the DPRK'), a representation and where it is ('the Polish Embassy in Pyongyang'),
  a people in the plural ('the Americans') or its troops.
"""

from __future__ import annotations

import calendar
import re

from .names import GROUP_HEAD
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
    *(name for name in (*calendar.month_name, *calendar.day_name) if name),
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


def names_in(view: TextView, match: re.Match[str], group: str = "names", suffix: bool = False) -> list[tuple[int, int]]:
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


def cue_spans(view: TextView) -> list[tuple[int, int, str]]:
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
            found += [(a, b, kind) for a, b in names_in(view, m, suffix=pattern is PLACE_SUFFIX)]
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
