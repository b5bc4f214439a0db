"""The archive's coverage, read from the index's columns, equals what its entries give."""

from __future__ import annotations

import sys
from dataclasses import fields

import pytest

from mediasearch.catalogue.stats import catalogue_stats, entry_stats
from mediasearch.search.coverage import CACHE_KEY, archive_coverage, archive_summary
from mediasearch.search.engine import search_entries
from mediasearch.search.params import SearchParams


def same_stats(found, expected):
    for field in fields(expected):
        got, wanted = getattr(found, field.name), getattr(expected, field.name)
        if field.name in ("untagged", "undescribed", "without_url"):
            got, wanted = sorted(got, key=lambda ref: ref.id), sorted(wanted, key=lambda r: r.id)
        assert got == wanted, field.name


def test_coverage_equals_the_catalogues(fresh_ram_generation, fixture_catalogue):
    same_stats(archive_coverage(fresh_ram_generation), catalogue_stats(fixture_catalogue))


@pytest.fixture
def segmented(segmented_generation):
    segmented_generation.cache.pop(CACHE_KEY, None)
    return segmented_generation


def test_coverage_of_an_updated_index_equals_its_stored_entries(segmented):
    everything = search_entries(segmented, SearchParams(), limit=sys.maxsize)
    expected = entry_stats(everything, segmented.vocabulary)
    assert expected.total < segmented.index.doc_count_all()  # deletions are left out
    same_stats(archive_coverage(segmented), expected)
    assert archive_summary(archive_coverage(segmented)).startswith(
        f"The archive holds {expected.total} items"
    )
