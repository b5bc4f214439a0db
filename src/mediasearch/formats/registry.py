"""The output formats, by name: downloads, citations, pages and the API description list these.

Adding a format is one ``OutputFormat`` declaration passed to ``register_format`` (or listed in
``BUILT_IN``): the search page offers it, ``/export/<name>`` serves it and, when it is citable,
every entry page links ``/entries/<id>/citation.<extension>``.
"""

from __future__ import annotations

from mediasearch.formats.atom import ATOM_FEED
from mediasearch.formats.citations import BIBTEX, CSL_JSON, RIS
from mediasearch.formats.output_format import OutputFormat
from mediasearch.formats.tabular import CSV, JSON

BUILT_IN = (CSV, JSON, RIS, BIBTEX, CSL_JSON, ATOM_FEED)

#: Every format by name, in the order pages list them.
FORMATS: dict[str, OutputFormat] = {}


def register_format(output_format: OutputFormat) -> OutputFormat:
    """Add a format; its name, and its extension among citations, must be new."""
    if output_format.name in FORMATS:
        raise ValueError(f"an output format is already named {output_format.name!r}")
    if output_format.citable and citation_format(output_format.extension) is not None:
        raise ValueError(f"a citation format already uses .{output_format.extension}")
    FORMATS[output_format.name] = output_format
    return output_format


def get_format(name: str) -> OutputFormat | None:
    """The format with this name, or None."""
    return FORMATS.get(name)


def offered_formats() -> tuple[OutputFormat, ...]:
    """The formats a search page offers as downloads."""
    return tuple(output_format for output_format in FORMATS.values() if output_format.offered)


def citable_formats() -> tuple[OutputFormat, ...]:
    """The formats an entry page offers as citation files."""
    return tuple(output_format for output_format in FORMATS.values() if output_format.citable)


def citation_format(extension: str) -> OutputFormat | None:
    """The citable format with this file extension, or None."""
    return next((f for f in citable_formats() if f.extension == extension), None)


for _format in BUILT_IN:
    register_format(_format)
