"""The same search flows with JavaScript disabled: plain GET forms and links do everything."""

from __future__ import annotations

import re

from e2e_helpers import PHONE, args, result_dates, result_titles, total
from playwright.sync_api import Page, expect

from mediasearch.catalogue.entries import Entry


def apply_filters(page: Page) -> None:
    """Submit the filter form with its button, as a visitor without JavaScript does."""
    with page.expect_navigation():
        page.locator(".apply-filters").click()


def test_type_a_query(nojs_page: Page):
    page = nojs_page
    page.goto("/")
    archive = total(page)
    page.fill("#q", "recruitment")
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert args(page)["q"] == ["recruitment"]
    assert 0 < total(page) < archive
    expect(page.locator(".result mark").first).to_be_visible()


def test_tick_and_untick_facets_and_back(nojs_page: Page):
    page = nojs_page
    page.goto("/?q=migrant")
    before = total(page)
    expect(page.locator(".apply-filters")).to_be_visible()
    page.locator("#f-topic-covid-19").check()
    apply_filters(page)
    assert args(page) == {"q": ["migrant"], "topic": ["covid-19"]}
    ticked = total(page)
    assert 0 < ticked < before
    expect(page.locator("#f-topic-covid-19")).to_be_checked()
    page.locator("#f-topic-covid-19").uncheck()
    apply_filters(page)
    assert args(page) == {"q": ["migrant"]}
    assert total(page) == before
    page.go_back()
    assert args(page)["topic"] == ["covid-19"]
    assert total(page) == ticked


def test_chips_remove_filters(nojs_page: Page):
    page = nojs_page
    page.goto("/?country=JOR&type=video")
    page.locator(".chip", has_text="Country: Jordan").click()
    page.wait_for_url(lambda url: "country=" not in url)
    assert args(page) == {"type": ["video"]}
    page.locator(".clear-all").click()
    page.wait_for_url(lambda url: "?" not in url)


def test_year_range(nojs_page: Page):
    page = nojs_page
    page.goto("/")
    page.fill("#year_from", "2020")
    page.fill("#year_to", "2021")
    apply_filters(page)
    assert args(page) == {"year_from": ["2020"], "year_to": ["2021"]}
    assert {date[:4] for date in result_dates(page)} == {"2020", "2021"}
    page.locator(".histogram .bar[aria-label^='2020']").click()
    page.wait_for_url(re.compile(r"year_from=2020&year_to=2020"))
    assert {date[:4] for date in result_dates(page)} == {"2020"}


def test_paging_and_sorting(nojs_page: Page):
    page = nojs_page
    page.goto("/?per_page=10")
    first_page = result_titles(page)
    page.locator(".pagination a[rel=next]").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert result_titles(page) != first_page
    page.locator(".segmented a", has_text="Oldest").click()
    page.wait_for_url(re.compile(r"sort=oldest"))
    dates = result_dates(page)
    assert dates == sorted(dates)
    # The explicit sort and page size survive a new query typed into the form.
    page.fill("#q", "refugees")
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert args(page) == {"q": ["refugees"], "sort": ["oldest"], "per_page": ["10"]}


def test_follow_did_you_mean(nojs_page: Page):
    page = nojs_page
    page.goto("/?q=recrutment")
    page.locator(".suggestion-link").click()
    page.wait_for_url(re.compile(r"q=recruitment(&|$)"))
    assert total(page) > 0


def test_open_an_entry_and_go_back(nojs_page: Page):
    page = nojs_page
    page.goto("/?q=domestic+workers")
    title = result_titles(page)[0]
    page.locator(".result-title a").first.click()
    page.wait_for_url(re.compile(r"/entries/"))
    expect(page.locator("h1")).to_have_text(title)
    page.go_back()
    assert result_titles(page)[0] == title


def test_show_all_works_without_javascript(nojs_page: Page):
    page = nojs_page
    page.goto("/")
    country = page.locator("fieldset[data-facet=country]")
    # The filter box needs JavaScript, so it stays hidden; "show all" is a plain <details>.
    expect(country.locator(".facet-filter")).to_be_hidden()
    hidden_value = country.locator(".facet-more .facet-value").first
    expect(hidden_value).to_be_hidden()
    summary = country.locator(".facet-more summary")
    expect(summary).to_have_text(re.compile(r"^Show all \d+$"), use_inner_text=True)
    summary.click()
    expect(hidden_value).to_be_visible()
    expect(summary).to_have_text("Show fewer", use_inner_text=True)
    summary.click()
    expect(hidden_value).to_be_hidden()


def test_reversed_years_land_in_order(nojs_page: Page):
    page = nojs_page
    page.goto("/?year_from=2021&year_to=2019")
    assert args(page) == {"year_from": ["2019"], "year_to": ["2021"]}
    expect(page.locator("#year_from")).to_have_value("2019")
    expect(page.locator("#year_to")).to_have_value("2021")


def test_entry_page_shows_every_field(nojs_page: Page, rich_entry: Entry):
    page = nojs_page
    response = page.goto(f"/entries/{rich_entry.id}")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text(rich_entry.title)
    metadata = page.locator(".metadata")
    labels = ["Date", "Media type", "Topic", "Sources"]
    optional = {
        "Country": rich_entry.facet_keys("country"),
        "Region": rich_entry.facet_keys("region"),
        "Project": rich_entry.facet_keys("project"),
        "Curator's note": rich_entry.notes,
    }
    labels += [name for name, value in optional.items() if value]
    for label in labels:
        expect(metadata.locator("dt", has_text=label)).to_be_visible()
    topic = rich_entry.facet_keys("topic")[0]
    expect(metadata.locator(f"a[href='/?topic={topic}']")).to_be_visible()
    # Web addresses are links; capture files are said quietly as where the entry came from.
    for source in rich_entry.sources:
        if source.startswith(("https://", "http://")):
            expect(metadata.locator(".sources a", has_text=source)).to_have_count(1)
        else:
            expect(metadata.locator(".imported-from code", has_text=source)).to_be_visible()
    expect(page.locator(".related-list li").first).to_be_visible()
    expect(page.locator(".related-list .reason").first).not_to_be_empty()


def test_on_a_phone_the_filters_end_with_a_plain_link_to_the_results(nojs_page: Page):
    page = nojs_page
    page.set_viewport_size(PHONE)
    page.goto("/?q=migrant&topic=covid-19")
    link = page.locator(".show-results")
    expect(link).to_have_text(f"Show {total(page)} results")
    link.click()
    page.wait_for_url(re.compile(r"#results$"))
    expect(page.locator("#result-count")).to_be_in_viewport()
