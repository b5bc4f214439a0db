"""The HTML pages: the search page and the entry page, thin over the search library."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from mediasearch.formats.page_metadata import reference
from mediasearch.search import engine as search
from mediasearch.search.coverage import archive_coverage, archive_summary
from mediasearch.search.params import given_years, parse_params, years_reversed
from mediasearch.search.related import related_entries
from mediasearch.web.about_page import about_context
from mediasearch.web.downloads import citation_links, download_links, export_context, feed_link
from mediasearch.web.entry_page import entry_context, reason_text
from mediasearch.web.index_access import entry_or_404, index_is_stale, searching
from mediasearch.web.links import back_to_search, search_href
from mediasearch.web.search_page import search_context

bp = Blueprint("views", __name__)


@bp.get("/")
def search_page() -> ResponseReturnValue:
    """The search page: the whole archive newest first, or the results of a search."""
    with searching() as (generation, searcher):
        params = parse_params(request.args, generation.vocabulary)
        if years_reversed(*given_years(request.args)):
            # From 2021 to 2019 is searched as 2019 to 2021: the URL says so too, as the form.
            return redirect(search_href(url_for("views.search_page"), params))
        page = search.run_search(generation, params, searcher)
    hrefs = [url_for("views.entry_page", entry_id=hit.entry.id) for hit in page.hits]
    context = search_context(
        page, generation.vocabulary, url_for("views.search_page"), hrefs, index_is_stale()
    )
    context = replace(context, downloads=download_links(params), feed_href=feed_link(params))
    if page.total == 0:
        context = replace(context, archive_note=archive_summary(archive_coverage(generation)))
    return render_template("search.html", page=context)


@bp.get("/about")
def about_page() -> str:
    """What the archive holds and where it came from, so an empty search can be read right."""
    with searching() as (generation, _searcher):
        stats = archive_coverage(generation)
    context = about_context(stats, url_for("views.search_page"), index_is_stale())
    context = replace(
        context,
        catalogue_hash=generation.catalogue_digest,
        indexed_at=str(generation.meta.get("built_at", "")),
    )
    return render_template("about.html", page=context)


@bp.get("/entries/<entry_id>")
def entry_page(entry_id: str) -> ResponseReturnValue:
    """One entry with all its metadata and related entries; an old id redirects to the new."""
    with searching() as (generation, searcher):
        missing = f"There is no entry with the id “{entry_id}”."
        entry = entry_or_404(generation, entry_id, "views.entry_page", missing)
        related = [
            (
                item.entry,
                url_for("views.entry_page", entry_id=item.entry.id),
                reason_text(item.reasons),
            )
            for item in related_entries(generation, entry.id, searcher=searcher)
        ]
    base = url_for("views.search_page")
    # Back to the search the reader came from, when they came from one of ours.
    back = back_to_search(request.referrer, request.host, base)
    context = entry_context(entry, generation.vocabulary, base, related, index_is_stale(), back)
    cited = reference(entry, export_context(generation.vocabulary))
    context = replace(context, citations=citation_links(entry.id), reference=cited)
    return render_template("entry.html", page=context)
