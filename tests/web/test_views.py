"""The HTML pages through Flask's test client: every route, parameter and error status."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from fixture_ids import NEWEST
from html_page import attribute, links, one, parse_html, text_of
from mediasearch.search.params import SearchParams
from mediasearch.search.results import Facet, FacetValue
from mediasearch.web.app import create_app
from mediasearch.web.entry_page import split_sources
from mediasearch.web.error_page import ErrorContext, error_context
from mediasearch.web.links import Link, back_to_search, search_href
from mediasearch.web.search_page import page_numbers
from mediasearch.web.sidebar import YEAR_TEXT_WIDTH, year_chart


def result_ids(page: LexborHTMLParser) -> list[str]:
    """The entry ids of the result list, in order."""
    return [
        attribute(a, "href").removeprefix("/entries/")
        for a in page.css("ol.result-list h3.result-title > a")
    ]


def dates(page: LexborHTMLParser) -> list[str]:
    """The dates of the results, in order."""
    return [attribute(time, "datetime") for time in page.css("ol.result-list .result-meta time")]


def segmented(page: LexborHTMLParser, label: str) -> list[tuple[str, bool]]:
    """A control's choices (its text, whether it is the current one), e.g. the sort orders."""
    return [
        (text_of(a), a.attributes.get("aria-current") == "true")
        for a in page.css(f'nav.segmented[aria-label="{label}"] a')
    ]


def inline_scripts(page: LexborHTMLParser) -> list[str]:
    """The code of every script element written into the page (escaped input makes none).

    A JSON-LD block is data a browser never runs; test_entry_page checks it stays data.
    """
    scripts = page.css('script:not([type="application/ld+json"])')
    return [text_of(script) for script in scripts if text_of(script)]


def get(client, url: str, status: int = 200) -> LexborHTMLParser:
    """GET a page, check its status, return it parsed."""
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return parse_html(response.get_data(as_text=True))


# --- the search page ---------------------------------------------------------------------


def test_no_query_browses_the_whole_archive_newest_first(client):
    page = get(client, "/")
    assert result_ids(page) == NEWEST
    assert text_of(one(page, "#result-count")) == "14 results"
    # Relevance means nothing without a query, so it is not offered.
    assert segmented(page, "Sort order") == [("Sort by Newest", True), ("Sort by Oldest", False)]


def test_a_query_ranks_by_relevance_and_highlights(client):
    page = get(client, "/?q=recruitment+fees")
    assert result_ids(page)[0] == "nepal-recruitment-fees-video"
    assert page.css("ol.result-list mark")
    assert attribute(one(page, "input#q"), "value") == "recruitment fees"
    assert segmented(page, "Sort order") == [
        ("Sort by Relevance", True),
        ("Sort by Newest", False),
        ("Sort by Oldest", False),
    ]


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sort(client, sort):
    page = get(client, f"/?sort={sort}")
    found = dates(page)
    assert found == sorted(found, reverse=sort == "newest")
    assert len(found) == len(result_ids(page)) == 14


def test_pagination_and_page_size(client):
    first = get(client, "/?per_page=10")
    assert len(result_ids(first)) == 10
    assert text_of(one(first, "#result-count")) == "1–10 of 14 results"
    assert links(first, "nav.pagination a[rel]") == [("/?page=2&per_page=10", "Next ›")]
    second = get(client, "/?per_page=10&page=2")
    assert result_ids(second) == NEWEST[10:]
    assert text_of(one(second, "#result-count")) == "11–14 of 14 results"
    assert links(second, "nav.pagination a[rel]") == [("/?per_page=10", "‹ Previous")]
    assert attribute(one(second, "ol.result-list"), "start") == "11"
    # A page past the end is not an error: no hits, the exact total, a way back.
    beyond = get(client, "/?per_page=10&page=9")
    assert result_ids(beyond) == []
    assert "Page 9 is past the end of 14 results" in text_of(one(beyond, "#results"))
    assert ("/?per_page=10", "Page 1") in links(beyond, "nav.pagination a")


