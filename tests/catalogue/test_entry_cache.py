"""The entry cache: read item by item with it, a catalogue gives what reading it whole gives."""

from __future__ import annotations

import os
import pickle
import shutil
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.catalogue.test_validation import GOOD_ENTRY, VOCABULARY, write_catalogue
from tests.catalogue.test_yaml_errors import MISTAKES

from mediasearch.catalogue import entry_cache, loading
from mediasearch.catalogue.entries import normalise_title
from mediasearch.catalogue.entry_cache import read_cache, split_items
from mediasearch.catalogue.loading import Catalogue, load_catalogue
from mediasearch.errors import CatalogueError

ROOT = Path(__file__).parents[2]
CATALOGUES = {
    "the real catalogue": ROOT / "data" / "entries.yaml",
    "the fixture catalogue": ROOT / "tests" / "fixtures" / "catalogue" / "entries.yaml",
}


def second_entry(number: int) -> str:
    return GOOD_ENTRY.replace("breaking-stereotypes", f"entry-{number}").replace(
        "Breaking Stereotypes", f"Title {number}"
    )


def same_entries(cached: Catalogue, whole: Catalogue) -> None:
    """Equal entries, on the same lines, with the same content hashes."""
    assert cached.entries == whole.entries
    assert [e.line for e in cached.entries] == [e.line for e in whole.entries]
    assert [e.content_hash() for e in cached.entries] == [e.content_hash() for e in whole.entries]


@pytest.mark.parametrize("source", CATALOGUES.values(), ids=CATALOGUES.keys())
def test_a_catalogue_read_through_the_cache_equals_it_read_whole(tmp_path, source):
    shutil.copy(source, tmp_path / "entries.yaml")
    shutil.copy(source.with_name("vocabulary.yaml"), tmp_path / "vocabulary.yaml")
    path, cache = tmp_path / "entries.yaml", tmp_path / "index" / "cache.pickle"
    whole = load_catalogue(path)
    assert split_items(path.read_text(encoding="utf-8")) is not None  # really item by item

    same_entries(load_catalogue(path, cache_path=cache), whole)  # cold: writes the cache
    assert len(read_cache(cache, _key(tmp_path))) == len({e.id for e in whole.entries})
    same_entries(load_catalogue(path, cache_path=cache), whole)  # warm: reads it


def _key(folder: Path) -> bytes:
    return entry_cache.cache_key((folder / "vocabulary.yaml").read_bytes())


def test_an_edit_above_moves_the_lines_of_the_cached_entries_below(tmp_path):
    entries = "".join(second_entry(number) for number in range(5))
    path, cache = write_catalogue(tmp_path, entries), tmp_path / "cache.pickle"
    load_catalogue(path, cache_path=cache)
    edited = entries.replace("  type: video\n", "  type: video\n  description: Longer.\n", 1)
    path.write_text("# A comment on top\n\n" + edited, encoding="utf-8")

    same_entries(load_catalogue(path, cache_path=cache), load_catalogue(path))
    assert [e.line for e in load_catalogue(path, cache_path=cache).entries] == [3, 9, 14, 19, 24]


def test_an_edit_that_clashes_with_a_cached_entry_reports_as_reading_whole_does(tmp_path):
    entries = "".join(second_entry(number) for number in range(3))
    path, cache = write_catalogue(tmp_path, entries), tmp_path / "cache.pickle"
    load_catalogue(path, cache_path=cache)
    # A new entry with a cached entry's id, another with its title and date.
    clash = second_entry(1).replace("  type: video\n", "  type: video\n  old_ids: [entry-2]\n")
    path.write_text("\n" + entries + clash + second_entry(0).replace("id: entry-0", "id: x"))

    found = problems_both_ways(path, cache)
    assert "id 'entry-1' is already used by the entry on line 7" in found
    assert "id 'entry-2' is already used by the entry on line 12" in found
    assert "same title and date as entry 'entry-0' (line 2)" in found


def problems_both_ways(path: Path, cache: Path) -> str:
    """The CatalogueError's text, the same read through the cache and read whole."""
    found = []
    for cache_path in (cache, None):
        with pytest.raises(CatalogueError) as caught:
            load_catalogue(path, cache_path=cache_path)
        found.append(str(caught.value))
    assert found[0] == found[1]
    return found[0]


@pytest.mark.parametrize("text, expected", MISTAKES.values(), ids=MISTAKES.keys())
def test_a_yaml_mistake_gives_the_same_message_through_the_cache(tmp_path, text, expected):
    # Cached entries, then the mistake: few items to read, so they are read one by one.
    entries = "".join(second_entry(number) for number in range(6))
    path, cache = write_catalogue(tmp_path, entries), tmp_path / "cache.pickle"
    load_catalogue(path, cache_path=cache)
    path.write_text(entries + text, encoding="utf-8")

    line, message = expected.split(":", 1)  # the mistake's line, moved down by the entries
    moved = int(line) + entries.count("\n")
    assert f"{path}:{moved}:{message}" in problems_both_ways(path, cache)


