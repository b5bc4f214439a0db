"""Turns located YAML into Entry and Vocabulary objects, collecting every problem at once."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mediasearch.catalogue.entries import (
    ISO_DATE,
    REQUIRED_FIELDS,
    Entry,
    entry_fields,
)
from mediasearch.catalogue.facets import FacetDefinition, keyed_facets, tag_facets
from mediasearch.catalogue.located_yaml import Located
from mediasearch.catalogue.vocabulary import Term, Vocabulary
from mediasearch.errors import CatalogueError, Problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TERM_FIELDS = ("key", "label", "acronym", "aliases", "description")
#: Reports a problem with one field: (field, message, line=None).
ProblemSink = Callable[..., None]


def _vocabulary_facets() -> list[FacetDefinition]:
    """Facets listed in vocabulary.yaml, in the order entries write their fields."""
    order = entry_fields()
    listed = [definition for definition in keyed_facets() if definition.section]
    return sorted(listed, key=lambda definition: order.index(definition.entry_field))


def _tag_fields() -> dict[str, str]:
    """Entry field -> tag facet: the lists of vocabulary keys (topics -> topic)."""
    return {definition.entry_field: definition.name for definition in tag_facets()}


class Report:
    """Collects problems for one file, so a check can say what is wrong and carry on."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def add(
        self,
        line: int | None,
        message: str,
        entry_id: str | None = None,
        field: str | None = None,
    ) -> None:
        self.problems.append(Problem(self.path, line, message, entry_id, field))


@dataclass(frozen=True, slots=True)
class CheckedItem:
    """One list item of the entries file after its own checks: what the checks across need."""

    line: int
    #: The entry, or None if the item has problems of its own.
    entry: Entry | None
    #: The id that names the item in messages (its raw text), if it has an id field.
    entry_id: str | None
    #: The ids and former ids it claims, each with its field's line; None for a non-mapping.
    claims: tuple[tuple[str, int], ...] | None


def _did_you_mean(suggestion: str | None) -> str:
    return f" (did you mean {suggestion!r}?)" if suggestion else ""


def entries_from_yaml(
    root: Located | None, path: str, vocabulary: Vocabulary
) -> tuple[list[Entry], list[Problem]]:
    """Validate the entries file's content; return the good entries and every problem."""
    report = Report(path)
    if root is None:
        report.add(1, "the file is empty: expected a list of entries (write [] for none)")
        return [], report.problems
    if not isinstance(root.value, list):
        report.add(root.line, "expected a list of entries, each starting with '- id: ...'")
        return [], report.problems
    return check_across([check_item(item, report, vocabulary) for item in root.value], report)


def check_item(item: Located, report: Report, vocabulary: Vocabulary) -> CheckedItem:
    """Check one list item on its own, reporting its problems."""
    entry = _entry(item, report, vocabulary)
    if not isinstance(item.value, dict):
        return CheckedItem(item.line, entry, None, None)
    fields = item.value
    claims = []
    for name in ("id", "old_ids"):
        if name in fields:
            node = fields[name][1]
            values = node.value if isinstance(node.value, list) else [node]
            claims += [(v.value, fields[name][0]) for v in values if isinstance(v.value, str)]
    entry_id = claims[0][0] if claims and "id" in fields else None
    return CheckedItem(item.line, entry, entry_id, tuple(claims))


def check_across(items: list[CheckedItem], report: Report) -> tuple[list[Entry], list[Problem]]:
    """The checks across entries (unique ids and titles); the good entries and every problem."""
    entries = [item.entry for item in items if item.entry is not None]
    _check_unique_ids(items, report)
    _check_unique_titles(entries, report)
    # In line order, each problem once.
    problems = sorted(dict.fromkeys(report.problems), key=lambda problem: problem.line or 0)
    return entries, problems