def test_facet_checkboxes_counts_and_chips(client):
    page = get(client, "/?topic=fair-recruitment")
    assert set(result_ids(page)) == {
        "nepal-recruitment-fees-video",
        "maria-olave-interview",
        "thai-fishers-ship-to-shore",
        "guy-ryder-labour-migration",
        "reframe-recruitment-framework",
    }
    checked = page.css("input[type=checkbox][checked]")
    assert [
        (attribute(box, "id"), attribute(box, "name"), attribute(box, "value")) for box in checked
    ] == [("f-topic-fair-recruitment", "topic", "fair-recruitment")]
    # The chip removes the filter; "clear all" removes every filter.
    assert links(page, "a.chip") == [("/", "Remove filter Topic: Fair recruitment ×")]
    assert links(page, "a.clear-all") == [("/", "Clear all filters")]
    # Counts are disjunctive: the topic facet still counts the other topics (all 3 fishing
    # entries, not the 1 that is also about fair recruitment).
    fishing = one(page, 'label[for="f-topic-fishing"]')
    assert text_of(one(fishing, ".count")) == "(3 results)"


def test_facets_and_entry_labels_follow_the_one_facet_table(client):
    page = get(client, "/")
    # The year is the histogram above the checkboxes; the rest in params' order.
    assert [attribute(fieldset, "data-facet") for fieldset in page.css("fieldset[data-facet]")] == [
        "topic",
        "country",
        "region",
        "project",
        "type",
    ]
    entry = get(client, "/entries/nepal-recruitment-fees-video")
    assert [text_of(dt) for dt in entry.css("dl.metadata dt")][:6] == [
        "Date",
        "Media type",
        "Topic",
        "Country",
        "Region",
        "Project",
    ]


def test_several_values_of_one_facet_are_or(client):
    page = get(client, "/?country=NPL&country=LBN")
    assert sorted(result_ids(page)) == [
        "domestic-workers-lebanon-photos",
        "nepal-recruitment-fees-video",
    ]


def test_labels_and_aliases_are_accepted_as_facet_values(client):
    assert result_ids(get(client, "/?country=Nepal")) == ["nepal-recruitment-fees-video"]


def test_year_range_is_inclusive_and_charted(client):
    page = get(client, "/?year_from=2019&year_to=2021")
    assert {d[:4] for d in dates(page)} == {"2019", "2020", "2021"}
    assert "Both years are included" in text_of(one(page, "fieldset.facet-year"))
    assert one(page, "fieldset.facet-year svg.histogram").css("a.bar")
    assert (
        attribute(one(page, "input#year_from"), "value"),
        attribute(one(page, "input#year_to"), "value"),
    ) == (
        "2019",
        "2021",
    )
    assert [text_of(chip) for chip in page.css("a.chip")] == [
        "Remove filter From 2019 ×",
        "Remove filter To 2021 ×",
    ]


def test_result_labels_link_to_a_filtered_search(client):
    page = get(client, "/?q=nepal")
    result = one(page, "ol.result-list li.result")
    assert links(result, "a.tag-country") == [("/?q=nepal&country=NPL", "Nepal")]
    # A project by the acronym researchers type, its full name at hand.
    fair = FAIR_NAME
    tag = one(result, 'a.tag-project[href="/?q=nepal&project=fair"]')
    assert (attribute(tag, "title"), text_of(tag)) == (fair, f"FAIR ({fair})")


FAIR_NAME = "Integrated Programme on Fair Recruitment"


def test_project_acronyms_on_facets_and_chips_with_the_full_name_at_hand(client):
    page = get(client, "/?project=fair")
    label = one(page, "#f-project-fair + label .facet-label")
    assert attribute(one(label, "abbr"), "title") == FAIR_NAME
    assert text_of(label) == f"FAIR {FAIR_NAME}"
    chip = one(page, "a.chip")
    assert attribute(chip, "title") == FAIR_NAME
    assert text_of(chip) == f"Remove filter Project: FAIR ({FAIR_NAME}) ×"


