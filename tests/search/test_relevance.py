"""Relevance on the real catalogue: researchers' queries and the entries they expect near the top.

Each case names the entries a researcher would look for first and the worst rank acceptable
for each. The index is built from data/entries.yaml with the real indexer, once per session.
"""

from __future__ import annotations

import pytest

from mediasearch.catalogue.loading import load_catalogue
from mediasearch.index.build import build_index
from mediasearch.index.holder import IndexHolder
from mediasearch.search.engine import run_search
from mediasearch.search.params import SearchParams
from mediasearch.settings import setting


@pytest.fixture(scope="session")
def real_generation(tmp_path_factory):
    """The real catalogue, indexed into a temporary directory."""
    index_dir = tmp_path_factory.mktemp("real-index")
    build_index(load_catalogue(setting("ENTRIES_PATH")), index_dir, mode="full")
    holder = IndexHolder(index_dir)
    yield holder.generation()
    holder.close()


GUY_RYDER_REFUGEES = "guy-ryder-refugee-crisis-requires-global-solutions-including"
GUY_RYDER_QUEST = "guy-ryder-talks-jobs-for-syrian-refugees-with-richard-quest"
HIRING_CHALLENGE = "the-hiring-challenge-a-game-changer-for-safe-and-fair"
NEPAL_GLOSSARY = "media-friendly-glossary-on-migration-nepal-edition"
FISHING = "decent-work-for-migrant-workers-in-south-east-asias-fishing"
VENEZUELA = "entrepreneurship-skills-for-venezuelan-migrants-and-refugees"
PROSPECTS = "partnership-for-improving-prospects-for-forcibly-displaced"

#: (query, filters, {entry id: worst acceptable rank}).
CASES = [
    # "Everything on fair recruitment in Nepal", typed or filtered.
    ("fair recruitment nepal", {}, {NEPAL_GLOSSARY: 1}),
    ("fair recruitment", {"filters": {"country": ("NPL",)}}, {NEPAL_GLOSSARY: 1}),
    # "What did the ILO publish on domestic workers in 2021".
    ("domestic workers", {"year_from": 2021, "year_to": 2021}, {HIRING_CHALLENGE: 1}),
    # "The Guy Ryder interviews": entries naming him in the title first.
    ("guy ryder", {}, {GUY_RYDER_REFUGEES: 2, GUY_RYDER_QUEST: 2}),
    ("Guy Ryder interviews", {}, {GUY_RYDER_QUEST: 3}),
    ("recruitment fees", {}, {"definition-of-recruitment-fees-and-related-costs": 1}),
    # A short title that is exactly the query outranks entries that only carry its words in
    # their labels and description.
    ("fair recruitment", {}, {HIRING_CHALLENGE: 2, "statements-on-fair-recruitment": 2}),
    # Media type and date words narrow the search as a researcher means them.
    ("domestic work 2021", {}, {HIRING_CHALLENGE: 1}),
    (
        "Syrian refugees Jordan",
        {},
        {
            "building-skills-and-formalizing-employment-for-syrian": 3,
            GUY_RYDER_QUEST: 3,
            "high-risk-of-child-labour-for-syrian-refugees-in-jordan": 3,
        },
    ),
    (
        "child labour lebanon",
        {},
        {
            "child-labourers-in-lebanon-the-power-of-play": 2,
            "stories-from-street-children-in-lebanon": 3,
            "syrian-refugee-children-at-work-and-in-a-play": 3,
        },
    ),
    # American spelling finds the British.
    (
        "child labor",
        {},
        {
            "child-labourers-in-lebanon-the-power-of-play": 2,
            "high-risk-of-child-labour-for-syrian-refugees-in-jordan": 2,
        },
    ),
    (
        "covid migrant workers",
        {},
        {
            "migrant-workers-among-the-hardest-hit-by-covid-19-pandemic": 5,
            "migrant-workers-deserve-equal-treatment-during-covid-19": 2,
        },
    ),
    (
        "global estimates migrant workers",
        {},
        {
            "new-global-estimates-of-migrant-workers-the-report-in-short": 1,
            "migrant-worker-numbers-grow-along-with-vulnerabilities": 2,
        },
    ),
    # Accent folding on a person's name.
    ("Maria Olave", {}, {VENEZUELA: 1}),
    ("venezuelan refugees ecuador", {}, {VENEZUELA: 1}),
    ("fishing thailand", {}, {FISHING: 1}),
    # A project by its name.
    ("ship to shore", {}, {FISHING: 1}),
    (
        "REFRAME sri lanka",
        {},
        {
            "highlights-from-reframes-work-on-promoting-fair-recruitment": 2,
            "reframe-project-constituents-discuss-how-the-project-has": 2,
        },
    ),
    (
        "women construction workers thailand",
        {},
        {"high-rise-low-pay-experiences-of-migrant-women-in-the-thai": 1},
    ),
    (
        "migrant domestic workers lebanon",
        {},
        {
            "cooperating-out-of-isolation-the-case-of-migrant-domestic": 2,
            "new-ilo-documentary-challenges-common-perceptions-about": 2,
        },
    ),
    (
        "Michelle Leighton",
        {},
        {
            "are-migrants-a-benefit-or-a-burden": 3,
            "new-global-estimates-of-migrant-workers-the-report-in-short": 3,
            "labour-migration-a-key-challenge": 3,
        },
    ),
    (
        "social protection refugees",
        {},
        {"social-protection-for-migrant-workers-refugees-and-their": 1},
    ),
    ("online game recruitment", {}, {HIRING_CHALLENGE: 1}),
    ("forced labour protocol", {}, {"its-time-to-ratify-the-newly-adopted-ilo-forced-labour": 1}),
    ("labour migration africa", {}, {"the-joint-labour-migration-program-for-africa": 1}),
    # A topic alias: xenophobia is part of the "Discrimination and xenophobia" topic.
    (
        "xenophobia",
        {},
        {
            "german-companies-sign-up-against-discrimination-at-work": 3,
            "are-migrants-a-benefit-or-a-burden": 3,
        },
    ),
    ("vietnam migrant resource centres", {}, {"migrant-worker-resource-centres-in-viet-nam": 1}),
    (
        "garment jordan",
        {},
        {
            # Newly catalogued from a cut capture: its title is the query's two words.
            "voices-from-the-world-of-work-garment-factory-workers-in": 1,
            "building-hope-and-opportunity-the-al-hassan-workers-center": 2,
        },
    ),
    ("syrian child labour jordan", {}, {"syrian-child-labour-in-jordan": 2}),
    ("tale of a journey", {}, {"tale-of-a-journey-official-film-teaser": 1}),
    (
        "economic crisis",
        {},
        {
            "labour-migrants-and-the-impact-of-the-economic-crisis-an": 1,
            "skills-mismatch-and-austerity-measures-encourage-emigration": 2,
        },
    ),
    (
        "youth unemployment europe",
        {},
        {"skills-mismatch-and-austerity-measures-encourage-emigration": 1},
    ),
    # American -ize spelling against the title's own "Organization".
    (
        "organisation of employers",
        {},
        {"brent-wilton-general-secretary-international-organization-of": 1},
    ),
    ("Aung San Suu Kyi", {}, {"reconciliation-not-retribution-says-aung-san-suu-kyi-in-the": 1}),
    ("hiring challenge", {}, {HIRING_CHALLENGE: 1}),
    ("refugees", {"filters": {"country": ("ETH",)}}, {PROSPECTS: 1}),
    ("PROSPECTS forcibly displaced", {}, {PROSPECTS: 1}),
    ("Kyrgyzstan women", {}, {"breaking-stereotypes": 1}),
]


