"""One file read: the only module that knows a file may be read on two paths.

The fast path (fast.py, yaml-rs) reads most files in a fraction of the time and gives no
positions; the positioned path (strict.py) composes a node tree with a line and column for
every node. A Document hides which path read it: its `data` is the plain data as YAML 1.2
reads it, `as_written` gives a record as the positioned path reads it (every scalar text, for
the models to judge), and `position` finds any location, composing only what it needs.
"""

from __future__ import annotations

import bisect
import errno
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..format.problems import Problem
from ..format.text import inert, shortened
from .fast import odd_anchor, read_fast, read_yaml12, tag_at, yaml12_error
from .strict import MAX_DEPTH, Mapping, Node, Scalar, Sequence, compose, construct, decode, locate

_ITEM = re.compile(r"^( *)-(?:[ \t]|$)", re.MULTILINE)
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)


@dataclass
class Document:
    """One file read: its plain data, its problems, and the positions of anything in it.

    `data` is what YAML 1.2 reads (a plain scalar may be a number or a boolean); a record
    that the models refuse is judged again `as_written`, every scalar as text, and every
    problem is placed by `position`. Which parser read the file is this module's business.
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
    _composed: bool = field(default=False, repr=False)

    @property
    def tree(self) -> Node | None:
        """The whole file's node tree, composed when first asked for (None if it cannot be).

        Where the positioned parser refuses a file the fast one read (a difference between the
        two that the checks in fast.py did not foresee), the positioned parser is believed: the
        data is what it constructs (none, if it could not), and the problems are its own. Not
        where it finds a syntax error: what the fast parser (YAML 1.2) read is valid YAML that
        libyaml (YAML 1.1) cannot parse, and the file has no tree.
        """
        if self.root is None and self.text is not None and not self._composed:
            self._composed = True
            root, problems = compose(self.text, self.filename)
            if self.fast and any(p.code == "syntax" for p in problems):
                read = _read_yaml12(self.text, self.filename, problems[0])
                if read is not None and not read.problems:
                    return None
                if read is not None:  # what YAML 1.2 reads and materiel refuses (an empty key)
                    problems = read.problems
            self.root = root
            if problems and self.fast:
                self._read_as_written()
                self.problems[:] = problems
        return self.root

    def _read_as_written(self) -> None:
        """Believe the positioned parser from now on: the data is what it constructs (none, if it
        could not compose the file)."""
        self.data, self.fast = (construct(self.root) if self.root is not None else None), False

    def position(self, loc: tuple | list, at: str = "value") -> tuple[int, int]:
        """The 1-based line and column of a location in the file (see `locate`)."""
        if self.root is None and self.fast and len(loc) >= 2 and isinstance(loc[1], int):
            found = self.record_node(loc[0], loc[1])
            if found is not None:
                node, lines_before = found
                line, column = locate(node, (0, *loc[2:]), at)
                return line + lines_before, column
        tree = self.tree
        if (self.fast and loc and isinstance(loc[0], str) and isinstance(tree, Mapping)
                and loc[0] not in tree.pairs):
            # The two parsers read the file's top level differently (a BOM inside the file, say):
            # the positioned one is believed, and the file is read again as it reads it.
            self._read_as_written()
        return locate(tree, loc, at) if tree is not None else self._rough_position(loc, at)

    def _rough_position(self, loc: tuple | list, at: str) -> tuple[int, int]:
        """Where a file without a tree is nearest to `loc`: the start of its record, else its
        top-level key, else the file's start."""
        if self.text is None or not loc or not isinstance(loc[0], str):
            return 1, 1
        if len(loc) >= 2 and isinstance(loc[1], int):
            starts = self._item_starts(loc[0])
            if starts is not None and 0 <= loc[1] < len(starts) - 1:
                return self._line_column(starts[loc[1]])
        found = self._top_keys().get(loc[0])
        return self._line_column(found.start()) if found is not None else (1, 1)

    def _line_column(self, offset: int) -> tuple[int, int]:
        line = self._line_of(offset)
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def _top_keys(self) -> dict[str, re.Match]:
        """The plain keys written at the start of a line, each found once (a key found twice, or
        in a block scalar, is left out)."""
        found: dict[str, re.Match | None] = {}
        for m in _TOP_KEY.finditer(self.text):
            found[m.group(1)] = None if m.group(1) in found else m
        return {k: m for k, m in found.items() if m is not None}

    def outline(self) -> Mapping | None:
        """The top-level mapping with the positions of its keys and values: the tree's, or, in a
        file libyaml cannot parse, found in the text (None where they cannot be found there)."""
        tree = self.tree
        if tree is not None or not isinstance(self.data, dict) or self.text is None:
            return tree
        keys, text = self._top_keys(), self.text
        root = Mapping(1, 1)
        for key, value in self.data.items():
            m = keys.get(key)
            if m is None:
                return None
            i = m.end()
            while i < len(text) and (text[i] in " \t\r\n" or text[i] == "#"):
                i = text.find("\n", i) if text[i] == "#" else i + 1
                if i < 0:
                    i = len(text)
            line, column = self._line_column(m.start())
            if value is None:
                node: Node = Scalar(line, column + len(key) + 1, None)
            else:
                vline, vcolumn = self._line_column(min(i, len(text) - 1))
                node = Sequence(vline, vcolumn) if isinstance(value, list) else Scalar(vline, vcolumn, "")
            root.pairs[key] = (Scalar(line, column, key), node)
        return root

    def as_written(self, key: str, index: int) -> object:
        """Record `index` of the top-level list `key` with every scalar as text, as written.

        A file read fast has only YAML 1.2's reading (`030` is 30): the record is composed
        again on its own, or, where it cannot be cut out of the text, with the whole file.
        """
        records = self.data[key] if isinstance(self.data, dict) else None
        if not self.fast:
            return records[index] if records is not None else None
        found = self.record_node(key, index)
        if found is not None:
            return construct(found[0])[0]
        tree = self.tree
        if isinstance(tree, Mapping) and key in tree.pairs:
            node = tree.pairs[key][1]
            if isinstance(node, Sequence) and 0 <= index < len(node.items):
                return construct(node.items[index])
        return records[index] if self.data is not None else None

    def record_node(self, key: str, index: int) -> tuple[Node, int] | None:
        """One record of a fast-read file composed on its own: (a one-item sequence, lines before).

        None when the record cannot be cut out of the text cleanly (the whole file is then
        composed instead).
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


def _read_positioned(text: str, filename: str) -> Document:
    root, problems = compose(text, filename)
    if any(p.code == "syntax" for p in problems):
        # libyaml follows YAML 1.1 and misses parts of 1.2: YAML 1.2 may read the file.
        read = _read_yaml12(text, filename, problems[0])
        if read is not None:
            return read
    elif (any(p.code == "key" for p in problems) or odd_anchor(text)) and (
            (read := _read_yaml12(text, filename)) and not read.problems):
        # libyaml ends an anchor's name at a character YAML 1.2 takes in it (`&a:` is an anchor
        # named `a:`), and misreads the rest (as an empty key, or `&an:chor x` as `:chor x`).
        return read
    elif not any(p.code in _OWN_LIMITS for p in problems) and (error := yaml12_error(text)):
        # libyaml also accepts what YAML 1.2 refuses: yaml-rs, which passes the YAML test
        # suite, says what is valid YAML.
        line, column, reason = error
        return Document(filename, None, None, [Problem(filename, line, column, "syntax", "",
                                                       f"not valid YAML: {inert(reason)}")], text=text)
    if root is None:
        if not problems:
            what = "is empty" if not text.strip() else "holds only comments"
            problems.append(Problem(filename, 1, 1, "empty", "",
                                    f"the file {what}; a dataset file is a mapping with "
                                    "sources, events, equipment, claims or evidence"))
        return Document(filename, None, None, problems, text=text)
    return Document(filename, root, construct(root), problems, text=text)


_OWN_LIMITS = ("alias", "alias-budget", "too-deep")  # the positioned path's verdicts stand
_DOCUMENT_START = re.compile(r"^---(?=[ \t\r\n]|$)", re.MULTILINE)


def _read_yaml12(text: str, filename: str, near: Problem | None = None) -> Document | None:
    """A valid file libyaml cannot parse, read by YAML 1.2 alone, without a tree: None when YAML
    1.2 refuses it too. What the positioned path refuses is refused here as well, placed as
    nearly as the text allows (where libyaml stopped, `near`, for what has no place of its own)."""
    ok, data = read_yaml12(text)
    if not ok:
        return None

    def refused(offset: int | None, code: str, message: str) -> Document:
        if offset is None and near is not None:
            line, column = near.line, near.column
        else:
            offset = offset or 0
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return Document(filename, None, None, [Problem(filename, line, column, code, "", message)], text=text)

    if (at := tag_at(text)) is not None:
        return refused(at, "tag", "YAML tags are not supported here; remove it")
    starts = [m.start() for m in _DOCUMENT_START.finditer(text)]
    before = text[:starts[0]] if starts else text
    first_is_bare = any(s.strip() and not s.lstrip().startswith(("#", "%")) for s in before.splitlines())
    if isinstance(data, list) and len(starts) + first_is_bare >= 2:
        return refused(starts[1 - first_is_bare], "multiple-documents",
                       "a dataset file holds one YAML document; split the rest into another file")
    if data is None:
        return _read_positioned_empty(text, filename)
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return refused(None, "too-deep", f"nesting deeper than {MAX_DEPTH} levels is not a dataset")
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    return refused(None, "key", "a mapping key must be a plain string")
                if key == "<<":
                    return refused(max(text.find("<<"), 0), "merge-key",
                                   "merge keys (`<<`) are not supported; write the fields out")
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    # No tree: libyaml cannot compose it, and is not asked again.
    return Document(filename, None, data, [], text=text, fast=True, _composed=True)


def _read_positioned_empty(text: str, filename: str) -> Document:
    what = "is empty" if not text.strip() else "holds only comments"
    return Document(filename, None, None, [Problem(filename, 1, 1, "empty", "",
                                                   f"the file {what}; a dataset file is a mapping with "
                                                   "sources, events, equipment, claims or evidence")],
                    text=text)


def read_document(data: bytes, filename: str, fast: bool = True) -> Document:
    """Decode and read one file, collecting every problem found on the way.

    With `fast`, a file is first read by the fast parser; the node tree that positions need
    is composed only for what has a problem. Both paths give the same records and problems
    (tests/test_properties.py holds them to it).
    """
    text, problems = decode(data, filename)
    if text is None:
        return Document(filename, None, None, problems)
    if fast and (data := read_fast(text)) is not None:
        return Document(filename, None, data, [], text=text, fast=True)
    return _read_positioned(text, filename)


def max_file_bytes() -> int:
    """The largest file materiel reads: $MATERIEL_MAX_FILE_MB megabytes (default 256; empty is
    unset); a value that is not a finite number above 0 is a SettingError naming the variable."""
    value = os.environ.get("MATERIEL_MAX_FILE_MB", "")
    if not value:
        return 256_000_000
    try:
        limit = float(value) * 1_000_000
    except ValueError:
        limit = math.nan
    if not (math.isfinite(limit) and limit > 0):  # inf overflowed int(); nan, 0 and -1 read nothing
        from ..errors import SettingError

        raise SettingError(f"MATERIEL_MAX_FILE_MB is set to {shortened(value)!r}; give a number of "
                           "megabytes above 0 (such as 512), or unset it for the default of 256")
    return int(limit)


def file_bytes(path: Path, name: str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or the problem that stops reading it: unreadable, a loop of symbolic links,
    not a regular file (a device or a FIFO has no size to check and may never end), or over the
    size limit, counted in bytes as they are read (a file that grows is stopped there)."""
    def problem(code: str, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(name, 1, 1, code, "", message)]

    limit = max_file_bytes()
    try:
        handle, kind = open_regular(path)
        if handle is None:
            return problem("unreadable", f"cannot read it: it is {kind}, not a regular file")
        with handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                return problem("too-large", _too_large(size, limit))
            data = handle.read(limit + 1)
        if len(data) > limit:
            return problem("too-large", _too_large(len(data), limit, grew=True))
        return data, []
    except OSError as err:
        if err.errno == errno.ELOOP:
            return problem("unreadable", "cannot read the file: a loop of symbolic links")
        return problem("unreadable", f"cannot read the file: {err.strerror or err}")


