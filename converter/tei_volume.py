"""A TEI volume's own authority: its list of persons and list of terms (FRUS: ``div[@xml:id='persons']`` with
``item``s of ``persName[@xml:id]`` and the office held, ``div[@xml:id='terms']`` with ``term[@xml:id]`` and the
expansion), as entries valid for the volume.

A person the curated authority file knows by name (exact, lemmatised or surname with agreeing given names; never
fuzzy) is the curated entry, so the Shah of a FRUS telegram is the Shah of a Wilson Center telegram; the others are
entries of their own, one per ``xml:id``, described by the office the list gives. A term is an entity only when it
names a body (its expansion reads as one, or the authority file lists it as a group); 'PBSUCCESS' is not one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import PurePath

from .actors import ORGANISATION
from .authority import Authority, Entry
from .names import slugify
from .tei_xml import XML_ID, XmlTree, tei

SURNAME_FIRST = re.compile(r"^(?P<surname>[^,]+),\s*(?P<given>[^,]+)$")
RANK = re.compile(
    r"^(?:(?:Rear |Vice |Fleet )?Admiral|(?:Lieutenant |Major |Brigadier )?General|(?:Lieutenant )?Colonel|Major|"
    r"Captain|Lieutenant|Marshal|Dr\.|Mr\.|Mrs\.|Sir|Prince|Princess|King|Queen)\s+"
)  # 'Monzón, Colonel Elfego': the rank is not part of the name


@dataclass
class Volume:
    id: str | None
    authority: Authority
    title: str = ""
    persons: dict[str, Entry] = field(default_factory=dict)  # xml:id -> entry
    terms: dict[str, Entry] = field(default_factory=dict)  # xml:id -> entry (bodies only)

    def person(self, attrs: dict[str, str]) -> Entry | None:
        return self.persons.get(_target(attrs))

    def term(self, attrs: dict[str, str]) -> Entry | None:
        return self.terms.get(_target(attrs))

    def known(self, kind: str, name: str) -> Entry | None:
        """The authority's entry for a name (never fuzzy), or None."""
        match = self.authority.lookup(name, (kind,), fuzzy=False)
        return match.entry if match and not match.entry.office else None


def _target(attrs: dict[str, str]) -> str:
    pointer = attrs.get("corresp") or attrs.get("ref") or attrs.get("target") or ""
    return pointer.split()[0].rsplit("#", 1)[-1] if pointer else ""


def display_name(listed: str) -> str:
    """'Khrushchev, Nikita S.' -> 'Nikita S. Khrushchev', 'Monzón, Colonel Elfego' -> 'Elfego Monzón'; a name
    without one comma stays as listed."""
    words = " ".join(listed.split())
    if m := SURNAME_FIRST.match(words):
        return f"{RANK.sub('', m['given'].strip())} {m['surname'].strip()}"
    return words


def _after(item: ET.Element, element: ET.Element) -> str:
    """The text of a list item after the name: the office held and when ('President of Guatemala'), wherever the
    markup puts the name (FRUS wraps it in ``hi``)."""
    full = " ".join("".join(item.itertext()).split())
    name = " ".join("".join(element.itertext()).split())
    at = full.find(name)
    rest = full[at + len(name) :] if at >= 0 else full
    return rest.strip(" ,;:.")


def _lists(root: ET.Element, name: str) -> list[ET.Element]:
    return [div for div in root.iter(tei("div")) if div.get(XML_ID) == name]


def read_volume(tree: XmlTree, source: str, authority: Authority) -> Volume:
    root = tree.root
    idno = next((i for i in root.iter(tei("idno")) if i.get("type") == "frus"), None)
    volume_id = root.get(XML_ID) if root.tag == tei("TEI") else None
    volume_id = volume_id or (idno.text.strip() if idno is not None and idno.text else None)
    if volume_id is None and root.tag == tei("div"):
        stem = PurePath(source).stem
        volume_id = stem if stem != root.get(XML_ID) and not stem.endswith(f"-{root.get(XML_ID)}") else None
        volume_id = volume_id or (stem.rsplit("-", 1)[0] if "-" in stem else None)
    persons: dict[str, Entry] = {}
    for div in _lists(root, "persons"):
        for item in div.iter(tei("item")):
            for element in item.iter(tei("persName")):
                if (xml_id := element.get(XML_ID)) and (name := display_name("".join(element.itertext()))):
                    persons[xml_id] = _person(name, _after(item, element), authority)
    terms: dict[str, Entry] = {}
    for div in _lists(root, "terms"):
        for item in div.iter(tei("item")):
            for element in item.iter(tei("term")):
                abbreviation = " ".join("".join(element.itertext()).split())
                if (xml_id := element.get(XML_ID)) and (entry := _term(abbreviation, _after(item, element), authority)):
                    terms[xml_id] = entry
    own = [e for e in [*persons.values(), *terms.values()] if not e.curated]
    titles = [t for t in root.iter(tei("title")) if t.get("type") in ("complete", None)]
    title = " ".join("".join(titles[0].itertext()).split()) if titles else ""
    return Volume(volume_id, authority.extended(own) if own else authority, title, persons, terms)


def _person(name: str, office: str, authority: Authority) -> Entry:
    match = authority.lookup(name, ("person",), fuzzy=False)
    if match and not match.entry.office:
        return match.entry
    return Entry(kind="person", slug=slugify(name), en=name, note=office or None, curated=False)


def _term(abbreviation: str, expansion: str, authority: Authority) -> Entry | None:
    for form in (expansion, abbreviation):
        if form and (match := authority.lookup(form, ("group",), fuzzy=False)):
            return match.entry
    if expansion and ORGANISATION.search(expansion):
        return Entry(kind="group", slug=slugify(expansion), en=expansion, variants=(abbreviation,), curated=False)
    return None


__all__ = ["Volume", "display_name", "read_volume"]
