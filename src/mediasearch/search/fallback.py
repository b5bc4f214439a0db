"""How a search answers when its words do not all match: the match mode, and notices that are true.

Words are AND-ed. Three outcomes, named by the match mode:

- ``all``: every hit has every word (or the search has no words).
- ``any``: no entry in the whole archive has every word, so the hits are entries with any of
  them, most words first. Only then is "no entry has every word" said.
- ``none``: nothing is shown. When entries do have every word but none passes the filters,
  the first notice says how many there are and links to the search without the filters,
  rather than passing off entries with only some of the words as the answer.
"""

from __future__ import annotations

from mediasearch.catalogue.facets import facet_named
from mediasearch.catalogue.vocabulary import Vocabulary
from mediasearch.search.params import SearchParams
from mediasearch.search.results import Notice, Recovery

MATCH_ALL, MATCH_ANY, MATCH_NONE = "all", "any", "none"


def falls_back(any_entry_has_every_word: bool) -> bool:
    """Whether to show entries with any of the words: only when no entry has them all."""
    return not any_entry_has_every_word


def match_mode(fell_back: bool, total: int) -> str:
    """The match mode of a search's hits (see the module docstring)."""
    if not total:
        return MATCH_NONE
    return MATCH_ANY if fell_back else MATCH_ALL


def match_notices(
    params: SearchParams,
    vocabulary: Vocabulary,
    mode: str,
    matched_anywhere: int,
    unmatched: tuple[str, ...],
) -> tuple[Notice, ...]:
    """What a reader must know before the hits, the way out first.

    :param matched_anywhere: entries with every word, filters ignored (0 without words).
    """
    notices = []
    if mode == MATCH_NONE and matched_anywhere and params.has_filters:
        count = matched_anywhere
        entries = "1 entry matches" if count == 1 else f"{count} entries match"
        where = filters_phrase(params, vocabulary)
        notices.append(
            Notice(
                "outside_filters",
                f"{entries} every word {where}",
                count,
                params.without_filters(),
            )
        )
    if unmatched:
        words = ", ".join(unmatched)
        also = ": showing entries with any of the other words" if mode == MATCH_ANY else ""
        notices.append(Notice("unknown_words", f"No entry contains {words}{also}."))
    elif mode == MATCH_ANY:
        notices.append(
            Notice(
                "any_words",
                f"No entry has every word of {params.q}: showing entries with any of them, "
                "most matching words first.",
            )
        )
    return tuple(notices)


def filters_phrase(params: SearchParams, vocabulary: Vocabulary) -> str:
    """Where the entries the filters leave out are: "outside 2016–2017", "before 2022",
    "without the filters country Nepal, years from 2016"."""
    low, high = params.year_from, params.year_to
    facets = [
        f"{facet_named(facet).heading.lower()} "
        + " or ".join(vocabulary.label(facet, key) for key in keys)
        for facet, keys in params.filters.items()
    ]
    if not facets:
        if low is not None and high is not None:
            return f"outside {low}" if low == high else f"outside {low}–{high}"
        return f"before {low}" if low is not None else f"after {high}"
    if low is not None and high is not None:
        facets.append(f"years {low}–{high}")
    elif low is not None:
        facets.append(f"years from {low}")
    elif high is not None:
        facets.append(f"years up to {high}")
    return f"without the filter{'s' if len(facets) > 1 else ''} {', '.join(facets)}"


def useful_recovery(
    recovery: tuple[Recovery, ...], notices: tuple[Notice, ...], params: SearchParams
) -> tuple[Recovery, ...]:
    """Recovery links a notice does not already give, nor "Browse the whole archive"."""
    offered = {notice.params for notice in notices if notice.params is not None}
    everything = SearchParams(sort=params.sort, per_page=params.per_page)
    return tuple(
        item for item in recovery if item.params not in offered and item.params != everything
    )