def _entry(item: Located, report: Report, vocabulary: Vocabulary) -> Entry | None:
    if not isinstance(item.value, dict):
        report.add(item.line, "each entry must be a mapping of field: value")
        return None
    fields = item.value
    raw_id = fields.get("id", (item.line, Located(None, item.line)))[1].value
    entry_id = raw_id if isinstance(raw_id, str) and raw_id else None
    before = len(report.problems)

    def problem(name: str, message: str, line: int | None = None) -> None:
        """Report at the value's own line when known, else the field's, else the entry's."""
        line = line or (fields[name][0] if name in fields else item.line)
        report.add(line, message, entry_id, name)

    for name, line, first in item.duplicates:
        report.add(line, f"appears twice in this entry (first on line {first})", entry_id, name)
    known_fields = entry_fields()
    tag_fields = _tag_fields()
    for name in fields:
        if name not in known_fields:
            close = difflib.get_close_matches(name, known_fields, n=1)
            problem(name, "unknown field" + _did_you_mean(close[0] if close else None))
    for name in REQUIRED_FIELDS:
        if fields.get(name, (0, Located(None, 0)))[1].value in (None, "", []):
            problem(name, "required field is missing or empty" + _pending(name, fields))

    # Any: each value's type is checked field by field below, before Entry is built.
    values: dict[str, Any] = {}
    for name in ("id", "title", "type", "description", "url", "notes"):
        if name in fields:
            values[name] = _text(fields[name][1], name, problem)
    if "description_cut" in fields:
        values["description_cut"] = _flag(fields["description_cut"][1], "description_cut", problem)
    #: List field -> value -> the line it is written on (a block list has one per line).
    lines: dict[str, dict[str, int]] = {}
    for name in (*tag_fields, "people", "sources", "old_ids"):
        if name in fields:
            lines[name] = {}
            values[name] = _strings(fields[name][1], name, problem, lines[name])

    if values.get("id") and not SLUG.match(values["id"]):
        problem("id", "must be a lowercase slug of letters, digits and single hyphens")
    for old in values.get("old_ids", ()):
        if not SLUG.match(old):
            problem("old_ids", f"{old!r} is not a lowercase slug")
    if values.get("url") and not re.match(r"^https?://\S+$", values["url"]):
        problem("url", f"{values['url']!r} is not an http(s) address")
    for definition in keyed_facets():
        name, facet = definition.entry_field, definition.name
        keys = values.get(name)
        if not keys:
            continue
        for key in keys if definition.multiple else (keys,):
            if vocabulary.term(facet, key) is None:
                hint = _did_you_mean(vocabulary.nearest(facet, key))
                problem(name, f"unknown {facet} {key!r}{hint}", lines.get(name, {}).get(key))
    date = _date(fields["date"][1], problem) if "date" in fields else None
    suggested = (
        _suggested(fields["suggested"][1], problem, vocabulary) if "suggested" in fields else {}
    )

    if len(report.problems) > before or date is None:
        return None
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    tags = {facet: values.pop(name, ()) for name, facet in tag_fields.items()}
    return Entry(
        **{k: v for k, v in values.items() if v is not None},
        tags=tags,
        date=date,
        suggested=suggested,
        line=item.line,
    )


def _pending(name: str, fields: dict) -> str:
    """For an imported entry: point the curator at the suggestions waiting to be accepted."""
    suggested = fields.get("suggested", (0, Located(None, 0)))[1].value
    if not isinstance(suggested, dict) or name not in suggested:
        return ""
    keys = suggested[name][1].value
    names = (
        [key.value for key in keys if isinstance(key.value, str)] if isinstance(keys, list) else []
    )
    if not names:
        return ""
    return f" (suggested: {', '.join(names)}; move the right ones from 'suggested' to {name!r})"


def _text(node: Located, name: str, problem: ProblemSink) -> str | None:
    if node.value is None:
        return ""
    if not isinstance(node.value, str):
        problem(name, "must be text, not a list or mapping")
        return None
    return node.value.strip()


def _flag(node: Located, name: str, problem: ProblemSink) -> bool | None:
    """A yes-or-no field, written true or false (the reader reads every scalar as text)."""
    text = node.value.strip().lower() if isinstance(node.value, str) else None
    if text not in ("true", "false"):
        problem(name, f"must be true or false, not {node.value!r}")
        return None
    return text == "true"


def _strings(
    node: Located, name: str, problem: ProblemSink, lines: dict[str, int] | None = None
) -> list[str]:
    """The text values of a list field (one bare value counts as a list of one)."""
    lines = {} if lines is None else lines
    if node.value is None:
        problem(name, "empty value: remove the field or give at least one value")
        return []
    items = node.value if isinstance(node.value, list) else [node]
    if isinstance(node.value, dict):
        problem(name, "must be a list of text values")
        return []
    if isinstance(node.value, list) and not items:
        problem(name, "empty list: remove the field or give at least one value")
    result = []
    for item in items:
        if not isinstance(item.value, str) or not item.value.strip():
            problem(name, "every value must be non-empty text")
            continue
        if item.value.strip() in result:
            problem(name, f"{item.value.strip()!r} is listed twice", item.line)
            continue
        result.append(item.value.strip())
        lines[item.value.strip()] = item.line
    return result


def _date(node: Located, problem: ProblemSink) -> datetime.date | None:
    text = node.value
    if not isinstance(text, str) or not ISO_DATE.match(text):
        problem("date", f"{text!r} is not a date in YYYY-MM-DD form")
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        problem("date", f"{text!r} is not a real date")
        return None


