"""The entry page's citation in Chromium: a copy button with JavaScript, selectable text without."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect


def test_copy_button_puts_the_citation_on_the_clipboard(page: Page, base_url: str, rich_entry):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    try:
        page.goto(f"/entries/{rich_entry.id}")
        citation = page.locator("#citation-text").inner_text()
        assert citation.startswith("International Labour Organization. (")
        assert rich_entry.title in citation
        page.get_by_role("button", name="Copy citation").click()
        expect(page.get_by_role("status")).to_have_text("Citation copied.")
        assert page.evaluate("navigator.clipboard.readText()") == citation
    finally:
        page.context.clear_permissions()
    # The JSON-LD is read as data under the strict CSP (the fixture fails on any violation).
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["name"] == rich_entry.title


def test_without_clipboard_access_the_citation_is_selected(page: Page, rich_entry):
    page.goto(f"/entries/{rich_entry.id}")
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.get_by_role("button", name="Copy citation").click()
    expect(page.get_by_role("status")).to_contain_text("press Ctrl+C")
    selected = page.evaluate("window.getSelection().toString()")
    assert selected == page.locator("#citation-text").inner_text()


def test_without_javascript_the_citation_is_text_to_select(nojs_page: Page, rich_entry):
    nojs_page.goto(f"/entries/{rich_entry.id}")
    expect(nojs_page.locator("#citation-text")).to_contain_text(rich_entry.title)
    expect(nojs_page.get_by_role("button", name="Copy citation")).to_have_count(0)
    expect(nojs_page.locator(".citations a[download]")).to_have_count(3)


def test_a_cut_description_says_so(nojs_page: Page):
    nojs_page.goto("/entries/syrian-child-labour-in-jordan")
    expect(nojs_page.locator(".entry-description")).to_have_text("The ILO response plan to the…")
    expect(nojs_page.locator(".description-cut")).to_have_text(
        "Description cut off in the source listing: this is all of it the capture holds."
    )
