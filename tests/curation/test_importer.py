"""The listing importer: parsing every real capture, awkward snippets, and merging by text."""

from __future__ import annotations

import datetime
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from mediasearch.catalogue.loading import load_vocabulary
from mediasearch.catalogue.located_yaml import plain, read_yaml
from mediasearch.catalogue.validation import entries_from_yaml
from mediasearch.cli.commands import main
from mediasearch.cli.text import format_import_report
from mediasearch.curation.captures import CapturedItem, CutItem, parse_capture, read_capture
from mediasearch.curation.importer import make_slug, plan_import, write_import
from mediasearch.curation.yaml_writer import entry_yaml
from mediasearch.errors import CaptureError, CatalogueError

ROOT = Path(__file__).resolve().parents[2]
LISTINGS = ROOT / "data" / "captures" / "listings"
RELATED = ROOT / "data" / "captures" / "related"
VOCABULARY = load_vocabulary(ROOT / "data" / "vocabulary.yaml")
D = datetime.date

# (file, complete items, items cut off): what each real capture holds, read by eye.
CAPTURE_COUNTS = [
    ("first-page.txt", 10, 0),
    ("http__ilo.ch__photo-video__en__nextRow-180.txt", 5, 1),
    ("http__ilo.org__photo-video__en__nextRow-40.txt", 4, 1),
    ("http__ilo.org__photo-video__en__nextRow-60.txt", 4, 1),
    ("http__ilo.org__photo-video__en__nextRow-70.txt", 9, 1),
    ("http__ilo.org__photo-video__en__nextRow-80.txt", 3, 1),
    ("http__www.ilo.org__photo-video__en__facet-TAX-A.10.txt", 4, 1),
    ("http__www.ilo.org__photo-video__en__nextRow-100.txt", 4, 1),
    ("https__ilo.org__photo-video__en__nextRow-180.txt", 3, 1),
    ("https__www.ilo.org__photo-video__en__facet-GEO-ETH.txt", 2, 0),
    ("https__www.ilo.org__photo-video__en__facet-GEO-VNM.txt", 2, 0),
    ("https__www.ilo.org__photo-video__en__facet-TAX-P.17.txt", 6, 1),
]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_real_capture_is_listed_here():
    assert sorted(path.name for path in LISTINGS.glob("*.txt")) == [
        name for name, _, _ in CAPTURE_COUNTS
    ]


@pytest.mark.parametrize(("name", "items", "cut"), CAPTURE_COUNTS)
def test_real_capture_counts(name, items, cut):
    capture = read_capture(LISTINGS / name)
    assert (len(capture.items), len(capture.cut), capture.unreadable) == (items, cut, [])


def test_real_captures_duplicates_per_file_and_totals():
    plan = plan_import(sorted(LISTINGS.glob("*.txt")), Path("/nonexistent.yaml"), VOCABULARY)
    counts = {Path(path).name: vars(count) for path, count in plan.counts.items()}
    duplicates = {name: count["duplicates"] for name, count in counts.items()}
    assert duplicates == {
        "first-page.txt": 0,
        "http__ilo.ch__photo-video__en__nextRow-180.txt": 0,
        "http__ilo.org__photo-video__en__nextRow-40.txt": 0,
        "http__ilo.org__photo-video__en__nextRow-60.txt": 0,
        "http__ilo.org__photo-video__en__nextRow-70.txt": 0,
        "http__ilo.org__photo-video__en__nextRow-80.txt": 0,
        # Syrian refugee children at work… (also in nextRow-70, with another photo credit)
        "http__www.ilo.org__photo-video__en__facet-TAX-A.10.txt": 1,
        "http__www.ilo.org__photo-video__en__nextRow-100.txt": 0,
        "https__ilo.org__photo-video__en__nextRow-180.txt": 0,
        "https__www.ilo.org__photo-video__en__facet-GEO-ETH.txt": 0,
        # Decent work for migrant workers in South East Asia's fishing industry
        "https__www.ilo.org__photo-video__en__facet-GEO-VNM.txt": 1,
        # the first six items of the first page
        "https__www.ilo.org__photo-video__en__facet-TAX-P.17.txt": 6,
    }
    # Without related pages, nothing is completed: of the nine cut items, the six with a date
    # are kept as cut, two without one are left out, one was read complete in another capture.
    assert (plan.read, len(plan.added), plan.duplicates) == (62, 54, 8)
    assert (len(plan.kept_cut), len(plan.refused), len(plan.read_elsewhere)) == (6, 2, 1)
    assert plan.conflicts == [] and plan.unreadable == []


