"""``depesha``: a thin command line over the converter and the store (build, convert, export, query, serve)."""

from __future__ import annotations

import contextlib
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click
from pyoxigraph import RdfFormat, serialize

from converter import convert_path
from converter.errors import DepeshaError, InputError
from ontology.namespaces import DEFAULT_BASE, PREFIXES
from server import __version__
from server.build.build import build as run_build
from server.build.build import find_inputs
from server.store.store import named_quads, open_snapshot
from server.web.sparql.limits import Limits
from server.wording import counted

RDF_FORMATS = {
    "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "xml": RdfFormat.RDF_XML,
}

store_option = click.option(
    "--store",
    "store",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Store folder (created by 'depesha build').",
)
base_option = click.option(
    "--base", default=DEFAULT_BASE, show_default=True, metavar="IRI", help="Base IRI of every minted IRI."
)
# the limits that 'query' shares with 'serve' (server/web/sparql/limits.py)
service_allow_option = click.option(
    "--service-allow",
    "service_allow",
    multiple=True,
    metavar="URL",
    help="A SPARQL endpoint that queries may call with SERVICE (repeat for more; none by default).",
)
timeout_option = click.option(
    "--timeout",
    "query_timeout_s",
    default=Limits.query_timeout_s,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a query may run; then it is stopped (the endpoint answers HTTP 504).",
)
service_timeout_option = click.option(
    "--service-timeout",
    "service_timeout_s",
    default=Limits.service_timeout_s,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds one SERVICE call may take.",
)
service_max_bytes_option = click.option(
    "--service-max-bytes",
    default=Limits.service_max_bytes,
    show_default=True,
    type=click.IntRange(1),
    help="Bytes one SERVICE call may answer.",
)


class ByteSize(click.ParamType):
    """A size in bytes, written as a number with an optional unit: 500k, 64M, 1G (powers of 1024); 0 is allowed."""

    name = "SIZE"
    UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().lower().removesuffix("b").removesuffix("i")
        number, unit = (text[:-1], text[-1]) if text[-1:] in ("k", "m", "g") else (text, "")
        try:
            size = float(number) * self.UNITS[unit]
        except ValueError:
            self.fail(f"'{value}' is not a size: write a number of bytes, or one with k, M or G (e.g. 64M)", param, ctx)
        if size < 0:
            self.fail(f"'{value}' is negative: give 0 (off) or a positive size", param, ctx)
        return int(size)


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"depesha: {message}", err=True)
    sys.exit(code)


def _guarded(function: Callable) -> Callable:
    """Translate the project's exceptions into a one-line message and an exit status."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except DepeshaError as exc:
            _fail(str(exc))
        except OSError as exc:  # a file or folder that cannot be read or written: say which, and why
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}; check the path and its permissions", 1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="depesha")
def main() -> None:
    """Depesha: archival documents (Wilson Center Digital Archive exports) as CIDOC-CRM linked data.

    Typical use: depesha build data/sample --store var/store, then depesha serve --store var/store.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@base_option
