"""Whoosh queries evaluated over numpy arrays: which documents match, with Whoosh's BM25F scores.

Whoosh matches and scores a hit at a time in Python, which is most of a broad search's time.
Here each term's postings become an array of per-document scores, computed once per
generation (a term's BM25F score in a document depends only on the generation), and the
query tree combines them as Whoosh's matchers do: ``And`` and ``Or`` add their children's
scores, a boost multiplies, an ``Or`` with ``scale`` applies Whoosh's coordination bonus,
``AndNot`` keeps its left side's, a ``Not`` is every other document at 1.0, and a phrase
checks the positions of the documents holding all its words. Query types not listed here
(ranges, wildcards, phrases with slop) are handed to Whoosh itself, so every query means
what it meant before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import cast

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from mediasearch.index.doc_table import DocumentTable
from mediasearch.index.generation import Generation
from mediasearch.index.postings import field_lengths, read_positions, read_postings
from mediasearch.index.shared_searcher import locked
from mediasearch.search.budget import charge_positions, is_array_phrase

#: The generation cache key of the term cache.
CACHE_KEY = "search.term_scores"
#: Postings kept in the term cache per generation (12 bytes each): common words stay read.
TERM_CACHE_POSTINGS = 4_000_000
#: A term's or phrase's matching docnums and their scores, as two aligned arrays.
Postings = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Matches:
    """A query's outcome over every docnum: whether each matched, and its score (else 0)."""

    mask: np.ndarray
    scores: np.ndarray


@dataclass
class TermCache:
    """Each term's (docnums, BM25F scores) in one generation, the most used ones kept."""

    entries: OrderedDict[Hashable, Postings] = field(default_factory=OrderedDict)
    postings: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: Hashable, load: Callable[[], Postings]) -> Postings:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                return found
        found = load()
        with self.lock:
            if key not in self.entries:
                self.entries[key] = found
                self.postings += len(found[0])
                while self.postings > TERM_CACHE_POSTINGS and len(self.entries) > 1:
                    _, dropped = self.entries.popitem(last=False)
                    self.postings -= len(dropped[0])
        return found


def match_query(
    query: wq.Query, generation: Generation, searcher: Searcher, table: DocumentTable
) -> Matches:
    """Every document the query matches and the score Whoosh would give it."""
    cache = generation.cached(CACHE_KEY, TermCache)
    return _Evaluator(generation, searcher, table, cache).run(query)


