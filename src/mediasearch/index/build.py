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
from dataclasses import dataclass
from pathlib import Path

import whoosh

from mediasearch.catalogue.loading import Catalogue
from mediasearch.catalogue.vocabulary import Vocabulary, vocabulary_to_data
from mediasearch.errors import (
    IndexDamagedError,
    MediasearchError,
    write_failure,
)
from mediasearch.index.generation import META_FILE, VOCABULARY_FILE, Generation, open_generation
from mediasearch.index.live import repair_pointer_locked
from mediasearch.index.manifest import write_manifest
from mediasearch.index.schema import SCHEMA_VERSION
from mediasearch.index.segments import HelperFailedError, write_documents
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
from mediasearch.index.update import BuildCounts, Progress, shared_files, write_update
from mediasearch.index.words import write_words
from mediasearch.settings import setting

FULL = "full"
INCREMENTAL = "incremental"
#: Incremental when a live generation of the same schema exists, full otherwise.
AUTO = "auto"
MODES = (AUTO, FULL, INCREMENTAL)


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
                counts = write_update(catalogue, live, building, progress)
                if not counts.changed and live.catalogue_digest == catalogue.digest:
                    shutil.rmtree(building)
                    return IndexSummary(
                        chosen, 0, 0, 0, counts.unchanged, len(catalogue.entries),
                        time.perf_counter() - started, live.name, switched=False,
                        repaired=repaired,
                    )  # fmt: skip
            _write_vocabulary(building, catalogue.vocabulary)
            seconds = time.perf_counter() - started
            _write_meta(building, catalogue, chosen, counts, seconds, based_on=live)
            # A shared file's checksum is the live manifest's: damage since is not blessed.
            shared = shared_files(live.path, building) if live and chosen == INCREMENTAL else {}
            write_manifest(building, shared)
            os.replace(building, index_dir / name)
        except OSError as error:
            shutil.rmtree(building, ignore_errors=True)
            doing = "write the new index generation"
            raise write_failure(error, doing, _outcome(live_name)) from None
        except HelperFailedError as error:
            shutil.rmtree(building, ignore_errors=True)
            raise IndexBuildError(f"{error}; {_outcome(live_name)}") from None
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


def _write_full(catalogue: Catalogue, path: Path, progress: Progress | None) -> BuildCounts:
    path.mkdir(parents=True)
    write_words(path, write_documents(path, catalogue.entries, catalogue.vocabulary, progress))
    return BuildCounts(added=len(catalogue.entries))


def _write_vocabulary(path: Path, vocabulary: Vocabulary) -> None:
    text = json.dumps(vocabulary_to_data(vocabulary), ensure_ascii=False, indent=1)
    (path / VOCABULARY_FILE).write_text(text, encoding="utf-8")


def _write_meta(
    path: Path,
    catalogue: Catalogue,
    mode: str,
    counts: BuildCounts,
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
