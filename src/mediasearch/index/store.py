"""The index directory on disk: generation directories, the pointer to the live one, the lock.

Layout of ``index/``::

    current.json          {"current": "gen-..."}, replaced atomically
    writer.lock           flock()ed by the one writer; holds its pid
    gen-20261126-232226-123456/        a finished generation (Whoosh files, meta.json,
                                       vocabulary.json, manifest.json), never modified
    gen-...-....building/              a generation being written; never read

Generation names sort in the order they were built, which is what rollback steps back along.

Generations are only ever created beside the live one and switched to by replacing the
pointer, because Whoosh's ``create_in()`` on a directory readers have open makes them see an
empty index at once.
"""

from __future__ import annotations

import datetime
import fcntl
import json
import os
import re
import shlex
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mediasearch.errors import (
    IndexDamagedError,
    IndexLockedError,
    IndexMissingError,
    write_failure,
)
from mediasearch.index.generation import Generation, open_generation
from mediasearch.index.manifest import MANIFEST_FILE
from mediasearch.settings import setting

POINTER_FILE = "current.json"
LOCK_FILE = "writer.lock"
GENERATION_PREFIX = "gen-"
#: Suffix of a generation still being written: whatever carries it is garbage to any reader.
BUILDING_SUFFIX = ".building"
#: A finished generation's name: the pointer may name nothing else, so never a path.
GENERATION_NAME = re.compile(r"gen-\d{8}-\d{6}-\d{6}x*")


@dataclass(frozen=True)
class Pointer:
    """What current.json says: the live generation."""

    current: str


def read_pointer(index_dir: Path) -> Pointer | None:
    """The pointer of an index directory, or None when no generation was ever switched to.

    IndexDamagedError when it cannot be read or names anything but a generation in index_dir.
    """
    path = Path(index_dir) / POINTER_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        fault = error.strerror if isinstance(error, OSError) else "not valid JSON"
        raise IndexDamagedError(f"the index pointer {path} cannot be read: {fault}") from None
    current = data.get("current") if isinstance(data, dict) else None
    if not isinstance(current, str) or not GENERATION_NAME.fullmatch(current):
        raise IndexDamagedError(
            f"the index pointer {path} does not name a generation in {index_dir}"
        )
    return Pointer(current=current)


def index_command_for(index_dir: Path) -> str:
    """The command that builds index_dir: `mediasearch index`, with --index-dir unless default."""
    command = "mediasearch index"
    if Path(index_dir).resolve() != Path(setting("INDEX_DIR")).resolve():
        command += f" --index-dir {shlex.quote(str(index_dir))}"
    return command


def no_index_message(index_dir: Path) -> str:
    """Says there is no index yet, and the command that builds this one."""
    return f"no index yet: run `{index_command_for(index_dir)}`"


def write_pointer(index_dir: Path, pointer: Pointer) -> None:
    """Switch readers to pointer.current in one step: write a temporary file, then replace."""
    index_dir = Path(index_dir)
    temporary = index_dir / f".{POINTER_FILE}.{os.getpid()}.tmp"
    text = json.dumps({"current": pointer.current}, indent=2)
    try:
        with open(temporary, "w", encoding="utf-8") as file:
            file.write(text + "\n")
            file.flush()
            # On disk before the rename, so a crash cannot leave a pointer to nothing.
            os.fsync(file.fileno())
        os.replace(temporary, index_dir / POINTER_FILE)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise write_failure(
            error, f"switch to generation {pointer.current}", "the live index was left as it was"
        ) from None


def live_generation_path(index_dir: Path) -> Path:
    """The directory of the live generation; IndexMissingError when there is none."""
    pointer = read_pointer(index_dir)
    if pointer is None:
        raise IndexMissingError(no_index_message(index_dir))
    return Path(index_dir) / pointer.current


def open_live_generation(index_dir: Path) -> Generation:
    """Open the live generation (for one-shot readers such as the CLI; servers use IndexHolder)."""
    return open_generation(live_generation_path(index_dir))


def new_generation_name(index_dir: Path) -> str:
    """A fresh generation name that sorts after every earlier one."""
    now = datetime.datetime.now(datetime.UTC)
    name = GENERATION_PREFIX + now.strftime("%Y%m%d-%H%M%S-%f")
    taken = set(list_generations(index_dir))
    while name in taken or name + BUILDING_SUFFIX in taken:
        name += "x"
    return name


def list_generations(index_dir: Path) -> list[str]:
    """Names of every generation directory, finished or not, oldest first."""
    index_dir = Path(index_dir)
    if not index_dir.is_dir():
        return []
    return sorted(
        path.name
        for path in index_dir.iterdir()
        if path.is_dir() and path.name.startswith(GENERATION_PREFIX)
    )


def finished_generations(index_dir: Path) -> list[str]:
    """Names of the finished generations (named as such, with a manifest), oldest first."""
    return [
        name
        for name in list_generations(index_dir)
        if GENERATION_NAME.fullmatch(name) and (Path(index_dir) / name / MANIFEST_FILE).is_file()
    ]


def kept_generations(index_dir: Path, live: str | None, keep: int) -> set[str]:
    """The generations to keep: the newest ``keep`` finished ones, and the live one."""
    kept = set(finished_generations(index_dir)[-keep:] if keep > 0 else [])
    return kept | {live} if live else kept


def prune_generations(index_dir: Path, keep: set[str]) -> list[str]:
    """Delete every generation directory not in keep (call under the writer lock); return them."""
    removed = []
    for name in list_generations(index_dir):
        if name not in keep:
            shutil.rmtree(Path(index_dir) / name, ignore_errors=True)
            removed.append(name)
    return removed


def _lock_holder(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip() or "unknown"
    except (OSError, UnicodeDecodeError):
        return "unknown"


@contextmanager
def writer_lock(index_dir: Path, wait: float = 30.0) -> Iterator[None]:
    """Hold the index directory's writer lock, waiting at most ``wait`` seconds for it.

    An OS lock (flock) rather than a lock file's existence, so a killed writer never leaves a
    stale lock behind: the kernel releases it with the process.
    """
    index_dir = Path(index_dir)
    path = index_dir / LOCK_FILE
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise write_failure(error, "take the index writer lock", "nothing was changed") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise IndexLockedError(
                        f"another `mediasearch index` is running (pid {_lock_holder(path)}) "
                        f"and held {path} for the {wait:g} s waited; try again when it has "
                        "finished, or wait longer with --wait SECONDS"
                    ) from None
                time.sleep(min(0.05, remaining))
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
