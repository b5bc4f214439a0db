"""Catalogue coverage figures: entries per year, type and topic; untagged and undescribed ones."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.loading import Catalogue

#: Facets that say where an entry is or what it belongs to: an entry with none is "untagged".
PLACES = ("country", "region", "project")


@dataclass(frozen=True)
class Count:
    """How many entries carry one value (a year, a type, a topic)."""

    key: str
    label: str
    count: int


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
    untagged: tuple[Entry, ...]
    #: Entries whose description is empty: only their title and tags can be found.
    undescribed: tuple[Entry, ...]


def catalogue_stats(catalogue: Catalogue) -> CatalogueStats:
    """Count a catalogue's coverage."""
    entries = catalogue.entries
    years = Counter(entry.year for entry in entries)
    span = range(min(years), max(years) + 1) if years else range(0)
    return CatalogueStats(
        total=len(entries),
        per_year=tuple(Count(str(year), str(year), years[year]) for year in span),
        per_type=_counts(catalogue, "type", Counter(entry.type for entry in entries)),
        per_topic=_counts(
            catalogue,
            "topic",
            Counter(key for entry in entries for key in entry.facet_keys("topic")),
        ),
        untagged=tuple(
            entry for entry in entries if not any(entry.tags.get(facet) for facet in PLACES)
        ),
        undescribed=tuple(entry for entry in entries if not entry.description.strip()),
    )


def _counts(catalogue: Catalogue, facet: str, counter: Counter) -> tuple[Count, ...]:
    vocabulary = catalogue.vocabulary
    keys = list(dict.fromkeys([*vocabulary.keys(facet), *counter]))
    order = {key: position for position, key in enumerate(keys)}
    keys.sort(key=lambda key: (-counter[key], order[key]))
    return tuple(Count(key, vocabulary.label(facet, key), counter[key]) for key in keys)
