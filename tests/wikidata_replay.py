"""A local stand-in for Wikidata that answers with recorded responses (``tests/fixtures/wikidata/``): the API
(``wbsearchentities`` from ``search/{language}.json``, ``wbgetentities`` from ``entities/Q….json``) and a SPARQL query
service over the Wikidata-shaped Turtle files (``*.ttl``). Used by the tests (with pytest-httpserver or on its own
port) and by ``bench/linking.py``; it only ever listens on loopback.

The responses are hand-written in the shape the Wikidata API documents; ids from Q990000 up are fictional.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs

from pyoxigraph import QueryResultsFormat, RdfFormat, Store
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wikidata"


class Replay:
    def __init__(self, folder: Path = FIXTURES) -> None:
        self.entities = {
            path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((folder / "entities").glob("Q*.json"))
        }
        self.searches = {
            path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((folder / "search").glob("*.json"))
        }
        self.rdf = Store()
        for path in sorted(folder.glob("*.ttl")):
            self.rdf.load(path=str(path), format=RdfFormat.TURTLE)
        self.log: list[tuple[str, str]] = []  # (action, what) of every request answered
        self.unrecorded: list[str] = []  # searches with no recorded answer (answered with no hit)
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):  # a WSGI application
        return self.handle(Request(environ))(environ, start_response)

    def handle(self, request: Request) -> Response:
        if request.path.endswith("/sparql"):
            return self.sparql(request)
        params = request.args
        action = params.get("action", "")
        if action == "wbsearchentities":
            return self.search(params.get("search", ""), params.get("language", "en"))
        if action == "wbgetentities":
            return self.get_entities(params.get("ids", "").split("|"))
        return _json(
            {
                "error": {"code": "badvalue", "info": f'Unrecognized value for parameter "action": {action}.'},
                "servedby": "replay",
            }
        )

    def search(self, text: str, language: str) -> Response:
        with self._lock:
            self.log.append(("wbsearchentities", f"{language}:{text}"))
            body = self.searches.get(language, {}).get(text)
            if body is None:
                self.unrecorded.append(f"{language}:{text}")
                body = {"searchinfo": {"search": text}, "search": [], "success": 1}
        return _json(body)

    def get_entities(self, ids: list[str]) -> Response:
        with self._lock:
            self.log.append(("wbgetentities", "|".join(ids)))
        entities = {qid: self.entities.get(qid, {"id": qid, "missing": ""}) for qid in ids if qid}
        return _json({"entities": entities, "success": 1})

    def sparql(self, request: Request) -> Response:
        if request.method == "POST" and request.mimetype == "application/sparql-query":
            query = request.get_data(as_text=True)
        elif request.method == "POST":
            query = parse_qs(request.get_data(as_text=True)).get("query", [""])[0]
        else:
            query = request.args.get("query", "")
        with self._lock:
            self.log.append(("sparql", query))
        try:
            result = self.rdf.query(query)
        except SyntaxError as exc:
            return Response(f"Query parse error: {exc}", 400, mimetype="text/plain")
        return Response(
            result.serialize(format=QueryResultsFormat.JSON), 200, mimetype="application/sparql-results+json"
        )

    def count(self, action: str) -> int:
        return sum(1 for logged, _ in self.log if logged == action)


def _json(body: dict) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), 200, mimetype="application/json")


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


@contextmanager
def serving(replay: Replay) -> Iterator[str]:
    """Serve the replay on a free loopback port; yields its base URL (API at /w/api.php, SPARQL at /sparql)."""
    server = make_server("127.0.0.1", 0, replay, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
