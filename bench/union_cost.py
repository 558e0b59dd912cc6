"""What the materialised union costs (ontology/MODELLING.md, "Graphs, the union and the users' writes"): build
``-n`` generated documents, then compare the store with one holding the same named graphs without the union, and time
what the union adds to loading (the same triples bulk-loaded into the default graph) and to removing a document.

    python bench/union_cost.py [-n 1000] [--workdir /tmp/depesha-union] [--jobs 2] [--built]

Prints the build time, the store sizes with and without the union, and the load time of the union alone."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gzip  # noqa: E402

from pyoxigraph import RdfFormat, Store  # noqa: E402

from bench.generate_corpus import generate  # noqa: E402
from server.build.build import build  # noqa: E402
from server.build.dumps import FOLDER, current_dumps  # noqa: E402
from server.store.catalog import Catalog  # noqa: E402
from server.store.store import UNION, open_snapshot  # noqa: E402


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--documents", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/depesha-union"))
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--built", action="store_true", help="measure the store an earlier run built")
    args = parser.parse_args()
    work = args.workdir
    if not args.built:
        shutil.rmtree(work, ignore_errors=True)
        files = generate(work / "corpus", args.documents)
        started = time.perf_counter()
        report = build([work / "corpus"], work / "store", jobs=args.jobs)
        print(
            f"build of {len(files)} documents: {time.perf_counter() - started:.1f} s ({report.quads:,} quads; "
            f"load phase {report.load_seconds:.1f} s)",
            flush=True,
        )
    for folder in ("plain", "named-only"):
        shutil.rmtree(work / folder, ignore_errors=True)
    catalog = Catalog(work / "store" / "catalog.sqlite")  # the dumps hold the named graphs, the union left out
    nquads = b"".join(
        gzip.decompress((work / "store" / FOLDER / d.file_name).read_bytes())
        for d in current_dumps(catalog)
        if d.kind == "nq"
    )
    catalog.close()
    union = open_snapshot(work / "store").dump(format=RdfFormat.N_TRIPLES, from_graph=UNION)
    plain = Store(str(work / "plain"))
    started = time.perf_counter()
    plain.bulk_load(nquads, format=RdfFormat.N_QUADS)
    named_s = time.perf_counter() - started
    started = time.perf_counter()
    plain.bulk_load(union, format=RdfFormat.N_TRIPLES, to_graph=UNION)
    union_s = time.perf_counter() - started
    plain.flush()
    with_union = size_of(work / "plain")
    del plain
    alone = Store(str(work / "named-only"))
    alone.bulk_load(nquads, format=RdfFormat.N_QUADS)
    alone.flush()
    named_only = size_of(work / "named-only")
    del alone
    lines = union.count(b"\n")
    print(
        f"bulk load of the named graphs: {named_s:.1f} s; of the union ({lines:,} triples): "
        f"{union_s:.1f} s (+{100 * union_s / named_s:.0f} %)"
    )
    print(
        f"store size: named graphs only {named_only / 2**20:.1f} MiB, with the union {with_union / 2**20:.1f} MiB "
        f"(+{100 * (with_union - named_only) / named_only:.0f} %)"
    )


if __name__ == "__main__":
    main()
