"""A cache of checked entries keyed by the text of their list item, so an edit re-reads one item."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import os
import pickle
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from types import MappingProxyType

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.validation import CheckedItem

#: The cache's file name in the directory its caller keeps it in (the CLI: the index's).
CACHE_FILE = "catalogue-cache.pickle"
#: Bumped when what a record holds changes (the code's own digest covers the rest).
CACHE_FORMAT = 1

#: A line that starts a top-level list item: `- ` at column 0.
_ITEM_START = b"- "
#: A line that is not blank, indented, a comment or an item's start (a literal first
#: character makes the search fast).
_OTHER_LINE = re.compile(rb"\n(?!- |[ #\r\n]|\Z)")
#: Line breaks YAML counts besides \n (and \r\n): a file with any is read whole, so that
#: counting \n gives every item the line the parser would.
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")
_CARRIAGE_RETURN_ALONE = re.compile(r"\r(?!\n)")
#: Where an anchor (&a) or alias (*a) may start a node: reading items alone could not tell
#: that two items share an anchor, so a file with any reads whole.
_ANCHOR_OR_ALIAS = re.compile(
    rb"(?:^[ \t]*(?:-[ \t]+)*|:[ \t]+|[\[{,][ \t]*)[&*][^\s,\[\]{}]", re.MULTILINE
)


@dataclass(frozen=True, slots=True)
class Item:
    """One top-level list item: the line it starts on and its bytes (a view into the file's)."""

    line: int
    data: memoryview

    @property
    def digest(self) -> bytes:
        """What the cache knows the item by: its text, wherever it now stands in the file."""
        return hashlib.blake2b(self.data, digest_size=16).digest()

    @property
    def text(self) -> str:
        """The item's text."""
        return str(self.data, "utf-8")


def split_items(text: str) -> list[Item] | None:
    """The file's top-level list items, or None unless it is plainly a block list of items.

    Only such a file reads the same item by item as whole; anything else (a document marker,
    a flow list, a mapping at the top, an anchor) is read whole, with today's messages.
    Items are views into the file's UTF-8 bytes, which spares a copy of each.
    """
    if _other_breaks(text):
        return None
    data = text.encode("utf-8")
    first = 0 if data.startswith(_ITEM_START) else data.find(b"\n" + _ITEM_START) + 1
    if first == 0 and not data.startswith(_ITEM_START):
        return None  # no item at all
    header = data[:first].split(b"\n")
    if any(line.strip() and not line.lstrip().startswith(b"#") for line in header):
        return None
    if _OTHER_LINE.search(data, first) or _may_hold_anchor(data):
        return None
    view = memoryview(data)
    items = []
    line = data.count(b"\n", 0, first) + 1
    start = first
    while start < len(data):
        end = data.find(b"\n" + _ITEM_START, start) + 1 or len(data)
        items.append(Item(line, view[start:end]))
        line += data.count(b"\n", start, end)
        start = end
    return items


def _other_breaks(text: str) -> bool:
    # `in` is a fast scan for one character; a pattern with alternatives is several times slower.
    if any(other in text for other in _OTHER_BREAKS):
        return True
    return "\r" in text and _CARRIAGE_RETURN_ALONE.search(text) is not None


def _may_hold_anchor(data: bytes) -> bool:
    # Searching only the lines with a & or * is many times quicker than the whole text.
    for mark in (b"&", b"*"):
        found = data.find(mark)
        while found != -1:
            start, end = data.rfind(b"\n", 0, found) + 1, data.find(b"\n", found)
            end = len(data) if end == -1 else end
            if _ANCHOR_OR_ALIAS.search(data, start, end):
                return True
            found = data.find(mark, end)
    return False


#: What a record keeps of an entry, in order: its fields but the line, then what it works out
#: once (cached properties), so an entry from the cache is as one checked afresh.
_STATE = (
    *(field.name for field in dataclasses.fields(Entry) if field.name != "line"),
    "_content_hash",
    "title_key",
)
#: A cached item: the entry's state (date as an ordinal, tags as a dict: pickle is several
#: times quicker with plain values), and its line, id and claims relative to the item's start.
Record = tuple[tuple, int, str | None, tuple[tuple[str, int], ...]]


def to_record(checked: CheckedItem, first_line: int) -> Record | None:
    """What the cache keeps of a checked item: only a good entry is kept."""
    entry = checked.entry
    if entry is None or checked.claims is None:
        return None
    plain = {"date": entry.date.toordinal(), "tags": dict(entry.tags)}
    state = tuple(plain[name] if name in plain else getattr(entry, name) for name in _STATE)
    claims = tuple((name, line - first_line) for name, line in checked.claims)
    return (state, entry.line - first_line, checked.entry_id, claims)


def from_record(record: Record, first_line: int) -> CheckedItem:
    """The checked item a record holds, for the item now starting on first_line."""
    values, offset, entry_id, claims = record
    state = dict(zip(_STATE, values, strict=True))
    state["date"] = datetime.date.fromordinal(state["date"])
    state["tags"] = MappingProxyType(state["tags"])
    state["line"] = line = first_line + offset
    # Restored as pickle restores an object, without __init__: a frozen dataclass's sets each
    # field through object.__setattr__, which took most of the time at 100,000 entries.
    entry = Entry.__new__(Entry)
    entry.__dict__.update(state)
    claims = tuple((name, first_line + relative) for name, relative in claims)
    return CheckedItem(line, entry, entry_id, claims)


def cache_key(vocabulary_text: bytes) -> bytes:
    """What every record depends on besides its item: the vocabulary and the checking code."""
    digest = hashlib.blake2b(digest_size=16)
    # The libraries checking leans on: PyYAML reads the values, pycountry knows the countries.
    libraries = " ".join(version(name) for name in ("PyYAML", "pycountry"))
    digest.update(f"{CACHE_FORMAT} {sys.version} {libraries}".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    digest.update(vocabulary_text)
    return digest.digest()


#: What unpickling a damaged file may raise (pickle names no single error for it).
_DAMAGED = (
    OSError,
    EOFError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    ImportError,
    pickle.UnpicklingError,
)


def read_cache(path: Path, key: bytes) -> dict[bytes, Record]:
    """The records cached at path under key; none if the file is missing, damaged or stale."""
    try:
        with open(path, "rb") as file:
            fmt, stored_key, checksum, payload = pickle.load(file)
        if (fmt, stored_key) != (CACHE_FORMAT, key) or checksum != _checksum(payload):
            return {}
        records = pickle.loads(payload)
    # Whatever a damaged file raises: the cache is only a shortcut, so it is rebuilt.
    except _DAMAGED:
        return {}
    return records if isinstance(records, dict) else {}


def write_cache(path: Path, key: bytes, records: dict[bytes, Record]) -> None:
    """Replace the cache at path in one step, so a reader sees the old file or the new one."""
    payload = pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL)
    data = pickle.dumps((CACHE_FORMAT, key, _checksum(payload), payload), pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


#: A temporary cache file older than this was left by a writer that was killed (writing one
#: takes seconds), not one still being written.
_ABANDONED_AFTER = 3600


def _remove_abandoned(path: Path) -> None:
    """Delete the temporary files killed writers left beside the cache (40 MB at 100,000)."""
    cutoff = time.time() - _ABANDONED_AFTER
    for leftover in path.parent.glob(f".{path.name}.*"):
        with contextlib.suppress(OSError):  # gone already, or not ours to remove
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _checksum(payload: bytes) -> bytes:
    # A damaged byte inside a title would still unpickle: the checksum catches it.
    return hashlib.blake2b(payload, digest_size=16).digest()
