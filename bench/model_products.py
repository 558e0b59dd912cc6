"""The model as a product, timed: ``depesha check`` (SHACL), the CMIF and Linked Art exports, and the example
queries of ``queries/`` on the sample and the variant fixtures, or on a store given with ``--store``.

    python bench/model_products.py [--store DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ontology.namespaces import CRM, RDF  # noqa: E402
from server.build.build import build  # noqa: E402
from server.exports.export_cmif import cmif_bytes  # noqa: E402
from server.exports.export_linked_art import LinkedArt  # noqa: E402
from server.store.check import check_store  # noqa: E402
from server.store.store import open_snapshot  # noqa: E402

CORPUS = [ROOT / "data" / "sample", *(ROOT / "tests" / "fixtures" / f"90000{n}.md" for n in range(1, 10))]


def timed(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="An existing store (default: build the sample and fixtures).")
    parser.add_argument("--repeat", type=int, default=3, help="Runs per measurement (the median is printed).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        store = args.store
        if store is None:
            store = Path(scratch) / "store"
            build(CORPUS, store)
        snapshot = open_snapshot(store)
        documents = sum(1 for _ in snapshot.quads_for_pattern(None, RDF.type, CRM.E31_Document))
        print(f"store {store}: {len(snapshot)} quads, {documents} documents")
        seconds, report = timed(lambda: check_store(store), args.repeat)
        print(
            f"check (pyshacl, union of graphs): {seconds:.2f} s median, {report.triples} triples, "
            f"{len(report.violations)} violations"
        )
        seconds, data = timed(lambda: cmif_bytes(snapshot), args.repeat)
        print(f"export cmif: {seconds * 1000:.0f} ms median, {len(data) / 1024:.0f} KiB")
        seconds, records = timed(lambda: list(LinkedArt(snapshot).documents()), args.repeat)
        print(
            f"export linked-art: {seconds * 1000:.0f} ms median, {len(records)} records, "
            f"{seconds * 1000 / max(len(records), 1):.1f} ms per document"
        )
        latencies = []
        for query_file in sorted((ROOT / "queries").glob("*.rq")):
            text = query_file.read_text(encoding="utf-8")
            if "SERVICE" in text:
                continue  # federated: needs Wikidata
            seconds, rows = timed(lambda t=text: sum(1 for _ in snapshot.query(t)), args.repeat)
            latencies.append(seconds)
            print(f"  {query_file.stem:<40} {seconds * 1000:8.1f} ms  {rows:6d} rows")
        print(
            f"queries: {len(latencies)}, median {statistics.median(latencies) * 1000:.1f} ms, "
            f"max {max(latencies) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
