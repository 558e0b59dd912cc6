"""Name forms: keys for exact lookup, Russian lemmas, transliteration and a loose phonetic key for fuzzy matching."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

INITIALS = re.compile(r"\b[A-ZА-ЯЁ]\.\s*")
HONORIFICS = re.compile(
    r"^(?:(?:the|comrades?|cde|messrs|mr|mrs|ms|general|gen|colonel|col|governor|marshal|president|prime minister)"
    r"\b\.?\s+|cdes?\.\s*|т\.\s*т\.\s*|тов\.\s*|т\.\s*|генерал\s+|полковник\s+|губернатор\s+)",
    re.IGNORECASE,
)
FEMALE_TITLE = re.compile(r"(?:Mrs\.?|Ms\.?|Miss|Madame|Mme\.?)\s+")
BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
GROUP_HEAD = (  # the last word of a body's name: 'Tudeh Party', 'Soviet Embassy'
    r"Party|Committee|Army|Corps|Division|Brigade|Regiment|Ministry|Council|Congress|Assembly|Front|"
    r"Union|Society|Association|Organi[sz]ation|Bank|Company|Government|Embassy|Consulate|Legation|Agency|"
    r"Politburo|Presidium|Secretariat|Department|Directorate|Commission|Delegation|Mission|Bureau|Section|Navy|"
    r"Staff|Representation|Council of Ministers"
)


def is_cyrillic(text: str) -> bool:
    return bool(CYRILLIC.search(text))


def strip_honorifics(name: str) -> str:
    previous = None
    while previous != name:
        previous = name
        name = HONORIFICS.sub("", name.strip())
    return name


def name_key(name: str) -> str:
    """'Cdes. M.D. BAGIROV' -> 'bagirov'; case, initials, honorifics and punctuation do not count."""
    name = BRACKETS.sub(" ", name)
    name = strip_honorifics(name)
    name = INITIALS.sub(" ", name)
    name = name.lower().replace("ё", "е").replace("’", "'")
    name = re.sub(r"[^\w' -]+", " ", name).replace("-", " ")
    return " ".join(name.split())


@lru_cache(maxsize=1)
def _morph():  # loaded once per process, on first use
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """Nominative singular of a Russian word, preferring a name reading ('СТАЛИНУ' -> 'сталин'). A word that can
    already be a nominative singular stays as it is ('багиров' is not the genitive plural of 'Багир')."""
    word = word.lower()
    if not is_cyrillic(word):
        return word
    parses = [p for p in _morph().parse(word) if "plur" not in p.tag.grammemes]  # names in telegrams are singular
    if not parses or any("nomn" in p.tag.grammemes for p in parses):
        return word
    for parse in parses:
        if {"Surn", "Name", "Geox", "Orgn"} & set(parse.tag.grammemes):
            return parse.normal_form
    return parses[0].normal_form


def lemma_key(name: str) -> str:
    """``name_key`` with each Russian word lemmatised."""
    return " ".join(lemma(word) for word in name_key(name).split())


def latin(text: str) -> str:
    return anyascii(text)


@lru_cache(maxsize=65536)
def spelling_key(name: str) -> str:
    """The name in Latin letters, lower case, with the digraphs of the transliterations made one (Тавриз ~ Tavriz,
    Baghirov ~ Bagirov); vowels kept, so unlike names stay unlike."""
    text = latin(lemma_key(name) if is_cyrillic(name) else name_key(name)).lower()
    for a, b in (
        ("dzh", "j"),
        ("kh", "h"),
        ("gh", "g"),
        ("zh", "j"),
        ("ch", "c"),
        ("sh", "s"),
        ("ts", "c"),
        ("yu", "u"),
        ("ya", "a"),
        ("ye", "e"),
        ("iy", "i"),
        ("y", "i"),
        ("w", "v"),
        ("q", "k"),
        ("'", ""),
    ):
        text = text.replace(a, b)
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def phonetic_key(name: str) -> str:
    """A loose key that survives transliteration: Дарахшани ~ Derakhshani, Марага ~ Maragheh."""
    text = re.sub(r"[aeiou]+", "a", spelling_key(name))
    text = re.sub(r"(.)\1+", r"\1", text)
    text = re.sub(r"h\b", "", text)
    return " ".join(text.split())


def similarity(a: str, b: str) -> float:
    """0-100: how alike two names are across scripts. A bare surname is compared with the other name's last word
    ('Bagirov' ~ 'Mir Jafar Baghirov'); two longer names only as wholes ('Other Foundation' is not 'Leon Levy
    Foundation')."""
    ka, kb = phonetic_key(a), phonetic_key(b)
    if not ka or not kb:
        return 0.0
    whole = fuzz.ratio(ka, kb)
    if (" " in ka) != (" " in kb):
        return max(whole, fuzz.ratio(ka.split()[-1], kb.split()[-1]))
    words_a, words_b = ka.split(), kb.split()
    if len(words_a) == len(words_b) and not all(map(_alike_words, words_a, words_b)):
        return 0.0  # one word differs: 'Chen Yi' is not 'Chen Yun', 'Foreign Trade' is not 'Foreign Affairs'
    return whole


def same_words(a: str, b: str) -> bool:
    """Whether two names are the same words spelt a little differently: as many words, each pair close ('Korean
    Worker’s Party' ~ 'Korean Workers' Party'; not 'Polish Ministry of Foreign Affairs' ~ 'USSR Ministry ...')."""
    words_a, words_b = name_key(a).split(), name_key(b).split()
    return len(words_a) == len(words_b) and all(
        x == y or (min(len(x), len(y)) > 3 and fuzz.ratio(x, y) >= 85) for x, y in zip(words_a, words_b, strict=True)
    )


def _alike_words(a: str, b: str) -> bool:
    """Two phonetic keys of words in the same place of two names: equal when short, else close."""
    return a == b if min(len(a), len(b)) <= 3 else fuzz.ratio(a, b) >= 60


def given_names_agree(name: str, forms: tuple[str, ...]) -> bool:
    """Whether the words before a surname ('I.' in 'I. Kozlov', 'Pat' in 'Pat Nixon') fit one of an entry's forms:
    no given name printed, or the first given name (or its initial) matching one form's first word in any script.
    A surname alone is no evidence that two people are one."""
    given = _given_names(name)
    return not given or any((other := _given_names(form)) and _same_given(given[0], other[0]) for form in forms)


def _same_given(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return fuzz.ratio(phonetic_key(a), phonetic_key(b)) >= 80


def _given_names(name: str) -> list[str]:
    """The given names of a name ('I. V. Stalin' -> ['i', 'v']; 'Joseph Stalin' -> ['joseph']): lower-case Latin
    words before the last, initials as one letter, honorifics left out."""
    words = latin(strip_honorifics(BRACKETS.sub(" ", name))).lower().replace("-", " ").split()
    return [w.rstrip(".")[:1] if w.endswith(".") or len(w.rstrip(".")) == 1 else w for w in words[:-1]]


def slugify(text: str) -> str:
    """'Mir Jafar Baghirov' -> 'mir-jafar-baghirov'; any script is transliterated first."""
    slug = re.sub(r"[^a-z0-9]+", "-", latin(text).lower()).strip("-")
    return slug or "unnamed"


def display_form(name: str) -> str:
    """A label from a printed form: 'I. I. MASLENNIKOV' -> 'I. I. Maslennikov'; mixed case is kept."""
    woman = FEMALE_TITLE.match(name)  # 'Mrs. Nixon' names her; 'Nixon' would name her husband
    name = " ".join(strip_honorifics(BRACKETS.sub(" ", name)).split()).strip(" ,;")
    name = name if re.search(r"(?:^|\s)\w{1,2}\.$", name) else name.rstrip(" .")  # 'Semenov N. N.' keeps its dot
    if woman and " " not in name:
        name = f"{woman.group(0).strip()} {name}"
    if name.isupper():
        name = re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize() if len(m.group(0)) > 1 else m.group(0), name)
    return name
