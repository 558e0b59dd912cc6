"""One exception tree for the whole project; each boundary (CLI, HTTP) translates it once."""

from __future__ import annotations

from dataclasses import dataclass


class DepeshaError(Exception):
    """Base of every error Depesha raises on purpose."""


class InputError(DepeshaError):
    """An input document cannot be converted: names the file, the line (1-based, when known) and the reason."""

    def __init__(self, reason: str, *, source: str = "<input>", line: int | None = None) -> None:
        self.reason = reason
        self.source = source
        self.line = line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class InputWarning:
    """A part of a document that was left out or is probably incomplete; the rest converts."""

    message: str
    source: str = "<input>"
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}" if self.line else f"{self.source}: {self.message}"


class ConfigError(DepeshaError):
    """A parameter or configuration value is wrong (names the parameter)."""


class StoreError(DepeshaError):
    """The store on disk is missing, locked or unusable."""


class QueryError(DepeshaError):
    """A SPARQL query cannot be parsed or run (the client's fault)."""


class StoreBusy(StoreError):
    """Another build, load or write holds the store; retrying when it has ended will do."""


class ManagedGraphError(DepeshaError):
    """A write names a graph that only ``depesha build`` makes and changes."""


class RemoteError(DepeshaError):
    """A remote SPARQL endpoint (``serve --endpoint``) could not be reached, was too slow, or answered unusably.
    ``kind`` names the problem type (remote-unreachable, remote-timeout, remote-failed)."""

    def __init__(
        self,
        message: str,
        *,
        kind: str = "remote-failed",
        timeout_s: float | None = None,
        remote_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.timeout_s = timeout_s
        self.remote_status = remote_status
