"""Time every example query (queries/*.rq) in-process against a store's current snapshot, with a timeout.

Each query runs in its own child process (pyoxigraph has no query timeout or cancellation: ending the process is the
only way to stop one), which opens the snapshot read-only and runs the query ``--repeat`` times; the figure is the
median of those runs, query evaluation and reading every row included, process start and store opening excluded.

    python bench/queries.py --store /tmp/depesha-scale/store --timeout 20 --repeat 3 [name ...]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from server.store.store import open_snapshot  # noqa: E402

QUERIES = ROOT / "queries"
Timing = tuple[str, float | None, int]  # query name, median wall seconds (None: stopped at the timeout), rows


def local_queries(names: list[str] | None = None, folder: Path = QUERIES) -> list[Path]:
    """The example queries that run on the store alone (federated ones need the outside service)."""
    files = sorted(folder.glob("*.rq"))
    if names:
        files = [file for file in files if file.stem in names or file.name in names]
    return [file for file in files if "SERVICE" not in file.read_text(encoding="utf-8").upper()]


def _run_in_child(store_dir: str, text: str, repeat: int, pipe) -> None:
    snapshot = open_snapshot(Path(store_dir))
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = snapshot.query(text)
        count = 1 if isinstance(result, bool) else sum(1 for _ in result)
        pipe.send((time.perf_counter() - started, time.process_time() - cpu, count))
    pipe.close()


def time_query(store_dir: Path, file: Path, timeout_s: float, repeat: int = 3) -> Timing:
    """The median of ``repeat`` runs of one query; None when a run did not finish within ``timeout_s``."""
    receiver, sender = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_run_in_child, args=(str(store_dir), file.read_text(encoding="utf-8"), repeat, sender), daemon=True
    )
    child.start()
    sender.close()
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    count = 0
    try:
        for _ in range(repeat):
            if not receiver.poll(timeout_s + 5):  # a little slack for the store opening
                return file.stem, None, count
            elapsed, cpu, count = receiver.recv()
            if elapsed > timeout_s:
                return file.stem, None, count
            seconds.append(elapsed)
            cpu_seconds.append(cpu)
    except EOFError:
        return file.stem, None, count  # the child died (out of memory, crash)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
    CPU_SECONDS[file.stem] = statistics.median(cpu_seconds)
    return file.stem, statistics.median(seconds), count


# the median processor time of each query's runs (its own process: query and reading rows), by name; on a shared
# machine it varies much less than the wall-clock time
CPU_SECONDS: dict[str, float] = {}


def format_timing(timing: Timing, timeout_s: float) -> str:
    name, seconds, count = timing
    figure = f"over {timeout_s:g} s (stopped)" if seconds is None else f"{seconds * 1000:8.0f} ms"
    cpu = f"{CPU_SECONDS[name] * 1000:8.0f} ms" if seconds is not None and name in CPU_SECONDS else ""
    return f"{name:40} {figure:>22} {cpu:>11} {count:>8} rows"


def time_queries(
    store_dir: Path,
    timeout_s: float = 20.0,
    repeat: int = 3,
    names: list[str] | None = None,
    say=print,
    folder: Path = QUERIES,
) -> list[Timing]:
    """Time each local example query against ``store_dir``'s current snapshot and print a table row as each ends."""
    say(f"{'query':40} {'wall, median of ' + str(repeat):>22} {'processor':>11} {'rows':>13}")
    timings = []
    for file in local_queries(names, folder):
        timings.append(time_query(Path(store_dir), file, timeout_s, repeat))
        say(format_timing(timings[-1], timeout_s))
    slow = [name for name, seconds, _ in timings if seconds is None or seconds >= 1.0]
    say(f"{len(timings) - len(slow)} of {len(timings)} under 1 s" + (f"; over: {', '.join(slow)}" if slow else ""))
    slow_cpu = [name for name, seconds, _ in timings if seconds is None or CPU_SECONDS.get(name, 0) >= 1.0]
    say(
        f"{len(timings) - len(slow_cpu)} of {len(timings)} under 1 s of processor time"
        + (f"; over: {', '.join(slow_cpu)}" if slow_cpu else "")
    )
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/depesha-scale/store"))
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds before a query is stopped")
    parser.add_argument("--repeat", type=int, default=3, help="runs per query; the median is printed")
    parser.add_argument("--queries", type=Path, default=QUERIES, help="folder of .rq files (default: queries/)")
    parser.add_argument("names", nargs="*", help="only these queries (file names, with or without .rq)")
    args = parser.parse_args()
    time_queries(args.store, args.timeout, args.repeat, args.names or None, folder=args.queries)


if __name__ == "__main__":
    main()
