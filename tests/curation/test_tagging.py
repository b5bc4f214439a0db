"""The curation helper's tag suggestions, table-driven."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediasearch.catalogue.loading import load_vocabulary
from mediasearch.curation.tagging import suggest_tags, suggest_type

VOCABULARY = load_vocabulary(Path(__file__).resolve().parents[2] / "data" / "vocabulary.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("Nothing to see here.", {}),
        # demonyms, plurals and short names pycountry does not give
        (
            "Entrepreneurship skills for Venezuelan migrants",
            {"countries": ("VEN",), "topics": ("skills",)},
        ),
        ("Well over five million Venezuelans", {"countries": ("VEN",)}),
        (
            "Filipino migrant health workers in Finland",
            {"countries": ("PHL", "FIN"), "topics": ("health-workers",)},
        ),
        ("Syrian refugees in Lebanon", {"countries": ("SYR", "LBN"), "topics": ("refugees",)}),
        ("the Syria conflict", {"countries": ("SYR",)}),
        ("Thai construction sector", {"countries": ("THA",), "topics": ("construction",)}),
        ("Nepali and Nepalese workers, Lebanese families", {"countries": ("NPL", "LBN")}),
        ("the Jordanian government", {"countries": ("JOR",)}),
        # the search's table: every demonym it knows tags its country
        ("Burmese, Cambodian and Lao workers", {"countries": ("MMR", "KHM", "LAO")}),
        (
            "South Sudanese and Sudanese refugees",
            {"countries": ("SSD", "SDN"), "topics": ("refugees",)},
        ),
        ("Migrant worker resource centres in Viet Nam", {"countries": ("VNM",)}),
        ("workers from Vietnam", {"countries": ("VNM",)}),
        ("domestic workers in Hong Kong", {"countries": ("HKG",), "topics": ("domestic-work",)}),
        (
            "a women's computer centre in Germany",
            {"countries": ("DEU",), "topics": ("women-migrant-workers",)},
        ),
        # the longest name wins: no Guinea in Papua New Guinea, no Niger in Nigeria
        ("Papua New Guinea and Nigeria", {"countries": ("PNG", "NGA")}),
        # a short form two countries share names neither
        ("Korea", {}),
        # lowercase words that are also country names are not countries
        ("turkey and chad for dinner", {}),
        # regions are proper names, matched as written; the longest wins
        (
            "South East Asia's fishing industry",
            {"regions": ("south-east-asia",), "topics": ("fishing",)},
        ),
        ("Migrant Forum in Asia", {"regions": ("asia-pacific",)}),
        ("non-Arab migrant workers in the Middle East", {"regions": ("arab-states",)}),
        ("New Global Estimates", {"regions": ("global",), "topics": ("statistics",)}),
        ("global efforts", {}),
        ("funded by the European Union", {}),
        (
            "In Germany and other countries across Europe",
            {"countries": ("DEU",), "regions": ("europe",)},
        ),
        # projects by name, acronym (as written) and alias
        (
            "The Integrated Programme on Fair Recruitment (FAIR)",
            {"projects": ("fair",), "topics": ("fair-recruitment",)},
        ),
        ("a fair society", {}),
        ("Highlights from REFRAME’S work", {"projects": ("reframe",)}),
        ("the GMS TRIANGLE project", {"projects": ("gms-triangle",)}),
        ("Migration and Governance Network (MAGNET)", {"projects": ("magnet",)}),
        (
            "The Joint Labour Migration Program for Africa",
            {"projects": ("jlmp",), "regions": ("africa",)},
        ),
        (
            "Ship to Shore Rights South East Asia",
            {"projects": ("ship-to-shore",), "regions": ("south-east-asia",)},
        ),
        # topics from labels and aliases, in any case
        ("Child labour in agriculture", {"topics": ("child-labour", "agriculture")}),
        ("COVID-19 and the pandemic", {"topics": ("covid-19",)}),
        ("Social Protection", {"topics": ("social-protection",)}),
    ],
)
def test_suggest_tags(text, expected):
    assert suggest_tags(text, VOCABULARY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Infographic: Setting an ILO Agenda for Fair Migration", "infographic"),
        ("The Hiring Challenge, a new ILO's online game", "interactive"),
        ("Statements on Fair Recruitment", "statement"),
        ("Media-friendly glossary on migration - Nepal edition", "glossary"),
        ("Labour Migrants and the Impact of the Economic Crisis, an interview with", "interview"),
        ("This video summarises the 2016 ILO study", "video"),
        ("Breaking Stereotypes", None),
    ],
)
def test_suggest_type(text, expected):
    assert suggest_type(text) == expected
