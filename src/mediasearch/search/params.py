"""Search parameters: parsed and validated from URL-style arguments, and turned back into them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from mediasearch.catalogue.facets import facet_named, keyed_facets
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.errors import QueryError

SORTS = ("relevance", "newest", "oldest")
PER_PAGE_CHOICES = (10, 20, 50, 100)
DEFAULT_PER_PAGE = 20
#: Longest query accepted; longer text is a mistake (a pasted document), not a search.
MAX_QUERY_LENGTH = 1000
#: Most words a query may have: each costs a clause per searched field, and a search that
#: finds nothing is retried once per filter and unknown word to suggest a way on.
MAX_QUERY_WORDS = 40
#: Years outside this range are typing mistakes, not searches of the archive.
MIN_YEAR, MAX_YEAR = 1900, 2100
#: What errors call each parameter: the words of the search form, never the URL's names.
PARAMETER_NAMES = {
    "year_from": "The “From” year",
    "year_to": "The “To” year",
    "sort": "The sort order",
    "page": "The page number",
    "per_page": "The number of results per page",
}


@dataclass(frozen=True)
class SearchParams:
    """One search, exactly as its URL states it. Facet values are vocabulary keys."""

    q: str = ""
    #: Facet name -> its selected keys (OR-ed), for each keyed facet with a selection, in
    #: page order; the year is a range of its own (year_from, year_to).
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    year_from: int | None = None
    year_to: int | None = None
    #: None means the default: relevance with a query, newest without one.
    sort: str | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    def __post_init__(self) -> None:
        known = [definition.name for definition in keyed_facets()]
        unknown = set(self.filters) - set(known)
        if unknown:
            raise ValueError(f"not keyed facets: {', '.join(sorted(unknown))}")
        # One canonical form, so equal searches compare equal and list facets in page order.
        filters = {name: tuple(self.filters[name]) for name in known if self.filters.get(name)}
        object.__setattr__(self, "filters", MappingProxyType(filters))

    @property
    def effective_sort(self) -> str:
        """The sort in force once the default is applied."""
        return self.sort or ("relevance" if self.q.strip() else "newest")

    def selected(self, facet: str) -> tuple[str, ...]:
        """The selected keys of a keyed facet."""
        return self.filters.get(facet, ())

    def to_args(self) -> list[tuple[str, str]]:
        """Canonical URL arguments (defaults omitted), in a stable order."""
        args: list[tuple[str, str]] = []
        if self.q:
            args.append(("q", self.q))
        for facet, values in self.filters.items():
            args.extend((facet, value) for value in values)
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
        return replace(self, filters={**self.filters, facet: (*values, value)}, page=1)

    def without_value(self, facet: str, value: str) -> SearchParams:
        """The same search with one facet value unselected, back on page 1."""
        values = tuple(v for v in self.selected(facet) if v != value)
        return replace(self, filters={**self.filters, facet: values}, page=1)

    def with_changes(self, **changes: Any) -> SearchParams:
        """The same search with some parameters changed; back on page 1 unless page is given."""
        changes.setdefault("page", 1)
        return replace(self, **changes)

    def without_filters(self) -> SearchParams:
        """The same query with every facet and year filter cleared."""
        return replace(self, filters={}, year_from=None, year_to=None, page=1)

    @property
    def has_filters(self) -> bool:
        """Whether any facet value or year bound is selected."""
        return bool(self.filters) or self.year_from is not None or self.year_to is not None


def _getlist(args: Mapping[str, Any], name: str) -> list[str]:
    """All values of one argument from a MultiDict, a dict of lists or a dict of strings."""
    getlist = getattr(args, "getlist", None)
    if getlist is not None:
        values = getlist(name)
    else:
        values = args.get(name, [])
        if isinstance(values, str | int):
            values = [values]
    return [str(value) for value in values]


def _single(args: Mapping[str, Any], name: str) -> str | None:
    """The last non-empty value of an argument (an empty form field means "not given")."""
    values = [value.strip() for value in _getlist(args, name) if value.strip()]
    return values[-1] if values else None


def _integer(args: Mapping[str, Any], name: str, what: str) -> int | None:
    text = _single(args, name)
    if text is None:
        return None
    if not text.isascii() or not text.isdigit():
        raise QueryError(f"{PARAMETER_NAMES[name]} must be {what}, not “{text[:40]}”")
    return int(text)


def _year(args: Mapping[str, Any], name: str) -> int | None:
    year = _integer(args, name, "a year such as 2021")
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise QueryError(
            f"{PARAMETER_NAMES[name]} must be between {MIN_YEAR} and {MAX_YEAR}, not {year}"
        )
    return year


def resolve_facet_value(vocabulary: Vocabulary, facet: str, value: str) -> str:
    """The key a facet value names (key, label, acronym or alias, any case); else QueryError."""
    text = value.strip()
    if vocabulary.term(facet, text) is not None:
        return text
    key = vocabulary.resolve(facet, text)
    if key is not None:
        return key
    nearest = vocabulary.nearest(facet, text)
    hint = f": did you mean {vocabulary.label(facet, nearest)}?" if nearest else ""
    what = facet_named(facet).heading.lower()
    raise QueryError(f"There is no {what} called “{text[:60]}”{hint}")


def check_query_size(q: str) -> None:
    """QueryError for a query too long to be a search (a pasted document, say)."""
    if len(q) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"the query is {len(q):,} characters long; a search can be at most "
            f"{MAX_QUERY_LENGTH:,}: keep the words that matter"
        )
    words = len(re.findall(r"\w+", q))
    if words > MAX_QUERY_WORDS:
        raise QueryError(
            f"the query has {words} words; a search can have at most {MAX_QUERY_WORDS}: "
            "keep the words that matter"
        )


def parse_params(args: Mapping[str, Any], vocabulary: Vocabulary) -> SearchParams:
    """Validated SearchParams from URL-style arguments; QueryError says what is wrong.

    :param args: a mapping with ``getlist`` (werkzeug's MultiDict) or a dict of lists/strings.
    Facet values may be keys, labels, acronyms or aliases in any case; they become keys.
    Empty values are ignored, as an untouched form field sends them.
    """
    q = " ".join(_getlist(args, "q")).strip()
    check_query_size(q)
    filters: dict[str, tuple[str, ...]] = {}
    for definition in keyed_facets():
        keys: list[str] = []
        for value in _getlist(args, definition.name):
            if value.strip():
                key = resolve_facet_value(vocabulary, definition.name, value)
                if key not in keys:
                    keys.append(key)
        filters[definition.name] = tuple(keys)
    year_from = _year(args, "year_from")
    year_to = _year(args, "year_to")
    if years_reversed(year_from, year_to):
        # "From 2021 to 2019" can only mean 2019 to 2021.
        year_from, year_to = year_to, year_from
    sort = _single(args, "sort")
    if sort is not None and sort not in SORTS:
        raise QueryError(f"{PARAMETER_NAMES['sort']} must be {_one_of(SORTS)}, not “{sort[:40]}”")
    page = _integer(args, "page", "a whole number (1, 2, ...)")
    if page is not None and page < 1:
        raise QueryError(f"{PARAMETER_NAMES['page']} must be 1 or more, not {page}")
    per_page = _integer(args, "per_page", "a whole number")
    if per_page is not None and per_page not in PER_PAGE_CHOICES:
        choices = _one_of([str(choice) for choice in PER_PAGE_CHOICES])
        raise QueryError(f"{PARAMETER_NAMES['per_page']} must be {choices}, not {per_page}")
    return SearchParams(
        q=q,
        filters=filters,
        year_from=year_from,
        year_to=year_to,
        sort=sort,
        page=page or 1,
        per_page=per_page or DEFAULT_PER_PAGE,
    )


def years_reversed(year_from: int | None, year_to: int | None) -> bool:
    """Whether a year range is given the wrong way round (From after To)."""
    return year_from is not None and year_to is not None and year_from > year_to


def given_years(args: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """The years as the arguments give them, in their order; (None, None) if unreadable.

    A page given them reversed redirects to the ordered URL, so that URL and form agree.
    """
    try:
        return _year(args, "year_from"), _year(args, "year_to")
    except QueryError:
        return None, None


def _one_of(choices: Sequence[str]) -> str:
    """ "10, 20, 50 or 100"."""
    return f"{', '.join(choices[:-1])} or {choices[-1]}"
