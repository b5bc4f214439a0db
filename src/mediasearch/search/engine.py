"""The one search entry point: parameters in, a SearchPage out (hits, facets, hints).

Decisions, documented here once:

- Words are AND-ed. When no entry has every word (and the user did not write AND), the search
  falls back to entries with *any* of the words; see ``search.fallback`` for the match modes
  and their notices. When nothing is found, the recovery lists what dropping each filter or
  unknown word would find.
- Sorting: relevance (ties by id), newest or oldest (ties by id). Without searchable words,
  or when every hit scores the same (fielded terms only), relevance means newest.
- A page past the end returns no hits and the exact total; it is not an error.
- Facet filters are boolean masks over the generation's document table; the query is matched
  and scored over arrays (search.matching), unpaged, so totals and facet counts are exact,
  and only the page shown is sorted and read from the index.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np
from whoosh.searching import Searcher

from mediasearch.catalogue.countries import other_country_names_in
from mediasearch.catalogue.entries import Entry
from mediasearch.errors import QueryError
from mediasearch.index.doc_table import DocumentTable, document_table
from mediasearch.index.generation import Generation
from mediasearch.index.shared_searcher import locked
from mediasearch.search.budget import afford, charge, request_budget
from mediasearch.search.facet_counts import apply_filters, count_facets, facet_filters
from mediasearch.search.fallback import falls_back, match_mode, match_notices, useful_recovery
from mediasearch.search.highlight import highlight_hit
from mediasearch.search.matching import match_query, term_lengths
from mediasearch.search.params import SearchParams
from mediasearch.search.query import ParsedQuery, default_fields, parse_query, query_parser
from mediasearch.search.results import Hit, Recovery, SearchPage
from mediasearch.search.spelling import correct_text, unmatched_words, word_corrector

#: Most entries one export or feed carries: enough for any real search of this archive, and a
#: bound on the work one request can ask for.
EXPORT_LIMIT = 5000

#: Parsed queries kept per generation.
PARSED_QUERIES = 512

#: Unknown words the zero-result recovery tries dropping, one at a time.
RECOVERY_WORDS = 5

FALLBACK_NOTE = "no entry has every word: showing entries with any of them, most words first"


@dataclass(frozen=True)
class _Found:
    """The outcome of matching one set of params, before paging; masks over every docnum."""

    parsed: ParsedQuery
    #: Docnum -> score (0 where unmatched); None without a query.
    scores: np.ndarray | None
    #: Docs the query matched, before facet filters (all docs without a query).
    matched: np.ndarray
    #: Docs the query and every filter allow.
    final: np.ndarray
    filters: dict[str, np.ndarray]
    fell_back: bool

    @property
    def total(self) -> int:
        """How many documents the search found."""
        return int(np.count_nonzero(self.final))


def warm(generation: Generation) -> None:
    """Build the generation's search caches before it is served, and the process's own once."""
    document_table(generation)
    query_parser(generation)
    word_corrector(generation)
    for fieldname in default_fields():
        term_lengths(generation, fieldname)
    # The pattern of every country's other names, compiled at the first query of the process.
    other_country_names_in("")


@request_budget()
def run_search(
    generation: Generation, params: SearchParams, searcher: Searcher | None = None
) -> SearchPage:
    """Run one search; QueryError for a query that cannot be read.

    :param searcher: an open searcher of ``generation.index`` (kept open); when None, the
        generation's shared one. Either is used under the generation's searcher lock.
    """
    started = time.perf_counter()
    with locked(generation, searcher) as reading:
        return _run(generation, params, reading, started)


def _run(
    generation: Generation, params: SearchParams, searcher: Searcher, started: float
) -> SearchPage:
    table = document_table(generation)
    found = _find(generation, searcher, params, table)
    first = (params.page - 1) * params.per_page
    shown = _order(found, params, table, first + params.per_page)[first:]
    hits = []
    for docnum in shown:
        entry = table.entry(docnum)
        score = None if found.scores is None else round(float(found.scores[docnum]), 4)
        highlights = highlight_hit(entry, found.parsed.highlight_terms)
        hits.append(Hit(entry=entry, score=score, highlights=highlights))
    facets = count_facets(found.matched, found.filters, params, table, generation.vocabulary)
    unmatched = unmatched_words(searcher, found.parsed.words)
    total = found.total
    strict_total = 0 if found.fell_back else total
    suggestion = _suggestion(generation, searcher, params, table, unmatched, strict_total)
    recovery: tuple[Recovery, ...] = ()
    if total == 0:
        recovery = _recovery(generation, searcher, params, table, unmatched)
    match = match_mode(found.fell_back, total)
    # Entries with every word, filters ignored: what the "outside the filters" notice offers.
    strict = found.scores is not None and not found.fell_back
    anywhere = int(np.count_nonzero(found.matched)) if strict else 0
    notices = match_notices(params, generation.vocabulary, match, anywhere, unmatched)
    recovery = useful_recovery(recovery, notices, params)
    explanation = list(found.parsed.explanation)
    explanation += _filter_notes(params, generation)
    if found.fell_back:
        explanation.append(FALLBACK_NOTE)
    return SearchPage(
        params=params,
        total=total,
        hits=tuple(hits),
        facets=facets,
        suggestion=suggestion,
        recovery=recovery,
        explanation=tuple(explanation),
        unmatched_words=unmatched,
        fell_back=found.fell_back,
        match=match,
        notices=notices,
        elapsed_ms=round((time.perf_counter() - started) * 1000, 2),
    )


@request_budget()
def search_entries(
    generation: Generation,
    params: SearchParams,
    searcher: Searcher | None = None,
    limit: int = EXPORT_LIMIT,
) -> tuple[Entry, ...]:
    """Every entry a search finds, in its order and ignoring paging (exports, feeds)."""
    with locked(generation, searcher) as reading:
        table = document_table(generation)
        ordered = _order(_find(generation, reading, params, table), params, table, limit)
        return tuple(table.entry(docnum) for docnum in ordered)


def _find(
    generation: Generation,
    searcher: Searcher,
    params: SearchParams,
    table: DocumentTable,
    fallback: bool = True,
) -> _Found:
    parsed = _parser(generation)(params.q)
    filters = facet_filters(params, table)
    if parsed.query is None:
        matched = table.live
        return _Found(parsed, None, matched, apply_filters(matched, filters), filters, False)
    charge(parsed.cost)
    found = match_query(parsed.query, generation, searcher, table)
    final = apply_filters(found.mask, filters)
    # The fallback reads the same postings again: only if the request can afford them.
    any_words = parsed.fallback_query if falls_back(bool(found.mask.any())) else None
    if fallback and any_words is not None and afford(parsed.cost):
        either = match_query(any_words, generation, searcher, table)
        either_final = apply_filters(either.mask, filters)
        if either_final.any():
            return _Found(parsed, either.scores, either.mask, either_final, filters, True)
    return _Found(parsed, found.scores, found.mask, final, filters, False)


def _parser(generation: Generation) -> Callable[[str], ParsedQuery]:
    """parse_query for this generation, remembering recent queries: the same words come back
    with each change of filter, sort or page, and Whoosh's parser is slow."""
    return generation.cached(
        "search.parsed",
        lambda: lru_cache(PARSED_QUERIES)(partial(parse_query, generation=generation)),
    )


