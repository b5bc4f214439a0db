"""What the live index holds, counted once per generation: the archive's coverage."""

from __future__ import annotations

import sys

from mediasearch.catalogue.stats import CatalogueStats, entry_stats
from mediasearch.index.generation import Generation
from mediasearch.search.engine import search_entries
from mediasearch.search.params import SearchParams


def archive_coverage(generation: Generation) -> CatalogueStats:
    """Coverage of every entry of a generation (built on first use, then kept with it)."""

    def count() -> CatalogueStats:
        everything = search_entries(generation, SearchParams(sort="newest"), limit=sys.maxsize)
        return entry_stats(everything, generation.vocabulary)

    return generation.cached("coverage", count)


def archive_summary(stats: CatalogueStats) -> str:
    """One sentence for a search that found nothing: what the archive holds at all."""
    if not stats.total or stats.first_date is None or stats.last_date is None:
        return "The archive holds no items yet."
    noun = "item" if stats.total == 1 else "items"
    first, last = stats.first_date.year, stats.last_date.year
    span = str(first) if first == last else f"{first}–{last}"
    return f"The archive holds {stats.total:,} {noun} from {span}."
