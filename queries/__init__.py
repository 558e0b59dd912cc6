"""The example SPARQL queries (``*.rq``, each with a ``# title:`` and a ``# description:`` header), shipped as package
data beside the code, so that an installed Depesha shows them whatever folder it is served from."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def folder() -> Path:
    """The folder of the ``*.rq`` files."""
    return HERE
