"""The CLI under faults (a full disk, a refused lock, a damaged index, a bug): never a traceback."""

from __future__ import annotations

import errno
import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mediasearch.catalogue.loading import Catalogue
from mediasearch.cli import commands
from mediasearch.cli.commands import main
from mediasearch.cli.serving import prepare_index
from mediasearch.errors import CatalogueError
from mediasearch.index import manifest, store
from mediasearch.index.build import build_index
from mediasearch.index.store import LOCK_FILE, list_generations, read_pointer

FIXTURES = Path(__file__).parents[1] / "fixtures" / "catalogue"
MEDIASEARCH = Path(sys.executable).with_name("mediasearch")


@pytest.fixture
def catalogue_path(tmp_path: Path) -> Path:
    """A copy of the fixture catalogue the test may edit."""
    directory = tmp_path / "catalogue"
    directory.mkdir()
    for name in ("entries.yaml", "vocabulary.yaml"):
        (directory / name).write_bytes((FIXTURES / name).read_bytes())
    return directory / "entries.yaml"


@pytest.fixture
def index_dir(tmp_path: Path, fixture_catalogue: Catalogue) -> Path:
    """An index of the fixture catalogue: one generation."""
    build_index(fixture_catalogue, tmp_path / "index")
    return tmp_path / "index"


def drop_first_entry(catalogue_path: Path) -> None:
    """An edit an incremental build has something to do for."""
    entries = yaml.safe_load(catalogue_path.read_text(encoding="utf-8"))
    catalogue_path.write_text(yaml.safe_dump(entries[1:], allow_unicode=True), "utf-8")


def run_with_file_size_limit(limit: int, *arguments: str) -> subprocess.CompletedProcess:
    """`mediasearch ARGUMENTS` where no file may grow past limit bytes: a disk that fills up.

    The kernel refuses the write that crosses the limit (EFBIG), as it refuses one on a full
    disk (ENOSPC); SIGXFSZ, which would kill the process first, is ignored as daemons do.
    """

    def limit_writes() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [str(MEDIASEARCH), *arguments],
        preexec_fn=limit_writes,
        capture_output=True,
        text=True,
        timeout=120,
    )


def index_state(index_dir: Path) -> tuple[str, list[str]]:
    return read_pointer(index_dir).current, list_generations(index_dir)


@pytest.mark.parametrize("mode", ["--full", "--incremental"])
def test_a_disk_filling_up_during_a_build_leaves_the_live_index(mode, catalogue_path, index_dir):
    drop_first_entry(catalogue_path)
    before = index_state(index_dir)

    result = run_with_file_size_limit(
        4096, "index", str(catalogue_path), "--index-dir", str(index_dir), mode
    )

    assert (result.returncode, result.stdout) == (1, "")
    assert "Traceback" not in result.stderr
    assert re.fullmatch(
        r"could not write the new index generation: a file grew past the size limit"
        rf"( \(.*\))?; the live index \({before[0]}\) was left untouched\. Raise the file size "
        r"limit \(ulimit -f\), then run the command again\.\n",
        result.stderr,
    ), result.stderr
    assert index_state(index_dir) == before  # and no half-written generation left behind


def test_a_disk_filling_up_during_a_rollback_leaves_the_live_index(
    catalogue_path, index_dir, fixture_catalogue
):
    build_index(fixture_catalogue, index_dir, mode="full")
    before = index_state(index_dir)

    # The pointer is the one file a rollback writes: a few dozen bytes.
    result = run_with_file_size_limit(16, "index", "--rollback", "--index-dir", str(index_dir))

    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"could not switch to generation {before[1][0]}: a file grew past the size limit; "
        "the live index was left as it was. Raise the file size limit (ulimit -f), then run "
        "the command again.\n"
    )
    assert index_state(index_dir) == before
    assert not list(index_dir.glob(".current.json.*"))


