"""The world map in a real browser: a click filters by country, with and without JavaScript,
and by keyboard; the URL follows and the back button undoes it."""

from __future__ import annotations

import re
from pathlib import Path

from e2e_helpers import DESKTOP, PHONE, args, mark_document, settled, total, was_reloaded
from playwright.sync_api import Page, expect

COUNTRY = 'a.country[data-country="{code}"]'


def map_link(page: Page, code: str):
    return page.locator(COUNTRY.format(code=code))


def test_click_a_country_to_filter_and_back(page: Page):
    page.goto("/?q=fair+recruitment")
    before = total(page)
    nepal = map_link(page, "NPL")
    expect(nepal).to_have_attribute("aria-label", "Nepal: 1 result")
    mark_document(page)
    nepal.click()
    page.wait_for_url(lambda url: "country=NPL" in url)
    settled(page)
    assert not was_reloaded(page), "the map swaps results in place"
    assert args(page) == {"q": ["fair recruitment"], "country": ["NPL"]}
    assert total(page) == 1
    expect(page.locator("#f-country-NPL")).to_be_checked()
    expect(page.locator(".chip", has_text="Country: Nepal")).to_be_visible()
    # The same country on the map now says it is selected (its link takes the filter off).
    expect(map_link(page, "NPL")).to_have_class(re.compile(r"\bis-selected\b"))
    expect(map_link(page, "NPL")).to_have_attribute("aria-label", "Nepal: 1 result (selected)")
    page.go_back()
    page.wait_for_url(lambda url: "country=" not in url)
    settled(page)
    assert total(page) == before
    expect(page.locator("#f-country-NPL")).not_to_be_checked()


def test_a_small_country_is_a_dot_that_can_be_clicked(page: Page):
    page.goto("/")
    lebanon = map_link(page, "LBN")
    expect(lebanon.locator("circle.dot")).to_be_visible()
    lebanon.locator("circle.dot").click()
    page.wait_for_url(lambda url: "country=LBN" in url)
    settled(page)
    expect(page.locator(".chip", has_text="Country: Lebanon")).to_be_visible()


def test_without_javascript_the_map_is_plain_links(nojs_page: Page):
    page = nojs_page
    page.goto("/?q=refugees")
    with page.expect_navigation():
        map_link(page, "JOR").locator("circle.dot").click()
    assert args(page) == {"q": ["refugees"], "country": ["JOR"]}
    expect(page.locator("#f-country-JOR")).to_be_checked()
    with page.expect_navigation():
        map_link(page, "JOR").locator("circle.dot").click()
    assert args(page) == {"q": ["refugees"]}
    page.go_back()
    assert args(page) == {"q": ["refugees"], "country": ["JOR"]}


def test_keyboard_focus_shows_the_name_and_enter_filters(page: Page):
    page.goto("/?q=domestic+workers")
    first = page.locator(".world-map a.country").first
    code = first.get_attribute("data-country")
    # Tab from the map's summary reaches the countries in order.
    page.locator(".map-panel > summary").focus()
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    expect(first.locator(".map-label")).to_be_visible()
    expect(first.locator(".map-label")).to_have_text(first.get_attribute("aria-label"))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: f"country={code}" in url)
    settled(page)
    expect(page.locator(f"#f-country-{code}")).to_be_checked()


def test_the_coverage_page_map_links_to_each_country(page: Page):
    page.goto("/about")
    jordan = map_link(page, "JOR")
    expect(jordan).to_have_attribute("href", "/?country=JOR")
    with page.expect_navigation():
        jordan.locator("circle.dot").click()
    assert args(page) == {"country": ["JOR"]}


def test_map_screenshots(page: Page, screenshots: Path):
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto("/?q=migrant+workers&country=JOR")
        page.evaluate("document.querySelectorAll('.map-panel').forEach(d => d.open = true)")
        panel = page.locator(".map-panel")
        path = screenshots / f"map-{viewport['width']}.png"
        panel.screenshot(path=str(path))
        assert path.stat().st_size > 5_000
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_an_entry_page_map_leads_to_its_countries_media(page: Page):
    page.goto("/?country=NPL")
    with page.expect_navigation():
        page.locator(".result-title a").first.click()
    nepal = page.locator('.entry-map a.country[data-country="NPL"]')
    expect(nepal).to_have_attribute("aria-label", "Nepal: all media on Nepal")
    with page.expect_navigation():
        nepal.click()
    assert args(page) == {"country": ["NPL"]}
