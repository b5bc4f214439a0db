"""Search flows in Chromium with JavaScript on: in-page updates, the URL follows, back works."""

from __future__ import annotations

import itertools
import re

from e2e_helpers import (
    PHONE,
    args,
    mark_document,
    result_dates,
    result_titles,
    settled,
    total,
    was_reloaded,
)
from playwright.sync_api import Page, expect


def test_type_a_query(page: Page):
    page.goto("/")
    archive = total(page)
    assert archive >= 50
    page.fill("#q", "recruitment")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"[?&]q=recruitment"))
    settled(page)
    assert 0 < total(page) < archive
    expect(page.locator(".result mark").first).to_be_visible()
    expect(page.locator("#announcer")).to_contain_text("result")
    assert "recruitment" in page.title()


def test_tick_and_untick_facets_url_follows_and_back_works(page: Page):
    page.goto("/?q=migrant")
    mark_document(page)
    before = total(page)
    box = page.locator("#f-topic-covid-19")
    box.check()
    page.wait_for_url(re.compile(r"topic=covid-19"))
    settled(page)
    ticked = total(page)
    assert 0 < ticked < before
    expect(page.locator("#f-topic-covid-19")).to_be_checked()
    expect(page.locator(".chip", has_text="Topic: COVID-19")).to_be_visible()
    # Focus returns to the box after the update, so keyboard users keep their place.
    assert page.evaluate("document.activeElement.id") == "f-topic-covid-19"

    page.locator("#f-topic-covid-19").uncheck()
    page.wait_for_url(lambda url: "topic=" not in url)
    settled(page)
    assert total(page) == before
    assert not was_reloaded(page)

    page.go_back()
    expect(page.locator("#f-topic-covid-19")).to_be_checked()
    assert args(page)["topic"] == ["covid-19"]
    assert total(page) == ticked
    page.go_back()
    expect(page.locator("#f-topic-covid-19")).not_to_be_checked()
    assert "topic" not in args(page)
    assert not was_reloaded(page)


def test_chip_and_clear_all(page: Page):
    page.goto("/?country=JOR&type=video")
    mark_document(page)
    page.locator(".chip", has_text="Country: Jordan").click()
    page.wait_for_url(lambda url: "country=" not in url)
    settled(page)
    assert args(page) == {"type": ["video"]}
    page.locator(".clear-all").click()
    page.wait_for_url(lambda url: "?" not in url)
    settled(page)
    expect(page.locator(".chip")).to_have_count(0)
    assert not was_reloaded(page)


def test_year_range(page: Page):
    page.goto("/")
    page.fill("#year_from", "2020")
    page.fill("#year_to", "2021")
    page.press("#year_to", "Enter")
    page.wait_for_url(re.compile(r"year_from=2020.*year_to=2021"))
    settled(page)
    years = {date[:4] for date in result_dates(page)}
    assert years <= {"2020", "2021"} and years
    expect(page.locator(".histogram .bar.in-range")).not_to_have_count(0)
    # A bar of the histogram narrows to its year.
    page.locator(".histogram .bar[aria-label^='2021']").click()
    page.wait_for_url(re.compile(r"year_from=2021&year_to=2021"))
    settled(page)
    assert {date[:4] for date in result_dates(page)} == {"2021"}


def test_paging_and_sorting(page: Page):
    page.goto("/?per_page=10")
    first_page = result_titles(page)
    page.locator(".pagination a[rel=next]").click()
    page.wait_for_url(re.compile(r"page=2"))
    settled(page)
    assert result_titles(page) != first_page
    expect(page.locator(".pagination a[aria-current=page]")).to_have_text(re.compile("2"))
    page.locator(".segmented a", has_text="Oldest").click()
    page.wait_for_url(re.compile(r"sort=oldest"))
    settled(page)
    dates = result_dates(page)
    assert dates == sorted(dates) and len(dates) == 10
    assert "page" not in args(page)
    page.go_back()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator(".pagination a[aria-current=page]")).to_have_text(re.compile("2"))