@pytest.mark.parametrize(("q", "filters", "expected"), CASES, ids=[case[0] for case in CASES])
def test_expected_entries_rank_near_the_top(real_generation, q, filters, expected):
    page = run_search(real_generation, SearchParams(q=q, per_page=100, **filters))
    ranks = {hit.entry.id: rank for rank, hit in enumerate(page.hits, start=1)}
    too_low = {
        entry_id: ranks.get(entry_id)
        for entry_id, worst in expected.items()
        if ranks.get(entry_id, worst + 1) > worst
    }
    top = [hit.entry.id for hit in page.hits[:5]]
    assert too_low == {}, f"expected near the top (None: not found); top 5: {top}"


def test_every_word_outside_the_years_is_offered_not_any_word_hits(real_generation):
    # Five entries are about domestic workers, none from 2016-2017: say so and link to them,
    # rather than show 2016-2017 entries that only mention "workers".
    params = SearchParams(q="domestic workers", year_from=2016, year_to=2017)
    page = run_search(real_generation, params)
    assert (page.total, page.match) == (0, "none")
    assert [(n.kind, n.message, n.params) for n in page.notices] == [
        (
            "outside_filters",
            "5 entries match every word outside 2016–2017",
            SearchParams(q="domestic workers"),
        )
    ]
    wider = run_search(real_generation, page.notices[0].params)
    assert (wider.total, wider.match) == (5, "all")


@pytest.mark.parametrize(
    ("demonym", "code"),
    [
        ("Filipino", "PHL"),
        ("Filipinos", "PHL"),
        ("Nepalese", "NPL"),
        ("Nepali", "NPL"),
        ("Syrian", "SYR"),
        ("Jordanian", "JOR"),
        ("Lebanese", "LBN"),
        ("Venezuelan", "VEN"),
        ("Bangladeshi", "BGD"),
        ("Vietnamese", "VNM"),
        ("Ethiopian", "ETH"),
        ("Thai", "THA"),
        ("Burmese", "MMR"),
    ],
)
def test_a_demonym_finds_every_entry_tagged_with_its_country(real_generation, demonym, code):
    tagged = run_search(real_generation, SearchParams(filters={"country": (code,)}, per_page=100))
    found = run_search(real_generation, SearchParams(q=demonym, per_page=100))
    assert tagged.total
    assert {hit.entry.id for hit in tagged.hits} <= {hit.entry.id for hit in found.hits}
    assert found.match == "all"


def test_filipino_finds_the_entry_tagged_philippines_whose_text_lacks_the_word(real_generation):
    page = run_search(real_generation, SearchParams(q="Filipino"))
    # The entry that says "Filipino" first, then the one found only through its tag.
    assert [hit.entry.id for hit in page.hits] == [
        "tale-of-a-journey-official-film-teaser",
        "allan-montano-national-president-federation-of-free-workers",
    ]
    assert "Filipino" not in page.hits[1].entry.title + page.hits[1].entry.description
    assert "Filipino → country Philippines" in page.explanation
