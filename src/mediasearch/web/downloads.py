"""Downloads: the current search as CSV/JSON/RIS/BibTeX, its Atom feed, citations, OpenSearch."""

from __future__ import annotations

import re
from dataclasses import replace

from flask import Blueprint, Response, abort, g, render_template, request, url_for

from mediasearch.formats.exports import FORMATS, entries_to_atom, export_entries
from mediasearch.search import engine as search
from mediasearch.search.params import SearchParams, parse_params
from mediasearch.search.related import get_entry
from mediasearch.web.index_access import searching
from mediasearch.web.links import search_href

bp = Blueprint("downloads", __name__)

#: Entries an Atom feed carries: the newest of the search, as feed readers expect.
FEED_SIZE = 50
#: Citation file extension -> export format.
CITATION_FORMATS = {"ris": "ris", "bib": "bibtex"}


def _page_url(entry_id: str) -> str:
    return url_for("views.entry_page", entry_id=entry_id, _external=True)


def _download(body: str, format_name: str, stem: str) -> Response:
    _label, extension, mimetype = FORMATS[format_name]
    disposition = f'attachment; filename="{stem}.{extension}"'
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


def _file_stem(params: SearchParams) -> str:
    """A file name people recognise: mediasearch-fair-recruitment, or mediasearch-all."""
    words = re.sub(r"[^a-z0-9]+", "-", params.q.casefold()).strip("-")[:60].strip("-")
    return f"mediasearch-{words or 'all'}"


def download_links(params: SearchParams) -> dict[str, str]:
    """Label -> URL of each download of this search: every result, not just the page shown."""
    whole = params.with_changes(page=1)
    return {
        label: search_href(url_for("downloads.export", format_name=name), whole)
        for name, (label, _extension, _mimetype) in FORMATS.items()
    }


def feed_link(params: SearchParams) -> str:
    """The URL of the Atom feed that follows this search."""
    return search_href(url_for("downloads.feed"), params.with_changes(page=1, sort=None))


@bp.get("/export/<format_name>")
def export(format_name: str) -> Response:
    """Every result of the current search (not just the page shown) as a download."""
    if format_name not in FORMATS:
        g.error_message = f"There is no “{format_name}” download: try csv, json, ris or bibtex."
        abort(404)
    with searching() as (generation, searcher):
        params = parse_params(request.args, generation.vocabulary)
        entries = search.search_entries(generation, params, searcher)
    body = export_entries(format_name, entries, generation.vocabulary, _page_url)
    return _download(body, format_name, _file_stem(params))


@bp.get("/feed.atom")
def feed() -> Response:
    """The newest entries of the current search as an Atom feed, to follow a search."""
    with searching() as (generation, searcher):
        params = replace(parse_params(request.args, generation.vocabulary), sort="newest")
        entries = search.search_entries(generation, params, searcher, limit=FEED_SIZE)
    what = f"“{params.q}”" if params.q else "all media"
    body = entries_to_atom(
        entries,
        title=f"ILO labour migration media: {what}",
        feed_url=request.url,
        search_url=search_href(url_for("views.search_page", _external=True), params),
        page_url=_page_url,
    )
    return Response(body, mimetype="application/atom+xml")


@bp.get("/entries/<entry_id>/citation.<extension>")
def citation(entry_id: str, extension: str) -> Response:
    """One entry as a RIS or BibTeX citation."""
    format_name = CITATION_FORMATS.get(extension)
    with searching() as (generation, _searcher):
        entry = get_entry(generation, entry_id)
    if entry is None or format_name is None:
        g.error_message = f"There is no citation “{entry_id}/citation.{extension}”."
        abort(404)
    body = export_entries(format_name, [entry], generation.vocabulary, _page_url)
    return _download(body, format_name, entry.id)


@bp.get("/opensearch.xml")
def opensearch() -> Response:
    """The OpenSearch description, so a browser can add the site as a search engine."""
    body = render_template(
        "opensearch.xml",
        search_url=url_for("views.search_page", _external=True),
        feed_url=url_for("downloads.feed", _external=True),
    )
    return Response(body, mimetype="application/opensearchdescription+xml")
