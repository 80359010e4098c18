"""Strict YAML: bytes -> a node tree with positions -> plain data, every problem positioned.

PyYAML's own constructor silently keeps the last of two repeated keys, turns `NO` into False
and `2016-12-01` into a date, and expands aliases without limit. This module builds its own
node tree from the parser's events (without recursion, so nesting cannot exhaust the stack),
refuses repeated keys, bounds alias expansion, and constructs plain scalars as strings
(only `~`, `null` and empty become None) so that the models, not the YAML resolver, decide
what a value means.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .problems import Problem, format_path

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
        root = _compose_document(parser, filename, problems)
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


def _compose_document(parser, filename: str, problems: list[Problem]) -> Node:
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
            is_null = not event.style and event.tag is None and event.value in _NULLS
            node = Scalar(line, column, None if is_null else event.value)
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


try:  # a YAML 1.2 parser in Rust: the fast path for files without problems
    import yaml_rs
except ImportError:  # pragma: no cover - without it every file takes the positioned path
    yaml_rs = None

# What only the positioned path reads right: tags and merge keys (a quotation that merely looks
# like one costs only speed); block nesting deeper than the limit, which the fast parser would
# recurse into (it crashes near 20,000 levels); and where the two parsers were found to differ
# (tests/test_properties.py): block scalars (empty ones, tabs in their indentation), `>x` or
# `|x` as flow values (after an anchor too), `:x` and `key:}` in a flow collection, anchor and
# alias names beyond letters, digits, `_` and `-`, a lone CR, a `...` line, tabs in a line's
# indentation (or after its `- `), and the Unicode line breaks NEL, LS and PS. A file with any
# of these takes the positioned path whole.
# Each check below searches for a literal first (fast on a large file) and looks at the context
# of a match only then.
_TAG = re.compile(r"![^\s,\[\]{}]")
_DEEP = re.compile(r"[ \t?-]{128}")  # on the first line
_AFTER_NEWLINE_DEEP = re.compile(r"\n[ \t?-]{128}")
_INDICATOR = re.compile(r"[|>]")
_BLOCK_SCALAR_HEADER = re.compile(r"[|>][-+0-9]{0,2}[ \t]*(?:#[^\n]*)?\r?\n")
# libyaml takes anchor and alias names of letters, digits, `_` and `-` only, ended by a space,
# a line break or a flow indicator; YAML 1.2 (the fast parser) takes nearly any character.
_ANCHOR = re.compile(r"&([^\s,\[\]{}]+)")
_ALIAS = re.compile(r"\*([^\s,\[\]{}]+)")
_PLAIN_NAME = re.compile(r"[0-9A-Za-z_-]+")
# In a flow collection YAML 1.2 (the fast parser) reads `:x` as text; libyaml (YAML 1.1) refuses it.
_COLON_BEFORE_TEXT = re.compile(r":[^\s,\[\]{}]")
# `key:}` or `key:,` in a flow collection: a key with no value to YAML 1.2, an error to libyaml.
_COLON_BEFORE_FLOW_INDICATOR = re.compile(r":[,\[\]{}]")
_DOCUMENT_END = re.compile(r"(?:^|\n)\.\.\.(?:[ \t\r\n]|$)")  # `...` before any document: 1.2 only
# A tab in a line's indentation, or among the spaces after a block `-` or `?` that opens it.
_TAB_IN_INDENTATION = re.compile(r"(?:^|\n) *(?:(?:[-?] +)*[-?][ \t]*)?\t")
_SEPARATORS = " \t\r\n[{,"


def _after_separator(pattern: re.Pattern, text: str) -> bool:
    """Whether a match of `pattern` starts the text or follows a space, a line break, `[`, `{`
    or `,`: where a node, or a tag or `:x` starting one, can begin."""
    return any(m.start() == 0 or text[m.start() - 1] in _SEPARATORS for m in pattern.finditer(text))


def _before(text: str, i: int, line_breaks: bool) -> int:
    """The index of the last character before `i` that is not a space or a tab (nor, with
    `line_breaks`, a line break); -1 at the start of the text."""
    skipped = " \t\r\n" if line_breaks else " \t"
    i -= 1
    while i >= 0 and text[i] in skipped:
        i -= 1
    return i


def _odd_anchor(text: str) -> bool:
    """Whether an anchor or alias with a name libyaml refuses can start a node (one inside a
    quotation, after a word, is text to both parsers)."""
    for pattern, mark in ((_ANCHOR, "&"), (_ALIAS, "*")):
        if mark not in text:
            continue
        for m in pattern.finditer(text):
            if _PLAIN_NAME.fullmatch(m.group(1)):
                continue
            j = _before(text, m.start(), line_breaks=False)
            if j < 0 or text[j] in "\n\r:-?,[{":
                return True
    return False


def _has_long_line(text: str) -> bool:
    """Whether a line is longer than LONG_LINE characters (a jump of LONG_LINE at a time)."""
    start = 0
    while len(text) - start > LONG_LINE:
        newline = text.rfind("\n", start, start + LONG_LINE + 1)
        if newline < 0:
            return True
        start = newline + 1
    return False


def _indicator_as_text(text: str) -> bool:
    """Whether `|` or `>` starts a block scalar header, or starts a value in a flow collection
    (after `:`, `,`, `[` or `{`, or an anchor), where the two parsers read it differently."""
    for m in _INDICATOR.finditer(text):
        i = m.start()
        if _BLOCK_SCALAR_HEADER.match(text, i):
            return True
        if i + 1 >= len(text) or text[i + 1].isspace():
            continue
        j = _before(text, i, line_breaks=True)
        if j < 0 or text[j] in ":,[{":
            return True
        if j < i - 1:  # after a space: is the word before an anchor?
            k = j
            while k >= 0 and not text[k].isspace() and text[k] not in ",[{":
                k -= 1
            if text[k + 1] == "&":
                return True
    return False


_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
LONG_LINE = 100_000


def _fast_readable(text: str) -> bool:
    """Whether the fast parser reads this text exactly as the positioned path would."""
    if "<<" in text or ("!" in text and _after_separator(_TAG, text)):
        return False
    if ("\t" in text and _TAB_IN_INDENTATION.search(text)) or any(c in text for c in _LINE_BREAKS):
        return False
    if ("|" in text or ">" in text) and _indicator_as_text(text):
        return False
    if _odd_anchor(text):
        return False
    if (text.startswith("...") or "\n..." in text) and _DOCUMENT_END.search(text):
        return False
    if "\r" in text and re.search(r"\r(?!\n)", text):  # a lone CR: a line break to YAML
        return False
    if ("[" in text or "{" in text) and (
            _after_separator(_COLON_BEFORE_TEXT, text) or any(
                m.start() > 0 and text[m.start() - 1] not in _SEPARATORS + "]}\"'"
                for m in _COLON_BEFORE_FLOW_INDICATOR.finditer(text))):
        return False
    # The fast parser turns a long run of digits into a number in quadratic time.
    if _has_long_line(text):
        return False
    return not (_DEEP.match(text) or _AFTER_NEWLINE_DEEP.search(text))


_ITEM = re.compile(r"^( *)-(?:[ \t]|$)", re.MULTILINE)


@dataclass
class Document:
    """One file read: its plain data and, where it was composed, its node tree for positions.

    A file read by the fast path has no node tree (`root` is None, `fast` is True); the
    position of a problem in it is found by composing only the record concerned.
    """

    filename: str
    root: Node | None
    data: object
    problems: list[Problem]
    text: str | None = None
    fast: bool = False
    _items: dict = field(default_factory=dict, repr=False)
    _records: dict = field(default_factory=dict, repr=False)
    _newlines: list[int] | None = field(default=None, repr=False)

    def position(self, loc: tuple | list, at: str = "value") -> tuple[int, int]:
        """The 1-based line and column of a location in the file (see `locate`)."""
        if self.root is None and self.fast and len(loc) >= 2 and isinstance(loc[1], int):
            found = self.record_node(loc[0], loc[1])
            if found is not None:
                node, lines_before = found
                line, column = locate(node, (0, *loc[2:]), at)
                return line + lines_before, column
        if self.root is None and self.text is not None:
            self.root, _ = compose(self.text, self.filename)
        return locate(self.root, loc, at) if self.root is not None else (1, 1)

    def record_node(self, key: str, index: int) -> tuple[Node, int] | None:
        """One record of a fast-read file composed on its own: (a one-item sequence, lines before).

        None when the record cannot be cut out of the text cleanly (the caller then reads the
        whole file on the positioned path).
        """
        if (key, index) in self._records:
            return self._records[(key, index)]
        starts = self._item_starts(key)
        found = None
        if starts is not None and 0 <= index < len(starts) - 1:
            begin, end = starts[index], starts[index + 1]
            node, problems = compose(self.text[begin:end], self.filename)
            if not problems and isinstance(node, Sequence) and len(node.items) == 1:
                found = (node, self._line_of(begin) - 1)
        self._records[(key, index)] = found
        return found

    def _line_of(self, offset: int) -> int:
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect.bisect_left(self._newlines, offset) + 1

    def _item_starts(self, key: str) -> list[int] | None:
        """Offsets where each record of the top-level list `key` begins, and where the list ends."""
        if key in self._items:
            return self._items[key]
        found = None
        keys = list(re.finditer(r"^([A-Za-z_][\w-]*)[ \t]*:", self.text, re.MULTILINE))
        here = [i for i, m in enumerate(keys) if m.group(1) == key]
        values = self.data.get(key) if isinstance(self.data, dict) else None
        if len(here) == 1 and isinstance(values, list):
            begin = keys[here[0]].end()
            end = keys[here[0] + 1].start() if here[0] + 1 < len(keys) else len(self.text)
            items = list(_ITEM.finditer(self.text, begin, end))
            indent = len(items[0].group(1)) if items else 0
            starts = [m.start() for m in items if len(m.group(1)) == indent]
            if len(starts) == len(values):
                found = [*starts, end]
        self._items[key] = found
        return found

    def slowed(self) -> Document:
        """The same file read on the positioned path (the fast path's answer is not used)."""
        return _read_positioned(self.text, self.filename)


def _read_fast(text: str, filename: str) -> Document | None:
    """The file through the fast parser, or None when only the positioned path can read it."""
    if yaml_rs is None or not _fast_readable(text):
        return None
    try:
        # Aliases replay at least one event per node they add, so a file within this limit
        # is within the positioned path's node budget too: both accept it, or neither.
        limits = yaml_rs.AliasLimits(max_total_replayed_events=ALIAS_BUDGET, max_replay_stack_depth=MAX_DEPTH)
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=limits)
    except Exception:  # any problem at all: the positioned path says what and where
        return None
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        return None
    return Document(filename, None, data, [], text=text, fast=True)


