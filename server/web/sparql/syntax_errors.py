"""SPARQL syntax errors a person can read. pyoxigraph reports a forgotten ``PREFIX`` as ``expected one of Prefix not
found, ['%'], ['-' | '0' ..= '9' | '\\u{00B7}' ...`` followed by lines of Unicode ranges; this says which prefix is not
declared and gives the line to add (for every prefix ``ontology/namespaces.py`` knows), and cuts other messages down
to the tokens the parser expected, keeping the line and column. What is reported is decided by the parser's own
message; the query text is read only to name the prefix that ends at the position the parser gives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ontology.namespaces import PREFIXES

POSITION = re.compile(r"^error at (\d+):(\d+): ")
PREFIX_NOT_FOUND = "Prefix not found"
# one item of pyoxigraph's "expected one of" list: a quoted token, a bracketed character class, or a bare word
ITEM = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]|[^,]+)\s*(?:,|$)""", re.DOTALL)
PREFIXED_NAME_END = re.compile(r"([^\W\d](?:[\w.-]*[\w-])?)?:[\w.:%\\-]*$")  # a prefixed name ending here
MAX_EXPECTED = 10


@dataclass(frozen=True)
class SyntaxReport:
    detail: str
    extras: dict[str, Any] = field(default_factory=dict)


def prefix_line(prefix: str) -> str | None:
    """``PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>`` for a prefix the project knows; None otherwise."""
    return f"PREFIX {prefix}: <{PREFIXES[prefix]}>" if prefix in PREFIXES else None


def _undeclared_prefix(text: str, line: int, column: int) -> str | None:
    """The prefix of the prefixed name that ends where the parser stopped (line and column count characters)."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    found = PREFIXED_NAME_END.search(lines[line - 1][: max(column - 1, 0)])
    return found.group(1) or "" if found else None


def _short_expected(listing: str) -> str:
    """pyoxigraph's list of expected tokens without its character classes, at most ``MAX_EXPECTED`` items."""
    items, classes = [], False
    for match in ITEM.finditer(listing):
        item = match.group(1).strip()
        if not item:
            continue
        if item.startswith("[") and ("\\u{" in item or len(item) > 16):
            classes = True
            continue
        items.append(item)
    if classes:
        items.append("a name character")
    shown = ", ".join(items[:MAX_EXPECTED]) + (
        f", … ({len(items) - MAX_EXPECTED} more)" if len(items) > MAX_EXPECTED else ""
    )
    return shown


def _missing_prefix(what: str, where: str, prefix: str | None) -> tuple[str, dict[str, Any]]:
    if prefix is None:
        return (
            f"{what} syntax error at {where}: a prefixed name uses a prefix that is not declared; declare it with a PREFIX line",
            {},
        )
    line = prefix_line(prefix)
    if line:
        return (
            f"{what} syntax error at {where}: the prefix '{prefix}:' is not declared; add the line {line} at the top",
            {"prefix": prefix, "add": line},
        )
    known = ", ".join(PREFIXES)
    return (
        f"{what} syntax error at {where}: the prefix '{prefix}:' is not declared; add a line PREFIX {prefix}: "
        f"<namespace IRI> at the top (the prefixes this project knows: {known})",
        {"prefix": prefix},
    )


def readable(message: str, text: str, what: str = "SPARQL") -> SyntaxReport:
    """The parser's ``message`` about ``text``, short and with the fix where there is one."""
    position = POSITION.match(message)
    if position is None:
        return SyntaxReport(f"{what} syntax error: {message[:500]}")
    line, column = int(position.group(1)), int(position.group(2))
    extras: dict[str, Any] = {"line": line, "column": column}
    rest, where = message[position.end() :], f"{line}:{column}"
    if PREFIX_NOT_FOUND in rest:
        detail, more = _missing_prefix(what, where, _undeclared_prefix(text, line, column))
        return SyntaxReport(detail, {**extras, **more})
    if rest.startswith("expected one of "):
        rest = "expected one of " + _short_expected(rest[len("expected one of ") :])
    return SyntaxReport(f"{what} syntax error at {where}: {rest[:500]}", extras)
