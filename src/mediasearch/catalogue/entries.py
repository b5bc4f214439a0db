"""The Entry record: one media item of the archive, as a curator wrote it."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field

#: Entry fields in the order the YAML file and the API list them.
ENTRY_FIELDS = (
    "id",
    "title",
    "date",
    "type",
    "description",
    "topics",
    "countries",
    "regions",
    "projects",
    "people",
    "url",
    "sources",
    "old_ids",
    "notes",
    "suggested",
)
REQUIRED_FIELDS = ("id", "title", "date", "type", "topics")
#: List fields whose values are vocabulary keys, mapped to the facet (and URL parameter) of them.
TAG_FIELDS = {"topics": "topic", "countries": "country", "regions": "region", "projects": "project"}
#: Facet -> the Entry field holding its keys: the one vocabulary, end to end.
FACET_FIELDS = {facet: field for field, facet in TAG_FIELDS.items()} | {
    "type": "type",
    "year": "year",
}


@dataclass(frozen=True)
class Entry:
    """One media item of the archive, as a curator wrote it."""

    id: str
    title: str
    date: datetime.date
    type: str
    topics: tuple[str, ...]
    description: str = ""
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
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

    @property
    def year(self) -> int:
        """The listing year."""
        return self.date.year

    def facet_keys(self, facet: str) -> tuple[str, ...]:
        """The entry's keys in one facet (type and year have one each; year as text)."""
        value = getattr(self, FACET_FIELDS[facet])
        return value if isinstance(value, tuple) else (str(value),)

    def to_dict(self) -> dict:
        """The entry as JSON-ready data, fields in catalogue order, without bookkeeping."""
        data = asdict(self)
        data.pop("line")
        data["date"] = self.date.isoformat()
        return {name: _jsonable(data[name]) for name in ENTRY_FIELDS}

    def content_hash(self) -> str:
        """A digest of everything the index stores about this entry."""
        text = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _jsonable(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return {key: list(items) for key, items in value.items()}
    return value


def normalise_title(title: str) -> str:
    """The form two titles are compared in: case, accents, quotes, punctuation, spaces ignored."""
    text = unicodedata.normalize("NFKD", title.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())
