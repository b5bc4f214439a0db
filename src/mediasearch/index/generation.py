"""One built index generation on disk, opened for reading with its metadata and caches."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from whoosh import index as whoosh_index

from mediasearch.catalogue.vocabulary import Vocabulary, vocabulary_from_data
from mediasearch.errors import IndexDamagedError
from mediasearch.index.manifest import verify_manifest
from mediasearch.index.pread_storage import PreadFileStorage

#: Files every generation directory holds beside Whoosh's own.
META_FILE = "meta.json"
VOCABULARY_FILE = "vocabulary.json"

T = TypeVar("T")


@dataclass
class Generation:
    """An opened generation: the Whoosh index, the vocabulary it was built with, its metadata.

    Per-generation caches (facet values per document, ...) live in ``cache`` and are built
    once, before the generation is served, because they are only valid for this generation.
    """

    name: str
    path: Path
    index: Any  # whoosh.index.Index
    vocabulary: Vocabulary
    #: Written by the indexer: catalogue_digest, schema_version, built_at, entry_count.
    meta: dict
    cache: dict[str, Any] = field(default_factory=dict)
    # Re-entrant: one cache may be built from another (coverage from the document table).
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """The cached value for key, built once (thread-safe)."""
        with self._lock:
            if key not in self.cache:
                self.cache[key] = build()
            return cast(T, self.cache[key])  # each key is always built by the same function

    @property
    def schema(self) -> Any:
        """The index's schema, read once: Whoosh reads its table of contents file at each ask."""
        return self.cached("index.schema", lambda: self.index.schema)

    @property
    def catalogue_digest(self) -> str:
        """Hash of the catalogue files this generation was built from."""
        return str(self.meta.get("catalogue_digest", ""))


def open_generation(path: Path, checksums: bool = True) -> Generation:
    """Open a generation directory, checked against its manifest; IndexDamagedError if unusable.

    :param checksums: False checks the files' sizes only, not their bytes.
    """
    path = Path(path)
    if not path.is_dir():
        raise IndexDamagedError(f"index generation {path} is missing")
    verify_manifest(path, checksums)
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        vocabulary = vocabulary_from_data(
            json.loads((path / VOCABULARY_FILE).read_text(encoding="utf-8"))
        )
        index = PreadFileStorage(str(path)).open_index()
    except (OSError, ValueError, whoosh_index.IndexError) as error:
        raise IndexDamagedError(f"index generation {path} cannot be opened: {error}") from None
    return Generation(name=path.name, path=path, index=index, vocabulary=vocabulary, meta=meta)