def _order(found: _Found, params: SearchParams, table: DocumentTable, limit: int) -> list[int]:
    """The first ``limit`` final docs in display order; ties always by id so pages are stable."""
    docs = np.flatnonzero(found.final)
    if limit <= 0 or not len(docs):
        return []
    sort = params.effective_sort
    scores = found.scores
    if sort == "relevance" and scores is not None:
        # Rounded so float noise between equal scores does not defeat the id tie-break.
        keys = -np.round(scores[docs], 6)
        # When every hit scores the same (only fielded terms or exclusions), relevance says
        # nothing: show newest first, as without a query.
        if keys.min() != keys.max():
            if limit < len(docs):
                # Only the docs scoring at least the limit-th best (ties included) are sorted.
                keep = keys <= np.partition(keys, limit - 1)[limit - 1]
                docs, keys = docs[keep], keys[keep]
            order = np.lexsort((table.id_rank[docs], keys))
            best: list[int] = docs[order][:limit].tolist()
            return best
    ranks = (table.oldest_rank if sort == "oldest" else table.newest_rank)[docs]
    if limit < len(docs):
        first = np.argpartition(ranks, limit - 1)[:limit]
        docs, ranks = docs[first], ranks[first]
    ordered: list[int] = docs[np.argsort(ranks)].tolist()
    return ordered


