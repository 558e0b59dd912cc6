"""A Wikidata item's JSON (as ``wbgetentities`` gives it) read into the few facts that linking and enrichment use:
labels and aliases in English and Russian, classes (P31, P279), dates (P569/P570 for people, P571/P576 for places
and groups), coordinates (P625), countries (P27, P17) and the enclosing administrative unit (P131)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

LANGUAGES = ("en", "ru")
TIME = re.compile(r"^([+-])(\d{1,16})-(\d{2})-(\d{2})T")


@dataclass(frozen=True)
class WikiDate:
    """A Wikidata time value at its precision (9 year, 10 month, 11 day), as the first and last day it covers."""

    start: date
    end: date
    precision: int
    text: str  # '1900-09-16', '1900-09' or '1900'

    @property
    def year(self) -> int:
        return self.start.year


@dataclass(frozen=True)
class Item:
    id: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> label
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    description: str = ""
    instance_of: tuple[str, ...] = ()  # P31
    subclass_of: tuple[str, ...] = ()  # P279
    born: WikiDate | None = None  # P569
    died: WikiDate | None = None  # P570
    inception: WikiDate | None = None  # P571
    dissolved: WikiDate | None = None  # P576
    coordinates: tuple[float, float] | None = None  # P625 as (longitude, latitude)
    countries: tuple[str, ...] = ()  # P27 citizenship and P17 country
    located_in: tuple[str, ...] = ()  # P131
    revision: int = 0

    @property
    def names(self) -> list[str]:
        """Every label and alias in English and Russian."""
        names = [self.labels[lang] for lang in LANGUAGES if lang in self.labels]
        for lang in LANGUAGES:
            names += self.aliases.get(lang, ())
        return list(dict.fromkeys(names))

    @property
    def label(self) -> str:
        return self.labels.get("en") or self.labels.get("ru") or self.id

    @property
    def begins(self) -> WikiDate | None:
        return self.born or self.inception

    @property
    def ends(self) -> WikiDate | None:
        return self.died or self.dissolved


def parse_time(value: dict) -> WikiDate | None:
    """``{"time": "+1900-09-16T00:00:00Z", "precision": 11}`` -> 16 September 1900; None for BCE or coarser than a
    year (decades and centuries say too little to check a period)."""
    match = TIME.match(str(value.get("time", "")))
    precision = int(value.get("precision", 0) or 0)
    if not match or match.group(1) == "-" or precision < 9:
        return None
    year, month, day = int(match.group(2)), int(match.group(3)), int(match.group(4))
    if not 1 <= year <= 9999:
        return None
    try:
        if precision >= 11 and month and day:
            start = date(year, month, day)
            return WikiDate(start, start, 11, start.isoformat())
        if precision >= 10 and month:
            last = calendar.monthrange(year, month)[1]
            return WikiDate(date(year, month, 1), date(year, month, last), 10, f"{year:04d}-{month:02d}")
    except ValueError:
        return None
    return WikiDate(date(year, 1, 1), date(year, 12, 31), 9, f"{year:04d}")


def _statements(claims: dict, prop: str) -> list[dict]:
    """Values of one property, preferred rank first, deprecated ones left out."""
    statements = [s for s in claims.get(prop, []) if isinstance(s, dict) and s.get("rank") != "deprecated"]
    statements.sort(key=lambda s: s.get("rank") != "preferred")
    values = []
    for statement in statements:
        snak = statement.get("mainsnak") or {}
        if snak.get("snaktype") == "value" and isinstance(snak.get("datavalue"), dict):
            values.append(snak["datavalue"].get("value"))
    return values


def _items(claims: dict, *props: str) -> tuple[str, ...]:
    ids = []
    for prop in props:
        for value in _statements(claims, prop):
            if isinstance(value, dict) and value.get("id"):
                ids.append(value["id"])
            elif isinstance(value, dict) and value.get("numeric-id"):
                ids.append(f"Q{value['numeric-id']}")
    return tuple(dict.fromkeys(ids))


def _time(claims: dict, prop: str) -> WikiDate | None:
    for value in _statements(claims, prop):
        if isinstance(value, dict) and (parsed := parse_time(value)):
            return parsed
    return None


def _coordinates(claims: dict) -> tuple[float, float] | None:
    for value in _statements(claims, "P625"):
        if not isinstance(value, dict):
            continue
        globe = str(value.get("globe", "Q2"))
        try:
            latitude, longitude = float(value["latitude"]), float(value["longitude"])
        except (KeyError, TypeError, ValueError):
            continue
        if globe.endswith("/Q2") or globe == "Q2":  # on Earth
            if -90 <= latitude <= 90 and -180 <= longitude <= 180:
                return longitude, latitude
    return None


def parse_item(data: dict) -> Item:
    claims = data.get("claims") or {}
    labels = {lang: v["value"] for lang, v in (data.get("labels") or {}).items() if lang in LANGUAGES and "value" in v}
    aliases = {
        lang: tuple(a["value"] for a in values if "value" in a)
        for lang, values in (data.get("aliases") or {}).items()
        if lang in LANGUAGES
    }
    descriptions = data.get("descriptions") or {}
    description = next((descriptions[lang]["value"] for lang in LANGUAGES if lang in descriptions), "")
    return Item(
        id=data["id"],
        labels=labels,
        aliases=aliases,
        description=description,
        instance_of=_items(claims, "P31"),
        subclass_of=_items(claims, "P279"),
        born=_time(claims, "P569"),
        died=_time(claims, "P570"),
        inception=_time(claims, "P571"),
        dissolved=_time(claims, "P576"),
        coordinates=_coordinates(claims),
        countries=_items(claims, "P27", "P17"),
        located_in=_items(claims, "P131"),
        revision=int(data.get("lastrevid") or 0),
    )