def open_regular(path: Path) -> tuple[BinaryIO | None, str | None]:
    """A file opened to read in binary, or (None, what it is) when it is not a regular file: a
    device or a FIFO has no size to check and may never end. Raises OSError as the system does.

    Nothing but a regular file is opened (opening a device may act on it); the open does not
    block, so that a file swapped for a FIFO after the check cannot hang it.
    """
    kind = not_a_file(os.stat(path).st_mode)
    if kind:
        return None, kind
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    kind = not_a_file(os.fstat(fd).st_mode)
    if kind:
        os.close(fd)
        return None, kind
    return os.fdopen(fd, "rb"), None


def not_a_file(mode: int) -> str | None:
    """What a file that is not a regular file is (`a FIFO (named pipe)`); None for a regular file."""
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return None


def _too_large(size: int, limit: int, grew: bool = False) -> str:
    said = f"more than {limit / 1e6:,.0f} MB as it was read" if grew else f"{size / 1e6:,.1f} MB"
    return (f"the file is {said}, over the limit of {limit / 1e6:,.0f} MB (raise it with "
            "MATERIEL_MAX_FILE_MB, or split the file)")


def read_file(path: Path, display: str | None = None, fast: bool = True) -> Document:
    """Read one file from disk; an unreadable or oversized file is a problem, not an exception."""
    name = display or str(path)
    data, problems = file_bytes(path, name)
    if data is None:
        return Document(name, None, None, problems)
    return read_document(data, name, fast)




__all__ = ["Document", "file_bytes", "max_file_bytes", "not_a_file", "open_regular", "read_document",
           "read_file"]
