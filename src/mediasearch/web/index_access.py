"""Request-side access to the index for views and the API: the holder, the generation, staleness."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, abort, current_app, g, redirect, url_for

from mediasearch.catalogue.entries import Entry
from mediasearch.index.generation import Generation
from mediasearch.index.holder import IndexHolder
from mediasearch.search.related import get_entry


def get_holder(app: Flask | None = None) -> IndexHolder:
    """The index holder the app factory made (for the current app unless one is given)."""
    extensions = (current_app if app is None else app).extensions
    holder: IndexHolder = extensions["mediasearch.index.holder"]
    return holder


@contextmanager
def searching() -> Iterator[tuple[Generation, Any]]:
    """The live generation and this thread's searcher of it, for one request."""
    with get_holder().reading() as (generation, searcher):
        g.generation = generation
        yield generation, searcher


def entry_or_404(
    generation: Generation, entry_id: str, endpoint: str, missing: str, **values: Any
) -> Entry:
    """The entry with this id; else a 404 saying ``missing``, or a 301 from a former id.

    :param endpoint: the view whose URL, with the entry's current id, a former id moves to.
    """
    entry = get_entry(generation, entry_id)
    if entry is None:
        g.error_message = missing
        abort(404)
    if entry.id != entry_id:
        abort(redirect(url_for(endpoint, entry_id=entry.id, **values), code=301))
    return entry


def current_generation() -> Generation:
    """The live generation for this request (the same one throughout the request)."""
    if "generation" not in g:
        g.generation = get_holder().generation()
    generation: Generation = g.generation
    return generation


def index_is_stale() -> bool:
    """Whether the catalogue changed since the live generation was built."""
    config = current_app.config
    if not config["CHECK_STALE"]:
        return False
    return get_holder().is_stale(config["ENTRIES_PATH"], config["VOCABULARY_PATH"])
