"""The schema's analysis and the pure entry-to-document conversion."""

from __future__ import annotations

import json

import pytest
from whoosh import query

from mediasearch.index.analysis import text_analyzer
from mediasearch.index.schema import entry_to_document


def test_an_entry_becomes_one_document(fixture_catalogue):
    entry = fixture_catalogue.get("nepal-recruitment-fees-video")
    document = entry_to_document(entry, fixture_catalogue.vocabulary)
    assert json.loads(document.pop("entry")) == entry.to_dict()
    assert document == {
        "id": "nepal-recruitment-fees-video",
        "title": "Ending recruitment fees for Nepali migrant workers",
        "description": (
            "Migrant workers from Nepal tell how recruitment fees and related costs trapped them"
            " in debt, and how fair recruitment changes that."
        ),
        "people": "Michelle Leighton",
        "topic_text": "Fair recruitment\nrecruitment fees\nethical recruitment",
        # Demonyms too: "Nepali" finds an entry tagged Nepal whose text lacks the word.
        "country_text": "Nepal\nFederal Democratic Republic of Nepal\nNepalese\nNepali\nNP\nNPL",
        "region_text": "South Asia",
        "project_text": (
            "Integrated Programme on Fair Recruitment\nFAIR\n"
            "Global Action to Improve the Recruitment Framework of Labour Migration\nREFRAME"
        ),
        "type_text": "Video",
        "date_text": "12 June 2023",
        "topic": "fair-recruitment",
        "country": "NPL",
        "region": "south-asia",
        "project": "fair,reframe",
        "type": "video",
        "year": 2023,
        "date": "2023-06-12",
        "old_ids": "",
        "hash": entry.content_hash(),
        # Described, with a link of its own, no source recorded.
        "coverage": b"[true, true, []]",
    }


def test_the_conversion_is_pure(fixture_catalogue):
    entry = fixture_catalogue.entries[0]
    first = entry_to_document(entry, fixture_catalogue.vocabulary)
    assert entry_to_document(entry, fixture_catalogue.vocabulary) == first


ANALYSIS = [
    ("Labour labor LABOUR", ["labour", "labour", "labour"]),
    ("organisation organization", ["organis", "organis"]),
    ("María Montaño", ["maria", "montano"]),
    ("recruiting recruitment recruit", ["recruit", "recruit", "recruit"]),
    ("the ILO’s women's", ["ilo", "women"]),
    ("COVID-19 neighbors centers", ["covid", "19", "neighbour", "centr"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), ANALYSIS)
def test_text_analysis(text, expected):
    assert [token.text for token in text_analyzer()(text)] == expected


def test_names_on_separate_lines_are_far_apart():
    tokens = text_analyzer()("Fair Recruitment\nFAIR", positions=True)
    assert [(token.text, token.pos) for token in tokens] == [
        ("fair", 0),
        ("recruit", 1),
        ("fair", 102),
    ]


def test_a_phrase_never_matches_across_two_names(ram_generation):
    """ "recruitment fair" is not in any label, only across "...Fair Recruitment" and "FAIR"."""
    with ram_generation.index.searcher() as searcher:
        across = searcher.search(query.Phrase("project_text", ["recruit", "fair"]))
        within = searcher.search(query.Phrase("project_text", ["fair", "recruit"]))
        assert (len(across), len(within) > 0) == (0, True)
