"""Array matching finds the documents Whoosh finds, with the scores Whoosh gives them."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mediasearch.index.doc_table import document_table
from mediasearch.index.postings import field_lengths
from mediasearch.search.matching import match_query
from mediasearch.search.query import parse_query

QUERIES = [
    "migrant",
    "fair recruitment",
    "guy ryder interview",
    "labor organization",
    '"domestic workers"',
    "refugees -jordan",
    "refugees NOT jordan",
    "nepal OR qatar",
    "(child OR women) labour",
    "title:refugees",
    "person:ryder",
    "country:NPL recruitment",
    "topic:fair-recruitment",
    "year:2019..2021 workers",
    "work*",
    "domestic workers ANDMAYBE nepal",
    "zzzunknown migrant",
    "photo 2021",
    'person:"guy ryder"',
    '"fair recruitment" nepal',
    "COVID-19 migrant",
    'domestic -"in lebanon"',
]


def whoosh_scores(generation, query) -> dict[int, float]:
    with generation.index.searcher() as searcher:
        return dict(searcher.search(query, limit=None).items())


def assert_same(generation, query):
    with generation.index.searcher() as searcher:
        found = match_query(query, generation, searcher, document_table(generation))
    expected = whoosh_scores(generation, query)
    assert set(np.flatnonzero(found.mask).tolist()) == set(expected)
    for docnum, score in expected.items():
        assert found.scores[docnum] == pytest.approx(score, rel=1e-9), docnum


@pytest.mark.parametrize("text", QUERIES)
def test_matches_and_scores_equal_whoosh(ram_generation, text):
    parsed = parse_query(text, ram_generation)
    assert parsed.query is not None
    assert_same(ram_generation, parsed.query)


def test_the_fallback_ranks_entries_with_more_of_the_words_higher(ram_generation):
    """Each word counts once in the coordination bonus, whatever fields it matched in."""
    parsed = parse_query("migrant women zzzunknown", ram_generation)
    either = parsed.fallback_query
    table = document_table(ram_generation)
    with ram_generation.index.searcher() as searcher:
        found = match_query(either, ram_generation, searcher, table)
        words = [match_query(sub, ram_generation, searcher, table) for sub in either.subqueries]
    plain = words[0].scores + words[1].scores
    both = words[0].mask & words[1].mask
    one = words[0].mask ^ words[1].mask
    # Two known words (scale 0.9): (score + (matched - 1) / 1.1 ** 2) * 1 / 2.
    assert np.allclose(found.scores[both], (plain[both] + 1 / 1.1**2) / 2)
    assert np.allclose(found.scores[one], plain[one] / 2)
    assert set(np.flatnonzero(found.mask)) == set(np.flatnonzero(both | one))


WORDS = [
    "migrant",
    "workers",
    "fair",
    "recruitment",
    "nepal",
    "refugees",
    "labour",
    "women",
    "jordan",
    "domestic",
    "photo",
    "2021",
    "ryder",
    "skills",
    "zzz",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
def test_word_combinations_equal_whoosh(ram_generation, words):
    query = parse_query(" ".join(words), ram_generation).query
    if query is not None:
        assert_same(ram_generation, query)


@pytest.mark.parametrize("fieldname", ["title", "description", "people", "date_text"])
def test_field_lengths_read_at_once_equal_whoosh_one_by_one(ram_generation, fieldname):
    with ram_generation.index.searcher() as searcher:
        reader = searcher.reader()
        expected = [
            reader.doc_field_length(d, fieldname) or 0 for d in range(reader.doc_count_all())
        ]
        assert field_lengths(reader, fieldname).tolist() == expected


@pytest.mark.parametrize("text", QUERIES)
def test_matches_equal_whoosh_over_segments_and_deletions(segmented_generation, text):
    parsed = parse_query(text, segmented_generation)
    assert parsed.query is not None
    assert_same(segmented_generation, parsed.query)