def test_did_you_mean_is_a_link(client):
    page = get(client, "/?q=recrutment")
    suggestion = one(page, "p.suggestion")
    assert text_of(suggestion) == "Did you mean recruitment?"
    assert links(suggestion) == [("/?q=recruitment", "recruitment")]


def test_zero_results_offer_recovery_links(client):
    page = get(client, "/?q=recruitment&country=KGZ&type=video")
    assert result_ids(page) == []
    assert links(page, "ul.recovery a") == [
        ("/?q=recruitment&type=video", "3 results without country: Kyrgyzstan")
    ]


def test_query_explanation_is_folded_away(client):
    page = get(client, "/?q=recruitment&topic=fair-recruitment")
    explanation = one(page, "details.explanation")
    assert "open" not in explanation.attributes
    assert text_of(one(explanation, "summary")) == "How we read your search"
    assert "filter topic: Fair recruitment" in [text_of(li) for li in explanation.css("li")]


def test_fallback_to_any_word_is_said_above_the_results(client):
    page = get(client, "/?q=guy+ryder+seafarers")
    notice = one(page, ".search-notice")
    assert text_of(notice) == (
        "No entry has every word of guy ryder seafarers: showing entries with any of them,"
        " most matching words first."
    )
    # Said before the list, not only in the folded explanation.
    in_order = page.css(".search-notice, ol.result-list")
    assert [attribute(node, "class") for node in in_order] == ["search-notice", "result-list"]
    assert result_ids(page)
    # A search where some entry has every word says nothing of the kind.
    assert get(client, "/?q=guy+ryder").css(".search-notice") == []


def test_every_word_outside_the_years_is_the_way_out_not_any_word_hits(client):
    page = get(client, "/?q=recruitment+fees&year_from=2010&year_to=2010")
    assert result_ids(page) == []
    # The first thing said links to the entries that have every word.
    assert links(page, ".search-notice a") == [
        ("/?q=recruitment+fees", "5 entries match every word outside 2010")
    ]
    in_order = page.css(".search-notice, .no-results")
    assert [attribute(node, "class") for node in in_order] == ["search-notice", "no-results"]
    assert "No entry has every word" not in text_of(page.body)


def test_a_misspelt_query_is_one_short_block(client):
    page = get(client, "/?q=recrutment")
    block = one(page, ".search-notice")
    assert [text_of(p) for p in block.css("p")] == [
        "Did you mean recruitment?",
        "No entry contains recrutment.",
    ]
    # Nothing else repeats it: no "Nothing matches", no "N results without the word".
    assert "Nothing matches" not in text_of(page.body)
    assert page.css("ul.recovery") == []


def test_a_card_shows_its_people_marked_where_one_matched(client):
    page = get(client, "/?q=ryder")
    people = page.css("p.people")
    assert [text_of(p) for p in people] == ["Featuring: Guy Ryder"] * 2
    assert [[text_of(mark) for mark in p.css("mark")] for p in people] == [["Ryder"]] * 2
    # Without a match the names are printed plain, escaped like any text.
    plain = get(client, "/?q=recruitment+fees")
    assert "Featuring: Michelle Leighton" in [text_of(p) for p in plain.css("p.people")]
    assert plain.css("p.people mark") == []
    # An entry without people says nothing.
    assert len(get(client, "/").css("p.people")) == 4


def test_snippet_is_the_description_highlight_or_its_opening(client):
    page = get(client, "/?q=director-general")
    # The whole snippet element: its text, and exactly which words are marked.
    assert [p.html for p in page.css("p.snippet")] == [
        '<p class="snippet">The ILO <mark>Director</mark>-<mark>General</mark> speaks on'
        " International Migrants Day about fair migration.</p>"
    ]
    browse = get(client, "/?q=&type=interview")
    snippets = [text_of(p) for p in browse.css("p.snippet")]
    assert any(s.startswith("The ILO Director-General speaks") for s in snippets)
    assert browse.css("p.snippet mark") == []


