"""The error types mediasearch raises, all under one base class."""

from __future__ import annotations

import errno
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


class IndexDamagedError(IndexMissingError):
    """An index is there but cannot be served as it is: its message names the fault."""


class IndexLockedError(MediasearchError):
    """Another process is writing the index."""


class IndexWriteError(MediasearchError):
    """The disk refused a write to the index (full, read-only, no permission)."""


#: What an errno means to the person who has to fix it, and what they can do about it.
_WRITE_FAULTS: dict[int | None, tuple[str, str]] = {  # errno is None when the OS gave none
    errno.ENOSPC: ("the disk is full", "Free some space, then run the command again."),
    errno.EDQUOT: ("the disk quota is used up", "Free some space, then run the command again."),
    errno.EFBIG: (
        "a file grew past the size limit",
        "Raise the file size limit (ulimit -f), then run the command again.",
    ),
    errno.EROFS: (
        "the file system is read-only",
        "Mount it read-write, then run the command again.",
    ),
    errno.EACCES: (
        "permission denied",
        "Run the command as the user who owns the index directory.",
    ),
    errno.EPERM: (
        "permission denied",
        "Run the command as the user who owns the index directory.",
    ),
}


def write_failure(error: OSError, doing: str, outcome: str) -> IndexWriteError:
    """An IndexWriteError saying what failed, why, what was kept, and what to do next.

    :param doing: what was being written, e.g. "write the new index generation".
    :param outcome: what the failure left, e.g. "the live index was left untouched".
    """
    fallback = (error.strerror or str(error), "Fix that, then run the command again.")
    reason, fix = _WRITE_FAULTS.get(error.errno, fallback)
    where = f" ({error.filename})" if error.filename else ""
    return IndexWriteError(f"could not {doing}: {reason}{where}; {outcome}. {fix}")


class CaptureError(MediasearchError):
    """A capture file that cannot be read at all."""


class QueryTooBroadError(QueryError):
    """A query that would cost more than one request may spend; says which part, and a way on."""

    def __init__(self, message: str, instead: str | None = None):
        super().__init__(message)
        #: The query with the costly parts made plain (wildcards dropped), when that reads.
        self.instead = instead
