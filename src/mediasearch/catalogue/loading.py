"""The catalogue: entries and vocabulary loaded from YAML, validated, as plain Python objects."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.located_yaml import read_yaml
from mediasearch.catalogue.validation import entries_from_yaml, vocabulary_from_yaml
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.errors import CatalogueError


@dataclass(frozen=True)
class Catalogue:
    """A validated catalogue: entries newest first, the vocabulary, and a hash of both files."""

    entries: tuple[Entry, ...]
    vocabulary: Vocabulary
    digest: str

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this id or former id, or None."""
        return self._by_id.get(entry_id)

    @property
    def _by_id(self) -> dict[str, Entry]:
        # Built lazily once; frozen dataclasses cannot assign attributes the usual way.
        cached = self.__dict__.get("_by_id_cache")
        if cached is None:
            cached = {}
            for entry in self.entries:
                for old in entry.old_ids:
                    cached[old] = entry
            cached.update({entry.id: entry for entry in self.entries})
            object.__setattr__(self, "_by_id_cache", cached)
        return cached


def default_vocabulary_path(entries_path: Path) -> Path:
    """The vocabulary lives beside the entries file."""
    return Path(entries_path).with_name("vocabulary.yaml")


def catalogue_digest(entries_path: Path, vocabulary_path: Path | None = None) -> str:
    """A hash of the catalogue files' bytes: what an index records to tell it is stale."""
    entries_path = Path(entries_path)
    vocabulary_path = vocabulary_path or default_vocabulary_path(entries_path)
    digest = hashlib.sha256()
    for path in (entries_path, vocabulary_path):
        digest.update(path.read_bytes() if path.exists() else b"")
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def load_vocabulary(path: Path) -> Vocabulary:
    """Read and validate data/vocabulary.yaml."""
    return vocabulary_from_yaml(read_yaml(Path(path)), str(path))


def load_catalogue(entries_path: Path, vocabulary_path: Path | None = None) -> Catalogue:
    """Read and validate the catalogue; raise CatalogueError listing every problem at once."""
    entries_path = Path(entries_path)
    vocabulary_path = Path(vocabulary_path or default_vocabulary_path(entries_path))
    vocabulary = load_vocabulary(vocabulary_path)
    entries, problems = entries_from_yaml(read_yaml(entries_path), str(entries_path), vocabulary)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(
        entries=tuple(entries),
        vocabulary=vocabulary,
        digest=catalogue_digest(entries_path, vocabulary_path),
    )
