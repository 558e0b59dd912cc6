"""Counts as people read them: ``1 document``, ``2 documents``, ``1 entity``, ``3 entities``. The one place that
words a count, for the command line's summaries and the build activities' labels."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun``, in the plural (``plural``, else ``noun`` + s) unless ``number`` is 1."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
