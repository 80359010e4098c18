"""Problems found in a dataset, each with the position a researcher needs to fix it."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .text import SHOWN, inert, plural, shortened

_LONG_QUOTED = re.compile(r"`([^`]{" + str(SHOWN + 1) + r",})`")


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
    return f"{plural(len(problems), 'problem')} in {plural(files, 'file')}"
