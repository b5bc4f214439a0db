"""The catalogue: entries and vocabulary loaded from YAML, validated, as plain Python objects."""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.entry_cache import (
    Item,
    Record,
    cache_key,
    from_record,
    read_cache,
    split_items,
    to_record,
    write_cache,
)
from mediasearch.catalogue.located_yaml import (
    Located,
    decode_text,
    parse_fragment,
    parse_yaml,
    read_bytes,
)
from mediasearch.catalogue.validation import (
    Report,
    check_across,
    check_item,
    entries_from_yaml,
    vocabulary_from_yaml,
)
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.errors import CatalogueError, Problem


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
    contents = (
        path.read_bytes() if path.exists() else b"" for path in (entries_path, vocabulary_path)
    )
    return _digest(*contents)


def _digest(entries: bytes, vocabulary: bytes) -> str:
    digest = hashlib.sha256()
    for data in (entries, vocabulary):
        digest.update(data)
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def load_vocabulary(path: Path) -> Vocabulary:
    """Read and validate data/vocabulary.yaml."""
    return _vocabulary(read_bytes(Path(path)), Path(path))


def _vocabulary(data: bytes, path: Path) -> Vocabulary:
    """The vocabulary file's bytes, parsed and validated."""
    return vocabulary_from_yaml(parse_yaml(decode_text(data, path), path), str(path))


def load_catalogue(
    entries_path: Path, vocabulary_path: Path | None = None, cache_path: Path | None = None
) -> Catalogue:
    """Read and validate the catalogue; raise CatalogueError listing every problem at once.

    :param cache_path: a file (the caller's, never beside the curators' files) keeping checked
        entries by their text, so that only new or edited entries are read and checked again.
    """
    entries_path = Path(entries_path)
    vocabulary_path = Path(vocabulary_path or default_vocabulary_path(entries_path))
    # Each file is read once: the digest is of the very bytes checked, so a file saved
    # meanwhile is never recorded as the version indexed.
    vocabulary_bytes, entries_bytes = read_bytes(vocabulary_path), read_bytes(entries_path)
    vocabulary = _vocabulary(vocabulary_bytes, vocabulary_path)
    text = decode_text(entries_bytes, entries_path)
    items = split_items(text) if cache_path is not None else None
    with _collector_paused():
        if cache_path is None or items is None:
            root = parse_yaml(text, entries_path)
            entries, problems = entries_from_yaml(root, str(entries_path), vocabulary)
        else:
            key = cache_key(vocabulary_bytes)
            cached = read_cache(cache_path, key)
            entries, problems, records = _check_items(entries_path, text, items, vocabulary, cached)
    if problems:
        raise CatalogueError(problems)
    # Only a valid catalogue writes: a refused one leaves the index directory untouched.
    if cache_path is not None and items is not None and _worth_writing(records, cached):
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            write_cache(cache_path, key, records)
    return Catalogue(
        entries=tuple(entries),
        vocabulary=vocabulary,
        digest=_digest(entries_bytes, vocabulary_bytes),
    )


#: Fewer entries checked afresh than this are checked again next time rather than written:
#: rewriting 100,000 records took longer than reading and checking them would (0.8 s).
_REWRITE_FROM = 100


def _worth_writing(records: dict[bytes, Record], cached: dict[bytes, Record]) -> bool:
    """Whether the cache should be rewritten: a first cache, or many entries new to it.

    Records the cache holds of entries edited since stay until then: they are never asked for.
    """
    new = len(records.keys() - cached.keys())
    return new > 0 and new >= min(_REWRITE_FROM, len(records))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cycle collector, which would rescan the many new objects again and again.

    Entries and parsed YAML hold no reference cycles; at 100,000 entries this halves loading.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_items(
    path: Path,
    text: str,
    items: list[Item],
    vocabulary: Vocabulary,
    cached: dict[bytes, Record],
) -> tuple[list[Entry], list[Problem], dict[bytes, Record]]:
    """Check the items the cache does not hold, take the rest from it, then check across.

    Also returns the records for the cache to hold now: those of this file's good entries.
    """
    digests = [item.digest for item in items]
    missing = [index for index, digest in enumerate(digests) if digest not in cached]
    located = _read_items(path, text, items, missing)
    if located is None:  # the file does not read item by item: read whole, as ever
        return (*entries_from_yaml(parse_yaml(text, path), str(path), vocabulary), cached)
    report = Report(str(path))
    records = {}
    checked = []
    for index, digest in enumerate(digests):
        if index in located:
            result = check_item(located[index], report, vocabulary)
            record = to_record(result, items[index].line)
        else:
            record = cached[digest]
            result = from_record(record, items[index].line)
        checked.append(result)
        if record is not None:
            records[digest] = record
    return (*check_across(checked, report), records)


def _read_items(
    path: Path, text: str, items: list[Item], wanted: list[int]
) -> dict[int, Located] | None:
    """The wanted items read as YAML, by index; None if the file must be read as a whole.

    Item by item unless most are wanted: at 100,000 items, reading the file whole took 25 %
    less time than item by item. An item that does not read alone sends the whole file to the
    parser, which raises the error message a broken file gets.
    """
    if 2 * len(wanted) <= len(items):
        located = {}
        for index in wanted:
            piece = parse_fragment(items[index].text, items[index].line)
            if piece is None or not isinstance(piece.value, list) or len(piece.value) != 1:
                break
            located[index] = piece.value[0]
        else:
            return located
    root = parse_yaml(text, path)
    if root is None or not isinstance(root.value, list) or len(root.value) != len(items):
        return None
    return {index: root.value[index] for index in wanted}
