"""Keyboard-only use: Tab to the search box, type, Enter, Tab to a facet, Space."""

from __future__ import annotations

import re

from e2e_helpers import args, settled, total
from playwright.sync_api import Page, expect


def tab_to(page: Page, selector: str, limit: int = 80) -> int:
    """Press Tab until the element matching selector has focus; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} never got focus in {limit} Tab presses")


def focus_is_visible(page: Page) -> bool:
    """Whether the focused element shows a focus outline."""
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }"
    )


def test_keyboard_only_search_and_facet(page: Page):
    page.goto("/")
    # The skip link comes first and is visible when focused.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    assert focus_is_visible(page)
    assert tab_to(page, "#q") <= 3
    assert focus_is_visible(page)
    page.keyboard.type("migrant workers")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=migrant\+workers"))
    settled(page)
    before = total(page)
    tab_to(page, "fieldset[data-facet=topic] input[type=checkbox]")
    focused = page.evaluate("document.activeElement.id")
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"topic="))
    settled(page)
    expect(page.locator(f"#{focused}")).to_be_checked()
    expect(page.locator(f"#{focused}")).to_be_focused()
    assert total(page) <= before
    assert args(page)["q"] == ["migrant workers"]


def test_skip_link_moves_focus_to_the_main_content(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_opens_an_entry(page: Page):
    page.goto("/?q=domestic+workers")
    tab_to(page, ".result-title a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/entries/"))
    expect(page.locator("h1.entry-title")).to_be_visible()
