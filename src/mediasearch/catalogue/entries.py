"""The Entry record: one media item of the archive, as a curator wrote it."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from mediasearch.catalogue.facets import facet_named, tag_facets

#: Fields written before the tag fields, and after them.
_LEADING_FIELDS = ("id", "title", "date", "type", "description", "description_cut")
_TRAILING_FIELDS = ("people", "url", "sources", "old_ids", "notes", "suggested")
#: Fields every entry must give (a tag facet's list is optional unless named here).
REQUIRED_FIELDS = ("id", "title", "date", "type", "topics")


def entry_fields() -> tuple[str, ...]:
    """Entry fields in the order the YAML file and the API list them; tag fields in facet order."""
    tags = tuple(definition.entry_field for definition in tag_facets())
    return (*_LEADING_FIELDS, *tags, *_TRAILING_FIELDS)


@dataclass(frozen=True)
class Entry:
    """One media item of the archive, as a curator wrote it."""

    id: str
    title: str
    date: datetime.date
    type: str
    #: Tag facet name (topic, country, region, project) -> its keys, as the YAML lists them.
    tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    description: str = ""
    #: The source listing cut the description off: what is there is all the capture holds.
    description_cut: bool = False
    people: tuple[str, ...] = ()
    url: str | None = None
    sources: tuple[str, ...] = ()
    #: Ids this entry had before a rename; they keep working in URLs.
    old_ids: tuple[str, ...] = ()
    #: Curator's notes on a decision (not searched).
    notes: str = ""
    #: Tags proposed by the curation helper, not yet accepted (not searched).
    suggested: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    #: Line of the entry in its YAML file, for error messages.
    line: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        # Read-only, like the rest of the entry; facets without keys are left out.
        tags = {name: tuple(keys) for name, keys in self.tags.items() if keys}
        object.__setattr__(self, "tags", MappingProxyType(tags))

    @property
    def year(self) -> int:
        """The listing year."""
        return self.date.year

    def facet_keys(self, facet: str) -> tuple[str, ...]:
        """The entry's keys in one facet (type and year have one each; year as text)."""
        definition = facet_named(facet)
        if definition.is_tag:
            return self.tags.get(facet, ())
        return (str(getattr(self, definition.entry_field)),)

    def to_dict(self) -> dict:
        """The entry as JSON-ready data, fields in catalogue order, without bookkeeping."""
        data: dict[str, Any] = {
            name: getattr(self, name) for name in (*_LEADING_FIELDS, *_TRAILING_FIELDS)
        }
        data["date"] = self.date.isoformat()
        for definition in tag_facets():
            data[definition.entry_field] = self.tags.get(definition.name, ())
        return {name: _jsonable(data[name]) for name in entry_fields()}

    def content_hash(self) -> str:
        """A digest of everything the index stores about this entry (worked out once)."""
        return self._content_hash

    # cached_property writes the instance's __dict__, which a frozen dataclass still has.
    @functools.cached_property
    def _content_hash(self) -> str:
        text = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @functools.cached_property
    def title_key(self) -> str:
        """The title as two titles are compared (see normalise_title)."""
        return normalise_title(self.title)


def entry_from_dict(data: Mapping[str, Any]) -> Entry:
    """The Entry that ``Entry.to_dict`` gave this data (as an index stores it)."""
    values: dict[str, Any] = {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in data.items()
        if name in _LEADING_FIELDS or name in _TRAILING_FIELDS
    }
    values["date"] = datetime.date.fromisoformat(data["date"])
    values["suggested"] = {k: tuple(v) for k, v in (data.get("suggested") or {}).items()}
    tags = {d.name: tuple(data.get(d.entry_field) or ()) for d in tag_facets()}
    return Entry(**values, tags=tags)


def _jsonable(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return {key: list(items) for key, items in value.items()}
    return value


#: A date as the catalogue writes it: YYYY-MM-DD.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def long_date(date: datetime.date) -> str:
    """A date as people read it: 12 June 2023."""
    return f"{date.day} {date:%B %Y}"


_NOT_WORD = re.compile(r"[^\w]+")


def normalise_title(title: str) -> str:
    """The form two titles are compared in: case, accents, quotes, punctuation, spaces ignored."""
    text = title.casefold()
    if not text.isascii():  # ASCII has no accents to strip: most titles skip this
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", text).split())
