"""Downloads: the current search in each output format, its Atom feed, citations, OpenSearch."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import replace
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, g, render_template, request, url_for

from mediasearch.catalogue.loading import catalogue_digest
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.formats.atom import ATOM_FEED
from mediasearch.formats.output_format import ExportContext, OutputFormat
from mediasearch.formats.registry import (
    citable_formats,
    citation_format,
    get_format,
    offered_formats,
)
from mediasearch.search import engine as search
from mediasearch.search.params import SearchParams, parse_params
from mediasearch.web.index_access import entry_or_404, searching
from mediasearch.web.links import Link, search_href

bp = Blueprint("downloads", __name__)

#: Entries an Atom feed carries: the newest of the search, as feed readers expect.
FEED_SIZE = 50


def _page_url(entry_id: str) -> str:
    """An entry's permalink: on the public address when one is set, else as this request came."""
    public: str | None = current_app.config["PUBLIC_BASE_URL"]
    if public:
        return public.rstrip("/") + url_for("views.entry_page", entry_id=entry_id)
    return url_for("views.entry_page", entry_id=entry_id, _external=True)


def export_context(vocabulary: Vocabulary, **feed: str) -> ExportContext:
    """What the formats need from the site: labels and entry permalinks."""
    return ExportContext(vocabulary, _page_url, **feed)


def _download(body: str, output_format: OutputFormat, stem: str) -> Response:
    disposition = f'attachment; filename="{stem}.{output_format.extension}"'
    headers = {"Content-Disposition": disposition}
    return Response(body, content_type=output_format.content_type, headers=headers)


def _file_stem(params: SearchParams) -> str:
    """A file name people recognise: mediasearch-fair-recruitment, or mediasearch-all."""
    words = re.sub(r"[^a-z0-9]+", "-", params.q.casefold()).strip("-")[:60].strip("-")
    return f"mediasearch-{words or 'all'}"


def download_links(params: SearchParams) -> tuple[Link, ...]:
    """A link to each download of this search: every result, not just the page shown."""
    whole = params.with_changes(page=1)
    return tuple(
        Link(f.label, search_href(url_for("downloads.export", format_name=f.name), whole))
        for f in offered_formats()
    )


def citation_links(entry_id: str) -> tuple[Link, ...]:
    """A link to each citation file of one entry."""
    return tuple(
        Link(f.label, url_for("downloads.citation", entry_id=entry_id, extension=f.extension))
        for f in citable_formats()
    )


def feed_link(params: SearchParams) -> str:
    """The URL of the Atom feed that follows this search."""
    return search_href(url_for("downloads.feed"), params.with_changes(page=1, sort=None))


@bp.get("/export/<format_name>")
def export(format_name: str) -> Response:
    """Every result of the current search (not just the page shown) as a download."""
    output_format = get_format(format_name)
    if output_format is None:
        names = ", ".join(f.name for f in offered_formats())
        g.error_message = f"There is no “{format_name}” download: try {names}."
        abort(404)
    with searching() as (generation, searcher):
        params = parse_params(request.args, generation.vocabulary)
        entries = search.search_entries(generation, params, searcher)
    body = output_format.render(entries, export_context(generation.vocabulary))
    return _download(body, output_format, _file_stem(params))


@bp.get("/catalogue.<extension>")
def catalogue_snapshot(extension: str) -> Response:
    """The whole catalogue the live index was built from, named by its date and hash, so a
    researcher can cite (and keep) the exact version they searched."""
    if extension not in ("json", "yaml"):
        g.error_message = "The catalogue is offered as catalogue.json or catalogue.yaml."
        abort(404)
    with searching() as (generation, searcher):
        digest = generation.catalogue_digest
        indexed_at = str(generation.meta.get("built_at", ""))
        everything = search.search_entries(
            generation, SearchParams(sort="newest"), searcher, limit=sys.maxsize
        )
    if extension == "json":
        snapshot = {
            "catalogue_hash": digest,
            "indexed_at": indexed_at,
            "entry_count": len(everything),
            "entries": [entry.to_dict() for entry in everything],
        }
        body, media_type = json.dumps(snapshot, ensure_ascii=False, indent=1), "application/json"
    else:
        # The YAML is the curators' own file, byte for byte, but only while it is the version
        # the index holds; after an edit, the JSON (read from the index) still is.
        config = current_app.config
        entries_path = Path(config["ENTRIES_PATH"])
        if catalogue_digest(entries_path, config["VOCABULARY_PATH"]) != digest:
            g.error_message = (
                "The catalogue has been edited since the search index was built, so its YAML is "
                "not the version being searched: catalogue.json is."
            )
            abort(409)
        body, media_type = entries_path.read_text(encoding="utf-8"), "application/yaml"
    stem = f"mediasearch-catalogue-{indexed_at[:10]}-{digest}"
    headers = {
        "Content-Disposition": f'attachment; filename="{stem}.{extension}"',
        "X-Catalogue-Hash": digest,
    }
    return Response(body, content_type=f"{media_type}; charset=utf-8", headers=headers)


@bp.get("/feed.atom")
def feed() -> Response:
    """The newest entries of the current search as an Atom feed, to follow a search."""
    with searching() as (generation, searcher):
        params = replace(parse_params(request.args, generation.vocabulary), sort="newest")
        entries = search.search_entries(generation, params, searcher, limit=FEED_SIZE)
    what = f"“{params.q}”" if params.q else "all media"
    context = export_context(
        generation.vocabulary,
        title=f"ILO labour migration media: {what}",
        self_url=request.url,
        search_url=search_href(url_for("views.search_page", _external=True), params),
    )
    return Response(ATOM_FEED.render(entries, context), content_type=ATOM_FEED.content_type)


@bp.get("/entries/<entry_id>/citation.<extension>")
def citation(entry_id: str, extension: str) -> Response:
    """One entry as a citation file in one of the citable formats."""
    output_format = citation_format(extension)
    missing = f"There is no citation “{entry_id}/citation.{extension}”."
    if output_format is None:
        g.error_message = missing
        abort(404)
    with searching() as (generation, _searcher):
        entry = entry_or_404(
            generation, entry_id, "downloads.citation", missing, extension=extension
        )
    body = output_format.render([entry], export_context(generation.vocabulary))
    return _download(body, output_format, entry.id)


@bp.get("/opensearch.xml")
def opensearch() -> Response:
    """The OpenSearch description, so a browser can add the site as a search engine."""
    body = render_template(
        "opensearch.xml",
        search_url=url_for("views.search_page", _external=True),
        feed_url=url_for("downloads.feed", _external=True),
    )
    return Response(body, mimetype="application/opensearchdescription+xml")
