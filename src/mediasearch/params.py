"""Search parameters: parsed and validated from URL-style arguments, and turned back into them."""

from __future__ import annotations

from dataclasses import dataclass, replace

#: Facets that take repeatable key values in URLs (year is a range: year_from, year_to).
LIST_FACETS = ("topic", "country", "region", "project", "type")
SORTS = ("relevance", "newest", "oldest")
PER_PAGE_CHOICES = (10, 20, 50, 100)
DEFAULT_PER_PAGE = 20


@dataclass(frozen=True)
class SearchParams:
    """One search, exactly as its URL states it. Facet values are vocabulary keys."""

    q: str = ""
    topic: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    project: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    #: None means the default: relevance with a query, newest without one.
    sort: str | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def effective_sort(self) -> str:
        """The sort in force once the default is applied."""
        return self.sort or ("relevance" if self.q.strip() else "newest")

    def selected(self, facet: str) -> tuple[str, ...]:
        """The selected keys of a list facet."""
        return getattr(self, facet)

    def to_args(self) -> list[tuple[str, str]]:
        """Canonical URL arguments (defaults omitted), in a stable order."""
        args: list[tuple[str, str]] = []
        if self.q:
            args.append(("q", self.q))
        for facet in LIST_FACETS:
            args.extend((facet, value) for value in getattr(self, facet))
        if self.year_from is not None:
            args.append(("year_from", str(self.year_from)))
        if self.year_to is not None:
            args.append(("year_to", str(self.year_to)))
        if self.sort:
            args.append(("sort", self.sort))
        if self.page != 1:
            args.append(("page", str(self.page)))
        if self.per_page != DEFAULT_PER_PAGE:
            args.append(("per_page", str(self.per_page)))
        return args

    def with_value(self, facet: str, value: str) -> SearchParams:
        """The same search with one more facet value selected, back on page 1."""
        values = self.selected(facet)
        if value in values:
            return replace(self, page=1)
        return replace(self, **{facet: (*values, value)}, page=1)

    def without_value(self, facet: str, value: str) -> SearchParams:
        """The same search with one facet value unselected, back on page 1."""
        values = tuple(v for v in self.selected(facet) if v != value)
        return replace(self, **{facet: values}, page=1)

    def with_changes(self, **changes) -> SearchParams:
        """The same search with some parameters changed; back on page 1 unless page is given."""
        changes.setdefault("page", 1)
        return replace(self, **changes)

    def without_filters(self) -> SearchParams:
        """The same query with every facet and year filter cleared."""
        return replace(
            self, **{facet: () for facet in LIST_FACETS}, year_from=None, year_to=None, page=1
        )

    @property
    def has_filters(self) -> bool:
        """Whether any facet value or year bound is selected."""
        return (
            any(self.selected(f) for f in LIST_FACETS)
            or self.year_from is not None
            or self.year_to is not None
        )
