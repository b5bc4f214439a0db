"""run_search and friends on the fixture catalogue: order, pages, snippets, hints, related."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from fixture_ids import NEWEST
from mediasearch.formats.api_json import entry_to_api, page_to_api
from mediasearch.index.doc_table import CACHE_KEY
from mediasearch.search.engine import run_search, warm
from mediasearch.search.highlight import highlight_entry
from mediasearch.search.params import SearchParams
from mediasearch.search.related import get_entry, related_entries
from mediasearch.search.results import Recovery


def ids(page) -> list[str]:
    return [hit.entry.id for hit in page.hits]


def test_without_a_query_newest_first(ram_generation):
    page = run_search(ram_generation, SearchParams())
    assert ids(page) == NEWEST
    assert page.total == 14
    assert all(hit.score is None for hit in page.hits)


def test_oldest_first_ties_by_id(ram_generation):
    page = run_search(ram_generation, SearchParams(sort="oldest"))
    oldest = NEWEST[::-1]
    # Same-date entries keep id order in both directions.
    oldest[-2:] = ["domestic-workers-lebanon-photos", "nepal-recruitment-fees-video"]
    assert ids(page) == oldest


def test_relevance_ties_by_id(ram_generation):
    page = run_search(ram_generation, SearchParams(q="region:global OR kyrgyzstan"))
    assert ids(page) == [
        "women-migrants-kyrgyzstan",
        # Equal scores: by id, not by date.
        "covid-migrant-workers-statement",
        "domestic-work-convention-statement",
        "global-estimates-infographic",
        "guy-ryder-labour-migration",
        "reframe-recruitment-framework",
    ]


def test_relevance_without_differences_is_newest_first(ram_generation):
    page = run_search(ram_generation, SearchParams(q="region:global"))
    assert ids(page) == [
        "global-estimates-infographic",
        "covid-migrant-workers-statement",
        "guy-ryder-labour-migration",
        "domestic-work-convention-statement",
        "reframe-recruitment-framework",
    ]


def test_relevance_puts_title_matches_first(ram_generation):
    page = run_search(ram_generation, SearchParams(q="labor"))
    # "labour" in the title outranks the topic label "Child labour" alone.
    assert ids(page)[:3] == [
        "reframe-recruitment-framework",
        "guy-ryder-labour-migration",
        "child-labour-agriculture-video",
    ]
    scores = [hit.score for hit in page.hits]
    assert scores == sorted(scores, reverse=True)


def test_a_query_sorted_by_date(ram_generation):
    page = run_search(ram_generation, SearchParams(q="labor", sort="newest"))
    assert ids(page) == [
        "nepal-recruitment-fees-video",
        "maria-olave-interview",
        "child-labour-agriculture-video",
        "guy-ryder-labour-migration",
        "reframe-recruitment-framework",
    ]


@pytest.mark.parametrize(
    ("page", "expected"),
    [(1, NEWEST[:10]), (2, NEWEST[10:]), (3, []), (999, [])],
)
def test_pagination_exact_totals_and_pages_past_the_end(ram_generation, page, expected):
    result = run_search(ram_generation, SearchParams(page=page, per_page=10))
    assert (ids(result), result.total, result.page_count) == (expected, 14, 2)


def test_highlights_escape_data_and_mark_only_matches(ram_generation):
    page = run_search(ram_generation, SearchParams(q="<script>alert(1)</script> seafarers"))
    assert page.hits[0].highlights == {
        "title": "Safety first &lt;<mark>script</mark>&gt;<mark>alert</mark>(1)&lt;/"
        "<mark>script</mark>&gt; for <mark>seafarers</mark>",
        "description": '&lt;b&gt;Bold&lt;/b&gt; claims &amp; "quotes" about fishing crews '
        "&lt;<mark>script</mark>&gt;<mark>alert</mark>(2)&lt;/<mark>script</mark>&gt;.",
    }


def test_highlights_without_a_match_in_the_description(ram_generation):
    page = run_search(ram_generation, SearchParams(q="title:kyrgyzstan"))
    assert page.hits[0].highlights == {
        "title": "Women migrant workers from <mark>Kyrgyzstan</mark>",
    }
    page = run_search(ram_generation, SearchParams(q="country:LBN"))
    assert page.hits[0].highlights == {
        "title": "Domestic workers in Lebanon",
        "description": "A photo story on the lives of migrant domestic workers in Beirut.",
    }


def test_highlights_mark_folded_and_stemmed_forms(ram_generation):
    page = run_search(ram_generation, SearchParams(q="maria labor"))
    assert page.hits[0].highlights == {
        "title": "<mark>María</mark> Olave on fair recruitment in Latin America",
        "description": "<mark>María</mark> Olave, ILO specialist, explains how <mark>labour</mark> "
        "migration governance protects workers across the region.",
        "people": "<mark>María</mark> Olave",
    }


def test_highlights_show_a_matching_person_only_when_one_matched(ram_generation):
    page = run_search(ram_generation, SearchParams(q="person:ryder"))
    assert [hit.highlights.get("people") for hit in page.hits] == ["Guy <mark>Ryder</mark>"] * 2
    page = run_search(ram_generation, SearchParams(q="pandemic"))
    assert all("people" not in hit.highlights for hit in page.hits)


def test_highlights_of_a_long_description_are_a_fragment(ram_generation):
    page = run_search(ram_generation, SearchParams(q="debt"))
    assert page.hits[0].highlights["description"] == (
        "Migrant workers from Nepal tell how recruitment fees and related costs trapped them in "
        "<mark>debt</mark>, and how fair recruitment changes that."
    )


def test_highlights_of_a_long_description_are_fragments(fixture_catalogue):
    entry = replace(
        fixture_catalogue.get("maria-olave-interview"),
        description=("Filler words here. " * 20) + "Recruitment <fees> matter. " + "More. " * 40,
    )
    highlights = highlight_entry(entry, {("description", "fee"), ("title", "recruit")})
    assert highlights["title"] == "María Olave on fair <mark>recruitment</mark> in Latin America"
    assert highlights["description"] == (
        "… Filler words here. Filler words here. Filler words here. "
        "Recruitment &lt;<mark>fees</mark>&gt; matter." + " More." * 14 + " More …"
    )


def test_did_you_mean(ram_generation):
    page = run_search(ram_generation, SearchParams(q="recrutment"))
    assert (page.total, page.suggestion, page.unmatched_words) == (
        0,
        "recruitment",
        ("recrutment",),
    )


def test_did_you_mean_when_the_fallback_found_something(ram_generation):
    page = run_search(ram_generation, SearchParams(q="domestc workers"))
    assert page.suggestion == "domestic workers"
    assert page.total == 10


@pytest.mark.parametrize("q", ["labor", "organization", "maria", "fair recruitment", "xqzjw"])
def test_no_suggestion_for_known_words_or_without_a_better_query(ram_generation, q):
    assert run_search(ram_generation, SearchParams(q=q)).suggestion is None


def test_recovery_prices_each_filter(ram_generation):
    params = SearchParams(q="recruitment fees", filters={"country": ("KGZ",), "type": ("video",)})
    page = run_search(ram_generation, params)
    assert page.total == 0
    assert page.recovery == (
        Recovery(
            "3 results without country: Kyrgyzstan",
            3,
            SearchParams(q="recruitment fees", filters={"type": ("video",)}),
            "filter",
        ),
    )
    # "Without any filter" is the first notice's link, not repeated as a recovery.
    assert [notice.params for notice in page.notices] == [SearchParams(q="recruitment fees")]


def test_recovery_drops_unmatched_words(ram_generation):
    page = run_search(ram_generation, SearchParams(q="gardening", year_from=2020))
    assert page.unmatched_words == ("gardening",)
    assert page.recovery == (
        Recovery("7 results without the word 'gardening'", 7, SearchParams(year_from=2020), "word"),
    )


def test_no_recovery_when_something_is_found(ram_generation):
    assert run_search(ram_generation, SearchParams(q="labour")).recovery == ()


def test_media_type_and_date_words_are_searched(ram_generation):
    """ "the Guy Ryder interviews" and "domestic work 2021" narrow as people mean.

    docs/design-decisions.md, "Who searches, and for what".
    """
    assert ids(run_search(ram_generation, SearchParams(q="guy ryder interview"))) == [
        "guy-ryder-labour-migration"
    ]
    assert ids(run_search(ram_generation, SearchParams(q="photo", sort="oldest"))) == [
        "viet-nam-seafood-workers",
        "women-migrants-kyrgyzstan",
        "domestic-workers-lebanon-photos",
    ]
    assert ids(run_search(ram_generation, SearchParams(q="fishing 2021"))) == [
        "thai-fishers-ship-to-shore"
    ]


def test_related_entries_rank_project_over_country_over_topic(ram_generation):
    related = related_entries(ram_generation, "thai-fishers-ship-to-shore", limit=4)
    assert [(r.entry.id, r.reasons) for r in related][:3] == [
        (
            "script-injection-test",
            (
                "same project: Ship to Shore Rights South East Asia",
                "same country: Thailand",
                "same topic: Fishing and seafood",
                "same region: South-East Asia",
            ),
        ),
        (
            "viet-nam-seafood-workers",
            ("same topic: Fishing and seafood", "same region: South-East Asia"),
        ),
        ("nepal-recruitment-fees-video", ("same topic: Fair recruitment",)),
    ]


def test_related_entries_name_projects_by_acronym(ram_generation):
    related = related_entries(ram_generation, "nepal-recruitment-fees-video", limit=1)
    assert related[0].entry.id == "reframe-recruitment-framework"
    assert related[0].reasons[0] == "same project: REFRAME"


def test_related_entries_of_an_unknown_id(ram_generation):
    assert related_entries(ram_generation, "no-such-entry") == ()


def test_get_entry_by_id_and_old_id(ram_generation, fixture_catalogue):
    entry = get_entry(ram_generation, "refugees-jordan-work-permits")
    assert entry == fixture_catalogue.get("refugees-jordan-work-permits")
    # An old id gives the entry under its new id: the web redirects when the ids differ.
    assert get_entry(ram_generation, "syrian-refugees-jordan").id == "refugees-jordan-work-permits"
    assert get_entry(ram_generation, "nope") is None


def test_stored_entries_equal_the_catalogue(ram_generation, fixture_catalogue):
    for entry in fixture_catalogue.entries:
        assert get_entry(ram_generation, entry.id) == entry


def test_warm_fills_the_generation_cache(fresh_ram_generation):
    generation = fresh_ram_generation
    assert CACHE_KEY not in generation.cache
    warm(generation)
    assert CACHE_KEY in generation.cache


def test_a_searcher_passed_in_stays_open(ram_generation):
    with ram_generation.index.searcher() as searcher:
        first = run_search(ram_generation, SearchParams(q="fair"), searcher=searcher)
        second = run_search(ram_generation, SearchParams(q="fair"), searcher=searcher)
        assert not searcher.is_closed
    assert ids(first) == ids(second)


def test_api_document(ram_generation):
    page = run_search(ram_generation, SearchParams(q="kyrgyzstan", per_page=10))
    document = page_to_api(page)
    assert json.loads(json.dumps(document)) == {
        "query": {
            "q": "kyrgyzstan",
            "topic": [],
            "country": [],
            "region": [],
            "project": [],
            "type": [],
            "year_from": None,
            "year_to": None,
            "sort": "relevance",
            "page": 1,
            "per_page": 10,
        },
        "total": 1,
        "page": 1,
        "per_page": 10,
        "results": [
            {
                "id": "women-migrants-kyrgyzstan",
                "title": "Women migrant workers from Kyrgyzstan",
                "date": "2018-10-10",
                "type": "photo-series",
                "description": "",
                "description_cut": False,
                "topics": ["women-migrant-workers"],
                "countries": ["KGZ"],
                "regions": [],
                "projects": [],
                "people": [],
                "url": None,
                "score": page.hits[0].score,
                "highlights": {"title": "Women migrant workers from <mark>Kyrgyzstan</mark>"},
            }
        ],
        "facets": {
            "topic": [
                {
                    "value": "women-migrant-workers",
                    "label": "Women migrant workers",
                    "count": 1,
                    "selected": False,
                }
            ],
            "country": [{"value": "KGZ", "label": "Kyrgyzstan", "count": 1, "selected": False}],
            "region": [],
            "project": [],
            "year": [{"value": "2018", "label": "2018", "count": 1, "selected": False}],
            "type": [
                {"value": "photo-series", "label": "Photo series", "count": 1, "selected": False}
            ],
        },
        "suggestion": None,
        "recovery": [],
        "match": "all",
        "notices": [],
    }


def test_api_entry(fixture_catalogue):
    entry = fixture_catalogue.get("refugees-jordan-work-permits")
    assert entry_to_api(entry)["old_ids"] == ["syrian-refugees-jordan"]
    assert list(entry_to_api(entry))[:4] == ["id", "title", "date", "type"]


def test_a_long_query_of_unknown_words_costs_a_bounded_number_of_searches(
    ram_generation, monkeypatch
):
    """Recovery retries the search per filter and per unknown word: at most RECOVERY_WORDS."""
    from mediasearch.search import engine as search

    calls = []
    real_count = search.count_results

    def counting(*args, **kwargs):
        calls.append(args[2])
        return real_count(*args, **kwargs)

    monkeypatch.setattr(search, "count_results", counting)
    words = " ".join(f"zq{chr(97 + i)}{chr(97 + j)}" for i in range(5) for j in range(8))
    params = SearchParams(q=words, filters={"country": ("NPL",), "topic": ("fishing",)})
    page = run_search(ram_generation, params)
    assert (page.total, len(page.unmatched_words)) == (0, 40)
    # Two filters, "without any filter", five words, and one did-you-mean check at most.
    assert len(calls) <= 2 + 1 + search.RECOVERY_WORDS + 1
