"""One entry by id (old ids included) and the entries related to it, with the reasons."""

from __future__ import annotations

from whoosh.searching import Searcher

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.facets import all_facets
from mediasearch.index.doc_table import DocumentInfo, document_table
from mediasearch.index.generation import Generation
from mediasearch.search.results import RelatedEntry

#: What text similarity (more_like, normalised to 0..1) adds at most.
TEXT_WEIGHT = 1.0
#: How many textually similar entries to consider.
TEXT_CANDIDATES = 20


def get_entry(generation: Generation, entry_id: str) -> Entry | None:
    """The entry with this id, or the one that had it as a former id, or None.

    When ``result.id != entry_id`` the id is a former one: the web redirects to the new URL.
    """
    info = _info(generation, entry_id)
    return info.entry if info else None


def _info(generation: Generation, entry_id: str) -> DocumentInfo | None:
    table = document_table(generation)
    info = table.by_id.get(entry_id)
    if info is None and entry_id in table.old_ids:
        info = table.by_id.get(table.old_ids[entry_id])
    return info


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
    info = _info(generation, entry_id)
    if info is None:
        return ()
    table = document_table(generation)
    scores: dict[int, float] = {}
    reasons: dict[int, list[str]] = {}
    # Heaviest facet first, so the reasons read in order of weight.
    weighted = sorted(
        (d for d in all_facets() if d.related_weight), key=lambda d: -d.related_weight
    )
    for definition in weighted:
        facet, weight = definition.name, definition.related_weight
        for key in info.facets[facet]:
            for docnum in table.postings.get(facet, {}).get(key, ()):
                if docnum != info.docnum:
                    scores[docnum] = scores.get(docnum, 0.0) + weight
                    reasons.setdefault(docnum, []).append(
                        f"same {facet}: {_label(generation, facet, key)}"
                    )
    similar = _similar(generation, info, searcher)
    for docnum, similarity in similar.items():
        scores[docnum] = scores.get(docnum, 0.0) + TEXT_WEIGHT * similarity
        if docnum not in reasons:
            reasons[docnum] = ["similar words"]
    ranked = sorted(
        scores,
        key=lambda d: (
            -round(scores[d], 6),
            _negated(table.by_docnum[d].date),
            table.by_docnum[d].id,
        ),
    )
    return tuple(
        RelatedEntry(
            entry=table.by_docnum[d].entry,
            reasons=tuple(reasons[d]),
            score=round(scores[d], 4),
        )
        for d in ranked[:limit]
    )


def _negated(date: str) -> tuple[int, ...]:
    """A sort key that puts later ISO dates first."""
    return tuple(-int(part) for part in date.split("-"))


def _similar(generation: Generation, info: DocumentInfo, searcher: Searcher | None) -> dict:
    """docnum -> text similarity in 0..1, from Whoosh's more_like over title and description."""
    text = f"{info.entry.title}\n{info.entry.description}"
    if searcher is None:
        with generation.index.searcher() as own:
            return _similar_with(own, info, text)
    return _similar_with(searcher, info, text)


def _similar_with(searcher: Searcher, info: DocumentInfo, text: str) -> dict[int, float]:
    found: dict[int, float] = {}
    for fieldname in ("title", "description"):
        results = searcher.more_like(info.docnum, fieldname, text=text, top=TEXT_CANDIDATES)
        for docnum, score in results.items():
            found[docnum] = found.get(docnum, 0.0) + score
    if not found:
        return {}
    top = max(found.values())
    return {docnum: score / top for docnum, score in found.items() if top > 0}
