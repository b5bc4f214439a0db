"""The query language: user text parsed into a Whoosh query, with a readable explanation.

Words must all match (AND); "phrases" match in order; OR, NOT, ``-word`` and parentheses
work as expected. Fielded terms: ``title:``, ``person:`` (the people field), ``topic:``,
``country:``, ``region:``, ``project:``, ``type:`` and ``year:``. A facet term is resolved
through the vocabulary to its exact key (``country:nepal``, ``country:NPL`` and
``project:reframe`` all work); a value the vocabulary does not know is searched as words in
that facet's labels instead, and the explanation says so. Years: ``year:2019``,
``year:2019..2021`` or ``year:[2019 TO 2021]``.

When no entry matches every word, the search falls back to entries matching any of them
(``fallback_query``), ranked by how many words they match; see ``search.run_search``.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import cache

from whoosh import query as wq
from whoosh.analysis import Analyzer
from whoosh.fields import Schema
from whoosh.qparser import FieldAliasPlugin, MultifieldParser, QueryParser

from mediasearch.catalogue.facets import all_facets, keyed_facets
from mediasearch.errors import QueryError
from mediasearch.index.analysis import text_analyzer
from mediasearch.index.generation import Generation
from mediasearch.search.budget import check_wildcards, query_cost
from mediasearch.search.explain import (
    country_notes,
    describe,
    same_text_across_fields,
    word_notes,
)
from mediasearch.search.params import check_query_size

#: Query-time weights of the fields searched by default besides the facets' labels.
#: Index-time boosts alone are not enough: BM25 saturates term frequency, so a title match
#: barely outweighed the same words spread over labels and description ("Statements on Fair
#: Recruitment" ranked fourth for its own title).
FIELD_BOOSTS = {"title": 2.0, "people": 1.5, "date_text": 0.5}
OPERATORS = {"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_YEAR_TERM = re.compile(r"\byear:(\[[^\]]*\]?|\"[^\"]*\"?|\S*)")
# "2019..2021", and the hyphen or en dash people write for a span of years: "2019-2021".
_YEAR_RANGE = re.compile(r"^(\d{4})?(?:\.\.|-|–)(\d{4})?$")
_YEAR_BRACKET = re.compile(r"^\[\s*(\d{4})?\s*(?:TO\s*(\d{4})?)?\s*\]?$")
#: "-word" at the start of a word (so "fair-recruitment" and "2019-2021" stay whole).
_MINUS = re.compile(r"(?<![^\s(])-(?=[\w\"(])")
#: What a NOT excludes: a word, a "phrase" or a (group); not worth correcting or recovering.
_NEGATED = re.compile(r"\bNOT\s+(\"[^\"]*\"?|\([^)]*\)?|\S+)")
_FIELD_PREFIX = re.compile(r"\b([A-Za-z_]+):")
_EMPTY_FIELD = re.compile(r"\b(\w+):(?=\s|$)")
#: A fielded term with its value: a word, a "phrase", a [range] or a (group).
_FIELDED = re.compile(r"\b\w+:(\"[^\"]*\"?|\[[^\]]*\]?|\([^)]*\)?|\S*)")
#: Plain words of the query: not a field name, not part of a hyphenated or dotted token.
PLAIN_WORD = re.compile(r"(?<![\w:.\-])(?<!\w:)([^\W_]+)(?![\w:])", re.UNICODE)


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query as Whoosh will run it, and what the parser understood."""

    text: str
    #: None when the text holds nothing searchable (empty, only common words or operators).
    query: wq.Query | None
    #: The same query with its top-level words OR-ed: used when no entry matches them all.
    fallback_query: wq.Query | None = None
    explanation: tuple[str, ...] = ()
    #: The plain words typed (no operators, no fielded terms), for spelling and recovery.
    words: tuple[str, ...] = ()
    #: (field, analysed text) of every term that a hit should highlight.
    highlight_terms: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    #: The postings one search of the query reads (search.budget), charged to each request.
    cost: int = 0


def default_fields() -> tuple[str, ...]:
    """Fields searched by default: title, description, people, the facets' labels, the date."""
    labels = tuple(definition.text_field for definition in keyed_facets())
    return ("title", "description", "people", *labels, "date_text")


def default_boosts() -> dict[str, float]:
    """Query-time weight of each default field that has one other than 1."""
    boosts = dict(FIELD_BOOSTS)
    boosts |= {d.text_field: d.query_boost for d in keyed_facets() if d.query_boost != 1.0}
    return {name: boost for name, boost in boosts.items() if boost != 1.0}