def test_filters_end_with_a_link_to_the_results(client):
    page = get(client, "/?q=guy+ryder")
    assert one(page, "section#results")
    assert links(page, "a.show-results") == [("#results", "Show 2 results")]
    one_result = get(client, "/?q=guy+ryder&type=interview")
    assert links(one_result, "a.show-results") == [("#results", "Show 1 result")]
    none = get(client, "/?q=nothingmatchesthis")
    assert links(none, "a.show-results") == [("#results", "Show results")]


def test_result_count_is_announced(client):
    page = get(client, "/")
    announcer = one(page, "#announcer")
    assert (
        attribute(announcer, "class"),
        attribute(announcer, "role"),
        attribute(announcer, "aria-live"),
    ) == (
        "visually-hidden",
        "status",
        "polite",
    )
    assert [attribute(node, "data-count-text") for node in page.css("[data-count-text]")] == [
        "14 results"
    ]


def test_page_loads_no_external_resources(client):
    page = get(client, "/")
    urls = [attribute(node, name) for name in ("src", "href") for node in page.css(f"[{name}]")]
    assert urls
    for url in urls:
        assert not url.startswith(("http:", "https:", "//")), url
    for name in ("style.css", "search.js", "favicon.svg"):
        # Static responses stream an open file: close it, or ResourceWarning fails the test.
        with client.get(f"/static/{name}") as response:
            assert response.status_code == 200


def test_skip_link_and_labels(client):
    page = get(client, "/")
    assert links(page, "a.skip-link") == [
        ("#main", "Skip to main content"),
        ("#results", "Skip to results"),
    ]
    entry = get(client, "/entries/maria-olave-interview")
    assert [href for href, _ in links(entry, "a.skip-link")] == ["#main"]
    assert text_of(one(page, 'label[for="q"]')) == "Search the archive"
    assert text_of(one(page, "details.syntax-help > summary")) == "Search tips"


# --- escaping ----------------------------------------------------------------------------


def test_script_in_the_query_is_escaped(client):
    page = get(client, "/?q=%3Cscript%3Ealert(9)%3C/script%3E")
    # Escaped, the script is text the reader sees, never an element the browser runs.
    assert inline_scripts(page) == []
    assert attribute(one(page, "input#q"), "value") == "<script>alert(9)</script>"
    assert "<script>alert(9)</script>" in text_of(page)


def test_script_in_the_data_is_escaped_in_results_and_entry(client):
    page = get(client, "/?q=seafarers")
    assert result_ids(page) == ["script-injection-test"]
    assert inline_scripts(page) == []
    assert page.css("b") == []
    title = text_of(one(page, "h3.result-title"))
    assert title == "Safety first <script>alert(1)</script> for seafarers"
    entry = get(client, "/entries/script-injection-test")
    assert inline_scripts(entry) == []
    assert entry.css("b") == []
    assert "<script>alert(2)</script>" in text_of(one(entry, ".entry-description"))


# --- the entry page ----------------------------------------------------------------------


def test_entry_page_shows_all_metadata(client):
    page = get(client, "/entries/nepal-recruitment-fees-video")
    assert text_of(one(page, "h1")) == "Ending recruitment fees for Nepali migrant workers"
    terms = one(page, "dl.metadata").iter()
    metadata = {text_of(dt): text_of(dd) for dt, dd in zip(terms, terms, strict=True)}
    assert {name: metadata[name] for name in ("Date", "Media type", "Region", "People")} == {
        "Date": "12 June 2023",
        "Media type": "Video",
        "Region": "South Asia",
        "People": "Michelle Leighton",
    }
    assert "Fair recruitment" in metadata["Topic"]
    assert ("/?country=NPL", "Nepal") in links(page, "dl.metadata a")
    ilo = "https://www.ilo.org/example/nepal-recruitment-fees"
    assert ilo in [href for href, _ in links(page, "a.ilo-link")]
    assert text_of(one(page, "#related-heading")) == "Related media"
    reasons = [text_of(p) for p in page.css(".related-list p.reason")]
    assert any(
        reason.startswith(("Same project", "Same topic", "Same country")) for reason in reasons
    )


