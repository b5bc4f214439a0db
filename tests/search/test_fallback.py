"""The match mode and its notices: said only when true, the way out first."""

from __future__ import annotations

import pytest

from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.search.engine import run_search
from mediasearch.search.fallback import filters_phrase, useful_recovery
from mediasearch.search.params import SearchParams
from mediasearch.search.results import Notice, Recovery


def ids(page) -> list[str]:
    return [hit.entry.id for hit in page.hits]


def test_every_word_outside_the_years_is_said_not_replaced_by_any_word_hits(ram_generation):
    # Five entries have both words, none in 2010: "recruitment" alone would find some there.
    params = SearchParams(q="recruitment fees", year_from=2010, year_to=2010)
    page = run_search(ram_generation, params)
    assert (page.total, page.match, page.fell_back, ids(page)) == (0, "none", False, [])
    assert page.notices == (
        Notice(
            "outside_filters",
            "5 entries match every word outside 2010",
            5,
            SearchParams(q="recruitment fees"),
        ),
    )


def test_no_entry_anywhere_has_every_word_falls_back_within_the_filters(ram_generation):
    page = run_search(ram_generation, SearchParams(q="guy ryder seafarers", year_from=2020))
    assert (page.match, page.fell_back) == ("any", True)
    assert ids(page) == ["covid-migrant-workers-statement", "script-injection-test"]
    assert page.notices == (
        Notice(
            "any_words",
            "No entry has every word of guy ryder seafarers: showing entries with any of "
            "them, most matching words first.",
        ),
    )


def test_every_word_within_the_filters_needs_no_notice(ram_generation):
    page = run_search(ram_generation, SearchParams(q="recruitment fees", year_from=2016))
    assert (page.match, page.notices) == ("all", ())
    assert page.total == 5


def test_unknown_words_are_named_once(ram_generation):
    page = run_search(ram_generation, SearchParams(q="ryder gardening"))
    assert (page.match, page.unmatched_words) == ("any", ("gardening",))
    assert page.notices == (
        Notice(
            "unknown_words",
            "No entry contains gardening: showing entries with any of the other words.",
        ),
    )


def test_a_search_without_words_has_no_notice(ram_generation):
    page = run_search(ram_generation, SearchParams(year_from=2030))
    assert (page.total, page.match, page.notices) == (0, "none", ())


@pytest.mark.parametrize(
    ("filters", "phrase"),
    [
        ({"year_from": 2016, "year_to": 2017}, "outside 2016–2017"),
        ({"year_from": 2016, "year_to": 2016}, "outside 2016"),
        ({"year_from": 2022}, "before 2022"),
        ({"year_to": 2015}, "after 2015"),
        ({"filters": {"country": ("NPL",)}}, "without the filter country Nepal"),
        (
            {"filters": {"country": ("NPL", "VNM")}, "year_from": 2016},
            "without the filters country Nepal or Viet Nam, years from 2016",
        ),
        (
            {"filters": {"topic": ("x",)}, "year_from": 2016, "year_to": 2017},
            "without the filters topic x, years 2016–2017",
        ),
    ],
)
def test_filters_phrase(filters, phrase):
    assert filters_phrase(SearchParams(q="a b", **filters), Vocabulary()) == phrase


def test_useful_recovery_drops_what_a_notice_or_the_archive_link_offers():
    params = SearchParams(q="gardening", filters={"country": ("NPL",)}, sort="newest")
    wider = SearchParams(q="gardening", sort="newest")
    archive = SearchParams(sort="newest")
    other = SearchParams(filters={"country": ("NPL",)}, sort="newest")
    recovery = (
        Recovery("2 without country", 2, wider, "filter"),
        Recovery("56 without the word", 56, archive, "word"),
        Recovery("3 without the word", 3, other, "word"),
    )
    notices = (Notice("outside_filters", "2 entries…", 2, wider),)
    assert useful_recovery(recovery, notices, params) == (recovery[2],)
