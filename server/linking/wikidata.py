"""The one Wikidata client: ``wbsearchentities``, ``wbgetentities`` in batches, and the query service for what the
API cannot answer (transitive subclass questions).

Wikimedia's etiquette is built in: a descriptive User-Agent, ``maxlag`` on every API request, retries with
exponential backoff on 429, 503 and maxlag errors that honour ``Retry-After``, and a request-rate limit. Every answer
is kept in an on-disk cache (one JSON file per request, or per item for ``wbgetentities``), so a rerun makes no
request and works offline. Base URLs are configurable, which is how the tests point it at a local server.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests

from converter.errors import DepeshaError
from server import USER_AGENT as DEPESHA_AGENT

DEFAULT_API = "https://www.wikidata.org/w/api.php"
DEFAULT_SPARQL = "https://query.wikidata.org/sparql"
USER_AGENT = (
    f"{DEPESHA_AGENT} (https://w3id.org/depesha/; links archival documents' people, groups and places "
    f"to Wikidata) python-requests/{requests.__version__}"
)
BATCH = 50  # wbgetentities accepts at most 50 ids per request
RETRY_STATUSES = {429, 502, 503, 504}


class WikidataError(DepeshaError):
    """Wikidata could not answer: the request, the status or API error code, and what was tried."""


@dataclass(frozen=True)
class ClientConfig:
    api_url: str = DEFAULT_API
    sparql_url: str = DEFAULT_SPARQL
    cache: Path | None = None  # folder of cached answers; None: no cache
    offline: bool = False  # answer from the cache only; a miss is an error
    user_agent: str = USER_AGENT
    maxlag: int = 5  # seconds of replication lag at which the API should refuse us
    retries: int = 5
    backoff: float = 1.0  # first wait in seconds when no Retry-After is given; doubles each try
    max_wait: float = 60.0  # the longest single wait, whatever Retry-After says
    min_interval: float = 0.2  # seconds between requests (at most 5 a second)
    timeout: float = 30.0


@dataclass(frozen=True)
class SearchHit:
    id: str
    label: str
    description: str
    matched: str  # the label or alias the search matched


@dataclass(frozen=True)
class Fetched:
    """A cached answer and where and when it came from."""

    body: dict
    url: str
    retrieved: str  # ISO 8601 UTC


@dataclass
class WikidataClient:
    config: ClientConfig = field(default_factory=ClientConfig)
    sleep: Callable[[float], None] = time.sleep
    requests_made: int = 0
    waits: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._session = requests.Session()
        self._session.headers.update({"User-Agent": self.config.user_agent, "Accept": "application/json"})
        self._last_request = 0.0

    # --- the three kinds of request -------------------------------------------------------------------------

    def search(self, text: str, language: str, limit: int = 10) -> list[SearchHit]:
        """Items whose label or alias matches ``text`` in ``language`` (en, ru), best first."""
        params = {
            "action": "wbsearchentities",
            "search": text,
            "language": language,
            "uselang": language,
            "type": "item",
            "limit": str(limit),
            "format": "json",
        }
        body = self._cached("search", params, lambda: self._api(params)).body
        if not isinstance(body.get("search"), list):
            raise WikidataError(f"wbsearchentities '{text}' ({language}): the answer has no 'search' list")
        return [
            SearchHit(
                hit["id"],
                hit.get("label", ""),
                hit.get("description", ""),
                (hit.get("match") or {}).get("text", hit.get("label", "")),
            )
            for hit in body["search"]
            if isinstance(hit, dict) and "id" in hit
        ]

    def entities(self, ids: Iterable[str]) -> dict[str, Fetched]:
        """The JSON of each item (labels, aliases, descriptions in en/ru and all claims), keyed by the id asked for;
        a missing item is left out. Cached per item, fetched in batches of 50."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Fetched] = {}
        missing: list[str] = []
        for qid in wanted:
            cached = self._cache_read("entity", {"id": qid})
            if cached is not None:
                if cached.body:
                    found[qid] = cached
            else:
                missing.append(qid)
        for start in range(0, len(missing), BATCH):
            batch = missing[start : start + BATCH]
            if self.config.offline:
                raise WikidataError(
                    f"offline: {len(batch)} items are not in the cache {self.config.cache} (first {batch[0]})"
                )
            params = {
                "action": "wbgetentities",
                "ids": "|".join(batch),
                "languages": "en|ru",
                "format": "json",
                "props": "info|labels|aliases|descriptions|claims",
            }
            body = self._api(params)
            entities = body.get("entities")
            if not isinstance(entities, dict):
                raise WikidataError(f"wbgetentities {batch[0]}...: the answer has no 'entities' object")
            retrieved = _now()
            by_id = {item.get("id"): item for item in entities.values() if isinstance(item, dict)}
            for qid in batch:
                item = entities.get(qid) or by_id.get(qid) or {}
                if "missing" in item or not item.get("id"):
                    item = {}
                fetched = Fetched(item, self.config.api_url, retrieved)
                self._cache_write("entity", {"id": qid}, fetched)
                if item:
                    found[qid] = fetched
        return found

    def sparql(self, query: str) -> list[dict[str, str]]:
        """Rows of a SELECT on the query service, as {variable: value}."""
        body = self._cached(
            "sparql",
            {"query": query},
            lambda: self._request(
                self.config.sparql_url,
                {"query": query, "format": "json"},
                "the query service",
                accept="application/sparql-results+json",
            ),
        ).body
        try:
            bindings = body["results"]["bindings"]
        except (KeyError, TypeError):
            raise WikidataError("the query service's answer is not SPARQL JSON results") from None
        return [{name: cell.get("value", "") for name, cell in row.items()} for row in bindings]

    # --- caching ----------------------------------------------------------------------------------------------

    def _cached(self, kind: str, params: dict[str, str], fetch: Callable[[], dict]) -> Fetched:
        cached = self._cache_read(kind, params)
        if cached is not None:
            return cached
        if self.config.offline:
            raise WikidataError(f"offline: no cached answer for {kind} {_describe(params)} in {self.config.cache}")
        fetched = Fetched(fetch(), self.config.sparql_url if kind == "sparql" else self.config.api_url, _now())
        self._cache_write(kind, params, fetched)
        return fetched

    def _cache_path(self, kind: str, params: dict[str, str]) -> Path | None:
        if self.config.cache is None:
            return None
        if kind == "entity":
            return self.config.cache / "entities" / f"{params['id']}.json"
        key = {k: v for k, v in params.items() if k not in ("format", "maxlag")}
        digest = hashlib.sha256(json.dumps(key, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
        return self.config.cache / kind / digest[:2] / f"{digest}.json"

    def _cache_read(self, kind: str, params: dict[str, str]) -> Fetched | None:
        path = self._cache_path(kind, params)
        if path is None or not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Fetched(data["body"], data["url"], data["retrieved"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged cache file is asked again

    def _cache_write(self, kind: str, params: dict[str, str], fetched: Fetched) -> None:
        path = self._cache_path(kind, params)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"request": params, "url": fetched.url, "retrieved": fetched.retrieved, "body": fetched.body}
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.replace(path)

    # --- HTTP with etiquette ----------------------------------------------------------------------------------

    def _api(self, params: dict[str, str]) -> dict:
        return self._request(self.config.api_url, {**params, "maxlag": str(self.config.maxlag)}, "the Wikidata API")

    def _request(self, url: str, params: dict[str, str], what: str, accept: str = "application/json") -> dict:
        last = ""
        for attempt in range(self.config.retries + 1):
            self._throttle()
            wait: float | None = None
            try:
                response = self._session.get(
                    url, params=params, timeout=self.config.timeout, headers={"Accept": accept}
                )
            except requests.RequestException as exc:
                last = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code in RETRY_STATUSES:
                    last = f"HTTP {response.status_code}"
                    wait = _retry_after(response.headers.get("Retry-After"))
                elif response.status_code >= 400:
                    raise WikidataError(
                        f"{what} answered HTTP {response.status_code} to {_describe(params)}: {response.text[:200]}"
                    )
                else:
                    body = _json(response, what, params)
                    error = body.get("error") if isinstance(body, dict) else None
                    if not error:
                        return body
                    code = error.get("code", "?") if isinstance(error, dict) else str(error)
                    info = error.get("info", "") if isinstance(error, dict) else ""
                    if code != "maxlag":
                        raise WikidataError(f"{what} refused {_describe(params)}: {code}: {info}")
                    last = f"maxlag: {info}"
                    wait = _retry_after(response.headers.get("Retry-After"))
            if attempt == self.config.retries:
                break
            wait = self.config.backoff * 2**attempt if wait is None else wait
            wait = min(wait, self.config.max_wait)
            self.waits.append(wait)
            self.sleep(wait)
        raise WikidataError(
            f"{what} did not answer {_describe(params)} after {self.config.retries + 1} attempts (last: {last})"
        )

    def _throttle(self) -> None:
        gap = time.monotonic() - self._last_request
        if gap < self.config.min_interval:
            self.sleep(self.config.min_interval - gap)
        self._last_request = time.monotonic()
        self.requests_made += 1


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _json(response: requests.Response, what: str, params: dict[str, str]) -> dict:
    try:
        body = response.json()
    except ValueError:
        raise WikidataError(
            f"{what} answered {_describe(params)} with something that is not JSON: {response.text[:120]!r}"
        ) from None
    if not isinstance(body, dict):
        raise WikidataError(f"{what} answered {_describe(params)} with JSON that is not an object")
    return body


def _describe(params: dict[str, str]) -> str:
    shown = {k: v for k, v in params.items() if k in ("action", "search", "language", "ids", "query")}
    text = " ".join(f"{k}={v}" for k, v in shown.items())
    return text if len(text) <= 160 else text[:157] + "..."


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