def query_fields() -> tuple[str, ...]:
    """Fields a query may name (``topic:``, ``year:``); other "name:" prefixes are plain words."""
    return (*default_fields(), *(definition.name for definition in all_facets()))


def _typed_fields() -> set[str]:
    """Field names as a user may type them (person: is the people field)."""
    return {*query_fields(), "person"}


@cache
def shared_analyzer() -> Analyzer:
    """One text analyzer for query-time analysis; reused so its stem cache stays warm."""
    return text_analyzer()


def query_parser(generation: Generation) -> QueryParser:
    """The generation's query parser, built once (it compiles the schema's field plugins)."""

    def build() -> QueryParser:
        schema = generation.schema
        defaults = default_fields()
        fields = {}
        for name in query_fields():
            fieldtype = copy.copy(schema[name])
            if name in defaults:
                # A word the analyzer splits ("COVID-19", "fair-recruitment") is matched as a
                # phrase, not as separate words that might each sit in another field.
                fieldtype.multitoken_query = "phrase"
            fields[name] = fieldtype
        parser = MultifieldParser(list(defaults), Schema(**fields), fieldboosts=default_boosts())
        parser.add_plugin(FieldAliasPlugin({"people": ["person"]}))
        return parser

    return generation.cached("search.parser", build)


def _normalise_years(text: str) -> str:
    """Rewrite year terms into Whoosh's year:[2019 TO 2021]; QueryError for what is no year."""

    def rewrite(match: re.Match) -> str:
        value = match.group(1).strip('"')
        if not value:
            return ""
        if re.fullmatch(r"\d{4}", value):
            return f"year:[{value} TO {value}]"
        found = _YEAR_RANGE.match(value) or _YEAR_BRACKET.match(value)
        if not found or not (found.group(1) or found.group(2)):
            if value.startswith("["):
                raise QueryError(
                    f"year:{value[:30]} is not a year range: write year:[2019 TO 2021]"
                )
            raise QueryError(
                f"year:{value[:20]} is not a year: write year:2021, year:2019..2021 "
                "or year:[2019 TO 2021]"
            )
        start, end = found.group(1) or "", found.group(2) or ""
        if start and end and start > end:
            raise QueryError(f"year:{value[:30]}: the range starts after it ends")
        if start and end:
            return f"year:[{start} TO {end}]"
        # Whoosh reads an open range only without a space inside the brackets.
        return f"year:[{start} TO]" if start else f"year:[TO {end}]"

    return _YEAR_TERM.sub(rewrite, text)


def _lowercase_field(match: re.Match) -> str:
    """Title:ryder means title:ryder."""
    name = match.group(1).lower()
    return f"{name}:" if name in _typed_fields() else match.group(0)


def _drop_empty_field(match: re.Match) -> str:
    """A field name with nothing after it is dropped; any other "word:" keeps its word."""
    return " " if match.group(1) in _typed_fields() else f"{match.group(1)} "


def query_words(text: str) -> tuple[str, ...]:
    """The plain words of a query: no operators, field names, fielded or excluded values."""
    words = []
    kept = _NEGATED.sub(" ", _MINUS.sub("NOT ", _FIELDED.sub(" ", text)))
    for match in PLAIN_WORD.finditer(kept):
        word = match.group(1)
        if word not in OPERATORS:
            words.append(word)
    return tuple(words)


def parse_query(text: str, generation: Generation) -> ParsedQuery:
    """Parse user text; QueryError for what cannot be read, never another exception."""
    check_query_size(text)
    # Before Whoosh's parser, which takes longest over dozens of wildcards.
    check_wildcards(text)
    cleaned = _CONTROL.sub(" ", text).strip()
    # "-word" is NOT word; Whoosh's own +/- plugin drops a lone "-word" instead of excluding it.
    cleaned = _MINUS.sub("NOT ", cleaned)
    cleaned = _FIELD_PREFIX.sub(_lowercase_field, cleaned)
    cleaned = _EMPTY_FIELD.sub(_drop_empty_field, _normalise_years(cleaned)).strip()
    words = query_words(cleaned)
    if not cleaned:
        return ParsedQuery(text=text, query=None, words=words)
    parsed = query_parser(generation).parse(cleaned)
    notes: list[str] = []
    parsed = _resolve_facets(parsed, generation, notes)
    parsed = parsed.normalize()
    explanation: tuple[str, ...]
    if isinstance(parsed, type(wq.NullQuery)):
        explanation = (
            f"nothing searchable in {text.strip()[:80]!r}: common words, single letters and "
            "operators are ignored",
        )
        return ParsedQuery(text=text, query=None, explanation=explanation, words=words)
    # A query too broad for any request is refused before it runs.
    cost = query_cost(parsed, generation, text)
    explanation = (
        f"searched for: {describe(parsed, default_fields())}",
        *word_notes(words, shared_analyzer()),
        *country_notes(words),
        *notes,
    )
    return ParsedQuery(
        text=text,
        query=parsed,
        fallback_query=_any_of(parsed, cleaned),
        explanation=tuple(explanation),
        words=words,
        highlight_terms=frozenset(_positive_terms(parsed)),
        cost=cost,
    )


