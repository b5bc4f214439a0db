"""The OpenAPI 3.1 description of the JSON API, kept true by tests/web/test_openapi.py."""

from __future__ import annotations

from typing import Any

from mediasearch.catalogue.facets import keyed_facets, tag_facets
from mediasearch.formats.api_json import result_fields
from mediasearch.formats.registry import citable_formats, offered_formats
from mediasearch.search.params import MAX_YEAR, MIN_YEAR, PER_PAGE_CHOICES, SORTS

_STRINGS = {"type": "array", "items": {"type": "string"}}
_NULLABLE_STRING = {"type": ["string", "null"]}


def _search_parameters() -> list[dict[str, Any]]:
    """The query parameters the search API shares with the search page."""
    parameters: list[dict[str, Any]] = [
        {
            "name": "q",
            "in": "query",
            "description": 'Query: words, "phrases", OR, NOT, -word, field:value, year ranges.',
            "schema": {"type": "string", "maxLength": 1000},
        }
    ]
    for definition in keyed_facets():
        parameters.append(
            {
                "name": definition.name,
                "in": "query",
                "description": definition.description,
                "schema": _STRINGS,
                "style": "form",
                "explode": True,
            }
        )
    parameters += [
        {
            "name": "year_from",
            "in": "query",
            "description": "First year included.",
            "schema": {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
        },
        {
            "name": "year_to",
            "in": "query",
            "description": "Last year included.",
            "schema": {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
        },
        {
            "name": "sort",
            "in": "query",
            "description": "Default: relevance with a query, newest without one.",
            "schema": {"type": "string", "enum": list(SORTS)},
        },
        {
            "name": "page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "default": 1},
        },
        {
            "name": "per_page",
            "in": "query",
            "schema": {"type": "integer", "enum": list(PER_PAGE_CHOICES), "default": 20},
        },
    ]
    return parameters


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _entry_properties() -> dict[str, Any]:
    """An API result's entry fields, in order; text unless said otherwise, tags as lists."""
    kinds = {"date": {"type": "string", "format": "date"}, "people": _STRINGS}
    kinds["description_cut"] = {
        "type": "boolean",
        "description": "The source listing cut the description off: it is all the capture holds.",
    }
    kinds |= {"url": _NULLABLE_STRING} | {d.entry_field: _STRINGS for d in tag_facets()}
    return {name: kinds.get(name, {"type": "string"}) for name in result_fields()}


def _facet_schemas() -> dict[str, Any]:
    """The schemas whose properties are the facets: entries, results and the query."""
    keyed = [definition.name for definition in keyed_facets()]
    entry = _entry_properties()
    return {
        "Entry": {
            "type": "object",
            "required": [*entry, "sources", "old_ids", "notes"],
            "additionalProperties": False,
            "properties": {
                **entry,
                "sources": _STRINGS,
                "old_ids": _STRINGS,
                "notes": {"type": "string", "description": "A curator's note on a decision."},
            },
        },
        "Result": {
            "type": "object",
            "additionalProperties": False,
            "required": [*entry, "score", "highlights"],
            "properties": {
                **entry,
                "score": {"type": ["number", "null"]},
                "highlights": {
                    "type": "object",
                    "description": "Field name -> escaped HTML snippet; only <mark> is markup.",
                    "additionalProperties": {"type": "string"},
                },
            },
        },
        "Query": {
            "type": "object",
            "description": "The search as understood: every parameter, with the sort in force.",
            "required": [
                "q",
                *keyed,
                "year_from",
                "year_to",
                "sort",
                "page",
                "per_page",
            ],
            "additionalProperties": False,
            "properties": {
                "q": {"type": "string"},
                **{name: _STRINGS for name in keyed},
                "year_from": {"type": ["integer", "null"]},
                "year_to": {"type": ["integer", "null"]},
                "sort": {"type": "string", "enum": list(SORTS)},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "enum": list(PER_PAGE_CHOICES)},
            },
        },
    }


#: The schemas that do not depend on the facets.
SCHEMAS: dict[str, Any] = {
    "FacetValue": {
        "type": "object",
        "additionalProperties": False,
        "required": ["value", "label", "count", "selected"],
        "properties": {
            "value": {"type": "string"},
            "label": {"type": "string"},
            "count": {"type": "integer", "minimum": 0},
            "selected": {"type": "boolean"},
        },
    },
    "Recovery": {
        "type": "object",
        "description": "A way on from a search that found nothing.",
        "required": ["kind", "message", "count", "query"],
        "additionalProperties": False,
        "properties": {
            "kind": {"type": "string", "enum": ["filter", "word"]},
            "message": {"type": "string"},
            "count": {"type": "integer", "minimum": 1},
            "query": {"$ref": "#/components/schemas/Query"},
        },
    },
    "Notice": {
        "type": "object",
        "description": (
            "What a reader must know before the results, the way out first. outside_filters: "
            "entries have every word but none passes the filters (count, and the query without "
            "them); unknown_words: no entry contains these words; any_words: no entry has every "
            "word, so the results have some of them."
        ),
        "required": ["kind", "message", "count", "query"],
        "additionalProperties": False,
        "properties": {
            "kind": {"type": "string", "enum": ["outside_filters", "unknown_words", "any_words"]},
            "message": {"type": "string"},
            "count": {"type": ["integer", "null"], "minimum": 1},
            "query": {"oneOf": [{"$ref": "#/components/schemas/Query"}, {"type": "null"}]},
        },
    },
    "SearchResponse": {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "query",
            "total",
            "page",
            "per_page",
            "results",
            "facets",
            "suggestion",
            "recovery",
            "match",
            "notices",
        ],
        "properties": {
            "query": {"$ref": "#/components/schemas/Query"},
            "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "enum": list(PER_PAGE_CHOICES)},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}},
            "facets": {
                "type": "object",
                "additionalProperties": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/FacetValue"},
                },
            },
            "suggestion": _NULLABLE_STRING,
            "recovery": {"type": "array", "items": {"$ref": "#/components/schemas/Recovery"}},
            "match": {
                "type": "string",
                "enum": ["all", "any", "none"],
                "description": (
                    "all: every result has every word (or there are no words); any: no entry "
                    "has every word, so the results have some of them, most first; none: "
                    "nothing found."
                ),
            },
            "notices": {"type": "array", "items": {"$ref": "#/components/schemas/Notice"}},
        },
    },
    "Status": {
        "type": "object",
        "description": "What this worker serves; null fields while no index is served.",
        "additionalProperties": False,
        "required": [
            "serving",
            "generation",
            "built_at",
            "catalogue_hash",
            "entries",
            "stale",
            "last_build_error",
            "worker_pid",
            "worker_uptime_seconds",
            "command",
        ],
        "properties": {
            "serving": {"type": "boolean"},
            "generation": _NULLABLE_STRING,
            "built_at": _NULLABLE_STRING,
            "catalogue_hash": _NULLABLE_STRING,
            "entries": {"type": ["integer", "null"]},
            "stale": {"type": ["boolean", "null"]},
            "last_build_error": _NULLABLE_STRING,
            "worker_pid": {"type": "integer"},
            "worker_uptime_seconds": {"type": "number"},
            "command": _NULLABLE_STRING,
        },
    },
    "Error": {
        "type": "object",
        "additionalProperties": False,
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["status", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "message": {"type": "string"},
                    "command": {"type": "string", "description": "What fixes it (503)."},
                    "instead": {
                        "type": "string",
                        "description": "A narrower query that would run (400, too broad).",
                    },
                },
            }
        },
    },
}