def test_real_captures_with_related_pages():
    plan = plan_import(
        sorted(LISTINGS.glob("*.txt")), Path("/nonexistent.yaml"), VOCABULARY, RELATED
    )
    assert (plan.read, len(plan.added), plan.duplicates) == (63, 55, 8)
    completed = [(Path(cut.path).name, cut.line, full.title) for cut, full in plan.completed]
    assert completed == [
        (
            "http__ilo.org__photo-video__en__nextRow-40.txt",
            38,
            "Exhibition “Building a future of decent work for refugees and migrant workers”",
        ),
        (
            "http__ilo.org__photo-video__en__nextRow-60.txt",
            34,
            "New Global Estimates of Migrant Workers: The Report in Short",
        ),
    ]
    kept = [(Path(cut.path).name, cut.line, cut.text, cut.reason) for cut in plan.kept_cut]
    assert kept == [
        (
            "http__ilo.ch__photo-video__en__nextRow-180.txt",
            34,
            "Tale of a Journey - Official Film Teaser",
            "description cut off mid-text",
        ),
        (
            "http__ilo.org__photo-video__en__nextRow-80.txt",
            28,
            "As the business case for migration becomes stronger, so must our political "
            "capacity to deal with it, warns ILO Chief",
            "description cut off mid-text",
        ),
        (
            "http__www.ilo.org__photo-video__en__facet-TAX-A.10.txt",
            42,
            "Syrian Child Labour in Jordan",
            "description cut off mid-text",
        ),
        (
            "http__www.ilo.org__photo-video__en__nextRow-100.txt",
            34,
            "Voices from the World of Work: Garment factory workers in Jordan",
            "description cut off mid-text",
        ),
        (
            "https__ilo.org__photo-video__en__nextRow-180.txt",
            30,
            "An interview with Ibrahim Awad on rights-based policies for migrant workers",
            "description cut off mid-text",
        ),
    ]
    cut_added = [(new.item.title, new.item.description_cut) for new in plan.added]
    assert sum(cut for _, cut in cut_added) == 5
    assert ("Syrian Child Labour in Jordan", True) in cut_added
    refused = [(Path(cut.path).name, cut.line, cut.text, cut.reason) for cut in plan.refused]
    assert refused == [
        (
            "http__ilo.org__photo-video__en__nextRow-70.txt",
            56,
            "H.E. Humaid Alsuwaidi, Assistant Undersecretary for Labour",
            "no date line",
        ),
    ]
    [(cut, where)] = plan.read_elsewhere
    assert (Path(cut.path).name, cut.line, cut.text, where) == (
        "https__www.ilo.org__photo-video__en__facet-TAX-P.17.txt",
        48,
        "Decent work for migrant workers in South",
        '"Decent work for migrant workers in South East Asia\'s fishing industry" (2021-09-06) '
        "in first-page.txt:47",
    )


def test_first_page_has_no_url_line_so_its_file_name_is_the_source():
    assert read_capture(LISTINGS / "first-page.txt").source == "first-page.txt"
    assert read_capture(LISTINGS / CAPTURE_COUNTS[1][0]).source == (
        "http://ilo.ch/global/topics/labour-migration/photo-video/lang--en/nextRow--180/index.htm"
    )


def test_credit_line_is_not_the_title_and_its_year_is_not_the_date():
    text = (
        "URL: https://example.org/list\nPhotos and videos on labour migration\n\nDecember 2014\n\n"
        "  1. © Nadia Bseiso / ILO 2020\n\n    A day in the life of a migrant worker\n\n"
        "    18 December 2014\n\n    Images from Lebanon and Jordan.\n"
    )
    capture = parse_capture(text, "credit.txt")
    assert capture.items == [
        CapturedItem(
            "A day in the life of a migrant worker",
            D(2014, 12, 18),
            "Images from Lebanon and Jordan.",
            "credit.txt",
            8,
        )
    ]
    assert capture.source == "https://example.org/list"


def test_dash_bullet_format_with_missing_description_and_two_items_on_one_date():
    text = (
        "Photos and videos on labour migration\nMay 2014\n-\nWilliam Gois, Migrant Forum in Asia\n"
        "29 May 2014\n-\nBrent Wilton, International Organization of Employers\n29 May 2014\n"
        "Highlights of video interviews.\n-\n© Someone / ILO 2019\nInfographic: Fair Migration\n"
        "27 May 2014\nHalf of all migrants worldwide are also workers.\n"
    )
    capture = parse_capture(text, "dash.txt")
    assert [(i.title, i.date, i.description, i.line) for i in capture.items] == [
        ("William Gois, Migrant Forum in Asia", D(2014, 5, 29), "", 4),
        (
            "Brent Wilton, International Organization of Employers",
            D(2014, 5, 29),
            "Highlights of video interviews.",
            7,
        ),
        (
            "Infographic: Fair Migration",
            D(2014, 5, 27),
            "Half of all migrants worldwide are also workers.",
            12,
        ),
    ]
    assert (capture.cut, capture.unreadable, capture.warnings) == ([], [], [])


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        # the title cut before its date line
        ("  2. Tale of a Jour", CutItem("Tale of a Jour", "cut.txt", 7, "no date line", (2014, 5))),
        # the description cut mid-word: no final punctuation at the end of the capture
        (
            "  2. Tale of a Journey\n    12 May 2014\n    Government, employers and wo",
            CutItem(
                "Tale of a Journey",
                "cut.txt",
                7,
                "description cut off mid-text",
                (2014, 5),
                D(2014, 5, 12),
                "Government, employers and wo",
            ),
        ),
        # the date line itself cut
        (
            "  2. Tale of a Journey\n    12 Ma",
            CutItem("Tale of a Journey", "cut.txt", 7, "no date line", (2014, 5)),
        ),
    ],
)
def test_cut_off_last_item_is_refused(tail, expected):
    head = (
        "URL: https://example.org/x\nPhotos\nMay 2014\n  1. Complete\n    29 May 2014\n    Done.\n"
    )
    capture = parse_capture(head + tail, "cut.txt")
    assert [item.title for item in capture.items] == ["Complete"]
    assert capture.cut == [expected]


