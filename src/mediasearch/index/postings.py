"""Whoosh posting lists, columns and live documents read as numpy arrays, in bulk.

Whoosh reads a column value or a posting per call (a ``pread`` each here); these read a
column's bytes, or a block of postings, at once. They rely on the W3 codec's layouts, pinned
with whoosh3's version; any other column type is read Whoosh's own way.
"""

from __future__ import annotations

import pickle
from itertools import accumulate
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import FixedBytesColumn, VarBytesColumn
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length

#: Whoosh stores a field's length in a document as one byte; this decodes every byte at once.
_LENGTHS = np.array([byte_to_length(code) for code in range(256)], dtype=np.float64)


def live_documents(reader: IndexReader) -> np.ndarray:
    """A boolean array over every docnum: True where the document is not deleted."""
    live = np.zeros(reader.doc_count_all(), dtype=bool)
    # Leaf by leaf: a multi-segment reader finds each docnum's segment by a search per call.
    for leaf, offset in reader.leaf_readers():
        live[offset + np.fromiter(leaf.all_doc_ids(), dtype=np.int64)] = True
    return live


def field_lengths(reader: IndexReader, fieldname: str) -> np.ndarray:
    """Every document's length in a field, as ``doc_field_length`` gives it (0 for none)."""
    parts = []
    for leaf, _ in reader.leaf_readers():
        # Whoosh offers one length per call; its per-document column of length bytes is read
        # whole instead (the column a W3 segment keeps for each scorable field).
        perdoc = leaf._perdoc  # type: ignore[attr-defined]  # a W3 segment reader's columns
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            parts.append(np.zeros(leaf.doc_count_all()))
        else:
            codes = np.frombuffer(_fixed_bytes(column, leaf.doc_count_all()), dtype=np.uint8)
            parts.append(_LENGTHS[codes])
    return np.concatenate(parts) if parts else np.zeros(0)


class BulkFieldLengths:
    """A new segment's per-document reader whose field lengths are read a column at a time.

    Whoosh's writer asks for a document's length in a field once per posting it writes (for
    each block's shortest and longest document): a file read per posting, which was a third of
    a 100,000-entry build (70 s whole, 48 s without).
    """

    def __init__(self, perdoc: Any):
        self._perdoc = perdoc

    def doc_field_length_reader(self, fieldname: str, default: int = 0) -> Any:
        """docnum -> length in the field, as the per-document reader's own accessor answers."""
        column = self._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return lambda docnum: default
        codes = _fixed_bytes(column, self._perdoc.doc_count_all())
        return [_DOC_LENGTHS[code] for code in codes].__getitem__

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> Any:
        """One document's length in a field (Whoosh's own answer)."""
        return self._perdoc.doc_field_length(docnum, fieldname, default)

    def close(self) -> None:
        """Close the per-document reader."""
        self._perdoc.close()


#: A length byte as the per-document reader's accessor decodes it: None for 0 (no length).
_DOC_LENGTHS = [None, *(byte_to_length(code) for code in range(1, 256))]


def column_bytes(reader: IndexReader, fieldname: str) -> list[bytes]:
    """Every document's raw value in a field's column (b"" for none), deleted ones included."""
    values: list[bytes] = []
    for leaf, _ in reader.leaf_readers():
        column = leaf.column_reader(fieldname, translate=False)
        if isinstance(column, VarBytesColumn.Reader):
            values.extend(_var_bytes(column))
        else:
            values.extend(column)
    return values


def _fixed_bytes(column: Any, doccount: int) -> bytes:
    """A one-byte-per-document column whole; documents past its end have the default, 0."""
    if not isinstance(column, FixedBytesColumn.Reader) or column._fixedlen != 1:
        return np.asarray(column.load(), dtype=np.uint8).tobytes()
    written = column._dbfile.get(column._basepos, column._count)
    return written + bytes(doccount - len(written))


