"""The Wikidata review file (``ontology/wikidata-review.toml``): the linker's candidates with their scores, features
and the facts that enrichment imports, and the curator's decisions, which every build honours.

One table per entity, keyed ``kind/slug``; one ``[[key.candidates]]`` block per Wikidata item. A curator edits:

    set = "Q123"              on the entity: link it to this item, whatever the candidates say
    decision = "accept"       on a candidate: link it (owl:sameAs)
    decision = "reject"       on a candidate: never link it, nor list it as a candidate

What the build links is, in order: the authority file's id; ``set``; the accepted candidate; the candidate the rule
marked ``auto = true`` unless rejected. The rest (not rejected) become ``dv:candidateMatch``. The linker rewrites the
file on each run and keeps every decision; writing what was read gives the same text.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from converter.errors import ConfigError

DECISIONS = ("", "accept", "reject")
QID = re.compile(r"^Q[1-9][0-9]*$")
FEATURES = ("name", "type", "time", "context")
HEADER = """\
# Wikidata links for Depesha's people, groups and places: written by 'depesha link', honoured by every build.
# Curators: set = "Q..." on an entity links it by hand; decision = "accept" | "reject" on a candidate accepts or
# rejects it. Ids in ontology/authority/*.toml always win. Scores are 0-100; the features explain them (name,
# type, time, context); 'auto = true' marks the candidate the rule links (unique, above the threshold, type and
# period agree, evidence beyond the name). born, died, coordinates, labels are imported with their provenance.
"""


@dataclass
class Candidate:
    id: str
    decision: str = ""
    auto: bool = False
    score: int = 0
    features: dict[str, int] = field(default_factory=dict)
    why: str = ""
    label: str = ""
    label_ru: str = ""
    description: str = ""
    born: str = ""
    died: str = ""
    coordinates: tuple[float, float] | None = None
    revision: int = 0
    retrieved: str = ""
    source: str = ""


@dataclass
class Entry:
    key: str  # kind/slug
    label: str = ""
    curated: str = ""  # the authority file's id, for information
    set: str = ""  # a curator's choice by hand
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.key.split("/", 1)[0]

    def candidate(self, qid: str) -> Candidate | None:
        return next((c for c in self.candidates if c.id == qid), None)

    def link(self) -> tuple[str, str] | None:
        """(Q-id, how) the build links, curated ids aside; a ``ConfigError`` when two candidates are accepted."""
        if self.set:
            return self.set, "set by a curator in the review file"
        accepted = [c for c in self.candidates if c.decision == "accept"]
        if len(accepted) > 1:
            raise ConfigError(
                f"review file: [{self.key}] accepts {accepted[0].id} and {accepted[1].id}; "
                'accept one, or give set = "Q..."'
            )
        if accepted:
            return accepted[0].id, "accepted by a curator in the review file"
        auto = next((c for c in self.candidates if c.auto and c.decision != "reject"), None)
        if auto:
            return auto.id, f"linked by rule: the unique candidate scoring {auto.score} ({auto.why})"
        return None


def _string(value: object, where: str, name: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{where}: '{name}' must be a string")
    return value


def _qid(value: str, where: str, name: str) -> str:
    if value and not QID.match(value):
        raise ConfigError(f"{where}: '{name}' = \"{value}\" is not a Wikidata item id (Q followed by digits)")
    return value


def _candidate(data: dict, where: str) -> Candidate:
    qid = _qid(_string(data.get("id", ""), where, "id"), where, "id")
    if not qid:
        raise ConfigError(f"{where}: a candidate has no id")
    decision = _string(data.get("decision", ""), where, "decision")
    if decision not in DECISIONS:
        raise ConfigError(f'{where}: decision = "{decision}" for {qid}; use "accept", "reject" or ""')
    coordinates = data.get("coordinates")
    if coordinates is not None and (
        not isinstance(coordinates, list)
        or len(coordinates) != 2
        or not all(isinstance(c, int | float) for c in coordinates)
    ):
        raise ConfigError(f"{where}: coordinates of {qid} must be [longitude, latitude]")
    return Candidate(
        id=qid,
        decision=decision,
        auto=bool(data.get("auto", False)),
        score=int(data.get("score", 0)),
        features={f: int(data[f]) for f in FEATURES if f in data},
        why=str(data.get("why", "")),
        label=str(data.get("label", "")),
        label_ru=str(data.get("label_ru", "")),
        description=str(data.get("description", "")),
        born=str(data.get("born", "")),
        died=str(data.get("died", "")),
        coordinates=(float(coordinates[0]), float(coordinates[1])) if coordinates else None,
        revision=int(data.get("revision", 0)),
        retrieved=str(data.get("retrieved", "")),
        source=str(data.get("source", "")),
    )


def load_review(path: Path) -> dict[str, Entry]:
    """The entries of a review file; an absent file is empty. Bad content is a ``ConfigError`` naming the entry."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    entries: dict[str, Entry] = {}
    for key, table in data.items():
        where = f"{path}: [{key}]"
        if not isinstance(table, dict) or "/" not in key:
            raise ConfigError(f'{where}: expected a table named kind/slug, such as ["person/joseph-stalin"]')
        candidates = table.get("candidates", [])
        if not isinstance(candidates, list):
            raise ConfigError(f"{where}: 'candidates' must be an array of tables")
        entries[key] = Entry(
            key=key,
            label=str(table.get("label", "")),
            curated=_qid(_string(table.get("curated", ""), where, "curated"), where, "curated"),
            set=_qid(_string(table.get("set", ""), where, "set"), where, "set"),
            candidates=[_candidate(c, where) for c in candidates],
        )
    return entries


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def dump_review(entries: dict[str, Entry]) -> str:
    lines = [HEADER]
    for key in sorted(entries):
        entry = entries[key]
        quoted = json.dumps(key, ensure_ascii=False)
        lines.append(f"[{quoted}]")
        lines.append(f"label = {_value(entry.label)}")
        if entry.curated:
            lines.append(f"curated = {_value(entry.curated)}")
        lines.append(f"set = {_value(entry.set)}")
        for candidate in entry.candidates:
            lines.append("")
            lines.append(f"[[{quoted}.candidates]]")
            for name in ("id", "decision", "auto", "score"):
                lines.append(f"{name} = {_value(getattr(candidate, name))}")
            lines += [f"{name} = {candidate.features[name]}" for name in FEATURES if name in candidate.features]
            for name in (
                "why",
                "label",
                "label_ru",
                "description",
                "born",
                "died",
                "coordinates",
                "revision",
                "retrieved",
                "source",
            ):
                value = getattr(candidate, name)
                if value not in ("", None, 0):
                    lines.append(f"{name} = {_value(value)}")
        lines.append("")
    return "\n".join(lines)


def save_review(path: Path, entries: dict[str, Entry]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(dump_review(entries), encoding="utf-8")
    temporary.replace(path)