@pytest.mark.parametrize(
    "tail",
    [
        "  2. Ends after its date\n    12 May 2014",  # no description at all: nothing was cut
        "  2. Ends with a question\n    12 May 2014\n    How do we respond?",
        "  2. Ends with a quote\n    12 May 2014\n    She said, “Justice.”\n",
    ],
)
def test_complete_last_item_is_imported(tail):
    head = (
        "URL: https://example.org/x\nPhotos\nMay 2014\n  1. Complete\n    29 May 2014\n    Done.\n"
    )
    capture = parse_capture(head + tail, "whole.txt")
    assert (len(capture.items), capture.cut) == (2, [])


def test_description_with_no_title_is_reported_not_imported():
    text = (
        "URL: https://example.org/x\nPhotos\nJune 2021\n"
        "  1. Highlights\n    14 June 2021\n    What REFRAME did.\n"
        "    14 June 2021\n    A paragraph that lost its title.\n"
        "  2. Next\n    13 June 2021\n    Fine.\n"
    )
    capture = parse_capture(text, "orphan.txt")
    assert [(item.title, item.description) for item in capture.items] == [
        ("Highlights", "What REFRAME did."),
        ("Next", "Fine."),
    ]
    assert capture.unreadable == [
        (7, "a date line with no title above it; its text is not imported: 14 June 2021")
    ]


def test_text_outside_items_and_sentence_titles_are_reported():
    text = (
        "Photos\nJune 2021\nStray paragraph.\n"
        "  1. REFRAME project constituents discuss how the project has promoted fair recruitment.\n"
        "    14 June 2021\n  2. No date here\n  3. Last\n    13 June 2021\n"
    )
    capture = parse_capture(text, "odd.txt")
    assert capture.unreadable == [
        (3, "text outside any item: 'Stray paragraph.'"),
        (6, "no date line: 'No date here'"),
    ]
    assert capture.warnings == [
        (
            4,
            "the title reads like a sentence: "
            "'REFRAME project constituents discuss how the project has pr…'",
        )
    ]


def test_single_item_pages_in_several_languages():
    english, french, spanish = (
        read_capture(next(RELATED.glob(f"*{number}*")))
        for number in ("WCMS_766061", "WCMS_436536", "WCMS_353477")
    )
    assert [(c.items[0].title, c.items[0].date) for c in (english, french, spanish)] == [
        (
            "The role of ILO Conventions on Migrant Workers in realizing safe, orderly and "
            "regular migration",
            D(2019, 5, 24),
        ),
        ("New Global Estimates of Migrant Workers: The Report in Short", D(2015, 12, 16)),
        ("Building Hope and Opportunity: The Al Hassan Workers' Center", D(2015, 3, 14)),
    ]
    assert english.items[0].url == english.source


def test_unreadable_capture_raises(tmp_path):
    with pytest.raises(CaptureError, match="cannot read capture"):
        read_capture(tmp_path / "missing.txt")
    (tmp_path / "latin1.txt").write_bytes("Montaño".encode("latin-1"))
    with pytest.raises(CaptureError, match="not UTF-8"):
        read_capture(tmp_path / "latin1.txt")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Syria's refugees need our help", "syrias-refugees-need-our-help"),
        ("Allan Montaño, National President", "allan-montano-national-president"),
        ("Exhibition “Building a future”", "exhibition-building-a-future"),
        ("COVID-19 and labour migration", "covid-19-and-labour-migration"),
        ("«»", "item"),
        ("word " * 30, "-".join(["word"] * 12)),
    ],
)
def test_make_slug(title, slug):
    assert make_slug(title) == slug


# --- merging into a catalogue -------------------------------------------------------------

CURATED = """\
# Curated by hand: this comment, the quoting and the field order must survive an import.
- id: decent-work-fishing
  title: "Decent work for migrant workers in South East Asia's fishing industry"
  date: 2021-09-06
  type: video
  description: >-
    Standing outside a fishing port near Bangkok.
  topics: [fishing, decent-work]    # curator's own layout
  countries: [THA]
  sources: [https://example.org/list]

# The oldest item so far.
- id: old-item
  title: An old item
  date: 2010-01-01
  type: video
  topics: [governance]
"""

