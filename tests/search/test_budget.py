"""The request budget: wildcards and the extra searches a request runs cost what they read."""

from __future__ import annotations

import string

import pytest
from whoosh import query as wq

from mediasearch.errors import QueryTooBroadError
from mediasearch.search import budget
from mediasearch.search.engine import run_search, search_entries
from mediasearch.search.params import SearchParams
from mediasearch.search.query import parse_query, query_parser

FORTY_LETTERS = (string.ascii_lowercase * 2)[:40]


@pytest.mark.parametrize(
    ("q", "message"),
    [
        (
            " ".join(f"{letter}*" for letter in FORTY_LETTERS),
            "a* is too broad: a wildcard needs at least 3 letters before it, "
            "such as recruit* rather than re*",
        ),
        (
            " ".join(f"*{letter}" for letter in FORTY_LETTERS),
            "*a starts with a wildcard, which would read every word of the index: "
            "write the beginning of the word, such as recruit*",
        ),
        ("fair ?ecruitment", "?ecruitment starts with a wildcard, which would read every word"),
        ("title:(mi*)", "mi* is too broad: a wildcard needs at least 3 letters"),
        ('"fair re*"', "re* is too broad"),
    ],
)
def test_broad_wildcards_are_refused_with_the_part_named(ram_generation, q, message):
    with pytest.raises(QueryTooBroadError, match=message.replace("*", r"\*").replace("?", r"\?")):
        run_search(ram_generation, SearchParams(q=q))


def test_a_refusal_offers_the_query_without_wildcards(ram_generation):
    with pytest.raises(QueryTooBroadError) as raised:
        parse_query("fair re* nep*", ram_generation)
    assert raised.value.instead == "fair re nep"
    assert budget.without_wildcards("fair recruitment") is None
    assert budget.without_wildcards("**") is None


@pytest.mark.parametrize("q", ["recruit*", "title:migra*", "fai? recruitment", "nepal~2 fair~"])
def test_wildcards_with_enough_letters_are_searched(ram_generation, q):
    assert run_search(ram_generation, SearchParams(q=q)).total > 0


def test_postings_are_what_the_index_holds(ram_generation):
    q = query_parser(ram_generation).parse('recruit* "domestic workers" nepal')
    with ram_generation.index.reader() as reader:
        expected = 0
        for leaf in q.leaves():
            if isinstance(leaf, wq.Prefix):
                terms = reader.expand_prefix(leaf.fieldname, leaf.text)
                expected += sum(reader.doc_frequency(leaf.fieldname, term) for term in terms)
            elif isinstance(leaf, wq.Phrase):
                expected += sum(reader.doc_frequency(leaf.fieldname, w) for w in leaf.words)
            else:
                expected += reader.doc_frequency(leaf.fieldname, leaf.text)
    assert expected > 20
    assert budget.postings(q, ram_generation) == expected


def test_fuzzy_terms_cost_every_term_they_may_expand_to(ram_generation):
    # The query language reads "word~" as the word; a FuzzyTerm, should one appear, is costed
    # as every term sharing its fixed beginning.
    fuzzy = wq.FuzzyTerm("title", "recruitmnt", prefixlength=1)
    assert budget.postings(fuzzy, ram_generation) == budget.postings(
        wq.Prefix("title", "r"), ram_generation
    )
    assert (
        parse_query("nepal~2", ram_generation).query == parse_query("nepal", ram_generation).query
    )


def test_a_search_over_the_limit_is_refused(ram_generation, monkeypatch):
    cost = parse_query("migrant workers", ram_generation).cost
    monkeypatch.setattr(budget, "SEARCH_POSTINGS", cost - 1)
    with pytest.raises(QueryTooBroadError, match="its words are among the commonest"):
        run_search(ram_generation, SearchParams(q="migrant workers"))
    with pytest.raises(QueryTooBroadError, match=r"the wildcards \(migra\*\) match too many"):
        run_search(ram_generation, SearchParams(q="migra* workers"))
    # Exports and feeds are held to the same limit.
    with pytest.raises(QueryTooBroadError):
        search_entries(ram_generation, SearchParams(q="migrant workers"))
    monkeypatch.setattr(budget, "SEARCH_POSTINGS", cost)
    assert run_search(ram_generation, SearchParams(q="migrant workers")).total > 0


