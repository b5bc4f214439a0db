"""Builds index generations from a validated catalogue: full or incremental, then switches.

Every build writes a new generation directory beside the live one and switches the pointer
only once it is complete, so readers never see a half-built index, a killed build leaves the
live one serving, and the generation it replaced stays on disk for ``--rollback``.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import whoosh
from whoosh import index as whoosh_index

from mediasearch.catalogue.entries import Entry, entry_from_dict
from mediasearch.catalogue.facets import tag_facets
from mediasearch.catalogue.loading import Catalogue
from mediasearch.catalogue.vocabulary import Vocabulary, vocabulary_to_data
from mediasearch.errors import (
    IndexDamagedError,
    MediasearchError,
    write_failure,
)
from mediasearch.index.generation import META_FILE, VOCABULARY_FILE, Generation, open_generation
from mediasearch.index.live import repair_pointer_locked
from mediasearch.index.manifest import read_manifest, write_manifest
from mediasearch.index.postings import column_bytes, live_documents
from mediasearch.index.schema import SCHEMA_VERSION, entry_to_document
from mediasearch.index.segments import WRITER_MB, write_documents
from mediasearch.index.store import (
    BUILDING_SUFFIX,
    Pointer,
    index_command_for,
    kept_generations,
    new_generation_name,
    prune_generations,
    write_pointer,
    writer_lock,
)
from mediasearch.index.words import count_words, entry_words, read_words, write_words
from mediasearch.settings import setting

FULL = "full"
INCREMENTAL = "incremental"
#: Incremental when a live generation of the same schema exists, full otherwise.
AUTO = "auto"
MODES = (AUTO, FULL, INCREMENTAL)

#: Whoosh's compound segment files, written once and never changed.
SEGMENT_SUFFIX = ".seg"

#: Called with the number of entries just processed, so a caller can draw a progress bar.
Progress = Callable[[int], None]


class IndexBuildError(MediasearchError):
    """A build that cannot be done as asked (e.g. incremental over another schema)."""


@dataclass(frozen=True)
class IndexSummary:
    """What a build did: which mode, how many entries changed, how long, which generation."""

    mode: str
    added: int
    updated: int
    removed: int
    unchanged: int
    total: int
    seconds: float
    generation: str
    #: False when an incremental build found nothing to do and kept the live generation.
    switched: bool = True
    #: What was wrong with the pointer, and how it was repaired before building.
    repaired: str | None = None


@dataclass
class _Counts:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def build_index(
    catalogue: Catalogue,
    index_dir: Path,
    *,
    mode: str = AUTO,
    wait: float = 30.0,
    progress: Progress | None = None,
    keep: int | None = None,
) -> IndexSummary:
    """Index a validated catalogue into a new generation under index_dir and switch to it.

    :param mode: ``auto``, ``full`` or ``incremental``.
    :param wait: seconds to wait for another writer before raising IndexLockedError.
    :param keep: generations kept for rollback, the new one included (KEEP_GENERATIONS).
    """
    if mode not in MODES:
        raise IndexBuildError(f"unknown index mode {mode!r}: expected one of {', '.join(MODES)}")
    keep = setting("KEEP_GENERATIONS") if keep is None else keep
    started = time.perf_counter()
    index_dir = Path(index_dir)
    with writer_lock(index_dir, wait):
        pointer, repaired = repair_pointer_locked(index_dir)
        live_name = pointer.current if pointer else None
        # Whatever a killed build left behind goes first; the live and newest stay.
        prune_generations(index_dir, kept_generations(index_dir, live_name, keep))
        live = _open_live(index_dir, pointer)
        chosen = _choose_mode(mode, live, live_name, index_dir)
        name = new_generation_name(index_dir)
        building = index_dir / (name + BUILDING_SUFFIX)
        try:
            if chosen == FULL:
                counts = _write_full(catalogue, building, progress)
            else:
                assert live is not None  # _choose_mode picks incremental only with a live index
                counts = _write_incremental(catalogue, live, building, progress)
                if not counts.changed and live.catalogue_digest == catalogue.digest:
                    shutil.rmtree(building)
                    return IndexSummary(
                        chosen, 0, 0, 0, counts.unchanged, len(catalogue.entries),
                        time.perf_counter() - started, live.name, switched=False,
                        repaired=repaired,
                    )  # fmt: skip
            seconds = time.perf_counter() - started
            _write_meta(building, catalogue, chosen, counts, seconds, based_on=live)
            # A shared file's checksum is the live manifest's: damage since is not blessed.
            shared = _shared_files(live.path, building) if live and chosen == INCREMENTAL else {}
            write_manifest(building, shared)
            os.replace(building, index_dir / name)
        except OSError as error:
            shutil.rmtree(building, ignore_errors=True)
            doing = "write the new index generation"
            raise write_failure(error, doing, _outcome(live_name)) from None
        except BaseException:
            # Tidy at once when we can; a SIGKILLed build is tidied by the next one.
            shutil.rmtree(building, ignore_errors=True)
            raise
        write_pointer(index_dir, Pointer(current=name))
        # Generations no longer kept go now; a reader still holding one keeps its open files.
        prune_generations(index_dir, kept_generations(index_dir, name, keep))
    return IndexSummary(
        mode=chosen,
        added=counts.added,
        updated=counts.updated,
        removed=counts.removed,
        unchanged=counts.unchanged,
        total=len(catalogue.entries),
        seconds=time.perf_counter() - started,
        generation=name,
        repaired=repaired,
    )


def _outcome(live_name: str | None) -> str:
    """What a failed build left: the live generation as it was, or no index as before."""
    return f"the live index ({live_name}) was left untouched" if live_name else "no index was built"


def _open_live(index_dir: Path, pointer: Pointer | None) -> Generation | None:
    if pointer is None:
        return None
    try:
        # Checked against its manifest just now, when the pointer was; sizes are enough here.
        return open_generation(index_dir / pointer.current, checksums=False)
    except IndexDamagedError:
        # A live generation that cannot be read is rebuilt in full, not updated.
        return None


def _choose_mode(mode: str, live: Generation | None, live_name: str | None, index_dir: Path) -> str:
    same_schema = live is not None and live.meta.get("schema_version") == SCHEMA_VERSION
    if mode == AUTO:
        return INCREMENTAL if same_schema else FULL
    if mode == INCREMENTAL and live is None:
        problem = f"the live generation {live_name} is damaged" if live_name else "no index yet"
        raise IndexBuildError(
            f"cannot update incrementally: {problem}; build in full with "
            f"`{index_command_for(index_dir)} --full`"
        )
    if mode == INCREMENTAL and live is not None and not same_schema:
        raise IndexBuildError(
            f"the live index has schema version {live.meta.get('schema_version')}, this program "
            f"writes version {SCHEMA_VERSION}: rebuild in full with "
            f"`{index_command_for(index_dir)} --full`"
        )
    return mode


def _write_full(catalogue: Catalogue, path: Path, progress: Progress | None) -> _Counts:
    path.mkdir(parents=True)
    write_documents(path, catalogue.entries, catalogue.vocabulary, progress)
    _write_vocabulary(path, catalogue.vocabulary)
    write_words(path, count_words(catalogue.entries, catalogue.vocabulary))
    return _Counts(added=len(catalogue.entries))


def _write_incremental(
    catalogue: Catalogue, live: Generation, path: Path, progress: Progress | None
) -> _Counts:
    _carry_over(live.path, path)
    # id -> (content hash, docnum), from the columns read whole: no stored entry is read.
    with live.index.reader() as reader:
        ids, hashes = column_bytes(reader, "id"), column_bytes(reader, "hash")
        indexed = {
            ids[docnum].decode(): (hashes[docnum].decode(), docnum)
            for docnum in np.flatnonzero(live_documents(reader)).tolist()
        }
    retagged = _changed_terms(live.vocabulary, catalogue.vocabulary)
    counts = _Counts()
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
    _write_vocabulary(path, catalogue.vocabulary)
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


def _shared_files(live: Path, path: Path) -> dict[str, dict]:
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


def _write_vocabulary(path: Path, vocabulary: Vocabulary) -> None:
    text = json.dumps(vocabulary_to_data(vocabulary), ensure_ascii=False, indent=1)
    (path / VOCABULARY_FILE).write_text(text, encoding="utf-8")


def _write_meta(
    path: Path,
    catalogue: Catalogue,
    mode: str,
    counts: _Counts,
    seconds: float,
    based_on: Generation | None,
) -> None:
    # Written last: a generation directory without meta.json is not a finished one.
    meta = {
        "catalogue_digest": catalogue.digest,
        "schema_version": SCHEMA_VERSION,
        "built_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "entry_count": len(catalogue.entries),
        "mode": mode,
        "added": counts.added,
        "updated": counts.updated,
        "removed": counts.removed,
        "seconds": round(seconds, 3),
        "based_on": based_on.name if based_on and mode == INCREMENTAL else None,
        "whoosh_version": whoosh.versionstring(),
    }
    (path / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
