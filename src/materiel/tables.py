"""A table as every output format sees it: named, typed columns and rows of plain values."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One column: its key in CSV and JSON, its header on screen, and how to show its values.

    `kind` is one of text, int, float, bool, grade, verdict. Columns with `terminal=False`
    (the split bounds, record ids) go to CSV and JSON only; the screen shows their summary.
    """

    name: str
    header: str
    kind: str = "text"
    terminal: bool = True


@dataclass
class Table:
    """The result of a listing: a title, the columns, the rows, and what the reader should know."""

    title: str
    columns: list[Column]
    rows: list[dict]
    notes: list[str] = field(default_factory=list)

    def values(self, row: dict) -> list:
        """The row's values in column order."""
        return [row.get(c.name) for c in self.columns]