def test_entry_sources_are_links_where_they_are_addresses(client):
    page = get(client, "/entries/maria-olave-interview")
    listing = "https://www.ilo.org/example/listing"
    assert links(page, "ul.sources a") == [(listing, listing)]
    assert [text_of(li) for li in page.css("ul.sources li")] == [listing]
    assert page.css(".imported-from") == []


@pytest.mark.parametrize(
    ("sources", "links", "files"),
    [
        ((), (), ()),
        (("first-page.txt",), (), ("first-page.txt",)),
        (
            ("first-page.txt", "https://ilo.org/a?b=1", "HTTP://ilo.ch/x"),
            (
                Link("https://ilo.org/a?b=1", "https://ilo.org/a?b=1"),
                Link("HTTP://ilo.ch/x", "HTTP://ilo.ch/x"),
            ),
            ("first-page.txt",),
        ),
        # Only web addresses become links: never a script, a bare scheme or another protocol.
        (
            ("javascript:alert(1)", "https://", "ftp://ilo.org/f"),
            (),
            ("javascript:alert(1)", "https://", "ftp://ilo.org/f"),
        ),
    ],
)
def test_split_sources(sources, links, files):
    assert split_sources(sources) == (links, files)


def test_entry_without_url_has_no_ilo_link(client):
    page = get(client, "/entries/women-migrants-kyrgyzstan")
    assert page.css("a.ilo-link") == []
    assert "View on the ILO website" not in text_of(page)


def test_back_link_returns_to_the_search_the_reader_came_from(client):
    referrer = "http://localhost/?q=migrant&topic=covid-19&page=2"
    response = client.get("/entries/maria-olave-interview", headers={"Referer": referrer})
    page = parse_html(response.get_data(as_text=True))
    back = "‹ Search the archive"
    assert links(page, "a.back-link") == [("/?q=migrant&topic=covid-19&page=2", back)]
    # Straight in, or from elsewhere: the archive.
    assert links(get(client, "/entries/maria-olave-interview"), "a.back-link") == [("/", back)]
    elsewhere = client.get(
        "/entries/maria-olave-interview", headers={"Referer": "https://evil.example/?q=x"}
    )
    assert links(parse_html(elsewhere.get_data(as_text=True)), "a.back-link") == [("/", back)]


@pytest.mark.parametrize(
    ("referrer", "expected"),
    [
        (None, "/"),
        ("", "/"),
        ("http://localhost/", "/"),
        ("http://localhost/?q=guy+ryder&year_from=2019", "/?q=guy+ryder&year_from=2019"),
        ("https://localhost/?q=a%20b#results", "/?q=a+b"),
        # Another host, or a look-alike, is never followed.
        ("https://evil.example/?q=x", "/"),
        ("http://localhost.evil.example/?q=x", "/"),
        ("http://user@localhost/?q=x", "/"),
        ("//evil.example/?q=x", "/"),
        ("javascript:alert(1)//localhost/", "/"),
        # Only the search page itself: not an entry, the API, or a path that merely starts so.
        ("http://localhost/entries/x?q=a", "/"),
        ("http://localhost/api/search?q=a", "/"),
        ("http://localhost//evil.example/?q=a", "/"),
        ("http://localhost/?q=%3Cscript%3E", "/?q=%3Cscript%3E"),
        ("http://[::1/?q=a", "/"),
    ],
)
def test_back_to_search(referrer, expected):
    assert back_to_search(referrer, "localhost", "/") == expected


def test_old_id_redirects_permanently(client):
    response = client.get("/entries/syrian-refugees-jordan")
    assert response.status_code == 301
    assert response.headers["Location"] == "/entries/refugees-jordan-work-permits"


def test_unknown_entry_is_404_with_the_search_form(client):
    page = get(client, "/entries/no-such-entry", 404)
    assert "no-such-entry" in text_of(one(page, "main"))
    assert attribute(one(page, "form input#q"), "name") == "q"


def test_unknown_page_is_404(client):
    get(client, "/no/such/page", 404)


# --- errors ------------------------------------------------------------------------------

BAD_PARAMETERS = [
    "year_from=abc",
    "year_to=20x1",
    "year_from=99999",
    "per_page=7",
    "per_page=-1",
    "page=0",
    "page=abc",
    "sort=bogus",
    "topic=no-such-topic",
    "country=Atlantis",
    "q=" + "a" * 10_000,
]


