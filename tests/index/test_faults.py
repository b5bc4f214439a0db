"""Index faults: damaged pointers and generations are refused, named, and repaired by `index`."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from mediasearch.catalogue.loading import Catalogue
from mediasearch.cli.commands import main
from mediasearch.cli.text import format_index_summary
from mediasearch.errors import IndexDamagedError
from mediasearch.index.build import build_index
from mediasearch.index.generation import open_generation
from mediasearch.index.holder import IndexHolder
from mediasearch.index.live import list_generation_statuses, rollback_index
from mediasearch.index.manifest import MANIFEST_FILE
from mediasearch.index.store import POINTER_FILE, read_pointer
from mediasearch.search.engine import run_search, warm
from mediasearch.search.params import parse_params


def segment(generation_dir: Path) -> Path:
    """The largest Whoosh segment file of a generation."""
    return max(generation_dir.glob("*.seg"), key=lambda path: path.stat().st_size)


def flip_a_byte(path: Path) -> None:
    """Silent corruption: one byte in the middle changed, the size kept."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


#: What a truncated file keeps: a little, so that opening it works and reading it does not.
TRUNCATED_SIZE = 1024


def truncate(path: Path) -> None:
    """Cut a file short in place (same inode, as a full disk or a bad copy does)."""
    os.truncate(path, TRUNCATED_SIZE)


@pytest.fixture
def index_dir(tmp_path: Path, fixture_catalogue: Catalogue) -> Path:
    """An index directory with two generations of the fixture catalogue."""
    index_dir = tmp_path / "index"
    for _ in range(2):
        build_index(fixture_catalogue, index_dir, mode="full")
    return index_dir


def generations(index_dir: Path) -> list[str]:
    return [status.name for status in list_generation_statuses(index_dir)]


POINTERS = {
    "garbage": "{not json",
    "not an object": "[1, 2]",
    "a path outside index/": json.dumps({"current": "../../etc"}),
    "an absolute path": json.dumps({"current": "/tmp"}),
    "a missing generation": json.dumps({"current": "gen-20000101-000000-000000"}),
    "empty": "",
}


@pytest.mark.parametrize("text", POINTERS.values(), ids=POINTERS.keys())
def test_a_damaged_pointer_is_refused_and_index_repairs_it(index_dir, text, fixture_catalogue):
    older, newest = generations(index_dir)
    (index_dir / POINTER_FILE).write_text(text, encoding="utf-8")

    with pytest.raises(IndexDamagedError) as raised:
        IndexHolder(index_dir).generation()
    assert str(raised.value).startswith(("the index pointer", "index generation"))

    # `mediasearch index` repairs it even when the catalogue is the one to blame.
    result = CliRunner().invoke(main, ["index", "/nonexistent.yaml", "--index-dir", str(index_dir)])

    assert result.exit_code == 1
    [repaired, *_] = result.output.splitlines()
    assert repaired.endswith(f"; repaired: now serving {newest}")
    assert read_pointer(index_dir).current == newest
    assert IndexHolder(index_dir).generation().name == newest


def test_a_pointer_to_a_damaged_generation_is_repaired_to_the_newest_sound_one(index_dir):
    older, newest = generations(index_dir)
    flip_a_byte(segment(index_dir / newest))

    result = CliRunner().invoke(main, ["index", "--rollback", older, "--index-dir", str(index_dir)])

    assert result.exit_code == 0, result.output
    assert result.output == (
        f"index file {segment(index_dir / newest)} has changed since it was built "
        f"(checksum differs); repaired: now serving {older}\n"
        f"rolled back to generation {older}\n"
    )


def test_a_build_over_a_damaged_pointer_repairs_it_and_builds(index_dir, fixture_catalogue):
    older, newest = generations(index_dir)
    (index_dir / POINTER_FILE).write_text("{not json", encoding="utf-8")

    summary = build_index(fixture_catalogue, index_dir)

    assert summary.repaired == (
        f"the index pointer {index_dir / POINTER_FILE} cannot be read: not valid JSON; "
        f"repaired: now serving {newest}"
    )
    assert format_index_summary(summary).startswith(summary.repaired + "\n")
    assert read_pointer(index_dir).current == summary.generation


def test_a_lost_pointer_is_repaired_too(index_dir):
    older, newest = generations(index_dir)
    (index_dir / POINTER_FILE).unlink()

    result = CliRunner().invoke(main, ["index", "--rollback", "--index-dir", str(index_dir)])

    assert result.output == (
        f"the index pointer {index_dir / POINTER_FILE} is missing; repaired: now serving "
        f"{newest}\nrolled back to generation {older}\n"
    )


def test_a_pointer_with_no_sound_generation_left_is_removed_and_the_build_is_full(
    index_dir, fixture_catalogue
):
    for name in generations(index_dir):
        truncate(segment(index_dir / name))

    summary = build_index(fixture_catalogue, index_dir)

    assert summary.mode == "full"
    assert summary.repaired.endswith("; no sound generation is left to serve")
    assert open_generation(index_dir / read_pointer(index_dir).current).meta["mode"] == "full"


