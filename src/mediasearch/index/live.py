"""Which generation is live: listing the kept ones, rolling back, repairing a damaged pointer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mediasearch.errors import IndexDamagedError, IndexMissingError
from mediasearch.index.generation import META_FILE, open_generation
from mediasearch.index.manifest import verify_manifest
from mediasearch.index.store import (
    POINTER_FILE,
    Pointer,
    finished_generations,
    index_command_for,
    no_index_message,
    read_pointer,
    write_pointer,
    writer_lock,
)


@dataclass(frozen=True)
class GenerationStatus:
    """One finished generation as `mediasearch index --list` shows it."""

    name: str
    live: bool
    #: What the indexer recorded (built_at, entry_count, mode...); empty if unreadable.
    meta: dict
    #: Why it cannot be served, or None when it checks out against its manifest.
    fault: str | None


def list_generation_statuses(index_dir: Path) -> list[GenerationStatus]:
    """Every finished generation in index_dir, oldest first, each checked against its manifest."""
    index_dir = Path(index_dir)
    try:
        pointer = read_pointer(index_dir)
    except IndexDamagedError:
        pointer = None
    statuses = []
    for name in finished_generations(index_dir):
        try:
            meta = open_generation(index_dir / name).meta
            fault = None
        except IndexDamagedError as error:
            meta, fault = {}, str(error)
        live = pointer is not None and pointer.current == name
        statuses.append(GenerationStatus(name, live, meta, fault))
    return statuses


def _sound(index_dir: Path, name: str) -> bool:
    try:
        verify_manifest(index_dir / name)
    except IndexDamagedError:
        return False
    return (index_dir / name / META_FILE).is_file()


def repair_pointer_locked(index_dir: Path) -> tuple[Pointer | None, str | None]:
    """The pointer, repaired first if it is damaged or names a damaged generation.

    Call under the writer lock. A repair points at the newest sound generation, or removes
    the pointer when none is left (the next build is then a full one). Returns the pointer and
    what was repaired, or None when nothing needed it.
    """
    index_dir = Path(index_dir)
    try:
        pointer = read_pointer(index_dir)
        if pointer is None:
            fault = f"the index pointer {index_dir / POINTER_FILE} is missing"
        else:
            verify_manifest(index_dir / pointer.current)
            return pointer, None
    except IndexDamagedError as error:
        fault = str(error)
    sound = [name for name in finished_generations(index_dir) if _sound(index_dir, name)]
    if sound:
        write_pointer(index_dir, Pointer(current=sound[-1]))
        return Pointer(current=sound[-1]), f"{fault}; repaired: now serving {sound[-1]}"
    if not (index_dir / POINTER_FILE).exists():
        return None, None  # nothing was ever built, or nothing is left: not a repair
    (index_dir / POINTER_FILE).unlink()
    return None, f"{fault}; no sound generation is left to serve"


def repair_pointer(index_dir: Path, wait: float = 30.0) -> str | None:
    """Repair a damaged or missing pointer (see repair_pointer_locked); say what was done."""
    index_dir = Path(index_dir)
    try:
        pointer = read_pointer(index_dir)
        if pointer is not None:
            # A look without the lock first: a sound index is not written to, not even the lock.
            verify_manifest(index_dir / pointer.current)
            return None
        if not finished_generations(index_dir):
            return None  # no index at all: nothing to repair
    except IndexDamagedError:
        pass
    with writer_lock(index_dir, wait):
        return repair_pointer_locked(index_dir)[1]


def rollback_index(index_dir: Path, to: str | None = None, *, wait: float = 30.0) -> str:
    """Switch to the generation built before the live one, or to the one named; return its name.

    Rolling back again steps further back, never forward; `--rollback GEN` goes anywhere.
    """
    index_dir = Path(index_dir)
    listing = f"`{index_command_for(index_dir)} --list` shows the generations kept"
    with writer_lock(index_dir, wait):
        pointer, _ = repair_pointer_locked(index_dir)
        if pointer is None:
            raise IndexMissingError(no_index_message(index_dir))
        finished = finished_generations(index_dir)
        if to is None:
            older = [name for name in finished if name < pointer.current]
            if not older:
                raise IndexMissingError(f"no generation older than {pointer.current}; {listing}")
            to = older[-1]
        elif to not in finished:
            raise IndexMissingError(f"no finished generation {to!r} in {index_dir}; {listing}")
        # Refuse to switch to something damaged; open_generation says what is wrong.
        open_generation(index_dir / to)
        write_pointer(index_dir, Pointer(current=to))
    return to
