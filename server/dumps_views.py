"""Download routes: ``/dumps/depesha.nq.gz`` and ``/dumps/depesha.trig.gz`` (the files the VoID describes, made at
build time) and ``/dumps/document/{id}.nq``, ``.trig`` (add ``.gz`` for gzip), made on request from the snapshot."""

from __future__ import annotations

import gzip
import hashlib
from base64 import b64encode

from flask import Blueprint, Response, send_file

from .dumps import KINDS, dataset_dump_file, document_dump
from .http_cache import cached
from .linked_data import site
from .problems import Problem

bp = Blueprint("dumps", __name__)


@bp.route("/dumps/<name>", methods=["GET", "HEAD"])
def dataset_dump(name: str) -> Response:
    current = site()
    if current.folder is None:
        raise Problem(404, "Not Found", "the dataset dumps are files of a store folder; this server shows a remote "
                      "SPARQL endpoint (serve --endpoint). One document's graph is at /dumps/document/{id}.nq")
    path = dataset_dump_file(current.store(), current.folder, current.iris, name)
    if path is None:
        raise Problem(404, "Not Found", f"there is no dump {name}; the dataset's dumps are listed at /.well-known/void")
    return send_file(path, mimetype="application/gzip", as_attachment=True, download_name=name, conditional=True,
                     etag=path.name.split(".", 1)[0])


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
