"""Catalogue coverage figures: entries per year, type, topic and place; sources; gaps."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.loading import Catalogue
from mediasearch.catalogue.vocabulary import Vocabulary

#: A year with at most this many entries, between the first and the last, is a gap to report.
THIN_YEAR = 1

#: Facets that say where an entry is or what it belongs to: an entry with none is "untagged".
PLACES = ("country", "region", "project")


@dataclass(frozen=True)
class Count:
    """How many entries carry one value (a year, a type, a topic)."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class SourceCount:
    """How many entries were read from one source (a listing page or a capture), and their dates."""

    source: str
    count: int
    first: datetime.date
    last: datetime.date


@dataclass(frozen=True)
class EntryRef:
    """An entry named in a coverage gap: what a list of gaps shows of it."""

    id: str
    date: datetime.date


@dataclass(frozen=True)
class EntryFacts:
    """What coverage counts of one entry; from the catalogue (``entry_facts``) or, without
    parsing a single stored entry, from the index's columns."""

    id: str
    date: datetime.date
    type: str
    #: Tag facet name -> the entry's keys.
    tags: Mapping[str, tuple[str, ...]]
    described: bool
    has_url: bool
    sources: tuple[str, ...]


def entry_facts(entry: Entry) -> EntryFacts:
    """An entry's coverage facts."""
    return EntryFacts(
        id=entry.id,
        date=entry.date,
        type=entry.type,
        tags=entry.tags,
        described=bool(entry.description.strip()),
        has_url=bool(entry.url),
        sources=entry.sources,
    )


@dataclass(frozen=True)
class CatalogueStats:
    """Coverage of a catalogue, for curators deciding what to tag or describe next."""

    total: int
    #: Oldest year first, years without entries included: gaps are what a curator looks for.
    per_year: tuple[Count, ...]
    #: Most entries first; vocabulary terms with none included, at 0.
    per_type: tuple[Count, ...]
    per_topic: tuple[Count, ...]
    #: Entries with no country, region or project: they show up under no place or project.
    untagged: tuple[EntryRef, ...]
    #: Entries whose description is empty: only their title and tags can be found.
    undescribed: tuple[EntryRef, ...]
    #: Most entries first; only values some entry carries.
    per_country: tuple[Count, ...] = ()
    per_region: tuple[Count, ...] = ()
    #: The pages and captures entries were read from, most entries first.
    sources: tuple[SourceCount, ...] = ()
    #: Entries with no address of their own to open.
    without_url: tuple[EntryRef, ...] = ()
    first_date: datetime.date | None = None
    last_date: datetime.date | None = None

    @property
    def thin_years(self) -> tuple[Count, ...]:
        """Years inside the span with hardly any entries: gaps in the archive, not in a search."""
        return tuple(count for count in self.per_year if count.count <= THIN_YEAR)


def catalogue_stats(catalogue: Catalogue) -> CatalogueStats:
    """Count a catalogue's coverage."""
    return entry_stats(catalogue.entries, catalogue.vocabulary)


def entry_stats(entries: Sequence[Entry], vocabulary: Vocabulary) -> CatalogueStats:
    """Count the coverage of some entries tagged with a vocabulary."""
    return facts_stats([entry_facts(entry) for entry in entries], vocabulary)


def facts_stats(entries: Sequence[EntryFacts], vocabulary: Vocabulary) -> CatalogueStats:
    """Count the coverage of some entries' facts."""
    years = Counter(entry.date.year for entry in entries)
    span = range(min(years), max(years) + 1) if years else range(0)
    dates = [entry.date for entry in entries]
    return CatalogueStats(
        total=len(entries),
        per_year=tuple(Count(str(year), str(year), years[year]) for year in span),
        per_type=_counts(vocabulary, "type", Counter(entry.type for entry in entries)),
        per_topic=_counts(
            vocabulary,
            "topic",
            Counter(key for entry in entries for key in entry.tags.get("topic", ())),
        ),
        untagged=_refs(e for e in entries if not any(e.tags.get(facet) for facet in PLACES)),
        undescribed=_refs(entry for entry in entries if not entry.described),
        per_country=_used(vocabulary, "country", (e.tags.get("country", ()) for e in entries)),
        per_region=_used(vocabulary, "region", (e.tags.get("region", ()) for e in entries)),
        sources=_sources(entries),
        without_url=_refs(entry for entry in entries if not entry.has_url),
        first_date=min(dates, default=None),
        last_date=max(dates, default=None),
    )


def _refs(entries: Iterable[EntryFacts]) -> tuple[EntryRef, ...]:
    return tuple(EntryRef(entry.id, entry.date) for entry in entries)


def _used(vocabulary: Vocabulary, facet: str, values: Iterable[Iterable[str]]) -> tuple[Count, ...]:
    counter = Counter(key for keys in values for key in keys)
    return tuple(
        Count(key, vocabulary.label(facet, key), count)
        for key, count in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    )


def _sources(entries: Sequence[EntryFacts]) -> tuple[SourceCount, ...]:
    dates: dict[str, list[datetime.date]] = {}
    for entry in entries:
        for source in entry.sources:
            dates.setdefault(source, []).append(entry.date)
    return tuple(
        SourceCount(source, len(seen), min(seen), max(seen))
        for source, seen in sorted(dates.items(), key=lambda item: (-len(item[1]), item[0]))
    )


def _counts(vocabulary: Vocabulary, facet: str, counter: Counter) -> tuple[Count, ...]:
    keys = list(dict.fromkeys([*vocabulary.keys(facet), *counter]))
    order = {key: position for position, key in enumerate(keys)}
    keys.sort(key=lambda key: (-counter[key], order[key]))
    return tuple(Count(key, vocabulary.label(facet, key), counter[key]) for key in keys)
