"""The JSON API: /api/search, /api/entries/<id> and the OpenAPI description."""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue

from mediasearch.formats.api_json import entry_to_api, page_to_api
from mediasearch.search import engine as search
from mediasearch.search.params import parse_params
from mediasearch.search.related import get_entry
from mediasearch.web.index_access import current_generation, searching
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
    entry = get_entry(current_generation(), entry_id)
    if entry is None:
        g.error_message = f"There is no entry with the id {entry_id!r}."
        abort(404)
    if entry.id != entry_id:
        return redirect(url_for("api.entry_json", entry_id=entry.id), code=301)
    return jsonify(entry_to_api(entry))


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document())
