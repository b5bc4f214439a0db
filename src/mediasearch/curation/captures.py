"""Parses text captures of the ILO listing and of single-item pages into dated items."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from mediasearch.errors import CaptureError

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "janvier", "enero"),
            ("february", "février", "febrero"),
            ("march", "mars", "marzo"),
            ("april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("june", "juin", "junio"),
            ("july", "juillet", "julio"),
            ("august", "août", "agosto"),
            ("september", "septembre", "septiembre"),
            ("october", "octobre", "octubre"),
            ("november", "novembre", "noviembre"),
            ("december", "décembre", "diciembre"),
        ],
        start=1,
    )
    for name in names
}
_ENGLISH = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_HEADER = re.compile(rf"^({_ENGLISH}) (\d{{4}})$")
DATE_LINE = re.compile(rf"^(\d{{1,2}}) ({_ENGLISH}) (\d{{4}})$")
NUMBERED = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
# A single-item page states its date after a label, in the page's language:
# "Date issued: 17 December 2010 |", "Date de parution: 16 décembre 2015", "Presentation | ...".
PAGE_DATE = re.compile(r"^[^\d|:]{2,40}[:|]\s*(\d{1,2}) (?:de )?([^\W\d_]+) (?:de )?(\d{4})\b")
#: Text a complete description ends with; a capture's last description ending otherwise was cut.
FINAL_PUNCTUATION = tuple(".?!…\"”’')]")


@dataclass(frozen=True)
class CapturedItem:
    """One complete item read from a capture."""

    title: str
    date: datetime.date
    description: str
    path: str
    line: int
    #: The item's own address, known only from a single-item page.
    url: str | None = None
    #: The capture cut the description off; title and date are whole.
    description_cut: bool = False


@dataclass(frozen=True)
class CutItem:
    """An item the capture's length limit cut off: what survives of it, and why it is refused."""

    text: str
    path: str
    line: int
    reason: str
    month: tuple[int, int] | None = None
    date: datetime.date | None = None
    description: str = ""


@dataclass
class Capture:
    """Everything read from one capture file."""

    path: str
    #: The capture's URL line, or its file name when it has none (an address is never guessed).
    source: str
    items: list[CapturedItem] = field(default_factory=list)
    cut: list[CutItem] = field(default_factory=list)
    #: (line, message) for text that could not be read as part of an item.
    unreadable: list[tuple[int, str]] = field(default_factory=list)
    #: (line, message) for items read but worth a curator's look.
    warnings: list[tuple[int, str]] = field(default_factory=list)


def read_capture(path: Path) -> Capture:
    """Read and parse one capture file, or raise CaptureError if it cannot be read at all."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CaptureError(f"{path}: cannot read capture: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise CaptureError(f"{path}: not UTF-8 text (byte {error.start})") from None
    return parse_capture(text, str(path))


def parse_capture(text: str, path: str) -> Capture:
    """Parse a listing capture (numbered or dash-bulleted) or a single-item page."""
    lines = text.splitlines()
    url = None
    if lines and lines[0].startswith("URL:"):
        url = lines[0][4:].strip()
    capture = Capture(path=path, source=url or Path(path).name)
    numbered = [(n, line.strip()) for n, line in enumerate(lines, 1) if n > 1 or url is None]
    if any(NUMBERED.match(line) or line == "-" for _, line in numbered):
        _parse_listing(numbered, capture)
    else:
        _parse_page(numbered, capture, url)
    return capture


def _parse_listing(lines: list[tuple[int, str]], capture: Capture) -> None:
    """Split the listing into month groups and items, then read each item's lines."""
    month: tuple[int, int] | None = None
    current: list[tuple[int, str]] | None = None
    groups: list[tuple[tuple[int, int] | None, int, list[tuple[int, str]]]] = []
    seen_item = False
    for number, line in lines:
        if not line:
            continue
        header = MONTH_HEADER.match(line)
        numbered = NUMBERED.match(line)
        if header:
            month = (int(header.group(2)), MONTHS[header.group(1).lower()])
            current = None
        elif numbered or line == "-":
            current = [(number, numbered.group(2))] if numbered else []
            groups.append((month, number, current))
            seen_item = True
        elif current is not None:
            current.append((number, line))
        elif seen_item or month is not None:
            # Text under a month header but before its first item: nothing to attach it to.
            capture.unreadable.append((number, f"text outside any item: {_clip(line)!r}"))
        # Before the first month header and item, a line is the page's own title.
    for index, (group_month, marker, item_lines) in enumerate(groups):
        last = index == len(groups) - 1
        _read_item(item_lines, group_month, marker, last, capture)


