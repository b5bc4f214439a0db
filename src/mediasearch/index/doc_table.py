"""A per-generation table of every indexed entry's facet keys, date and id, built once.

Counting facets and sorting by date from this table avoids Whoosh's ``groupedby``, which
rebuilds a document-to-values map on every query.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from mediasearch.catalogue.entries import FACET_FIELDS, Entry
from mediasearch.index.generation import Generation

#: The generation cache key of the table.
CACHE_KEY = "search.documents"


@dataclass(frozen=True)
class DocumentInfo:
    """What search needs of one indexed entry without reading its stored fields again."""

    docnum: int
    id: str
    date: str
    year: int
    #: Facet name (topic, country, region, project, type, year) -> the entry's keys.
    facets: dict[str, tuple[str, ...]]
    entry: Entry


@dataclass(frozen=True)
class DocumentTable:
    """Every live document of a generation, by docnum and by id (old ids included)."""

    by_docnum: dict[int, DocumentInfo]
    by_id: dict[str, DocumentInfo]
    #: Former id -> current id, so old URLs can redirect.
    old_ids: dict[str, str]
    #: Facet -> key -> docnums carrying it: filters and counts are set operations on these.
    postings: dict[str, dict[str, frozenset[int]]]

    @property
    def all_docnums(self) -> frozenset[int]:
        """The docnums of every live document."""
        return frozenset(self.by_docnum)


def entry_from_stored(text: str) -> Entry:
    """The Entry an index document stores as JSON (the inverse of ``Entry.to_dict``)."""
    data = json.loads(text)
    values = {
        name: tuple(value) if isinstance(value, list) else value for name, value in data.items()
    }
    values["date"] = datetime.date.fromisoformat(data["date"])
    values["suggested"] = {k: tuple(v) for k, v in (data.get("suggested") or {}).items()}
    return Entry(**values)


def _build(generation: Generation) -> DocumentTable:
    by_docnum: dict[int, DocumentInfo] = {}
    with generation.index.reader() as reader:
        for docnum, stored in reader.iter_docs():
            entry = entry_from_stored(stored["entry"])
            facets = {facet: entry.facet_keys(facet) for facet in FACET_FIELDS}
            by_docnum[docnum] = DocumentInfo(
                docnum=docnum,
                id=entry.id,
                date=entry.date.isoformat(),
                year=entry.year,
                facets=facets,
                entry=entry,
            )
    by_id = {info.id: info for info in by_docnum.values()}
    old_ids = {
        old: info.id
        for info in by_docnum.values()
        for old in info.entry.old_ids
        if old not in by_id
    }
    postings: dict[str, dict[str, set[int]]] = {}
    for info in by_docnum.values():
        for facet, keys in info.facets.items():
            for key in keys:
                postings.setdefault(facet, {}).setdefault(key, set()).add(info.docnum)
    frozen = {
        facet: {key: frozenset(docs) for key, docs in keys.items()}
        for facet, keys in postings.items()
    }
    return DocumentTable(by_docnum=by_docnum, by_id=by_id, old_ids=old_ids, postings=frozen)


def document_table(generation: Generation) -> DocumentTable:
    """The generation's document table, built on first use and cached with the generation."""
    return generation.cached(CACHE_KEY, lambda: _build(generation))
