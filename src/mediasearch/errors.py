"""The error types mediasearch raises, all under one base class."""

from __future__ import annotations

from dataclasses import dataclass


class MediasearchError(Exception):
    """Base of every error mediasearch raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalogue file, located as precisely as is known."""

    path: str
    line: int | None
    message: str
    entry_id: str | None = None
    field: str | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        subject = []
        if self.entry_id:
            subject.append(f"entry {self.entry_id!r}")
        if self.field:
            subject.append(f"field {self.field!r}")
        prefix = f"{where}: " + (", ".join(subject) + ": " if subject else "")
        return prefix + self.message


class CatalogueError(MediasearchError):
    """The catalogue or vocabulary is invalid; carries every problem found at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the catalogue:"]
        lines += [f"  {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


class QueryError(MediasearchError):
    """A search query or parameter that cannot be read; the message is for a person."""


class IndexMissingError(MediasearchError):
    """There is no index to search yet."""


class IndexLockedError(MediasearchError):
    """Another process is writing the index."""


class CaptureError(MediasearchError):
    """A capture file that cannot be read at all."""
