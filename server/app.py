"""The Flask app factory: ``create_app(AppConfig(...))`` serves the store read-only over the SPARQL 1.1 Protocol."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from converter.errors import StoreError
from converter.namespaces import DEFAULT_BASE

from .problems import Problem, http_exception_response, problem_response
from .reconcile import reconcile_blueprint
from .sparql import read_query_request, run_query
from .store import SnapshotReader


@dataclass(frozen=True)
class AppConfig:
    store: Path
    base: str = DEFAULT_BASE
    max_request_bytes: int = 1_000_000
    service_allow: frozenset[str] = field(default_factory=frozenset)


def create_app(config: AppConfig) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_request_bytes
    app.config["DEPESHA"] = config
    reader = SnapshotReader(config.store)
    app.register_blueprint(reconcile_blueprint(reader, config.base))  # W3C Reconciliation API (server/reconcile.py)

    @app.errorhandler(Problem)
    def _problem(problem: Problem) -> Response:
        return problem_response(problem)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        return http_exception_response(exc)

    @app.errorhandler(StoreError)
    def _store(exc: StoreError) -> Response:
        return problem_response(Problem(503, "Service Unavailable", str(exc)))

    @app.after_request
    def _cors(response: Response) -> Response:
        response.headers.setdefault("Access-Control-Allow-Origin", "*")
        return response

    @app.route("/sparql", methods=["GET", "POST", "OPTIONS"])
    def sparql() -> Response:
        if request.method == "OPTIONS":
            return Response(status=204, headers={"Allow": "GET, POST, OPTIONS",
                                                 "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                                                 "Access-Control-Allow-Headers": "Content-Type, Accept"})
        if request.method == "GET" and not request.args:
            return Response("SPARQL 1.1 query endpoint: send ?query=... (GET) or POST a query.\n",
                            mimetype="text/plain")
        query_request = read_query_request(request)
        return run_query(reader.store(), query_request, request.headers.get("Accept"), config.service_allow)

    @app.route("/")
    def home() -> Response:
        return Response("Depesha: SPARQL endpoint at /sparql\n", mimetype="text/plain")

    return app
