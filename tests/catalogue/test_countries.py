"""Countries by the names people use: labels, aliases, demonyms, one table for all."""

from __future__ import annotations

import pytest

from mediasearch.catalogue.countries import (
    COUNTRY_WORDS,
    country_aliases,
    country_lookup,
    country_names,
    other_country_names_in,
)
from mediasearch.catalogue.vocabulary import Vocabulary


@pytest.mark.parametrize(
    ("code", "label"),
    [
        # ISO's inverted names give way to the common name...
        ("VEN", "Venezuela"),
        ("BOL", "Bolivia"),
        ("IRN", "Iran"),
        ("KOR", "South Korea"),
        ("TZA", "Tanzania"),
        ("MDA", "Moldova"),
        # ...names that are not inverted stay as the ILO and the UN write them.
        ("VNM", "Viet Nam"),
        ("SYR", "Syrian Arab Republic"),
        ("LAO", "Lao People's Democratic Republic"),
        ("NPL", "Nepal"),
        # Inverted without a common name: ISO's name is all there is.
        ("PSE", "Palestine, State of"),
    ],
)
def test_labels_are_the_names_people_use(code, label):
    assert country_names()[code] == label
    assert Vocabulary().label("country", code) == label


def test_aliases_keep_the_other_names_demonyms_and_codes():
    assert country_aliases("VEN") == (
        "Venezuela, Bolivarian Republic of",
        "Bolivarian Republic of Venezuela",
        "Venezuelan",
        "VE",
        "VEN",
    )
    assert country_aliases("PHL") == (
        "Republic of the Philippines",
        "Filipina",
        "Filipino",
        "Philippine",
        "PH",
        "PHL",
    )


def test_a_short_form_two_countries_share_names_neither():
    assert "Korea" not in country_aliases("KOR") + country_aliases("PRK")
    assert "Palestine" in country_aliases("PSE")


NAMES = [("Filipino", "PHL"), ("nepali", "NPL"), ("Burmese", "MMR"), ("Vietnam", "VNM")]


@pytest.mark.parametrize(("name", "code"), [*NAMES, ("Lao", "LAO")])
def test_every_name_resolves_to_its_code(name, code):
    assert country_lookup()[name.casefold()] == code
    assert Vocabulary().resolve("country", name) == code


def test_every_word_of_the_table_names_a_real_country():
    assert set(COUNTRY_WORDS.values()) <= set(country_names())
    assert all(country_lookup()[word.casefold()] == code for word, code in COUNTRY_WORDS.items())


def test_other_names_in_text_as_written_once_each():
    text = "Filipinos and Filipino workers, South Sudanese, Vietnam, Nepal, Viet Nam"
    assert other_country_names_in(text) == (
        ("Filipinos", "PHL"),
        ("Filipino", "PHL"),
        ("South Sudanese", "SSD"),
        ("Vietnam", "VNM"),
    )