def test_a_full_disk_reported_at_fsync_says_so(catalogue_path, index_dir, monkeypatch):
    # Where a full disk often shows first: the flush of data the kernel accepted earlier.
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(manifest.os, "fsync", fsync)
    before = index_state(index_dir)

    result = CliRunner().invoke(
        main, ["index", str(catalogue_path), "--index-dir", str(index_dir), "--full"]
    )

    assert (result.exit_code, result.output) == (
        1,
        f"could not write the new index generation: the disk is full; the live index "
        f"({before[0]}) was left untouched. Free some space, then run the command again.\n",
    )
    assert index_state(index_dir) == before


def test_no_permission_on_the_writer_lock_says_whose_it_is(catalogue_path, index_dir, monkeypatch):
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if str(path).endswith(LOCK_FILE):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(store.os, "open", refusing_open)

    result = CliRunner().invoke(main, ["index", str(catalogue_path), "--index-dir", str(index_dir)])

    assert (result.exit_code, result.output) == (
        1,
        f"could not take the index writer lock: permission denied ({index_dir / LOCK_FILE}); "
        "nothing was changed. Run the command as the user who owns the index directory.\n",
    )


def test_an_unplanned_error_is_a_message_and_a_saved_traceback(
    catalogue_path, tmp_path, monkeypatch
):
    def broken(*args, **kwargs):
        raise EOFError("a segment ended early")

    monkeypatch.setattr(commands, "build_index", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))

    result = CliRunner().invoke(main, ["index", str(catalogue_path), "--index-dir", str(tmp_path)])

    # Not click's bare "Aborted!", which is what an EOFError used to print.
    assert result.exit_code == 1
    match = re.fullmatch(
        r"mediasearch index stopped on an unexpected error \(EOFError: a segment ended early\)\. "
        r"The index only ever switches to a finished generation, so the live one was left as it "
        r"was\. The details are in (.*): please attach that file to a bug report\.\n",
        result.output,
    )
    assert match, result.output
    saved = Path(match.group(1)).read_text(encoding="utf-8")
    assert saved.startswith("Traceback") and "EOFError: a segment ended early" in saved


def test_an_incremental_build_over_a_damaged_index_says_to_build_in_full(catalogue_path, index_dir):
    live = index_dir / read_pointer(index_dir).current
    segment = max(live.glob("*.seg"), key=lambda path: path.stat().st_size)
    os.truncate(segment, 1024)
    arguments = ["index", str(catalogue_path), "--index-dir", str(index_dir)]

    incremental = CliRunner().invoke(main, [*arguments, "--incremental"])
    full = CliRunner().invoke(main, [*arguments, "--full"])

    assert incremental.exit_code == 1
    assert incremental.output.splitlines()[1:] == [
        "cannot update incrementally: no index yet; build in full with "
        f"`mediasearch index --index-dir {index_dir} --full`"
    ]
    assert incremental.output.startswith(f"index file {segment} is 1024 bytes, ")
    assert full.exit_code == 0, full.output
    assert full.output.startswith("indexed ")


def test_run_with_an_invalid_catalogue_serves_the_good_index_and_prints_the_problems(
    catalogue_path, index_dir
):
    catalogue_path.write_text("- id: a\n\ttitle: T\n", encoding="utf-8")
    printed: list[str] = []

    prepare_index(catalogue_path, None, index_dir, printed.append)

    assert printed == [
        "1 problem in the catalogue:\n"
        f"  {catalogue_path}:2: this line is indented with a tab; YAML needs spaces: use "
        "spaces only\n"
        f"serving the last good index ({read_pointer(index_dir).current}) until it is fixed"
    ]


def test_run_with_an_invalid_catalogue_and_no_index_refuses_to_start(catalogue_path, tmp_path):
    catalogue_path.write_text("- id: a\n\ttitle: T\n", encoding="utf-8")

    with pytest.raises(CatalogueError):
        prepare_index(catalogue_path, None, tmp_path / "no-index", print)
    assert not (tmp_path / "no-index").exists()
