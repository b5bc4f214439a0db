"""The security headers every response carries, declared once, and CORS on the read-only API."""

from __future__ import annotations

from flask import Response, g, request

#: No inline script or style, nothing from elsewhere, never framed, forms only to this site.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    # Full addresses within the site (the entry page's way back to its search), none outside.
    "Referrer-Policy": "same-origin",
    # The API returns user text as JSON: never let a browser read it as HTML.
    "X-Content-Type-Options": "nosniff",
    # frame-ancestors for browsers that predate it.
    "X-Frame-Options": "DENY",
}

#: The API only reads, so any site may call it from a browser.
API_PREFIX = "/api/"
#: Names the index generation that answered, so a client or a load test can check an answer
#: against the catalogue that generation was built from.
GENERATION_HEADER = "X-Mediasearch-Generation"


def is_api_path(path: str) -> bool:
    """Whether a URL path belongs to the JSON API."""
    return path == API_PREFIX.rstrip("/") or path.startswith(API_PREFIX)


def add_security_headers(response: Response) -> Response:
    """The headers above on every response, CORS ``*`` on the API's, and the generation."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if "generation" in g:
        response.headers[GENERATION_HEADER] = g.generation.name
    if is_api_path(request.path):
        response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response
