"""Strict YAML: bytes -> a node tree with positions -> plain data, every problem positioned.

PyYAML's own constructor silently keeps the last of two repeated keys, turns `NO` into False
and `2016-12-01` into a date, and expands aliases without limit. This module builds its own
node tree from the parser's events (without recursion, so nesting cannot exhaust the stack),
refuses repeated keys, bounds alias expansion, and constructs plain scalars as strings
(only `~`, `null` and empty become None) so that the models, not the YAML resolver, decide
what a value means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import yaml

from ..format.problems import Problem, format_path

try:  # libyaml's parser is much faster; the pure-Python one behaves the same here
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_DEPTH = 64  # real records nest 4 deep; anything near Python's recursion limit is hostile
ALIAS_BUDGET = 1_000_000  # nodes that alias expansion may add to one file
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STR_TAGS = {None, "!", "tag:yaml.org,2002:str"}
_CONTAINER_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
# What YAML itself forbids in a stream (YAML 1.1 section 5.1, as PyYAML's reader checks).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(eq=False)
class Node:
    """A YAML node with its 1-based position."""

    line: int
    column: int


@dataclass(eq=False)
class Scalar(Node):
    """A scalar; `value` is None for a plain null."""

    value: str | None = None


@dataclass(eq=False)
class Sequence(Node):
    """A sequence of nodes."""

    items: list[Node] = field(default_factory=list)
    size: int = 1


@dataclass(eq=False)
class Mapping(Node):
    """A mapping of string keys (kept as nodes, for their positions) to nodes."""

    pairs: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)
    size: int = 1


def node_size(node: Node) -> int:
    """How many nodes `node` stands for once its aliases are expanded."""
    return getattr(node, "size", 1)


class _Stop(Exception):
    """A problem after which the rest of the file cannot be read."""

    def __init__(self, problem: Problem):
        self.problem = problem


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


_PRINTABLE_ASCII = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])


def _first_non_printable(data: bytes, text: str) -> re.Match | None:
    # Deleting the allowed bytes is a fast way to learn that an ASCII file has nothing else.
    if text.isascii() and not data.translate(None, _PRINTABLE_ASCII):
        return None
    return _NON_PRINTABLE.search(text)


def decode(data: bytes, filename: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a BOM is allowed and dropped); refuse what YAML cannot hold."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    data = data[bom:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        prefix = data[: err.start]
        line = prefix.count(b"\n") + 1
        column = len(prefix[prefix.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = data[err.start]
        return None, [Problem(filename, line, column, "encoding", "",
                              f"the file is not UTF-8 (byte 0x{byte:02x} at offset {err.start + bom}); "
                              "save it as UTF-8")]
    if m := _first_non_printable(data, text):
        line, column = _position(text, m.start())
        char = m.group()
        name = "NUL" if char == "\x00" else f"U+{ord(char):04X}"
        return None, [Problem(filename, line, column, "control-character", "",
                              f"control character {name} is not allowed in YAML; "
                              "write it as an escape in a double-quoted string if it is really meant")]
    return text, []


def _mark(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _yaml_error(err: yaml.MarkedYAMLError, text: str, filename: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, column = _mark(mark) if mark else (1, 1)
    message = err.problem or "invalid YAML"
    if err.context:
        opened = err.context_mark
        if opened and err.problem_mark and (opened.line, opened.column) != (mark.line, mark.column):
            where = f" that began at line {opened.line + 1}, column {opened.column + 1}"
        else:
            where = ""
        message = f"{err.context}{where}, {message}"
    if mark and text[mark.index : mark.index + 1] == "\t":
        message += " (a tab; YAML indents with spaces only)"
    return Problem(filename, line, column, "syntax", "", message)


def compose(text: str, filename: str, parser_class=None) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document into a node tree; return it with the problems found."""
    parser = (parser_class or _Parser)(text)
    problems: list[Problem] = []
    try:
        parser.get_event()  # StreamStart
        if parser.check_event(yaml.StreamEndEvent):
            return None, problems
        parser.get_event()  # DocumentStart
        root = _compose_document(parser, filename, problems, text)
        parser.get_event()  # DocumentEnd
        if not parser.check_event(yaml.StreamEndEvent):
            line, column = _mark(parser.peek_event().start_mark)
            problems.append(Problem(filename, line, column, "multiple-documents", "",
                                    "a dataset file holds one YAML document; split the rest "
                                    "into another file"))
        return root, problems
    except yaml.MarkedYAMLError as err:
        if "maximum nesting depth" in str(err.problem) and parser_class is None:
            # libyaml's scanner runs ahead of the events to its own limit of 1,000 levels;
            # the pure-Python parser is lazy, so materiel's limit speaks first, as for blocks.
            parser.dispose()
            return compose(text, filename, yaml.SafeLoader)
        problems.append(_yaml_error(err, text, filename))
    except RecursionError:  # pragma: no cover - the depth limit comes long before
        problems.append(Problem(filename, 1, 1, "too-deep", "",
                                f"nesting deeper than {MAX_DEPTH} levels is not a dataset"))
    except _Stop as stop:
        problems.append(stop.problem)
    finally:
        parser.dispose()
    return None, problems


