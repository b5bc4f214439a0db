"""Helpers the browser tests share: reading results off a page, waiting for in-page updates."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def args(page: Page) -> dict[str, list[str]]:
    """The current URL's query arguments."""
    return parse_qs(urlsplit(page.url).query)


def result_dates(page: Page) -> list[str]:
    """The ISO dates of the results shown, in order."""
    return page.locator(".result-list .result-meta time").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('datetime'))"
    )


def result_titles(page: Page) -> list[str]:
    """The titles of the results shown, in order."""
    return page.locator(".result-title a").all_inner_texts()


def total(page: Page) -> int:
    """The total the result count heading states ("1–20 of 56 results" -> 56)."""
    heading = page.locator("#result-count").inner_text()
    if heading.startswith("No results"):
        return 0
    return int(re.findall(r"[\d,]+", heading)[-1].replace(",", ""))


def mark_document(page: Page) -> None:
    """Tag the live document, so a test can tell an in-page update from a reload."""
    page.evaluate("window.__notReloaded = true")


def was_reloaded(page: Page) -> bool:
    """Whether the document was replaced since mark_document."""
    return not page.evaluate("window.__notReloaded === true")


def settled(page: Page) -> None:
    """Wait until no in-page search update is in flight."""
    # A locator assertion, not wait_for_function: that evaluates a string, which the strict
    # Content-Security-Policy (no 'unsafe-eval') refuses.
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bis-loading\b"))


#: Run in every document before its own scripts: each CSP violation is logged to the console.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def watch_csp(page: Page) -> list[str]:
    """The Content-Security-Policy violations the page reports, as they happen."""
    violations: list[str] = []
    page.add_init_script(REPORT_CSP_VIOLATIONS)

    def check(message) -> None:
        if "CSP violation" in message.text or "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", check)
    return violations
