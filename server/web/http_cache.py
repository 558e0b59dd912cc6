"""Validators from the published snapshot: every response is a function of (snapshot, software, representation), so
its ETag is a hash of those and its Last-Modified is when CURRENT last changed (the end of the last build). A
conditional GET that matches gets 304 before any query runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from threading import Lock
from typing import Any

from flask import Response, request


def not_modified(etag: str, modified: datetime) -> bool:
    """RFC 9110, 13.2.2: If-None-Match decides when present; otherwise If-Modified-Since."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return since is not None and modified <= since


def cached(
    etag: str, modified: datetime, make: Callable[[], Response], headers: dict[str, str] | None = None
) -> Response:
    """304 when the client's copy is current, else ``make()``; both carry the validators and ``headers``."""
    headers = headers or {}
    if request.method in ("GET", "HEAD") and not_modified(etag, modified):
        response = Response(status=304)
    else:
        response = make()
    for key, value in headers.items():
        response.headers[key] = value
    response.set_etag(etag)
    response.last_modified = modified
    response.headers["Cache-Control"] = "public, no-cache"
    return response


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