CAPTURE = """\
URL: https://example.org/list
Photos and videos on labour migration
October 2021
  1. Statements on Fair Recruitment
    04 October 2021
September 2021
  1. Entrepreneurship skills for Venezuelan migrants and refugees
    15 September 2021
    María Olave explains training for Venezuelan migrants in Ecuador and Peru.
  2. Decent work for migrant workers in South East Asia's fishing industry
    06 September 2021
    Standing outside a fishing port near Bangkok.
May 2014
  1. William Gois, Regional Coordinator, Migrant Forum in Asia
    29 May 2014
"""


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    return write(tmp_path, "entries.yaml", CURATED)


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    return write(tmp_path, "capture.txt", CAPTURE)


def test_merge_inserts_new_entries_by_date_and_keeps_curated_text(catalogue, capture):
    plan = plan_import([capture], catalogue, VOCABULARY)
    write_import(plan)
    text = catalogue.read_text(encoding="utf-8")
    assert [new.id for new in plan.added] == [
        "statements-on-fair-recruitment",
        "entrepreneurship-skills-for-venezuelan-migrants-and-refugees",
        "william-gois-regional-coordinator-migrant-forum-in-asia",
    ]
    new_blocks = [entry_yaml(new) for new in plan.added]
    # Newest first: the two 2021 items above the curated one, the 2014 one above the old
    # item's comment, which stays with its entry.
    assert text == (
        CURATED.splitlines(keepends=True)[0]
        + new_blocks[0]
        + "\n"
        + new_blocks[1]
        + "\n"
        + "".join(CURATED.splitlines(keepends=True)[1:11])
        + new_blocks[2]
        + "\n"
        + "".join(CURATED.splitlines(keepends=True)[11:])
    )
    assert plan.known == ["decent-work-fishing"]
    assert (plan.new_sources, plan.conflicts) == ([], [])


def test_new_entry_yaml_round_trips_with_suggestions(catalogue, capture):
    plan = plan_import([capture], catalogue, VOCABULARY)
    venezuela = plan.added[1]
    assert entry_yaml(venezuela) == (
        "- id: entrepreneurship-skills-for-venezuelan-migrants-and-refugees\n"
        "  title: Entrepreneurship skills for Venezuelan migrants and refugees\n"
        "  date: 2021-09-15\n"
        "  description: María Olave explains training for Venezuelan migrants in Ecuador and"
        " Peru.\n"
        "  sources:\n"
        "  - https://example.org/list\n"
        "  suggested:\n"
        "    topics:\n"
        "    - refugees\n"
        "    - skills\n"
        "    countries:\n"
        "    - VEN\n"
        "    - ECU\n"
        "    - PER\n"
    )
    write_import(plan)
    entries = plain(read_yaml(catalogue))
    assert entries[1]["date"] == "2021-09-15"
    assert entries[1]["suggested"]["countries"] == ["VEN", "ECU", "PER"]
    # Imported entries wait for a curator: type and topics are required, suggestions shown.
    _, problems = entries_from_yaml(read_yaml(catalogue), "entries.yaml", VOCABULARY)
    messages = [
        (p.entry_id, p.field, p.message) for p in problems if p.entry_id.startswith("entre")
    ]
    assert messages == [
        (
            "entrepreneurship-skills-for-venezuelan-migrants-and-refugees",
            "type",
            "required field is missing or empty",
        ),
        (
            "entrepreneurship-skills-for-venezuelan-migrants-and-refugees",
            "topics",
            "required field is missing or empty (suggested: refugees, skills; "
            "move the right ones from 'suggested' to 'topics')",
        ),
    ]


def test_reimport_is_byte_identical(catalogue, capture):
    write_import(plan_import([capture], catalogue, VOCABULARY))
    before = catalogue.read_bytes()
    plan = plan_import([capture], catalogue, VOCABULARY)
    write_import(plan)
    assert (plan.added, plan.new_text, catalogue.read_bytes()) == ([], None, before)


def test_conflicts_and_new_sources_are_reported_never_written(catalogue, tmp_path):
    other = write(
        tmp_path,
        "other.txt",
        "URL: https://example.org/other\nPhotos\nSeptember 2021\n"
        "  1. Decent Work for Migrant Workers in South East Asia’s Fishing Industry\n"
        "    06 September 2021\n    Another text.\n",
    )
    before = catalogue.read_bytes()
    plan = plan_import([other], catalogue, VOCABULARY)
    write_import(plan)
    assert catalogue.read_bytes() == before
    assert plan.new_sources == [("decent-work-fishing", "https://example.org/other")]
    assert plan.conflicts == [
        f"{other}:4: entry 'decent-work-fishing' has another description in the catalogue; "
        "the catalogue's is kept"
    ]


def test_conflict_between_captures(tmp_path):
    first = write(tmp_path, "a.txt", "URL: a\nP\nMay 2014\n  1. Same\n    29 May 2014\n    One.\n")
    second = write(tmp_path, "b.txt", "URL: b\nP\nMay 2014\n  1. SAME\n    29 May 2014\n    Two.\n")
    plan = plan_import([first, second], tmp_path / "new.yaml", VOCABULARY)
    assert [(new.item.description, new.sources) for new in plan.added] == [("One.", ["a", "b"])]
    assert plan.conflicts == [
        f"{second}:4: 'SAME' (2014-05-29) has another description than in {first}:4; "
        "the first is kept"
    ]


