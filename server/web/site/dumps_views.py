"""Download routes: ``/dumps/depesha.nq.gz`` and ``/dumps/depesha.trig.gz`` (the whole dataset: its parts one after
the other), the parts the VoID lists (``/dumps/depesha-shared.nq.gz``, ...; made at build time, ``dumps.py``) and
``/dumps/document/{id}.nq``, ``.trig`` (add ``.gz`` for gzip), made on request from the snapshot."""

from __future__ import annotations

import gzip
import hashlib
from base64 import b64encode

from flask import Blueprint, Response, request, send_file

from server.build.dumps import KINDS, dataset_dump_files, document_dump
from server.web.http_cache import cached
from server.web.problems import Problem
from server.web.site.context import site

bp = Blueprint("dumps", __name__)


@bp.route("/dumps/<name>", methods=["GET", "HEAD"])
def dataset_dump(name: str) -> Response:
    current = site()
    if current.folder is None:
        raise Problem(
            404,
            "Not Found",
            "the dataset dumps are files of a store folder; this server shows a remote "
            "SPARQL endpoint (serve --endpoint). One document's graph is at /dumps/document/{id}.nq",
        )
    paths = dataset_dump_files(current.store(), current.folder, current.iris, name)
    if paths is None:
        raise Problem(404, "Not Found", f"there is no dump {name}; the dataset's dumps are listed at /.well-known/void")
    if len(paths) == 1:
        return send_file(
            paths[0],
            mimetype="application/gzip",
            as_attachment=True,
            download_name=name,
            conditional=True,
            etag=paths[0].name.split(".", 1)[0],
        )

    def chunks():
        for path in paths:
            with open(path, "rb") as part:
                while chunk := part.read(1 << 20):
                    yield chunk

    response = Response(chunks(), 200, content_type="application/gzip")
    response.content_length = sum(p.stat().st_size for p in paths)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.set_etag(hashlib.sha256(" ".join(p.name for p in paths).encode()).hexdigest())
    return response.make_conditional(request)


@bp.route("/dumps/document/<record>.<kind>", methods=["GET", "HEAD"])
@bp.route("/dumps/document/<record>.<kind>.gz", methods=["GET", "HEAD"], defaults={"compressed": True})
def document(record: str, kind: str, compressed: bool = False) -> Response:
    current = site()
    if kind not in KINDS:
        raise Problem(404, "Not Found", f"a document dump is .nq or .trig (optionally .gz), not .{kind}")
    stamp = current.stamp()

    def make() -> Response:
        data = document_dump(current.store(), current.iris, record, kind)
        if data is None:
            raise Problem(404, "Not Found", f"there is no document {record}")
        if compressed:
            data = gzip.compress(data, mtime=0)
        response = Response(data, 200, content_type="application/gzip" if compressed else KINDS[kind][1])
        response.headers["Repr-Digest"] = f"sha-256=:{b64encode(hashlib.sha256(data).digest()).decode()}:"
        name = f"{record}.{kind}" + (".gz" if compressed else "")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    return cached(stamp.etag("dump", record, kind, str(compressed)), stamp.modified, make)
