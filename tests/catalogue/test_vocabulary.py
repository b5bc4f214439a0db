"""The controlled lists: resolving names to keys, labels, and "did you mean" suggestions."""

from __future__ import annotations

import pytest

from mediasearch.catalogue.loading import load_vocabulary
from mediasearch.catalogue.vocabulary import vocabulary_from_data, vocabulary_to_data
from mediasearch.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def vocabulary(fixture_catalogue):
    return fixture_catalogue.vocabulary


@pytest.mark.parametrize(
    ("facet", "name", "key"),
    [
        ("country", "NPL", "NPL"),
        ("country", "nepal", "NPL"),
        ("country", "Viet Nam", "VNM"),
        ("country", "NP", "NPL"),
        ("project", "REFRAME", "reframe"),
        ("project", "Ship to Shore", "ship-to-shore"),
        ("topic", "FAIR RECRUITMENT", "fair-recruitment"),
        ("topic", "Narnia", None),
    ],
)
def test_resolve_accepts_keys_labels_acronyms_and_aliases(vocabulary, facet, name, key):
    assert vocabulary.resolve(facet, name) == key


@pytest.mark.parametrize(
    ("facet", "name", "nearest"),
    [
        ("country", "Nepl", "NPL"),
        ("country", "NO", "NOR"),
        ("country", "Phillipines", "PHL"),
        # A loose likeness is no help: "Narnia" is not "Anguilla" or "Armenia".
        ("country", "Narnia", None),
        ("type", "vidoe", "video"),
        # The start of a label names its term.
        ("type", "photo", "photo-series"),
        ("topic", "fair-recuitment", "fair-recruitment"),
        ("topic", "nonsense", None),
        ("region", "arab-state", "arab-states"),
    ],
)
def test_nearest_suggests_only_close_names(vocabulary, facet, name, nearest):
    assert vocabulary.nearest(facet, name) == nearest


def test_labels_come_from_the_vocabulary_and_pycountry(vocabulary):
    assert [
        vocabulary.label("country", "VNM"),
        vocabulary.label("project", "reframe"),
        vocabulary.label("topic", "no-such-key"),
    ] == [
        "Viet Nam",
        "Global Action to Improve the Recruitment Framework of Labour Migration",
        "no-such-key",
    ]


def test_the_vocabulary_round_trips_through_json():
    vocabulary = load_vocabulary(PROJECT_ROOT / "data" / "vocabulary.yaml")
    assert vocabulary_from_data(vocabulary_to_data(vocabulary)) == vocabulary