def _read_positioned(text: str, filename: str) -> Document:
    root, problems = compose(text, filename)
    if root is None:
        if not problems:
            what = "is empty" if not text.strip() else "holds only comments"
            problems.append(Problem(filename, 1, 1, "empty", "",
                                    f"the file {what}; a dataset file is a mapping with "
                                    "sources, events, equipment, claims or evidence"))
        return Document(filename, None, None, problems, text=text)
    return Document(filename, root, construct(root), problems, text=text)


def read_document(data: bytes, filename: str, fast: bool = True) -> Document:
    """Decode and read one file, collecting every problem found on the way.

    With `fast`, a file is first read by the fast parser; the node tree that positions need
    is composed only for what has a problem. Both paths give the same data and problems.
    """
    text, problems = decode(data, filename)
    if text is None:
        return Document(filename, None, None, problems)
    if fast and (document := _read_fast(text, filename)) is not None:
        return document
    return _read_positioned(text, filename)


def max_file_bytes() -> int:
    """The largest file materiel reads: $MATERIEL_MAX_FILE_MB megabytes (default 256)."""
    try:
        return int(float(os.environ.get("MATERIEL_MAX_FILE_MB", "256")) * 1_000_000)
    except ValueError:
        return 256_000_000


def file_bytes(path: Path, name: str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or the problem that stops reading it (unreadable, over the size limit)."""
    try:
        size, limit = path.stat().st_size, max_file_bytes()
        if size > limit:
            return None, [Problem(name, 1, 1, "too-large", "",
                                  f"the file is {size / 1e6:,.1f} MB, over the limit of "
                                  f"{limit / 1e6:,.0f} MB (raise it with MATERIEL_MAX_FILE_MB, "
                                  "or split the file)")]
        return path.read_bytes(), []
    except OSError as err:
        return None, [Problem(name, 1, 1, "unreadable", "", f"cannot read the file: {err.strerror}")]


def read_file(path: Path, display: str | None = None, fast: bool = True) -> Document:
    """Read one file from disk; an unreadable or oversized file is a problem, not an exception."""
    name = display or str(path)
    data, problems = file_bytes(path, name)
    if data is None:
        return Document(name, None, None, problems)
    return read_document(data, name, fast)


__all__ = ["Document", "Mapping", "Node", "Scalar", "Sequence", "construct", "file_bytes", "format_path",
           "locate", "read_document", "read_file"]
