"""An entry described for readers of its page: reference managers and search engines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mediasearch.catalogue.entries import Entry
from mediasearch.formats.citations import (
    PUBLISHER,
    citation_url,
    formatted_citation,
    keywords,
)
from mediasearch.formats.output_format import ExportContext

#: schema.org types by media type: what Google and Zotero's schema.org reader expect.
SCHEMA_TYPES = {
    "video": "VideoObject",
    "interview": "VideoObject",
    "photo-series": "ImageGallery",
    "slideshow": "ImageGallery",
    "exhibition": "ImageGallery",
    "infographic": "ImageObject",
    "interactive": "WebApplication",
    "glossary": "DefinedTermSet",
}


@dataclass(frozen=True)
class Reference:
    """How an entry is cited: the text a reader copies, meta tags and JSON-LD a program reads."""

    text: str
    url: str | None
    #: (name, content) of each <meta name="citation_..."> (Google Scholar, Zotero).
    meta_tags: tuple[tuple[str, str], ...]
    #: The schema.org description, printed as <script type="application/ld+json">.
    json_ld: dict[str, Any]


def citation_meta_tags(entry: Entry, context: ExportContext) -> tuple[tuple[str, str], ...]:
    """Highwire Press citation_* tags, one per value, as Google Scholar's inclusion guide lists."""
    tags = [
        ("citation_title", entry.title),
        ("citation_author", PUBLISHER),
        ("citation_publisher", PUBLISHER),
        ("citation_publication_date", f"{entry.date:%Y/%m/%d}"),
    ]
    url = citation_url(entry, context)
    if url:
        tags.append(("citation_public_url", url))
    if entry.description:
        tags.append(("citation_abstract", entry.description))
    tags += [("citation_keywords", label) for label in keywords(entry, context)]
    return tuple(tags)


def schema_org(entry: Entry, context: ExportContext) -> dict[str, Any]:
    """The entry as a schema.org CreativeWork of the type its media type is."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(entry.type, "CreativeWork"),
        "name": entry.title,
        "datePublished": entry.date.isoformat(),
        "author": {"@type": "Organization", "name": PUBLISHER},
        "publisher": {"@type": "Organization", "name": PUBLISHER},
        "genre": context.vocabulary.label("type", entry.type),
    }
    if data["@type"] == "VideoObject":
        data["uploadDate"] = entry.date.isoformat()
    url = citation_url(entry, context)
    if url:
        data["url"] = url
    if entry.description:
        data["description"] = entry.description
    subjects = keywords(entry, context)
    if subjects:
        data["keywords"] = subjects
    codes = entry.facet_keys("country")
    if codes:
        names = [context.vocabulary.label("country", code) for code in codes]
        data["contentLocation"] = [{"@type": "Country", "name": name} for name in names]
    if entry.people:
        data["mentions"] = [{"@type": "Person", "name": name} for name in entry.people]
    return data


def reference(entry: Entry, context: ExportContext) -> Reference:
    """Everything an entry page needs to be cited."""
    return Reference(
        text=formatted_citation(entry, context),
        url=citation_url(entry, context),
        meta_tags=citation_meta_tags(entry, context),
        json_ld=schema_org(entry, context),
    )