def test_follow_did_you_mean(page: Page):
    page.goto("/")
    page.fill("#q", "recrutment")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=recrutment"))
    link = page.locator(".suggestion-link")
    expect(link).to_have_text("recruitment")
    link.click()
    page.wait_for_url(re.compile(r"q=recruitment(&|$)"))
    settled(page)
    assert total(page) > 0
    expect(page.locator("#q")).to_have_value("recruitment")


def test_open_an_entry_and_go_back(page: Page):
    page.goto("/?q=domestic+workers")
    title = result_titles(page)[0]
    search_url = page.url
    page.locator(".result-title a").first.click()
    page.wait_for_url(re.compile(r"/entries/"))
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".metadata")).to_be_visible()
    page.go_back()
    page.wait_for_url(search_url)
    assert result_titles(page)[0] == title


def test_back_link_returns_to_the_search_after_in_page_updates(page: Page):
    page.goto("/?q=migrant")
    page.locator("#f-topic-covid-19").check()
    page.wait_for_url(re.compile(r"topic=covid-19"))
    settled(page)
    search_url = page.url
    title = result_titles(page)[0]
    page.locator(".result-title a").first.click()
    page.wait_for_url(re.compile(r"/entries/"))
    page.locator(".back-link").click()
    page.wait_for_url(search_url)
    expect(page.locator("#f-topic-covid-19")).to_be_checked()
    assert result_titles(page)[0] == title


def test_long_facet_list_show_all_and_filter_box(page: Page):
    page.goto("/")
    country = page.locator("fieldset[data-facet=country]")
    hidden_value = country.locator(".facet-more .facet-value").first
    expect(hidden_value).to_be_hidden()
    country.locator(".facet-more summary").click()
    expect(hidden_value).to_be_visible()
    country.locator(".facet-more summary").click()
    name = hidden_value.locator(".facet-label").text_content() or ""
    assert name
    country.locator(".facet-filter").fill(name[:5])
    expect(hidden_value).to_be_visible()
    visible = country.locator(".facet-value:visible .facet-label").all_inner_texts()
    assert visible and all(name[:5].lower() in v.lower() for v in visible)


def test_query_explanation_is_folded(page: Page):
    page.goto("/?q=fair+recruitment")
    details = page.locator("details.explanation")
    expect(details.locator("ul")).to_be_hidden()
    details.locator("summary").click()
    expect(details.locator("ul")).to_be_visible()


def test_a_half_typed_or_out_of_range_year_is_not_searched(page: Page):
    page.goto("/")
    mark_document(page)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.fill("#year_from", "1800")
    page.press("#year_from", "Enter")
    # The browser says what is wrong with the field; nothing is fetched for it.
    assert page.locator("#year_from").evaluate("input => input.validity.rangeUnderflow")
    page.fill("#year_from", "")
    page.locator("#year_to").focus()
    page.keyboard.type("20")
    page.keyboard.press("Tab")
    # A whole year is searched; by then the two above would have been requested first.
    page.fill("#year_from", "2019")
    page.press("#year_from", "Enter")
    page.wait_for_url(re.compile(r"year_from=2019"))
    settled(page)
    assert not [url for url in requested if "1800" in url or "year_to=20" in url]
    assert not was_reloaded(page)
    # What is still being typed stays in its box.
    expect(page.locator("#year_to")).to_have_value("20")


def test_a_search_the_server_cannot_read_is_said_in_place(page: Page):
    page.goto("/?year_from=2022")
    mark_document(page)
    page.fill("#q", "year:abc")
    page.press("#q", "Enter")
    error = page.locator("#results .search-error")
    expect(error).to_be_visible()
    expect(error.locator("h2")).to_have_text("That search could not be read")
    expect(error.locator(".error-message")).to_contain_text("year:abc")
    # The reader keeps the page and what they typed, and can put it right.
    assert not was_reloaded(page)
    expect(page.locator("#q")).to_have_value("year:abc")
    page.fill("#q", "year:2022")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=year%3A2022&year_from=2022"))
    settled(page)
    expect(page.locator(".search-error")).to_have_count(0)
    assert total(page) > 0


