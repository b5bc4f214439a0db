"""The query language on the fixture catalogue: malformed input, fields, analysis, operators."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mediasearch.errors import QueryError
from mediasearch.search.engine import run_search
from mediasearch.search.params import SearchParams
from mediasearch.search.query import parse_query, query_words


def found(generation, q: str, **filters) -> set[str]:
    """The ids a query finds (all pages)."""
    page = run_search(generation, SearchParams(q=q, per_page=100, filters=filters))
    return {hit.entry.id for hit in page.hits}


MALFORMED = [
    "",
    " ",
    '"',
    '""',
    "(",
    ")",
    "((fair",
    "AND",
    "OR",
    "NOT",
    "fair AND",
    "AND OR NOT",
    "title:",
    "title:(",
    "person:",
    "year:",
    "year:[",
    "year:[2019 TO",
    "year:[TO]",
    "*",
    "**",
    "?",
    "fair*",
    "^",
    "fair^",
    "fair^abc",
    "fair~",
    "-",
    "--",
    "-fair",
    "NOT fair",
    "+fair",
    "\\",
    "{",
    "[a TO b]",
    "foo:bar",
    "hash:abc",
    "entry:x",
    "spelling:x",
    ":",
    "::fair",
    "country:",
    "country:Atlantis",
    "topic:nothing-like-it",
    "project:",
    "'",
    "fair'",
    "<script>alert(1)</script>",
    "😀",
    "fair 😀 recruitment",
    "\x00",
    "fair\x00recruitment",
    "\x07\x1b[31m",
    "\u200b",
    "ﬁsh",
    "x" * 1000,
    "fair " * 199,
    "%s %d {0}",
    "' OR 1=1 --",
]


@pytest.mark.parametrize("q", MALFORMED)
def test_any_input_returns_a_page_or_a_query_error(ram_generation, q):
    try:
        page = run_search(ram_generation, SearchParams(q=q))
    except QueryError as error:
        assert str(error)
    else:
        assert len(page.hits) == min(page.total, page.params.per_page)


@pytest.mark.parametrize(
    ("q", "message"),
    [
        (
            "year:abc",
            "year:abc is not a year: write year:2021, year:2019..2021 or year:[2019 TO 2021]",
        ),
        (
            "year:20x1",
            "year:20x1 is not a year: write year:2021, year:2019..2021 or year:[2019 TO 2021]",
        ),
        ("year:2021..2019", "year:2021..2019: the range starts after it ends"),
        ("year:[abc TO 2]", "year:[abc TO 2] is not a year range: write year:[2019 TO 2021]"),
        ("type:podcast", "unknown type 'podcast' in type:podcast"),
        (
            "x" * 10_000,
            "the query is 10,000 characters long; a search can be at most 1,000: "
            "keep the words that matter",
        ),
    ],
)
def test_unreadable_queries_are_query_errors(ram_generation, q, message):
    with pytest.raises(QueryError) as raised:
        run_search(ram_generation, SearchParams(q=q))
    assert str(raised.value) == message


#: Entries tagged fair-recruitment: the label is searched, so its words find them all.
FAIR_RECRUITMENT = {
    "nepal-recruitment-fees-video",
    "maria-olave-interview",
    "reframe-recruitment-framework",
    "thai-fishers-ship-to-shore",
    "guy-ryder-labour-migration",
}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # Stemming: recruit finds recruitment (in text and in the "Fair recruitment" label).
        ("recruit", FAIR_RECRUITMENT),
        ("fisher", {"thai-fishers-ship-to-shore"}),
        # Accent folding, both ways.
        ("Maria Olave", {"maria-olave-interview"}),
        ("maría", {"maria-olave-interview"}),
        # British and American spellings.
        ("labor migration governance", {"maria-olave-interview", "reframe-recruitment-framework"}),
        ("organization", {"covid-migrant-workers-statement", "reframe-recruitment-framework"}),
        ("organisations", {"covid-migrant-workers-statement", "reframe-recruitment-framework"}),
        # Case does not matter.
        ("KYRGYZSTAN", {"women-migrants-kyrgyzstan"}),
        # Labels and aliases of tags are searched: Viet Nam by name, an alias of a topic.
        ("viet nam", {"viet-nam-seafood-workers"}),
        ("coronavirus", {"covid-migrant-workers-statement"}),
        ("GAP-MDW", {"domestic-workers-lebanon-photos", "domestic-work-convention-statement"}),
        # Phrases: words in order.
        ('"fair recruitment"', FAIR_RECRUITMENT),
        # Both words are in one description, but not side by side.
        ('"debt fair"', set()),
        # OR, NOT, -word.
        ("kyrgyzstan OR lebanon", {"women-migrants-kyrgyzstan", "domestic-workers-lebanon-photos"}),
        ("domestic NOT lebanon", {"domestic-work-convention-statement"}),
        ("domestic -lebanon", {"domestic-work-convention-statement"}),
        ('domestic -"in lebanon"', {"domestic-work-convention-statement"}),
        ("-lebanon domestic", {"domestic-work-convention-statement"}),
        ("-fair -migrant -domestic", {"refugees-jordan-work-permits", "script-injection-test"}),
        (
            "(kyrgyzstan OR lebanon) women",
            {"women-migrants-kyrgyzstan", "domestic-workers-lebanon-photos"},
        ),
        # Fielded terms, field names in any case; "word:" that names no field is a word.
        ("title:ryder", {"guy-ryder-labour-migration"}),
        ("Title:Ryder", {"guy-ryder-labour-migration"}),
        ("COUNTRY:nepal", {"nepal-recruitment-fees-video"}),
        ("Lebanon: domestic", {"domestic-workers-lebanon-photos"}),
        ("title: kyrgyzstan", {"women-migrants-kyrgyzstan"}),
        ("person:ryder", {"guy-ryder-labour-migration", "covid-migrant-workers-statement"}),
        ('person:"guy ryder"', {"guy-ryder-labour-migration", "covid-migrant-workers-statement"}),
        ("country:nepal", {"nepal-recruitment-fees-video"}),
        ("country:NPL", {"nepal-recruitment-fees-video"}),
        ('country:"viet nam"', {"viet-nam-seafood-workers"}),
        ("project:reframe", {"nepal-recruitment-fees-video", "reframe-recruitment-framework"}),
        ("project:REFRAME", {"nepal-recruitment-fees-video", "reframe-recruitment-framework"}),
        ("topic:fair-recruitment country:THA", {"thai-fishers-ship-to-shore"}),
        (
            'topic:"domestic work"',
            {"domestic-workers-lebanon-photos", "domestic-work-convention-statement"},
        ),
        ("region:asean type:video", {"thai-fishers-ship-to-shore"}),
        (
            "topic:seafood",
            {"script-injection-test", "thai-fishers-ship-to-shore", "viet-nam-seafood-workers"},
        ),
        # An unknown facet value searches that facet's labels for the words.
        (
            "topic:fishing",
            {"script-injection-test", "thai-fishers-ship-to-shore", "viet-nam-seafood-workers"},
        ),
        ("country:kyrgyz", {"women-migrants-kyrgyzstan"}),
        # Years and year ranges.
        ("year:2018", {"women-migrants-kyrgyzstan", "guy-ryder-labour-migration"}),
        (
            "year:2016..2017",
            {
                "viet-nam-seafood-workers",
                "domestic-work-convention-statement",
                "reframe-recruitment-framework",
            },
        ),
        (
            "year:2016-2017",
            {
                "viet-nam-seafood-workers",
                "domestic-work-convention-statement",
                "reframe-recruitment-framework",
            },
        ),
        (
            "year:[2016 TO 2017]",
            {
                "viet-nam-seafood-workers",
                "domestic-work-convention-statement",
                "reframe-recruitment-framework",
            },
        ),
        ("year:2023.. domestic", {"domestic-workers-lebanon-photos"}),
        ("recruitment year:..2016", {"reframe-recruitment-framework"}),
    ],
)
def test_query_finds(ram_generation, q, expected):
    assert found(ram_generation, q) == expected


def test_words_and_by_default(ram_generation):
    assert found(ram_generation, "domestic lebanon") == {"domestic-workers-lebanon-photos"}


def test_no_entry_with_every_word_falls_back_to_any_word(ram_generation):
    page = run_search(ram_generation, SearchParams(q="kyrgyzstan lebanon"))
    assert [hit.entry.id for hit in page.hits] == [
        "domestic-workers-lebanon-photos",
        "women-migrants-kyrgyzstan",
    ] or [hit.entry.id for hit in page.hits] == [
        "women-migrants-kyrgyzstan",
        "domestic-workers-lebanon-photos",
    ]
    assert page.explanation[-1] == (
        "no entry has every word: showing entries with any of them, most words first"
    )


def test_fallback_ranks_entries_with_more_words_first(ram_generation):
    # Three words in the Viet Nam entry, two in the Kyrgyzstan one whose title matches.
    page = run_search(ram_generation, SearchParams(q="seafood processing women kyrgyzstan"))
    assert [hit.entry.id for hit in page.hits[:2]] == [
        "viet-nam-seafood-workers",
        "women-migrants-kyrgyzstan",
    ]


def test_fallback_keeps_fielded_terms_required(ram_generation):
    assert found(ram_generation, "year:2018 kyrgyzstan lebanon") == {"women-migrants-kyrgyzstan"}


def test_explicit_and_does_not_fall_back(ram_generation):
    assert found(ram_generation, "kyrgyzstan AND lebanon") == set()


def test_explanation_names_stems_fields_and_filters(ram_generation):
    page = run_search(
        ram_generation,
        SearchParams(q='"fair recruitment" workers country:nepal the', year_from=2020),
    )
    assert page.explanation == (
        'searched for: ("fair recruit" AND worker AND country:NPL)',
        "recruitment → recruit (stem, accents and spelling folded)",
        "workers → worker (stem, accents and spelling folded)",
        "ignored: the (too common or too short)",
        "filter year: 2020–…",
    )


def test_explanation_of_an_unknown_facet_value(ram_generation):
    page = run_search(ram_generation, SearchParams(q="country:kyrgyzstn"))
    assert page.explanation == (
        "searched for: country name:kyrgyzstn",
        "country:kyrgyzstn is not a known country (nearest: Kyrgyzstan); "
        "searched country names for the words",
    )


def test_nothing_searchable_shows_everything_newest_first(ram_generation):
    page = run_search(ram_generation, SearchParams(q="the AND"))
    assert page.total == 14
    assert page.hits[0].entry.id == "domestic-workers-lebanon-photos"
    assert page.explanation == (
        "nothing searchable in 'the AND': common words, single letters and operators are ignored",
    )


@pytest.mark.parametrize(
    ("q", "words"),
    [
        ("fair recruitment", ("fair", "recruitment")),
        ('"fair recruitment" OR nepal', ("fair", "recruitment", "nepal")),
        ("title:ryder guy", ("guy",)),
        # An excluded word is not one to correct or recover from.
        ('country:"viet nam" seafood -lebanon', ("seafood",)),
        ("year:2019..2021 video", ("video",)),
        ("year:[2019 TO 2021] NOT video", ()),
        ("fair NOT (nepal OR lebanon) -workers", ("fair",)),
        ("María", ("María",)),
    ],
)
def test_query_words(q, words):
    assert query_words(q) == words


def test_parse_query_highlight_terms_skip_negated_words(ram_generation):
    parsed = parse_query("fair -nepal", ram_generation)
    assert ("title", "fair") in parsed.highlight_terms
    assert all(text != "nepal" for _, text in parsed.highlight_terms)


#: Characters the query syntax gives meaning to, mixed into random text.
SYNTAX = st.sampled_from(
    ['"', "(", ")", "[", "]", "{", "}", ":", "*", "?", "^", "~", "-", "+", "\\", "'", " ",
     "AND", "OR", "NOT", "TO", "..", "year:", "title:", "country:", "person:", "topic:",
     "type:", "project:", "fair", "2019", "é", "\x00", "😀"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(SYNTAX, st.text(max_size=5)), max_size=12).map("".join))
def test_random_queries_give_a_page_or_a_query_error(ram_generation, q):
    try:
        page = run_search(ram_generation, SearchParams(q=q))
    except QueryError as error:
        assert str(error)
    else:
        assert len(page.hits) == min(page.total, page.params.per_page)