def _var_bytes(column: Any) -> list[bytes]:
    """A variable-length column's values, its data read in one call and cut by its lengths."""
    lengths = column._lengths
    data = column._dbfile.get(column._basepos, sum(lengths))
    ends = list(accumulate(lengths))
    return [data[end - length : end] for end, length in zip(ends, lengths, strict=True)]


def read_postings(
    reader: IndexReader, fieldname: str, text: bytes, live: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of one term's live postings, docnums ascending."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for leaf, offset in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        # Deletions are masked below with ``live``, for every leaf at once.
        leaf_ids, leaf_weights = _read_matcher(_leaf_matcher(leaf, fieldname, text))
        ids.append(leaf_ids + offset)
        weights.append(leaf_weights)
    if not ids:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)
    docs = np.concatenate(ids).astype(np.int32)
    found = np.concatenate(weights)
    keep = live[docs]
    return docs[keep], found[keep]


def _leaf_matcher(leaf: IndexReader, fieldname: str, text: bytes) -> Any:
    """A segment's matcher of a term, without the wrapper that skips deleted documents."""
    matcher = leaf.postings(fieldname, text)
    return getattr(matcher, "child", matcher)


def _read_matcher(matcher: Any) -> tuple[np.ndarray, np.ndarray]:
    # Whoosh has no bulk read: its on-disk matcher decodes a block of ids and weights at once,
    # so taking whole blocks saves a Python call per posting (10x on common words). Inlined
    # postings (rare words) come as a plain list matcher and are read one by one.
    if not hasattr(matcher, "_read_ids"):
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
    id_blocks, weight_blocks = [], []
    while matcher.is_active():
        id_blocks.append(_block_ids(matcher))
        matcher._read_weights()
        weight_blocks.append(np.asarray(matcher._weights, dtype=np.float64))
        matcher._next_block()
    if not id_blocks:  # a term whose postings in this segment are all gone
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    return np.concatenate(id_blocks), np.concatenate(weight_blocks)


def read_positions(
    reader: IndexReader, fieldname: str, text: bytes, docs: np.ndarray
) -> list[set[int]]:
    """The term's positions in each of ``docs`` (ascending docnums that all hold it), in order.

    Each posting block is read only if it holds one of the docs, and only their positions are
    decoded: a common word's phrase reads a few blocks instead of seeking every document.
    """
    found: list[set[int]] = []
    for leaf, offset in reader.leaf_readers():
        inside = docs[(docs >= offset) & (docs < offset + leaf.doc_count_all())] - offset
        if not len(inside):
            continue
        matcher = _leaf_matcher(leaf, fieldname, text)
        if not hasattr(matcher, "_read_ids"):  # inlined postings: a plain list matcher
            wanted = set(inside.tolist())
            while matcher.is_active():
                if matcher.id() in wanted:
                    found.append(set(matcher.value_as("positions")))
                matcher.next()
            continue
        start = 0  # the first of ``inside`` not yet found
        while matcher.is_active() and start < len(inside):
            # Block headers give the block's last docnum, so blocks without a doc are skipped.
            end = int(np.searchsorted(inside, int(matcher._maxid), side="right"))
            if end > start:
                at = np.searchsorted(_block_ids(matcher), inside[start:end])
                matcher._read_values()
                values = matcher._values
                found.extend(_positions(values[i]) for i in at.tolist())
                start = end
            matcher._next_block()
    return found


def _block_ids(matcher: Any) -> np.ndarray:
    """The docnums of the matcher's current block, which a block stores as deltas: Whoosh sums
    them in a Python loop (``W3LeafMatcher._read_ids``), numpy at once."""
    if matcher._data is None:
        matcher._read_data()
    return np.cumsum(np.asarray(matcher._data[0], dtype=np.int64))


def _positions(value: bytes) -> set[int]:
    """A positional posting's positions: Whoosh's Positions format pickles their deltas after
    a 4-byte count (``Positions.decode_positions``, summed here in C rather than in a loop)."""
    return set(accumulate(pickle.loads(value[4:] if value.endswith(b".") else value[4:] + b".")))
