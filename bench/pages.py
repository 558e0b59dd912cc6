"""Page and dereferencing latency (issue "Publish it"): generates N synthetic documents, builds them, and times the
HTML pages and RDF representations through the Flask app in this process (no network), on this machine.

    python bench/pages.py [-n 500] [--workdir /tmp/depesha-pages] [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_corpus import generate  # noqa: E402
from server.build.build import build  # noqa: E402
from server.store.store import open_snapshot  # noqa: E402
from server.web.app import AppConfig, create_app  # noqa: E402

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def most_referred(store_folder: Path, kind: str) -> str:
    rows = open_snapshot(store_folder).query(f"""SELECT ?e (COUNT(*) AS ?n) WHERE {{
        ?d <http://www.cidoc-crm.org/cidoc-crm/P67_refers_to> ?e . FILTER(CONTAINS(STR(?e), "/id/{kind}/")) }}
        GROUP BY ?e ORDER BY DESC(?n) LIMIT 1""")
    row = next(iter(rows))
    return row["e"].value.split("/depesha/", 1)[1], int(row["n"].value)


def timed(client, path: str, headers: dict[str, str], repeat: int) -> tuple[float, float, int, int]:
    """(first ms, median ms of the rest, status, bytes)."""
    times, status, size = [], 0, 0
    for _ in range(repeat + 1):
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        status, size = response.status_code, len(response.data)
    return times[0], statistics.median(times[1:]), status, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=500, help="documents to generate (default 500)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/depesha-pages"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    inputs, store = args.workdir / "in", args.workdir / "store"
    generate(inputs, args.n)
    shutil.copy(ROOT / "data" / "sample" / "119111.md", inputs / "119111.md")
    started = time.perf_counter()
    report = build([inputs], store)
    print(
        f"built {len(report.loaded)} documents in {time.perf_counter() - started:.1f} s "
        "(the build writes the dumps; the search index is made by the first search)"
    )
    person, person_docs = most_referred(store, "person")
    place, place_docs = most_referred(store, "place")
    app = create_app(AppConfig(store=store))
    client = app.test_client()
    cases = [
        ("home", "/", BROWSER),
        ("documents by date", "/documents", BROWSER),
        ("people", "/people", BROWSER),
        ("places (map)", "/places", BROWSER),
        ("timeline", "/timeline", BROWSER),
        ("document page (sample)", "/id/document/119111", BROWSER),
        ("document Turtle", "/id/document/119111", {"Accept": "text/turtle"}),
        ("document JSON-LD", "/id/document/119111", {"Accept": "application/ld+json"}),
        (f"person page ({person_docs} documents)", "/" + person, BROWSER),
        ("person Turtle", "/" + person, {"Accept": "text/turtle"}),
        (f"place page ({place_docs} documents)", "/" + place, BROWSER),
        ("concept page", "/concept/Telegram", BROWSER),
        ("vocabulary", "/vocab", BROWSER),
        ("dataset (VoID)", "/.well-known/void", BROWSER),
        ("search (first builds the index)", "/search?q=Тавриз", BROWSER),
        ("sitemap", "/sitemap.xml", {}),
        ("document dump .nq.gz", "/dumps/document/119111.nq.gz", {}),
    ]
    print(f"{'what':44} {'status':>6} {'first ms':>9} {'median ms':>10} {'bytes':>9}")
    for name, path, headers in cases:
        first, median, status, size = timed(client, path, headers, args.repeat)
        print(f"{name:44} {status:>6} {first:>9.1f} {median:>10.1f} {size:>9}")
    etag = client.get("/id/document/119111", headers=BROWSER).headers["ETag"]
    first, median, status, _ = timed(client, "/id/document/119111", {**BROWSER, "If-None-Match": etag}, args.repeat)
    print(f"{'conditional GET (304)':44} {status:>6} {first:>9.1f} {median:>10.1f} {0:>9}")


if __name__ == "__main__":
    main()
