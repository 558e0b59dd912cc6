"""A light lexer over SPARQL text: which form a request is (SELECT, ASK, CONSTRUCT, DESCRIBE, or an update) and
which SERVICE endpoints it calls, without being fooled by keywords inside strings, IRIs or comments."""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      |(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      |(?P<iri><[^<>"{}|^`\\\s]*>)
      |(?P<variable>[?$][\w]+)
      |(?P<word>[A-Za-z_][\w-]*(?::[\w.-]*)?|:[\w.-]*)
      |(?P<other>\S)""",
    re.VERBOSE | re.DOTALL,
)
QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass(frozen=True)
class QueryShape:
    form: str | None          # SELECT | ASK | CONSTRUCT | DESCRIBE | UPDATE | None (not recognised)
    services: list[str]       # IRIs (or prefixed names / variables) after SERVICE [SILENT]


def shape(text: str) -> QueryShape:
    form: str | None = None
    services: list[str] = []
    expect_service = False
    for match in TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group(0)
        if kind in ("comment", "string"):
            continue
        upper = value.upper() if kind == "word" else ""
        if expect_service:
            if upper == "SILENT":
                continue
            services.append(value[1:-1] if kind == "iri" else value)
            expect_service = False
            continue
        if form is None and kind == "word" and upper not in ("BASE", "PREFIX") and ":" not in value:
            if upper in QUERY_FORMS:
                form = upper
            elif upper in UPDATE_WORDS:
                form = "UPDATE"
        if upper == "SERVICE":
            expect_service = True
    return QueryShape(form, services)
