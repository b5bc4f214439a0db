"""Whoosh posting lists and live documents read as numpy arrays, a block at a time."""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length

#: Whoosh stores a field's length in a document as one byte; this decodes every byte at once.
_LENGTHS = np.array([byte_to_length(code) for code in range(256)], dtype=np.float64)


def live_documents(reader: IndexReader) -> np.ndarray:
    """A boolean array over every docnum: True where the document is not deleted."""
    live = np.zeros(reader.doc_count_all(), dtype=bool)
    live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
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
            parts.append(_LENGTHS[np.asarray(column.load(), dtype=np.uint8)])
    return np.concatenate(parts) if parts else np.zeros(0)


def read_postings(
    reader: IndexReader, fieldname: str, text: bytes, live: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, weights) of one term's live postings, docnums ascending."""
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for leaf, offset in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        matcher = leaf.postings(fieldname, text)
        # Deletions are masked below with ``live``, for every leaf at once.
        matcher = getattr(matcher, "child", matcher)
        leaf_ids, leaf_weights = _read_matcher(matcher)
        ids.append(leaf_ids + offset)
        weights.append(leaf_weights)
    if not ids:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)
    docs = np.concatenate(ids).astype(np.int32)
    found = np.concatenate(weights)
    keep = live[docs]
    return docs[keep], found[keep]


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
        matcher._read_ids()
        matcher._read_weights()
        id_blocks.append(np.asarray(matcher._ids, dtype=np.int64))
        weight_blocks.append(np.asarray(matcher._weights, dtype=np.float64))
        matcher._next_block()
    return np.concatenate(id_blocks), np.concatenate(weight_blocks)