class _Evaluator:
    def __init__(
        self, generation: Generation, searcher: Searcher, table: DocumentTable, cache: TermCache
    ):
        self.generation = generation
        self.searcher = searcher
        self.table = table
        self.cache = cache

    def empty(self) -> Matches:
        return Matches(np.zeros(self.table.size, bool), np.zeros(self.table.size))

    def run(self, q: wq.Query) -> Matches:
        # Exact types: a subclass may match differently, so it goes to Whoosh.
        found: Matches
        if type(q) is wq.Term:
            found = self.term(q)
        elif type(q) is wq.And:
            parts = []
            # Phrases last: their positions are not read (nor charged) once another part
            # has ruled out every document.
            for sub in sorted(q.subqueries, key=_holds_phrase):
                parts.append(self.run(sub))
                if not parts[-1].mask.any():
                    return self.empty()
            found = _combined(parts, all_of=True) if parts else self.empty()
        elif type(q) is wq.Or and not q.minmatch:
            parts = [self.run(sub) for sub in q.subqueries]
            found = _combined(parts, all_of=False) if parts else self.empty()
            if q.scale:
                found = _coordinated(found, parts, q.scale)
        elif is_array_phrase(q, self.generation):
            found = self.phrase(cast(wq.Phrase, q))
        elif type(q) is wq.AndNot:
            kept, dropped = self.run(q.a), self.run(q.b)
            mask = kept.mask & ~dropped.mask
            return Matches(mask, np.where(mask, kept.scores, 0.0))
        elif type(q) is wq.Not:
            # Whoosh's InverseMatcher: every live document the child misses, scoring 1.0
            # whatever the boost (an And then adds that 1.0 to each of its hits).
            mask = self.table.live & ~self.run(q.query).mask
            return Matches(mask, mask.astype(np.float64))
        elif type(q) is type(wq.NullQuery):
            return self.empty()
        else:
            return self.delegate(q)
        # Terms, And, Or and phrases, which all carry a boost.
        boost: float = getattr(q, "boost", 1.0)
        if boost != 1.0:
            found = Matches(found.mask, found.scores * boost)
        return found

    def term(self, q: wq.Term) -> Matches:
        schema = self.searcher.schema
        if q.fieldname not in schema:
            return self.empty()
        try:
            text = schema[q.fieldname].to_bytes(q.text)
        except ValueError:
            return self.empty()
        docs, scores = self.cache.get((q.fieldname, text), lambda: self.load(q.fieldname, text))
        found = self.empty()
        found.mask[docs] = True
        found.scores[docs] = scores
        return found

    def phrase(self, q: wq.Phrase) -> Matches:
        """Documents with the words in a row; scored as Whoosh does, by the words' scores."""
        words = [word.encode("utf-8") if isinstance(word, str) else word for word in q.words]
        if not words:
            return self.empty()
        key = (q.fieldname, tuple(words))
        docs, scores = self.cache.get(key, lambda: self.load_phrase(q.fieldname, words))
        found = self.empty()
        found.mask[docs] = True
        found.scores[docs] = scores
        return found

    def load_phrase(self, fieldname: str, words: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
        reader = self.searcher.reader()
        parts = [self.term(wq.Term(fieldname, word)) for word in words]
        together = _combined(parts, all_of=True)
        candidates = np.flatnonzero(together.mask)
        if not len(candidates):
            return candidates.astype(np.int32), np.zeros(0)
        charge_positions(len(candidates), len(words))
        positions = [read_positions(reader, fieldname, word, candidates) for word in words]
        kept = [i for i, sets in enumerate(zip(*positions, strict=True)) if _in_a_row(sets)]
        docs = candidates[kept].astype(np.int32)
        return docs, together.scores[docs]

    def load(self, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
        """A term's documents and BM25F scores, as Whoosh's BM25FScorer computes them."""
        searcher = self.searcher
        docs, weights = read_postings(searcher.reader(), fieldname, text, self.table.live)
        if not len(docs) or not searcher.schema[fieldname].scorable:
            return docs, weights  # Whoosh's WeightScorer: the posting's weight
        weighting = searcher.weighting
        if type(weighting) is not BM25F:
            raise TypeError(f"term scores are computed for BM25F, not {weighting!r}")
        b = weighting._field_B.get(fieldname, weighting.B)
        k1 = weighting.K1
        idf = searcher.idf(fieldname, text)
        average = searcher.avg_field_length(fieldname) or 1
        lengths = self.lengths(fieldname)[docs]
        # whoosh.scoring.bm25, term for term, so the floats come out the same.
        scores = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average)))
        return docs, scores

    def lengths(self, fieldname: str) -> np.ndarray:
        return term_lengths(self.generation, fieldname, self.searcher)

    def delegate(self, q: wq.Query) -> Matches:
        """Whoosh's own matching and scoring, for a query type not evaluated here."""
        found = self.empty()
        for docnum, score in self.searcher.search(q, limit=None).items():
            found.mask[docnum] = True
            found.scores[docnum] = score
        return found


def term_lengths(
    generation: Generation, fieldname: str, searcher: Searcher | None = None
) -> np.ndarray:
    """Every document's length in a field (BM25F's), read once per generation."""

    def read() -> np.ndarray:
        with locked(generation, searcher) as reading:
            return field_lengths(reading.reader(), fieldname)

    return generation.cached(f"search.lengths.{fieldname}", read)


def _holds_phrase(q: wq.Query) -> bool:
    return any(isinstance(leaf, wq.Phrase) for leaf in q.leaves())


def _in_a_row(positions: tuple[set[int], ...]) -> bool:
    """Whether the words, given each one's positions, occur one after another somewhere."""
    starts = positions[0]
    for offset, later in enumerate(positions[1:], start=1):
        starts = starts.intersection([position - offset for position in later])
        if not starts:
            return False
    return True


def _combined(parts: list[Matches], all_of: bool) -> Matches:
    """And (all_of) or Or of the parts; either way the matched parts' scores add up."""
    mask = parts[0].mask.copy()
    scores = parts[0].scores.copy()
    for part in parts[1:]:
        if all_of:
            mask &= part.mask
        else:
            mask |= part.mask
        scores += part.scores
    if all_of:
        scores[~mask] = 0.0
    return Matches(mask, scores)


def _coordinated(found: Matches, parts: list[Matches], scale: float) -> Matches:
    """Whoosh's CoordMatcher formula, rewarding documents that match more of the clauses.

    Whoosh counts matching leaf terms, and only when its matcher tree keeps them (above 5,000
    documents), so its ranking changed with the archive's size; here each of the Or's clauses
    (a word, whatever fields it matched in) counts once, at every size.
    """
    known = [part.mask for part in parts if part.mask.any()]
    count = len(known)
    if count <= 1 or count == scale:
        return found
    matching = np.sum(known, axis=0)
    bonus = (matching - 1) / (count - scale) ** 2
    scores = np.where(found.mask, (found.scores + bonus) * ((count - 1) / count), 0.0)
    return Matches(found.mask, scores)
