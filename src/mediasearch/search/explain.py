"""What the parser understood, in words a reader follows ("how we read your search")."""

from __future__ import annotations

from collections.abc import Collection

from whoosh import query as wq
from whoosh.analysis import Analyzer

from mediasearch.catalogue.countries import country_names, other_country_names_in
from mediasearch.catalogue.facets import keyed_facets

#: What fields other than the facets' labels are called in explanations.
FIELD_NAMES = {"people": "person", "date_text": "date"}


def _field_names() -> dict[str, str]:
    """Index field -> what explanations call it ("country_text" -> "country name")."""
    labels = {d.text_field: d.words_name for d in keyed_facets() if d.words_name}
    return {**FIELD_NAMES, **labels}


def word_notes(words: tuple[str, ...], analyzer: Analyzer) -> list[str]:
    """Lines saying how each typed word was analysed (stemmed, folded, dropped)."""
    notes = []
    for word in dict.fromkeys(words):
        tokens = [token.text for token in analyzer(word, mode="query")]
        if not tokens:
            notes.append(f"ignored: {word} (too common or too short)")
        elif tokens != [word.lower()]:
            notes.append(f"{word} → {' '.join(tokens)} (stem, accents and spelling folded)")
    return notes


def country_notes(words: tuple[str, ...]) -> list[str]:
    """Lines saying which typed words stand for a country ("Filipino → country Philippines");
    the index holds these names with each country's entries, so they find them."""
    names = country_names()
    found = other_country_names_in(" ".join(words))
    return [f"{written} → country {names[code]}" for written, code in found]


def describe(q: wq.Query, default_fields: Collection[str]) -> str:
    """A compact readable form of a parsed query, fields named as users write them."""
    if isinstance(q, wq.Or) and same_text_across_fields(q, default_fields):
        return _describe_leaf(q.subqueries[0], default=True)
    if isinstance(q, wq.And | wq.Or):
        joiner = " AND " if isinstance(q, wq.And) else " OR "
        return "(" + joiner.join(describe(child, default_fields) for child in q.subqueries) + ")"
    if isinstance(q, wq.AndNot):
        return f"{describe(q.a, default_fields)} NOT {describe(q.b, default_fields)}"
    if isinstance(q, wq.Not):
        return f"NOT {describe(q.query, default_fields)}"
    if isinstance(q, wq.AndMaybe):
        return f"{describe(q.a, default_fields)} (preferably {describe(q.b, default_fields)})"
    return _describe_leaf(q, default=False)


def same_text_across_fields(q: wq.Or, default_fields: Collection[str]) -> bool:
    """Whether an OR is one word or phrase searched over the default fields."""
    subs = q.subqueries
    if len(subs) < 2 or not all(s.is_leaf() for s in subs):
        return False
    kinds = {(type(s), repr(getattr(s, "text", getattr(s, "words", None)))) for s in subs}
    return len(kinds) == 1 and {getattr(s, "fieldname", None) for s in subs} <= set(default_fields)


def _describe_leaf(q: wq.Query, default: bool) -> str:
    prefix = "" if default else _field_names().get(getattr(q, "fieldname", ""), "")
    name = getattr(q, "fieldname", "")
    if not default and not prefix and name:
        prefix = name
    prefix = f"{prefix}:" if prefix else ""
    if isinstance(q, wq.NumericRange):
        if q.start == q.end:
            return f"year:{q.start}"
        return f"year:{q.start or ''}..{q.end or ''}"
    if isinstance(q, wq.Phrase):
        return f'{prefix}"{" ".join(q.words)}"'
    if isinstance(q, wq.Prefix):
        return f"{prefix}{q.text}*"
    if isinstance(q, wq.PatternQuery):
        return f"{prefix}{q.text} (wildcard)"
    if isinstance(q, wq.FuzzyTerm):
        return f"{prefix}{q.text}~ (similar spellings)"
    if isinstance(q, wq.Every):
        return "everything"
    if isinstance(q, wq.Term):
        return f"{prefix}{q.text}"
    # Whoosh's own repr would show class names to readers: say what kind of clause it is.
    return f"{prefix}{type(q).__name__.lower()} clause"
