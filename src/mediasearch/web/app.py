"""The Flask app factory: settings, one index holder per process, blueprints, error pages."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, jsonify, render_template, request, url_for
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException

from mediasearch.catalogue.entries import long_date
from mediasearch.catalogue.facets import facet_headings
from mediasearch.errors import IndexDamagedError, IndexMissingError, QueryError, QueryTooBroadError
from mediasearch.index.holder import IndexHolder
from mediasearch.index.store import index_command_for
from mediasearch.search import engine as search
from mediasearch.search.params import MAX_YEAR, MIN_YEAR
from mediasearch.settings import PATH_SETTINGS, PROJECT_ROOT, SETTINGS, vocabulary_path
from mediasearch.web import health
from mediasearch.web.error_page import ErrorContext, error_context
from mediasearch.web.headers import add_security_headers, is_api_path
from mediasearch.web.links import Link

logger = logging.getLogger(__name__)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the web app: defaults, then MEDIASEARCH_* variables, then the test dict."""
    app = Flask(
        __name__,
        # The project keeps templates/ and static/ at the repository root (mandated layout).
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    for name, default, _meaning in SETTINGS:
        app.config[name] = default
    app.config.from_prefixed_env("MEDIASEARCH")
    if test_config:
        app.config.from_mapping(test_config)
    # By the rule every CLI command follows, or the app would call their index stale.
    app.config["VOCABULARY_PATH"] = vocabulary_path(
        app.config["ENTRIES_PATH"], (test_config or {}).get("VOCABULARY_PATH")
    )
    # Paths are resolved to absolute ones once, at startup.
    for name in PATH_SETTINGS:
        app.config[name] = Path(app.config[name]).expanduser().resolve()
    # Jinja's autoescaping is on for .html; JSON keeps the order the API declares its keys in.
    json_provider = DefaultJSONProvider(app)
    json_provider.sort_keys = False
    app.json = json_provider
    app.add_template_filter(long_date, "long_date")
    app.jinja_env.globals["facet_names"] = facet_headings()
    app.jinja_env.globals.update(min_year=MIN_YEAR, max_year=MAX_YEAR)

    warm = search.warm if app.config["WARM_INDEX"] else None
    app.extensions["mediasearch.index.holder"] = IndexHolder(
        app.config["INDEX_DIR"], warm=warm, check_interval=app.config["INDEX_CHECK_INTERVAL"]
    )

    app.extensions[health.STARTED_KEY] = time.monotonic()

    from mediasearch.web import api, downloads, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(downloads.bp)
    app.register_blueprint(health.bp)
    app.register_error_handler(QueryError, _query_error)
    app.register_error_handler(IndexMissingError, _index_missing)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.after_request(add_security_headers)
    return app


def render_error(context: ErrorContext) -> tuple[Response | str, int]:
    """One error, as JSON for API URLs and as the one error template otherwise."""
    if is_api_path(request.path):
        body: dict[str, Any] = {"status": context.status, "message": context.message}
        if context.command:
            body["command"] = context.command
        if context.instead:
            body["instead"] = context.instead.label
        return jsonify({"error": body}), context.status
    return render_template("error.html", page=context), context.status


def _query_error(error: QueryError) -> tuple[Response | str, int]:
    q = request.args.get("q", "")
    if not isinstance(error, QueryTooBroadError):
        return render_error(error_context(400, str(error), q=q))
    instead = None
    if error.instead:
        # The same search, filters kept, with the narrower query.
        args = [(name, value) for name, value in request.args.items(multi=True) if name != "q"]
        href = f"{url_for('views.search_page')}?{urlencode([('q', error.instead), *args])}"
        instead = Link(error.instead, href)
    title = "That search is too broad"
    return render_error(error_context(400, str(error), q=q, title=title, instead=instead))


def _index_missing(error: IndexMissingError) -> tuple[Response | str, int]:
    logger.warning("no index: %s", error)
    message = "There is no search index yet."
    if isinstance(error, IndexDamagedError):
        message = f"The search index cannot be read: {error}."
    # The same command repairs a damaged index: it rebuilds from the catalogue.
    command = index_command_for(current_app.config["INDEX_DIR"])
    return render_error(error_context(503, message, command=command))


def _http_error(error: HTTPException) -> tuple[Response | str, int] | HTTPException:
    # Routing redirects (e.g. a missing trailing slash) are HTTPExceptions too: pass them on.
    if error.code is None or error.code < 400:
        return error
    message = getattr(g, "error_message", None) or error.description or error.name
    return render_error(error_context(error.code, message, q=request.args.get("q", "")))


def _unexpected_error(error: Exception) -> tuple[Response | str, int]:
    # The requests' logged boundary (holder.py has the index switch's): anything unplanned
    # becomes a 500 page, never a traceback.
    logger.exception("unexpected error on %s", request.path)
    return render_error(error_context(500, "Something went wrong on our side."))
