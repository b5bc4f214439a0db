"""The JSON API: /api/search, /api/entries/<id> and the OpenAPI description."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from flask.typing import ResponseReturnValue

from mediasearch.formats.api_json import entry_to_api, page_to_api
from mediasearch.search import engine as search
from mediasearch.search.params import parse_params
from mediasearch.web.index_access import current_generation, entry_or_404, searching
from mediasearch.web.openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search_json() -> Response:
    """A search as JSON, with the same parameters as the search page."""
    with searching() as (generation, searcher):
        params = parse_params(request.args, generation.vocabulary)
        page = search.run_search(generation, params, searcher)
    return jsonify(page_to_api(page))


@bp.get("/entries/<entry_id>")
def entry_json(entry_id: str) -> ResponseReturnValue:
    """One entry as JSON; an old id redirects to the new one."""
    missing = f"There is no entry with the id {entry_id!r}."
    entry = entry_or_404(current_generation(), entry_id, "api.entry_json", missing)
    return jsonify(entry_to_api(entry))


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document())
