"""End-to-end fixtures: the real catalogue indexed, the real app served, Debian's Chromium.

Chromium missing is a failure, not a skip: a browser suite that silently skips proves nothing.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import DESKTOP, watch_csp
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from werkzeug.serving import make_server

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.loading import Catalogue, load_catalogue
from mediasearch.index.build import build_index
from mediasearch.settings import PROJECT_ROOT
from mediasearch.web.app import create_app

#: Debian's Chromium; CHROMIUM=/path overrides it (another distribution's build).
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
REAL_ENTRIES = PROJECT_ROOT / "data" / "entries.yaml"
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def real_catalogue() -> Catalogue:
    """The real catalogue, validated."""
    return load_catalogue(REAL_ENTRIES)


@pytest.fixture(scope="session")
def rich_entry(real_catalogue: Catalogue) -> Entry:
    """The entry with the most metadata, so its page shows every kind of field.

    Chosen, not named: curators keep editing the catalogue.
    """

    def richness(entry: Entry) -> int:
        tags = [entry.facet_keys(facet) for facet in ("country", "region", "project")]
        fields = (*tags, entry.sources, entry.notes)
        return sum(bool(value) for value in fields)

    return max(real_catalogue.entries, key=richness)


@pytest.fixture(scope="session")
def real_index(real_catalogue: Catalogue, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real catalogue indexed into a temporary directory."""
    index_dir = tmp_path_factory.mktemp("e2e-index")
    build_index(real_catalogue, index_dir)
    return index_dir


def _serve(app) -> Iterator[str]:
    """Serve a WSGI app on 127.0.0.1 at a free port in a background thread."""
    # The request log would drown pytest's output; errors still show.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="session")
def base_url(real_index: Path) -> Iterator[str]:
    """The real app over the real catalogue's index."""
    yield from _serve(create_app({"INDEX_DIR": real_index, "ENTRIES_PATH": REAL_ENTRIES}))


@pytest.fixture(scope="session")
def no_index_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app before any index is built (every page is the 503 page)."""
    empty = tmp_path_factory.mktemp("no-index")
    yield from _serve(create_app({"INDEX_DIR": empty, "ENTRIES_PATH": REAL_ENTRIES}))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium; never a downloaded browser."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _watch(page: Page, base_url: str) -> list[str]:
    """The list of requests the page makes off the served origin (the app must work offline)."""
    outside: list[str] = []

    def check(request) -> None:
        if not request.url.startswith((base_url, "data:", "about:")):
            outside.append(request.url)

    page.on("request", check)
    return outside


# Assertions wait as long as actions do (Playwright's default is 5 s): a loaded 2-core machine
# can take that long to swap results; a passing step takes well under a second.
expect.set_options(timeout=10_000)


def _new_context(browser: Browser, base_url: str, **options) -> BrowserContext:
    context = browser.new_context(base_url=base_url, viewport=DESKTOP, **options)
    # Generous for a loaded CI machine; a passing step takes well under a second.
    context.set_default_timeout(10_000)
    return context


# One context per session and a fresh page per test: the app keeps no cookies or storage, and
# a new context per test costs more than the test itself on a small machine.
@pytest.fixture(scope="session")
def js_context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """A browser context with JavaScript on."""
    context = _new_context(browser, base_url)
    yield context
    context.close()


@pytest.fixture(scope="session")
def nojs_context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """A browser context with JavaScript disabled."""
    context = _new_context(browser, base_url, java_script_enabled=False)
    yield context
    context.close()


@pytest.fixture
def page(js_context: BrowserContext, base_url: str) -> Iterator[Page]:
    """A page with JavaScript on; fails the test on a script error, a CSP violation or an
    outside request."""
    page = js_context.new_page()
    outside = _watch(page, base_url)
    violations = watch_csp(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == [], errors
    assert violations == [], violations
    assert outside == [], outside


@pytest.fixture
def nojs_page(nojs_context: BrowserContext, base_url: str) -> Iterator[Page]:
    """A page with JavaScript disabled: everything must work through plain links and forms."""
    page = nojs_context.new_page()
    outside = _watch(page, base_url)
    yield page
    page.close()
    assert outside == [], outside


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where screenshots are saved as test artifacts (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
