"""The search page's context, and the facet labels a result or an entry carries.

Everything here is pure (no Flask): links are built from SearchParams with ``search_href``, so
every state of a page is a URL and the helpers are tested table-driven.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.facets import facet_named, keyed_facets, tag_facets
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.search.params import PER_PAGE_CHOICES, SORTS, SearchParams
from mediasearch.search.results import Hit, SearchPage
from mediasearch.web.links import Link, acronym, search_href
from mediasearch.web.sidebar import FacetBox, YearChart, chips, facet_box, year_chart
from mediasearch.web.world_map import WorldMap, search_map

SORT_LABELS = {"relevance": "Relevance", "newest": "Newest", "oldest": "Oldest"}


@dataclass(frozen=True)
class Tag:
    """A facet label on a result or entry, linking to a search filtered by it."""

    facet: str
    value: str
    label: str
    href: str
    #: The acronym result cards show for it, the label at hand (FAIR), or None.
    short: str | None = None


@dataclass(frozen=True)
class NoticeLine:
    """A notice above the results; with an href, the whole text is the link to follow."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class ResultItem:
    """One result as the list shows it."""

    entry: Entry
    href: str
    #: Highlighted title (escaped HTML with <mark>) or None to print the plain title.
    title_html: str | None
    type_label: str
    #: The description's snippet (escaped HTML, matches marked), or None without a description.
    snippet_html: str | None
    #: The people, names marked where one matched (escaped HTML), or None to print them plain.
    people_html: str | None
    tags: tuple[Tag, ...]
    score: float | None


@dataclass(frozen=True)
class SearchContext:
    """Everything the search page prints."""

    params: SearchParams
    base: str
    total: int
    elapsed_ms: float
    results: tuple[ResultItem, ...]
    facets: tuple[FacetBox, ...]
    chips: tuple[Link, ...]
    clear_all_href: str | None
    sorts: tuple[Link, ...]
    per_pages: tuple[Link, ...]
    pages: tuple[Link | None, ...]
    prev_href: str | None
    next_href: str | None
    years: YearChart
    suggestion: Link | None
    recovery: tuple[Link, ...]
    explanation: tuple[str, ...]
    unmatched_words: tuple[str, ...]
    first_shown: int
    last_shown: int
    stale: bool = False
    #: What to know before the results (search.fallback), the way out first.
    notices: tuple[NoticeLine, ...] = ()
    #: Downloads of every result of this search, and its Atom feed.
    downloads: tuple[Link, ...] = ()
    feed_href: str | None = None
    #: Hidden inputs that carry the explicit sort and page size through a form submission.
    hidden: tuple[tuple[str, str], ...] = ()
    #: The country facet as a world map.
    world_map: WorldMap | None = None
    #: What the archive holds at all, said when a search finds nothing.
    archive_note: str | None = None

    @property
    def count_text(self) -> str:
        """The sentence announced to screen readers after each search."""
        if self.total == 0:
            return "No results"
        noun = "result" if self.total == 1 else "results"
        if not self.results:
            return f"Page {self.params.page} is past the end of {self.total:,} {noun}"
        if self.total <= len(self.results):
            return f"{self.total:,} {noun}"
        return f"{self.first_shown:,}–{self.last_shown:,} of {self.total:,} {noun}"

    @property
    def show_results_text(self) -> str:
        """The link from the end of the filters panel to the results (on phones)."""
        if self.total == 0:
            return "Show results"
        return f"Show {self.total:,} result{'' if self.total == 1 else 's'}"

    @property
    def title(self) -> str:
        """The document title."""
        what = f"“{self.params.q}”" if self.params.q else "All media"
        return f"{what} – {self.count_text}"