@click.option(
    "--jobs", "-j", type=click.IntRange(1, 256), default=None, help="Conversion processes (default: one per core)."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_guarded
def build(paths: tuple[Path, ...], store: Path, base: str, jobs: int | None, quiet: bool) -> None:
    """Convert export files or TEI files (or folders of *.md and *.xml) and load them into the store.

    Each document's graph is replaced whole; unchanged files are skipped. A bad file is reported with its line and
    reason and skipped while the rest load; the run then ends with exit status 1.
    """
    files = find_inputs(paths)
    show = not quiet and sys.stderr.isatty()
    started = time.monotonic()
    done = 0

    def rate(_: object) -> str:
        return f"{done / max(time.monotonic() - started, 1e-3):.1f} documents/s"

    with click.progressbar(
        length=len(files),
        label="Converting",
        file=sys.stderr,
        show_pos=True,
        show_eta=True,
        item_show_func=rate,
        hidden=not show,
    ) as bar:

        def step(path: Path) -> None:
            nonlocal done
            done += 1
            bar.update(1, path)

        report = run_build(paths, store, base, progress=step, files=files, jobs=jobs)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for folder in report.empty_folders:
        click.echo(
            f"warning: {folder}: no *.md or *.xml file in this folder, so nothing was read from it; give the folder that "
            f"holds the archive's exports (*.md) or TEI files (*.xml), or name other files one by one (depesha build {folder / '*.txt'})",
            err=True,
        )
    if report.removed:
        shown = ", ".join(report.removed[:10]) + (", ..." if len(report.removed) > 10 else "")
        click.echo(
            f"note: {counted(len(report.removed), 'document')} removed from the store, "
            f"{'its file' if len(report.removed) == 1 else 'their files'} gone from the folder given: {shown}",
            err=True,
        )
    for error in report.failed:
        click.echo(f"error: {error}", err=True)
    click.echo(
        f"{counted(len(report.loaded), 'document')} loaded, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed, {len(report.failed)} failed "
        f"({counted(report.quads, 'quad')}, {counted(len(report.warnings), 'warning')}) into {store}",
        err=True,
    )
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.File("wb"), default="-", help="Output file (default: standard output).")
@click.option("--format", "fmt", type=click.Choice(["nq", "trig", "ttl", "jsonld"]), default="nq", show_default=True)
@base_option
@_guarded
def convert(files: tuple[Path, ...], output, fmt: str, base: str) -> None:
    """Convert export files or TEI files to RDF without a store (document graphs and their entity descriptions)."""
    from pyoxigraph import Quad

    from ontology.iris import Iris

    failed = 0
    quads: list[Quad] = []
    entities = Iris(base).entities_graph
    for file in find_inputs(files):
        try:
            documents, errors = convert_path(file, base)
        except InputError as error:
            click.echo(f"error: {error}", err=True)
            failed += 1
            continue
        except Exception as exc:  # a converter defect on one file must not lose the others
            click.echo(
                f"error: {file}: could not be converted, a defect in Depesha ({type(exc).__name__}: {exc})", err=True
            )
            failed += 1
            continue
        for error in errors:  # a document of a TEI volume that could not be read; the others convert
            click.echo(f"error: {error}", err=True)
            failed += 1
        for document in documents:
            for warning in document.warnings:
                click.echo(f"warning: {warning}", err=True)
            quads += document.quads
            quads += [Quad(t.subject, t.predicate, t.object, entities) for t in document.entity_triples]
    quads = list(dict.fromkeys(quads))
    if fmt == "ttl":  # Turtle has no graphs: the union, each triple once
        output.write(
            serialize(list(dict.fromkeys(q.triple for q in quads)), format=RdfFormat.TURTLE, prefixes=PREFIXES)
        )
    else:
        kwargs = {"prefixes": PREFIXES} if fmt in ("trig", "jsonld") else {}
        output.write(serialize(quads, format=RDF_FORMATS[fmt], **kwargs))
    if failed:
        sys.exit(1)


@main.command()
@store_option
@click.option(
    "--format", "fmt", type=click.Choice(["nq", "trig", "cmif", "linked-art"]), default="nq", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Output file; for linked-art a folder (default: standard output).",
)
@_guarded
def export(store: Path, fmt: str, output: Path | None) -> None:
    """Write the whole dataset: every named graph as N-Quads or TriG; the letters' metadata as CMIF (TEI, for
    correspSearch); or one Linked Art JSON-LD record per document (-o DIR: DIR/{record}.json; else JSON Lines)."""
    from server.exports.export_cmif import cmif_bytes
    from server.exports.export_linked_art import json_lines, write_folder

    snapshot = open_snapshot(store)
    if output is not None and (output.is_dir() != (fmt == "linked-art")) and output.exists():
        _fail(f"-o {output}: give a {'folder' if fmt == 'linked-art' else 'file'} for --format {fmt}")
    if fmt == "linked-art" and output is not None:
        click.echo(f"{counted(write_folder(snapshot, output), 'document')} written to {output}", err=True)
        return
    if fmt in RDF_FORMATS:
        chunks = [
            serialize(
                named_quads(snapshot), format=RDF_FORMATS[fmt], **({"prefixes": PREFIXES} if fmt == "trig" else {})
            )
        ]
    else:
        chunks = [cmif_bytes(snapshot)] if fmt == "cmif" else json_lines(snapshot)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") if output is not None else contextlib.nullcontext(sys.stdout.buffer) as out:
        for chunk in chunks:
            out.write(chunk)