@pytest.mark.parametrize("query", BAD_PARAMETERS)
def test_unreadable_parameters_are_400_with_the_form(client, query):
    page = get(client, "/?" + query, 400)
    assert text_of(one(page, "h1")) == "That search could not be read"
    assert attribute(one(page, "form input#q"), "name") == "q"
    assert "Browse the whole archive" in [text for _, text in links(page, "main a")]


AWKWARD_QUERIES = ["", "(", '"', "AND", "OR", "NOT", "title:", "year:abc", "*", "?", "a:b:c",
                   "\x00\x01", "-", '"unclosed phrase', "year:2019-", "country:", "((((", "🙂",
                   "<script>", "%", "topic:nonsense"]  # fmt: skip


@pytest.mark.parametrize("q", AWKWARD_QUERIES)
def test_awkward_queries_never_500(client, q):
    response = client.get("/", query_string={"q": q})
    assert response.status_code in (200, 400)
    page = parse_html(response.get_data(as_text=True))
    assert attribute(one(page, "form input#q"), "name") == "q"


def test_bad_parameter_message_is_shown(client):
    page = get(client, "/?per_page=7", 400)
    message = "The number of results per page must be 10, 20, 50 or 100, not 7"
    assert message in text_of(one(page, "main"))


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, ErrorContext(400, "That search could not be read", "m", None, "q", True)),
        (404, ErrorContext(404, "Not found", "m", None, "q", True)),
        (418, ErrorContext(418, "Error", "m", None, "q", True)),
        # Without an index the form would only fail again: the page offers the command instead.
        (503, ErrorContext(503, "Search is not available yet", "m", None, "q", False)),
    ],
)
def test_error_context(status, expected):
    assert error_context(status, "m", q="q") == expected


def test_no_index_is_503_with_the_command(tmp_path):
    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "empty"})
    client = app.test_client()
    for url in ("/", "/entries/anything"):
        page = get(client, url, 503)
        commands = [text_of(code) for code in page.css("main code")]
        assert f"mediasearch index --index-dir {tmp_path / 'empty'}" in commands


def test_a_changed_catalogue_shows_the_stale_notice(fixture_index_dir, tmp_path):
    fixtures = Path(__file__).parents[1] / "fixtures" / "catalogue"
    for name in ("entries.yaml", "vocabulary.yaml"):
        shutil.copy(fixtures / name, tmp_path / name)
    app = create_app(
        {
            "TESTING": True,
            "INDEX_DIR": fixture_index_dir,
            "ENTRIES_PATH": tmp_path / "entries.yaml",
            "VOCABULARY_PATH": tmp_path / "vocabulary.yaml",
        }
    )
    client = app.test_client()
    assert get(client, "/").css(".notice-stale") == []
    with open(tmp_path / "entries.yaml", "a", encoding="utf-8") as file:
        file.write("# an edit\n")
    page = get(client, "/")
    # The public pages say so; the command to run is for curators, on /status.
    assert text_of(one(page, ".notice-stale")).startswith("Updates pending")
    assert "mediasearch index" not in text_of(page)
    entry = get(client, "/entries/maria-olave-interview")
    assert text_of(one(entry, ".notice-stale")).startswith("Updates pending")


def test_unexpected_errors_are_a_500_page_not_a_traceback(app, monkeypatch):
    from mediasearch.web import views

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.search, "run_search", broken)
    page = get(app.test_client(), "/", 500)
    assert text_of(one(page, "h1")) == "Something went wrong"
    assert "boom" not in page.html


# --- settings ----------------------------------------------------------------------------


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MEDIASEARCH_INDEX_DIR", str(tmp_path))
    app = create_app()
    assert app.config["INDEX_DIR"] == tmp_path.resolve()
    app = create_app({"INDEX_DIR": tmp_path / "other"})
    assert app.config["INDEX_DIR"] == (tmp_path / "other").resolve()