def page_numbers(current: int, count: int, around: int = 2) -> list[int | None]:
    """Page numbers to link: first, last, and a window around the current; None is a gap."""
    wanted = {1, count, *range(current - around, current + around + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= count)
    result: list[int | None] = []
    for number in numbers:
        if result and result[-1] is not None and number - result[-1] > 1:
            result.append(None)
        result.append(number)
    return result


def tag_links(base: str, params: SearchParams | None = None) -> Callable[[str, str], str]:
    """(facet, key) -> the search (params, else none) narrowed to that tag; each built once, as
    the results of one page share most of their tags."""
    start = params or SearchParams()

    @cache
    def href(facet: str, key: str) -> str:
        return search_href(base, start.with_value(facet, key))

    return href


def entry_tags(
    entry: Entry, vocabulary: Vocabulary, tag_href: Callable[[str, str], str]
) -> tuple[tuple[str, tuple[Tag, ...]], ...]:
    """An entry's topic, country, region and project labels, each linking to a filtered search
    (``tag_links``)."""
    groups = []
    for definition in tag_facets():
        facet = definition.name
        tags = tuple(
            Tag(
                facet,
                key,
                vocabulary.label(facet, key),
                tag_href(facet, key),
                acronym(vocabulary, facet, key),
            )
            for key in entry.facet_keys(facet)
        )
        if tags:
            groups.append((facet, tags))
    return tuple(groups)


def result_item(
    hit: Hit, vocabulary: Vocabulary, tag_href: Callable[[str, str], str], entry_href: str
) -> ResultItem:
    """One hit as the result list shows it."""
    entry = hit.entry
    tags = tuple(
        tag
        for facet, group in entry_tags(entry, vocabulary, tag_href)
        if facet_named(facet).on_results
        for tag in group
    )
    return ResultItem(
        entry=entry,
        href=entry_href,
        title_html=hit.highlights.get("title") or None,
        type_label=vocabulary.label("type", entry.type),
        snippet_html=hit.highlights.get("description") or None,
        people_html=hit.highlights.get("people") or None,
        tags=tags,
        score=hit.score,
    )


def search_context(
    page: SearchPage,
    vocabulary: Vocabulary,
    base: str,
    entry_hrefs: Sequence[str],
    stale: bool = False,
) -> SearchContext:
    """Fill the search page's context from a SearchPage."""
    params = page.params
    # Facets with checkboxes, in page order; the year is a histogram of its own.
    boxes = tuple(
        facet_box(facet, vocabulary)
        for definition in keyed_facets()
        if (facet := page.facet(definition.name)) is not None and facet.values
    )
    current = min(params.page, page.page_count)
    numbers = page_numbers(current, page.page_count) if page.page_count > 1 else []
    first_shown = (params.page - 1) * params.per_page + 1 if page.hits else 0
    tag_href = tag_links(base, params)
    hidden = []
    if params.sort:
        hidden.append(("sort", params.sort))
    if params.per_page != SearchParams().per_page:
        hidden.append(("per_page", str(params.per_page)))
    return SearchContext(
        params=params,
        base=base,
        total=page.total,
        elapsed_ms=page.elapsed_ms,
        results=tuple(
            result_item(hit, vocabulary, tag_href, href)
            for hit, href in zip(page.hits, entry_hrefs, strict=True)
        ),
        facets=boxes,
        chips=chips(params, vocabulary, base),
        clear_all_href=search_href(base, params.without_filters()) if params.has_filters else None,
        sorts=tuple(
            Link(
                SORT_LABELS[sort],
                search_href(base, params.with_changes(sort=sort)),
                sort == params.effective_sort,
            )
            for sort in SORTS
            if sort != "relevance" or params.q.strip()
        ),
        per_pages=tuple(
            Link(str(n), search_href(base, params.with_changes(per_page=n)), n == params.per_page)
            for n in PER_PAGE_CHOICES
        ),
        pages=tuple(
            None
            if n is None
            else Link(str(n), search_href(base, params.with_changes(page=n)), n == params.page)
            for n in numbers
        ),
        prev_href=search_href(base, params.with_changes(page=params.page - 1))
        if 1 < params.page <= page.page_count
        else None,
        next_href=search_href(base, params.with_changes(page=params.page + 1))
        if params.page < page.page_count
        else None,
        # 240 units: about the sidebar's width in CSS pixels, so chart text stays legible.
        years=year_chart(page.facet("year"), params, base, width=240, height=86),
        world_map=search_map(page.facet("country"), page.facet("region"), params, base),
        suggestion=Link(page.suggestion, search_href(base, params.with_changes(q=page.suggestion)))
        if page.suggestion
        else None,
        recovery=tuple(
            Link(item.message, search_href(base, item.params)) for item in page.recovery
        ),
        explanation=page.explanation,
        unmatched_words=page.unmatched_words,
        first_shown=first_shown,
        last_shown=first_shown + len(page.hits) - 1 if page.hits else 0,
        stale=stale,
        notices=tuple(
            NoticeLine(notice.message, search_href(base, notice.params) if notice.params else None)
            for notice in page.notices
        ),
        hidden=tuple(hidden),
    )
