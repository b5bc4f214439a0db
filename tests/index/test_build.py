"""The indexer: generations, atomic switch, incremental equivalence, rollback, pruning, the lock."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from click.testing import CliRunner
from whoosh import query
from whoosh.writing import SegmentWriter

from mediasearch.catalogue.loading import load_catalogue
from mediasearch.cli.commands import main
from mediasearch.cli.text import format_index_summary
from mediasearch.errors import IndexLockedError, MediasearchError
from mediasearch.index import build as indexer
from mediasearch.index import segments, update
from mediasearch.index import store as generations
from mediasearch.index.build import IndexBuildError, IndexSummary, build_index
from mediasearch.index.generation import META_FILE, VOCABULARY_FILE, open_generation
from mediasearch.index.live import rollback_index
from mediasearch.index.manifest import read_manifest
from mediasearch.index.schema import SCHEMA_VERSION
from mediasearch.index.store import (
    BUILDING_SUFFIX,
    LOCK_FILE,
    POINTER_FILE,
    kept_generations,
    list_generations,
    open_live_generation,
    read_pointer,
)
from mediasearch.index.words import read_words

VOCABULARY = """\
types:
  - {key: video, label: Video}
  - {key: interview, label: Interview}
topics:
  - {key: fair-recruitment, label: Fair recruitment, aliases: [recruitment fees]}
  - {key: domestic-work, label: Domestic work}
  - {key: fishing, label: Fishing and seafood}
regions:
  - {key: arab-states, label: Arab States}
projects:
  - {key: reframe, label: Global Action to Improve the Recruitment Framework, acronym: REFRAME}
"""

ENTRIES = [
    {
        "id": "nepal-fees",
        "title": "Ending recruitment fees for Nepali workers",
        "date": "2023-06-12",
        "type": "video",
        "description": "Workers from Nepal on debts and fees.",
        "topics": ["fair-recruitment"],
        "countries": ["NPL"],
        "projects": ["reframe"],
    },
    {
        "id": "lebanon-domestic",
        "title": "Domestic workers in Lebanon",
        "date": "2022-03-01",
        "type": "video",
        "topics": ["domestic-work"],
        "countries": ["LBN"],
        "regions": ["arab-states"],
    },
    {
        "id": "thai-fishers",
        "title": "Thai fishers at sea",
        "date": "2021-09-15",
        "type": "interview",
        "description": "Working conditions on Thai fishing boats.",
        "topics": ["fishing", "fair-recruitment"],
        "countries": ["THA", "MMR"],
    },
    {
        "id": "gulf-construction",
        "title": "Building the Gulf",
        "date": "2019-01-20",
        "type": "video",
        "description": "Migrant construction workers in Qatar.",
        "topics": ["fair-recruitment"],
        "countries": ["QAT"],
        "regions": ["arab-states"],
    },
]


def write_catalogue(directory: Path, entries: list[dict], vocabulary: str = VOCABULARY) -> Path:
    """Write entries.yaml and vocabulary.yaml into directory; return the entries path."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "vocabulary.yaml").write_text(vocabulary, encoding="utf-8")
    path = directory / "entries.yaml"
    path.write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), "utf-8")
    return path


def build(catalogue_dir: Path, index_dir: Path, entries: list[dict], **options) -> IndexSummary:
    """Write a catalogue and index it."""
    return build_index(
        load_catalogue(write_catalogue(catalogue_dir, entries)), index_dir, **options
    )


def stored(index_dir: Path) -> list[dict]:
    """Every stored document of the live generation, sorted by id."""
    with open_live_generation(index_dir).index.searcher() as searcher:
        return sorted(searcher.all_stored_fields(), key=lambda fields: fields["id"])


QUERIES = {
    "title word": query.Term("title", "fee"),
    "topic key": query.Term("topic", "fair-recruitment"),
    "topic label word": query.Term("topic_text", "recruit"),
    "country": query.Term("country", "LBN"),
    "years": query.NumericRange("year", 2020, 2023),
    "everything": query.Every(),
}


