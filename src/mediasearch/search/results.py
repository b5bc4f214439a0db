"""What a search returns: one SearchPage that pages, the API, exports and feeds all print."""

from __future__ import annotations

from dataclasses import dataclass, field

from mediasearch.catalogue.entries import Entry
from mediasearch.search.params import SearchParams


@dataclass(frozen=True)
class Hit:
    """One matching entry with its score and highlighted snippets."""

    entry: Entry
    #: Relevance score; None when sorted by date without a query.
    score: float | None
    #: Field name -> HTML snippet. The text is escaped; only <mark> tags are markup.
    highlights: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with its disjunctive count."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    """A facet (topic, country, region, project, type, year) and its values, most frequent first
    (year: newest first)."""

    name: str
    label: str
    values: tuple[FacetValue, ...]


@dataclass(frozen=True)
class Recovery:
    """A way on from a search that found nothing: drop one filter or one word."""

    #: Human text, e.g. "3 results without country: Kyrgyzstan".
    message: str
    #: How many results the altered search finds.
    count: int
    #: The altered search, ready to turn into a URL.
    params: SearchParams
    #: "filter" (a facet value or year bound dropped) or "word" (an unmatched word dropped).
    kind: str


@dataclass(frozen=True)
class Notice:
    """What a reader must know before the hits: "5 entries match every word outside 2016–2017"."""

    #: "outside_filters", "unknown_words" or "any_words" (see search.fallback).
    kind: str
    message: str
    #: How many entries the offered search finds, when the notice offers one.
    count: int | None = None
    #: The search the notice offers as the way on, or None.
    params: SearchParams | None = None


@dataclass(frozen=True)
class SearchPage:
    """Everything one search produced: hits of the requested page, facets, hints, timing."""

    params: SearchParams
    total: int
    hits: tuple[Hit, ...]
    facets: tuple[Facet, ...]
    #: A whole-query correction that finds more results, or None.
    suggestion: str | None = None
    #: Ways on when the search found nothing.
    recovery: tuple[Recovery, ...] = ()
    #: What the parser understood, one readable line per part ("word: recruit (stemmed)").
    explanation: tuple[str, ...] = ()
    #: Words of the query that match nothing in the index.
    unmatched_words: tuple[str, ...] = ()
    #: No entry had every word, so the hits are entries with any of them (most words first).
    fell_back: bool = False
    #: "all", "any" or "none": how the hits match the words (see search.fallback).
    match: str = "all"
    #: What to say before the hits, the way out first.
    notices: tuple[Notice, ...] = ()
    elapsed_ms: float = 0.0

    @property
    def page_count(self) -> int:
        """Number of pages at the current page size (at least 1)."""
        return max(1, -(-self.total // self.params.per_page))

    def facet(self, name: str) -> Facet | None:
        """The facet with this name, or None."""
        return next((facet for facet in self.facets if facet.name == name), None)


@dataclass(frozen=True)
class RelatedEntry:
    """An entry related to another one, with why ("same project: REFRAME")."""

    entry: Entry
    reasons: tuple[str, ...]
    score: float