@main.command()
@store_option
@_guarded
def check(store: Path) -> None:
    """Validate the store's current snapshot against ontology/shapes.ttl (SHACL); exit status 1 on any violation."""
    from server.store.check import check_store

    report = check_store(store)
    for result in report.results:
        click.echo(f"{result}\n")
    click.echo(report.summary(), err=not report.conforms)
    if not report.conforms:
        sys.exit(1)


@main.command()
@store_option
@click.argument("query_file", metavar="FILE|-", type=click.File("r", encoding="utf-8"))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "tsv", "xml", "ttl", "nt", "jsonld"]),
    default=None,
    help="Output format (default: Turtle for CONSTRUCT/DESCRIBE; for SELECT/ASK a table on a terminal, else JSON).",
)
@service_allow_option
@timeout_option
@service_timeout_option
@service_max_bytes_option
@_guarded
def query(store: Path, query_file, fmt: str | None, service_allow: tuple[str, ...], **limits) -> None:
    """Run a SPARQL query (a file, or - for standard input) over the union of all graphs (or its FROM graphs).

    It runs as the endpoint runs it ('depesha serve'): SERVICE may call only the endpoints --service-allow names,
    within the same time and size limits, and the query is stopped after --timeout seconds.
    """
    from server.cli_query import QueryFailed
    from server.cli_query import run as run_query

    text = query_file.read()
    open_snapshot(store)  # a missing or unusable store is said at once
    settings = Limits(service_allow=frozenset(service_allow), query_memory_mb=0, **limits)
    try:
        sys.stdout.buffer.write(run_query(store, text, query_file.name, fmt, settings))
    except QueryFailed as exc:
        _fail(str(exc), 1)


