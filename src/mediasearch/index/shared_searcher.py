"""The generation's one Whoosh searcher per process, for callers without a searcher of their own.

Whoosh searchers are not thread-safe (a posting read seeks a file position the searcher
owns), so the shared one is used under its lock; the web passes each request the holder's.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from whoosh.searching import Searcher

from mediasearch.index.generation import Generation

#: The generation cache key of the shared searcher.
CACHE_KEY = "index.shared_searcher"


@dataclass(frozen=True)
class _Shared:
    searcher: Searcher
    lock: threading.RLock
    #: The process that opened it: a forked child opens its own (file offsets are shared).
    pid: int


def _shared(generation: Generation) -> _Shared:
    shared = generation.cached(CACHE_KEY, lambda: _open(generation))
    if shared.pid != os.getpid():
        # Two threads of a new child may both get here: one searcher wins, both work.
        shared = generation.cache[CACHE_KEY] = _open(generation)
    return shared


def _open(generation: Generation) -> _Shared:
    return _Shared(generation.index.searcher(), threading.RLock(), os.getpid())


@contextmanager
def locked(generation: Generation, searcher: Searcher | None = None) -> Iterator[Searcher]:
    """``searcher`` as given (the caller's own), or the shared one with its lock held."""
    if searcher is not None:
        yield searcher
        return
    shared = _shared(generation)
    with shared.lock:
        yield shared.searcher


def close_shared(generation: Generation) -> None:
    """Close the generation's shared searcher if one was opened (once it is no longer served)."""
    shared = generation.cache.pop(CACHE_KEY, None)
    if shared is not None:
        with shared.lock:
            shared.searcher.close()
