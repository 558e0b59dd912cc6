"""Request bodies read whole before anything runs. A body sent in chunks (``Transfer-Encoding: chunked``) has no
``Content-Length`` for the size limits to check; read lazily, it would be cut at the limit and the cut text run. So
such a body is read here, up to one byte past the limit of its route: more is a 413 (and the connection is closed,
since the rest is never read), a malformed chunk is a 400, and otherwise the body is handed on with its real length,
where the usual checks see it."""

from __future__ import annotations

import io

from flask import request

from server.web.problems import Problem

CHUNK = 65536


def read_whole_body(limit: int) -> None:
    """Before a request's handler: make a chunked body an ordinary one of known length, or refuse it."""
    environ = request.environ
    if environ.get("CONTENT_LENGTH") or "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return
    stream, parts, size = environ["wsgi.input"], [], 0
    try:
        while size <= limit:
            part = stream.read(min(CHUNK, limit + 1 - size))
            if not part:
                break
            parts.append(part)
            size += len(part)
    except Exception as exc:  # gunicorn's and werkzeug's chunk parsers raise their own kinds
        raise Problem(
            400,
            "Bad Request",
            f"the chunked request body is malformed: {exc}; nothing was run",
            headers={"Connection": "close"},
        ) from None
    if size > limit:
        raise Problem(
            413,
            "Content Too Large",
            f"the request body has more than {limit} bytes, this endpoint's limit; nothing was run",
            headers={"Connection": "close"},
        )
    data = b"".join(parts)
    environ["wsgi.input"] = io.BytesIO(data)
    environ["CONTENT_LENGTH"] = str(len(data))
    environ.pop("HTTP_TRANSFER_ENCODING", None)
