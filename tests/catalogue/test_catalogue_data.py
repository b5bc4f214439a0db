"""The committed catalogue: valid, fully tagged, and what the importer makes of the captures."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediasearch.catalogue.loading import load_catalogue
from mediasearch.catalogue.located_yaml import plain, read_yaml
from mediasearch.curation.captures import read_capture
from mediasearch.curation.importer import plan_import
from mediasearch.curation.tagging import suggest_tags

ROOT = Path(__file__).resolve().parents[2]
ENTRIES = ROOT / "data" / "entries.yaml"
CAPTURES = ROOT / "data" / "captures"
CATALOGUE = load_catalogue(ENTRIES)

#: Places the text names that an entry rightly does not carry, each with the curator's reason.
NOT_TAGGED = {
    # donors of a project, not what the item is about
    ("partnership-for-improving-prospects-for-forcibly-displaced", "countries", "NLD"),
    ("child-labourers-in-lebanon-the-power-of-play", "countries", "DNK"),
    ("media-friendly-glossary-on-migration-nepal-edition", "countries", "CHE"),
    ("building-skills-and-formalizing-employment-for-syrian", "countries", "GBR"),
    # "to Europe or to America": where Africans are wrongly assumed to go; the item is Africa
    ("the-joint-labour-migration-program-for-africa", "regions", "europe"),
    # her "Europe visit" is the occasion of a press conference about Myanmar
    ("reconciliation-not-retribution-says-aung-san-suu-kyi-in-the", "regions", "europe"),
    # "Global Report on Discrimination" is a report's title, not a place
    ("german-companies-sign-up-against-discrimination-at-work", "regions", "global"),
    # "not just in Jordan but worldwide": a passing remark in an item about Jordan
    ("protecting-the-rights-of-migrant-workers-in-jordan", "regions", "global"),
}


def test_catalogue_validates_with_every_item():
    assert len(CATALOGUE.entries) == 61
    assert (CATALOGUE.entries[0].date.isoformat(), CATALOGUE.entries[-1].date.isoformat()) == (
        "2022-01-10",
        "2010-03-31",
    )


def test_newest_first():
    dates = [entry.date for entry in CATALOGUE.entries]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("entry", CATALOGUE.entries, ids=lambda entry: entry.id)
def test_every_entry_is_curated(entry):
    assert entry.type and entry.facet_keys("topic")
    # Suggestions are moved into the real fields while curating; none wait in the file.
    assert entry.suggested == {}


def test_no_suggestions_left_in_the_file():
    assert [e["id"] for e in plain(read_yaml(ENTRIES)) if "suggested" in e] == []


@pytest.mark.parametrize("entry", CATALOGUE.entries, ids=lambda entry: entry.id)
def test_every_place_the_text_names_is_tagged(entry):
    named = suggest_tags(f"{entry.title}\n{entry.description}", CATALOGUE.vocabulary)
    missing = {
        (entry.id, field, key)
        for field in ("countries", "regions")
        for key in named.get(field, ())
        if key not in entry.to_dict()[field]
    }
    assert missing - NOT_TAGGED == set()


def test_every_exception_is_still_needed():
    """An allow-list entry that no longer matches anything hides nothing and must go."""
    used = set()
    for entry in CATALOGUE.entries:
        named = suggest_tags(f"{entry.title}\n{entry.description}", CATALOGUE.vocabulary)
        for field in ("countries", "regions"):
            used |= {(entry.id, field, key) for key in named.get(field, ())}
    assert NOT_TAGGED - used == set()


def test_importing_the_captures_again_adds_nothing():
    listings = sorted((CAPTURES / "listings").glob("*.txt"))
    plan = plan_import(listings, ENTRIES, CATALOGUE.vocabulary, CAPTURES / "related")
    assert (plan.added, plan.new_sources, plan.conflicts, plan.unreadable) == ([], [], [], [])
    assert (len(set(plan.known)), len(plan.completed), len(plan.read_elsewhere)) == (55, 2, 1)
    # Every dated item is catalogued: the one left out has no date line in its capture.
    assert [(cut.text, cut.reason) for cut in plan.refused] == [
        ("H.E. Humaid Alsuwaidi, Assistant Undersecretary for Labour", "no date line")
    ]
    assert plan.new_text is None


def test_items_the_capture_cut_off_are_marked_cut():
    cut = [entry.id for entry in CATALOGUE.entries if entry.description_cut]
    assert cut == [
        "voices-from-the-world-of-work-garment-factory-workers-in",
        "as-the-business-case-for-migration-becomes-stronger-so-must",
        "tale-of-a-journey-official-film-teaser",
        "syrian-child-labour-in-jordan",
        "an-interview-with-ibrahim-awad-on-rights-based-policies-for",
    ]


def test_every_single_item_page_is_catalogued():
    """Related pages hold items too; the "Videos on Fair Recruitment" listing is another
    listing (2023 items, off-topic ones), so only its items that are in ours are catalogued."""
    pages = [p for p in sorted((CAPTURES / "related").glob("*.txt")) if read_capture(p).items]
    pages = [p for p in pages if "fair-recruitment_videos" not in p.name]
    plan = plan_import(pages, ENTRIES, CATALOGUE.vocabulary)
    assert (plan.added, plan.new_sources, plan.conflicts) == ([], [], [])
    assert len(plan.known) == 20