def test_ids_stay_unique(tmp_path):
    catalogue = write(
        tmp_path,
        "entries.yaml",
        "- id: breaking-stereotypes\n  title: Other\n  date: 2020-01-01\n"
        "  old_ids: [breaking-stereotypes-2022]\n",
    )
    capture = write(
        tmp_path,
        "c.txt",
        "URL: u\nP\nJanuary 2022\n  1. Breaking Stereotypes\n    10 January 2022\n"
        "  2. Breaking stereotypes!\n    09 January 2022\n",
    )
    plan = plan_import([capture], catalogue, VOCABULARY)
    assert [new.id for new in plan.added] == ["breaking-stereotypes-2", "breaking-stereotypes-3"]


def test_cut_item_completed_from_related_page(tmp_path):
    related = tmp_path / "related"
    related.mkdir()
    write(
        related,
        "page.txt",
        "URL: https://example.org/item\nSlideshows\n\nExhibition “Building a future”\n\n"
        "The ILO is hosting a new exhibition.\n\nPresentation | 27 October 2016\nMore text.\n",
    )
    capture = write(
        tmp_path,
        "c.txt",
        "URL: https://example.org/list\nP\nNovember 2016\n  1. Kept\n    29 November 2016\n"
        "October 2016\n  1. Exhibition “Bui",
    )
    plan = plan_import([capture], tmp_path / "entries.yaml", VOCABULARY, related)
    assert plan.refused == []
    exhibition = plan.added[1]
    assert (exhibition.item.title, exhibition.item.date, exhibition.url, exhibition.sources) == (
        "Exhibition “Building a future”",
        D(2016, 10, 27),
        "https://example.org/item",
        ["https://example.org/list", "https://example.org/item"],
    )
    assert exhibition.notes == "Completed from related/page.txt: the listing capture cut it off."


def test_empty_catalogue_file_is_replaced_by_a_block_list(tmp_path, capture):
    catalogue = write(tmp_path, "entries.yaml", "# nothing yet\n[]\n")
    write_import(plan_import([capture], catalogue, VOCABULARY))
    text = catalogue.read_text(encoding="utf-8")
    assert text.startswith("# nothing yet\n\n- id: statements-on-fair-recruitment\n")
    assert len(plain(read_yaml(catalogue))) == 4


def test_catalogue_that_is_not_a_list_is_an_error(tmp_path, capture):
    catalogue = write(tmp_path, "entries.yaml", "id: x\n")
    with pytest.raises(CatalogueError, match="expected a list of entries"):
        plan_import([capture], catalogue, VOCABULARY)


# --- the command --------------------------------------------------------------------------


