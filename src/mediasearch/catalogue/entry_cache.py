"""A cache of checked entries keyed by the text of their list item, so an edit re-reads one item."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mediasearch.catalogue.entries import Entry, remember_content_hash
from mediasearch.catalogue.validation import CheckedItem

#: Bumped when what a record holds changes (the code's own digest covers the rest).
CACHE_FORMAT = 1

#: A line that starts a top-level list item: `- ` at column 0.
_ITEM_START = "- "
#: A line at column 0 that is not blank, indented or a comment: each must start an item.
_COLUMN_ZERO = re.compile(r"^[^ #\r\n]", re.MULTILINE)
#: Where an anchor (&a) or alias (*a) may start a node: reading items alone could not tell
#: that two items share an anchor, so a file with any reads whole.
_ANCHOR_OR_ALIAS = re.compile(r"(?:^[ \t]*(?:-[ \t]+)*|:[ \t]+|[\[{,][ \t]*)[&*][^\s,\[\]{}]", re.M)


@dataclass(frozen=True, slots=True)
class Item:
    """The text of one top-level list item and the line it starts on."""

    line: int
    text: str

    @property
    def digest(self) -> bytes:
        """What the cache knows the item by: its text, wherever it now stands in the file."""
        return hashlib.blake2b(self.text.encode("utf-8"), digest_size=16).digest()


def split_items(text: str) -> list[Item] | None:
    """The file's top-level list items, or None unless it is plainly a block list of items.

    Only such a file reads the same item by item as whole; anything else (a document marker,
    a flow list, a mapping at the top, an anchor) is read whole, with today's messages.
    """
    if _may_hold_anchor(text):
        return None
    starts = [match.start() for match in _COLUMN_ZERO.finditer(text)]
    if not starts or any(not text.startswith(_ITEM_START, start) for start in starts):
        return None
    items = []
    line = text.count("\n", 0, starts[0]) + 1
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        piece = text[start:end]
        items.append(Item(line, piece))
        line += piece.count("\n")
    return items


def _may_hold_anchor(text: str) -> bool:
    # Searching only the lines with a & or * is many times quicker than the whole text.
    for mark in "&*":
        found = text.find(mark)
        while found != -1:
            start, end = text.rfind("\n", 0, found) + 1, text.find("\n", found)
            end = len(text) if end == -1 else end
            if _ANCHOR_OR_ALIAS.search(text, start, end):
                return True
            found = text.find(mark, end)
    return False


#: A cached item: the entry's field values in order but its line, the entry's line, id and
#: claims relative to the item's first line, and its content hash.
Record = tuple[tuple, int, str | None, tuple[tuple[str, int], ...], str]
_ENTRY_FIELDS = tuple(field.name for field in dataclasses.fields(Entry))[:-1]
if dataclasses.fields(Entry)[-1].name != "line":
    raise ImportError("entry_cache expects Entry's last field to be its line")


def to_record(checked: CheckedItem, first_line: int) -> Record | None:
    """What the cache keeps of a checked item: only a good entry is kept."""
    entry = checked.entry
    if entry is None or checked.claims is None:
        return None
    # Tags are a read-only view, which pickle cannot store; a dict gives the same entry back.
    values = tuple(
        dict(entry.tags) if name == "tags" else getattr(entry, name) for name in _ENTRY_FIELDS
    )
    claims = tuple((name, line - first_line) for name, line in checked.claims)
    offset = entry.line - first_line
    return (values, offset, checked.entry_id, claims, entry.content_hash())


def from_record(record: Record, first_line: int) -> CheckedItem:
    """The checked item a record holds, for the item now starting on first_line."""
    values, offset, entry_id, claims, content_hash = record
    line = first_line + offset
    arguments = (*values, line)  # positional: several times quicker than by name
    entry = Entry(*arguments)
    claims = tuple((name, first_line + relative) for name, relative in claims)
    return CheckedItem(line, remember_content_hash(entry, content_hash), entry_id, claims)


def cache_key(vocabulary_text: bytes) -> bytes:
    """What every record depends on besides its item: the vocabulary and the checking code."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{CACHE_FORMAT} {sys.version}".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    digest.update(vocabulary_text)
    return digest.digest()


def read_cache(path: Path, key: bytes) -> dict[bytes, Record]:
    """The records cached at path under key; none if the file is missing, damaged or stale."""
    try:
        with open(path, "rb") as file:
            fmt, stored_key, checksum, payload = pickle.load(file)
        if (fmt, stored_key) != (CACHE_FORMAT, key) or checksum != _checksum(payload):
            return {}
        records = pickle.loads(payload)
    # Whatever a damaged file raises: the cache is only a shortcut, so it is rebuilt.
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError):
        return {}
    return records if isinstance(records, dict) else {}


def write_cache(path: Path, key: bytes, records: dict[bytes, Record]) -> None:
    """Replace the cache at path in one step, so a reader sees the old file or the new one."""
    payload = pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL)
    data = pickle.dumps((CACHE_FORMAT, key, _checksum(payload), payload), pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _checksum(payload: bytes) -> bytes:
    # A damaged byte inside a title would still unpickle: the checksum catches it.
    return hashlib.blake2b(payload, digest_size=16).digest()
