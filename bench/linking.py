"""Prints Wikidata linking precision and recall on the gold set (bench/linking_gold.toml): a store is built from the
sample and the test fixtures, every entity it holds is linked against recorded Wikidata answers served on loopback
(tests/wikidata_replay.py), and each decision is compared with the curator's.

  precision  of owl:sameAs: correct links / all links (authority ids and the rule's; target 1.0)
  recall     linkable entities whose item is linked or among the candidates / all linkable entities (target >= 0.8)

A second run over the same cache must make no request.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from wikidata_replay import Replay, serving  # noqa: E402

from server.build.build import build  # noqa: E402
from server.linking.linkrun import link, records_of_store  # noqa: E402
from server.linking.review import load_review  # noqa: E402
from server.linking.wikidata import ClientConfig, WikidataClient  # noqa: E402


def main() -> None:
    gold = {
        key: table["expected"]
        for key, table in tomllib.loads((ROOT / "bench" / "linking_gold.toml").read_text(encoding="utf-8")).items()
    }
    with tempfile.TemporaryDirectory() as tmp:
        store, review_path = Path(tmp) / "store", Path(tmp) / "review.toml"
        build([ROOT / "data" / "sample", ROOT / "tests" / "fixtures"], store)
        records = records_of_store(store)
        replay = Replay()
        with serving(replay) as url:
            config = ClientConfig(
                api_url=url + "/w/api.php", sparql_url=url + "/sparql", cache=Path(tmp) / "cache", min_interval=0.0
            )
            started = time.perf_counter()
            first = WikidataClient(config)
            link(records, first, review_path)
            seconds = time.perf_counter() - started
            second = WikidataClient(config)
            link(records, second, review_path)
        entries = load_review(review_path)
    linked = correct = linkable = found = sure = 0
    errors: list[str] = []
    unjudged = [r.key for r in records if r.key not in gold]
    for record in records:
        if record.key not in gold:
            continue
        expected = gold[record.key]
        entry = entries.get(record.key)
        decided = record.curated_id or (entry.link()[0] if entry and entry.link() else None)
        candidates = {c.id for c in entry.candidates} if entry else set()
        if decided:
            linked += 1
            correct += decided == expected
            if decided != expected:
                errors.append(f"{record.key}: owl:sameAs {decided}, expected {expected or 'none'}")
        if expected:
            linkable += 1
            sure += decided == expected
            if decided == expected or (not decided and expected in candidates):
                found += 1
            else:
                errors.append(f"{record.key}: {expected} neither linked nor a candidate")
    print(
        f"entities in the store: {len(records)}, judged by the gold set: {len(records) - len(unjudged)}, "
        f"linkable: {linkable}"
    )
    print(f"owl:sameAs precision: {correct / linked if linked else 1.0:.3f} ({correct} of {linked} links correct)")
    print(
        f"recall (sameAs or candidate): {found / linkable if linkable else 1.0:.3f} ({found} of {linkable}); "
        f"as owl:sameAs alone: {sure / linkable if linkable else 1.0:.3f}"
    )
    print(
        f"first run: {first.requests_made} requests in {seconds:.2f} s; second run: {second.requests_made} requests; "
        f"searches with no recorded answer: {len(replay.unrecorded)}"
    )
    for line in errors:
        print(f"  {line}")
    if unjudged:
        print(f"  not in the gold set (new entities?): {', '.join(unjudged)}")


if __name__ == "__main__":
    main()
