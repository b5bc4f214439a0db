"""Reading the index with pread: a segment truncated under a reader is an error, not SIGBUS."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from whoosh import query

from mediasearch.catalogue.loading import Catalogue
from mediasearch.index.build import build_index
from mediasearch.index.holder import IndexHolder

#: Opens the live generation as argv[2] says, reads it once, truncates its largest segment
#: under the open reader, and reads it again: a worker's life when the disk goes wrong.
TRUNCATE_UNDER_A_READER = """\
import contextlib, os, sys
from pathlib import Path
from whoosh import index, query

from mediasearch.errors import IndexDamagedError
from mediasearch.index.holder import IndexHolder
from mediasearch.index.store import live_generation_path

index_dir, how = Path(sys.argv[1]), sys.argv[2]
if how == "whoosh-mmap":
    mapped = index.open_dir(str(live_generation_path(index_dir)))
    reading = contextlib.nullcontext(mapped.searcher())
else:
    holder = IndexHolder(index_dir)
    reading = holder.searcher()
with reading as searcher:
    print(len(searcher.search(query.Every(), limit=None)), flush=True)
segment = max(live_generation_path(index_dir).glob("*.seg"), key=lambda p: p.stat().st_size)
os.truncate(segment, 0)
try:
    with reading if how == "whoosh-mmap" else holder.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            pass
        searcher.search(query.Term("title", "migrant"), limit=None)
    print("read", flush=True)
except IndexDamagedError as error:
    print("refused:", error, flush=True)
"""


@pytest.fixture
def index_dir(tmp_path: Path, fixture_catalogue: Catalogue) -> Path:
    build_index(fixture_catalogue, tmp_path / "index")
    return tmp_path / "index"


def read_then_truncate(index_dir: Path, how: str) -> subprocess.CompletedProcess:
    arguments = [sys.executable, "-c", TRUNCATE_UNDER_A_READER, str(index_dir), how]
    return subprocess.run(arguments, capture_output=True, text=True, timeout=120)


def test_a_segment_truncated_under_a_reader_is_refused_and_the_process_lives(
    index_dir, fixture_catalogue
):
    holder = read_then_truncate(index_dir, "holder")

    assert holder.returncode == 0, holder.stderr
    count, outcome = holder.stdout.splitlines()
    assert count == str(len(fixture_catalogue.entries))
    assert re.fullmatch(r"refused: index file .*\.seg is 0 bytes, \d+ when built", outcome)


def test_whoosh_mmap_reading_the_same_truncation_dies_of_sigbus(index_dir):
    """Why the storage exists: the default (mmap) reader is killed outright."""
    mapped = read_then_truncate(index_dir, "whoosh-mmap")

    assert mapped.returncode == -signal.SIGBUS


def test_threads_sharing_one_reader_each_read_the_right_bytes(index_dir, fixture_catalogue):
    holder = IndexHolder(index_dir)
    words = ["migrant", "workers", "recruitment", "domestic", "labour", "fishing", "women"]
    with holder.searcher() as searcher:
        expected = {word: _ids(searcher, word) for word in words}
    seen: dict[str, set] = {word: set() for word in words}
    lock = threading.Lock()

    def search_all() -> None:
        for _ in range(30):
            for word in words:
                with holder.searcher() as searcher:
                    found = _ids(searcher, word)
                with lock:
                    seen[word].add(found)

    threads = [threading.Thread(target=search_all) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    # Shared seeks would mix up threads' reads: wrong hits or a struct.error, never this.
    assert seen == {word: {ids} for word, ids in expected.items()}
    assert any(expected.values())
    holder.close()


def _ids(searcher, word: str) -> tuple[str, ...]:
    hits = searcher.search(query.Term("description", word), limit=None)
    return tuple(sorted(hit["id"] for hit in hits))