def count_results(
    generation: Generation,
    searcher: Searcher,
    params: SearchParams,
    table: DocumentTable | None = None,
    fallback: bool = True,
) -> int:
    """How many entries a search finds; with ``fallback``, as run_search counts them."""
    table = table or document_table(generation)
    return _find(generation, searcher, params, table, fallback).total


def _suggestion(
    generation: Generation,
    searcher: Searcher,
    params: SearchParams,
    table: DocumentTable,
    unmatched: tuple[str, ...],
    strict_total: int,
) -> str | None:
    """The corrected query, if it finds more entries with every word than the query typed."""
    corrected = correct_text(generation, params.q, unmatched)
    if corrected is None:
        return None
    changed = params.with_changes(q=corrected)
    try:
        better = count_results(generation, searcher, changed, table, fallback=False)
    except QueryError:
        return None
    return corrected if better > strict_total else None


def _plural(count: int) -> str:
    return f"{count} result{'s' if count != 1 else ''}"


def _recovery(
    generation: Generation,
    searcher: Searcher,
    params: SearchParams,
    table: DocumentTable,
    unmatched: tuple[str, ...],
) -> tuple[Recovery, ...]:
    """What dropping each filter, or each unknown word, would find."""
    vocabulary = generation.vocabulary
    options: list[tuple[str, SearchParams, str]] = []
    for facet, keys in params.filters.items():
        for key in keys:
            label = vocabulary.label(facet, key)
            changed = params.without_value(facet, key)
            options.append((f"without {facet}: {label}", changed, "filter"))
    if params.year_from is not None:
        options.append(
            (f"without year from {params.year_from}", params.with_changes(year_from=None), "filter")
        )
    if params.year_to is not None:
        options.append(
            (f"without year to {params.year_to}", params.with_changes(year_to=None), "filter")
        )
    if sum(kind == "filter" for *_, kind in options) > 1:
        options.append(("without any filter", params.without_filters(), "filter"))
    # Each option costs a search: a long query of unknown words must not cost dozens.
    for word in unmatched[:RECOVERY_WORDS]:
        remaining = " ".join(re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", params.q).split())
        options.append((f"without the word {word!r}", params.with_changes(q=remaining), "word"))
    recovery = []
    for text, changed, kind in options:
        try:
            count = count_results(generation, searcher, changed, table)
        except QueryError:
            continue
        if count:
            recovery.append(Recovery(f"{_plural(count)} {text}", count, changed, kind))
    return tuple(recovery)


def _filter_notes(params: SearchParams, generation: Generation) -> list[str]:
    """Explanation lines for the selected filters."""
    notes = []
    for facet, keys in params.filters.items():
        labels = " OR ".join(generation.vocabulary.label(facet, key) for key in keys)
        notes.append(f"filter {facet}: {labels}")
    if params.year_from is not None or params.year_to is not None:
        low = params.year_from if params.year_from is not None else "…"
        high = params.year_to if params.year_to is not None else "…"
        notes.append(f"filter year: {low}–{high}")
    return notes
