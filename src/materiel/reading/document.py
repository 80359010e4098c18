"""One file read: the only module that knows a file may be read on two paths.

The fast path (fast.py, yaml-rs) reads most files in a fraction of the time and gives no
positions; the positioned path (strict.py) composes a node tree with a line and column for
every node. A Document hides which path read it: its `data` is the plain data as YAML 1.2
reads it, `as_written` gives a record as the positioned path reads it (every scalar text, for
the models to judge), and `position` finds any location, composing only what it needs.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..format.problems import Problem
from .fast import read_fast
from .strict import Mapping, Node, Sequence, compose, construct, decode, locate

_ITEM = re.compile(r"^( *)-(?:[ \t]|$)", re.MULTILINE)


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
        data is what it constructs (none, if it could not), and the problems are its own.
        """
        if self.root is None and self.text is not None and not self._composed:
            self._composed = True
            root, problems = compose(self.text, self.filename)
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
        return locate(tree, loc, at) if tree is not None else (1, 1)

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




__all__ = ["Document", "file_bytes", "max_file_bytes", "read_document", "read_file"]
