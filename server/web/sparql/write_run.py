"""Applying a write (SPARQL Update, Graph Store PUT/POST/DELETE) to the primary database, inside a query worker
process. RocksDB cannot be opened for writing in a process forked from one that had a database open (measured with
pyoxigraph 0.5.13: ``Store(path)`` never returns in the forked child), and gunicorn's workers are forked from a master
that opened the snapshot; the query workers are spawned, so writes run there too.

How writes live with ``depesha build``: the primary database has one writer at a time (RocksDB's lock). A write opens
it for the length of the request, applies the change in one transaction, publishes a new snapshot (which every query
worker picks up on its next query) and closes it. While a build or ``depesha load`` holds the lock, a write waits up
to ``LOCK_WAIT_S`` and is then refused with 503 and ``Retry-After``, having changed nothing; a build that starts while
a write holds the lock fails at once, as it does when another build runs. Writes touch only the users' graphs: graphs
under ``{base}graph/`` are the build's (an update naming one, CLEAR/DROP ALL or NAMED, and GRAPH ?variable in an update
are refused), ``LOAD`` and ``SERVICE`` are refused (the server fetches no URL). ``graph/meta``'s counts are refreshed
by the next build or load, not by each write.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store

from converter.errors import DepeshaError, StoreBusy
from server.build.dataset import refresh_after_write
from server.store.loading import add_quads, is_managed, read_rdf, remove_user_graph, store_base, user_graph
from server.store.store import USER_DEFAULT, WritableStore
from server.web.problems import Problem, problem_of
from server.web.sparql.query_run import Answer, QueryJob, syntax_problem
from server.web.sparql.sparql_text import QUERY_FORMS, QueryShape, refuse_unwalled, shape

LOCK_WAIT_S = 5.0
WRITE_KINDS = ("update", "put", "post", "delete", "put-dataset", "post-dataset")


@contextlib.contextmanager
def primary(folder: Path) -> Iterator[WritableStore]:
    """The primary database, waiting a little for a build or load to release it; 503 (nothing changed) if not."""
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            store = WritableStore(folder)
            break
        except StoreBusy:
            if time.monotonic() > deadline:
                raise problem_of(StoreBusy("a build or load is running on this store")) from None
            time.sleep(0.1)
    try:
        yield store
    finally:
        store.close()


def check_update(text: str, base: str) -> QueryShape:
    """Refusals with a reason, read from the text (the confinement, not this, keeps build graphs safe); the shape."""
    update_shape = shape(text)
    if update_shape.form in QUERY_FORMS:
        raise Problem(400, "Bad Request", "this is the update endpoint: send queries to /sparql")
    if "LOAD" in update_shape.keywords or "SERVICE" in update_shape.keywords:
        raise Problem(
            403,
            "Forbidden",
            "LOAD and SERVICE are not allowed in updates (the server fetches no URL); "
            "send the data with the Graph Store Protocol (PUT/POST /store) instead",
        )
    managed = sorted(iri for iri in update_shape.iris if is_managed(NamedNode(iri), base))
    if managed or update_shape.clears_many:
        what = f"<{managed[0]}> is" if managed else "CLEAR/DROP ALL or NAMED would be"
        raise Problem(
            403,
            "Forbidden",
            f"{what} outside the users' graphs: graphs under {base}graph/ are made by "
            "'depesha build' and only a build changes them; name your own graphs",
        )
    return update_shape


def _refusing(action):
    """Run a write step; a refused input (bad RDF, a graph of the build's) is a 4xx that changed nothing."""
    try:
        return action()
    except DepeshaError as exc:
        raise problem_of(exc) from None


def user_contents(store: Store, base: str) -> dict[str, set[Quad]]:
    """Each user graph (graph IRI to its quads)."""
    return {
        g.value: set(store.quads_for_pattern(None, None, None, g))
        for g in store.named_graphs()
        if not is_managed(g, base)
    }


def confined_update(
    before: dict[str, set[Quad]], text: str, base: str, walled: bool, base_iri: str | None = None
) -> dict[str, set[Quad]]:
    """The users' graphs (as ``user_contents`` gives them) after ``text``, run in a scratch store that holds nothing
    else, so that whatever the parser makes of the text it cannot touch a graph of the build's; one appearing in the
    scratch store refuses the whole update. The user default graph is the scratch store's default graph."""
    update_shape = check_update(text, base)
    if not walled:
        refuse_unwalled(text, update_shape, update=True)
    user_default = NamedNode(base + USER_DEFAULT)
    scratch = Store()
    for key, quads in before.items():
        if key == user_default.value:
            scratch.extend(Quad(q.subject, q.predicate, q.object) for q in quads)
        else:
            scratch.add_graph(NamedNode(key))  # an empty graph stays a graph
            scratch.extend(quads)
    try:
        scratch.update(text, base_iri=base_iri)
    except SyntaxError as exc:
        raise syntax_problem(exc, text, "SPARQL Update") from None
    except (RuntimeError, ValueError, OSError) as exc:
        raise Problem(400, "Bad Request", f"the update failed and changed nothing: {exc}") from None
    managed = sorted(g.value for g in scratch.named_graphs() if is_managed(g, base))
    if managed:
        raise Problem(
            403,
            "Forbidden",
            f"the update writes <{managed[0]}>, a graph made by 'depesha build' (graphs "
            f"under {base}graph/ change only by a build); nothing was changed",
        )
    after = {g.value: set(scratch.quads_for_pattern(None, None, None, g)) for g in scratch.named_graphs()}
    loose = {
        Quad(q.subject, q.predicate, q.object, user_default)
        for q in scratch.quads_for_pattern(None, None, None, DefaultGraph())
    }
    if loose or user_default.value in before:
        after[user_default.value] = after.get(user_default.value, set()) | loose
    return after


def apply_update(store: WritableStore, text: str, walled: bool, base_iri: str | None = None) -> None:
    """Run a SPARQL Update on the users' graphs only (``confined_update``; so its WHERE sees those graphs only, as
    MODELLING.md says under "Writes") and put the graphs it changed back into the store."""
    base = store_base(store)
    before = user_contents(store.oxigraph, base)
    after = confined_update(before, text, base, walled, base_iri)
    for key in before.keys() - after.keys():
        remove_user_graph(store, NamedNode(key))
    changed = [key for key in after if after[key] != before.get(key)]
    if changed:
        add_quads(
            store,
            [quad for key in changed for quad in after[key]],
            "SPARQL Update",
            replace=[NamedNode(key) for key in changed],
        )


def apply_write(folder: Path, job: QueryJob, walled: bool = True) -> Answer:
    """``job.kind`` "update" (``text`` the update), or "put"/"post"/"delete" (``text`` the graph IRI, "" for the
    default graph; ``data`` and ``media_type`` the RDF sent), or "put-dataset"/"post-dataset" (the Graph Store
    Protocol on the whole dataset). ``walled``: the process cannot reach the network. Every write refreshes the
    dumps and graph/meta before it publishes its snapshot."""
    with primary(folder) as store:
        answer = _write(store, job, walled)
        refresh_after_write(store)
        store.publish_snapshot()
    return answer


def _write(store: WritableStore, job: QueryJob, walled: bool) -> Answer:
    if job.kind == "update":
        apply_update(store, job.text, walled, job.base_iri)
        return Answer(b"", "", 204)
    graph = NamedNode(job.text) if job.text else DefaultGraph()
    if job.kind == "delete":
        if isinstance(graph, NamedNode) and not store.oxigraph.contains_named_graph(graph):
            raise Problem(404, "Not Found", f"there is no graph <{job.text}> in this store")
        _refusing(lambda: remove_user_graph(store, graph))
        return Answer(b"", "", 204)
    rdf_format = RdfFormat.from_media_type(job.media_type) if job.media_type else None
    if rdf_format is None:
        raise Problem(
            415,
            "Unsupported Media Type",
            "send RDF as Turtle, N-Triples, N-Quads, TriG, RDF/XML or "
            f"JSON-LD, named by Content-Type (got {job.media_type or 'none'})",
        )
    if job.kind == "post-dataset":  # a new graph, named here (Graph Store Protocol 5.5)
        graph = NamedNode(f"{store_base(store)}user/{uuid.uuid4()}")
    if job.kind == "put-dataset":
        quads = _refusing(lambda: read_rdf(job.data, rdf_format, "request body", None))
        base = store_base(store)
        given = {user_graph(q.graph_name, base) for q in quads}
        # add_quads refuses a build graph before it writes anything; then the user graphs not given go
        _refusing(lambda: add_quads(store, quads, "HTTP PUT (dataset)", replace=list(given)))
        for old in set(store.oxigraph.named_graphs()) - given:
            if not is_managed(old, base):
                remove_user_graph(store, old)
        return Answer(b"", "", 204)
    quads = _refusing(lambda: read_rdf(job.data, rdf_format, "request body", graph))
    report = _refusing(
        lambda: add_quads(store, quads, f"HTTP {job.kind.upper()}", replace=[graph] if job.kind == "put" else [])
    )
    if job.kind == "post-dataset":
        return Answer(b"", "", 201, {"Location": graph.value})
    return Answer(b"", "", 201 if job.text in report.created else 204)  # 201 when the graph is new
