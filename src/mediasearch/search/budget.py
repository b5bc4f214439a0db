"""The cost budget of one request: how much of the index its searches may read, declared once.

A search costs the postings it reads: for each index term it looks up (a word in each field it
searches, or every word a wildcard expands to), the number of entries holding it, a plain
word's at a share of a wildcard's (``PLAIN_WORD_SHARE``); a phrase also costs the positions it
reads, at a share (``POSITIONS_SHARE``), charged once the documents holding all its words are
known. One search may read at most ``SEARCH_POSTINGS``: parse_query refuses more with a
QueryTooBroadError that names the broad part. Every search one request runs (the search, its
any-word fallback, the spelling suggestion, the recovery's counts, an export) is charged to
``REQUEST_POSTINGS``: a fallback that does not fit is not run, and a suggestion or recovery
search that does not fit is refused, which the engine already treats as "nothing to suggest".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from whoosh import query as wq

from mediasearch.errors import QueryTooBroadError
from mediasearch.index.generation import Generation
from mediasearch.index.shared_searcher import locked

#: Letters a wildcard needs before its first * or ?: "a*" reads most of the index.
MIN_WILDCARD_PREFIX = 3
#: Most postings one search may read. At 10,000 entries three broad wildcards (wor* mig* int*)
#: read 52,000 in 0.6 s of CPU; "migrant workers" reads 23,000 in a few milliseconds.
SEARCH_POSTINGS = 40_000
#: A plain word's postings cost this much less than a wildcard's: the engine scores words
#: over arrays cached per generation (search.matching); Whoosh reads a wildcard's one by one.
#: At 10,000 entries 15 common words (70,000 postings) take 0.1 s with their fallback.
PLAIN_WORD_SHARE = 8
#: A word's positions in one document cost this much less than a posting Whoosh reads: the
#: engine reads a phrase's positions a block at a time (at 100,000 entries "labour migration"
#: reads 60,000 in 0.35 s, where Whoosh reads 52,000 wildcard postings in 0.6 s).
POSITIONS_SHARE = 3
#: Most postings all the searches of one request may read together.
REQUEST_POSTINGS = 2 * SEARCH_POSTINGS

_WILDCARD = re.compile(r"[*?]")

#: Postings the current request may still read; None outside one (each search on its own).
_remaining: ContextVar[list[int] | None] = ContextVar("mediasearch_budget", default=None)


@contextmanager
def request_budget() -> Iterator[None]:
    """Charge every search parsed in this block to one request's budget (nested: the outer's)."""
    if _remaining.get() is not None:
        yield
        return
    token = _remaining.set([REQUEST_POSTINGS])
    try:
        yield
    finally:
        _remaining.reset(token)


def query_cost(q: wq.Query, generation: Generation, text: str) -> int:
    """What one search of q costs (search_cost); QueryTooBroadError past what one may cost."""
    cost = search_cost(q, generation)
    if cost > SEARCH_POSTINGS:
        raise QueryTooBroadError(_too_broad(cost, text), instead=without_wildcards(text))
    return cost


def charge(cost: int) -> None:
    """Charge one search to the request; QueryTooBroadError once its budget is spent."""
    if not afford(cost):
        raise QueryTooBroadError(
            "this search and its follow-ups would read too much of the index: "
            "use fewer or rarer words"
        )


def afford(cost: int) -> bool:
    """Charge one search to the request if its budget still covers it; whether it did."""
    remaining = _remaining.get()
    if remaining is None:
        return True
    if remaining[0] < cost:
        return False
    remaining[0] -= cost
    return True


def charge_positions(documents: int, words: int) -> None:
    """Charge a phrase's reading of its words' positions in the documents holding them all."""
    charge(documents * words // POSITIONS_SHARE)


def check_wildcards(text: str) -> None:
    """QueryTooBroadError for a typed wildcard that starts a word or follows too few letters.

    Read from the text as typed: the parser stems a wildcard's beginning (dis* is searched as
    di*), and the rule is about what the user wrote.
    """
    for pattern in typed_wildcards(text):
        found = _WILDCARD.search(pattern)
        start = found.start() if found else len(pattern)
        if start == 0:
            message = (
                f"{pattern} starts with a wildcard, which would read every word of the index: "
                "write the beginning of the word, such as recruit*"
            )
        elif start < MIN_WILDCARD_PREFIX:
            message = (
                f"{pattern} is too broad: a wildcard needs at least {MIN_WILDCARD_PREFIX} "
                "letters before it, such as recruit* rather than re*"
            )
        else:
            continue
        raise QueryTooBroadError(message, instead=without_wildcards(text))


def typed_wildcards(text: str) -> list[str]:
    """The words of a query that hold a wildcard, as typed, without field names or brackets."""
    return [
        word
        for token in text.split()
        if _WILDCARD.search(word := token.rsplit(":", 1)[-1].strip('"()[]{}'))
    ]


def search_cost(q: wq.Query, generation: Generation) -> int:
    """What one search of q costs: the postings read one at a time (a wildcard's, a phrase's
    candidates), and a share of the plain words' postings, which the engine scores over arrays."""
    read = _postings(q, generation)
    # Never free: each search the request runs counts against its budget.
    return max(1, read.one_by_one + read.arrays // PLAIN_WORD_SHARE)


def postings(q: wq.Query, generation: Generation) -> int:
    """Postings q reads: of each word in each field, of every word each wildcard expands to."""
    read = _postings(q, generation)
    return read.one_by_one + read.arrays


@dataclass(frozen=True)
class _Read:
    #: Postings Whoosh reads one at a time: wildcards' and the phrases it matches itself.
    one_by_one: int
    #: Postings the engine reads as arrays: plain words' and its phrases' words'.
    arrays: int


def _postings(q: wq.Query, generation: Generation) -> _Read:
    one_by_one = plain = 0
    for leaf in q.leaves():
        if isinstance(leaf, wq.PatternQuery | wq.FuzzyTerm) and isinstance(leaf.text, str):
            # Prefix, Wildcard, FuzzyTerm: every term that starts with the literal beginning.
            beginning = _beginning(leaf.text, leaf)
            one_by_one += _lexicon(generation, leaf.fieldname).postings(beginning)
        elif isinstance(leaf, wq.Phrase):
            counts = [_doc_frequency(generation, leaf.fieldname, word) for word in leaf.words]
            if is_array_phrase(leaf, generation):
                # Its words as arrays; the positions it then reads are charged as it reads
                # them (charge_positions), when the documents holding every word are known.
                plain += sum(counts)
            else:
                one_by_one += sum(counts)
        elif isinstance(leaf, wq.Term) and isinstance(leaf.text, str):
            plain += _doc_frequency(generation, leaf.fieldname, leaf.text)
        # Year ranges and the like read a handful of terms: cheap.
    return _Read(one_by_one, plain)


def is_array_phrase(q: wq.Query, generation: Generation) -> bool:
    """Whether the engine matches this query itself as a phrase (words in a row in a
    positional field); any other phrase is Whoosh's to match."""
    schema = generation.schema
    return (
        type(q) is wq.Phrase
        and q.slop == 1
        and q.fieldname in schema
        and schema[q.fieldname].format.supports("positions")
    )


def _doc_frequency(generation: Generation, fieldname: str, text: str | bytes) -> int:
    """How many documents hold the term: one look-up in the index's term table."""
    with locked(generation) as searcher:
        schema = searcher.schema
        if fieldname not in schema or not schema[fieldname].indexed:
            return 0
        return int(searcher.reader().doc_frequency(fieldname, text))


def without_wildcards(text: str) -> str | None:
    """The query without its wildcards ("recrui* nep*" -> "recrui nep"), if it had any."""
    if not _WILDCARD.search(text):
        return None
    plain = " ".join(re.sub(r"[*?~]+\d*", " ", text).split())
    return plain or None


def _too_broad(cost: int, text: str) -> str:
    wildcards = typed_wildcards(text)
    if wildcards:
        named = ", ".join(wildcards[:3])
        advice = f"the wildcards ({named}) match too many words: give them longer beginnings"
    else:
        advice = "its words are among the commonest in the archive: use fewer or rarer ones"
    return (
        f"this search is too broad: it would read too much of the index ({cost:,}, at most "
        f"{SEARCH_POSTINGS:,}); {advice}"
    )


def _beginning(text: str, leaf: wq.PatternQuery | wq.FuzzyTerm) -> str:
    """The literal letters every term a wildcard or fuzzy term expands to starts with."""
    if isinstance(leaf, wq.FuzzyTerm):
        return text[: leaf.prefixlength]
    found = _WILDCARD.search(text)
    return text[: found.start()] if found else text


@dataclass(frozen=True)
class _Lexicon:
    """One field's terms, sorted, with running totals of their postings."""

    terms: list[str]
    #: totals[i] is the postings of terms[:i].
    totals: list[int]

    def postings(self, beginning: str) -> int:
        """Postings of every term starting with ``beginning``."""
        low = bisect_left(self.terms, beginning)
        high = bisect_left(self.terms, beginning + "\U0010ffff")
        return self.totals[high] - self.totals[low]


def _lexicon(generation: Generation, fieldname: str) -> _Lexicon:
    """A field's lexicon, read at its first wildcard of the generation (0.1 s at 100,000
    entries): a wildcard's cost is then two bisections, however many words it expands to."""

    def read() -> _Lexicon:
        terms: list[str] = []
        totals = [0]
        with generation.index.reader() as reader:
            if fieldname in reader.schema and reader.schema[fieldname].indexed:
                for term, info in reader.iter_field(fieldname):
                    text = term.decode("utf-8", "replace") if isinstance(term, bytes) else term
                    terms.append(str(text))
                    totals.append(totals[-1] + info.doc_frequency())
        return _Lexicon(terms, totals)

    return generation.cached(f"search.lexicon.{fieldname}", read)
