"""Depesha's converter: a Wilson Center Digital Archive export in, CIDOC-CRM quads out. No I/O but reading input.

    parse (export_md) -> resolve names (actors, authority) -> map to triples (document, entities)

The names below load the converter when first used, so that importing ``converter.errors`` (the exception tree) or
another small module does not load the language pipeline."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from . import _threads  # noqa: F401  (first: limits BLAS threads before numpy loads)

_WHERE = {
    "convert_text": "pipeline",
    "convert_file": "pipeline",
    "convert_documents": "pipeline",
    "convert_path": "pipeline",
    "read_export": "pipeline",
    "ConvertedDocument": "document",
    "ParsedExport": "export_md",
    "parse_export": "export_md",
    "InputError": "errors",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'converter' has no attribute '{name}'")
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)


__all__ = sorted(_WHERE)
