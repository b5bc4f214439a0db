"""Reads YAML into plain strings, lists and dicts that remember their line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import CatalogueError, Problem

# libyaml's C parser is several times faster on a large catalogue; the pure-Python one is the
# fallback where PyYAML was built without it. Both give node marks, hence line numbers.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    """A value read from YAML, with the 1-based line it starts on."""

    value: object
    line: int
    #: Keys a mapping repeats (PyYAML keeps the last silently): (key, line, first line).
    duplicates: tuple[tuple[str, int, int], ...] = ()


def read_yaml(path: Path) -> Located | None:
    """Parse a YAML file into ``Located`` nodes, or raise a CatalogueError with line and column.

    Every scalar stays a string: YAML's implicit typing would turn ``NO`` (Norway) into False,
    ``2021`` into an int and ``2021-02-30`` into a crash, so types are checked by validation.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        message = f"cannot read file: {error.strerror}"
        raise CatalogueError([Problem(str(path), None, message)]) from None
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start})"
        raise CatalogueError([Problem(str(path), None, message)]) from None
    loader = Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        message = f"YAML syntax error: {error.problem or error.context}"
        raise CatalogueError([Problem(str(path), line, message, column=column)]) from None
    except yaml.YAMLError as error:
        raise CatalogueError([Problem(str(path), None, f"YAML error: {error}")]) from None
    finally:
        loader.dispose()
    return _locate(node) if node is not None else None


def _locate(node: yaml.Node) -> Located:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, tuple[int, Located]] = {}
        duplicates = []
        for key_node, value_node in node.value:
            key, key_line = str(key_node.value), key_node.start_mark.line + 1
            if key in mapping:
                duplicates.append((key, key_line, mapping[key][0]))
                continue
            mapping[key] = (key_line, _locate(value_node))
        return Located(mapping, line, tuple(duplicates))
    if isinstance(node, yaml.SequenceNode):
        return Located([_locate(item) for item in node.value], line)
    # A bare `field:` is null in YAML; an empty string is how a curator writes "none".
    if node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~", "null", "Null", "NULL"):
        return Located(None, line)
    return Located(node.value, line)


def plain(located: Located | None) -> object:
    """Strip the line numbers: nested plain Python values."""
    if located is None:
        return None
    value = located.value
    if isinstance(value, dict):
        return {key: plain(item) for key, (_, item) in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
