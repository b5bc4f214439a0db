"""Request-side access to the index for views and the API: the holder, the generation, staleness."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g

from mediasearch.index.generation import Generation
from mediasearch.index.holder import IndexHolder


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
