"""Whoosh storage read with pread(): no mmap to die of, and files threads can share safely.

Whoosh maps compound segment files with mmap by default; a mapped file truncated under a
reader (a full disk, a careless copy) kills the whole process with SIGBUS. Its plain-file
fallback instead seeks and reads one shared file object, which is wrong as soon as two threads
share a reader. Here every read is an ``os.pread`` at a position kept per thread, so a short
file is an exception a request can answer, and one reader can serve every thread.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

#: Bytes read at once for a small read: Whoosh reads a posting block's header, or a pickle,
#: a few bytes per call, and the generation's files never change, so the rest is kept.
READ_AHEAD = 8192


class PreadFile:
    """A read-only window on an open file; each thread has its own position in it."""

    def __init__(self, fd: int, offset: int = 0, length: int | None = None, owner: bool = True):
        self._fd = fd
        self._offset = offset
        self._length = length
        # Only the whole file's object closes the descriptor; windows on it share it.
        self._owner = owner
        self._local = threading.local()
        self.closed = False

    def _size(self) -> int:
        if self._length is not None:
            return self._length
        return os.fstat(self._fd).st_size - self._offset

    def tell(self) -> int:
        """This thread's position."""
        position: int = getattr(self._local, "position", 0)
        return position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Move this thread's position, as file.seek does."""
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self.tell(), os.SEEK_END: self._size()}[whence]
        self._local.position = base + offset
        return base + offset

    def read(self, size: int | None = -1) -> bytes:
        """Up to size bytes from this thread's position (fewer only at the end of the file)."""
        position = self.tell()
        if size is not None and 0 <= size <= READ_AHEAD // 2:
            return self._read_small(position, size)
        available = max(self._size() - position, 0)
        size = available if size is None or size < 0 else min(size, available)
        return self._pread(position, size)

    def peek(self, size: int = 0) -> bytes:
        """Bytes from this thread's position, without moving it, as a buffered file's peek:
        the unpickler then reads a whole pickle (a posting block's header) in one call."""
        position = self.tell()
        start, data = self._ahead(position, 1)
        return data[position - start :]

    def _read_small(self, position: int, size: int) -> bytes:
        """A small read, served from this thread's read-ahead of the bytes at its position."""
        start, data = self._ahead(position, size)
        found = data[position - start : position - start + size]
        self._local.position = position + len(found)
        return found

    def _ahead(self, position: int, size: int) -> tuple[int, bytes]:
        """This thread's read-ahead (its start, its bytes), read again unless it holds size
        bytes at position."""
        start, data = getattr(self._local, "ahead", (0, b""))
        if not (start <= position and position + size <= start + len(data)):
            available = max(self._size() - position, 0)
            start, data = position, self._pread(position, min(READ_AHEAD, available))
            self._local.position = position
            self._local.ahead = (start, data)
        return start, data

    def _pread(self, position: int, size: int) -> bytes:
        """Size bytes at position (fewer if the file is shorter), moving this thread there."""
        chunks = []
        while size > 0:
            chunk = os.pread(self._fd, size, self._offset + position)
            if not chunk:
                break  # the file is shorter than it was: the caller meets a short read
            chunks.append(chunk)
            position += len(chunk)
            size -= len(chunk)
        self._local.position = position
        return b"".join(chunks)

    def readline(self) -> bytes:
        """Bytes up to and including the next newline, from this thread's position."""
        start = self.tell()
        data = self.read()
        end = data.find(b"\n") + 1 or len(data)
        self._local.position = start + end
        return data[:end]

    def window(self, offset: int, length: int) -> PreadFile:
        """A window on part of this file, sharing its descriptor."""
        return PreadFile(self._fd, self._offset + offset, length, owner=False)

    def close(self) -> None:
        """Close the descriptor (windows on it only mark themselves closed)."""
        if not self.closed and self._owner:
            os.close(self._fd)
        self.closed = True

    def __del__(self) -> None:
        # As a file object does: a reader dropped without close() must not leak its descriptor.
        self.close()


class PreadStructFile(StructFile):
    """Whoosh's structured file over a PreadFile; subsets are windows, not shared seeks."""

    def __init__(self, file: PreadFile, name: str | None = None, **kwargs: Any) -> None:
        # StructFile's hint says BinaryIO; it only seeks, reads and closes, as PreadFile does.
        super().__init__(file, name, **kwargs)  # type: ignore[arg-type]
        self.pread_file = file

    def subset(self, offset: int, length: int, name: str | None = None) -> StructFile:
        """A file over part of this one, as a compound segment's member files are."""
        return PreadStructFile(self.pread_file.window(offset, length), name=name or self._name)


class PreadFileStorage(FileStorage):
    """A read-only Whoosh FileStorage whose files are read with pread(), never mapped."""

    def __init__(self, path: str):
        super().__init__(path, supports_mmap=False, readonly=True)

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        """Open a file of the index for reading."""
        fd = os.open(self._fpath(name), os.O_RDONLY | os.O_CLOEXEC)
        return PreadStructFile(PreadFile(fd), name=name, **kwargs)
