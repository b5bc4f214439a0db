"""A YAML syntax error in a curator's words: the line at fault, what is wrong, what to write."""

from __future__ import annotations

import re

#: `key: value` at the start of a line (after any indentation and list dash).
_FIELD = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[\w-]+):(?P<gap> *)(?P<value>.*)$")
#: Characters YAML keeps for itself at the start of a plain value.
_RESERVED_START = "@`%&*!|>"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _previous_content(lines: list[str], index: int) -> int | None:
    """The index of the nearest line before index that holds something, or None."""
    for before in range(index - 1, -1, -1):
        if _is_content(lines[before]):
            return before
    return None


def _tab(lines: list[str], last: int) -> tuple[int, str] | None:
    for index in range(last + 1):
        if "\t" in lines[index][: len(lines[index]) - len(lines[index].lstrip(" \t"))]:
            return index, "this line is indented with a tab; YAML needs spaces: use spaces only"
    return None


def _misindented(lines: list[str], index: int) -> str | None:
    """Why the line at index is out of line with the lines above it, or None."""
    line = lines[index]
    above_index = _previous_content(lines, index)
    if above_index is None or not _is_content(line):
        return None
    indent = _indent(line)
    if line.lstrip().startswith("- "):
        # An item lines up with the item before it (entries: at the left edge).
        items = [lines[i] for i in range(index) if lines[i].lstrip().startswith("- ")]
        if not items or indent == _indent(items[-1]):
            return None
        if _indent(items[-1]) == 0:
            return f"this entry starts {_spaces(indent)} in; entries start at the left edge"
        return f"this item is indented {_spaces(indent)}; the item above, {_indent(items[-1])}"
    above = lines[above_index]
    if above.rstrip().endswith(":"):
        return None  # the line above opens a block: anything deeper is right
    # A field lines up with the field above, or with the first field after an entry's dash.
    field = _FIELD.match(above)
    expected = _indent(above) + len(field.group("dash") or "") if field else _indent(above)
    if indent == expected:
        return None
    whose = "entries use" if expected == 2 else "the line above uses"
    return (
        f"this line is indented {_spaces(indent)}; {whose} {expected}: "
        "line it up with the field above"
    )


def _quoting(line: str) -> str | None:
    """What is wrong with how the value on this line is quoted, or None."""
    field = _FIELD.match(line)
    if field is None:
        return None
    key, value = field.group("key"), field.group("value").rstrip()
    if not field.group("gap") and value:
        return f"put a space after the colon: {key}: {value}"
    if value[:1] in "\"'":
        quote = value[0]
        end = value.find(quote, 1)
        while quote == "'" and end != -1 and value[end + 1 : end + 2] == "'":
            end = value.find(quote, end + 2)  # '' is a quote inside single quotes
        if end == -1:
            return (
                f"the value of {key} opens a quote ({quote}) that is never closed: "
                f"end the value with {quote} on this line"
            )
        after = value[end + 1 :]
        rest = after.strip()
        if rest and not rest.startswith("#"):
            if quote == "'" and value[end - 1 : end].isalpha() and after[:1].isalpha():
                fixed = value[1:].rstrip("'").replace("'", "''")
                return (
                    f"the value of {key} is in single quotes and has an apostrophe inside: "
                    f"write it twice ({key}: '{fixed}') or use double quotes"
                )
            inner = value.replace("'", "''")
            return (
                f"the value of {key} goes on after its closing quote: quote the whole "
                f"value, e.g. {key}: '{inner}'"
            )
        return None
    if value[:1] in "[{":
        closing = "]" if value[0] == "[" else "}"
        if closing not in value:
            return f"the list of {key} opened with {value[0]} is not closed: end it with {closing}"
        return None
    if value[:1] and value[0] in _RESERVED_START:
        return f'a value cannot start with {value[0]}: put it in double quotes: {key}: "{value}"'
    if ": " in value or value.endswith(":"):
        escaped = value.replace('"', '\\"')
        return (
            f"the value of {key} has a colon that YAML reads as the start of another field: "
            f'put the whole value in double quotes: {key}: "{escaped}"'
        )
    return None


def explain_yaml_error(
    text: str, problem_line: int | None, context_line: int | None, parser_words: str
) -> tuple[int | None, str]:
    """The line at fault (1-based) and what to change, from where the parser stopped.

    Parsers report where they gave up, in their own terms; the mistake is usually on that
    line or the one that opened the construct it was reading (a quote, a bracket, a block).
    """
    lines = text.splitlines()
    # A parser that ran off the end reports the line after the last; the cause is above it.
    last_line = min(problem_line or len(lines), len(lines))
    before = _previous_content(lines, last_line - 1)
    candidates = [line - 1 for line in (context_line, last_line) if line]
    candidates = sorted({i for i in [*candidates, before] if i is not None and 0 <= i < len(lines)})
    if not candidates:
        return problem_line, f"YAML cannot read this file ({parser_words})"
    tab = _tab(lines, candidates[-1])
    if tab is not None:
        return tab[0] + 1, tab[1]
    for index in candidates:
        explained = _quoting(lines[index])
        if explained:
            return index + 1, explained
    last = candidates[-1]
    for index in (last, last - 1):
        explained = _misindented(lines, index) if index >= 0 else None
        if explained:
            return index + 1, explained
    return last + 1, (
        f"YAML cannot read this line ({parser_words}): check its indentation and quotes "
        "against the lines above"
    )
