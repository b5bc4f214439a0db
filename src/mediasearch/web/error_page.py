"""The error page's context: one template for every status, with a way on where there is one."""

from __future__ import annotations

from dataclasses import dataclass

from mediasearch.web.links import Link


@dataclass(frozen=True)
class ErrorContext:
    """What the one error template prints."""

    status: int
    title: str
    message: str
    #: The command that fixes it (503: build the index).
    command: str | None = None
    #: The query to keep in the search box, so the form offers a way on.
    q: str = ""
    show_form: bool = True
    #: A narrower search that would run (a query refused as too broad, without its wildcards).
    instead: Link | None = None


ERROR_TITLES = {
    400: "That search could not be read",
    404: "Not found",
    405: "Method not allowed",
    500: "Something went wrong",
    503: "Search is not available yet",
}


def error_context(
    status: int,
    message: str,
    *,
    command: str | None = None,
    q: str = "",
    title: str | None = None,
    instead: Link | None = None,
) -> ErrorContext:
    """The context of an error page for a status."""
    return ErrorContext(
        status=status,
        title=title or ERROR_TITLES.get(status, "Error"),
        message=message,
        command=command,
        q=q,
        show_form=status != 503,
        instead=instead,
    )