SHAPES_READ_WHOLE = {
    "a document marker": "---\n" + GOOD_ENTRY,
    "a flow list": "[{id: a}]\n",
    "a mapping": "id: a\n",
    "an anchor": GOOD_ENTRY.replace("[fair-recruitment]", "&t [fair-recruitment]"),
    "an alias": GOOD_ENTRY + second_entry(1).replace("[fair-recruitment]", "*t"),
    "an item on the next line": "-\n  id: a\n",
    "a tab": "\t- id: a\n",
    "a line break YAML counts but Python's count of \\n would not": GOOD_ENTRY.replace(
        "Breaking Stereotypes", "Breaking\u2028Stereotypes"
    ),
    "a carriage return alone": GOOD_ENTRY.replace("\n", "\r"),
    "nothing": "# only a comment\n",
}


@pytest.mark.parametrize("text", SHAPES_READ_WHOLE.values(), ids=SHAPES_READ_WHOLE.keys())
def test_a_file_that_is_not_plainly_a_list_of_items_is_read_whole(text):
    assert split_items(text) is None


def test_items_keep_comments_and_blank_lines_with_the_item_above():
    text = "# top\n\n" + GOOD_ENTRY + "# between\n\n" + second_entry(1)
    items = split_items(text)
    assert [(item.line, item.text) for item in items or []] == [
        (3, GOOD_ENTRY + "# between\n\n"),
        (10, second_entry(1)),
    ]


DAMAGE = {
    "missing": lambda data: None,
    "empty": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "garbage": lambda data: b"not a pickle at all",
    "a changed byte": lambda data: data.replace(b"Title 1", b"Title 7"),
    "an old format": lambda data: _with_format(data, entry_cache.CACHE_FORMAT - 1),
}


def _with_format(data: bytes, number: int) -> bytes:
    """The cache file as an older version of the code would have written it."""
    _format, key, checksum, payload = pickle.loads(data)
    return pickle.dumps((number, key, checksum, payload))


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path, damage):
    entries = "".join(second_entry(number) for number in range(3))
    path, cache = write_catalogue(tmp_path, entries), tmp_path / "cache.pickle"
    load_catalogue(path, cache_path=cache)
    damaged = damage(cache.read_bytes())
    cache.unlink()
    if damaged is not None:
        cache.write_bytes(damaged)

    same_entries(load_catalogue(path, cache_path=cache), load_catalogue(path))
    assert len(read_cache(cache, _key(tmp_path))) == 3  # written afresh


def test_a_changed_vocabulary_makes_every_entry_checked_again(tmp_path):
    path, cache = write_catalogue(tmp_path, GOOD_ENTRY), tmp_path / "cache.pickle"
    load_catalogue(path, cache_path=cache)
    write_catalogue(tmp_path, GOOD_ENTRY, VOCABULARY.replace("fair-recruitment", "fair-pay"))

    with pytest.raises(CatalogueError, match="unknown topic 'fair-recruitment'"):
        load_catalogue(path, cache_path=cache)


def test_an_invalid_catalogue_writes_no_cache(tmp_path):
    path = write_catalogue(tmp_path, GOOD_ENTRY + GOOD_ENTRY)
    with pytest.raises(CatalogueError):
        load_catalogue(path, cache_path=tmp_path / "index" / "cache.pickle")
    assert not (tmp_path / "index").exists()


def _normalise_title_as_before(title: str) -> str:
    """normalise_title as it was before its ASCII shortcut, to hold it to the same results."""
    import re

    text = unicodedata.normalize("NFKD", title.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@given(st.text())
def test_normalise_title_gives_what_it_gave_before_its_ascii_shortcut(title):
    assert normalise_title(title) == _normalise_title_as_before(title)


def test_a_few_edits_leave_the_cache_as_it_was_and_many_rewrite_it(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "_REWRITE_FROM", 3)
    entries = [second_entry(number) for number in range(6)]
    path, cache = write_catalogue(tmp_path, "".join(entries)), tmp_path / "cache.pickle"
    load_catalogue(path, cache_path=cache)
    written = cache.read_bytes()

    def edit(count: int) -> None:
        edited = [e.replace("Title", "Edited title", 1) for e in entries[:count]]
        path.write_text("".join(edited + entries[count:]), encoding="utf-8")
        same_entries(load_catalogue(path, cache_path=cache), load_catalogue(path))

    edit(2)  # two entries checked afresh, and again next time
    assert cache.read_bytes() == written
    edit(3)
    assert cache.read_bytes() != written
    assert len(read_cache(cache, _key(tmp_path))) == 6


def test_writing_the_cache_removes_what_a_killed_writer_left(tmp_path):
    cache = tmp_path / entry_cache.CACHE_FILE
    abandoned = tmp_path / f".{entry_cache.CACHE_FILE}.killed"
    recent = tmp_path / f".{entry_cache.CACHE_FILE}.writing"
    for leftover in (abandoned, recent):
        leftover.write_bytes(b"half a cache")
    old = time.time() - 2 * entry_cache._ABANDONED_AFTER
    os.utime(abandoned, (old, old))
    entry_cache.write_cache(cache, b"key", {})
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([cache.name, recent.name])
