"""Pages read through a real HTML parser, so tests assert on elements and text, not on markup."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

#: A parsed page or one element of it: both answer CSS selectors and give their text.
Html = LexborHTMLParser | LexborNode


def parse_html(html: str) -> LexborHTMLParser:
    """The document tree of a page, as a browser's parser (lexbor) builds it."""
    return LexborHTMLParser(html)


def text_of(node: Html) -> str:
    """The text a screen reader is given for a node, whitespace collapsed."""
    return " ".join((node.text() or "").split())


def one(node: Html, selector: str) -> LexborNode:
    """The one element a CSS selector finds (a test fails when there is none or several)."""
    found = node.css(selector)
    assert len(found) == 1, (selector, len(found))
    return found[0]


def attribute(node: LexborNode, name: str) -> str:
    """An attribute's value, decoded ("" for one given without a value, like ``checked``)."""
    assert name in node.attributes, (node.tag, name)
    return node.attributes[name] or ""


def links(node: Html, selector: str = "a") -> list[tuple[str, str]]:
    """(href, text) of every link the selector finds, in page order."""
    return [(attribute(a, "href"), text_of(a)) for a in node.css(selector)]
