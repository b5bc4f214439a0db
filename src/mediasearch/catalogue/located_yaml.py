"""Reads YAML into plain strings, lists and dicts that remember their line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from mediasearch.catalogue.yaml_errors import explain_yaml_error
from mediasearch.errors import CatalogueError, Problem

NULL_TAG = "tag:yaml.org,2002:null"
NULLS = ("", "~", "null", "Null", "NULL")


_DEFAULT_TAGS = {
    yaml.ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
}


class _StringResolver(yaml.resolver.BaseResolver):
    """Tags every plain scalar as text, except an empty value or ``~`` (null).

    Validation checks types itself, and YAML's implicit typing would turn ``NO`` (Norway)
    into False, ``2021`` into an int and ``2021-02-30`` into a crash. Skipping the implicit
    resolvers' regular expressions also makes reading a large catalogue several times faster.
    """

    # Called once per node of the catalogue, so kept to a dictionary look-up.
    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0] and value in NULLS:
            return NULL_TAG
        return _DEFAULT_TAGS[kind]


class PureLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _StringResolver,
):
    """The pure-Python parser, for where PyYAML was built without libyaml."""

    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _StringResolver.__init__(self)


Loader: type[PureLoader] | type[CLoader] = PureLoader
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class CLoader(CParser, _StringResolver):
        """libyaml's C parser: much faster on a large catalogue, with the same node marks."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            _StringResolver.__init__(self)

    Loader = CLoader


@dataclass(slots=True)
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
    return parse_yaml(read_text(path), path)


def read_text(path: Path) -> str:
    """The file's text, or a CatalogueError saying why it cannot be read."""
    return decode_text(read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a CatalogueError saying why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        message = f"cannot read file: {error.strerror}"
        raise CatalogueError([Problem(str(path), None, message)]) from None


def decode_text(data: bytes, path: Path) -> str:
    """A file's bytes as text, line breaks as open() reads them (\\r\\n and \\r as \\n)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start})"
        raise CatalogueError([Problem(str(path), None, message)]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def parse_yaml(text: str, path: Path) -> Located | None:
    """Parse the text of the file at path, as ``read_yaml`` does."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        return _locate(node, set(), 1) if node is not None else None
    except yaml.MarkedYAMLError as error:
        line, message = explain_yaml_error(
            text,
            error.problem_mark.line + 1 if error.problem_mark else None,
            error.context_mark.line + 1 if error.context_mark else None,
            str(error.problem or error.context),
        )
        raise CatalogueError([Problem(str(path), line, message)]) from None
    except yaml.YAMLError as error:
        raise CatalogueError([Problem(str(path), None, f"YAML error: {error}")]) from None
    except _AliasError as error:
        # A reused node keeps the anchor's marks; the alias's own line is found in the text.
        found = _ALIAS_LINE.search(text)
        line = text.count("\n", 0, found.start()) + 1 if found else error.line
        raise CatalogueError([Problem(str(path), line, ALIAS_MESSAGE)]) from None
    except RecursionError:
        message = "the lists and fields nest too deeply to read: the catalogue needs 4 levels"
        raise CatalogueError([Problem(str(path), None, message)]) from None
    finally:
        loader.dispose()


def parse_fragment(text: str, first_line: int) -> Located | None:
    """Parse a piece of a file that starts on first_line; None if it does not read cleanly alone.

    The caller then reads the whole file, whose error message is the one to show.
    """
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        return _locate(node, set(), first_line) if node is not None else None
    except (yaml.YAMLError, _AliasError, RecursionError):
        return None
    finally:
        loader.dispose()


#: A catalogue has no use for YAML's anchors and aliases (&name, *name), and they let a few
#: lines stand for billions of values (the "billion laughs") or for themselves (a loop).
ALIAS_MESSAGE = (
    "this line reuses a value through a YAML alias (*name); the catalogue does not allow "
    "aliases: write the value out in full"
)


#: A line whose value or list item is an alias: `- *a`, `topics: *a`, `[*a]`.
_ALIAS_LINE = re.compile(r"^[ \t]*(?:- +)*(?:[\w-]+: +)?(?:&\S+ +)?[\[{]?\*[^\s,\]}]", re.MULTILINE)


class _AliasError(Exception):
    """A node met twice while reading: an alias, at the line that reuses it."""

    def __init__(self, line: int):
        self.line = line


def _locate(node: yaml.Node, seen: set[int], first_line: int) -> Located:
    """The node as Located values; _AliasError on an alias, before it can loop or multiply."""
    line = node.start_mark.line + first_line
    if id(node) in seen:
        raise _AliasError(line)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, tuple[int, Located]] = {}
        duplicates = []
        for key_node, value_node in node.value:
            key, key_line = str(key_node.value), key_node.start_mark.line + first_line
            if id(value_node) in seen:
                raise _AliasError(key_line)  # the key's line is the alias's line
            if key in mapping:
                duplicates.append((key, key_line, mapping[key][0]))
                continue
            mapping[key] = (key_line, _locate(value_node, seen, first_line))
        return Located(mapping, line, tuple(duplicates))
    if isinstance(node, yaml.SequenceNode):
        return Located([_locate(item, seen, first_line) for item in node.value], line)
    # A bare `field:` is null in YAML; a quoted "" is an empty string.
    if node.tag == NULL_TAG:
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
