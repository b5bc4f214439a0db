"""The coverage page's context: what the archive holds, where it came from, and its gaps."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from mediasearch.catalogue.entries import long_date
from mediasearch.catalogue.stats import CatalogueStats, Count
from mediasearch.search.params import SearchParams
from mediasearch.search.results import Facet, FacetValue
from mediasearch.web.links import search_href
from mediasearch.web.sidebar import YearChart, year_chart
from mediasearch.web.world_map import WorldMap, build_map


@dataclass(frozen=True)
class CountRow:
    """One line of a coverage table: a value, how many entries carry it, and their search."""

    label: str
    count: int
    href: str


@dataclass(frozen=True)
class SourceRow:
    """A page or capture entries were read from, and the dates of the items read from it."""

    label: str
    #: The page's address when the source is one; a capture file name has none.
    href: str | None
    count: int
    dates: str


@dataclass(frozen=True)
class AboutContext:
    """Everything the coverage page prints."""

    stats: CatalogueStats
    span: str
    years: YearChart
    world_map: WorldMap
    types: tuple[CountRow, ...]
    topics: tuple[CountRow, ...]
    countries: tuple[CountRow, ...]
    regions: tuple[CountRow, ...]
    sources: tuple[SourceRow, ...]
    stale: bool = False
    title: str = "About the archive"
    #: The version searched: the catalogue's hash and when the index was built from it.
    catalogue_hash: str = ""
    indexed_at: str = ""


def _rows(counts: Iterable[Count], facet: str, base: str) -> tuple[CountRow, ...]:
    return tuple(
        CountRow(
            count.label, count.count, search_href(base, SearchParams().with_value(facet, count.key))
        )
        for count in counts
        if count.count
    )


def _date_range(first: datetime.date, last: datetime.date) -> str:
    return long_date(first) if first == last else f"{long_date(first)} – {long_date(last)}"


def _source_label(source: str) -> tuple[str, str | None]:
    parts = urlsplit(source)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else ""), source
    return source, None


def about_context(stats: CatalogueStats, base: str, stale: bool = False) -> AboutContext:
    """Fill the coverage page from the archive's statistics; every count links to its search."""
    year_facet = Facet(
        "year",
        "Year",
        tuple(FacetValue(c.key, c.label, c.count, False) for c in stats.per_year),
    )
    world = build_map(
        ((c.key, c.label, c.count, False) for c in stats.per_country),
        lambda code, _selected: search_href(base, SearchParams().with_value("country", code)),
    )
    span = (
        _date_range(stats.first_date, stats.last_date)
        if stats.first_date and stats.last_date
        else "no dates"
    )
    return AboutContext(
        stats=stats,
        span=span,
        years=year_chart(year_facet, SearchParams(), base, width=640, height=120),
        world_map=world,
        types=_rows(stats.per_type, "type", base),
        topics=_rows(stats.per_topic, "topic", base),
        countries=_rows(stats.per_country, "country", base),
        regions=_rows(stats.per_region, "region", base),
        sources=tuple(
            SourceRow(*_source_label(s.source), s.count, _date_range(s.first, s.last))
            for s in stats.sources
        ),
        stale=stale,
    )
