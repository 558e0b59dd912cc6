"""SERVICE calls under control. pyoxigraph runs ``SERVICE`` with its own HTTP client, with no timeout and no size
limit, and it cannot be told to use a proxy. So a query process rewrites every SERVICE endpoint that is on the
allow-list to a relay on its own loopback (``<http://127.0.0.1:PORT/N>``, N the endpoint's place on the list).

The relay has two halves. The listening half runs in the query process, inside its network namespace
(``server/web/sparql/sandbox.py``), where pyoxigraph can reach nothing else. The calling half is a helper process forked
before the query process isolates itself, so it keeps the machine's network: it takes each call over a socket pair and
makes it, only to that endpoint, with no redirects followed, a time limit from connection to last byte and a cap on the
bytes it passes back. When a call fails, the query process keeps the reason, so that the query's error names it."""

from __future__ import annotations

import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection

import requests

from server import USER_AGENT
from server.web.problems import Problem
from server.web.sparql.limits import PROBLEM_TYPES, Limits
from server.web.sparql.sandbox import die_with_parent
from server.web.sparql.sparql_text import QueryShape

RELAY_AGENT = USER_AGENT + " (SPARQL SERVICE relay)"
CHUNK = 65536
Reply = tuple[int, str, bytes, Problem | None]  # status, content type, body, and the failure to report, if any


def call_endpoint(
    limits: Limits, endpoint: str, method: str, query: str, body: bytes, headers: dict[str, str]
) -> Reply:
    """One call to an allowed endpoint, under the limits (the calling half's work)."""

    def fail(status: int, title: str, detail: str, kind: str) -> Reply:
        problem = Problem(status, title, detail, type=PROBLEM_TYPES + kind)
        return status, "text/plain; charset=utf-8", detail.encode("utf-8"), problem

    deadline = time.monotonic() + limits.service_timeout_s
    url = endpoint + (("&" if "?" in endpoint else "?") + query if query else "")
    try:
        with requests.request(
            method,
            url,
            data=body or None,
            headers={**headers, "User-Agent": RELAY_AGENT},
            stream=True,
            allow_redirects=False,
            timeout=(limits.service_timeout_s, limits.service_timeout_s),
        ) as response:
            if response.is_redirect:
                return fail(
                    502,
                    "Bad Gateway",
                    f"SERVICE <{endpoint}> answered a redirect to "
                    f"{response.headers.get('Location')}; only the endpoints on the allow-list are called",
                    "service-failed",
                )
            parts, size = [], 0
            for chunk in response.iter_content(CHUNK):
                size += len(chunk)
                if size > limits.service_max_bytes:
                    return fail(
                        502,
                        "Bad Gateway",
                        f"SERVICE <{endpoint}> answered more than "
                        f"{limits.service_max_bytes} bytes, this endpoint's limit",
                        "service-too-large",
                    )
                if time.monotonic() > deadline:
                    raise requests.Timeout
                parts.append(chunk)
            content = b"".join(parts)
            problem = None
            if response.status_code != 200:
                problem = fail(
                    502,
                    "Bad Gateway",
                    f"SERVICE <{endpoint}> answered HTTP {response.status_code}: "
                    f"{content[:300].decode('utf-8', 'replace')}",
                    "service-failed",
                )[3]
            return response.status_code, response.headers.get("Content-Type", ""), content, problem
    except requests.Timeout:
        return fail(
            504,
            "Gateway Timeout",
            f"SERVICE <{endpoint}> did not answer within {limits.service_timeout_s:g} s, this endpoint's limit",
            "service-timeout",
        )
    except requests.RequestException as exc:
        return fail(502, "Bad Gateway", f"SERVICE <{endpoint}> could not be reached: {_reason(exc)}", "service-failed")


def _reason(exc: requests.RequestException) -> str:
    """The cause of a failed call without urllib3's wrapping ('Failed to establish a new connection: [Errno 111]
    Connection refused', not 'HTTPConnectionPool(...): Max retries exceeded ... (Caused by ...)')."""
    cause = getattr(exc.args[0], "reason", None) if exc.args else None
    text = str(cause or exc)
    return (
        text.split("): ", 1)[1] if text.startswith(("HTTPConnection(", "HTTPSConnection(")) and "): " in text else text
    )


def _calling_half(channel: Connection, limits: Limits, endpoints: list[str]) -> None:
    """The helper process's loop: a call in, a reply out, until the query process goes away."""
    die_with_parent()
    while True:
        try:
            index, method, query, body, headers = channel.recv()
        except (EOFError, OSError):
            os._exit(0)
        channel.send(call_endpoint(limits, endpoints[index], method, query, body, headers))


class ServiceRelay:
    """Made before the query process isolates itself (it forks the calling half); ``listen()`` after."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.endpoints = sorted(limits.service_allow)
        self.failure: Problem | None = None
        self.calls = 0  # calls made for the current query
        self.port = 0
        inside, outside = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # the calling half: keeps the machine's network
            inside.close()
            _calling_half(Connection(outside.detach()), limits, self.endpoints)
        outside.close()
        self._channel = Connection(inside.detach())
        self._lock = threading.Lock()

    def listen(self) -> None:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        server.daemon_threads = True
        self.port = server.server_address[1]
        threading.Thread(target=server.serve_forever, name="service-relay", daemon=True).start()

    def begin(self) -> None:
        """Forget the calls and the failure of an earlier query."""
        self.failure = None
        self.calls = 0

    def rewrite(self, text: str, query_shape: QueryShape) -> str:
        """The query with each allowed SERVICE endpoint replaced by its relay address."""
        for call in sorted(query_shape.services, key=lambda c: c.start, reverse=True):
            if call.target in self.limits.service_allow:
                relay = f"<http://127.0.0.1:{self.port}/{self.endpoints.index(call.target)}>"
                text = text[: call.start] + relay + text[call.end :]
        return text

    def forward(
        self, index: int, method: str, query: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, str, bytes]:
        """Have the calling half call allowed endpoint ``index``; (status, content type, body) for pyoxigraph."""
        self.calls += 1
        with self._lock:
            self._channel.send((index, method, query, body, headers))
            status, kind, content, problem = self._channel.recv()
        if problem is not None:
            self.failure = problem
        return status, kind, content


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
