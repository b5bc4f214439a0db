"""Facet filters (boolean masks) and exact, disjunctive facet counts over the document table.

Several values within a facet are OR-ed, facets are AND-ed, and each facet's counts ignore
that facet's own selection, as a researcher expects from checkboxes.
"""

from __future__ import annotations

import numpy as np

from mediasearch.catalogue.facets import all_facets
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.index.doc_table import DocumentTable
from mediasearch.search.params import SearchParams
from mediasearch.search.results import Facet, FacetValue


def facet_filters(params: SearchParams, table: DocumentTable) -> dict[str, np.ndarray]:
    """Facet name -> a mask of the docnums its selection allows, for each facet selected."""
    filters: dict[str, np.ndarray] = {}
    for facet, keys in params.filters.items():
        filters[facet] = table.facets[facet].mask(keys, table.size)
    if params.year_from is not None or params.year_to is not None:
        low = params.year_from if params.year_from is not None else -1
        high = params.year_to if params.year_to is not None else 10_000
        filters["year"] = table.live & (table.years >= low) & (table.years <= high)
    return filters


def apply_filters(
    docs: np.ndarray, filters: dict[str, np.ndarray], skip: str | None = None
) -> np.ndarray:
    """The docs every filter but ``skip`` allows."""
    for facet, allowed in filters.items():
        if facet != skip:
            docs = docs & allowed
    return docs


def selected_values(params: SearchParams, facet: str, table: DocumentTable) -> tuple[str, ...]:
    """The facet's selected values; for years, every indexed year inside the range."""
    if facet != "year":
        return params.selected(facet)
    if params.year_from is None and params.year_to is None:
        return ()
    low = params.year_from if params.year_from is not None else -1
    high = params.year_to if params.year_to is not None else 10_000
    return tuple(y for y in table.facets["year"].keys if low <= int(y) <= high)


def count_facets(
    matched: np.ndarray,
    filters: dict[str, np.ndarray],
    params: SearchParams,
    table: DocumentTable,
    vocabulary: Vocabulary,
) -> tuple[Facet, ...]:
    """Every facet with exact disjunctive counts over the docs the query matched."""
    facets = []
    for definition in all_facets():
        name = definition.name
        counts = table.facets[name].counts(apply_filters(matched, filters, skip=name))
        selected = selected_values(params, name, table)
        keys = set(counts) | set(selected)
        if name == "year":
            ordered = sorted(keys, key=lambda key: -int(key))
        else:
            ordered = sorted(
                keys,
                key=lambda key: (-counts.get(key, 0), _label(vocabulary, name, key).casefold()),
            )
        values = tuple(
            FacetValue(
                value=key,
                label=_label(vocabulary, name, key),
                count=counts.get(key, 0),
                selected=key in selected,
            )
            for key in ordered
        )
        facets.append(Facet(name=name, label=definition.heading, values=values))
    return tuple(facets)


def _label(vocabulary: Vocabulary, facet: str, key: str) -> str:
    return key if facet == "year" else vocabulary.label(facet, key)
