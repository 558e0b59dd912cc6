"""The development corpus of real archive pages (bench/corpus/real.toml; the texts in the ignored data/real/) against
the gold facts written by hand before the converter ran on them (bench/corpus/gold/*.toml).

Per document and in total: whether it converts (and its warnings), and whether the title, the date (EDTF), the
record id and the original language agree with the gold; entity recall and precision per kind (person, place,
group) with whole-name matching (an entity counts when one of its names equals one of the other side's names,
case-insensitive); senders and addressees found; narrated events (bench/real_events.py): found with the right type,
fully right (type, date, place, participants) and precision, with the recall per gold event type.

    .venv/bin/python bench/real_corpus.py                  # every document whose text is present
    .venv/bin/python bench/real_corpus.py --split dev      # only the development split (held-out: --split held-out)
    .venv/bin/python bench/real_corpus.py FOLDER           # the texts in another folder (same file names)
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from anyascii import anyascii  # noqa: E402

from bench import real_events  # noqa: E402
from converter import read_export  # noqa: E402
from converter.authority import default_authority  # noqa: E402
from converter.document import convert_parsed  # noqa: E402
from converter.errors import InputError  # noqa: E402
from converter.export_md import parse_export  # noqa: E402
from converter.mentions import printed_forms  # noqa: E402
from ontology.iris import Iris  # noqa: E402
from ontology.namespaces import DEFAULT_BASE  # noqa: E402

CORPUS = ROOT / "bench" / "corpus"
KINDS = ("person", "place", "group")


def folded(name: str) -> str:
    """A name as whole-name matching compares it: case and diacritics do not count ('Ceaușescu' = 'Ceausescu')."""
    return anyascii(name).casefold()


def names_of_gold(entity: dict) -> set[str]:
    return {folded(n) for n in [entity["name"], *entity.get("variants", [])] if n}


METADATA_ROLES = {"funder", "contributor", "translator", "transcriber"}  # the gold leaves out the citation's people


def predicted_entities(document) -> list[tuple[str, set[str], str]]:
    """(kind, names, IRI slug) of each entity the document names, leaving out the citation's people."""
    found = []
    for resolved in document.entities:
        if resolved.roles() <= METADATA_ROLES:
            continue
        found.append((resolved.entry.kind, {folded(n) for n in entity_names(resolved)}, resolved.entry.slug))
    return found


def entity_names(resolved) -> set[str]:
    """Every name of a predicted entity: label, variants, printed forms."""
    return {n for n in {resolved.entry.en, *(resolved.entry.variants or ()), *printed_forms(resolved)} if n}


