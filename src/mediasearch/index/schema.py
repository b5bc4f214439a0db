"""The Whoosh schema and the pure conversion of a catalogue entry into an index document."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema
from whoosh.support.charset import accent_map

from mediasearch.catalogue.entries import Entry, long_date
from mediasearch.catalogue.facets import DATE, FacetDefinition, all_facets, tag_facets
from mediasearch.catalogue.vocabulary import Vocabulary

#: Bump when the schema, the analysis or the names indexed from code (countries' aliases and
#: demonyms) change: an index of another version is rebuilt in full.
SCHEMA_VERSION = 6

# American spellings -> the British ones the ILO publishes in. Applied before stemming so
# "labor" finds "labour" and "organization" finds "organisation" whichever a user types.
_SPELLING_VARIANTS = {
    "labor": "labour",
    "labors": "labours",
    "labored": "laboured",
    "laborer": "labourer",
    "laborers": "labourers",
    "neighbor": "neighbour",
    "neighbors": "neighbours",
    "neighboring": "neighbouring",
    "favor": "favour",
    "honor": "honour",
    "behavior": "behaviour",
    "center": "centre",
    "centers": "centres",
    "program": "programme",
    "programs": "programmes",
    "defense": "defence",
    "catalog": "catalogue",
}
# -ize/-yze family: organization/organisation, mobilize/mobilise, analyze/analyse.
_IZE = re.compile(r"(?<=\w{2})(iz|yz)(e|es|ed|ing|ation|ations|er|ers)$")


# The filters' `type: ignore[override]`: Whoosh's own Filter.__call__ narrows its base's
# signature (any value, keywords) to a token stream the same way.
class SpellingVariantFilter(Filter):
    """Folds American spellings into British ones, so either spelling matches both."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        for token in tokens:
            text = _SPELLING_VARIANTS.get(token.text)
            if text is None:
                text = _IZE.sub(lambda m: m.group(1).replace("z", "s") + m.group(2), token.text)
            token.text = text
            yield token


#: Position distance between two names of a multi-name field (one per line), so that a phrase
#: never matches across them: "recruitment fair" must not match "...Recruitment Framework\nFAIR".
NAME_GAP = 100


class LineBreakFilter(Filter):
    """Drops line-break tokens, remembering on each word how many line breaks came before it."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        breaks = 0
        for token in tokens:
            if token.text == "\n":
                breaks += 1
                continue
            token.line_breaks = breaks  # type: ignore[attr-defined]  # Token takes any attribute
            yield token


class LineGapFilter(Filter):
    """Moves each word NAME_GAP positions further per line break before it.

    It runs after StopFilter, which renumbers positions and would undo an earlier gap.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        for token in tokens:
            if token.positions:
                token.pos += token.line_breaks * NAME_GAP  # type: ignore[attr-defined]
            yield token


def text_analyzer() -> Analyzer:
    """Words, lowercased, accents folded (Maria finds María), British spelling, English stems."""
    return (
        RegexTokenizer(r"\w+|\n")
        | LineBreakFilter()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | SpellingVariantFilter()
        | StopFilter()
        | StemFilter()
        | LineGapFilter()
    )


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
        title=TEXT(analyzer=analyzer, stored=True, field_boost=3.0, phrase=True),
        description=TEXT(analyzer=analyzer, stored=True, phrase=True),
        people=TEXT(analyzer=analyzer, field_boost=2.0, phrase=True),
        # The listing date as words ("30 June 2021"): "domestic work 2021" narrows by year.
        date_text=TEXT(analyzer=analyzer, phrase=True),
        # ISO date text sorts chronologically, so it serves for newest/oldest.
        date=ID(stored=True, sortable=True),
        # The entry's content hash: what an incremental update compares (a column, read at once).
        hash=ID(stored=True, sortable=True),
        # The whole entry as JSON, so pages and the API never need the YAML at run time.
        entry=STORED(),
    )


def _facet_fields(definition: FacetDefinition, analyzer: Analyzer) -> dict[str, FieldType]:
    """A facet's index fields, by its declaration: its keys, and the words of their labels."""
    if definition.source == DATE:
        # The year as a number, for ranges (year:2019..2021) and the year facet.
        return {definition.name: NUMERIC(int, bits=16, stored=True, sortable=True)}
    return {
        # Keys are matched exactly: several per entry hence KEYWORD with commas, else one ID.
        definition.name: KEYWORD(commas=True, scorable=False) if definition.multiple else ID(),
        # Labels and aliases of the keys, searchable by words ("Viet Nam", "REFRAME", "photo").
        definition.text_field: TEXT(analyzer=analyzer, field_boost=definition.boost, phrase=True),
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
    }
    for definition in all_facets():
        if definition.source == DATE:
            document[definition.name] = entry.year
            continue
        keys = entry.facet_keys(definition.name)
        document[definition.name] = ",".join(keys)
        document[definition.text_field] = _names(vocabulary, definition.name, keys)
    return document
