"""The incremental build: a copy of the live generation, updated with what the catalogue changed.

Entries are compared by content hash (read from the index's columns, not its stored entries);
added, changed and re-labelled ones are indexed again, removed ones deleted, and the word counts
adjusted by the documents replaced.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from mediasearch.catalogue.entries import Entry, entry_from_dict
from mediasearch.catalogue.facets import tag_facets
from mediasearch.catalogue.loading import Catalogue
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.index.generation import Generation
from mediasearch.index.manifest import read_manifest
from mediasearch.index.postings import column_bytes, live_documents
from mediasearch.index.schema import entry_to_document
from mediasearch.index.segments import WRITER_MB
from mediasearch.index.words import entry_words, read_words, write_words

#: Whoosh's compound segment files, written once and never changed.
SEGMENT_SUFFIX = ".seg"

#: Called with the number of entries just processed, so a caller can draw a progress bar.
Progress = Callable[[int], None]


@dataclass
class BuildCounts:
    """How many entries a build added, updated, removed and left as they were."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def write_update(
    catalogue: Catalogue, live: Generation, path: Path, progress: Progress | None
) -> BuildCounts:
    """Write at path the live generation updated with the entries the catalogue changed."""
    _carry_over(live.path, path)
    # id -> (content hash, docnum), from the columns read whole: no stored entry is read.
    with live.index.reader() as reader:
        ids, hashes = column_bytes(reader, "id"), column_bytes(reader, "hash")
        indexed = {
            ids[docnum].decode(): (hashes[docnum].decode(), docnum)
            for docnum in np.flatnonzero(live_documents(reader)).tolist()
        }
    retagged = _changed_terms(live.vocabulary, catalogue.vocabulary)
    counts = BuildCounts()
    # The documents replaced or removed, whose words leave the word counts.
    replaced: list[int] = []
    added_words: Counter[str] = Counter()
    index = whoosh_index.open_dir(str(path))
    writer = index.writer(limitmb=WRITER_MB)
    try:
        for entry in catalogue.entries:
            old = indexed.pop(entry.id, None)
            if old is None:
                writer.add_document(**entry_to_document(entry, catalogue.vocabulary))
                added_words.update(entry_words(entry, catalogue.vocabulary))
                counts.added += 1
            elif old[0] != entry.content_hash() or _uses_any(entry, retagged):
                writer.update_document(**entry_to_document(entry, catalogue.vocabulary))
                added_words.update(entry_words(entry, catalogue.vocabulary))
                replaced.append(old[1])
                counts.updated += 1
            else:
                counts.unchanged += 1
            if progress:
                progress(1)
        for entry_id, (_, docnum) in indexed.items():  # removed (or renamed) in the catalogue
            writer.delete_by_term("id", entry_id)
            replaced.append(docnum)
            counts.removed += 1
    except BaseException:
        writer.cancel()
        raise
    if counts.changed:
        writer.commit()
    else:
        writer.cancel()
    write_words(path, _updated_words(live, replaced, added_words))
    return counts


def _carry_over(live: Path, path: Path) -> None:
    """Give the new generation at path the live one's files, to update.

    The live generation stays as it is for its readers and for rollback. Whoosh never
    rewrites a segment file (it writes new ones and deletes the old), so segments are shared
    as hard links; every other file is copied, because it is rewritten. File by file, not
    copytree: a full disk is then the OSError itself, not a list of them.
    """
    path.mkdir()
    for file in live.iterdir():
        if file.suffix == SEGMENT_SUFFIX:
            try:
                os.link(file, path / file.name)
                continue
            except OSError:
                pass  # a file system without hard links: copied instead
        shutil.copy2(file, path / file.name)


def shared_files(live: Path, path: Path) -> dict[str, dict]:
    """The live manifest's entries for the files the generation at path shares with it."""
    return {
        name: info
        for name, info in read_manifest(live).items()
        if (path / name).exists() and os.path.samefile(live / name, path / name)
    }


def _updated_words(live: Generation, replaced: list[int], added: Counter[str]) -> Counter[str]:
    """The live generation's word counts without the replaced documents' words, plus added."""
    words = read_words(live.path)
    with live.index.searcher() as searcher:
        for docnum in replaced:
            old = entry_from_dict(json.loads(searcher.stored_fields(docnum)["entry"]))
            words.subtract(entry_words(old, live.vocabulary))
    words.update(added)
    return words


def _changed_terms(old: Vocabulary, new: Vocabulary) -> set[tuple[str, str]]:
    """(facet, key) of terms whose names changed: entries tagged with them are re-indexed,
    because their labels are indexed but are not part of the entry's content hash."""
    changed = set()
    for facet in set(old.terms) | set(new.terms):
        for key in set(old.terms.get(facet, {})) | set(new.terms.get(facet, {})):
            before, after = old.term(facet, key), new.term(facet, key)
            if (before and before.names) != (after and after.names):
                changed.add((facet, key))
    return changed


def _uses_any(entry: Entry, terms: set[tuple[str, str]]) -> bool:
    if not terms:
        return False
    return any(
        (definition.name, key) in terms
        for definition in tag_facets()
        for key in entry.facet_keys(definition.name)
    )