CORRUPTIONS = {
    "bytes changed, same size": (flip_a_byte, "has changed since it was built (checksum differs)"),
    "truncated": (truncate, f"is {TRUNCATED_SIZE} bytes, {{size}} when built"),
    "deleted": (Path.unlink, "cannot be read (No such file or directory)"),
}


@pytest.mark.parametrize("damage, fault", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_damaged_generation_is_refused_by_its_manifest(index_dir, damage, fault):
    older, newest = generations(index_dir)
    path = segment(index_dir / newest)
    size = path.stat().st_size
    damage(path)

    with pytest.raises(IndexDamagedError) as raised:
        open_generation(index_dir / newest)
    assert str(raised.value) == f"index file {path} " + fault.format(size=size)
    # Rolling back to it is refused, and --list says why.
    rollback_index(index_dir, older)
    with pytest.raises(IndexDamagedError):
        rollback_index(index_dir, newest)
    listing = CliRunner().invoke(main, ["index", "--list", "--index-dir", str(index_dir)])
    [first, second] = listing.output.splitlines()
    assert first.startswith(f"* {older}  built ") and first.endswith(", full  (live)")
    assert second == f"  {newest}  damaged: {raised.value}"


def test_a_generation_without_a_manifest_is_not_served(index_dir):
    older, newest = generations(index_dir)
    (index_dir / newest / MANIFEST_FILE).unlink()

    with pytest.raises(IndexDamagedError, match=f"index generation .*{newest} has no manifest"):
        IndexHolder(index_dir).generation()


def test_a_new_damaged_generation_is_not_switched_to(index_dir, fixture_catalogue, caplog):
    older, newest = generations(index_dir)
    holder = IndexHolder(index_dir, check_interval=0)
    assert holder.generation().name == newest
    third = build_index(fixture_catalogue, index_dir, mode="full").generation
    flip_a_byte(segment(index_dir / third))

    with holder.searcher() as searcher:
        assert searcher.doc_count() == len(fixture_catalogue.entries)
    assert holder.generation().name == newest
    assert "checksum differs" in caplog.records[-1].getMessage()


def test_a_segment_truncated_under_a_holder_is_a_damaged_index_not_a_crash(index_dir):
    holder = IndexHolder(index_dir, check_interval=0)
    live = holder.generation()
    truncate(segment(live.path))

    damaged = pytest.raises(IndexDamagedError, match=r"is \d+ bytes, \d+ when built$")
    with damaged, holder.searcher() as searcher:
        list(searcher.all_stored_fields())


def test_the_index_directory_deleted_under_a_holder_keeps_serving_every_thread(index_dir):
    holder = IndexHolder(index_dir, check_interval=0)
    with holder.searcher() as searcher:
        expected = sorted(fields["id"] for fields in searcher.all_stored_fields())
    shutil.rmtree(index_dir)
    seen = []

    def read() -> None:
        # A thread that never searched before: it still gets the generation already open.
        with holder.searcher() as searcher:
            seen.append(sorted(fields["id"] for fields in searcher.all_stored_fields()))

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(timeout=30)
    assert seen == [expected]


def open_files_under(directory: Path) -> list[str]:
    """Files under directory this process holds open (deleted ones included)."""
    links = []
    for fd in os.listdir("/proc/self/fd"):
        # The descriptor listdir itself had open is gone by now.
        with contextlib.suppress(FileNotFoundError):
            links.append(os.readlink(f"/proc/self/fd/{fd}"))
    return [link for link in links if link.startswith(str(directory))]


def search(holder: IndexHolder) -> None:
    """One search as a request makes it: the thread's searcher, and the search caches."""
    with holder.reading() as (generation, searcher):
        run_search(generation, parse_params({"q": ["migrant"]}, generation.vocabulary), searcher)


def test_a_replaced_generation_is_released_by_idle_threads_too(index_dir, fixture_catalogue):
    # Warmed as the web warms it: the search layer's caches hold files open too.
    holder = IndexHolder(index_dir, warm=warm, check_interval=0)
    first = holder.generation().path
    served, stop = threading.Event(), threading.Event()

    def serve_once_then_idle() -> None:
        search(holder)
        served.set()
        stop.wait(30)  # an idle server thread: alive, serving nothing

    idle = threading.Thread(target=serve_once_then_idle)
    idle.start()
    try:
        assert served.wait(30)
        assert open_files_under(first)
        for _ in range(3):
            build_index(fixture_catalogue, index_dir, mode="full", keep=2)
        search(holder)
        # Pruned from disk, and no thread keeps its files open (and so their space taken).
        assert not first.exists()
        assert open_files_under(first) == []
    finally:
        stop.set()
        idle.join(timeout=30)
