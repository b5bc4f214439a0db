"""The CLI keeps checked entries in the index directory: a one-edit rebuild re-reads one."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mediasearch.catalogue import entry_cache
from mediasearch.catalogue.loading import load_catalogue
from mediasearch.cli.commands import main
from mediasearch.cli.serving import prepare_index
from mediasearch.index.store import open_live_generation

FIXTURES = Path(__file__).parents[1] / "fixtures" / "catalogue"


@pytest.fixture
def entries_path(tmp_path: Path) -> Path:
    """A copy of the fixture catalogue the test may edit."""
    for name in ("entries.yaml", "vocabulary.yaml"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    return tmp_path / "entries.yaml"


def cached_count(index_dir: Path, entries_path: Path) -> int:
    key = entry_cache.cache_key(entries_path.with_name("vocabulary.yaml").read_bytes())
    return len(entry_cache.read_cache(index_dir / entry_cache.CACHE_FILE, key))


def test_index_caches_the_entries_and_a_one_edit_rebuild_indexes_the_edit(tmp_path, entries_path):
    index_dir = tmp_path / "index"
    arguments = ["index", str(entries_path), "--index-dir", str(index_dir)]
    assert CliRunner().invoke(main, arguments).exit_code == 0
    count = len(load_catalogue(entries_path).entries)
    assert cached_count(index_dir, entries_path) == count

    text = entries_path.read_text(encoding="utf-8")
    first_title = next(line for line in text.splitlines() if line.startswith("  title: "))
    # A note added to the first entry: every entry below moves down a line.
    entries_path.write_text(text.replace(first_title, first_title + "\n  notes: edited", 1))
    result = CliRunner().invoke(main, arguments)

    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output
    generation = open_live_generation(index_dir)
    assert generation.catalogue_digest == load_catalogue(entries_path).digest
    assert cached_count(index_dir, entries_path) == count


def test_validate_uses_the_cache_only_where_an_index_directory_is(
    tmp_path, entries_path, monkeypatch
):
    index_dir = tmp_path / "index"
    monkeypatch.setenv("MEDIASEARCH_INDEX_DIR", str(index_dir))
    assert CliRunner().invoke(main, ["validate", str(entries_path)]).exit_code == 0
    assert not index_dir.exists()

    index_dir.mkdir()
    assert CliRunner().invoke(main, ["validate", str(entries_path)]).exit_code == 0
    assert cached_count(index_dir, entries_path) == len(load_catalogue(entries_path).entries)


def test_serving_builds_its_missing_index_through_the_cache(tmp_path, entries_path):
    index_dir = tmp_path / "index"
    prepare_index(entries_path, None, index_dir, lambda _message: None)
    assert cached_count(index_dir, entries_path) == len(load_catalogue(entries_path).entries)
