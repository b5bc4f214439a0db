"""The JSON documents of the API (``/api/search``, ``/api/entries/<id>``), built from results."""

from __future__ import annotations

from mediasearch.catalogue.entries import Entry, entry_fields
from mediasearch.catalogue.facets import keyed_facets
from mediasearch.search.params import SearchParams
from mediasearch.search.results import Hit, Notice, Recovery, SearchPage


def result_fields() -> tuple[str, ...]:
    """Entry fields an API result carries: the catalogue's, in its order, up to the url."""
    fields = entry_fields()
    return fields[: fields.index("url") + 1]


def entry_to_api(entry: Entry) -> dict:
    """One entry as the API gives it (``/api/entries/<id>``): sources, old ids, curator's notes."""
    data = entry.to_dict()
    fields = (*result_fields(), "sources", "old_ids", "notes")
    return {name: data[name] for name in fields}


def params_to_api(params: SearchParams) -> dict:
    """The search parameters, every one present, with the sort in force."""
    return {
        "q": params.q,
        **{
            definition.name: list(params.selected(definition.name)) for definition in keyed_facets()
        },
        "year_from": params.year_from,
        "year_to": params.year_to,
        "sort": params.effective_sort,
        "page": params.page,
        "per_page": params.per_page,
    }


def _hit(hit: Hit) -> dict:
    data = hit.entry.to_dict()
    result = {name: data[name] for name in result_fields()}
    result["score"] = hit.score
    result["highlights"] = dict(hit.highlights)
    return result


def _recovery(recovery: Recovery) -> dict:
    return {
        "kind": recovery.kind,
        "message": recovery.message,
        "count": recovery.count,
        "query": params_to_api(recovery.params),
    }


def _notice(notice: Notice) -> dict:
    return {
        "kind": notice.kind,
        "message": notice.message,
        "count": notice.count,
        "query": params_to_api(notice.params) if notice.params else None,
    }


def page_to_api(page: SearchPage) -> dict:
    """The ``/api/search`` document (docs/design-decisions.md, "The JSON API") of a page."""
    return {
        "query": params_to_api(page.params),
        "total": page.total,
        "page": page.params.page,
        "per_page": page.params.per_page,
        "results": [_hit(hit) for hit in page.hits],
        "facets": {
            facet.name: [
                {
                    "value": value.value,
                    "label": value.label,
                    "count": value.count,
                    "selected": value.selected,
                }
                for value in facet.values
            ]
            for facet in page.facets
        },
        "suggestion": page.suggestion,
        "recovery": [_recovery(item) for item in page.recovery],
        "match": page.match,
        "notices": [_notice(item) for item in page.notices],
    }
