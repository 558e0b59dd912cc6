"""The project vocabulary, authority files, SHACL shapes and JSON-LD context, shipped as package data."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """The path of a file in ``ontology/`` (``vocab.ttl``, ``authority/persons.toml``, ...)."""
    return HERE / name
