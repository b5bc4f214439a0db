"""One entry by id (old ids included) and the entries related to it, with the reasons."""

from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.classify import Bo1Model
from whoosh.searching import Searcher

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.facets import all_facets
from mediasearch.index.doc_table import DocumentTable, document_table
from mediasearch.index.generation import Generation
from mediasearch.index.shared_searcher import locked
from mediasearch.search.matching import match_query
from mediasearch.search.results import RelatedEntry

#: What text similarity (more_like, normalised to 0..1) adds at most.
TEXT_WEIGHT = 1.0
#: How many textually similar entries to consider.
TEXT_CANDIDATES = 20


def get_entry(generation: Generation, entry_id: str) -> Entry | None:
    """The entry with this id, or the one that had it as a former id, or None.

    When ``result.id != entry_id`` the id is a former one: the web redirects to the new URL.
    """
    table = document_table(generation)
    docnum = table.docnum(entry_id)
    return None if docnum is None else table.entry(docnum)


def _label(generation: Generation, facet: str, key: str) -> str:
    term = generation.vocabulary.term(facet, key)
    if term is None:
        return key
    return term.acronym or term.label


def related_entries(
    generation: Generation, entry_id: str, limit: int = 5, searcher: Searcher | None = None
) -> tuple[RelatedEntry, ...]:
    """Entries sharing projects, countries, topics or words with one entry, best first.

    Ranked by shared project > country > topic > region, then text similarity, then newest;
    each carries its reasons ("same project: REFRAME", "same topic: Fair recruitment").
    Scored over the document table's arrays; reasons are worded for the entries shown only.
    """
    table = document_table(generation)
    docnum = table.docnum(entry_id)
    if docnum is None:
        return ()
    entry = table.entry(docnum)
    # Heaviest facet first, so the reasons read in order of weight.
    weighted = sorted(
        (d for d in all_facets() if d.related_weight), key=lambda d: -d.related_weight
    )
    shared = [
        (definition, key, table.facets[definition.name].mask((key,), table.size))
        for definition in weighted
        for key in entry.facet_keys(definition.name)
    ]
    scores = np.zeros(table.size)
    for definition, _, mask in shared:
        scores[mask] += definition.related_weight
    with locked(generation, searcher) as reading:
        similar = _similar(generation, reading, table, docnum, entry)
    scores += TEXT_WEIGHT * similar
    scores[docnum] = 0.0
    candidates = np.flatnonzero(scores > 0)
    # Best score first, then newest (newest_rank orders dates newest first, ties by id).
    order = np.lexsort((table.newest_rank[candidates], -np.round(scores[candidates], 6)))
    return tuple(
        RelatedEntry(
            entry=table.entry(other),
            reasons=tuple(
                f"same {definition.name}: {_label(generation, definition.name, key)}"
                for definition, key, mask in shared
                if mask[other]
            )
            or ("similar words",),
            score=round(float(scores[other]), 4),
        )
        for other in candidates[order][:limit].tolist()
    )


def _similar(
    generation: Generation, searcher: Searcher, table: DocumentTable, docnum: int, entry: Entry
) -> np.ndarray:
    """Docnum -> text similarity in 0..1: Whoosh's more_like over title and description (its
    key terms, their Or's best TEXT_CANDIDATES), the Or matched over arrays."""
    text = f"{entry.title}\n{entry.description}"
    found = np.zeros(table.size)
    for fieldname in ("title", "description"):
        key_terms = searcher.key_terms_from_text(
            fieldname, text, numterms=5, model=Bo1Model, normalize=False
        )
        if not key_terms:
            continue
        query = wq.Or([wq.Term(fieldname, word, boost=weight) for word, weight in key_terms])
        matches = match_query(query, generation, searcher, table)
        matches.mask[docnum] = False
        others = np.flatnonzero(matches.mask)
        # Whoosh's top hits: best score first, ties to the lower docnum.
        best = others[np.lexsort((others, -matches.scores[others]))][:TEXT_CANDIDATES]
        found[best] += matches.scores[best]
    top = found.max(initial=0.0)
    return found / top if top > 0 else found
