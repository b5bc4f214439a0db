"""Related entries over arrays rank and explain exactly as the Whoosh-driven version did."""

from __future__ import annotations

import pytest

from mediasearch.catalogue.facets import all_facets
from mediasearch.index.doc_table import document_table
from mediasearch.search import related


def whoosh_related(generation, entry_id, limit):
    """The former implementation, kept as the reference: a dict per document, more_like."""
    table = document_table(generation)
    docnum = table.docnum(entry_id)
    entry = table.entry(docnum)
    scores: dict[int, float] = {}
    reasons: dict[int, list[str]] = {}
    weighted = sorted(
        (d for d in all_facets() if d.related_weight), key=lambda d: -d.related_weight
    )
    for definition in weighted:
        facet, weight = definition.name, definition.related_weight
        for key in entry.facet_keys(facet):
            for other in table.facets[facet].mask((key,), table.size).nonzero()[0].tolist():
                if other != docnum:
                    scores[other] = scores.get(other, 0.0) + weight
                    label = related._label(generation, facet, key)
                    reasons.setdefault(other, []).append(f"same {facet}: {label}")
    with generation.index.searcher() as searcher:
        found: dict[int, float] = {}
        for fieldname in ("title", "description"):
            text = f"{entry.title}\n{entry.description}"
            hits = searcher.more_like(docnum, fieldname, text=text, top=related.TEXT_CANDIDATES)
            for other, score in hits.items():
                found[other] = found.get(other, 0.0) + score
    top = max(found.values(), default=0.0)
    for other, score in found.items():
        if top > 0:
            scores[other] = scores.get(other, 0.0) + related.TEXT_WEIGHT * score / top
            reasons.setdefault(other, ["similar words"])
    ranked = sorted(scores, key=lambda d: (-round(scores[d], 6), table.newest_rank[d]))
    return [(table.entry(d).id, tuple(reasons[d]), round(scores[d], 4)) for d in ranked[:limit]]


@pytest.fixture(params=["ram_generation", "segmented_generation"])
def generation(request):
    return request.getfixturevalue(request.param)


def test_related_entries_equal_the_whoosh_driven_ones_for_every_entry(generation):
    table = document_table(generation)
    for entry_id in table.docnum_by_id:
        found = related.related_entries(generation, entry_id, limit=8)
        expected = whoosh_related(generation, entry_id, 8)
        assert [(r.entry.id, r.reasons) for r in found] == [e[:2] for e in expected], entry_id
        assert [r.score for r in found] == pytest.approx([e[2] for e in expected]), entry_id
