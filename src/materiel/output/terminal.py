"""Rich tables for the terminal; every cell from the data is a Text, never markup.

Imported only when a table is drawn on a terminal (rich costs time at start-up)."""

from __future__ import annotations

import shutil

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from ..format.text import inert
from .tables import Column, Table, cell_text

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

# A narrowed table: two cells between columns (one of padding, one of the box), no edges.
GAP = 2
# Text may fold down to this width (11: a quantity's longest word, `unspecified`, stays whole);
# numbers, grades, booleans and verdicts never split a word.
TEXT_FOLD = 11
UNSPLIT = ("int", "float", "bool", "grade", "verdict")


def screen_width(console: Console) -> int:
    """The console's width. Rich takes COLUMNS=0 as zero columns and would print nothing; like
    coreutils and shutil, treat it as unset: the terminal's own size, else 80. (A negative or
    non-numeric COLUMNS rich already ignores so.)"""
    if console.width < 1:
        console.width = shutil.get_terminal_size((80, 24)).columns
    return console.width


def _extent(header: str, cells: list[Text]) -> tuple[int, int]:
    """(longest word, longest line) of a column's header and cells, in terminal cells."""
    texts = [header, *(cell.plain for cell in cells)]
    lines = [line for text in texts for line in text.split("\n")]
    return (max((cell_len(word) for line in lines for word in line.split()), default=1),
            max((cell_len(line) for line in lines), default=1))


def _fit(columns: list[Column], cells: list[list[Text]],
         width: int) -> tuple[list[int], dict[int, int]] | None:
    """The columns a table narrower than its natural width keeps, and each one's width; None
    when even the kept columns cannot stand side by side without splitting their words.

    Kept columns (`Column.keep`) stay; the others are left out, the widest first, until the rest
    fit with every word whole; if the kept ones alone still do not, their text folds down to
    TEXT_FOLD (numbers, grades and verdicts stay whole)."""
    word, natural = {}, {}
    for i, column in enumerate(columns):
        word[i], natural[i] = _extent(column.header, [row[i] for row in cells])
    fold = {i: word[i] if c.kind in UNSPLIT else min(word[i], TEXT_FOLD) for i, c in enumerate(columns)}
    chosen = list(range(len(columns)))

    def required(least, indices):
        return sum(least[i] for i in indices) + GAP * (len(indices) - 1)

    while required(word, chosen) > width and (optional := [i for i in chosen if not columns[i].keep]):
        chosen.remove(max(optional, key=lambda i: (natural[i], i)))
    least = next((x for x in (word, fold) if required(x, chosen) <= width), None)
    if least is None:
        return None
    widths = {i: least[i] for i in chosen}
    spare = width - required(least, chosen)
    # Share what is left as water fills, the narrowest column first: whole words, then lines.
    for wanted in (word, natural):
        while spare > 0 and (wanting := [i for i in chosen if widths[i] < wanted[i]]):
            widths[min(wanting, key=lambda i: (widths[i], i))] += 1
            spare -= 1
    return chosen, widths


def _title(table: Table) -> Text:
    return Text(inert(table.title), style="bold")


def _caption(caption: str) -> Text | None:
    return Text(inert(caption)) if caption else None


def _render_records(table: Table, columns: list[Column], cells: list[list[Text]], console: Console,
                    caption: str, width: int) -> None:
    # Too narrow for the kept columns side by side: each row as a block of `Header  value`
    # lines, every column included, so nothing is left out.
    label = min(max((cell_len(c.header) for c in columns), default=1), max(width // 2, 1))
    value = max(width - label - 1, 1)
    console.print(_title(table))
    for row in cells:
        console.print()
        grid = RichTable.grid(padding=(0, 1, 0, 0))
        grid.add_column(width=label, overflow="fold")
        grid.add_column(width=value, overflow="fold")
        for column, cell in zip(columns, row, strict=True):
            grid.add_row(Text(column.header, style="bold"), cell)
        console.print(grid)
    console.print()
    if caption:
        console.print(_caption(caption))
    console.print(Text(f"One block per row: {width} columns are too few for the table; a wider "
                       "terminal shows it, --format csv or --format json every column."))


def render_table(table: Table, console: Console, caption: str = "") -> None:
    """Print a table: wrapped, never truncated, numbers right-aligned, notes below.

    On a terminal the table wraps to its width. Narrower than the table's natural width, it
    keeps the columns that identify a row and carry its figures and verdict, folds text, and
    leaves out others only with a note saying which; too narrow even for those, each row is a
    block of lines. Into a pipe or file it keeps its natural width, since there is no screen
    to fit.
    """
    columns = [c for c in table.columns if c.terminal]
    for name in CAPTION_WHEN_SHARED:
        shared = {row.get(name) for row in table.rows}
        if len(table.rows) > 1 and len(shared) == 1 and any(c.name == name for c in columns):
            columns = [c for c in columns if c.name != name]
            value = shared.pop()
            if f"{name} {value}" not in caption:  # unless a filter already says so
                caption = "; ".join(x for x in (f"{name}: {value}", caption) if x)
    cells = [[styled_cell(c.kind, row.get(c.name)) for c in columns] for row in table.rows]
    out = _rich_table(table, columns, cells, caption)
    natural = console.measure(out, options=console.options.update_width(100_000)).maximum
    left_out: list[Column] = []
    if not console.is_terminal:
        console.width = max(console.width, natural)
    elif natural > (width := screen_width(console)):
        fitted = _fit(columns, cells, width)
        if fitted is None:
            _render_records(table, columns, cells, console, caption, width)
            _render_notes(table, console)
            return
        chosen, widths = fitted
        left_out = [c for i, c in enumerate(columns) if i not in widths]
        out = _rich_table(table, [columns[i] for i in chosen], [[row[i] for i in chosen] for row in cells],
                          caption, [widths[i] for i in chosen])
    console.print(out)
    if left_out:
        console.print(Text(f"Left out at {console.width} columns: "
                           + ", ".join(inert(c.header) for c in left_out)
                           + "; a wider terminal shows them, --format csv or --format json every column."))
    _render_notes(table, console)


def _rich_table(table: Table, columns: list[Column], cells: list[list[Text]], caption: str,
                widths: list[int] | None = None) -> RichTable:
    # `widths`: a narrowed table, its widths chosen by _fit, compact (no edges, one cell of padding).
    narrowed = widths is not None
    out = RichTable(title=_title(table), caption=_caption(caption), caption_justify="left",
                    header_style="bold", expand=False, box=box.SIMPLE_HEAD,
                    show_edge=not narrowed, pad_edge=not narrowed,
                    padding=(0, 1, 0, 0) if narrowed else (0, 1))
    for i, column in enumerate(columns):
        numeric = column.kind in ("int", "float")
        if narrowed:
            out.add_column(Text(column.header), justify="right" if numeric else "left", overflow="fold",
                           width=widths[i])
            continue
        # A number must never be split across lines: give its column room for the widest one.
        widest = max((cell.cell_len for row in cells for cell in row[i:i + 1]), default=0)
        out.add_column(Text(column.header), justify="right" if numeric else "left", overflow="fold",
                       min_width=max(widest, 3) if numeric or column.kind == "grade" else None)
    for row in cells:
        out.add_row(*row)
    return out


def _render_notes(table: Table, console: Console) -> None:
    if not table.rows:
        console.print(Text("(no rows)"), style="dim")
    for note in table.notes:
        console.print(Text(inert(note)), style="dim")