def _resolve_facets(q: wq.Query, generation: Generation, notes: list[str]) -> wq.Query:
    """Replace facet terms by exact vocabulary keys (or label words when unknown)."""
    keyed = {definition.name: definition for definition in keyed_facets()}
    if isinstance(q, wq.Term | wq.Phrase) and q.fieldname in keyed:
        facet = q.fieldname
        value = q.text if isinstance(q, wq.Term) else " ".join(q.words)
        value = value if isinstance(value, str) else value.decode("utf-8", "replace")
        vocabulary = generation.vocabulary
        key = value if vocabulary.term(facet, value) else vocabulary.resolve(facet, value)
        if key is not None:
            return wq.Term(facet, key, boost=q.boost)
        nearest = vocabulary.nearest(facet, value)
        hint = f" (nearest: {vocabulary.label(facet, nearest)})" if nearest else ""
        if not keyed[facet].words_fallback:
            raise QueryError(f"unknown type {value[:40]!r} in type:{value[:40]}{hint}")
        notes.append(
            f"{facet}:{value} is not a known {facet}{hint}; searched {facet} names for the words"
        )
        return _label_words(keyed[facet].text_field, value)
    if q.is_leaf():
        return q
    return q.apply(lambda child: _resolve_facets(child, generation, notes))


def _label_words(fieldname: str, value: str) -> wq.Query:
    terms = [token.text for token in shared_analyzer()(value, mode="query")]
    if not terms:
        return wq.NullQuery
    if len(terms) == 1:
        return wq.Term(fieldname, terms[0])
    return wq.And([wq.Term(fieldname, term) for term in terms])


def _any_of(q: wq.Query, text: str) -> wq.Query | None:
    """The top-level words OR-ed, for the fallback when no entry has them all; else None."""
    if re.search(r"\bAND\b", text):
        return None  # the user asked for every word explicitly
    banned: list[wq.Query] = []
    if isinstance(q, wq.AndNot):
        banned.append(q.b)
        q = q.a
    if not isinstance(q, wq.And):
        return None
    # Fielded clauses (year:, country:, title:...) stay required; only the plain words and
    # phrases searched across the default fields become optional.
    words = [sub for sub in q.subqueries if _is_default_search(sub)]
    required = [sub for sub in q.subqueries if not _is_default_search(sub)]
    if len(words) < 2:
        return None
    # scale rewards entries that match more of the words.
    either: wq.Query = wq.Or(words, scale=0.9)
    if required:
        either = wq.And([*required, either])
    if banned:
        either = wq.AndNot(either, banned[0])
    return either


def _is_default_search(q: wq.Query) -> bool:
    """Whether a clause is a word or phrase searched across the default fields."""
    return isinstance(q, wq.Or) and same_text_across_fields(q, default_fields())


def _positive_terms(q: wq.Query) -> set[tuple[str, str]]:
    """(field, text) of terms outside NOT clauses: what a hit should show marked."""
    if isinstance(q, wq.Not):
        return set()
    if isinstance(q, wq.AndNot):
        return _positive_terms(q.a)
    if isinstance(q, wq.Term):
        text = q.text if isinstance(q.text, str) else ""
        return {(q.fieldname, text)} if text else set()
    if isinstance(q, wq.Phrase):
        return {(q.fieldname, word) for word in q.words}
    if isinstance(q, wq.Prefix):
        return {(q.fieldname, q.text + "*")}
    if q.is_leaf():
        return set()
    terms: set[tuple[str, str]] = set()
    for child in q.children():
        terms |= _positive_terms(child)
    return terms
