"""The catalogue's unstemmed words and how often each occurs: the "did you mean" lexicon.

Counted once per build from the entries and written beside the index (``words.json``), it
replaces a second, positional copy of all the text in the index, which cost a third of a
build. An incremental build updates the counts by the entries it changed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.index.generation import Generation
from mediasearch.index.schema import spelling_text

WORDS_FILE = "words.json"
#: The generation cache key of its word counts.
CACHE_KEY = "index.words"
_WORD = re.compile(r"\w+")


def entry_words(entry: Entry, vocabulary: Vocabulary) -> Counter[str]:
    """How often each lowercased word occurs in an entry's searchable text and labels."""
    return count_words((entry,), vocabulary)


def count_words(entries: Iterable[Entry], vocabulary: Vocabulary) -> Counter[str]:
    """Every word of the entries with its number of occurrences."""
    # All the text in one pass, words found and counted in C: a line break parts two entries.
    text = "\n".join(spelling_text(entry, vocabulary) for entry in entries)
    return Counter(map(str.lower, _WORD.findall(text)))


def write_words(path: Path, counts: Counter[str]) -> None:
    """Write a generation's word counts (words sorted, positive counts only)."""
    data = {word: counts[word] for word in sorted(counts) if counts[word] > 0}
    (path / WORDS_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def read_words(path: Path) -> Counter[str]:
    """A generation directory's word counts."""
    return Counter(json.loads((path / WORDS_FILE).read_text(encoding="utf-8")))


def generation_words(generation: Generation) -> Counter[str]:
    """The generation's word counts, read once."""
    return generation.cached(CACHE_KEY, lambda: read_words(generation.path))