def test_cli_dry_run_writes_nothing(catalogue, capture, tmp_path):
    before = catalogue.read_bytes()
    args = ["import", str(capture), "--into", str(catalogue), "--related", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert catalogue.read_bytes() == before
    assert result.output.splitlines()[:4] == [
        f"Import into {catalogue} (dry run: nothing written)",
        "  capture.txt: 4 items, 0 cut off, 0 duplicates",
        "Read 4 items (4 distinct, 0 duplicates); 0 cut off but completed, 0 cut off but read "
        "complete elsewhere, 0 kept with the description cut off, 0 cut off and left out.",
        "Would add 3 new entries; 1 already catalogued.",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Added 3 new entries; 1 already catalogued." in result.output
    assert catalogue.read_bytes() != before


def test_cli_reports_refused_items(tmp_path, catalogue):
    capture = write(tmp_path, "cut.txt", "URL: u\nP\nMay 2014\n  1. Tale of a Jour")
    args = ["import", str(capture), "--into", str(catalogue), "--related", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--dry-run"])
    assert result.exit_code == 0
    assert result.output.splitlines()[-2:] == [
        "Left out: cut off before its date line, so neither its date nor its title is whole (1):",
        f"  {capture}:4: 'Tale of a Jour': no date line",
    ]


def test_cli_exit_1_when_a_capture_cannot_be_read(tmp_path, catalogue):
    result = CliRunner().invoke(
        main, ["import", str(tmp_path / "missing.txt"), "--into", str(catalogue)]
    )
    assert result.exit_code == 1
    assert "cannot read capture" in result.output


def test_single_item_page_known_by_its_address_under_another_title(tmp_path):
    catalogue = write(
        tmp_path,
        "entries.yaml",
        "- id: ratify\n  title: It's time to ratify\n  date: 2014-10-17\n"
        "  url: https://example.org/psa\n",
    )
    page = write(
        tmp_path,
        "page.txt",
        "URL: https://example.org/psa\nIt's now time to ratify\n\nOther words.\n\n"
        "Date issued: 17 October 2014 | Size/duration: 00:01:25\n",
    )
    plan = plan_import([page], catalogue, VOCABULARY)
    assert (plan.added, plan.known, plan.conflicts, plan.new_sources) == ([], ["ratify"], [], [])


def test_sentence_title_is_flagged_until_catalogued(tmp_path):
    capture = write(
        tmp_path,
        "c.txt",
        "URL: u\nP\nJune 2021\n  1. REFRAME project constituents discuss how the project has "
        "promoted fair recruitment in Sri Lanka.\n    14 June 2021\n",
    )
    catalogue = tmp_path / "entries.yaml"
    plan = plan_import([capture], catalogue, VOCABULARY)
    assert plan.warnings == [
        f"{capture}:4: the title reads like a sentence: "
        "'REFRAME project constituents discuss how the project has pr…'"
    ]
    write_import(plan)
    assert plan_import([capture], catalogue, VOCABULARY).warnings == []


def test_indented_list_and_undated_entry(tmp_path, capture):
    catalogue = write(
        tmp_path,
        "entries.yaml",
        "  - id: undated\n    title: No date yet\n\n"
        "  - id: old-item\n    title: An old item\n    date: 2010-01-01\n",
    )
    write_import(plan_import([capture], catalogue, VOCABULARY))
    entries = plain(read_yaml(catalogue))
    # The undated entry gives no order: new entries go before the first dated, older one.
    assert [entry["id"] for entry in entries] == [
        "undated",
        "statements-on-fair-recruitment",
        "entrepreneurship-skills-for-venezuelan-migrants-and-refugees",
        "decent-work-for-migrant-workers-in-south-east-asias-fishing",
        "william-gois-regional-coordinator-migrant-forum-in-asia",
        "old-item",
    ]


def test_cli_exit_1_when_the_catalogue_cannot_be_written(tmp_path, capture):
    target = tmp_path / "no-such-directory" / "entries.yaml"
    result = CliRunner().invoke(
        main, ["import", str(capture), "--into", str(target), "--related", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "cannot write" in result.output


def test_item_marker_with_nothing_after_it():
    capture = parse_capture(
        "P\nMay 2014\n-\n-\nTitle\n29 May 2014\n-\n© Credit / ILO 2020\n", "m.txt"
    )
    assert [item.title for item in capture.items] == ["Title"]
    assert capture.unreadable == [(3, "nothing but an item marker")]
    assert capture.cut == [CutItem("", "m.txt", 7, "nothing but an item marker", (2014, 5))]


# --- writing the file ---------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664], ids=oct)
def test_import_keeps_the_catalogue_file_mode(catalogue, capture, mode):
    catalogue.chmod(mode)
    write_import(plan_import([capture], catalogue, VOCABULARY))
    assert stat.S_IMODE(catalogue.stat().st_mode) == mode


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)], ids=oct)
def test_new_catalogue_file_gets_the_umask_default_mode(tmp_path, capture, umask, mode):
    target = tmp_path / "new.yaml"
    previous = os.umask(umask)
    try:
        write_import(plan_import([capture], target, VOCABULARY))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == mode


# --- a curator's retitled entry -----------------------------------------------------------

VOICES = """\
- id: william-gois
  title: William Gois, Regional Co-ordinator, Migrant Forum in Asia (MFA)
  date: 2014-05-29
  sources: [https://example.org/voices]

- id: ambet-yuson
  title: Ambet Yuson, General-Secretary, Building & Wood Workers’ International
  date: 2014-05-29
  sources: [https://example.org/voices]
"""

VOICES_CAPTURE = """\
URL: https://example.org/voices
Photos and videos on labour migration
May 2014
  1. William Gois, Regional Coordinator, Migrant Forum in Asia
    29 May 2014
  2. Brent Wilton, General Secretary, International Organization of Employers
    29 May 2014
  3. Farooq Ahmed, Secretary-General, Bangladesh Employers’ Federation
    29 May 2014
"""


def test_retitled_entry_is_a_conflict_and_other_items_of_its_date_still_import(tmp_path):
    catalogue = write(tmp_path, "entries.yaml", VOICES)
    capture = write(tmp_path, "voices.txt", VOICES_CAPTURE)
    plan = plan_import([capture], catalogue, VOCABULARY)
    # Of the ten interviews of 29 May 2014, Brent Wilton's and Ambet Yuson's titles are the
    # closest (difflib ratio 0.56): Brent Wilton is a new item, not Ambet Yuson retitled.
    assert [new.id for new in plan.added] == [
        "brent-wilton-general-secretary-international-organization-of",
        "farooq-ahmed-secretary-general-bangladesh-employers",
    ]
    assert (plan.known, plan.new_sources) == (["william-gois"], [])
    assert plan.conflicts == [
        f"{capture}:4: entry 'william-gois': title differs from the capture: "
        "'William Gois, Regional Coordinator, Migrant Forum in Asia'; kept the curator's "
        "'William Gois, Regional Co-ordinator, Migrant Forum in Asia (MFA)'"
    ]


@pytest.mark.parametrize(
    ("curated", "sources", "date", "known"),
    [
        # a word added by the curator: one title contains the other
        ("Breaking Stereotypes in Kyrgyzstan", "[u]", "2022-01-10", True),
        ("Braking Sterotypes", "[u]", "2022-01-10", True),  # a typo the curator fixed
        ("Breaking Stereotypes", "[u]", "2022-01-10", True),  # the exact title, as ever
        ("Breaking Stereotypes", "[another-listing]", "2022-01-10", True),
        # a retitled entry from no capture of this import, or of another date: another item
        ("Braking Sterotypes", "[another-listing]", "2022-01-10", False),
        ("Braking Sterotypes", "[u]", "2022-01-11", False),
        ("Rural women in Kyrgyzstan", "[u]", "2022-01-10", False),  # not close
    ],
)
def test_which_catalogued_entry_an_item_is(tmp_path, curated, sources, date, known):
    catalogue = write(
        tmp_path,
        "entries.yaml",
        f"- id: x\n  title: {curated}\n  date: {date}\n  sources: {sources}\n",
    )
    capture = write(
        tmp_path,
        "c.txt",
        "URL: u\nP\nJanuary 2022\n  1. Breaking Stereotypes\n    10 January 2022\n",
    )
    plan = plan_import([capture], catalogue, VOCABULARY)
    assert (plan.known, len(plan.added)) == ((["x"], 0) if known else ([], 1))


# --- verifying the new text before it replaces the file -----------------------------------


def test_catalogue_edited_since_the_plan_is_not_overwritten(catalogue, capture, tmp_path):
    plan = plan_import([capture], catalogue, VOCABULARY)
    edited = "- id: hand-added\n  title: Added meanwhile\n  date: 2022-02-01\n\n" + CURATED
    catalogue.write_text(edited, encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        write_import(plan)
    assert error.value.problems[0].message == (
        "import refused: entry 'hand-added' would be lost; "
        "nothing written (was the file edited meanwhile?)"
    )
    assert catalogue.read_text(encoding="utf-8") == edited
    assert sorted(path.name for path in tmp_path.iterdir()) == ["capture.txt", "entries.yaml"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("title: An old item", "title: An old item, renamed"),
            "entry 'old-item' would read differently",
        ),
        (
            ("date: 2021-09-15", "date: 2021-09-16"),
            "entry 'entrepreneurship-skills-for-venezuelan-migrants-and-refugees' would not be "
            "written as planned; entry "
            "'entrepreneurship-skills-for-venezuelan-migrants-and-refugees' would appear unplanned",
        ),
        (
            ("- id: old-item\n", "- id: old-item\n  type: video\n- id: extra\n"),
            "entry 'old-item' would read differently; entry 'extra' would appear unplanned",
        ),
    ],
)
def test_text_that_changes_existing_or_planned_entries_is_refused(
    catalogue, capture, change, message
):
    plan = plan_import([capture], catalogue, VOCABULARY)
    before = catalogue.read_bytes()
    assert change[0] in plan.new_text
    plan.new_text = plan.new_text.replace(*change)
    with pytest.raises(CatalogueError, match="import refused") as error:
        write_import(plan)
    assert error.value.problems[0].message == (
        f"import refused: {message}; nothing written (was the file edited meanwhile?)"
    )
    assert catalogue.read_bytes() == before


def test_every_real_item_is_written_as_read(tmp_path):
    target = tmp_path / "entries.yaml"
    plan = plan_import(sorted(LISTINGS.glob("*.txt")), target, VOCABULARY, RELATED)
    write_import(plan)  # verified: every value reads back exactly as captured
    assert [entry["id"] for entry in plain(read_yaml(target))] == [n.id for n in plan.added]


def test_report_counts_in_the_singular(tmp_path):
    first = write(tmp_path, "a.txt", "URL: a\nP\nMay 2014\n  1. Same\n    29 May 2014\n")
    second = write(tmp_path, "b.txt", "URL: b\nP\nMay 2014\n  1. Same\n    29 May 2014\n")
    plan = plan_import([first, second], tmp_path / "new.yaml", VOCABULARY)
    assert format_import_report(plan, dry_run=True).splitlines() == [
        f"Import into {tmp_path / 'new.yaml'} (dry run: nothing written)",
        "  a.txt: 1 item, 0 cut off, 0 duplicates",
        "  b.txt: 1 item, 0 cut off, 1 duplicate",
        "Read 2 items (1 distinct, 1 duplicate); 0 cut off but completed, 0 cut off but read "
        "complete elsewhere, 0 kept with the description cut off, 0 cut off and left out.",
        "Would add 1 new entry; 0 already catalogued.",
        "  + 2014-05-29 same: Same",
    ]


@pytest.mark.parametrize(
    ("catalogued", "where"),
    [
        ("2014-05-12", " -> entry 'tale' of the catalogue"),
        ("2014-06-12", ""),  # another month: another item, so the cut one is refused
    ],
)
def test_cut_item_already_catalogued_is_not_refused(tmp_path, catalogued, where):
    catalogue = write(
        tmp_path, "entries.yaml", f"- id: tale\n  title: Tale of a Journey\n  date: {catalogued}\n"
    )
    cut = write(tmp_path, "cut.txt", "URL: u\nP\nMay 2014\n  1. Tale of a Jour")
    report = format_import_report(plan_import([cut], catalogue, VOCABULARY), dry_run=True)
    heading = (
        "Cut off here but read complete in another capture or the catalogue"
        if where
        else "Left out: cut off before its date line, so neither its date nor its title is whole"
    )
    assert report.splitlines()[-2:] == [
        f"{heading} (1):",
        f"  {cut}:4: 'Tale of a Jour': no date line{where}",
    ]


def test_block_scalar_line_like_a_comment_stays_in_its_entry(tmp_path, capture):
    curated = (
        "- id: a\n  title: A\n  date: 2021-09-20\n  notes: |\n    first\n    # in the notes\n"
        "  # a curator's note, inside entry a\n"
        "# above old-item, at the list's level\n- id: old-item\n  title: An old item\n"
        "  date: 2010-01-01\n"
    )
    catalogue = write(tmp_path, "entries.yaml", curated)
    plan = plan_import([capture], catalogue, VOCABULARY)
    write_import(plan)  # before the fix: refused, the new entry would have cut entry a's notes
    text = catalogue.read_text(encoding="utf-8")
    entries = {entry["id"]: entry for entry in plain(read_yaml(catalogue))}
    assert entries["a"]["notes"] == "first\n# in the notes\n"
    assert "  # a curator's note, inside entry a\n- id: entrepreneurship-skills" in text
    assert text.endswith("\n\n" + curated[curated.index("# above") :])


# --- items whose description the capture cut off ------------------------------------------

CUT_CAPTURE = (
    "URL: u\nP\nMarch 2014\n  1. Syrian Child Labour in Jordan\n    25 March 2014\n"
    "    The ILO response plan to the "
)


def test_a_dated_cut_item_is_catalogued_as_cut(tmp_path, catalogue):
    capture = write(tmp_path, "cut.txt", CUT_CAPTURE)
    plan = plan_import([capture], catalogue, VOCABULARY)
    [new] = plan.added
    assert (new.item.title, new.item.description, new.item.description_cut) == (
        "Syrian Child Labour in Jordan",
        "The ILO response plan to the",
        True,
    )
    report = format_import_report(plan, dry_run=True)
    assert report.splitlines()[-2:] == [
        "Kept with the description cut off (description_cut: true; the page says so) (1):",
        f"  {capture}:4: 'Syrian Child Labour in Jordan' (2014-03-25): "
        "description cut off mid-text",
    ]
    write_import(plan)
    text = catalogue.read_text(encoding="utf-8")
    assert (
        "- id: syrian-child-labour-in-jordan\n"
        "  title: Syrian Child Labour in Jordan\n  date: 2014-03-25\n"
        "  description: The ILO response plan to the\n  description_cut: true\n"
    ) in text
    # Once a curator adds type and topics, the validator reads the flag as true, not 'true'.
    curated = text.replace(
        "  description_cut: true\n",
        "  description_cut: true\n  type: video\n  topics: [refugees]\n",
    )
    catalogue.write_text(curated, encoding="utf-8")
    entries, _problems = entries_from_yaml(read_yaml(catalogue), str(catalogue), VOCABULARY)
    [cut] = [entry for entry in entries if entry.id == "syrian-child-labour-in-jordan"]
    assert cut.description_cut is True


def test_a_complete_reading_elsewhere_beats_the_cut_one(tmp_path):
    cut = write(tmp_path, "cut.txt", CUT_CAPTURE)
    whole = write(
        tmp_path,
        "whole.txt",
        "URL: w\nP\nMarch 2014\n  1. Syrian Child Labour in Jordan\n    25 March 2014\n"
        "    The ILO response plan to the crisis.\n  2. Next\n    1 March 2014\n",
    )
    for order in ([cut, whole], [whole, cut]):
        plan = plan_import(order, tmp_path / "new.yaml", VOCABULARY)
        syrian = [new for new in plan.added if new.item.title.startswith("Syrian")]
        assert [(new.item.description, new.item.description_cut) for new in syrian] == [
            ("The ILO response plan to the crisis.", False)
        ]
        assert plan.conflicts == []
        assert sorted(syrian[0].sources) == ["u", "w"]


def test_a_cut_item_already_catalogued_in_full_is_known_without_conflict(tmp_path):
    catalogue = write(
        tmp_path,
        "entries.yaml",
        "- id: syrian\n  title: Syrian Child Labour in Jordan\n  date: 2014-03-25\n"
        "  description: The ILO response plan to the crisis.\n  sources: [u]\n",
    )
    plan = plan_import([write(tmp_path, "cut.txt", CUT_CAPTURE)], catalogue, VOCABULARY)
    assert (plan.added, plan.known, plan.conflicts) == ([], ["syrian"], [])
