"""Marking matches in a whole text agrees with Whoosh's highlighter, character for character."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mediasearch.search import highlight


def _whoosh_whole(text, terms):
    from whoosh.highlight import WholeFragmenter

    return highlight._mark(text, terms, WholeFragmenter(charlimit=highlight.WHOLE_TEXT), 1)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_whole_texts_are_marked_as_whoosh_marks_them(fixture_catalogue, data):
    entry = data.draw(st.sampled_from(fixture_catalogue.entries))
    text = data.draw(st.sampled_from([entry.title, entry.description, *entry.people]))
    words = [highlight._analysed(w) for w in re.findall(r"\w+", text)]
    pool = sorted({w for w in words if w} | {"zzz", "migrant"})
    chosen = data.draw(st.lists(st.sampled_from(pool), max_size=4))
    terms = [t + "*" if data.draw(st.booleans()) and len(t) > 3 else t for t in chosen]
    assert highlight._mark_whole(text, terms) == _whoosh_whole(text, terms)


def test_marking_keeps_ellipses_and_escapes_as_whoosh_does():
    text = "  Fair … … recruitment <b>&</b> fees …\n"
    for terms in (["recruit"], ["fee"], ["zzz"], [], ["fair", "recruit*"]):
        assert highlight._mark_whole(text, terms) == _whoosh_whole(text, terms)
