"""Links between search states: the URL of a search, labelled links, names people read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from .params import SearchParams

#: Facet headings as pages show them (one vocabulary: the keys are the URL parameter names).
FACET_LABELS = {
    "topic": "Topic",
    "country": "Country",
    "region": "Region",
    "project": "Project",
    "type": "Media type",
    "year": "Year",
}


def long_date(date: datetime.date) -> str:
    """A date as people read it: 12 June 2023."""
    return f"{date.day} {date:%B %Y}"


def search_href(base: str, params: SearchParams) -> str:
    """The URL of a search: base path plus its canonical arguments."""
    args = params.to_args()
    return f"{base}?{urlencode(args)}" if args else base


@dataclass(frozen=True)
class Link:
    """A labelled link; ``current`` marks the one in force (aria-current)."""

    label: str
    href: str
    current: bool = False
