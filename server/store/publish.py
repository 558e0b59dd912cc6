"""``depesha publish``: send every graph of the store to a SPARQL 1.1 Graph Store Protocol endpoint (Fuseki, GraphDB,
Virtuoso, QLever, ``oxigraph serve``), replacing each graph whole (HTTP PUT ?graph=IRI).

A log file next to the store remembers what was sent where (graph IRI and a hash of its content), so a rerun sends
only what changed since, deletes graphs that left the store, and an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests
from pyoxigraph import NamedNode, RdfFormat, Store, serialize

from converter.errors import ConfigError, DepeshaError
from server import USER_AGENT

RETRIES = 4
TIMEOUT = 120


class PublishError(DepeshaError):
    """The remote store refused a graph or could not be reached."""


@dataclass
class PublishReport:
    sent: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    url: str
    token: str | None = None
    user: str | None = None
    password: str | None = None

    def session(self) -> requests.Session:
        if not self.url.startswith(("http://", "https://")):
            raise ConfigError(f"--to '{self.url}' is not an http(s) URL of a Graph Store Protocol endpoint")
        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT + " (publish)"
        if self.token:
            session.headers["Authorization"] = f"Bearer {self.token}"
        elif self.user:
            session.auth = (self.user, self.password or "")
        return session


def _log_path(folder: Path, url: str) -> Path:
    return folder / f"publish-{hashlib.sha256(url.encode()).hexdigest()[:12]}.json"


def _request(session: requests.Session, method: str, url: str, graph: str, body: bytes | None = None) -> None:
    headers = {"Content-Type": "application/n-triples"} if body is not None else {}
    for attempt in range(RETRIES):
        try:
            response = session.request(
                method, url, params={"graph": graph}, data=body, headers=headers, timeout=TIMEOUT
            )
        except requests.RequestException as exc:
            problem = f"cannot reach {url}: {exc}"
        else:
            if response.status_code < 300 or (method == "DELETE" and response.status_code == 404):
                return
            problem = f"{method} {graph} to {url}: HTTP {response.status_code} {response.text[:200].strip()}"
            if response.status_code < 500 and response.status_code != 429:
                raise PublishError(problem)
            retry_after = response.headers.get("Retry-After", "")
            if retry_after.isdigit():
                time.sleep(min(int(retry_after), 60))
                continue
        if attempt + 1 < RETRIES:
            time.sleep(0.5 * 2**attempt)
    raise PublishError(problem)


def publish(
    store: Store, folder: Path, target: Target, progress: Callable[[str], None] = lambda graph: None
) -> PublishReport:
    session = target.session()
    log_file = _log_path(folder, target.url)
    sent: dict[str, str] = json.loads(log_file.read_text()) if log_file.exists() else {}
    report = PublishReport()
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, NamedNode))

    def save() -> None:
        temporary = log_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(sent, indent=0, sort_keys=True))
        temporary.replace(log_file)

    for graph in graphs:
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, NamedNode(graph))]
        body = serialize(triples, format=RdfFormat.N_TRIPLES)
        digest = hashlib.sha256(b"".join(sorted(body.splitlines()))).hexdigest()
        if sent.get(graph) == digest:
            report.unchanged.append(graph)
        else:
            _request(session, "PUT", target.url, graph, body)
            sent[graph] = digest
            save()
            report.sent.append(graph)
        progress(graph)
    for graph in sorted(set(sent) - set(graphs)):
        _request(session, "DELETE", target.url, graph)
        del sent[graph]
        save()
        report.deleted.append(graph)
    return report
