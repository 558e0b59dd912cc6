"""Mentions of people, groups and places against hand-made gold (``tests/gold/*.json``): mention-level and
entity-level precision and recall per document and language, and the median extraction time per document after the
models are loaded.

A predicted mention is an ``oa:identifying`` annotation in the converted graph whose source is the document (the
original text) or a translation: (language, start, end, entity). It counts as correct only if span and entity are
both exactly the gold's. Entity level compares the sets of (language, entity) per document.

    .venv/bin/python bench/entities.py            # the table and the timing
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad, Store

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from converter import convert_file, read_export  # noqa: E402
from converter.actors import name_refs  # noqa: E402
from converter.authority import default_authority  # noqa: E402
from converter.export_md import parse_export  # noqa: E402
from converter.mentions import find_mentions, resolve_mentions  # noqa: E402
from converter.names import lemma  # noqa: E402
from ontology.namespaces import DEFAULT_BASE  # noqa: E402

GOLD = ROOT / "tests" / "gold"
TARGETS = {"sample": (1.0, 0.95), "other": (0.9, 0.9)}  # (recall, precision) at the mention level
SAMPLE_RECORD = "119111"
ANNOTATIONS = """PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?source ?start ?end ?body WHERE {
  ?a oa:motivatedBy oa:identifying ; oa:hasBody ?body ; oa:hasTarget ?t .
  ?t oa:hasSource ?source ; oa:hasSelector ?p . ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }"""

Mention = tuple[str, int, int, str]  # (language, start, end, entity path such as 'place/tabriz')


@dataclass
class Score:
    true: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true / self.gold if self.gold else 1.0


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def load_gold(path: Path) -> tuple[str, Path, set[Mention]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return (
        data["record"],
        ROOT / data["source"],
        {(m["lang"], m["start"], m["end"], m["entity"]) for m in data["mentions"]},
    )


def predicted(source: Path) -> set[Mention]:
    """The mentions the converted graph of ``source`` annotates in its original text and translations."""
    document = convert_file(source)
    store = Store()
    store.extend(Quad(q.subject, q.predicate, q.object) for q in document.quads)
    doc_iri = f"{DEFAULT_BASE}id/document/{document.record_id}"
    parsed = parse_export(read_export(source), str(source))
    original = parsed.original.language if parsed.original else None
    found: set[Mention] = set()
    for row in store.query(ANNOTATIONS):
        src = row["source"].value
        lang = original if src == doc_iri else src.rsplit("/", 1)[-1] if "/translation/" in src else None
        if lang:
            found.add(
                (
                    lang,
                    int(row["start"].value),
                    int(row["end"].value),
                    row["body"].value.removeprefix(DEFAULT_BASE + "id/"),
                )
            )
    return found


def score(gold: set[Mention], found: set[Mention], language: str | None = None) -> tuple[Score, Score]:
    """(mention-level, entity-level) scores, for one language or all."""
    g = {m for m in gold if language in (None, m[0])}
    f = {m for m in found if language in (None, m[0])}
    ge, fe = {(m[0], m[3]) for m in g}, {(m[0], m[3]) for m in f}
    return Score(len(g & f), len(f), len(g)), Score(len(ge & fe), len(fe), len(ge))


def evaluate() -> list[dict]:
    """One row per gold document and language (and 'all'): the scores, the misses and the false alarms."""
    rows = []
    for path in gold_files():
        record, source, gold = load_gold(path)
        found = predicted(source)
        for language in [None, *sorted({m[0] for m in gold | found})]:
            mention_score, entity_score = score(gold, found, language)
            rows.append(
                {
                    "record": record,
                    "language": language or "all",
                    "mentions": mention_score,
                    "entities": entity_score,
                    "missed": sorted(m for m in gold - found if language in (None, m[0])),
                    "false": sorted(m for m in found - gold if language in (None, m[0])),
                }
            )
    return rows


def meets_targets(row: dict) -> bool:
    recall, precision = TARGETS["sample" if row["record"] == SAMPLE_RECORD else "other"]
    return row["mentions"].recall >= recall and row["mentions"].precision >= precision


def extraction_times(repeat: int = 20) -> tuple[list[float], list[float]]:
    """Seconds per document of finding and resolving the mentions once the models are loaded: the first time
    each document is seen (word caches cold) and the median of repeats (caches warm)."""
    authority = default_authority()
    parsed = [parse_export(read_export(load_gold(p)[1]), str(p)) for p in gold_files()]
    first, medians = [], []
    for doc in parsed:
        refs = name_refs(doc, authority)
        started = time.perf_counter()
        resolve_mentions(refs, find_mentions(doc, authority, refs), authority)
        first.append(time.perf_counter() - started)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            resolve_mentions(refs, find_mentions(doc, authority, refs), authority)
            times.append(time.perf_counter() - started)
        medians.append(statistics.median(times))
    return first, medians


def main() -> None:
    started = time.perf_counter()
    from converter.natasha_models import ner_tagger

    ner_tagger()("Москва")
    lemma("Москве")  # pymorphy3's dictionaries
    print(f"natasha models loaded in {time.perf_counter() - started:.2f} s (once per process)")
    print(
        f"{'record':8} {'lang':4} {'mention P':>9} {'mention R':>9} {'entity P':>8} {'entity R':>8}  "
        "gold  found  target"
    )
    rows = evaluate()
    for row in rows:
        m, e = row["mentions"], row["entities"]
        target = ("met" if meets_targets(row) else "MISSED") if row["language"] == "all" else ""
        print(
            f"{row['record']:8} {row['language']:4} {m.precision:9.3f} {m.recall:9.3f} {e.precision:8.3f} "
            f"{e.recall:8.3f} {m.gold:5d} {m.predicted:6d}  {target}"
        )
    for row in rows:
        if row["language"] == "all":
            for kind in ("missed", "false"):
                for item in row[kind]:
                    print(f"  {row['record']} {kind}: {item}")
    first, warm = extraction_times()
    for label, times in (("first pass", first), ("repeated", warm)):
        print(
            f"extraction per document after loading, {label}: median {statistics.median(times) * 1000:.1f} ms, "
            f"max {max(times) * 1000:.1f} ms over {len(times)} documents (target: median <= 100 ms)"
        )


if __name__ == "__main__":
    main()
