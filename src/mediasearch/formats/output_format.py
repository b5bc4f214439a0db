"""What declares an output format: its name, label, file extension, media type and renderer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mediasearch.catalogue.entries import Entry
from mediasearch.catalogue.vocabulary import Vocabulary

#: Builds the absolute address of an entry's page on this site from its id.
PageUrl = Callable[[str], str]


@dataclass(frozen=True)
class ExportContext:
    """What a renderer may need besides the entries: labels, addresses, a feed's own links."""

    vocabulary: Vocabulary
    page_url: PageUrl
    #: A feed's title, its own address and the search page it follows (feeds only).
    title: str = ""
    self_url: str = ""
    search_url: str = ""


#: Turns entries into the text of one file.
Renderer = Callable[[Sequence[Entry], ExportContext], str]


@dataclass(frozen=True)
class OutputFormat:
    """One output format, declared once: downloads, citations, pages and docs read it."""

    #: The URL name: /export/<name>.
    name: str
    #: What a reader sees on a link: "BibTeX".
    label: str
    #: The file extension, without the dot; citations are /entries/<id>/citation.<extension>.
    extension: str
    media_type: str
    render: Renderer
    #: Whether one entry in it is a citation a reference manager imports.
    citable: bool = False
    #: Whether a search page offers it among its downloads (a feed has a link of its own).
    offered: bool = True
    #: The charset parameter of the Content-Type; None where the format names its own
    #: encoding (JSON is UTF-8 by definition, XML declares it).
    charset: str | None = "utf-8"

    @property
    def content_type(self) -> str:
        """The Content-Type header of a download, with exactly one charset."""
        return f"{self.media_type}; charset={self.charset}" if self.charset else self.media_type
