"""Text analysis: how titles, descriptions and labels become the terms indexed and searched.

The analyzer is a chain of Whoosh filters, which query parsing and highlighting use as it is.
Indexing, which runs every word of the catalogue through it, takes a shortcut that yields the
same tokens: one regular-expression pass and each distinct word's term remembered.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.formats import Positions
from whoosh.support.charset import accent_map

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

#: Words and line breaks: a line break separates two names of a multi-name field.
_TOKEN = r"\w+|\n"
_TOKENS = re.compile(_TOKEN)

#: Position distance between two names of a multi-name field (one per line), so that a phrase
#: never matches across them: "recruitment fair" must not match "...Recruitment Framework\nFAIR".
NAME_GAP = 100


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


#: The only arguments indexing passes (Whoosh's formats); any other goes through the chain.
_INDEXING_ARGUMENTS = frozenset({"mode", "positions", "boosts"})
#: What Whoosh's fields pass their format when indexing a value.
_INDEX = {"mode": "index"}
#: A word the chain stops (too short, or a stop word) has no term.
_STOPPED = ""


class TextAnalyzer(CompositeAnalyzer):
    """The filter chain, with a shortcut for indexing that yields the same tokens.

    The chain's filters work word by word, except for positions: a stopped word or a line
    break still takes a position until the first word kept (StopFilter numbers the rest one by
    one from there), and each line break before a word moves it NAME_GAP further.
    """

    def __init__(self) -> None:
        super().__init__(
            RegexTokenizer(_TOKEN),
            LineBreakFilter(),
            LowercaseFilter(),
            CharsetFilter(accent_map),
            SpellingVariantFilter(),
            StopFilter(),
            StemFilter(),
            LineGapFilter(),
        )
        self._terms: dict[str, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        # Whoosh pickles the schema into the index: the words met while indexing stay out.
        return {name: value for name, value in self.__dict__.items() if name != "_terms"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _terms={})

    def __call__(self, value: str, no_morph: bool = False, **kwargs: Any) -> Iterator[Token]:
        if no_morph or kwargs.get("mode") != "index" or not kwargs.keys() <= _INDEXING_ARGUMENTS:
            return super().__call__(value, no_morph=no_morph, **kwargs)
        return self._indexing_tokens(value, kwargs.get("positions", False))

    def term(self, word: str) -> str:
        """The term the chain makes of one word, or "" if it stops the word."""
        term = self._terms.get(word)
        if term is None:
            tokens = super().__call__(word, mode="index")
            term = self._terms[word] = next((token.text for token in tokens), _STOPPED)
        return term

    def index_terms(self, value: str) -> list[tuple[str, int]]:
        """(term, position) of every word the chain keeps in value, in order."""
        found = []
        position = None
        breaks = 0
        terms = self._terms
        for raw_position, word in enumerate(_TOKENS.findall(value)):
            if word == "\n":
                breaks += 1
                continue
            term = terms.get(word)
            if term is None:
                term = self.term(word)
            if term:
                position = raw_position if position is None else position + 1
                found.append((term, position + breaks * NAME_GAP))
        return found

    def _indexing_tokens(self, value: str, positions: bool) -> Iterator[Token]:
        # One token reused for every word, as Whoosh's tokenizers do.
        token = Token(positions=positions, chars=False, removestops=True, mode="index")
        token.boost = 1.0
        token.stopped = False
        for token.text, token.pos in self.index_terms(value):
            yield token


class IndexedPositions(Positions):
    """Whoosh's Positions format, taking a TextAnalyzer's terms as a list, not a token stream."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Any:
        if not (isinstance(analyzer, TextAnalyzer) and isinstance(value, str) and kwargs == _INDEX):
            return super().word_values(value, analyzer, **kwargs)
        positions: defaultdict[str, list[int]] = defaultdict(list)
        for term, position in analyzer.index_terms(value):
            positions[term].append(position)
        # As Positions: each token weighs 1.0, times the field's boost.
        return [
            (term, len(found), len(found) * self.field_boost, self.encode(found))
            for term, found in positions.items()
        ]


def text_analyzer() -> TextAnalyzer:
    """Words, lowercased, accents folded (Maria finds María), British spelling, English stems."""
    return TextAnalyzer()
