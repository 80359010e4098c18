"""Problems found in a dataset, each with the position a researcher needs to fix it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

SHOWN = 80  # the longest value a problem quotes whole; a longer one is cut, and its length said
_LONG_QUOTED = re.compile(r"`([^`]{" + str(SHOWN + 1) + r",})`")


def shortened(text: str) -> str:
    """Text cut to SHOWN characters, saying how long it was (a megabyte value is one line)."""
    if len(text) <= SHOWN:
        return text
    return f"{text[:SHOWN - 20]}... ({len(text):,} characters)"


def inert(text: str) -> str:
    """Text from the data made safe to print: control and format characters become escapes.

    Quotes come from propaganda outlets; an ANSI sequence or a bidirectional override in
    one must be seen, not obeyed by the terminal.
    """
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() or c == " " else
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" if ord(c) < 0x10000
         else f"\\U{ord(c):08x}")
        if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn") else c
        for c in text
    )


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where it is (1-based line and column), a stable code, a path, a message."""

    file: str
    line: int
    column: int
    code: str
    path: str
    message: str

    def __post_init__(self) -> None:
        # Values quoted in a message (between backticks) and keys in the path come from the data:
        # a long one is cut, so that a problem stays one readable line.
        if len(self.message) > SHOWN and "`" in self.message:
            object.__setattr__(self, "message", _LONG_QUOTED.sub(
                lambda m: f"`{shortened(m.group(1))}`", self.message))
        if len(self.path) > SHOWN:
            object.__setattr__(self, "path", ".".join(shortened(part) for part in self.path.split(".")))

    def format(self) -> str:
        """Render as `FILE:LINE:COLUMN: error [CODE] PATH: MESSAGE`."""
        return inert(
            f"{self.file}:{self.line}:{self.column}: error [{self.code}] "
            f"{self.path or '(root)'}: {self.message}"
        )

    def to_dict(self) -> dict:
        """The problem as a plain mapping (for `--format json`)."""
        return asdict(self)


class ProblemsFound(Exception):
    """Raised by the loader when a dataset cannot be used as it is; carries every problem."""

    def __init__(self, problems: list[Problem], files: int = 0):
        self.problems = sorted(problems)
        self.files = files
        super().__init__(f"{len(self.problems)} problem(s)")


def format_path(loc: tuple | list) -> str:
    """Turn a location like ('claims', 0, 'items', 2) into `claims[0].items[2]`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def count_line(problems: list[Problem]) -> str:
    """The closing line under a list of problems."""
    files = len({p.file for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    fnoun = "file" if files == 1 else "files"
    return f"{len(problems)} {noun} in {files} {fnoun}"
