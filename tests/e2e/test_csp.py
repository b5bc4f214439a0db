"""The strict Content-Security-Policy in Chromium: every page works under it, none violates it.

The ``page`` fixture fails any test whose page reports a violation; these tests visit every
kind of page and use its JavaScript, and check that a violation would indeed be caught.
"""

from __future__ import annotations

import re

from e2e_helpers import settled, total, watch_csp
from playwright.sync_api import Page, expect

from mediasearch.web.headers import CONTENT_SECURITY_POLICY


def test_pages_are_served_with_the_policy(page: Page):
    response = page.goto("/")
    assert response is not None
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_the_search_page_works_with_javascript_under_the_policy(page: Page):
    page.goto("/")
    page.fill("#q", "recruitment")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"[?&]q=recruitment"))
    settled(page)
    before = total(page)
    page.locator(".facet input[type=checkbox]").first.check()
    settled(page)
    assert 0 < total(page) <= before
    # The facet filter boxes are shown by the script; the histogram is styled by the sheet.
    expect(page.locator(".histogram .column").first).to_be_visible()
    box = page.locator(".facet-filter").first
    if box.count():
        expect(box).to_be_visible()


def test_entry_status_and_error_pages_under_the_policy(page: Page, rich_entry):
    page.goto(f"/entries/{rich_entry.id}")
    expect(page.locator("h1")).to_have_text(rich_entry.title)
    page.goto("/status")
    expect(page.locator("h1")).to_have_text("Index status")
    page.goto("/?year_from=abc")
    expect(page.locator(".error-status")).to_have_text("Error 400")
    page.goto("/entries/no-such-entry")
    expect(page.locator(".error-status")).to_have_text("Error 404")


def test_a_violation_would_be_caught(js_context, base_url):
    """The watcher is not blind: an inline style set by script is reported."""
    page = js_context.new_page()
    violations = watch_csp(page)
    page.goto("/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    page.close()
    assert any("style-src" in text or "inline style" in text for text in violations), violations