class Identities:
    """Which IRIs each gold entity got across the corpus, and which gold entities each IRI stands for. Gold entities
    are one real thing when their kind and name (case and diacritics aside) are the same, or listed as one in
    bench/corpus/same.toml; one with two IRIs is a split, an IRI matched to two of them a wrong merge."""

    def __init__(self) -> None:
        self.matches: list[tuple[tuple[str, str], str, str]] = []  # (gold key, IRI, document)
        same = tomllib.loads((CORPUS / "same.toml").read_text(encoding="utf-8"))["same"]
        self.same = {(g["kind"], folded(n)): folded(g["names"][0]) for g in same for n in g["names"]}
        self.label: dict[tuple[str, str], str] = {}

    def add(self, slug: str, gold: dict, document) -> None:
        """Each predicted entity stands for the gold entities its label names, else those any of its names name
        ('Mrs. Nixon', printed 'Nixon', is Pat Nixon, not Richard)."""
        entities = [e for e in gold.get("entity", []) if e["kind"] in KINDS]
        for resolved in document.entities:
            if resolved.roles() <= METADATA_ROLES:
                continue
            kind, label = resolved.entry.kind, folded(resolved.entry.en)
            names = {folded(n) for n in entity_names(resolved)}
            same_kind = [e for e in entities if e["kind"] == kind]
            matched = [e for e in same_kind if label in names_of_gold(e)] or [
                e for e in same_kind if names & names_of_gold(e)
            ]
            for entity in matched:
                key = (kind, self.same.get((kind, folded(entity["name"])), folded(entity["name"])))
                self.label.setdefault(key, entity["name"])
                self.matches.append((key, f"{kind}/{resolved.entry.slug}", slug))

    def report(self) -> None:
        iris_of: dict[tuple[str, str], dict[str, set[str]]] = {}
        golds_of: dict[str, dict[tuple[str, str], set[str]]] = {}
        for key, iri, doc in self.matches:
            iris_of.setdefault(key, {}).setdefault(iri, set()).add(doc)
            golds_of.setdefault(iri, {}).setdefault(key, set()).add(doc)
        splits = {key: iris for key, iris in iris_of.items() if len(iris) > 1}
        merges = {iri: golds for iri, golds in golds_of.items() if len(golds) > 1}
        print(f"\nsplits (one gold entity, several IRIs): {len(splits)}")
        for key, iris in sorted(splits.items()):
            listed = "; ".join(f"{iri} ({', '.join(sorted(d))})" for iri, d in sorted(iris.items()))
            print(f"  {key[0]} {self.label.get(key, key[1])}: {listed}")
        print(f"wrong merges (one IRI, several gold entities): {len(merges)}")
        for iri, golds in sorted(merges.items()):
            listed = "; ".join(f"{self.label.get(k, k[1])} ({', '.join(sorted(d))})" for k, d in sorted(golds.items()))
            print(f"  {iri}: {listed}")


def score(gold: dict, document) -> dict[str, Counter]:
    """Per kind: true positives (gold found), gold count, correct predictions, predicted count."""
    counts = {kind: Counter() for kind in KINDS}
    predicted = predicted_entities(document)
    gold_entities = gold.get("entity", [])
    for entity in gold_entities:
        kind = entity["kind"]
        if kind not in counts:
            continue
        counts[kind]["gold"] += 1
        names = names_of_gold(entity)
        counts[kind]["found"] += any(p_kind == kind and names & p_names for p_kind, p_names, _ in predicted)
    for p_kind, p_names, _ in predicted:
        counts[p_kind]["predicted"] += 1
        counts[p_kind]["correct"] += any(e["kind"] == p_kind and names_of_gold(e) & p_names for e in gold_entities)
    return counts


