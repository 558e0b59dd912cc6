"""One identity per real thing, and no more than the text proves.

Within a document, a bare name refers back to the one entity the document introduced under a fuller name: a
surname or a family name ('Kim' after 'Kim Il Sung', 'Chou' after 'Chou En-lai'), the head of a longer body's name
('the Democratic Party' after 'the Azerbaijan Democratic Party'). Across documents, an uncurated entity keeps a
corpus-wide IRI only when its name can tell it apart: a person needs a given name and a surname, a body a name
that is not a common description ('Foreign Ministry', 'Federal Government'). The rest get an IRI of their own
document (``Iris.local_slug``): two telegrams' 'Kozlov' are not one person on the strength of a surname.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ontology.iris import local_slug

from .actors import Resolved
from .names import GROUP_HEAD, latin, name_key, strip_honorifics

COMMON_WORDS = frozenset(
    {
        *GROUP_HEAD.lower().replace("organi[sz]ation", "organisation organization").replace("|", " ").split(),
        *"of the and for on in at to".split(),
        *"foreign affairs internal external federal central state national democratic people's peoples".split(),
        *"socialist communist workers workers' general supreme military security public provincial regional".split(),
        *"city district local main political economic trade international joint special permanent".split(),
        *"first second third fourth fifth new former executive standing higher".split(),
    }
)


def full_words(name: str) -> list[str]:
    """The words of a name that are more than an initial or an honorific."""
    words = latin(strip_honorifics(name)).replace("-", " ").split()
    return [w for w in words if len(w.rstrip(".")) > 1 and not w.endswith(".")]


REPRESENTATIONS = {"embassy", "consulate", "legation", "mission", "delegation"}  # a country's, somewhere


def is_description(name: str) -> bool:
    """Whether a body's name is only a common description ('the Council of Ministers', 'the Foreign Ministry')."""
    return _generic(name_key(name))


def is_local(kind: str, name: str) -> bool:
    """Whether an uncurated entity of this name is known only within its document: a person without a given name, a
    description, or a country's representation that does not say where ('the Polish Embassy': in Pyongyang, in
    Washington?)."""
    if kind == "person":
        return len(full_words(name)) < 2
    if kind == "group":
        words = name_key(name).split()
        where = {"in", "to", "at"} & set(words)
        return is_description(name) or bool(words and words[-1] in REPRESENTATIONS and not where)
    return False


def scoped(resolved: Sequence[Resolved], record: str) -> list[Resolved]:
    """The entities with each uncurated one that ``is_local`` given its document's IRI."""
    for entity in resolved:
        entry = entity.entry
        if not entry.curated and is_local(entry.kind, entry.en):
            entity.entry = replace(entry, slug=local_slug(entry.slug, record))
    return list(resolved)


def _keys(entity: Resolved) -> Iterable[str]:
    yield from (name_key(form) for form in entity.entry.forms)
    yield from (name_key(ref.text) for ref in entity.refs)


def _generic(key: str) -> bool:
    return all(word in COMMON_WORDS for word in key.split())


def _describes(short: str, full: str) -> bool:
    """Whether a common description ('federal government') has the head of a body's proper name ('czechoslovak
    government')."""
    return _generic(short) and not _generic(full) and full.split()[-1] == short.split()[-1]


def body_key(name: str) -> str:
    """A body's name key with a possessive turned round and articles dropped: "DPRK's Foreign Affairs Ministry" and
    'the Foreign Affairs Ministry of the DPRK' have one key."""
    key = name_key(name)
    if (owner := re.match(r"^(\S+)'s (.+)$", key)) and " of " not in key:
        key = f"{owner.group(2)} of {owner.group(1)}"
    return " ".join(word for word in key.split() if word != "the")


def referent(kind: str, forms: Sequence[str], resolved: Sequence[Resolved]) -> Resolved | None:
    """The one entity of the document a shorter name refers back to, or None when none or several fit."""
    keys = {name_key(form) for form in forms}
    if kind == "person" and all(" " not in key for key in keys):
        fits = [
            e
            for e in resolved
            if e.entry.kind == "person"
            and any(len(words := k.split()) > 1 and keys & {words[0], words[-1]} for k in _keys(e))
        ]
    elif kind == "group":
        groups = [e for e in resolved if e.entry.kind == "group"]
        fits = [e for e in groups if any(k.endswith(" " + key) for k in _keys(e) for key in keys)] or [
            e for e in groups if any(_describes(key, k) for k in _keys(e) for key in keys)
        ]
    else:
        return None
    unique = {(e.entry.kind, e.entry.slug): e for e in fits}
    return next(iter(unique.values())) if len(unique) == 1 else None


__all__ = ["body_key", "is_description", "is_local", "referent", "scoped"]
