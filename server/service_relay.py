"""SERVICE calls under control. pyoxigraph runs ``SERVICE`` with its own HTTP client, with no timeout and no size
limit, and it cannot be told to use a proxy. So a query worker rewrites every SERVICE endpoint that is on the
allow-list to a relay on its own loopback port (``<http://127.0.0.1:PORT/N>``, N the endpoint's place on the list),
and the relay makes the call: only to that endpoint, no redirects followed, with a time limit from connection to last
byte and a cap on the bytes it passes back. Endpoints not on the list never reach a worker (``server/sparql.py``
refuses the query first). When a call fails, the relay keeps the reason, so that the query's error names it."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from .limits import PROBLEM_TYPES, Limits
from .problems import Problem
from .sparql_text import QueryShape

USER_AGENT = "Depesha/0.1 (SPARQL SERVICE relay)"
CHUNK = 65536


class ServiceRelay:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.endpoints = sorted(limits.service_allow)
        self.failure: Problem | None = None
        self.calls = 0                       # calls made for the current query
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, name="service-relay", daemon=True).start()

    def begin(self) -> None:
        """Forget the calls and the failure of an earlier query."""
        self.failure = None
        self.calls = 0

    def rewrite(self, text: str, query_shape: QueryShape) -> str:
        """The query with each allowed SERVICE endpoint replaced by its relay address."""
        for call in sorted(query_shape.services, key=lambda c: c.start, reverse=True):
            if call.target in self.limits.service_allow:
                relay = f"<http://127.0.0.1:{self.port}/{self.endpoints.index(call.target)}>"
                text = text[:call.start] + relay + text[call.end:]
        return text

    def _fail(self, status: int, title: str, detail: str, kind: str) -> tuple[int, str, bytes]:
        self.failure = Problem(status, title, detail, type=PROBLEM_TYPES + kind)
        return status, "text/plain; charset=utf-8", detail.encode("utf-8")

    def forward(self, index: int, method: str, query: str, body: bytes, headers: dict[str, str]) \
            -> tuple[int, str, bytes]:
        """Call allowed endpoint ``index``; (status, content type, body) to hand back to pyoxigraph."""
        endpoint = self.endpoints[index]
        limits = self.limits
        self.calls += 1
        deadline = time.monotonic() + limits.service_timeout_s
        url = endpoint + (("&" if "?" in endpoint else "?") + query if query else "")
        try:
            with requests.request(method, url, data=body or None, headers={**headers, "User-Agent": USER_AGENT},
                                  stream=True, allow_redirects=False,
                                  timeout=(limits.service_timeout_s, limits.service_timeout_s)) as response:
                if response.is_redirect:
                    return self._fail(502, "Bad Gateway", f"SERVICE <{endpoint}> answered a redirect to "
                                      f"{response.headers.get('Location')}; only the endpoints on the allow-list "
                                      "are called", "service-failed")
                parts, size = [], 0
                for chunk in response.iter_content(CHUNK):
                    size += len(chunk)
                    if size > limits.service_max_bytes:
                        return self._fail(502, "Bad Gateway", f"SERVICE <{endpoint}> answered more than "
                                          f"{limits.service_max_bytes} bytes, this endpoint's limit",
                                          "service-too-large")
                    if time.monotonic() > deadline:
                        raise requests.Timeout
                    parts.append(chunk)
                content = b"".join(parts)
                if response.status_code != 200:
                    self._fail(502, "Bad Gateway", f"SERVICE <{endpoint}> answered HTTP {response.status_code}: "
                               f"{content[:300].decode('utf-8', 'replace')}", "service-failed")
                return response.status_code, response.headers.get("Content-Type", ""), content
        except requests.Timeout:
            return self._fail(504, "Gateway Timeout", f"SERVICE <{endpoint}> did not answer within "
                              f"{limits.service_timeout_s:g} s, this endpoint's limit", "service-timeout")
        except requests.RequestException as exc:
            return self._fail(502, "Bad Gateway", f"SERVICE <{endpoint}> could not be reached: {exc}",
                              "service-failed")


def _handler(relay: ServiceRelay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _relay(self) -> None:
            path, _, query = self.path.partition("?")
            try:
                index = int(path.strip("/"))
                relay.endpoints[index]
            except (ValueError, IndexError):
                self.send_error(404)
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
            status, kind, content = relay.forward(index, self.command, query, body, headers)
            self.send_response(status)
            self.send_header("Content-Type", kind or "application/octet-stream")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = _relay

        def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
            pass

    return Handler
