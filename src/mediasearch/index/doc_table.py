"""A per-generation table of every indexed document's id, date order and facet keys, as arrays.

It is built once per generation from the index's columns and facet postings, without parsing a
single stored entry: filters are boolean masks, facet counts a ``bincount`` over (document,
value) pairs, date order a rank per document. Entries are read from the index only for the
documents a page shows, and the most recent ones are kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from mediasearch.catalogue.entries import Entry, entry_from_dict
from mediasearch.catalogue.facets import keyed_facets
from mediasearch.index.generation import Generation
from mediasearch.index.postings import column_bytes, live_documents, read_postings
from mediasearch.index.shared_searcher import locked

#: The generation cache key of the table.
CACHE_KEY = "search.documents"
#: Parsed entries kept per generation: a few pages' worth for every worker thread.
ENTRY_CACHE_SIZE = 2048


@dataclass(frozen=True)
class FacetColumn:
    """One facet's (document, value) pairs: counts are a bincount, a selection a mask."""

    #: Value code -> key; codes follow the keys' sorted order.
    keys: tuple[str, ...]
    #: The pairs: docnum and value code of each.
    docs: np.ndarray
    codes: np.ndarray

    def mask(self, keys: tuple[str, ...], size: int) -> np.ndarray:
        """The documents carrying any of the keys."""
        wanted = np.isin(self.codes, [self.keys.index(key) for key in keys if key in self.keys])
        allowed = np.zeros(size, dtype=bool)
        allowed[self.docs[wanted]] = True
        return allowed

    def counts(self, allowed: np.ndarray) -> dict[str, int]:
        """Key -> how many allowed documents carry it, for the keys with any."""
        counted = np.bincount(self.codes[allowed[self.docs]], minlength=len(self.keys))
        return {self.keys[code]: int(counted[code]) for code in np.flatnonzero(counted)}


@dataclass(frozen=True)
class DocumentTable:
    """Every document of a generation by docnum (deleted ones masked out by ``live``)."""

    live: np.ndarray
    docnum_by_id: dict[str, int]
    #: Docnum -> year of the entry's date.
    years: np.ndarray
    #: Docnum -> position in id order, newest-first order and oldest-first order (ties by id).
    id_rank: np.ndarray
    newest_rank: np.ndarray
    oldest_rank: np.ndarray
    facets: dict[str, FacetColumn]
    generation: Generation = field(repr=False)
    _entries: Callable[[int], Entry] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_entries", lru_cache(ENTRY_CACHE_SIZE)(self._read_entry))

    @property
    def size(self) -> int:
        """Every docnum of the index, deleted ones included."""
        return len(self.live)

    def entry(self, docnum: int) -> Entry:
        """The entry a document stores, parsed once and kept while it is recent."""
        return self._entries(docnum)

    def _read_entry(self, docnum: int) -> Entry:
        with locked(self.generation) as searcher:
            return entry_from_dict(json.loads(searcher.reader().stored_fields(docnum)["entry"]))

    def docnum(self, entry_id: str) -> int | None:
        """The document of an entry id or of a former id, or None."""
        found = self.docnum_by_id.get(entry_id)
        if found is not None:
            return found
        with locked(self.generation) as searcher:
            docs, _ = read_postings(searcher.reader(), "old_ids", entry_id.encode(), self.live)
        return int(docs[0]) if len(docs) else None


def _ranks(order: list[int], size: int) -> np.ndarray:
    """Docnum -> position in ``order``; documents not in it (deleted) rank last."""
    ranks = np.full(size, size, dtype=np.int64)
    ranks[np.array(order, dtype=np.int64)] = np.arange(len(order))
    return ranks


def _build(generation: Generation) -> DocumentTable:
    with generation.index.reader() as reader:
        live = live_documents(reader)
        size = len(live)
        ids = tuple(value.decode("utf-8") for value in column_bytes(reader, "id"))
        dates = tuple(value.decode("ascii") for value in column_bytes(reader, "date"))
        facets = {}
        # Keyed facets are indexed terms; the year facet comes from the date.
        for facet in (definition.name for definition in keyed_facets()):
            keys = tuple(term.decode("utf-8") for term in reader.lexicon(facet))
            postings = [read_postings(reader, facet, key.encode(), live)[0] for key in keys]
            facets[facet] = FacetColumn(
                keys=keys,
                docs=np.concatenate([np.zeros(0, np.int32), *postings]),
                codes=np.repeat(np.arange(len(keys)), [len(docs) for docs in postings]),
            )
    docnums = np.flatnonzero(live).tolist()
    years = np.array([int(date[:4]) if date else 0 for date in dates], dtype=np.int32)
    year_keys = tuple(str(year) for year in np.unique(years[live]))
    facets["year"] = FacetColumn(
        keys=year_keys,
        docs=np.flatnonzero(live).astype(np.int32),
        codes=np.searchsorted(np.array(year_keys, dtype=np.int64), years[live]),
    )
    by_id = sorted(docnums, key=ids.__getitem__)
    # Python's sort is stable, also reversed: date ties stay in id order.
    newest = sorted(by_id, key=dates.__getitem__, reverse=True)
    oldest = sorted(by_id, key=dates.__getitem__)
    return DocumentTable(
        live=live,
        docnum_by_id={ids[d]: d for d in docnums},
        years=years,
        id_rank=_ranks(by_id, size),
        newest_rank=_ranks(newest, size),
        oldest_rank=_ranks(oldest, size),
        facets=facets,
        generation=generation,
    )


def document_table(generation: Generation) -> DocumentTable:
    """The generation's document table, built on first use and cached with the generation."""
    return generation.cached(CACHE_KEY, lambda: _build(generation))
