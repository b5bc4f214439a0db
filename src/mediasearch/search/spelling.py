"""Words the index does not know, and a whole-query "did you mean" built from its own words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.searching import Searcher
from whoosh.spelling import Corrector, ListCorrector

from mediasearch.index.generation import Generation
from mediasearch.index.words import generation_words
from mediasearch.search.query import OPERATORS, PLAIN_WORD, default_fields, shared_analyzer


class WordCorrector(Corrector):
    """Whoosh's ReaderCorrector over the generation's word counts: every word within the
    distance, the most frequent first (then alphabetically)."""

    def __init__(self, counts: Counter[str]):
        self.counts = counts
        self.words = sorted(counts)
        # A misspelling comes back with each change of filter or page: each is corrected once.
        self.closest = lru_cache(maxsize=4096)(self._closest)

    def _closest(self, word: str, maxdist: int) -> str | None:
        """The likeliest catalogue word within maxdist edits of word (sharing its first letter)."""
        suggestions = self.suggest(word, limit=1, maxdist=maxdist, prefix=1)
        return suggestions[0] if suggestions else None

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        automaton = levenshtein_automaton(text, maxdist, prefix).to_dfa()
        for word in find_all_matches(automaton, ListCorrector.Skipper(self.words)):
            yield 0 - (maxdist + (1.0 / self.counts[word] * 0.5)), word


def word_corrector(generation: Generation) -> WordCorrector:
    """The generation's corrector, built once."""
    words = generation_words(generation)  # outside: cached() does not nest
    return generation.cached("search.corrector", lambda: WordCorrector(words))


def is_known(searcher: Searcher, word: str) -> bool:
    """Whether a word (as analysed for search) occurs in any default field; stop words count."""
    terms = [token.text for token in shared_analyzer()(word, mode="query")]
    if not terms:
        return True  # a common word is ignored, not unknown
    reader = searcher.reader()
    fields = default_fields()
    return all(any(reader.doc_frequency(f, term) for f in fields) for term in terms)


def unmatched_words(searcher: Searcher, words: tuple[str, ...]) -> tuple[str, ...]:
    """The query's plain words that match nothing in the index, in query order, once each."""
    return tuple(word for word in dict.fromkeys(words) if not is_known(searcher, word))


def correct_text(generation: Generation, text: str, unknown: tuple[str, ...]) -> str | None:
    """The query with each unknown plain word replaced by the closest catalogue word, or None."""
    if not unknown:
        return None
    corrector = word_corrector(generation)
    replacements: dict[str, str] = {}
    for word in unknown:
        lowered = word.lower()
        if lowered.isdigit():
            continue  # numbers are not misspelt words
        # Short words are close to many others: allow one edit below seven letters.
        maxdist = 1 if len(lowered) <= 6 else 2
        closest = corrector.closest(lowered, maxdist)
        if closest is not None and closest != lowered:
            replacements[word] = closest
    if not replacements:
        return None

    def replace(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in OPERATORS:
            return word
        return replacements.get(word, word)

    corrected = PLAIN_WORD.sub(replace, text)
    return corrected if corrected != text else None