@main.command()
@store_option
@click.option(
    "--to",
    "url",
    required=True,
    metavar="URL",
    help="Graph Store Protocol endpoint, e.g. http://localhost:7878/store (oxigraph) or .../dataset/data.",
)
@click.option("--token", envvar="DEPESHA_PUBLISH_TOKEN", help="Bearer token (or env DEPESHA_PUBLISH_TOKEN).")
@click.option("--user", help="User for HTTP basic authentication.")
@click.option("--password", envvar="DEPESHA_PUBLISH_PASSWORD", help="Password (or env DEPESHA_PUBLISH_PASSWORD).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_guarded
def publish(store: Path, url: str, token: str | None, user: str | None, password: str | None, quiet: bool) -> None:
    """Send every graph to another triple store, replacing each graph whole; resumable, only changes are sent."""
    from server.store.publish import Target
    from server.store.publish import publish as run_publish

    snapshot = open_snapshot(store)
    total = sum(1 for _ in snapshot.named_graphs())
    with click.progressbar(
        length=total,
        label="Publishing",
        file=sys.stderr,
        show_pos=True,
        show_eta=True,
        hidden=quiet or not sys.stderr.isatty(),
    ) as bar:
        report = run_publish(snapshot, store, Target(url, token, user, password), progress=lambda _: bar.update(1))
    click.echo(
        f"{counted(len(report.sent), 'graph')} sent, {len(report.unchanged)} unchanged, {len(report.deleted)} deleted "
        f"at {url}",
        err=True,
    )


@main.command()
@store_option
@click.option(
    "--api",
    default="https://www.wikidata.org/w/api.php",
    show_default=True,
    metavar="URL",
    help="The Wikidata API (api.php).",
)
@click.option(
    "--sparql",
    default="https://query.wikidata.org/sparql",
    show_default=True,
    metavar="URL",
    help="The Wikidata query service.",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of cached answers (default: STORE/wikidata-cache); a rerun makes no request.",
)
@click.option(
    "--review",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Review file to write; this store's builds then honour it (default: STORE/wikidata-review.toml).",
)
@click.option("--offline", is_flag=True, help="Answer from the cache only; a missing answer is an error.")
@click.option("--rate", type=click.FloatRange(0.1, 100), default=5.0, show_default=True, help="Requests per second.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_guarded
def link(
    store: Path, api: str, sparql: str, cache: Path | None, review: Path | None, offline: bool, rate: float, quiet: bool
) -> None:
    """Link people, groups and places to Wikidata: search, score and write the candidates to the review file.

    The next 'depesha build' adds the links the review file decides (owl:sameAs), the other candidates
    (dv:candidateMatch) and what the linked items say (labels, coordinates, birth and death), with provenance.
    """
    from server.linking.linkrun import choose_review_file, records_of_store
    from server.linking.linkrun import link as run_link
    from server.linking.wikidata import ClientConfig, WikidataClient

    records = records_of_store(store)
    review_path = choose_review_file(store, review)
    client = WikidataClient(
        ClientConfig(
            api_url=api,
            sparql_url=sparql,
            cache=cache or store / "wikidata-cache",
            offline=offline,
            min_interval=1.0 / rate,
        )
    )
    with click.progressbar(
        length=len(records), label="Linking", file=sys.stderr, show_pos=True, hidden=quiet or not sys.stderr.isatty()
    ) as bar:
        report = run_link(records, client, review_path, progress=lambda _: bar.update(1))
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(
        f"{counted(report.entities, 'entity', 'entities')}: {report.linked} linked by rule, {report.with_candidates} "
        f"with candidates to review, {report.curated} curated; {counted(client.requests_made, 'request')}; "
        f"review file {review_path}",
        err=True,
    )


@main.command()
@click.option(
    "--store",
    "store",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Store folder (created by 'depesha build'). Give it or --endpoint.",
)
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Serve the pages, query UI and reconciliation over this remote SPARQL 1.1 query endpoint instead "
    "of a store (e.g. one 'depesha publish' filled); its default graph must be the union of its graphs.",
)
@click.option(
    "--refresh",
    "refresh_s",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=1),
    metavar="S",
    help="With --endpoint: seconds the remote's answers are kept before they are asked again.",
)
@base_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="gunicorn worker processes.")
@click.option(
    "--threads",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Requests each worker serves at once (each with a query process of its own).",
)
@service_allow_option
@timeout_option
@click.option(
    "--max-rows",
    "max_result_rows",
    default=100_000,
    show_default=True,
    type=click.IntRange(1),
    help="Rows (or triples) a result may have; more is an error (HTTP 422), never a cut-off result.",
)
@click.option(
    "--max-request-bytes",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(1),
    help="Size of a query request (HTTP 413 beyond).",
)
@click.option(
    "--max-upload-bytes",
    default=100_000_000,
    show_default=True,
    type=click.IntRange(1),
    help="Size of an update or Graph Store upload (HTTP 413 beyond).",
)
@click.option(
    "--query-memory",
    "query_memory_mb",
    default=2048,
    show_default=True,
    type=click.IntRange(0),
    metavar="MB",
    help="Memory (address space) of one query process; 0: no cap.",
)
@service_timeout_option
@service_max_bytes_option
@click.option(
    "--write-token-file",
    type=click.File("r"),
    default=None,
    help="File holding the bearer token that SPARQL Update and Graph Store writes need (or env "
    "DEPESHA_WRITE_TOKEN). Without one the server is read-only.",
)
@click.option(
    "--public-url",
    default=None,
    metavar="URL",
    help="The server's public root URL (e.g. https://archive.example.org/), named in its answers (query UI, "
    "Service Description, JSON-LD context, sitemap); default: each request's own host.",
)
@click.option(
    "--no-isolation",
    "isolate",
    flag_value=False,
    default=True,
    help='Do not wall query processes off the network (a Linux network namespace each; README, "The '
    "endpoint\"). Without the wall the word 'service' is refused outside allowed SERVICE calls.",
)
@click.option(
    "--cache-memory",
    "cache_memory_bytes",
    default="64M",
    show_default=True,
    type=ByteSize(),
    help="Query answers kept in memory by each worker until the next snapshot (e.g. 500k, 64M; 0: none).",
)
@click.option(
    "--cache-disk",
    "cache_disk_bytes",
    default="512M",
    show_default=True,
    type=ByteSize(),
    help="Query answers kept under STORE/cache/ until the next snapshot, shared by the workers (0: none).",
)
@_guarded
def serve(
    store: Path | None,
    endpoint: str | None,
    refresh_s: float,
    base: str,
    host: str,
    port: int,
    workers: int,
    threads: int,
    service_allow: tuple[str, ...],
    write_token_file,
    isolate: bool,
    public_url: str | None,
    cache_memory_bytes: int,
    cache_disk_bytes: int,
    **limits,
) -> None:
    """Serve the store: pages and IRIs, the SPARQL endpoint at /sparql (read-only unless a write token is given),
    reconciliation at /reconcile.

    With --endpoint URL instead of --store, the same pages, query UI and reconciliation show a remote SPARQL
    endpoint: queries to /sparql are checked and forwarded to it; writes, the dataset dumps and the full-text
    index need a store folder and are not offered (README, "Serving a remote endpoint").
    """
    import os

    from server.web.app import AppConfig, create_app
    from server.web.wsgi import serve_forever

    if (store is None) == (endpoint is None):
        _fail("give either --store DIR or --endpoint URL")
    token = (write_token_file.read().strip() if write_token_file else os.environ.get("DEPESHA_WRITE_TOKEN")) or None
    if endpoint and token:
        _fail("--write-token-file is for a store; with --endpoint, writes go to the remote store itself")
    if endpoint:
        _check_endpoint(endpoint, limits["query_timeout_s"])
    _check_port_free(host, port)
    app = create_app(
        AppConfig(
            store=store,
            base=base,
            service_allow=frozenset(service_allow),
            write_token=token,
            endpoint=endpoint,
            refresh_s=refresh_s,
            query_processes=threads,
            isolate=isolate,
            public_url=public_url,
            cache_memory_bytes=cache_memory_bytes,
            cache_disk_bytes=cache_disk_bytes,
            **limits,
        )
    )
    click.echo(
        f"Serving {store or endpoint} at http://{host}:{port}/ (pages and IRIs; SPARQL at /sparql; {workers} "
        f"workers{', writable' if token else ''})",
        err=True,
    )
    serve_forever(app, host, port, workers, threads, timeout=int(limits["query_timeout_s"]) + 30)


