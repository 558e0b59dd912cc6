"""A light lexer over SPARQL text: which form a request is (SELECT, ASK, CONSTRUCT, DESCRIBE, or an update), whether
it names its own dataset (FROM / FROM NAMED), and which SERVICE endpoints it calls (resolved against PREFIX and BASE,
with their positions so that they can be rewritten), without being fooled by keywords inside strings, IRIs or
comments. Anything after SERVICE that is not a plain IRI (a variable, an unknown prefix) has no resolved target and
so is never on an allow-list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from server.web.problems import Problem
from server.web.sparql.limits import PROBLEM_TYPES

TOKEN = re.compile(
    r"""(?P<comment>\#[^\n\r]*)
      |(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'
                  |"(?:[^"\\\n\r]|\\.)*")
      |(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
      |(?P<variable>[?$]\w+)
      |(?P<pname>(?:[^\W\d](?:[\w.-]*[\w-])?)?:(?:(?:[\w:]|%[0-9A-Fa-f]{2}|\\[_~.!$&'()*+,;=/?\#@%-])
                  (?:(?:[\w.:-]|%[0-9A-Fa-f]{2}|\\[_~.!$&'()*+,;=/?\#@%-])*(?:[\w:-]|%[0-9A-Fa-f]{2}
                  |\\[_~.!$&'()*+,;=/?\#@%-]))?)?)
      |(?P<word>[^\W\d]\w*)
      |(?P<other>\S)""",
    re.VERBOSE | re.DOTALL,
)
UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
REMEMBERED_CHARS = 8192  # texts up to this long have their shape remembered (``remembered_shape``)


@dataclass(frozen=True)
class ServiceCall:
    target: str | None  # the endpoint IRI, resolved; None when it is not a fixed IRI (a variable, an unknown prefix)
    written: str  # as written in the text
    start: int  # position of ``written`` in the text
    end: int
    keyword: int = -1  # position of the SERVICE keyword


@dataclass(frozen=True)
class QueryShape:
    form: str | None  # SELECT | ASK | CONSTRUCT | DESCRIBE | UPDATE | None (not recognised)
    services: list[ServiceCall]
    has_dataset: bool  # a FROM or FROM NAMED clause
    keywords: frozenset[str]  # every keyword, upper case (LOAD, SERVICE, ...)
    iris: frozenset[str] = frozenset()  # every IRI written (prefixed names and relative IRIs resolved when possible)
    clears_many: bool = False  # CLEAR/DROP ALL or NAMED


def _iri_value(token: str) -> str:
    return UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token[1:-1])


def _resolve(reference: str, base: str | None) -> str | None:
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", reference):
        return reference
    return urljoin(base, reference) if base else None


def shape(text: str) -> QueryShape:
    form: str | None = None
    services: list[ServiceCall] = []
    keywords: set[str] = set()
    prefixes: dict[str, str] = {}
    base: str | None = None
    pending: str | None = None  # BASE, PREFIX, "PREFIX ns:" or SERVICE: what the next token completes
    iris: set[str] = set()
    clears_many = False
    previous = ""  # the keyword before this token (SILENT skipped)
    service_at = -1  # where the pending SERVICE keyword stands
    for match in TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group(0)
        if kind in ("comment", "string"):
            continue
        if kind in ("iri", "pname") and not (pending or "").startswith(("BASE", "PREFIX")):
            target = _target(kind, value, prefixes, base)
            if target:
                iris.add(target)
        upper_word = value.upper() if kind == "word" else ""
        clears_many = clears_many or (previous in ("CLEAR", "DROP") and upper_word in ("ALL", "NAMED"))
        if upper_word != "SILENT":
            previous = upper_word
        if pending == "SERVICE":
            if kind == "word" and value.upper() == "SILENT":
                keywords.add("SILENT")
                continue
            services.append(
                ServiceCall(_target(kind, value, prefixes, base), value, match.start(), match.end(), service_at)
            )
            pending = None
            continue
        if pending == "BASE" and kind == "iri":
            base = _resolve(_iri_value(value), base)
        elif pending == "PREFIX" and kind == "pname" and value.endswith(":"):
            pending = "PREFIX " + value[:-1]
            continue
        elif pending and pending.startswith("PREFIX ") and kind == "iri":
            resolved = _resolve(_iri_value(value), base)
            if resolved is not None:
                prefixes[pending[7:]] = resolved
        pending = None
        if kind != "word":
            continue
        upper = value.upper()
        keywords.add(upper)
        if upper in ("BASE", "PREFIX", "SERVICE"):
            pending = upper
            service_at = match.start()
        elif form is None and upper in QUERY_FORMS:
            form = upper
        elif form is None and upper in UPDATE_WORDS:
            form = "UPDATE"
    return QueryShape(form, services, "FROM" in keywords, frozenset(keywords), frozenset(iris), clears_many)


@lru_cache(maxsize=256)
def _remembered(text: str) -> QueryShape:
    return shape(text)


def remembered_shape(text: str) -> QueryShape:
    """``shape(text)``, remembered for the last few short texts: an endpoint is sent the same queries again and again
    (lexing one of a few hundred characters takes about 50 µs). The shape is shared: do not change it."""
    return _remembered(text) if len(text) <= REMEMBERED_CHARS else shape(text)


def _target(kind: str | None, value: str, prefixes: dict[str, str], base: str | None) -> str | None:
    if kind == "iri":
        return _resolve(_iri_value(value), base)
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


RISKY_WORD = re.compile(r"service|load", re.IGNORECASE)  # Unicode folding too: 'ſervice' counts


def refuse_unwalled(
    text: str, text_shape: QueryShape, service_allow: frozenset[str] = frozenset(), update: bool = False
) -> None:
    """The check for a process whose network could not be walled off (``server/web/sparql/sandbox.py``): it must hold
    whatever the real parser makes of the text, so it reads the letters, not the tokens. Every 'service' in the text
    must be the keyword of a SERVICE call to an allowed endpoint as lexed here (that call's target is then rewritten to
    the relay, so the parser's reading of it does not matter); any other 'service' (in a string, an IRI, a comment, a
    name, glued to a word) is refused, and so is any 'load' in an update. Strict, but only a fallback."""
    allowed = {call.keyword for call in text_shape.services if call.target in service_allow}
    for match in RISKY_WORD.finditer(text):
        word = match.group(0).upper()
        if word == "SERVICE" and match.start() in allowed and not update:
            continue
        if word == "LOAD" and not update:
            continue
        raise Problem(
            403,
            "Forbidden",
            f"'{match.group(0)}' at character {match.start() + 1} is not a SERVICE call "
            "to an allowed endpoint; this server cannot wall its query processes off the network (see "
            "its log), so it refuses every such word outside one, even in strings, IRIs and comments",
            type=PROBLEM_TYPES + "service-not-allowed",
        )


def with_dataset(update: str, using: list[str], using_named: list[str]) -> str:
    """The update with the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` written in as ``USING`` /
    ``USING NAMED`` before the WHERE of each DELETE/INSERT operation (SPARQL 1.1 Protocol 2.2.3). Where a clause
    lands does not decide any limit: updates run confined (``server/web/sparql/write_run.py``)."""
    clauses = "".join(f" USING <{iri}>" for iri in using) + "".join(f" USING NAMED <{iri}>" for iri in using_named)
    depth, previous, cuts = 0, "", []
    for match in TOKEN.finditer(update):
        kind, value = match.lastgroup, match.group(0)
        if kind in ("comment",):
            continue
        if value == "{":
            depth += 1
        elif value == "}":
            depth -= 1
        elif kind == "word" and value.upper() == "WHERE" and depth == 0 and previous == "}":
            cuts.append(match.start())
        previous = value
    for cut in reversed(cuts):
        update = update[:cut] + clauses.lstrip() + " " + update[cut:]
    return update