def _download_paths() -> dict[str, Any]:
    """The downloads of a search and the citations of an entry, one content type per format."""
    offered, citable = offered_formats(), citable_formats()
    return {
        "/export/{format_name}": {
            "get": {
                "summary": "Every result of a search as a file",
                "operationId": "export",
                "parameters": [
                    {
                        "name": "format_name",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": [f.name for f in offered]},
                    },
                    *_search_parameters(),
                ],
                "responses": {
                    "200": {
                        "description": "The file, as an attachment.",
                        "content": {f.media_type: {} for f in offered},
                    },
                    "400": {"description": "A query or parameter that cannot be read (a page)."},
                    "404": {"description": "No such format (a page)."},
                },
            }
        },
        "/entries/{entry_id}/citation.{extension}": {
            "get": {
                "summary": "One entry as a citation file",
                "operationId": "citation",
                "parameters": [
                    {
                        "name": "entry_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "extension",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": [f.extension for f in citable]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The citation, as an attachment.",
                        "content": {f.media_type: {} for f in citable},
                    },
                    "404": {"description": "No such entry or citation format (a page)."},
                },
            }
        },
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document served at /api/openapi.json."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "mediasearch API",
            "version": "1",
            "description": "Search the ILO's media archive on labour migration.",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Search the archive, with facets and hints",
                    "operationId": "search",
                    "parameters": _search_parameters(),
                    "responses": {
                        "200": {
                            "description": "One page of results with facet counts.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/SearchResponse"}
                                }
                            },
                        },
                        "400": _error_response("A query or parameter that cannot be read."),
                        "503": _error_response("There is no index yet."),
                    },
                }
            },
            "/api/entries/{entry_id}": {
                "get": {
                    "summary": "One entry of the catalogue",
                    "operationId": "getEntry",
                    "parameters": [
                        {
                            "name": "entry_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The entry.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Entry"}
                                }
                            },
                        },
                        "301": {"description": "An old id: redirects to the entry's new id."},
                        "404": _error_response("No entry has this id."),
                        "503": _error_response("There is no index yet."),
                    },
                }
            },
            "/api/status": {
                "get": {
                    "summary": "The index this worker serves, its staleness and last error",
                    "operationId": "status",
                    "responses": {
                        "200": {
                            "description": "The status.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Status"}
                                }
                            },
                        }
                    },
                }
            },
            "/api/openapi.json": {
                "get": {
                    "summary": "This description",
                    "operationId": "openapi",
                    "responses": {"200": {"description": "The OpenAPI document."}},
                }
            },
            **_download_paths(),
        },
        "components": {"schemas": {**_facet_schemas(), **SCHEMAS}},
    }