def _check_port_free(host: str, port: int) -> None:
    """Fail at once when another program holds the port: gunicorn's workers bind with SO_REUSEPORT, which would
    otherwise share the port with it, and clients would get answers from two servers at random."""
    import socket

    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.bind((host, port))
    except OSError as exc:
        _fail(
            f"cannot listen on {host}:{port}: {exc.strerror or exc} (another server may be running there); "
            "stop it or choose another --port"
        )


def _check_endpoint(url: str, timeout_s: float) -> None:
    """Refuse an endpoint whose default graph is not the union of its graphs; warn when it cannot be asked now."""
    from converter.errors import RemoteError
    from server.store.remote_store import RemoteEndpoint, check_endpoint

    try:
        trouble = check_endpoint(RemoteEndpoint(url, timeout_s))
    except RemoteError as exc:
        click.echo(f"warning: {exc}; serving anyway (pages answer 502 until it is back)", err=True)
        return
    if trouble:
        _fail(trouble)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@store_option
@click.option(
    "--graph",
    metavar="IRI",
    help="Load every triple into this graph (default: the store's default graph; "
    "quads of N-Quads/TriG keep their own graph).",
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["ttl", "nt", "nq", "trig", "rdfxml", "jsonld"]),
    help="RDF format (default: from each file's suffix).",
)
@click.option("--replace", is_flag=True, help="Empty the graphs being loaded first, so a reload leaves nothing stale.")
@_guarded
def load(files: tuple[Path, ...], store: Path, graph: str | None, format_name: str | None, replace: bool) -> None:
    """Load RDF files (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD) beside the converted documents.

    A triple already in another graph is not added again (one graph per triple); graphs under BASE/graph/ are the
    build's and are refused. A new snapshot is published; a running server picks it up.
    """
    from server.build.load import load_files

    report = load_files(files, store, graph, format_name, replace)
    click.echo(
        f"{counted(report.added, 'triple')} added to {counted(len(report.graphs), 'graph')}, "
        f"{report.already_there} already there in {store}",
        err=True,
    )


if __name__ == "__main__":
    main()