def role_agreement(gold: dict, document, role: str, gold_field: str) -> tuple[int, int]:
    """(gold names of this role found among the entities given the role, gold names): whole-name matching against
    every name of the entity (label, variants, printed forms)."""
    predicted = [{folded(n) for n in entity_names(r)} for r in document.entities if role in r.roles()]
    names = gold.get(gold_field, [])
    found = 0
    for name in names:
        entity = next((e for e in gold.get("entity", []) if folded(name) in names_of_gold(e)), None)
        forms = names_of_gold(entity) if entity else {folded(name)}
        found += any(forms & p for p in predicted)
    return found, len(names)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="where the texts are (default: data/real)")
    parser.add_argument("--split", choices=["dev", "held-out"], help="only this split")
    args = parser.parse_args()
    listed = tomllib.loads((CORPUS / "real.toml").read_text(encoding="utf-8"))["document"]
    totals = {kind: Counter() for kind in KINDS}
    agree: Counter = Counter()
    event_totals: Counter = Counter()
    event_gold: Counter = Counter()
    event_found: Counter = Counter()
    converted = present = 0
    seconds: list[float] = []
    identities = Identities()
    print(f"{'document':48} {'split':8} {'ok':3} {'warn':4} {'title':5} {'date':5} {'id':3} {'lang':4} entities")
    for item in listed:
        if args.split and item["split"] != args.split:
            continue
        path = (args.folder / Path(item["file"]).name) if args.folder else ROOT / item["file"]
        if not path.exists():
            continue
        present += 1
        gold = tomllib.loads((CORPUS / "gold" / f"{item['slug']}.toml").read_text(encoding="utf-8"))
        started = time.perf_counter()
        try:
            parsed = parse_export(read_export(path), str(path))
            document = convert_parsed(parsed, default_authority(), Iris(DEFAULT_BASE))
        except InputError as exc:
            print(f"{item['slug']:48} {item['split']:8} no  refused: {exc.reason}")
            continue
        except Exception:  # noqa: BLE001 - a traceback is a finding, printed and counted
            print(f"{item['slug']:48} {item['split']:8} no  TRACEBACK\n{traceback.format_exc()}")
            continue
        seconds.append(time.perf_counter() - started)
        converted += 1
        checks = {
            "title": parsed.title.casefold() == gold.get("title", "").casefold(),
            "date": (parsed.date.edtf if parsed.date else "") == gold.get("date", ""),
            # the record id counts where the text gives it (a URL or field); else the id must be the file's slug
            "id": parsed.record_id == gold["record"]
            if gold.get("record") and gold["record"] in path.read_text(encoding="utf-8")
            else not parsed.record_id.isdigit(),
            "lang": (parsed.original_language_label or "").casefold() == gold.get("language", "").casefold(),
        }
        agree.update(name for name, ok in checks.items() if ok)
        for role, gold_field in (
            ("sender", "senders"),
            ("addressee", "addressees"),
            ("participant", "participants"),
            ("translator", "translators"),
        ):
            found, total = role_agreement(gold, document, role, gold_field)
            agree[f"{gold_field} found"] += found
            agree[f"{gold_field} in gold"] += total
        counts = score(gold, document)
        identities.add(item["slug"], gold, document)
        for kind in KINDS:
            totals[kind].update(counts[kind])
        events = real_events.published(document.quads, real_events.entity_names(document, Iris(DEFAULT_BASE)))
        totals_here, gold_here, found_here = real_events.score(gold, events)
        event_totals.update(totals_here)
        event_gold.update(gold_here)
        event_found.update(found_here)
        entities = " ".join(f"{k[:2]} {counts[k]['found']}/{counts[k]['gold']}" for k in KINDS)
        marks = " ".join(f"{'yes' if checks[n] else 'NO':5}"[: max(3, len(n))] for n in checks)
        ev = f"ev {totals_here['type_right']}/{totals_here['fully_right']}/{totals_here['gold']} p {totals_here['published_right']}/{totals_here['published']}"
        print(f"{item['slug']:48} {item['split']:8} yes {len(parsed.warnings):4} {marks} {entities} {ev}")
    print(f"\nconverted {converted} of {present} documents present ({len(listed)} listed)")
    if converted:
        print(
            "agreement with the gold: "
            + ", ".join(f"{n} {agree[n]}/{converted}" for n in ("title", "date", "id", "lang"))
        )
        print(
            "roles from titles, texts and citations: "
            + ", ".join(
                f"{f} {agree[f + ' found']}/{agree[f + ' in gold']}"
                for f in ("senders", "addressees", "participants", "translators")
            )
        )
        print(f"median conversion time per document: {sorted(seconds)[len(seconds) // 2] * 1000:.0f} ms")
    for kind in KINDS:
        t = totals[kind]
        recall = t["found"] / t["gold"] if t["gold"] else 0.0
        precision = t["correct"] / t["predicted"] if t["predicted"] else 0.0
        print(
            f"{kind:7} recall {recall:.2f} ({t['found']}/{t['gold']})  precision {precision:.2f} "
            f"({t['correct']}/{t['predicted']})"
        )
    identities.report()
    for line in real_events.report(event_totals, event_gold, event_found):
        print(line)
    return 0 if converted == present else 1


if __name__ == "__main__":
    sys.exit(main())
