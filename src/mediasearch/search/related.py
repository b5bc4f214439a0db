"""One entry by id (old ids included) and the entries related to it, with the reasons."""

from __future__ import annotations

from whoosh.searching import Searcher

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.facets import all_facets
from mediasearch.index.doc_table import document_table
from mediasearch.index.generation import Generation
from mediasearch.index.shared_searcher import locked
from mediasearch.search.results import RelatedEntry

#: What text similarity (more_like, normalised to 0..1) adds at most.
TEXT_WEIGHT = 1.0
#: How many textually similar entries to consider.
TEXT_CANDIDATES = 20


def get_entry(generation: Generation, entry_id: str) -> Entry | None:
    """The entry with this id, or the one that had it as a former id, or None.

    When ``result.id != entry_id`` the id is a former one: the web redirects to the new URL.
    """
    docnum = document_table(generation).docnum(entry_id)
    return None if docnum is None else document_table(generation).entry(docnum)


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
    """
    table = document_table(generation)
    docnum = table.docnum(entry_id)
    if docnum is None:
        return ()
    entry = table.entry(docnum)
    scores: dict[int, float] = {}
    reasons: dict[int, list[str]] = {}
    # Heaviest facet first, so the reasons read in order of weight.
    weighted = sorted(
        (d for d in all_facets() if d.related_weight), key=lambda d: -d.related_weight
    )
    for definition in weighted:
        facet, weight = definition.name, definition.related_weight
        column = table.facets[facet]
        for key in entry.facet_keys(facet):
            for other in column.mask((key,), table.size).nonzero()[0].tolist():
                if other != docnum:
                    scores[other] = scores.get(other, 0.0) + weight
                    reasons.setdefault(other, []).append(
                        f"same {facet}: {_label(generation, facet, key)}"
                    )
    with locked(generation, searcher) as reading:
        similar = _similar(reading, docnum, entry)
    for other, similarity in similar.items():
        scores[other] = scores.get(other, 0.0) + TEXT_WEIGHT * similarity
        if other not in reasons:
            reasons[other] = ["similar words"]
    # Best score first, then newest (newest_rank orders dates newest first, ties by id).
    ranked = sorted(scores, key=lambda d: (-round(scores[d], 6), table.newest_rank[d]))
    return tuple(
        RelatedEntry(
            entry=table.entry(d),
            reasons=tuple(reasons[d]),
            score=round(scores[d], 4),
        )
        for d in ranked[:limit]
    )


def _similar(searcher: Searcher, docnum: int, entry: Entry) -> dict[int, float]:
    """docnum -> text similarity in 0..1, from Whoosh's more_like over title and description."""
    text = f"{entry.title}\n{entry.description}"
    found: dict[int, float] = {}
    for fieldname in ("title", "description"):
        results = searcher.more_like(docnum, fieldname, text=text, top=TEXT_CANDIDATES)
        for other, score in results.items():
            found[other] = found.get(other, 0.0) + score
    if not found:
        return {}
    top = max(found.values())
    return {other: score / top for other, score in found.items() if top > 0}