# --- pure helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "count", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 10, [1, 2, 3, None, 10]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (4, 7, [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_page_numbers(current, count, expected):
    assert page_numbers(current, count) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (SearchParams(), "/"),
        (SearchParams(q="a b"), "/?q=a+b"),
        (SearchParams(filters={"topic": ("x", "y")}, page=2), "/?topic=x&topic=y&page=2"),
        (SearchParams(q="é&", year_from=2019), "/?q=%C3%A9%26&year_from=2019"),
        (SearchParams(sort="oldest", per_page=50), "/?sort=oldest&per_page=50"),
    ],
)  # fmt: skip
def test_search_href(params, expected):
    assert search_href("/", params) == expected


def year_facet(counts: dict[int, int]) -> Facet:
    return Facet(
        "year",
        "Year",
        tuple(FacetValue(str(y), str(y), c, False) for y, c in sorted(counts.items())),
    )


def test_year_chart_one_year_is_one_readable_bar():
    chart = year_chart(year_facet({2021: 3}), SearchParams(), "/")
    (bar,) = chart.bars
    assert (bar.year, bar.count, bar.in_range, bar.show_label) == (2021, 3, True, True)
    # A lone bar stays a bar, not a 300-unit slab, and sits in the middle.
    assert bar.width < 40
    assert abs(bar.x + bar.width / 2 - chart.width / 2) < 1
    assert bar.href == "/?year_from=2021&year_to=2021"


def test_year_chart_fills_gaps_and_marks_the_range():
    chart = year_chart(year_facet({2015: 1, 2018: 4}), SearchParams(year_from=2016), "/")
    assert [(b.year, b.count, b.in_range) for b in chart.bars] == [
        (2015, 1, False),
        (2016, 0, True),
        (2017, 0, True),
        (2018, 4, True),
    ]
    assert chart.bars[3].height > chart.bars[0].height > 0
    assert chart.clear_href == "/"


@pytest.mark.parametrize(
    ("span", "labelled"),
    [
        (1, [2010]),
        (2, [2010, 2011]),
        (3, [2010, 2011, 2012]),
        # 20 units a year: every other year, and the last without the one beside it.
        (12, [2010, 2012, 2014, 2016, 2018, 2021]),
        (13, [2010, 2012, 2014, 2016, 2018, 2020, 2022]),
    ],
)
def test_year_chart_labels_never_overlap(span, labelled):
    counts = {2010 + i: i + 1 for i in range(span)}
    chart = year_chart(year_facet(counts), SearchParams(), "/", width=240)
    shown = [bar for bar in chart.bars if bar.show_label]
    assert [bar.year for bar in shown] == labelled
    assert_labels_fit(chart)


def assert_labels_fit(chart):
    """Year labels lie inside the chart and never touch each other."""
    xs = sorted(bar.label_x for bar in chart.bars if bar.label_x is not None)
    assert all(b - a >= YEAR_TEXT_WIDTH + 3 for a, b in itertools.pairwise(xs))
    assert xs[0] > YEAR_TEXT_WIDTH / 2 and xs[-1] < chart.width - YEAR_TEXT_WIDTH / 2


@pytest.mark.parametrize("span", [5, 13, 30, 60])
@pytest.mark.parametrize("where", [0, 1, 0.5, -2, -1])
def test_year_chart_always_labels_the_tallest_bar(span, where):
    counts = dict.fromkeys(range(2000, 2000 + span), 1)
    years = list(counts)
    tallest = years[int(where * (span - 1))] if isinstance(where, float) else years[where]
    counts[tallest] = 9
    chart = year_chart(year_facet(counts), SearchParams(), "/", width=240)
    bar = next(bar for bar in chart.bars if bar.year == tallest)
    assert (bar.show_label, bar.show_count) == (True, True)
    # The last year is labelled too, unless the tallest bar stands right beside it.
    assert chart.bars[-1].show_label or where == -2
    assert_labels_fit(chart)
    # Past a dozen bars only the tallest keeps its count.
    assert sum(bar.show_count for bar in chart.bars) == (1 if span > 14 else span)


