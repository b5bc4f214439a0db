"""Keeps a long-running process (a web worker) on the live index generation, without restarts.

The holder notices a new generation by a cheap ``stat`` of the pointer file, opens and warms
it before serving it, and opens one Whoosh reader per generation that every thread shares
(its files are read with pread, see pread_storage), each thread with its own searcher over
it (searchers are not thread-safe). A generation replaced by a newer one has its reader closed
as soon as no request uses it, so a pruned generation's files are released by every thread at
once, not by each thread's next request. It never calls ``Searcher.refresh()``: in every Whoosh
after 2.7.4 a refreshed searcher returns deleted and duplicate documents after updates.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh.searching import Searcher

from mediasearch.catalogue.loading import catalogue_digest, default_vocabulary_path
from mediasearch.errors import IndexDamagedError, IndexMissingError, MediasearchError
from mediasearch.index.generation import Generation, open_generation
from mediasearch.index.manifest import verify_manifest
from mediasearch.index.shared_searcher import close_shared
from mediasearch.index.store import POINTER_FILE, no_index_message, read_pointer
from mediasearch.settings import DEFAULTS

logger = logging.getLogger(__name__)

#: A file's identity for caching its digest: (st_ino, st_mtime_ns, st_size), None if missing.
_FileKey = tuple[int, int, int] | None


class IndexHolder:
    """The live generation of one index directory, and a Whoosh searcher per thread."""

    def __init__(
        self,
        index_dir: Path,
        warm: Callable[[Generation], None] | None = None,
        check_interval: float = DEFAULTS["INDEX_CHECK_INTERVAL"],
    ):
        self.index_dir = Path(index_dir)
        self.warm = warm
        self.check_interval = check_interval
        self._generation: Generation | None = None
        self._signature: tuple[int, int, int] | None = None
        # The pointer state a switch last failed for: not retried, nor logged, until it changes.
        self._failed_signature: tuple[int, int, int] | None = None
        #: Why the last switch failed, for the status page; None once a switch succeeds.
        self.last_error: str | None = None
        self._checked_at = float("-inf")
        # Only one thread opens and warms a new generation; the others keep serving the old.
        self._switching = threading.Lock()
        self._local = threading.local()
        # The shared reader of each generation still open, and how many requests use it.
        self._readers: dict[str, tuple[Generation, Any]] = {}
        self._users: dict[str, int] = {}
        self._readers_lock = threading.Lock()
        # (files' identities, their digest): hashing both files on every page view is the cost.
        self._digest: tuple[tuple[Path, _FileKey, Path, _FileKey], str] | None = None

    def generation(self) -> Generation:
        """The live generation, switching to a newer one first if the pointer has changed."""
        current = self._generation
        if current is not None and time.monotonic() - self._checked_at < self.check_interval:
            return current
        # With a generation to serve, never queue behind a thread that is warming the next one.
        if not self._switching.acquire(blocking=current is None):
            assert current is not None  # a blocking acquire always succeeds
            return current
        try:
            self._check()
        finally:
            self._switching.release()
        if self._generation is None:
            raise IndexMissingError(no_index_message(self.index_dir))
        return self._generation

    def _check(self) -> None:
        self._checked_at = time.monotonic()
        try:
            stat = os.stat(self.index_dir / POINTER_FILE)
        except FileNotFoundError:
            # Nothing built yet; or the directory was removed, when the held one still serves.
            return
        except OSError as error:
            if self._generation is not None:
                return  # an unreadable index directory: the held generation's files are open
            raise IndexDamagedError(
                f"the index directory {self.index_dir} cannot be read: {error.strerror}"
            ) from None
        # os.replace gives the pointer a new inode at every switch; mtime and size back it up.
        signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        held = self._generation
        if held is None:
            # Nothing to fall back on: the request must hear why there is no index.
            self._switch(signature)
            return
        if signature in (self._signature, self._failed_signature):
            return
        try:
            self._switch(signature)
        except Exception as error:
            # The holder's logged boundary (app.py has the requests'): whatever stops the
            # next generation (an unreadable pointer, a pruned or damaged directory, a failing
            # warm(), which raises whatever Whoosh meets in a damaged file: struct.error,
            # EOFError, KeyError...) must not fail requests the held generation can serve.
            # Logged once per pointer state, and retried only when the pointer changes (a
            # rebuild or a rollback), so a failing warm() is not repeated every interval.
            self._failed_signature = signature
            self.last_error = f"cannot switch to the new generation: {error}"
            logger.error(
                "cannot switch %s to its new generation; still serving %s: %s",
                self.index_dir,
                held.name,
                error,
                # The message of our own errors says it all; anything else needs its traceback.
                exc_info=not isinstance(error, MediasearchError),
            )

    def _switch(self, signature: tuple[int, int, int]) -> None:
        """Open and warm the generation the pointer names, then serve it."""
        pointer = read_pointer(self.index_dir)
        if pointer is None:
            return
        held = self._generation
        if held is None or pointer.current != held.name:
            generation = open_generation(self.index_dir / pointer.current)
            try:
                if self.warm is not None:
                    self.warm(generation)
                reader = generation.index.reader()
            except Exception as error:
                close_shared(generation)
                damage = _damage(generation, error)
                if damage is None:
                    raise
                raise damage from error
            with self._readers_lock:
                self._readers[generation.name] = (generation, reader)
                self._users.setdefault(generation.name, 0)
            self._generation = generation
            if held is not None:
                self._release(held.name, used=False)
        self._signature = signature
        self._failed_signature = None
        self.last_error = None

    @contextmanager
    def searcher(self) -> Iterator[Any]:
        """A Whoosh searcher of the live generation, kept for this thread until it changes."""
        with self.reading() as (_, searcher):
            yield searcher

    @contextmanager
    def reading(self) -> Iterator[tuple[Generation, Any]]:
        """The live generation and this thread's searcher of it, always the same generation.

        An error while reading a generation whose files no longer match their manifest (one
        truncated or changed under the server) comes out as IndexDamagedError naming the file.
        """
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            # A forked worker must not share its parent's searchers.
            local.pid, local.searcher, local.generation, local.depth = os.getpid(), None, None, 0
        # A nested use keeps the outer one's searcher: the outer use still reads it.
        if local.depth == 0:
            generation = self._acquire()
            if local.generation is not generation:
                reader = self._readers[generation.name][1]
                # The reader is the holder's to close, not the searcher's.
                local.searcher = Searcher(reader, fromindex=generation.index, closereader=False)
                local.generation = generation
        local.depth += 1
        try:
            yield local.generation, local.searcher
        except MediasearchError:
            raise
        except Exception as error:
            damage = _damage(local.generation, error, checksums=False)
            if damage is None:
                raise
            raise damage from error
        finally:
            local.depth -= 1
            if local.depth == 0:
                self._release(local.generation.name)

    def _acquire(self) -> Generation:
        """The live generation, counted as in use until _release, so its reader stays open."""
        while True:
            generation = self.generation()
            with self._readers_lock:
                # Between the two lines a switch may have closed it: then take the new one.
                if generation.name in self._readers:
                    self._users[generation.name] += 1
                    return generation

    def _release(self, name: str, used: bool = True) -> None:
        """End one use of a generation's reader (used=False: none ended, a switch replaced it);
        close the reader once its generation is replaced and no request uses it."""
        with self._readers_lock:
            live = self._generation is not None and self._generation.name == name
            if used and name in self._users:
                self._users[name] -= 1
            if live or self._users.get(name, 0) > 0 or name not in self._readers:
                return
            retired = self._readers.pop(name)
            del self._users[name]
        _close(*retired)

    def is_stale(self, entries_path: Path, vocabulary_path: Path | None = None) -> bool:
        """True when the catalogue files differ from those the live generation was built from.

        A catalogue that cannot be read (replaced by a directory, no permission) counts as
        changed: the index still serves what it was last built from.
        """
        vocabulary_path = Path(vocabulary_path or default_vocabulary_path(entries_path))
        try:
            digest = self._catalogue_digest(Path(entries_path), vocabulary_path)
        except OSError:
            return True
        return self.generation().catalogue_digest != digest

    def _catalogue_digest(self, entries_path: Path, vocabulary_path: Path) -> str:
        """The catalogue's digest, hashed again only when either file's identity changed."""
        # Looked at before the files are read: a change in between makes the next key differ.
        key = (entries_path, _file_key(entries_path), vocabulary_path, _file_key(vocabulary_path))
        cached = self._digest
        if cached is not None and cached[0] == key:
            return cached[1]
        digest = catalogue_digest(entries_path, vocabulary_path)
        # One tuple, assigned at once: another thread sees the old pair or the new, never a mix.
        self._digest = (key, digest)
        return digest

    def close(self) -> None:
        """Close every reader this holder opened (at process shutdown)."""
        with self._readers_lock:
            readers, self._readers, self._users = self._readers, {}, {}
        for generation, reader in readers.values():
            _close(generation, reader)
        self._generation = None
        self._local = threading.local()


def _close(generation: Generation, reader: Any) -> None:
    """Close a generation's files: the holder's reader and the search layer's shared searcher."""
    reader.close()
    close_shared(generation)


def _damage(
    generation: Generation, error: Exception, checksums: bool = True
) -> IndexDamagedError | None:
    """What is damaged in the generation, if its files no longer match its manifest.

    Whoosh meets a damaged file as whatever its parsing trips on (struct.error, EOFError,
    KeyError, ...); only the manifest can tell a damaged index from a bug.
    """
    try:
        verify_manifest(generation.path, checksums)
    except IndexDamagedError as damage:
        logger.error("index generation %s is damaged: %s (%r)", generation.name, damage, error)
        return damage
    return None


def _file_key(path: Path) -> _FileKey:
    """A file's identity: an editor's save or a git checkout changes at least one part."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)
