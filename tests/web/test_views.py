"""The HTML pages through Flask's test client: every route, parameter and error status."""

from __future__ import annotations

import itertools
import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from fixture_ids import NEWEST
from mediasearch.search.params import SearchParams
from mediasearch.search.results import Facet, FacetValue
from mediasearch.web.app import create_app
from mediasearch.web.entry_page import split_sources
from mediasearch.web.error_page import ErrorContext, error_context
from mediasearch.web.links import Link, back_to_search, search_href
from mediasearch.web.search_page import page_numbers
from mediasearch.web.sidebar import YEAR_LABEL_WIDTH, year_chart


def result_ids(html: str) -> list[str]:
    """The entry ids of the result list, in order."""
    return re.findall(r'<h3 class="result-title"><a href="/entries/([^"]+)"', html)


def dates(html: str) -> list[str]:
    """The dates of the results, in order."""
    results = html.split('class="result-list"', 1)[-1]
    return re.findall(r'class="type-badge">[^<]*</span> <time datetime="([^"]+)"', results)


def text(html: str) -> str:
    """The page's visible text, roughly: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def get(client, url: str, status: int = 200) -> str:
    """GET a page, check its status, return its HTML."""
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


# --- the search page ---------------------------------------------------------------------


def test_no_query_browses_the_whole_archive_newest_first(client):
    html = get(client, "/")
    assert result_ids(html) == NEWEST
    assert "14 results" in text(html)
    assert 'aria-current="true"><span class="visually-hidden">Sort by </span>Newest' in html
    # Relevance means nothing without a query, so it is not offered.
    assert "Relevance" not in text(html)


def test_a_query_ranks_by_relevance_and_highlights(client):
    html = get(client, "/?q=recruitment+fees")
    ids = result_ids(html)
    assert ids[0] == "nepal-recruitment-fees-video"
    assert "<mark>" in html
    assert 'value="recruitment fees"' in html
    assert "Sort by </span>Relevance" in html


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sort(client, sort):
    html = get(client, f"/?sort={sort}")
    found = dates(html)
    assert found == sorted(found, reverse=sort == "newest")
    assert len(result_ids(html)) == 14


def test_pagination_and_page_size(client):
    first = get(client, "/?per_page=10")
    assert len(result_ids(first)) == 10
    assert "1–10 of 14 results" in text(first)
    assert 'href="/?page=2&amp;per_page=10" rel="next"' in first
    second = get(client, "/?per_page=10&page=2")
    assert result_ids(second) == NEWEST[10:]
    assert "11–14 of 14 results" in text(second)
    assert 'href="/?per_page=10" rel="prev"' in second
    assert '<ol class="result-list" start="11">' in second
    # A page past the end is not an error: no hits, the exact total, a way back.
    beyond = get(client, "/?per_page=10&page=9")
    assert result_ids(beyond) == []
    assert "Page 9 is past the end of 14 results" in text(beyond)
    assert '<a href="/?per_page=10"><span class="visually-hidden">Page </span>1</a>' in beyond


def test_facet_checkboxes_counts_and_chips(client):
    html = get(client, "/?topic=fair-recruitment")
    ids = result_ids(html)
    assert set(ids) == {
        "nepal-recruitment-fees-video",
        "maria-olave-interview",
        "thai-fishers-ship-to-shore",
        "guy-ryder-labour-migration",
        "reframe-recruitment-framework",
    }
    assert re.search(
        r'id="f-topic-fair-recruitment" name="topic" value="fair-recruitment" checked>', html
    )
    # The chip removes the filter; "clear all" removes every filter.
    assert '<a class="chip" href="/"><span class="visually-hidden">Remove filter </span>' in html
    assert 'class="clear-all" href="/"' in html
    # Counts are disjunctive: the topic facet still counts the other topics.
    assert re.search(r'value="fishing">\s*<label[^>]*>.*?>2<', html, re.S)


def test_facets_and_entry_labels_follow_the_one_facet_table(client):
    html = get(client, "/")
    # The year is the histogram above the checkboxes; the rest in params' order.
    assert re.findall(r'<fieldset class="facet" data-facet="([^"]+)">', html) == [
        "topic",
        "country",
        "region",
        "project",
        "type",
    ]
    entry = get(client, "/entries/nepal-recruitment-fees-video")
    assert re.findall(r"<dt>([^<]+)</dt>", entry)[:6] == [
        "Date",
        "Media type",
        "Topic",
        "Country",
        "Region",
        "Project",
    ]


def test_several_values_of_one_facet_are_or(client):
    html = get(client, "/?country=NPL&country=LBN")
    assert sorted(result_ids(html)) == [
        "domestic-workers-lebanon-photos",
        "nepal-recruitment-fees-video",
    ]


def test_labels_and_aliases_are_accepted_as_facet_values(client):
    assert result_ids(get(client, "/?country=Nepal")) == ["nepal-recruitment-fees-video"]


def test_year_range_is_inclusive_and_charted(client):
    html = get(client, "/?year_from=2019&year_to=2021")
    assert {d[:4] for d in dates(html)} == {"2019", "2020", "2021"}
    assert "Both years are included" in html
    assert '<svg class="histogram"' in html
    assert 'name="year_from" id="year_from"' in html and 'value="2019"' in html
    assert "From 2019" in text(html) and "To 2021" in text(html)


def test_result_labels_link_to_a_filtered_search(client):
    html = get(client, "/?q=nepal")
    assert 'class="tag tag-country" href="/?q=nepal&amp;country=NPL">Nepal</a>' in html
    assert 'class="tag tag-project" href="/?q=nepal&amp;project=fair">' in html


def test_did_you_mean_is_a_link(client):
    html = get(client, "/?q=recrutment")
    assert re.search(r'Did you mean <a href="/\?q=recruitment" class="suggestion-link">', html)


def test_zero_results_offer_recovery_links(client):
    html = get(client, "/?q=recruitment&country=KGZ")
    assert result_ids(html) == []
    assert '<a href="/?q=recruitment">5 results without country: Kyrgyzstan</a>' in html


def test_query_explanation_is_folded_away(client):
    html = get(client, "/?q=recruitment&topic=fair-recruitment")
    assert '<details class="explanation">' in html
    assert "How we read your search" in html
    assert "filter topic: Fair recruitment" in html


def test_fallback_to_any_word_is_said_above_the_results(client):
    html = get(client, "/?q=guy+ryder+seafarers")
    notice = (
        "No entry has all of guy ryder seafarers; showing entries with any of these words,"
        " most matches first."
    )
    # text() spaces out tags; put the semicolon back against the query it follows.
    assert notice in text(html).replace(" ;", ";")
    # Said before the list, not only in the folded explanation.
    assert html.index("fallback-notice") < html.index('class="result-list"')
    assert result_ids(html)
    # A search where some entry has every word says nothing of the kind.
    assert "fallback-notice" not in get(client, "/?q=guy+ryder")


def test_a_card_shows_its_people_marked_where_one_matched(client):
    html = get(client, "/?q=ryder")
    people = re.findall(r'<p class="people">(.*?)</p>', html)
    assert people == ["Featuring: Guy <mark>Ryder</mark>"] * 2
    # Without a match the names are printed plain, escaped like any text.
    plain = get(client, "/?q=recruitment+fees")
    assert '<p class="people">Featuring: Michelle Leighton</p>' in plain
    # An entry without people says nothing.
    assert len(re.findall(r'<p class="people">', get(client, "/"))) == 4


def test_snippet_is_the_description_highlight_or_its_opening(client):
    html = get(client, "/?q=director-general")
    assert re.findall(r'<p class="snippet">.*?</p>', html) == [
        '<p class="snippet">The ILO <mark>Director</mark>-<mark>General</mark> speaks on'
        " International Migrants Day about fair migration.</p>"
    ]
    browse = get(client, "/?q=&type=interview")
    assert '<p class="snippet">The ILO Director-General speaks' in browse


def test_filters_end_with_a_link_to_the_results(client):
    html = get(client, "/?q=guy+ryder")
    assert '<section id="results" class="results"' in html
    links = re.findall(r'<a class="button-primary show-results" href="([^"]+)">([^<]+)</a>', html)
    assert links == [("#results", "Show 2 results")]
    assert "Show 1 result<" in get(client, "/?q=guy+ryder&type=interview")
    assert "Show results<" in get(client, "/?q=nothingmatchesthis")


def test_result_count_is_announced(client):
    html = get(client, "/")
    assert 'id="announcer" class="visually-hidden" role="status" aria-live="polite"' in html
    assert 'data-count-text="14 results"' in html


def test_page_loads_no_external_resources(client):
    html = get(client, "/")
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url
    for name in ("style.css", "search.js", "favicon.svg"):
        # Static responses stream an open file: close it, or ResourceWarning fails the test.
        with client.get(f"/static/{name}") as response:
            assert response.status_code == 200


def test_skip_link_and_labels(client):
    html = get(client, "/")
    assert re.findall(r'<a class="skip-link" href="([^"]+)">([^<]+)</a>', html) == [
        ("#main", "Skip to main content"),
        ("#results", "Skip to results"),
    ]
    entry = get(client, "/entries/maria-olave-interview")
    assert re.findall(r'class="skip-link" href="([^"]+)"', entry) == ["#main"]
    assert '<label class="search-label" for="q">' in html
    assert "Search tips" in html


# --- escaping ----------------------------------------------------------------------------


def test_script_in_the_query_is_escaped(client):
    html = get(client, "/?q=%3Cscript%3Ealert(9)%3C/script%3E")
    assert "<script>alert(9)" not in html
    assert "&lt;script&gt;alert(9)" in html


def test_script_in_the_data_is_escaped_in_results_and_entry(client):
    html = get(client, "/?q=seafarers")
    assert result_ids(html) == ["script-injection-test"]
    assert "<script>alert" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    entry = get(client, "/entries/script-injection-test")
    assert "<script>alert" not in entry and "<b>Bold" not in entry
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in entry


# --- the entry page ----------------------------------------------------------------------


def test_entry_page_shows_all_metadata(client):
    html = get(client, "/entries/nepal-recruitment-fees-video")
    page = text(html)
    assert '<h1 class="entry-title">Ending recruitment fees for Nepali migrant workers</h1>' in html
    for shown in ("12 June 2023", "Video", "Fair recruitment", "Nepal", "South Asia"):
        assert shown in page, shown
    assert 'href="https://www.ilo.org/example/nepal-recruitment-fees"' in html
    assert "Michelle Leighton" in page
    assert 'href="/?country=NPL"' in html
    assert "Related media" in page
    assert re.search(r'class="reason">Same (project|topic|country)', html)


def test_entry_sources_are_links_where_they_are_addresses(client):
    html = get(client, "/entries/maria-olave-interview")
    assert (
        '<ul class="sources"><li><a href="https://www.ilo.org/example/listing" class="url">'
        "https://www.ilo.org/example/listing</a></li></ul>"
    ) in html
    assert "imported-from" not in html


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
    html = get(client, "/entries/women-migrants-kyrgyzstan")
    assert "View on the ILO website" not in html


def test_back_link_returns_to_the_search_the_reader_came_from(client):
    referrer = "http://localhost/?q=migrant&topic=covid-19&page=2"
    response = client.get("/entries/maria-olave-interview", headers={"Referer": referrer})
    html = response.get_data(as_text=True)
    assert '<a href="/?q=migrant&amp;topic=covid-19&amp;page=2" class="back-link">' in html
    # Straight in, or from elsewhere: the archive.
    assert '<a href="/" class="back-link">' in get(client, "/entries/maria-olave-interview")
    elsewhere = client.get(
        "/entries/maria-olave-interview", headers={"Referer": "https://evil.example/?q=x"}
    )
    assert '<a href="/" class="back-link">' in elsewhere.get_data(as_text=True)


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
    html = get(client, "/entries/no-such-entry", 404)
    assert "no-such-entry" in html
    assert '<input id="q" name="q"' in html


def test_unknown_page_is_404(client):
    get(client, "/no/such/page", 404)


# --- errors ------------------------------------------------------------------------------

BAD_PARAMETERS = [
    "year_from=abc",
    "year_to=20x1",
    "year_from=2022&year_to=2020",
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
    html = get(client, "/?" + query, 400)
    assert "That search could not be read" in html
    assert '<input id="q" name="q"' in html
    assert "Browse the whole archive" in html


AWKWARD_QUERIES = ["", "(", '"', "AND", "OR", "NOT", "title:", "year:abc", "*", "?", "a:b:c",
                   "\x00\x01", "-", '"unclosed phrase', "year:2019-", "country:", "((((", "🙂",
                   "<script>", "%", "topic:nonsense"]  # fmt: skip


@pytest.mark.parametrize("q", AWKWARD_QUERIES)
def test_awkward_queries_never_500(client, q):
    response = client.get("/", query_string={"q": q})
    assert response.status_code in (200, 400)
    assert '<input id="q" name="q"' in response.get_data(as_text=True)


def test_bad_parameter_message_is_shown(client):
    html = get(client, "/?per_page=7", 400)
    assert "per_page must be one of 10, 20, 50, 100, not 7" in html


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
        html = get(client, url, 503)
        assert f"<code>mediasearch index --index-dir {tmp_path / 'empty'}</code>" in html


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
    assert "updates pending" not in get(client, "/").lower()
    with open(tmp_path / "entries.yaml", "a", encoding="utf-8") as file:
        file.write("# an edit\n")
    html = get(client, "/")
    # The public pages say so; the command to run is for curators, on /status.
    assert "Updates pending" in html
    assert "mediasearch index" not in html
    assert "Updates pending" in get(client, "/entries/maria-olave-interview")


def test_unexpected_errors_are_a_500_page_not_a_traceback(app, monkeypatch):
    from mediasearch.web import views

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.search, "run_search", broken)
    html = get(app.test_client(), "/", 500)
    assert "Something went wrong" in html and "boom" not in html


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
    centres = [bar.x + bar.width / 2 for bar in shown]
    assert all(b - a >= YEAR_LABEL_WIDTH for a, b in itertools.pairwise(centres))


def test_year_chart_without_results_is_empty():
    assert year_chart(None, SearchParams(), "/").bars == ()


def test_every_search_tip_is_a_query_the_parser_reads(client):
    html = get(client, "/")
    tips = re.search(r'<details class="syntax-help">(.*?)</details>', html, re.S).group(1)
    examples = [unescape(code) for code in re.findall(r"<code>([^<]+)</code>", tips)]
    assert len(examples) >= 10
    for example in examples:
        response = client.get("/", query_string={"q": example})
        assert response.status_code == 200, example


def test_script_in_an_unknown_entry_id_is_escaped(client):
    html = get(client, "/entries/%3Cscript%3Ealert(3)", 404)
    assert "<script>alert(3)" not in html
    assert "&lt;script&gt;alert(3)" in html


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
    assert "14 results" in text(first)
    # The vocabulary is read beside the entries, as `mediasearch index` reads it: not stale.
    assert "Updates pending" not in first

    with open(entries, "a", encoding="utf-8") as file:
        file.write(NEW_ENTRY)
    assert "Updates pending" in get(client, "/")
    build_index(load_catalogue(entries), index_dir)
    html = get(client, "/")
    assert "15 results" in text(html)
    assert result_ids(html)[0] == "added-after-the-first-build"
    assert "Updates pending" not in html


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
