"""Loading reads each catalogue file once: what is checked is what the digest names."""

from __future__ import annotations

import shutil
from pathlib import Path

from mediasearch.catalogue import loading
from mediasearch.catalogue.loading import catalogue_digest, load_catalogue

FIXTURE = Path(__file__).parents[1] / "fixtures" / "catalogue"


def copy_fixture(tmp_path: Path) -> Path:
    for name in ("entries.yaml", "vocabulary.yaml"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    return tmp_path / "entries.yaml"


def test_the_digest_is_of_the_bytes_checked_not_of_a_file_saved_meanwhile(tmp_path, monkeypatch):
    entries = copy_fixture(tmp_path)
    checked = catalogue_digest(entries)
    check = loading.entries_from_yaml

    def check_then_save(*args):
        found = check(*args)
        # A curator saves while the catalogue is being checked (or indexed).
        entries.write_text(entries.read_text("utf-8") + "\n# saved meanwhile\n", "utf-8")
        return found

    monkeypatch.setattr(loading, "entries_from_yaml", check_then_save)
    catalogue = load_catalogue(entries)
    assert catalogue.digest == checked != catalogue_digest(entries)


def test_windows_line_breaks_read_as_unix_ones_and_the_digest_is_of_the_bytes(tmp_path):
    entries = copy_fixture(tmp_path)
    unix = load_catalogue(entries)
    entries.write_bytes(entries.read_bytes().replace(b"\n", b"\r\n"))
    windows = load_catalogue(entries)
    assert windows.entries == unix.entries
    assert [entry.line for entry in windows.entries] == [entry.line for entry in unix.entries]
    assert windows.digest == catalogue_digest(entries) != unix.digest