def test_reversed_years_are_put_in_order_in_url_and_form(page: Page):
    page.goto("/?year_from=2021")
    mark_document(page)
    page.fill("#year_to", "2019")
    page.press("#year_to", "Enter")
    page.wait_for_url(re.compile(r"year_from=2019&year_to=2021"))
    settled(page)
    assert not was_reloaded(page)
    expect(page.locator("#year_from")).to_have_value("2019")
    expect(page.locator("#year_to")).to_have_value("2021")
    assert {date[:4] for date in result_dates(page)} <= {"2019", "2020", "2021"}


def test_show_all_becomes_show_fewer(page: Page):
    page.goto("/")
    summary = page.locator("fieldset[data-facet=country] .facet-more summary")
    expect(summary).to_have_text(re.compile(r"^Show all \d+$"), use_inner_text=True)
    summary.click()
    expect(summary).to_have_text("Show fewer", use_inner_text=True)
    summary.click()
    expect(summary).to_have_text(re.compile(r"^Show all \d+$"), use_inner_text=True)


def test_histogram_labels_stay_inside_and_label_the_tallest_bar(page: Page):
    page.goto("/")
    chart = page.locator(".histogram").bounding_box()
    assert chart
    labels = [box for box in (t.bounding_box() for t in page.locator(".bar-year").all()) if box]
    assert labels
    for box in labels:
        assert chart["x"] <= box["x"] and box["x"] + box["width"] <= chart["x"] + chart["width"]
    edges = sorted((box["x"], box["x"] + box["width"]) for box in labels)
    assert all(left[1] < right[0] for left, right in itertools.pairwise(edges))
    # The tallest bar's year is written under it.
    bars = page.locator(".histogram .bar").all()
    heights = [float(bar.locator(".column").get_attribute("height") or 0) for bar in bars]
    tallest = bars[heights.index(max(heights))].get_attribute("aria-label") or ""
    years = page.locator(".bar-year").all_text_contents()
    assert tallest.split(":")[0] in years


def test_typing_continues_while_results_update(page: Page):
    page.goto("/")
    page.locator("#year_from").fill("2019")
    # Tab fires "change" on year_from: results update while the reader types the next year.
    page.keyboard.press("Tab")
    page.keyboard.type("2021")
    page.wait_for_url(re.compile(r"year_from=2019"))
    settled(page)
    expect(page.locator("#year_to")).to_be_focused()
    expect(page.locator("#year_to")).to_have_value("2021")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"year_from=2019&year_to=2021"))
    settled(page)
    assert {date[:4] for date in result_dates(page)} <= {"2019", "2020", "2021"}


def test_on_a_phone_filters_fold_away_and_unfold(page: Page):
    page.set_viewport_size(PHONE)
    page.goto("/?q=migrant")
    box = page.locator("#f-topic-covid-19")
    expect(box).to_be_hidden()
    page.locator(".filters-summary").click()
    box.check()
    page.wait_for_url(re.compile(r"topic=covid-19"))
    settled(page)
    # The panel stays open after the update, and nothing sticks out sideways.
    expect(page.locator("#f-topic-covid-19")).to_be_checked()
    page.locator(".syntax-help summary").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_the_filters_end_with_a_way_to_the_results(page: Page):
    page.set_viewport_size(PHONE)
    page.goto("/?q=migrant")
    page.locator(".filters-summary").click()
    page.locator("#f-topic-covid-19").check()
    page.wait_for_url(re.compile(r"topic=covid-19"))
    settled(page)
    link = page.locator(".show-results")
    expect(link).to_have_text(f"Show {total(page)} results")
    link.click()
    # The filters fold away and the results' count is in view.
    expect(page.locator(".filters-panel")).not_to_have_attribute("open", "")
    expect(page.locator("#result-count")).to_be_in_viewport()
    assert page.url.endswith("#results")


def test_on_a_wide_screen_the_way_to_the_results_is_not_needed(page: Page):
    page.goto("/?q=migrant")
    expect(page.locator(".show-results")).to_be_hidden()
