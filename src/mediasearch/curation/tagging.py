"""Suggests tags for an entry's text: countries, regions, topics, projects and a media type."""

from __future__ import annotations

import re
from functools import cache

from mediasearch.catalogue.countries import country_names, country_spellings
from mediasearch.catalogue.facets import COUNTRIES, tag_facets
from mediasearch.catalogue.vocabulary import Vocabulary

#: Title words that give away the media type; checked in order, the first match wins.
TYPE_WORDS = (
    ("infographic", r"\binfographic"),
    ("interactive", r"\bonline game\b|\binteractive\b"),
    ("exhibition", r"\bexhibition\b"),
    ("glossary", r"\bglossary\b"),
    ("statement", r"\bstatements?\b"),
    ("slideshow", r"\bslideshow\b|\bphoto[- ]story\b"),
    ("interview", r"\binterview"),
    ("video", r"\bvideo\b|\bfilm\b|\bdocumentary\b|\bwatch\b"),
)


def suggest_tags(text: str, vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    """Tag keys the text names, by field (topics, countries, regions, projects), if any."""
    found = {
        definition.entry_field: _countries(text)
        if definition.source == COUNTRIES
        else _terms(text, vocabulary, definition.name)
        for definition in tag_facets()
    }
    return {name: keys for name, keys in found.items() if keys}


def suggest_type(text: str) -> str | None:
    """The media type the text's wording gives away, or None."""
    for key, pattern in TYPE_WORDS:
        if re.search(pattern, text, re.IGNORECASE):
            return key
    return None


def _countries(text: str) -> tuple[str, ...]:
    names = _country_pattern()
    codes = [_country_table()[match.group(1)] for match in names.finditer(text)]
    return tuple(dict.fromkeys(codes))


def _terms(text: str, vocabulary: Vocabulary, facet: str) -> tuple[str, ...]:
    found: list[tuple[int, int, int, str]] = []
    for order, term in enumerate(vocabulary.terms.get(facet, {}).values()):
        for name in term.names:
            # Acronyms and region names are matched as written: "FAIR" is not "fair", and
            # "Global Estimates" names the world where "global efforts" does not.
            as_written = facet == "region" or name == term.acronym or name.isupper()
            flags = 0 if as_written else re.IGNORECASE
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags):
                found.append((match.start(), match.end(), order, term.key))
    # Longest names win, so "South East Asia" is not also read as "East Asia" or "Asia".
    taken: list[tuple[int, int]] = []
    hits: list[tuple[int, str]] = []
    for start, end, order, key in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(end <= other_start or start >= other_end for other_start, other_end in taken):
            taken.append((start, end))
            hits.append((order, key))
    return tuple(dict.fromkeys(key for _, key in sorted(hits)))


@cache
def _country_table() -> dict[str, str]:
    """Every country name or demonym worth matching in running text -> alpha-3 code."""
    table: dict[str, str] = {}
    ambiguous: set[str] = set()
    for code in country_names():
        for name in country_spellings(code):
            if table.get(name, code) != code:
                ambiguous.add(name)
            table[name] = code
    for name in ambiguous:
        del table[name]
    return table


@cache
def _country_pattern() -> re.Pattern[str]:
    # Longest names first, so "Papua New Guinea" is read whole and not as "Guinea".
    names = sorted(_country_table(), key=len, reverse=True)
    alternation = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<!\w)({alternation})(?:s)?(?!\w)")
