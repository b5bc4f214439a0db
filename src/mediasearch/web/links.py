"""Links between search states: the URL of a search, labelled links, names people read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.search.params import SearchParams


def acronym(vocabulary: Vocabulary, facet: str, key: str) -> str | None:
    """The acronym researchers know a term by ("REFRAME", "FAIR"), shown with its full name at
    hand; None when it has none."""
    term = vocabulary.term(facet, key)
    return term.acronym if term else None


def search_href(base: str, params: SearchParams) -> str:
    """The URL of a search: base path plus its canonical arguments."""
    args = params.to_args()
    return f"{base}?{'&'.join(map(_encoded, args))}" if args else base


@lru_cache(maxsize=8192)
def _encoded(arg: tuple[str, str]) -> str:
    """One argument as a query string has it; a page links hundreds of searches that differ
    in one argument (each country of the map), so each is encoded once."""
    return urlencode([arg])


def back_to_search(referrer: str | None, host: str, base: str) -> str:
    """The search a reader came from, when the referrer is this site's search page; else base.

    Only a same-origin search is followed, and it is rebuilt from its arguments, so the link
    can never lead off the site (no open redirect) nor carry anything but a query string.
    """
    if not referrer:
        return base
    try:
        parts = urlsplit(referrer)
    except ValueError:
        return base
    if parts.scheme not in ("http", "https") or parts.netloc != host or parts.path != base:
        return base
    args = urlencode(parse_qsl(parts.query))
    return f"{base}?{args}" if args else base


@dataclass(frozen=True)
class Link:
    """A labelled link; ``current`` marks the one in force (aria-current)."""

    label: str
    href: str
    current: bool = False
    #: The full name behind a short label ("Integrated Programme on Fair Recruitment").
    title: str | None = None