def _read_item(
    lines: list[tuple[int, str]],
    month: tuple[int, int] | None,
    marker: int,
    last: bool,
    capture: Capture,
) -> None:
    """Read one item's lines: optional credit, title, date line, optional description.

    Only the capture's last item can have been cut by its length limit: it is cut when it has
    no date line, or when its description stops without final punctuation.
    """
    if lines and lines[0][1].startswith("©"):
        lines = lines[1:]  # a photo credit: its year is the picture's, not the item's date
    if not lines:
        reason = "nothing but an item marker"
        if last:
            capture.cut.append(CutItem("", capture.path, marker, reason, month))
        else:
            capture.unreadable.append((marker, reason))
        return
    line, title = lines[0]
    dates = [i for i, (_, text) in enumerate(lines) if DATE_LINE.match(text)]
    if not dates or dates[0] != 1:
        reason = "no date line" if not dates else "no date line after the title"
        if last and not dates:
            capture.cut.append(CutItem(title, capture.path, line, reason, month))
        else:
            capture.unreadable.append((line, f"{reason}: {_clip(title)!r}"))
        return
    match = DATE_LINE.match(lines[1][1])
    assert match is not None  # dates[0] == 1 found this line to be a date line
    try:
        date = _date(*match.groups())
    except ValueError:
        capture.unreadable.append((lines[1][0], f"not a real date: {lines[1][1]!r}"))
        return
    rest = lines[2:]
    if len(dates) > 1:
        # A second date line inside one item: an item whose title is missing follows.
        stray = lines[dates[1]]
        capture.unreadable.append(
            (stray[0], f"a date line with no title above it; its text is not imported: {stray[1]}")
        )
        rest = lines[2 : dates[1]]
    description = "\n\n".join(text for _, text in rest)
    if last and len(dates) == 1 and description and not description.endswith(FINAL_PUNCTUATION):
        reason = "description cut off mid-text"
        capture.cut.append(CutItem(title, capture.path, line, reason, month, date, description))
        return
    if month is not None and (date.year, date.month) != month:
        capture.warnings.append((line, f"dated {date} under the header for {month[1]}/{month[0]}"))
    if title.endswith(".") and len(title.split()) > 6:
        capture.warnings.append((line, f"the title reads like a sentence: {_clip(title)!r}"))
    capture.items.append(CapturedItem(title, date, description, capture.path, line))


def _parse_page(lines: list[tuple[int, str]], capture: Capture, url: str | None) -> None:
    """A single-item page: [section,] title, description, then a labelled date line."""
    text_lines = [(number, line) for number, line in lines if line]
    for index, (_, line) in enumerate(text_lines):
        match = PAGE_DATE.match(line)
        if not match or match.group(2).lower() not in MONTHS:
            continue
        before = text_lines[:index]
        if not before:
            break
        try:
            date = _date(*match.groups())
        except ValueError:
            break
        title_line, title = before[-2] if len(before) > 1 else before[-1]
        description = before[-1][1] if len(before) > 1 else ""
        capture.items.append(CapturedItem(title, date, description, capture.path, title_line, url))
        return
    capture.unreadable.append((1, "neither listing items nor a dated single-item page"))


def _date(day: str, month: str, year: str) -> datetime.date:
    return datetime.date(int(year), MONTHS[month.lower()], int(day))


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