def test_year_chart_without_results_is_empty():
    assert year_chart(None, SearchParams(), "/").bars == ()


def test_every_search_tip_is_a_query_the_parser_reads(client):
    page = get(client, "/")
    examples = [code.text() for code in one(page, "details.syntax-help").css("code")]
    assert len(examples) >= 10
    for example in examples:
        response = client.get("/", query_string={"q": example})
        assert response.status_code == 200, example


def test_script_in_an_unknown_entry_id_is_escaped(client):
    page = get(client, "/entries/%3Cscript%3Ealert(3)", 404)
    assert inline_scripts(page) == []
    assert "<script>alert(3)" in text_of(one(page, "main"))


NEW_ENTRY = """
- id: added-after-the-first-build
  title: An entry added after the first build
  date: 2024-01-15
  type: video
  topics: [fair-recruitment]
"""


def test_a_rebuilt_index_is_served_without_a_restart(tmp_path):
    from mediasearch.catalogue.loading import load_catalogue
    from mediasearch.index.build import build_index

    fixtures = Path(__file__).parents[1] / "fixtures" / "catalogue"
    for name in ("entries.yaml", "vocabulary.yaml"):
        shutil.copy(fixtures / name, tmp_path / name)
    entries, index_dir = tmp_path / "entries.yaml", tmp_path / "index"
    build_index(load_catalogue(entries), index_dir)
    # Look for a new generation at every request, as if INDEX_CHECK_INTERVAL had passed.
    config = {"INDEX_DIR": index_dir, "ENTRIES_PATH": entries, "INDEX_CHECK_INTERVAL": 0}
    client = create_app({"TESTING": True, **config}).test_client()
    first = get(client, "/")
    assert text_of(one(first, "#result-count")) == "14 results"
    # The vocabulary is read beside the entries, as `mediasearch index` reads it: not stale.
    assert first.css(".notice-stale") == []

    with open(entries, "a", encoding="utf-8") as file:
        file.write(NEW_ENTRY)
    assert get(client, "/").css(".notice-stale")
    build_index(load_catalogue(entries), index_dir)
    page = get(client, "/")
    assert text_of(one(page, "#result-count")) == "15 results"
    assert result_ids(page)[0] == "added-after-the-first-build"
    assert page.css(".notice-stale") == []


# --- serving -----------------------------------------------------------------------------


def test_run_builds_the_index_when_missing_or_stale_and_not_otherwise(tmp_path):
    from mediasearch.cli.serving import prepare_index

    fixtures = Path(__file__).parents[1] / "fixtures" / "catalogue"
    for name in ("entries.yaml", "vocabulary.yaml"):
        shutil.copy(fixtures / name, tmp_path / name)
    entries, index_dir = tmp_path / "entries.yaml", tmp_path / "index"
    said: list[str] = []
    prepare_index(entries, None, index_dir, said.append)
    assert said[0].endswith("14 entries OK") and said[1] == "index is missing: building it"
    said.clear()
    prepare_index(entries, None, index_dir, said.append)
    assert said[1] == f"index in {index_dir} is up to date" and len(said) == 2
    with open(entries, "a", encoding="utf-8") as file:
        file.write(NEW_ENTRY)
    said.clear()
    prepare_index(entries, None, index_dir, said.append)
    assert said[1] == "index is stale: building it"
    assert said[2].startswith("indexed 15 entries")


def test_a_demonym_is_explained_as_its_country(client):
    page = get(client, "/?q=Nepalese")
    assert result_ids(page) == ["nepal-recruitment-fees-video"]
    lines = [text_of(li) for li in page.css("details.explanation li")]
    assert "Nepalese → country Nepal" in lines


def test_reversed_years_redirect_to_the_ordered_search(client):
    response = client.get("/?q=labour&year_from=2022&year_to=2019&sort=oldest")
    assert response.status_code == 302
    assert response.location == "/?q=labour&year_from=2019&year_to=2022&sort=oldest"
    page = get(client, response.location)
    assert attribute(one(page, "input#year_from"), "value") == "2019"
    assert attribute(one(page, "input#year_to"), "value") == "2022"
