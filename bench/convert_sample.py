"""Prints how long converting the bundled sample takes: the first document (models and authority loaded) and the
median of repeated conversions after start-up, in wall-clock and in CPU time."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from converter import convert_file  # noqa: E402


def main(repeat: int = 50) -> None:
    sample = ROOT / "data" / "sample" / "119111.md"
    started = time.perf_counter()
    document = convert_file(sample)
    first = time.perf_counter() - started
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        convert_file(sample)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    print(f"sample 119111: {len(document.quads)} document quads, {len(document.entity_triples)} entity triples")
    print(f"first conversion (loads the authority file, lemmatiser and natasha models): {first * 1000:.1f} ms")
    print(
        f"after start-up: median {statistics.median(times) * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms over {repeat} runs; CPU time median {statistics.median(cpu) * 1000:.1f} ms "
        "(what a loaded machine changes least)"
    )


if __name__ == "__main__":
    main()
