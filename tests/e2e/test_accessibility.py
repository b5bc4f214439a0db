"""axe-core on the search, entry and error pages (no serious or critical violations), and the
screenshots of the main pages at phone and desktop widths, saved as test artifacts."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest
from e2e_helpers import DESKTOP, PHONE
from playwright.sync_api import Browser, Page

from mediasearch.catalogue.entries import Entry

#: axe-core as vendored by axe-playwright-python: injected from disk, never from a CDN.
AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()

PAGES = {
    "search": ("/", 200),
    "search-query": ("/?q=fair+recruitment&topic=fair-recruitment&year_from=2015", 200),
    "search-no-results": ("/?q=recruitment&country=KGZ", 200),
    "search-did-you-mean": ("/?q=recrutment", 200),
    # No entry has every word: the fallback notice, and people marked on the cards.
    "search-fallback": ("/?q=guy+ryder+podcast+nepal", 200),
    # Results over many years: the histogram's labels at their most crowded.
    "search-many-years": ("/?q=labor+migration", 200),
    # The entry with the most metadata, filled in by the fixture (curators keep editing).
    "entry": ("/entries/{rich}", 200),
    "error-400": ("/?year_from=abc", 400),
    "error-404": ("/entries/no-such-entry", 404),
    # The coverage page: tables, the histogram and the map of the whole archive.
    "about": ("/about", 200),
}


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the current page, one line each."""
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


#: Every page at desktop width; the two main pages at phone width too (axe is slow: ~2 s a run).
CHECKS = [(name, DESKTOP) for name in PAGES] + [
    ("search", PHONE),
    ("entry", PHONE),
    ("about", PHONE),
]


@pytest.mark.parametrize(
    ("name", "viewport"), CHECKS, ids=[f"{name}-{vp['width']}" for name, vp in CHECKS]
)
def test_no_serious_violations(page: Page, rich_entry: Entry, name: str, viewport: dict):
    url, status = PAGES[name]
    url = url.format(rich=rich_entry.id)
    page.set_viewport_size(viewport)
    response = page.goto(url)
    assert response is not None and response.status == status
    # Open every folded part, so what it hides is checked too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert serious_violations(page) == []


def test_no_index_page(browser: Browser, no_index_url: str):
    context = browser.new_context(base_url=no_index_url, viewport=DESKTOP)
    page = context.new_page()
    response = page.goto("/")
    assert response is not None and response.status == 503
    assert "mediasearch index" in page.locator("pre.command").inner_text()
    assert serious_violations(page) == []
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots(page: Page, rich_entry: Entry, screenshots: Path, viewport: dict):
    page.set_viewport_size(viewport)
    width = viewport["width"]
    shots = ("search", "search-query", "search-fallback", "search-many-years", "search-no-results")
    for name in (*shots, "entry", "error-400", "about"):
        page.goto(PAGES[name][0].format(rich=rich_entry.id))
        path = screenshots / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
    # Nothing may stick out sideways on a phone.
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
