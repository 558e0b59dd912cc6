"""Validators from the published snapshot: every response is a function of (snapshot, software, representation), so
its ETag is a hash of those and its Last-Modified is when CURRENT last changed (the end of the last build). A
conditional GET that matches gets 304 before any query runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from threading import Lock
from typing import Any

from flask import Response, request
from werkzeug.http import http_date, quote_etag


def not_modified(etag: str, modified: datetime) -> bool:
    """RFC 9110, 13.2.2: If-None-Match decides when present; otherwise If-Modified-Since."""
    if "If-None-Match" not in request.headers and "If-Modified-Since" not in request.headers:
        return False  # most requests: no header to parse
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return since is not None and modified <= since


def validators(etag: str, modified: datetime) -> list[tuple[str, str]]:
    """The headers that make a response conditional: its ETag, Last-Modified, and revalidation on each use."""
    return [("ETag", quote_etag(etag)), ("Last-Modified", _http_date(modified)), ("Cache-Control", "public, no-cache")]


def is_current(etag: str, modified: datetime) -> bool:
    """A GET or HEAD whose client's copy is current (answer 304)."""
    return request.method in ("GET", "HEAD") and not_modified(etag, modified)


def cached(
    etag: str, modified: datetime, make: Callable[[], Response], headers: dict[str, str] | None = None
) -> Response:
    """304 when the client's copy is current, else ``make()``; both carry the validators and ``headers``."""
    response = Response(status=304) if is_current(etag, modified) else make()
    for key, value in [*(headers or {}).items(), *validators(etag, modified)]:
        response.headers[key] = value
    return response


@lru_cache(maxsize=8)
def _http_date(moment: datetime) -> str:
    """The HTTP date of a snapshot's time: the same few values again and again, formatted once."""
    return http_date(moment)


class SnapshotCache:
    """Values computed once per snapshot (browse lists, counts): dropped when a new snapshot is published."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._snapshot = ""
        self._values: dict[str, Any] = {}

    def peek(self, snapshot: str, key: str) -> Any:
        """The value if it was computed for this snapshot, else None."""
        with self._lock:
            return self._values.get(key) if snapshot == self._snapshot else None

    def put(self, snapshot: str, key: str, value: Any) -> None:
        with self._lock:
            if snapshot != self._snapshot:
                self._snapshot, self._values = snapshot, {}
            self._values[key] = value

    def get(self, snapshot: str, key: str, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if snapshot != self._snapshot:
                self._snapshot, self._values = snapshot, {}
            if key in self._values:
                return self._values[key]
        value = compute()
        with self._lock:
            if snapshot == self._snapshot:
                self._values[key] = value
        return value
