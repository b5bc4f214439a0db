"""The generation's one Whoosh searcher, shared by every thread of a process under a lock.

Whoosh searchers are not thread-safe (a posting read seeks a shared file), and each one holds
its own copy of the segments' buffers: one per generation, held briefly per use, costs a
process one copy instead of one per thread.
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


@contextmanager
def shared_searcher(generation: Generation) -> Iterator[Searcher]:
    """The generation's searcher, this thread's alone until the block ends."""
    shared = generation.cached(CACHE_KEY, lambda: _open(generation))
    if shared.pid != os.getpid():
        shared = _open(generation)
        generation.cache[CACHE_KEY] = shared
    with shared.lock:
        yield shared.searcher


def _open(generation: Generation) -> _Shared:
    return _Shared(generation.index.searcher(), threading.RLock(), os.getpid())
