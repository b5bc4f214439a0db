"""The Whoosh schema and the pure conversion of a catalogue entry into an index document."""

from __future__ import annotations

import json
from typing import Any

from whoosh.analysis import Analyzer
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema

from mediasearch.catalogue.entries import Entry, long_date
from mediasearch.catalogue.facets import DATE, FacetDefinition, all_facets, tag_facets
from mediasearch.catalogue.stats import entry_facts
from mediasearch.catalogue.vocabulary import Vocabulary

# The filters are named here too: generations built before the analysis had a module of its
# own pickled them under this module's name (Whoosh pickles the schema into the index).
from mediasearch.index.analysis import (  # noqa: F401
    IndexedPositions,
    LineBreakFilter,
    LineGapFilter,
    SpellingVariantFilter,
    text_analyzer,
)

#: Bump when the schema, the analysis or the names indexed from code (countries' aliases and
#: demonyms) change: an index of another version is rebuilt in full.
SCHEMA_VERSION = 7


def build_schema() -> Schema:
    """The index schema; each field's comment says why it has its type."""
    analyzer = text_analyzer()
    return Schema(
        **{
            name: fieldtype
            for definition in all_facets()
            for name, fieldtype in _facet_fields(definition, analyzer).items()
        },
        # The entry's slug: matched exactly and unique, so updates replace by it; a column so
        # the document table reads every id at once.
        id=ID(stored=True, unique=True, sortable=True),
        # Former slugs, matched exactly, so old URLs find the entry.
        old_ids=KEYWORD(commas=True, scorable=False),
        # Free text, stemmed and folded; title and labels outweigh the description.
        title=_text(analyzer, stored=True, field_boost=3.0),
        description=_text(analyzer, stored=True),
        people=_text(analyzer, field_boost=2.0),
        # The listing date as words ("30 June 2021"): "domestic work 2021" narrows by year.
        date_text=_text(analyzer),
        # ISO date text sorts chronologically, so it serves for newest/oldest.
        date=ID(stored=True, sortable=True),
        # The entry's content hash: what an incremental update compares (a column, read at once).
        hash=ID(stored=True, sortable=True),
        # The whole entry as JSON, so pages and the API never need the YAML at run time.
        entry=STORED(),
        # What the coverage page counts beyond the tags (coverage_value): a column, so the
        # archive's coverage is read at once, without parsing every stored entry.
        coverage=COLUMN(),
    )


def _text(analyzer: Analyzer, **options: Any) -> TEXT:
    """A TEXT field with positions (for phrases), taken from the analyzer's terms at index time."""
    field = TEXT(analyzer=analyzer, phrase=True, **options)
    field.format = IndexedPositions(field_boost=options.get("field_boost", 1.0))
    return field


def _facet_fields(definition: FacetDefinition, analyzer: Analyzer) -> dict[str, FieldType]:
    """A facet's index fields, by its declaration: its keys, and the words of their labels."""
    if definition.source == DATE:
        # The year as a number, for ranges (year:2019..2021) and the year facet.
        return {definition.name: NUMERIC(int, bits=16, stored=True, sortable=True)}
    return {
        # Keys are matched exactly: several per entry hence KEYWORD with commas, else one ID.
        definition.name: KEYWORD(commas=True, scorable=False) if definition.multiple else ID(),
        # Labels and aliases of the keys, searchable by words ("Viet Nam", "REFRAME", "photo").
        definition.text_field: _text(analyzer, field_boost=definition.boost),
    }


def _names(vocabulary: Vocabulary, facet: str, keys: tuple[str, ...]) -> str:
    """Every name (label, acronym, aliases) of the keys, one per line."""
    found: list[str] = []
    for key in keys:
        term = vocabulary.term(facet, key)
        found.extend(term.names if term else (key,))
    return "\n".join(found)


def spelling_text(entry: Entry, vocabulary: Vocabulary) -> str:
    """The words "did you mean" may suggest: title, description, people and tag labels."""
    tags = [_names(vocabulary, d.name, entry.facet_keys(d.name)) for d in tag_facets()]
    return "\n".join([entry.title, entry.description, *entry.people, *tags])


def coverage_value(entry: Entry) -> bytes:
    """The coverage column's value: whether the entry is described and has a link, its sources."""
    facts = entry_facts(entry)
    return json.dumps([facts.described, facts.has_url, facts.sources]).encode("utf-8")


def read_coverage_value(value: bytes) -> tuple[bool, bool, tuple[str, ...]]:
    """(described, has a link, sources) from a coverage column value."""
    described, has_url, sources = json.loads(value)
    return bool(described), bool(has_url), tuple(sources)


def entry_to_document(entry: Entry, vocabulary: Vocabulary) -> dict:
    """The Whoosh document for one entry (pure: same entry and vocabulary, same document)."""

    document: dict = {
        "id": entry.id,
        "title": entry.title,
        "description": entry.description,
        "people": "\n".join(entry.people),
        "date_text": long_date(entry.date),
        "date": entry.date.isoformat(),
        "old_ids": ",".join(entry.old_ids),
        "hash": entry.content_hash(),
        "entry": json.dumps(entry.to_dict(), ensure_ascii=False),
        "coverage": coverage_value(entry),
    }
    for definition in all_facets():
        if definition.source == DATE:
            document[definition.name] = entry.year
            continue
        keys = entry.facet_keys(definition.name)
        document[definition.name] = ",".join(keys)
        document[definition.text_field] = _names(vocabulary, definition.name, keys)
    return document