def test_the_fallback_runs_only_when_the_request_can_afford_it(ram_generation, monkeypatch):
    q = "seafarers kyrgyzstan"  # no entry has both words
    page = run_search(ram_generation, SearchParams(q=q))
    assert page.fell_back
    cost = parse_query(q, ram_generation).cost
    monkeypatch.setattr(budget, "REQUEST_POSTINGS", cost)
    page = run_search(ram_generation, SearchParams(q=q))
    assert (page.fell_back, page.total) == (False, 0)
    # The recovery's searches no longer fit either: skipped, not an error.
    assert page.recovery == ()


def test_each_request_has_its_own_budget(ram_generation, monkeypatch):
    q = "seafarers kyrgyzstan"
    cost = parse_query(q, ram_generation).cost
    monkeypatch.setattr(budget, "REQUEST_POSTINGS", 2 * cost)
    for _ in range(3):
        assert run_search(ram_generation, SearchParams(q=q)).fell_back


def test_the_recovery_stops_when_the_budget_is_spent(ram_generation, monkeypatch):
    params = SearchParams(q="seafarers zzzqx", filters={"country": ("NPL",)})
    assert run_search(ram_generation, params).recovery != ()
    cost = parse_query(params.q, ram_generation).cost
    monkeypatch.setattr(budget, "REQUEST_POSTINGS", 2 * cost)
    assert run_search(ram_generation, params).recovery == ()


def test_plain_words_cost_a_share_of_their_postings(ram_generation):
    words = query_parser(ram_generation).parse("migrant workers")
    wildcard = query_parser(ram_generation).parse("migra*")
    share = budget.PLAIN_WORD_SHARE
    assert (
        budget.search_cost(words, ram_generation) == budget.postings(words, ram_generation) // share
    )
    assert budget.search_cost(wildcard, ram_generation) == budget.postings(wildcard, ram_generation)


def test_warming_reads_the_default_fields_lengths_and_leaves_lexicons_to_wildcards(
    fresh_ram_generation,
):
    from mediasearch.search.engine import warm
    from mediasearch.search.query import default_fields

    warm(fresh_ram_generation)
    cache = fresh_ram_generation.cache
    assert {key for key in cache if key.startswith("search.lengths.")} == {
        f"search.lengths.{name}" for name in default_fields()
    }
    # A field's lexicon is read at its first wildcard, not at every switch.
    assert not [key for key in cache if key.startswith("search.lexicon.")]
    run_search(fresh_ram_generation, SearchParams(q="title:recruit*"))
    assert [key for key in cache if key.startswith("search.lexicon.")] == ["search.lexicon.title"]


def test_a_phrase_costs_its_words_at_a_share_then_the_positions_it_reads(
    fresh_ram_generation, monkeypatch
):
    generation = fresh_ram_generation
    phrase = query_parser(generation).parse('title:"domestic workers"')
    assert isinstance(phrase, wq.Phrase)
    with generation.index.reader() as reader:
        counts = [reader.doc_frequency("title", word) for word in phrase.words]
    assert min(counts) > 0
    assert budget.search_cost(phrase, generation) == max(1, sum(counts) // budget.PLAIN_WORD_SHARE)
    # A phrase with slop is Whoosh's to match: every posting of its words, one at a time.
    sloppy = wq.Phrase("title", phrase.words, slop=3)
    assert budget.search_cost(sloppy, generation) == sum(counts)
    # Its positions are charged as they are read: with no budget left for them, it is refused.
    params = SearchParams(q='title:"domestic workers"')
    monkeypatch.setattr(budget, "POSITIONS_SHARE", 1)
    monkeypatch.setattr(budget, "REQUEST_POSTINGS", parse_query(params.q, generation).cost)
    with pytest.raises(QueryTooBroadError, match="would read too much"):
        run_search(generation, params)
    monkeypatch.setattr(budget, "REQUEST_POSTINGS", 10_000)
    assert run_search(generation, params).total > 0


def test_a_phrase_beside_a_word_no_entry_has_reads_no_positions(fresh_ram_generation, monkeypatch):
    generation = fresh_ram_generation
    params = SearchParams(q='"domestic workers" zzzqx')
    # Room for the words' postings, none for positions: reading any would refuse the search.
    monkeypatch.setattr(budget, "POSITIONS_SHARE", 1)
    monkeypatch.setattr(budget, "REQUEST_POSTINGS", parse_query(params.q, generation).cost)
    assert run_search(generation, params).total == 0
    # Beside a word entries have, the positions are read, and with no room for them, refused.
    both = SearchParams(q='"domestic workers" migrant')
    monkeypatch.setattr(budget, "REQUEST_POSTINGS", parse_query(both.q, generation).cost)
    with pytest.raises(QueryTooBroadError, match="would read too much"):
        run_search(generation, both)
