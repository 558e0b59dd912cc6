"""Language names of the export (``Russian``, ``Translation - English``) as ISO 639-1 codes, and a paragraph's language.

A paragraph's language is told by its script first (Cyrillic, Latin, Han, ...); where two expected languages share a
script, by counting common function words. Good enough to split a body into its original and its translation(s).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

LANGUAGE_CODES = {
    "russian": "ru",
    "english": "en",
    "german": "de",
    "french": "fr",
    "chinese": "zh",
    "korean": "ko",
    "japanese": "ja",
    "persian": "fa",
    "farsi": "fa",
    "azerbaijani": "az",
    "azeri": "az",
    "polish": "pl",
    "czech": "cs",
    "slovak": "sk",
    "hungarian": "hu",
    "romanian": "ro",
    "bulgarian": "bg",
    "serbian": "sr",
    "croatian": "hr",
    "serbo-croatian": "sh",
    "slovenian": "sl",
    "spanish": "es",
    "italian": "it",
    "ukrainian": "uk",
    "mongolian": "mn",
    "vietnamese": "vi",
    "arabic": "ar",
    "hebrew": "he",
    "portuguese": "pt",
    "albanian": "sq",
    "georgian": "ka",
    "armenian": "hy",
    "turkish": "tr",
    "dutch": "nl",
    "swedish": "sv",
    "finnish": "fi",
    "norwegian": "no",
    "danish": "da",
    "lithuanian": "lt",
    "latvian": "lv",
    "estonian": "et",
    "greek": "el",
    "hindi": "hi",
    "urdu": "ur",
    "kazakh": "kk",
    "uzbek": "uz",
    "belarusian": "be",
    "macedonian": "mk",
    "lao": "lo",
    "khmer": "km",
    "thai": "th",
    "indonesian": "id",
    "burmese": "my",
    "tajik": "tg",
}
LANGUAGE_NAMES = {code: name.title() for name, code in LANGUAGE_CODES.items()}
LANGUAGE_NAMES_RU = {
    "ru": "русский",
    "en": "английский",
    "de": "немецкий",
    "fr": "французский",
    "zh": "китайский",
    "fa": "персидский",
    "az": "азербайджанский",
    "ko": "корейский",
    "ja": "японский",
    "pl": "польский",
    "cs": "чешский",
    "hu": "венгерский",
    "bg": "болгарский",
    "ro": "румынский",
    "uk": "украинский",
    "mn": "монгольский",
    "es": "испанский",
    "it": "итальянский",
    "vi": "вьетнамский",
    "ar": "арабский",
    "tr": "турецкий",
    "sr": "сербский",
}

SCRIPTS = {  # the scripts a language is written in
    "ru": {"Cyrillic"},
    "uk": {"Cyrillic"},
    "bg": {"Cyrillic"},
    "be": {"Cyrillic"},
    "mk": {"Cyrillic"},
    "mn": {"Cyrillic"},
    "kk": {"Cyrillic"},
    "tg": {"Cyrillic"},
    "sr": {"Cyrillic", "Latin"},
    "az": {"Cyrillic", "Latin", "Arabic"},
    "uz": {"Cyrillic", "Latin"},
    "zh": {"Han"},
    "ja": {"Han", "Kana"},
    "ko": {"Hangul", "Han"},
    "fa": {"Arabic"},
    "ar": {"Arabic"},
    "ur": {"Arabic"},
    "he": {"Hebrew"},
    "el": {"Greek"},
    "ka": {"Georgian"},
    "hy": {"Armenian"},
    "hi": {"Devanagari"},
    "th": {"Thai"},
    "lo": {"Lao"},
    "km": {"Khmer"},
    "my": {"Myanmar"},
}
FUNCTION_WORDS = {
    "en": "the of and to in that is was for on with by as at from this which be are have were it not".split(),
    "de": "der die das und zu den von mit sich des auf für ist im nicht ein eine als auch dem wird".split(),
    "fr": "le la les de des et en du un une que est pour qui dans par sur au pas avec ce il".split(),
    "es": "el la los las de que y en del se por con para una un es al lo como su".split(),
    "it": "il di che la e per un una del della in non sono le gli al con si da".split(),
    "pt": "o a os as de que e do da em um uma para com não por se na no".split(),
    "pl": "i w na z że do się nie jest to o jak po przez od dla przy".split(),
    "cs": "a v na se že je do z o to jako by ve pro s jsou".split(),
    "hu": "a az és hogy nem is egy meg de van volt csak már ki".split(),
    "ro": "și de la în din cu pe care a nu o un ca mai fost pentru".split(),
    "nl": "de het een en van in is dat op te niet met voor zijn".split(),
    "ru": "и в не на что с по как из к о от за для это то был но он же".split(),
    "uk": "і в не на що з по як із до про від за для це та був але він".split(),
    "bg": "и в не на че с по като от за да се е са това но той ще".split(),
}


def language_code(name: str) -> str | None:
    """'Russian' -> 'ru'; also accepts a code ('ru')."""
    key = name.strip().lower()
    if key in LANGUAGE_CODES.values():
        return key
    return LANGUAGE_CODES.get(key)


@functools.cache
def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for script in (
        "CYRILLIC",
        "LATIN",
        "GREEK",
        "ARABIC",
        "HEBREW",
        "HANGUL",
        "GEORGIAN",
        "ARMENIAN",
        "DEVANAGARI",
        "THAI",
        "LAO",
        "KHMER",
        "MYANMAR",
    ):
        if name.startswith(script):
            return script.title()
    if name.startswith("CJK"):
        return "Han"
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "Kana"
    return None


def dominant_script(text: str) -> str | None:
    """The script most letters of ``text`` are in; on a tie, the one whose letters come first."""
    counts: dict[str, int] = {}
    for ch, number in Counter(text).items():  # characters in order of first appearance
        if script := _script(ch):
            counts[script] = counts.get(script, 0) + number
    return max(counts, key=counts.__getitem__) if counts else None


def guess_language(text: str, expected: list[str]) -> str | None:
    """The one of ``expected`` that ``text`` is written in, or None when it cannot be told."""
    script = dominant_script(text)
    if script is None:
        return None
    candidates = [code for code in expected if script in SCRIPTS.get(code, {"Latin"})]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    words = re.findall(r"\w+", text.lower())
    scores = {code: sum(w in FUNCTION_WORDS.get(code, ()) for w in words) for code in candidates}
    best = max(scores.values())
    winners = [code for code, score in scores.items() if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None
