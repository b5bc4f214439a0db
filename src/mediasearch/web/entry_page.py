"""The entry page's context: the entry with its labels, sources and related entries."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import pycountry

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.formats.page_metadata import Reference
from mediasearch.search.params import SearchParams
from mediasearch.web.links import Link, search_href
from mediasearch.web.search_page import Tag, entry_tags, tag_links
from mediasearch.web.world_map import WorldMap, entry_map


def reason_text(reasons: Sequence[str]) -> str:
    """Why an entry is related, as one sentence: "Same project: FAIR; same topic: ..."."""
    text = "; ".join(reasons)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class RelatedItem:
    """A related entry and why it is related."""

    entry: Entry
    href: str
    reason: str
    type_label: str


@dataclass(frozen=True)
class EntryContext:
    """Everything the entry page prints."""

    entry: Entry
    type_label: str
    type_href: str
    tags: tuple[tuple[str, tuple[Tag, ...]], ...]
    people: tuple[Tag, ...]
    related: tuple[RelatedItem, ...]
    back_href: str
    #: Sources a reader can open (web addresses), each a link.
    source_links: tuple[Link, ...] = ()
    #: Sources that are capture files the entry was imported from: provenance, not addresses.
    source_files: tuple[str, ...] = ()
    stale: bool = False
    #: The entry as citation files (RIS, BibTeX).
    citations: tuple[Link, ...] = ()
    #: A small map of the entry's countries, each linking to all media on it.
    world_map: WorldMap | None = None
    #: The language of the entry's own ILO page, named, when it is not English.
    page_language: str | None = None
    #: Without a page of its own: the ILO listing page the entry was read from, to find it there.
    listing_link: Link | None = None
    #: The citation to copy, and what reference managers read from the page.
    reference: Reference | None = None

    @property
    def title(self) -> str:
        """The document title."""
        return self.entry.title


#: The ILO's page addresses carry their language: .../lang--ja/index.htm.
PAGE_LANGUAGE = re.compile(r"/lang--([a-z]{2})(?:/|$)")


def page_language(url: str | None) -> str | None:
    """The language of an ILO page, named ("Japanese"), when its address says it is not English."""
    found = PAGE_LANGUAGE.search(url or "")
    if not found or found.group(1) == "en":
        return None
    language = pycountry.languages.get(alpha_2=found.group(1))
    return language.name if language else found.group(1)


def listing_link(source_links: Sequence[Link]) -> Link | None:
    """The first ILO listing page an entry was read from: where to look for it without a URL."""
    for link in source_links:
        if "ilo.org" in link.href or "ilo.ch" in link.href or "oit.org" in link.href:
            return Link("Find it on the ILO listing page it was read from", link.href)
    return None


def split_sources(sources: Iterable[str]) -> tuple[tuple[Link, ...], tuple[str, ...]]:
    """Sources as links to web addresses, and the capture file names that are not addresses."""
    links, files = [], []
    for source in sources:
        parts = urlsplit(source.strip())
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            links.append(Link(source, source))
        else:
            files.append(source)
    return tuple(links), tuple(files)


def entry_context(
    entry: Entry,
    vocabulary: Vocabulary,
    base: str,
    related: Iterable[tuple[Entry, str, str]],
    stale: bool = False,
    back_href: str | None = None,
) -> EntryContext:
    """Fill the entry page's context; ``related`` yields (entry, href, reason)."""
    people = tuple(
        Tag("person", name, name, search_href(base, SearchParams(q=f'person:"{name}"')))
        for name in entry.people
    )
    source_links, source_files = split_sources(entry.sources)
    return EntryContext(
        entry=entry,
        type_label=vocabulary.label("type", entry.type),
        type_href=search_href(base, SearchParams(filters={"type": (entry.type,)})),
        tags=entry_tags(entry, vocabulary, tag_links(base)),
        people=people,
        related=tuple(
            RelatedItem(other, href, reason, vocabulary.label("type", other.type))
            for other, href, reason in related
        ),
        back_href=back_href or base,
        source_links=source_links,
        source_files=source_files,
        stale=stale,
        page_language=page_language(entry.url),
        listing_link=None if entry.url else listing_link(source_links),
        world_map=entry_map(
            ((code, vocabulary.label("country", code)) for code in entry.facet_keys("country")),
            base,
        ),
    )
