"""Highlighted snippets: a hit's text HTML-escaped, with only the matched words in <mark>."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Token
from whoosh.highlight import (
    BasicFragmentScorer,
    ContextFragmenter,
    Formatter,
    Fragment,
    Fragmenter,
    top_fragments,
)

from mediasearch.catalogue.entries import Entry
from mediasearch.search.query import shared_analyzer

#: Length of a description snippet, in characters.
SNIPPET_CHARS = 220
#: Context kept around a match in a description snippet.
SNIPPET_SURROUND = 70
#: Whoosh's fragmenters read the whole text when charlimit is false (None in its docs).
WHOLE_TEXT = 0


class MarkFormatter(Formatter):
    """Escapes every character of the text and wraps matches in <mark>; nothing else."""

    def format(self, fragments: Iterable[Fragment], replace: bool = False) -> str:
        # Each fragment marks its own cut ends ("… text …"); two neighbours share one ellipsis.
        text = " ".join(self.format_fragment(fragment, replace) for fragment in fragments)
        return text.replace("… …", "…")

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"<mark>{html.escape(text[token.startchar : token.endchar], quote=False)}</mark>"

    def format_fragment(self, fragment: Fragment, replace: bool = False) -> str:
        body = super().format_fragment(fragment, replace)
        # Say when a fragment is cut out of a longer text; a cut-off full stop does not count.
        rest = fragment.text[fragment.endchar :]
        if rest.strip(" .,;:!?)\"'") == "":
            body += self._text(rest)
            end = ""
        else:
            end = " …"
        start = "… " if fragment.text[: fragment.startchar].strip() else ""
        return f"{start}{body.strip()}{end}"


#: A word as the text analyzer's tokenizer finds it (line breaks only move positions).
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=65_536)
def _analysed(word: str) -> str | None:
    """A word as the index holds it; the analyzer's filters each look at one word only."""
    tokens = [token.text for token in shared_analyzer()(word, mode="query", removestops=False)]
    return tokens[0] if tokens else None


def _matched_tokens(text: str, terms: frozenset[str], prefixes: tuple[str, ...]) -> Iterator[Token]:
    # Each distinct word is analysed once per process, not once per hit shown: stemming
    # every word of every description on the page was most of a search's time.
    token = Token(positions=False, chars=True, removestops=False, mode="query")
    for match in _WORD.finditer(text):
        analysed = _analysed(match.group())
        if analysed is None:
            continue
        token.text = analysed
        token.startchar, token.endchar = match.span()
        # Token takes any attribute; "matched" is the one Whoosh's fragmenters read.
        token.matched = analysed in terms or analysed.startswith(prefixes)  # type: ignore[attr-defined]
        yield token


def _split(terms: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Query terms as (whole words, the beginnings of "text*" prefixes)."""
    terms = frozenset(terms)
    words = frozenset(term for term in terms if not term.endswith("*"))
    return words, tuple(term[:-1] for term in terms if term.endswith("*"))


def _mark_whole(text: str, terms: Iterable[str]) -> str:
    """The whole text with matches marked, "" when nothing matches: what ``_mark`` gives with
    a WholeFragmenter, without Whoosh's fragment scoring (a title is one fragment)."""
    words, prefixes = _split(terms)
    if not words and not prefixes:
        return ""
    output, index = [], 0
    for token in _matched_tokens(text, words, prefixes):
        if token.matched:  # type: ignore[attr-defined]
            output.append(html.escape(text[index : token.startchar], quote=False))
            marked = html.escape(text[token.startchar : token.endchar], quote=False)
            output.append(f"<mark>{marked}</mark>")
            index = token.endchar
    if not output:
        return ""
    output.append(html.escape(text[index:], quote=False))
    return "".join(output).strip().replace("… …", "…")


def _mark(text: str, terms: Iterable[str], fragmenter: Fragmenter, top: int) -> str:
    """The best fragments of text with matches marked; "" when nothing matches."""
    words, prefixes = _split(terms)
    if not words and not prefixes:
        return ""
    fragments = fragmenter.fragment_tokens(text, _matched_tokens(text, words, prefixes))
    best = top_fragments(fragments, top, BasicFragmentScorer(), lambda f: f.startchar, 1)
    return MarkFormatter().format(best) if best else ""


def _opening(text: str) -> str:
    """The start of a text, escaped, cut at a word boundary."""
    if len(text) <= SNIPPET_CHARS:
        return html.escape(text, quote=False)
    cut = text[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return html.escape(cut, quote=False) + " …"


def highlight_entry(entry: Entry, terms: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Escaped HTML for a hit: the whole title and a description snippet, matches marked.

    :param terms: (field, analysed text) pairs from the query; "text*" marks a prefix.
    The title is always given; the description snippet is the matching fragment, or the
    description's opening when nothing in it matched; absent when there is no description.
    ``people`` (names joined by ", ") is given only when a name matched, to show why.
    """
    by_field: dict[str, set[str]] = {}
    for fieldname, text in terms:
        by_field.setdefault(fieldname, set()).add(text)
    title = _mark_whole(entry.title, by_field.get("title", ()))
    highlights = {"title": title or html.escape(entry.title, quote=False)}
    if entry.description:
        description_terms = by_field.get("description", ())
        if len(entry.description) <= SNIPPET_CHARS:
            snippet = _mark_whole(entry.description, description_terms)
        else:
            fragmenter = ContextFragmenter(
                maxchars=SNIPPET_CHARS, surround=SNIPPET_SURROUND, charlimit=WHOLE_TEXT
            )
            snippet = _mark(entry.description, description_terms, fragmenter, 2)
        highlights["description"] = snippet or _opening(entry.description)
    people_terms = by_field.get("people", ())
    names = [_mark_whole(name, people_terms) for name in entry.people]
    if any(names):
        escaped = (
            mark or html.escape(name, quote=False)
            for mark, name in zip(names, entry.people, strict=True)
        )
        highlights["people"] = ", ".join(escaped)
    return highlights


def highlight_hit(entry: Entry, terms: frozenset[tuple[str, str]]) -> dict[str, str]:
    """``highlight_entry``, remembered for recent hits: the same hits come back with each change
    of filter, sort or page, and marking their text is a good part of a page's time."""
    return dict(_remembered_highlights(entry, terms))


@lru_cache(maxsize=4096)
def _remembered_highlights(
    entry: Entry, terms: frozenset[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    return tuple(highlight_entry(entry, terms).items())