def _suggested(
    node: Located, problem: ProblemSink, vocabulary: Vocabulary
) -> dict[str, tuple[str, ...]]:
    if not isinstance(node.value, dict):
        problem("suggested", "must map a tag field (topics, countries, ...) to a list of keys")
        return {}
    result = {}
    tag_fields = _tag_fields()
    for name, (_, values) in node.value.items():
        if name not in tag_fields:
            problem("suggested", f"{name!r} is not a tag field ({', '.join(tag_fields)})")
            continue
        keys = _strings(values, "suggested", problem)
        for key in keys:
            if vocabulary.term(tag_fields[name], key) is None:
                problem("suggested", f"unknown {tag_fields[name]} {key!r}")
        result[name] = tuple(keys)
    return result


def _check_unique_ids(items: list[CheckedItem], report: Report) -> None:
    """Ids and former ids are checked on every entry, even one with other problems."""
    first_line: dict[str, int] = {}
    for item in items:
        for name, line in item.claims or ():
            if name in first_line:
                message = f"id {name!r} is already used by the entry on line {first_line[name]}"
                report.add(line, message, item.entry_id, "id")
            else:
                first_line[name] = item.line


def _check_unique_titles(entries: list[Entry], report: Report) -> None:
    seen: dict[tuple[str, datetime.date], Entry] = {}
    for entry in entries:
        key = (entry.title_key, entry.date)
        if key in seen:
            other = seen[key]
            message = f"same title and date as entry {other.id!r} (line {other.line})"
            report.add(entry.line, message, entry.id, "title")
        else:
            seen[key] = entry


def vocabulary_from_yaml(root: Located | None, path: str) -> Vocabulary:
    """Validate vocabulary.yaml's content into a Vocabulary, or raise CatalogueError."""
    report = Report(path)
    sections = {d.section: d.name for d in _vocabulary_facets() if d.section is not None}
    terms: dict[str, dict[str, Term]] = {facet: {} for facet in sections.values()}
    if root is None or not isinstance(root.value, dict):
        line = root.line if root else 1
        report.add(line, f"expected a mapping with sections {', '.join(sections)}")
        raise CatalogueError(report.problems)
    sections_seen: set[str] = set()
    for section, (line, items) in root.value.items():
        facet = sections.get(section)
        if facet is not None and items.value:
            sections_seen.add(section)
        if facet is None:
            report.add(line, f"unknown section {section!r} ({', '.join(sections)})")
            continue
        if not isinstance(items.value, list):
            report.add(line, f"section {section!r} must be a list of terms")
            continue
        for item in items.value:
            term = _term(item, section, report)
            if term is None:
                continue
            if term.key in terms[facet]:
                report.add(item.line, f"key {term.key!r} is listed twice", field=section)
            terms[facet][term.key] = term
    # The facets every entry must give a key of need terms to give.
    for definition in _vocabulary_facets():
        section = definition.section
        if definition.entry_field in REQUIRED_FIELDS and section not in sections_seen:
            report.add(1, f"section {section!r} is missing or empty")
    if report.problems:
        raise CatalogueError(report.problems)
    return Vocabulary(terms)


def _term(item: Located, section: str, report: Report) -> Term | None:
    if not isinstance(item.value, dict):
        report.add(item.line, "each term must be a mapping with key and label", field=section)
        return None
    fields = {name: value for name, (_, value) in item.value.items()}
    before = len(report.problems)
    for name in fields:
        if name not in TERM_FIELDS:
            report.add(item.line, f"unknown term field {name!r}", field=section)
    key, label = fields.get("key"), fields.get("label")
    if key is None or not isinstance(key.value, str) or not SLUG.match(key.value):
        report.add(item.line, "every term needs a lowercase slug 'key'", field=section)
    if label is None or not isinstance(label.value, str) or not label.value.strip():
        report.add(item.line, "every term needs a 'label'", field=section)
    aliases = fields.get("aliases")
    alias_values = aliases.value if aliases is not None and aliases.value is not None else []
    if not isinstance(alias_values, list) or any(
        not isinstance(a.value, str) for a in alias_values
    ):
        report.add(item.line, "'aliases' must be a list of names", field=section)
        alias_values = []
    if len(report.problems) > before or key is None or label is None:
        return None
    return Term(
        key=key.value,
        label=label.value.strip(),
        aliases=tuple(a.value.strip() for a in alias_values),
        acronym=_optional_text(fields.get("acronym")) or None,
        description=_optional_text(fields.get("description")),
    )


def _optional_text(node: Located | None) -> str:
    return node.value.strip() if node is not None and isinstance(node.value, str) else ""
