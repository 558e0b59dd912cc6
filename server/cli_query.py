"""``depesha query``: a query run as the endpoint runs it. The same check of SERVICE calls against the allow-list
(``server/web/sparql/sparql.py``), the same query process (a network wall, the SERVICE relay with its time and size
limits, the query time limit: ``server/web/sparql/query_pool.py``) and the same readable errors; the answer is then
printed in the format asked for, or as a table on a terminal."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from pyoxigraph import QueryResultsFormat, QuerySolutions, parse_query_results

from server.web.problems import Problem
from server.web.sparql.limits import PROBLEM_TYPES, Limits
from server.web.sparql.query_pool import QueryPool
from server.web.sparql.query_worker import WorkerSettings
from server.web.sparql.sparql import QueryRequest, query_job
from server.web.sparql.sparql_text import shape

RESULT_MEDIA = {
    "table": "application/sparql-results+json",
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
}
GRAPH_MEDIA = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}
GRAPH_FORMS = {"CONSTRUCT", "DESCRIBE"}
NO_ROW_CAP = 2**62  # the command line prints whatever the query finds
HINTS = {  # what to do, by problem type
    "service-not-allowed": "allow the endpoint with --service-allow URL (repeat for more)",
    "service-failed": "check that the endpoint is up and this machine can reach it",
    "service-timeout": "give it more time with --service-timeout S",
    "service-too-large": "ask the endpoint for less, or raise --service-max-bytes",
    "query-timeout": "narrow the query, or give it more time with --timeout S",
}


class QueryFailed(Exception):
    """A one-line message for the command line: what went wrong and what to do."""


def _fail(problem: Problem, source: str) -> QueryFailed:
    kind = problem.type.removeprefix(PROBLEM_TYPES)
    hint = HINTS.get(kind)
    return QueryFailed(f"{source}: {problem.detail or problem.title}" + (f"; {hint}" if hint else ""))


def choose_format(text: str, fmt: str | None, terminal: bool) -> tuple[str, str]:
    """(format, media type) for the query's form; a format that does not fit the form is a ``QueryFailed``."""
    graph = shape(text).form in GRAPH_FORMS
    fmt = fmt or ("ttl" if graph else ("table" if terminal else "json"))
    if graph and fmt not in GRAPH_MEDIA:
        raise QueryFailed(f"--format {fmt} is for SELECT/ASK; use ttl, nt or jsonld for CONSTRUCT/DESCRIBE")
    if not graph and fmt not in RESULT_MEDIA:
        raise QueryFailed(f"--format {fmt} is for CONSTRUCT/DESCRIBE; use table, json, csv, tsv or xml")
    return fmt, (GRAPH_MEDIA if graph else RESULT_MEDIA)[fmt]


def run(store: Path, text: str, source: str, fmt: str | None, limits: Limits) -> bytes:
    """The query's answer as bytes to print; ``QueryFailed`` with a one-line reason when it cannot be given."""
    fmt, media_type = choose_format(text, fmt, sys.stdout.isatty())
    limits = replace(limits, max_result_rows=NO_ROW_CAP)
    pool = QueryPool(WorkerSettings(store, limits))
    try:
        job = query_job(QueryRequest(text, [], [], False), media_type, limits)
        answer = pool.run(job)
    except Problem as problem:
        raise _fail(problem, source) from None
    finally:
        pool.close()
    if fmt != "table":
        return answer.body
    result = parse_query_results(answer.body, QueryResultsFormat.JSON)
    return (table(result) if isinstance(result, QuerySolutions) else f"{bool(result)}\n").encode("utf-8")


def table(solutions: QuerySolutions) -> str:
    variables = [v.value for v in solutions.variables]
    rows = [[_cell(solution[v]) for v in variables] for solution in solutions]
    widths = [max([len(v)] + [len(r[i]) for r in rows]) for i, v in enumerate(variables)]
    line = "+".join("-" * (w + 2) for w in widths)
    out = [" | ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)), line]
    out += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _cell(term) -> str:
    if term is None:
        return ""
    text = term.value
    return text if len(text) <= 80 else text[:77] + "..."
