"""The limits that protect the endpoint, in one place: the app, the query workers, ``depesha serve`` and the Service
Description all read them from here. A limit hit is always an explicit error, never a cut-off answer."""

from __future__ import annotations

from dataclasses import dataclass, field

PROBLEM_TYPES = "https://w3id.org/depesha/problems/"  # + query-timeout, result-too-large, ... (README, "The endpoint")


@dataclass(frozen=True)
class Limits:
    query_timeout_s: float = 30.0  # a query running longer is stopped (its worker process ended): 504
    max_result_rows: int = 100_000  # solutions of a SELECT, triples of a CONSTRUCT/DESCRIBE: 422 beyond
    max_request_bytes: int = 1_000_000  # a query request's body or query string: 413 (414 for a URL) beyond
    max_upload_bytes: int = 100_000_000  # a Graph Store Protocol or SPARQL Update body: 413 beyond
    query_memory_mb: int = 2048  # address space of one query process (0: no cap): 503 beyond
    service_allow: frozenset[str] = field(default_factory=frozenset)  # SERVICE endpoints a query may call
    service_timeout_s: float = 10.0  # one SERVICE call, connection to last byte
    service_max_bytes: int = 10_000_000  # what one SERVICE call may answer

    def __post_init__(self) -> None:
        for name in (
            "query_timeout_s",
            "max_result_rows",
            "max_request_bytes",
            "max_upload_bytes",
            "service_timeout_s",
            "service_max_bytes",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.query_memory_mb < 0:
            raise ValueError("query_memory_mb must be 0 (no cap) or positive")
