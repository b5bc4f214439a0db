"""What the live index holds, counted once per generation: the archive's coverage."""

from __future__ import annotations

import datetime
import sys
from typing import cast

from mediasearch.catalogue.facets import tag_facets
from mediasearch.catalogue.stats import CatalogueStats, EntryFacts, entry_stats, facts_stats
from mediasearch.index.doc_table import DocumentTable, document_table
from mediasearch.index.generation import Generation
from mediasearch.index.postings import column_bytes
from mediasearch.index.schema import read_coverage_value
from mediasearch.index.shared_searcher import locked
from mediasearch.search.engine import search_entries
from mediasearch.search.params import SearchParams

#: The generation cache key of its coverage.
CACHE_KEY = "coverage"


def archive_coverage(generation: Generation) -> CatalogueStats:
    """Coverage of every entry of a generation, counted at its first use, then kept with it.

    Counted outside the generation's cache lock (1.5 s at 100,000 entries), so the other
    requests go on meanwhile; not while warming, where it would delay every switch for a page
    few visit. Two first uses at once both count, and one result is kept.
    """
    found = generation.cache.get(CACHE_KEY)
    if found is None:
        found = generation.cache.setdefault(CACHE_KEY, _count(generation))
    return cast(CatalogueStats, found)


def _count(generation: Generation) -> CatalogueStats:
    table = document_table(generation)
    with locked(generation) as searcher:
        reader = searcher.reader()
        if "coverage" not in reader.schema:
            # A generation from before the coverage column: its stored entries, all parsed.
            everything = search_entries(generation, SearchParams(), limit=sys.maxsize)
            return entry_stats(everything, generation.vocabulary)
        values = column_bytes(reader, "coverage")
        dates = column_bytes(reader, "date")
    return facts_stats(_facts(table, values, dates), generation.vocabulary)


def _facts(table: DocumentTable, values: list[bytes], dates: list[bytes]) -> list[EntryFacts]:
    """Each live document's coverage facts, from the table's facet pairs and two columns."""
    ids = {docnum: entry_id for entry_id, docnum in table.docnum_by_id.items()}
    tags: dict[int, dict[str, list[str]]] = {docnum: {} for docnum in ids}
    for facet in ("type", *(definition.name for definition in tag_facets())):
        column = table.facets[facet]
        for docnum, code in zip(column.docs.tolist(), column.codes.tolist(), strict=True):
            tags[docnum].setdefault(facet, []).append(column.keys[code])
    facts = []
    for docnum in sorted(ids):
        described, has_url, sources = read_coverage_value(values[docnum])
        keys = tags[docnum]
        facts.append(
            EntryFacts(
                id=ids[docnum],
                date=datetime.date.fromisoformat(dates[docnum].decode("ascii")),
                type=keys.pop("type", [""])[0],
                tags={facet: tuple(found) for facet, found in keys.items()},
                described=described,
                has_url=has_url,
                sources=sources,
            )
        )
    return facts


def archive_summary(stats: CatalogueStats) -> str:
    """One sentence for a search that found nothing: what the archive holds at all."""
    if not stats.total or stats.first_date is None or stats.last_date is None:
        return "The archive holds no items yet."
    noun = "item" if stats.total == 1 else "items"
    first, last = stats.first_date.year, stats.last_date.year
    span = str(first) if first == last else f"{first}–{last}"
    return f"The archive holds {stats.total:,} {noun} from {span}."
