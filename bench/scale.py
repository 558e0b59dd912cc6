"""The scale benchmark (issue "Scale"): generates N documents, builds them, and prints side by side on this machine:
conversion rate, build time and peak memory, load rate as a ratio of raw pyoxigraph bulk_load on the same N-Quads,
a one-document incremental rebuild, and the latency of every query in queries/.

    python bench/scale.py [-n 10000] [--workdir /tmp/depesha-scale] [--results bench/RESULTS.md] [--endpoint]
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyoxigraph import RdfFormat, Store  # noqa: E402

from bench.generate_corpus import generate  # noqa: E402
from bench.queries import time_queries  # noqa: E402
from converter import convert_text, read_export  # noqa: E402
from ontology.iris import Iris  # noqa: E402
from ontology.namespaces import DEFAULT_BASE  # noqa: E402
from server.build.build import build  # noqa: E402
from server.build.dumps import dataset_dump_files  # noqa: E402
from server.store.store import open_snapshot  # noqa: E402


def rss_of_tree(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(child) for child in children)
        except (OSError, StopIteration, ValueError):
            continue
    return total


class PeakMemory:
    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_of_tree(os.getpid()))
            time.sleep(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def conversion_rate(files: list[Path], sample: int = 200, extract: bool = True) -> float:
    texts = [(read_export(file), str(file)) for file in files[:sample]]
    convert_text(*texts[0])  # models and authority loaded
    started = time.perf_counter()
    for text, source in texts:
        convert_text(text, source, extract=extract)
    return len(texts) / (time.perf_counter() - started)


def raw_bulk_load_rate(store_dir: Path, scratch: Path) -> tuple[int, float]:
    """pyoxigraph's bulk_load of the store's own N-Quads (its dump, decompressed to a file) into a new store."""
    nquads = scratch / "raw.nq"
    paths = dataset_dump_files(open_snapshot(store_dir), store_dir, Iris(DEFAULT_BASE), "depesha.nq.gz") or []
    with open(nquads, "wb") as target:
        for path in paths:
            with gzip.open(path, "rb") as part:
                shutil.copyfileobj(part, target, 1 << 20)
    target_dir = scratch / "raw"
    shutil.rmtree(target_dir, ignore_errors=True)
    target_dir.mkdir(parents=True)
    store = Store(str(target_dir))
    started = time.perf_counter()
    store.bulk_load(path=str(nquads), format=RdfFormat.N_QUADS)
    seconds = time.perf_counter() - started
    with open(nquads, "rb") as source:
        count = sum(chunk.count(b"\n") for chunk in iter(lambda: source.read(1 << 24), b""))
    nquads.unlink()
    del store
    shutil.rmtree(target_dir, ignore_errors=True)  # tens of gigabytes at 10,000 documents
    return count, count / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/depesha-scale"))
    parser.add_argument("--results", type=Path, help="also write the figures to this Markdown file")
    parser.add_argument(
        "--endpoint",
        action="store_true",
        help="then run bench/endpoint.py on the same store (oxigraph serve against depesha serve)",
    )
    parser.add_argument("--query-timeout", type=float, default=20.0, help="seconds before an example query is stopped")
    parser.add_argument("--repeat", type=int, default=3, help="runs per example query (the median is printed)")
    parser.add_argument(
        "--built",
        action="store_true",
        help="WORKDIR already holds the corpus and its store: measure from the raw load on",
    )
    args = parser.parse_args()
    corpus, store_dir = args.workdir / "corpus", args.workdir / "store"
    if not args.built:
        shutil.rmtree(args.workdir, ignore_errors=True)
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    cores = len(os.sched_getaffinity(0))
    say(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, {platform.platform()}")
    files = sorted(corpus.glob("*.md")) if args.built else generate(corpus, args.count)
    size = sum(f.stat().st_size for f in files)
    say(f"corpus: {len(files)} generated documents, {size / 1e6:.1f} MB")

    build_rate = 0.0
    if not args.built:
        rate, bare = conversion_rate(files), conversion_rate(files, extract=False)
        say(
            f"conversion on one core: {rate:.1f} documents/s ({1000 / rate:.1f} ms per document) with entity and "
            f"event extraction; {bare:.1f} documents/s ({1000 / bare:.1f} ms) without"
        )
        with PeakMemory() as memory:
            started = time.perf_counter()
            report = build([corpus], store_dir)
            seconds = time.perf_counter() - started
        build_rate = report.quads / report.load_seconds if report.load_seconds else 0.0
        say(
            f"build: {len(report.loaded)} documents, {report.quads} quads in {seconds:.1f} s "
            f"({len(report.loaded) / seconds:.1f} documents/s on {cores} cores); peak memory "
            f"{memory.peak / 2**30:.2f} GiB; loading {report.load_seconds:.1f} s ({build_rate:,.0f} quads/s), "
            f"shared graphs, dumps and snapshot {report.shared_seconds:.1f} s"
        )
    count, raw_rate = raw_bulk_load_rate(store_dir, args.workdir)
    say(
        f"raw bulk_load of the store's {count:,} quads into a new store: {raw_rate:,.0f} quads/s"
        + (f"; the build's load phase: ratio {build_rate / raw_rate:.2f}" if build_rate else "")
    )

    os.sync()  # the raw load leaves gigabytes to write back; fsyncs in the build would wait for them
    rebuilds = []
    for changed in (files[len(files) // 4], files[len(files) // 2], files[3 * len(files) // 4]):
        changed.write_text(
            changed.read_text(encoding="utf-8").replace("Synthetic telegram", "Edited telegram", 1) + "\n",
            encoding="utf-8",
        )
        started = time.perf_counter()  # as a curator runs it: the command line, models loaded, snapshot published
        incremental = subprocess.run(
            [str(Path(sys.executable).parent / "depesha"), "build", str(corpus), "--store", str(store_dir)],
            capture_output=True,
            text=True,
            check=True,
        )
        rebuilds.append(time.perf_counter() - started)
        say(
            f"incremental rebuild of one changed document among {len(files)} (depesha build, the whole command): "
            f"{rebuilds[-1]:.2f} s ({incremental.stderr.strip().splitlines()[-1]})"
        )
    say(f"incremental rebuild: median {statistics.median(rebuilds):.2f} s of {len(rebuilds)}")

    time_queries(store_dir, timeout_s=args.query_timeout, repeat=args.repeat, say=say)
    if args.endpoint:
        endpoint = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "endpoint.py"), "--store", str(store_dir)],
            capture_output=True,
            text=True,
            check=True,
        )
        print(endpoint.stdout, end="")
        lines.extend(endpoint.stdout.rstrip().splitlines())
    if args.results:
        args.results.write_text(
            "# Scale benchmark results\n\nPrinted by `python bench/scale.py -n "
            f"{args.count}`.\n\n```\n" + "\n".join(lines) + "\n```\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
