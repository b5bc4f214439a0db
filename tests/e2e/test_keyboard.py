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
    expect(page.locator(".skip-link[href='#main']")).to_be_focused()
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


def test_second_skip_link_jumps_past_the_filters_to_the_results(page: Page):
    page.goto("/?q=migrant")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    link = page.locator(".skip-link[href='#results']")
    expect(link).to_be_focused()
    expect(link).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results"
    # The next Tab lands in the results, not in the filters.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#results') !== null")


def luminance(rgb: tuple[float, ...]) -> float:
    """WCAG relative luminance of an sRGB colour."""
    channels = [c / 255 for c in rgb[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colour(css: str) -> tuple[float, ...]:
    """An rgb()/rgba() computed colour as numbers."""
    return tuple(float(n) for n in re.findall(r"[\d.]+", css)[:3])


def test_focus_ring_contrasts_3_to_1_on_the_page_and_the_header(page: Page):
    page.goto("/")
    tab_to(page, ".brand")
    header = page.locator(".site-header").evaluate("h => getComputedStyle(h).backgroundColor")
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineColor, s.boxShadow]; }"
    )
    outer = colour(ring[0])
    inner = colour(ring[1]) if "rgb" in ring[1] else outer
    white = (255.0, 255.0, 255.0)
    # WCAG technique C40: two rings 9:1 apart, so one of them shows on any background.
    assert contrast(outer, inner) >= 9
    assert max(contrast(outer, white), contrast(inner, white)) >= 3
    assert max(contrast(outer, colour(header)), contrast(inner, colour(header))) >= 3
    assert focus_is_visible(page)


def test_keyboard_opens_an_entry(page: Page):
    page.goto("/?q=domestic+workers")
    tab_to(page, ".result-title a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/entries/"))
    expect(page.locator("h1.entry-title")).to_be_visible()
