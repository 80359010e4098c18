"""Rich tables for the terminal; every cell from the data is a Text, never markup.

Imported only when a table is drawn on a terminal (rich costs time at start-up)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..format.text import inert
from .tables import Table, cell_text

GRADE_STYLES = {"A": "bold green", "B": "green", "C": "yellow", "D": "red", "E": "bold red", "F": "dim"}
VERDICT_STYLES = {
    "confirmed": "bold green",
    "present": "green",
    "partly confirmed": "yellow",
    "unconfirmed": "bold red",
    "exceeds claim": "bold blue",
    "not claimed": "cyan",
}


def styled_cell(kind: str, value: object) -> Text:
    """One cell: the value as inert text (as every format shows it), styled by what it means."""
    text = inert(cell_text(value))
    if value is True:
        return Text(text, style="green")
    if kind == "grade" and text:
        return Text(text, style=GRADE_STYLES.get(text[0], ""))
    if kind == "verdict":
        return Text(text, style=VERDICT_STYLES.get(text, ""))
    return Text(text)


# Columns that, when every row has the same value, say it once in the caption instead.
CAPTION_WHEN_SHARED = ("event",)


def render_table(table: Table, console: Console, caption: str = "") -> None:
    """Print a table: wrapped, never truncated, numbers right-aligned, notes below.

    On a terminal the table wraps to its width; into a pipe or file it keeps its natural
    width, since there is no screen to fit.
    """
    columns = [c for c in table.columns if c.terminal]
    for name in CAPTION_WHEN_SHARED:
        shared = {row.get(name) for row in table.rows}
        if len(table.rows) > 1 and len(shared) == 1 and any(c.name == name for c in columns):
            columns = [c for c in columns if c.name != name]
            value = shared.pop()
            if f"{name} {value}" not in caption:  # unless a filter already says so
                caption = "; ".join(x for x in (f"{name}: {value}", caption) if x)
    out = RichTable(title=Text(inert(table.title), style="bold"),
                    caption=Text(inert(caption)) if caption else None,
                    caption_justify="left", header_style="bold", expand=False, box=box.SIMPLE_HEAD)
    cells = [[styled_cell(c.kind, row.get(c.name)) for c in columns] for row in table.rows]
    for i, column in enumerate(columns):
        numeric = column.kind in ("int", "float")
        # A number must never be split across lines: give its column room for the widest one.
        widest = max((cell.cell_len for row in cells for cell in row[i:i + 1]), default=0)
        out.add_column(Text(column.header), justify="right" if numeric else "left", overflow="fold",
                       min_width=max(widest, 3) if numeric or column.kind == "grade" else None)
    for row in cells:
        out.add_row(*row)
    if not console.is_terminal:
        natural = console.measure(out, options=console.options.update_width(100_000)).maximum
        console.width = max(console.width, natural)
    console.print(out)
    if not table.rows:
        console.print(Text("(no rows)"), style="dim")
    for note in table.notes:
        console.print(Text(inert(note)), style="dim")
