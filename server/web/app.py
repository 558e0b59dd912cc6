"""The Flask app factory: ``create_app(AppConfig(...))`` serves the store read-only over the SPARQL 1.1 Protocol."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from converter.errors import ConfigError, DepeshaError
from ontology.namespaces import DEFAULT_BASE
from server.store.remote_store import RemoteEndpoint, RemoteReader
from server.store.store import Reader, SnapshotReader
from server.web.bodies import read_whole_body
from server.web.problems import Problem, http_exception_response, problem_of, problem_response
from server.web.public_url import vary_by_host
from server.web.site.query_ui import ui_response, wants_ui
from server.web.site.reconcile import reconcile_blueprint
from server.web.site.routes import register as register_publishing
from server.web.sparql.answer_cache import AnswerCache, CacheSizes
from server.web.sparql.endpoint import answer_sparql, cors
from server.web.sparql.limits import Limits
from server.web.sparql.query_pool import QueryPool, WorkerSettings
from server.web.sparql.remote_sparql import refused_writes_blueprint, relay_sparql
from server.web.sparql.writes import writes_blueprint


@dataclass(frozen=True)
class AppConfig:
    store: Path | None  # None with ``endpoint``: nothing is read from a store folder
    base: str = DEFAULT_BASE
    max_request_bytes: int = 1_000_000
    service_allow: frozenset[str] = field(default_factory=frozenset)
    # these and the two above: server/web/sparql/limits.py says what each one does
    query_timeout_s: float = 30.0
    max_result_rows: int = 100_000
    max_upload_bytes: int = 100_000_000
    query_memory_mb: int = 2048
    service_timeout_s: float = 10.0
    service_max_bytes: int = 10_000_000
    write_token: str | None = None  # SPARQL Update and Graph Store writes need it; None: read-only
    query_processes: int = 1  # light query places per app process (server/web/sparql/query_pool.py)
    endpoint: str | None = None  # a remote SPARQL query endpoint to serve instead of the store
    # with ``endpoint``: how long its answers are kept (server/store/remote_store.py)
    refresh_s: float = 60.0
    isolate: bool = True  # wall query processes off the network (server/web/sparql/sandbox.py)
    # the server's public root URL (server/web/public_url.py); None: each request's own host
    public_url: str | None = None
    # answers kept per published snapshot (server/web/sparql/answer_cache.py); 0: that tier off
    cache_memory_bytes: int = CacheSizes.memory_bytes
    cache_disk_bytes: int = CacheSizes.disk_bytes

    def limits(self) -> Limits:
        return Limits(
            self.query_timeout_s,
            self.max_result_rows,
            self.max_request_bytes,
            self.max_upload_bytes,
            self.query_memory_mb,
            frozenset(self.service_allow),
            self.service_timeout_s,
            self.service_max_bytes,
        )


def create_app(config: AppConfig) -> Flask:
    app = Flask(__name__, template_folder="site/templates", static_folder="site/static")
    app.config["MAX_CONTENT_LENGTH"] = config.max_request_bytes
    app.config["DEPESHA"] = config
    if config.public_url:
        if not re.match(r"https?://[^/\s]+", config.public_url):
            raise ConfigError(f"--public-url '{config.public_url}' is not an http(s) URL such as https://example.org/")
        app.config["DEPESHA_PUBLIC_URL"] = config.public_url.rstrip("/") + "/"
    limits = config.limits()
    folder: Path | None = None
    if config.endpoint:  # pages, query relay and reconciliation over a remote endpoint (server/store/remote_store.py)
        remote = RemoteReader(RemoteEndpoint(config.endpoint, config.query_timeout_s), config.refresh_s)
        reader: Reader = remote
        base = remote.published_base() or config.base
        app.register_blueprint(refused_writes_blueprint(config.endpoint))
    elif config.store is None:
        raise ConfigError("give a store folder (--store) or a remote SPARQL endpoint (--endpoint)")
    else:
        folder = config.store.resolve()  # dumps are files in it, served whatever the working folder is then
        reader, base = SnapshotReader(folder), config.base
        pool = QueryPool(WorkerSettings(folder, limits, config.isolate), config.query_processes)
        answers = AnswerCache(folder, CacheSizes(config.cache_memory_bytes, config.cache_disk_bytes))
        app.extensions["depesha.query_pool"] = pool  # started in each gunicorn worker (server/web/wsgi.py)
        app.register_blueprint(writes_blueprint(limits, config.write_token, pool))
    app.register_blueprint(reconcile_blueprint(reader, base))  # W3C Reconciliation API (server/web/site/reconcile.py)

    @app.errorhandler(Problem)
    def _problem(problem: Problem) -> Response:
        return problem_response(problem)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        return http_exception_response(exc)

    @app.errorhandler(DepeshaError)
    def _depesha(exc: DepeshaError) -> Response:
        return problem_response(problem_of(exc))

    @app.before_request
    def _whole_body() -> None:
        writing = request.path in ("/update", "/store")
        read_whole_body(config.max_upload_bytes if writing else config.max_request_bytes)

    @app.after_request
    def _headers(response: Response) -> Response:
        return vary_by_host(cors(response))

    @app.route("/sparql", methods=["GET", "POST", "OPTIONS"])
    def sparql() -> Response:
        if request.method == "OPTIONS":
            return Response(
                status=204,
                headers={
                    "Allow": "GET, POST, OPTIONS",
                    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Content-Type, Accept",
                },
            )
        if wants_ui(request):  # a browser asking for a page: the query UI (server/web/site/query_ui.py)
            return ui_response()
        if config.endpoint:
            return relay_sparql(remote, limits)
        return answer_sparql(limits, pool, bool(config.write_token), reader, answers)

    # pages, IRIs, dumps, search (site/routes.py)
    register_publishing(app, reader, base, None if config.endpoint else folder)
    return app