def results(index_dir: Path) -> dict[str, list[str]]:
    """Ids each of QUERIES finds in the live generation, duplicates kept."""
    with open_live_generation(index_dir).index.searcher() as searcher:
        return {
            name: sorted(hit["id"] for hit in searcher.search(q, limit=None))
            for name, q in QUERIES.items()
        }


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "catalogue", tmp_path / "index"


def test_full_build_writes_a_complete_generation_and_points_to_it(dirs):
    catalogue_dir, index_dir = dirs
    summary = build(catalogue_dir, index_dir, ENTRIES)

    assert summary == IndexSummary(
        mode="full",
        added=4,
        updated=0,
        removed=0,
        unchanged=0,
        total=4,
        seconds=summary.seconds,
        generation=summary.generation,
    )
    assert read_pointer(index_dir).current == summary.generation
    assert list_generations(index_dir) == [summary.generation]
    generation_dir = index_dir / summary.generation
    assert (generation_dir / VOCABULARY_FILE).is_file()
    meta = json.loads((generation_dir / META_FILE).read_text())
    catalogue = load_catalogue(catalogue_dir / "entries.yaml")
    assert {key: meta[key] for key in ("catalogue_digest", "schema_version", "entry_count")} == {
        "catalogue_digest": catalogue.digest,
        "schema_version": SCHEMA_VERSION,
        "entry_count": 4,
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", meta["built_at"])
    assert [(d["id"], d["hash"]) for d in stored(index_dir)] == sorted(
        (entry.id, entry.content_hash()) for entry in catalogue.entries
    )


def test_default_is_incremental_and_an_unchanged_catalogue_is_up_to_date(dirs):
    catalogue_dir, index_dir = dirs
    first = build(catalogue_dir, index_dir, ENTRIES)
    again = build(catalogue_dir, index_dir, ENTRIES)

    assert (again.mode, again.switched, again.generation) == (
        "incremental",
        False,
        first.generation,
    )
    assert (
        format_index_summary(again)
        == f"index is up to date: 4 entries in generation {first.generation}"
    )
    assert list_generations(index_dir) == [first.generation]


def edited_entries() -> list[dict]:
    """ENTRIES after a curator's session: one added, one changed, one deleted, one renamed."""
    entries = [dict(entry) for entry in ENTRIES]
    entries[0]["title"] = "Ending recruitment fees for migrant workers from Nepal"
    del entries[1]  # lebanon-domestic
    renamed = entries[2]  # gulf-construction
    renamed["id"], renamed["old_ids"] = "gulf-construction-workers", ["gulf-construction"]
    added = {
        "id": "lebanon-fees",
        "title": "Recruitment fees paid by domestic workers in Lebanon",
        "date": "2024-01-05",
        "type": "interview",
        "topics": ["domestic-work", "fair-recruitment"],
        "countries": ["LBN"],
    }
    return [added, *entries]


def test_incremental_after_edits_equals_a_full_rebuild(tmp_path):
    first = build(tmp_path / "a", tmp_path / "incremental", ENTRIES)
    incremental = build(tmp_path / "a", tmp_path / "incremental", edited_entries())
    full = build(tmp_path / "b", tmp_path / "full", edited_entries())

    assert (incremental.mode, full.mode) == ("incremental", "full")
    counts = (incremental.added, incremental.updated, incremental.removed, incremental.unchanged)
    # Added: lebanon-fees and the renamed id; removed: lebanon-domestic and the old id.
    assert counts == (2, 1, 2, 1)
    assert stored(tmp_path / "incremental") == stored(tmp_path / "full")
    assert results(tmp_path / "incremental") == results(tmp_path / "full")
    assert results(tmp_path / "full")["title word"] == ["lebanon-fees", "nepal-fees"]
    live = open_live_generation(tmp_path / "incremental")
    assert live.meta["based_on"] == first.generation
    # Deleted and replaced documents are gone, not merely hidden from some readers.
    with live.index.searcher() as searcher:
        assert searcher.doc_count() == 4
    # The did-you-mean word counts lose the old entries' words and gain the new ones'.
    assert read_words(live.path) == read_words(open_live_generation(tmp_path / "full").path)


def test_an_incremental_build_shares_the_live_segment_and_never_changes_it(tmp_path):
    index_dir = tmp_path / "index"
    first_dir = index_dir / build(tmp_path / "a", index_dir, ENTRIES).generation
    before = files_of(first_dir)
    second_dir = index_dir / build(tmp_path / "a", index_dir, edited_entries()).generation

    # The live generation's files are never written to: same inodes, times and bytes.
    assert files_of(first_dir) == before
    # Its segment is shared as a link; every other file is the new generation's own.
    shared = {
        name
        for name in before
        if (second_dir / name).exists() and os.path.samefile(first_dir / name, second_dir / name)
    }
    [segment] = [name for name in before if name.endswith(".seg")]
    assert shared == {segment}
    # The shared segment's checksum is the live manifest's; the whole manifest checks out.
    assert read_manifest(second_dir)[segment] == read_manifest(first_dir)[segment]
    open_generation(second_dir)
    # Pruning the first generation leaves the segment to the second.
    build(tmp_path / "a", index_dir, ENTRIES, keep=2)
    assert not first_dir.exists()
    assert open_generation(second_dir).index.doc_count() == len(edited_entries())


def test_a_relabelled_vocabulary_term_reindexes_the_entries_tagged_with_it(tmp_path):
    build(tmp_path / "a", tmp_path / "incremental", ENTRIES)
    relabelled = VOCABULARY.replace("label: Fishing and seafood", "label: Fisheries and tuna")
    catalogue = load_catalogue(write_catalogue(tmp_path / "a", ENTRIES, relabelled))
    summary = build_index(catalogue, tmp_path / "incremental")
    build_index(
        load_catalogue(write_catalogue(tmp_path / "b", ENTRIES, relabelled)), tmp_path / "full"
    )

    assert (summary.updated, summary.unchanged) == (1, 3)
    with open_live_generation(tmp_path / "incremental").index.searcher() as searcher:
        assert [hit["id"] for hit in searcher.search(query.Term("topic_text", "tuna"))] == [
            "thai-fishers"
        ]
    assert stored(tmp_path / "incremental") == stored(tmp_path / "full")
    incremental, full = (open_live_generation(tmp_path / name) for name in ("incremental", "full"))
    assert read_words(incremental.path)["tuna"] == 1
    assert read_words(incremental.path) == read_words(full.path)
    assert open_live_generation(tmp_path / "incremental").vocabulary.label("topic", "fishing") == (
        "Fisheries and tuna"
    )


def test_a_schema_change_makes_the_default_build_full(dirs, monkeypatch):
    catalogue_dir, index_dir = dirs
    build(catalogue_dir, index_dir, ENTRIES)
    monkeypatch.setattr(indexer, "SCHEMA_VERSION", SCHEMA_VERSION + 1)

    assert build(catalogue_dir, index_dir, ENTRIES).mode == "full"
    with pytest.raises(
        IndexBuildError, match=r"rebuild in full with `mediasearch index --index-dir .* --full`$"
    ):
        monkeypatch.setattr(indexer, "SCHEMA_VERSION", SCHEMA_VERSION + 2)
        build(catalogue_dir, index_dir, ENTRIES, mode="incremental")


def test_incremental_without_an_index_says_how_to_build_one(dirs):
    catalogue_dir, index_dir = dirs
    with pytest.raises(IndexBuildError) as raised:
        build(catalogue_dir, index_dir, ENTRIES, mode="incremental")
    assert str(raised.value) == (
        "cannot update incrementally: no index yet; build in full with "
        f"`mediasearch index --index-dir {index_dir} --full`"
    )


def files_of(directory: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under directory with its inode, modification time and bytes."""
    return {
        str(path.relative_to(directory)): (
            path.stat().st_ino,
            path.stat().st_mtime_ns,
            path.read_bytes(),
        )
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def test_an_invalid_catalogue_exits_1_with_the_report_and_leaves_the_live_index(dirs):
    catalogue_dir, index_dir = dirs
    build(catalogue_dir, index_dir, ENTRIES)
    before = files_of(index_dir)
    broken = [dict(ENTRIES[0], topics=["fair-recruitmnt"]), *ENTRIES[1:]]
    entries_path = write_catalogue(catalogue_dir, broken)

    result = CliRunner().invoke(main, ["index", str(entries_path), "--index-dir", str(index_dir)])

    assert result.exit_code == 1
    assert result.output.startswith("1 problem in the catalogue:\n")
    assert "entry 'nepal-fees', field 'topics'" in result.output
    assert "did you mean 'fair-recruitment'?" in result.output
    assert result.output.endswith("\nthe live index was left untouched\n")
    # What the message claims: not one file of the index directory written, added or removed.
    assert files_of(index_dir) == before


def test_an_invalid_catalogue_without_an_index_builds_none(dirs):
    catalogue_dir, index_dir = dirs
    broken = [dict(ENTRIES[0], topics=["fair-recruitmnt"]), *ENTRIES[1:]]
    entries_path = write_catalogue(catalogue_dir, broken)

    result = CliRunner().invoke(main, ["index", str(entries_path), "--index-dir", str(index_dir)])

    assert result.exit_code == 1
    assert result.output.endswith("\nno index was built\n")
    assert not index_dir.exists()


def test_the_cli_prints_a_summary_line_and_no_progress_bar_off_a_terminal(dirs):
    catalogue_dir, index_dir = dirs
    entries_path = write_catalogue(catalogue_dir, ENTRIES)
    arguments = ["index", str(entries_path), "--index-dir", str(index_dir)]

    first = CliRunner().invoke(main, [*arguments, "--full"])
    write_catalogue(catalogue_dir, edited_entries())
    second = CliRunner().invoke(main, arguments)

    assert first.exit_code == 0, first.output
    assert re.fullmatch(
        r"indexed 4 entries \(full\) in \d+\.\d\d s: 4 added, 0 updated, 0 removed"
        r" → generation gen-[\d-]+\n",
        first.output,
    )
    assert re.fullmatch(
        r"indexed 4 entries \(incremental\) in \d+\.\d\d s: 2 added, 1 updated, 2 removed,"
        r" 1 unchanged → generation gen-[\d-]+\n",
        second.output,
    )


def test_rollback_steps_back_one_generation_at_a_time_never_forward(dirs):
    catalogue_dir, index_dir = dirs
    first = build(catalogue_dir, index_dir, ENTRIES, mode="full")
    second = build(catalogue_dir, index_dir, edited_entries())
    third = build(catalogue_dir, index_dir, ENTRIES, mode="full")
    arguments = ["index", "--rollback", "--index-dir", str(index_dir)]

    once = CliRunner().invoke(main, arguments)
    assert (once.exit_code, once.output) == (0, f"rolled back to generation {second.generation}\n")
    assert results(index_dir)["title word"] == ["lebanon-fees", "nepal-fees"]
    twice = CliRunner().invoke(main, arguments)
    assert (twice.exit_code, twice.output) == (0, f"rolled back to generation {first.generation}\n")
    assert results(index_dir)["title word"] == ["nepal-fees"]
    # A third time there is nothing older: it says so, and never goes forward again.
    thrice = CliRunner().invoke(main, arguments)
    assert thrice.exit_code == 1
    assert thrice.output.startswith(f"no generation older than {first.generation};")
    assert read_pointer(index_dir).current == first.generation
    # A named generation is reachable in either direction.
    assert rollback_index(index_dir, third.generation) == third.generation
    assert read_pointer(index_dir).current == third.generation


def test_rollback_to_a_generation_that_is_not_kept_fails_clearly(dirs):
    catalogue_dir, index_dir = dirs
    runner = CliRunner()
    arguments = ["index", "--index-dir", str(index_dir), "--rollback"]

    nothing = runner.invoke(main, arguments)
    only = build(catalogue_dir, index_dir, ENTRIES)
    only_one = runner.invoke(main, arguments)
    unknown = runner.invoke(main, [*arguments, "gen-20000101-000000-000000"])
    outside = runner.invoke(main, [*arguments, "../elsewhere"])

    listing = f"`mediasearch index --index-dir {index_dir} --list` shows the generations kept"
    assert (nothing.exit_code, nothing.output) == (
        1,
        f"no index yet: run `mediasearch index --index-dir {index_dir}`\n",
    )
    assert (only_one.exit_code, only_one.output) == (
        1,
        f"no generation older than {only.generation}; {listing}\n",
    )
    assert (unknown.exit_code, unknown.output) == (
        1,
        f"no finished generation 'gen-20000101-000000-000000' in {index_dir}; {listing}\n",
    )
    assert (outside.exit_code, outside.output) == (
        1,
        f"no finished generation '../elsewhere' in {index_dir}; {listing}\n",
    )
    assert read_pointer(index_dir).current == only.generation


def test_the_newest_generations_are_kept_and_unfinished_ones_pruned(dirs, monkeypatch):
    catalogue_dir, index_dir = dirs
    built = [build(catalogue_dir, index_dir, ENTRIES, mode="full").generation for _ in range(3)]
    assert list_generations(index_dir) == built
    # What killed builds leave behind: a half-written directory and one without a manifest.
    (index_dir / f"gen-00000000-000000-000000{BUILDING_SUFFIX}").mkdir()
    (index_dir / "gen-00000000-000000-000001").mkdir()

    fourth = build(catalogue_dir, index_dir, ENTRIES, mode="full").generation

    assert list_generations(index_dir) == [*built[1:], fourth]
    monkeypatch.setenv("MEDIASEARCH_KEEP_GENERATIONS", "2")
    fifth = build(catalogue_dir, index_dir, ENTRIES, mode="full").generation
    assert list_generations(index_dir) == [fourth, fifth]


def test_the_live_generation_is_kept_even_when_older_than_those_kept(dirs):
    catalogue_dir, index_dir = dirs
    first, second = (build(catalogue_dir, index_dir, ENTRIES, mode="full") for _ in range(2))
    rollback_index(index_dir)

    assert kept_generations(index_dir, first.generation, keep=1) == {
        first.generation,
        second.generation,
    }
    assert kept_generations(index_dir, None, keep=0) == set()


def test_a_build_that_fails_midway_leaves_the_live_index_serving(dirs, monkeypatch):
    catalogue_dir, index_dir = dirs
    good = build(catalogue_dir, index_dir, ENTRIES)
    before = results(index_dir)
    real = segments.entry_to_document
    calls = []

    def failing(entry, vocabulary):
        calls.append(entry.id)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(entry, vocabulary)

    # The full build converts entries in index/segments, the incremental one in index/update.
    monkeypatch.setattr(segments, "entry_to_document", failing)
    monkeypatch.setattr(update, "entry_to_document", failing)
    for mode in ("full", "incremental"):
        calls.clear()
        with pytest.raises(RuntimeError, match="disk full"):
            build(catalogue_dir, index_dir, edited_entries(), mode=mode)
        assert read_pointer(index_dir).current == good.generation
        assert list_generations(index_dir) == [good.generation]
        assert results(index_dir) == before


KILLED_BUILD = """\
import os, signal, sys
from mediasearch.index import store as generations
from mediasearch.index import build as indexer
from mediasearch.index import segments
from mediasearch.catalogue.loading import load_catalogue

real = segments.entry_to_document
calls = []

def dying(entry, vocabulary):
    calls.append(entry)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(entry, vocabulary)

segments.entry_to_document = dying
indexer.build_index(load_catalogue(sys.argv[1]), sys.argv[2], mode="full")
"""


def test_a_killed_build_leaves_the_live_index_and_no_lock(dirs):
    catalogue_dir, index_dir = dirs
    good = build(catalogue_dir, index_dir, ENTRIES)
    before = results(index_dir)
    entries_path = write_catalogue(catalogue_dir, edited_entries())

    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BUILD, str(entries_path), str(index_dir)], timeout=60
    )

    assert killed.returncode == -signal.SIGKILL
    assert read_pointer(index_dir).current == good.generation
    assert results(index_dir) == before
    leftovers = [name for name in list_generations(index_dir) if name.endswith(BUILDING_SUFFIX)]
    assert len(leftovers) == 1
    # The kernel released the dead writer's lock: the next build neither waits nor fails.
    after = build(catalogue_dir, index_dir, edited_entries(), wait=0)
    assert list_generations(index_dir) == [good.generation, after.generation]


HOLD_LOCK = """\
import sys
from mediasearch.index.store import writer_lock

with writer_lock(sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def lock_holder(dirs):
    """Another process holding the index directory's writer lock until the test ends."""
    _, index_dir = dirs
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(index_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline() == "locked\n"
    yield process
    process.stdin.close()
    process.wait(timeout=10)
    process.stdout.close()


def test_a_second_writer_fails_after_the_bounded_wait_with_a_clear_message(dirs, lock_holder):
    catalogue_dir, index_dir = dirs
    message = (
        f"another `mediasearch index` is running (pid {lock_holder.pid}) and held "
        f"{index_dir / LOCK_FILE} for the 0.3 s waited; try again when it has finished, or "
        "wait longer with --wait SECONDS"
    )
    started = time.monotonic()
    with pytest.raises(IndexLockedError) as raised:
        build(catalogue_dir, index_dir, ENTRIES, wait=0.3)
    assert time.monotonic() - started >= 0.3
    assert str(raised.value) == message
    assert read_pointer(index_dir) is None

    result = CliRunner().invoke(
        main,
        ["index", str(catalogue_dir / "entries.yaml"), "--index-dir", str(index_dir)]
        + ["--wait", "0.3"],
    )
    assert (result.exit_code, result.output) == (1, f"{message}\n")


def test_a_waiting_writer_proceeds_once_the_lock_is_released(dirs, lock_holder, monkeypatch):
    catalogue_dir, index_dir = dirs
    entries_path = write_catalogue(catalogue_dir, ENTRIES)
    # writer_lock sleeps only while another holds the lock: three naps prove it is waiting,
    # sooner and more surely than a fixed sleep in the test. (flock() locks of separate
    # open() calls exclude each other within one process too, so a thread is a fair writer.)
    naps = threading.Semaphore(0)

    def nap(seconds: float) -> None:
        naps.release()
        time.sleep(seconds)

    monkeypatch.setattr(generations, "time", SimpleNamespace(monotonic=time.monotonic, sleep=nap))
    arguments = ["index", str(entries_path), "--index-dir", str(index_dir), "--wait", "30"]
    results = []
    waiting = threading.Thread(target=lambda: results.append(CliRunner().invoke(main, arguments)))
    waiting.start()
    try:
        assert all(naps.acquire(timeout=30) for _ in range(3))
        assert waiting.is_alive() and read_pointer(index_dir) is None
    finally:
        lock_holder.stdin.close()
        waiting.join(timeout=30)

    [result] = results
    assert result.exit_code == 0, result.output
    assert result.output.startswith("indexed 4 entries (full)")


def test_a_generation_directory_opens_with_open_generation(dirs):
    catalogue_dir, index_dir = dirs
    summary = build(catalogue_dir, index_dir, ENTRIES)

    generation = open_generation(index_dir / summary.generation)

    assert (generation.name, generation.meta["entry_count"]) == (summary.generation, 4)
    assert generation.vocabulary.label("project", "reframe") == (
        "Global Action to Improve the Recruitment Framework"
    )
    assert sorted(os.listdir(index_dir)) == sorted([POINTER_FILE, LOCK_FILE, summary.generation])


def test_the_pointer_is_replaced_not_rewritten(dirs):
    catalogue_dir, index_dir = dirs
    build(catalogue_dir, index_dir, ENTRIES)
    before = os.stat(index_dir / POINTER_FILE).st_ino
    build(catalogue_dir, index_dir, edited_entries())
    # A new inode: readers that opened the old file read it whole, never a half-written one.
    assert os.stat(index_dir / POINTER_FILE).st_ino != before


def test_a_build_over_several_processes_equals_one_written_by_one(tmp_path, monkeypatch):
    """Helpers write the first parts as segments of their own, in the catalogue's order."""
    entries = [
        {**json.loads(json.dumps(ENTRIES[n % 4])), "id": f"e-{n}", "title": f"Entry {n}"}
        for n in range(9)
    ]
    monkeypatch.setenv("MEDIASEARCH_INDEX_PROCESSES", "3")
    monkeypatch.setattr(segments, "ENTRIES_PER_PROCESS", 100)
    build(tmp_path / "a", tmp_path / "one", entries)
    monkeypatch.setattr(segments, "ENTRIES_PER_PROCESS", 3)
    progress: list[int] = []
    build(tmp_path / "a", tmp_path / "three", entries, progress=progress.append)

    one, three = open_live_generation(tmp_path / "one"), open_live_generation(tmp_path / "three")
    assert [segment.doc_count() for segment in three.index._segments()] == [3, 3, 3]
    assert len(one.index._segments()) == 1
    assert sum(progress) == len(entries)
    assert results(tmp_path / "three") == results(tmp_path / "one")
    with one.index.searcher() as first, three.index.searcher() as second:
        assert list(second.all_stored_fields()) == list(first.all_stored_fields())
    # No helper's folder is left, and the manifest lists every segment.
    assert sorted(path.name for path in three.path.iterdir() if path.is_dir()) == []
    assert sum(name.endswith(".seg") for name in read_manifest(three.path)) == 3
    # Each process counts its own part's words: together, the same counts.
    assert read_words(three.path) == read_words(one.path)


@pytest.mark.parametrize(
    ("fault", "raised"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        ("killed", r"index stopped \(exit code -9\) before it finished; the live index \(gen-"),
    ],
    ids=["disk full", "killed"],
)
def test_a_helper_that_fails_fails_the_build_and_leaves_the_live_index(
    dirs, monkeypatch, fault, raised
):
    catalogue_dir, index_dir = dirs
    good = build(catalogue_dir, index_dir, ENTRIES)
    before = results(index_dir)
    monkeypatch.setenv("MEDIASEARCH_INDEX_PROCESSES", "2")
    monkeypatch.setattr(segments, "ENTRIES_PER_PROCESS", 2)
    real = segments.entry_to_document

    def failing(entry, vocabulary):
        # The first entry is the helper's (forked, it has this function too).
        if entry.id == edited_entries()[0]["id"]:
            if fault == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            raise fault
        return real(entry, vocabulary)

    monkeypatch.setattr(segments, "entry_to_document", failing)
    with pytest.raises(MediasearchError, match=raised):
        build(catalogue_dir, index_dir, edited_entries(), mode="full")
    assert read_pointer(index_dir).current == good.generation
    assert list_generations(index_dir) == [good.generation]
    assert results(index_dir) == before


def _blocks(index_dir: Path) -> dict:
    """Every term's posting blocks as Whoosh records them: length, last docnum, and the
    shortest and longest document's length (what the writer reads field lengths for)."""
    found = {}
    with open_live_generation(index_dir).index.reader() as reader:
        for fieldname, text in reader.all_terms():
            if not reader.schema[fieldname].scorable:
                continue
            matcher = reader.postings(fieldname, text)
            matcher = getattr(matcher, "child", matcher)
            blocks = []
            while hasattr(matcher, "_blocklength") and matcher.is_active():
                blocks.append(
                    (matcher._blocklength, matcher._maxid, matcher._minlength, matcher._maxlength)
                )
                matcher._next_block()
            found[(fieldname, text)] = blocks
    return found


def test_field_lengths_read_in_bulk_give_the_blocks_whoosh_reads_one_by_one(
    tmp_path, monkeypatch, fixture_catalogue
):
    build_index(fixture_catalogue, tmp_path / "bulk", mode="full")
    monkeypatch.setattr(segments, "_writer", lambda ix: SegmentWriter(ix, limitmb=64))
    build_index(fixture_catalogue, tmp_path / "whoosh", mode="full")
    bulk, whoosh = _blocks(tmp_path / "bulk"), _blocks(tmp_path / "whoosh")
    assert any(blocks for blocks in bulk.values())
    assert bulk == whoosh


def test_an_empty_catalogue_builds_an_index_with_no_segment_that_serves(tmp_path):
    summary = build(tmp_path / "a", tmp_path / "index", [])
    live = open_live_generation(tmp_path / "index")
    assert (summary.total, live.index.doc_count_all(), live.index._segments()) == (0, 0, [])
    assert results(tmp_path / "index") == {name: [] for name in QUERIES}