def _compose_document(parser, filename: str, problems: list[Problem], text: str) -> Node:
    anchors: dict[str, Node] = {}
    unfinished: set[int] = set()
    stack: list[Node] = []
    pending_keys: list[Scalar | None] = []
    segments: list[str | int] = []  # the path from the root to the top of the stack
    expanded = 0

    def stop(event, code: str, message: str):
        line, column = _mark(event.start_mark)
        raise _Stop(Problem(filename, line, column, code, "", message))

    while True:
        event = parser.get_event()
        if isinstance(event, yaml.AliasEvent):
            node = anchors.get(event.anchor)
            if node is None:
                stop(event, "alias", f"alias *{event.anchor} refers to no anchor defined before it")
            if id(node) in unfinished:
                stop(event, "alias", f"alias *{event.anchor} refers to the node that contains it")
            expanded += node_size(node)
            if expanded > ALIAS_BUDGET:
                stop(event, "alias-budget",
                     f"aliases expand this file beyond {ALIAS_BUDGET:,} nodes (an alias bomb?); "
                     "write the records out instead")
            # The node again, where the alias stands: a problem in the value is reported
            # where the record uses it. A container's items are shared, not copied.
            line, column = _mark(event.start_mark)
            node = replace(node, line=line, column=column)
        elif isinstance(event, yaml.ScalarEvent):
            if event.tag not in _STR_TAGS:
                stop(event, "tag", f"YAML tag {event.tag} is not supported here; remove it")
            line, column = _mark(event.start_mark)
            value, start = event.value, event.start_mark.index
            if not event.style and start > 0 and text[start - 1] == "?" and (
                    start == 1 or text[start - 2] in " \t\r\n,[{"):
                # In a flow collection libyaml (YAML 1.1) takes `?foo` for the key `foo`; to
                # YAML 1.2 it is the text `?foo`.
                value, column = "?" + value, column - 1
            is_null = not event.style and event.tag is None and value in _NULLS
            node = Scalar(line, column, None if is_null else value)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if event.tag not in _CONTAINER_TAGS:
                stop(event, "tag", f"YAML tag {event.tag} is not supported here; remove it")
            if len(stack) >= MAX_DEPTH:
                stop(event, "too-deep", f"nesting deeper than {MAX_DEPTH} levels is not a dataset")
            line, column = _mark(event.start_mark)
            is_seq = isinstance(event, yaml.SequenceStartEvent)
            node = Sequence(line, column) if is_seq else Mapping(line, column)
            if event.anchor is not None:
                anchors[event.anchor] = node
            unfinished.add(id(node))
            if stack:
                parent = stack[-1]
                segments.append(len(parent.items) if isinstance(parent, Sequence)
                                else pending_keys[-1].value if pending_keys[-1] else "?")
            stack.append(node)
            pending_keys.append(None)
            continue
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            node = stack.pop()
            pending_keys.pop()
            if segments:
                segments.pop()
            unfinished.discard(id(node))
        else:  # pragma: no cover - the parser emits nothing else inside a document
            stop(event, "syntax", f"unexpected {type(event).__name__}")
        if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
            anchors[event.anchor] = node
        if not stack:
            return node
        parent = stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            parent.size += node_size(node)
        elif pending_keys[-1] is None:
            if not isinstance(node, Scalar) or node.value is None:
                line, column = node.line, node.column
                raise _Stop(Problem(filename, line, column, "key", "",
                                    "a mapping key must be a plain string"))
            pending_keys[-1] = node
        else:
            key = pending_keys[-1]
            pending_keys[-1] = None
            if key.value == "<<":
                raise _Stop(Problem(filename, key.line, key.column, "merge-key", "",
                                    "merge keys (`<<`) are not supported; write the fields out"))
            earlier = parent.pairs.get(key.value)
            if earlier is not None:
                problems.append(Problem(
                    filename, key.line, key.column, "duplicate-key", format_path([*segments, key.value]),
                    f"key `{key.value}` is repeated: first at {_place(earlier[0], key)}; keep one"))
            else:
                parent.pairs[key.value] = (key, node)
                parent.size += node_size(node)


def _place(first: Node, again: Node) -> str:
    if first.line == again.line:
        return f"line {first.line}, column {first.column}, again at column {again.column}"
    return f"line {first.line}, again at line {again.line}"


def construct(node: Node, _memo: dict[int, object] | None = None) -> object:
    """Plain Python data (dict, list, str, None) from a node tree; aliased nodes are shared."""
    if isinstance(node, Scalar):
        return node.value
    memo = {} if _memo is None else _memo
    # Keyed by the items, which an alias's node shares with its anchor's.
    key = id(node.items) if isinstance(node, Sequence) else id(node.pairs)
    found = memo.get(key)
    if found is not None:
        return found
    if isinstance(node, Sequence):
        value: object = [construct(item, memo) for item in node.items]
    else:
        value = {k: construct(v, memo) for k, (_, v) in node.pairs.items()}
    memo[key] = value
    return value


def locate(root: Node, loc: tuple | list, at: str = "value") -> tuple[int, int]:
    """The position of pydantic's `loc` in the tree: the key, the value, or the nearest ancestor.

    Segments that match nothing (pydantic's union-branch names, a missing field) are skipped,
    so the position falls on the deepest node that does exist.
    """
    node = root
    last = len(loc) - 1
    for i, segment in enumerate(loc):
        if isinstance(node, Mapping) and isinstance(segment, str) and segment in node.pairs:
            key, value = node.pairs[segment]
            if i == last and at == "key":
                return key.line, key.column
            node = value
        elif isinstance(node, Sequence) and isinstance(segment, int) and 0 <= segment < len(node.items):
            node = node.items[segment]
    return node.line, node.column


__all__ = ["ALIAS_BUDGET", "MAX_DEPTH", "Mapping", "Node", "Scalar", "Sequence", "compose", "construct",
           "decode", "locate", "node_size"]
