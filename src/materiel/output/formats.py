"""The export formats: CSV (spreadsheet formulas neutralised), JSON and Markdown, each a function
from a Table to text, chosen by name in FORMATS."""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from collections.abc import Callable

from ..format.text import inert
from .tables import Table, cell_text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_STARTS = frozenset("=+-@")
# Categories a spreadsheet may trim before it looks for a formula: spaces (no-break, ideographic,
# ...), line and paragraph separators, control characters, and format characters (zero-width
# space and joiners U+200B..U+200D, word joiner U+2060, the BOM U+FEFF, bidi marks).
_TRIMMED = frozenset(("Zs", "Zl", "Zp", "Cc", "Cf"))


def _trimmed(c: str) -> bool:
    return c.isspace() or unicodedata.category(c) in _TRIMMED


def _reads_as_formula(cell: str) -> bool:
    # Past whatever a spreadsheet may trim, the first character, or its NFKC fold (full-width
    # and small forms: U+FF1D ＝ is =), is = + - or @.
    for c in cell:
        if _trimmed(c):
            continue
        if c in _FORMULA_STARTS:
            return True
        folded = "".join(f for f in unicodedata.normalize("NFKC", c) if not _trimmed(f))
        if not folded:
            continue  # folds to a space: still trimmed
        return folded[0] in _FORMULA_STARTS
    return False


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet will not run as a formula: a leading `'` before a cell that starts
    with tab or CR, or whose first character past spaces and invisible characters is = + - @
    (full-width forms included). Every CSV materiel writes goes through this one function."""
    if not cell:
        return cell
    first = cell[0]
    if "!" <= first <= "~":  # printable ASCII, no space: the common case, decided at once
        return "'" + cell if first in _FORMULA_STARTS else cell
    if first in "\t\r" or _reads_as_formula(cell):
        return "'" + cell
    return cell


# The most characters a spreadsheet cell holds (Excel and LibreOffice cut or refuse a longer one).
CELL_LIMIT = 32_767
_LIST_TAIL = ", ... (the full list in --format json)"


def _list_summary(items: list) -> str:
    """A list too long for one cell: its count, then as many items as fit whole, then where the
    rest is: `26,655 entries: oryx-7-1-2-3, oryx-7-1-2-4, ... (the full list in --format json)`."""
    head = f"{len(items):,} entries: "
    room = CELL_LIMIT - len(head) - len(_LIST_TAIL)
    kept, used = [], 0
    for item in map(str, items):
        cost = len(item) + (2 if kept else 0)
        if used + cost > room:
            break
        kept.append(item)
        used += cost
    return head + ", ".join(kept) + _LIST_TAIL if kept else f"{len(items):,} entries{_LIST_TAIL[1:]}"


def _cut_text(text: str) -> str:
    """A text too long for one cell, cut with a marker that says how much was left out (room is
    kept for the `'` that neutralise() may put before it)."""
    def marker(left_out: int) -> str:
        return f" [... {left_out:,} more characters: the full text in --format json]"

    keep = CELL_LIMIT - 1 - len(marker(len(text)))
    return text[:keep] + marker(len(text) - keep)


class _Shortened(str):
    """A cell shortened to fit a spreadsheet cell (to_csv counts them, to say so on stderr)."""

    __slots__ = ()


def _text_cell(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else ", ".join(value) if isinstance(value, list) else str(value)
    cell = neutralise(text)
    if len(cell) <= CELL_LIMIT:
        return cell
    return _Shortened(neutralise(_list_summary(value) if isinstance(value, list) else _cut_text(text)))


def _number_cell(value: object) -> object:
    # A number stays a number (-30 in a numeric column is -30); text in one is text, neutralised.
    if value is None:
        return ""
    return value if isinstance(value, (int, float)) else _text_cell(value)


def _bool_cell(value: object) -> str:
    return "" if value is None else ("true" if value else "false")


_CELLS = {"int": _number_cell, "float": _number_cell, "bool": _bool_cell}

# A text cell whose first character is one of these is left as it is by neutralise(): printable
# ASCII but a space and = + - @; the empty cell too. The columns below ask only this of most cells.
_PLAIN_FIRST = frozenset(chr(c) for c in range(ord("!"), ord("~") + 1)) - _FORMULA_STARTS | {""}
_NUMBERS = frozenset((int, float))


def _csv_column(kind: str, values: tuple) -> list:
    """One column's cells, as the cell functions above make them one by one, made a column at a
    time: the cells that need no decision are passed through in a comprehension."""
    if kind in ("int", "float"):
        return [v if v.__class__ in _NUMBERS else _number_cell(v) for v in values]
    if kind == "bool":
        return ["" if v is None else ("true" if v else "false") for v in values]
    if set(map(type, values)) == {list}:  # lists of ids and words, joined as _text_cell joins them
        return [j if j[:1] in _PLAIN_FIRST and len(j) <= CELL_LIMIT else _text_cell(v)
                for j, v in zip([", ".join(v) for v in values], values, strict=True)]
    return [v if v.__class__ is str and v[:1] in _PLAIN_FIRST and len(v) <= CELL_LIMIT else _text_cell(v)
            for v in values]


def _stderr(message: str) -> None:
    sys.stderr.write(f"materiel: {message}\n")
    sys.stderr.flush()


def shortened_line(shortened: dict[str, int]) -> str:
    """The one line that says which CSV columns were shortened to fit a spreadsheet cell."""
    said = ", ".join(f"{name} in {n:,} row{'' if n == 1 else 's'}" for name, n in shortened.items())
    return (f"CSV: cells shortened to fit a spreadsheet cell ({CELL_LIMIT:,} characters at most), each "
            f"saying so: {said}; --format json has the full values.")


def to_csv(table: Table, say: Callable[[str], None] | None = _stderr) -> str:
    """RFC 4180 CSV with a header row of column names; every column, bounds split.

    No cell is longer than a spreadsheet cell holds (CELL_LIMIT): a longer list is written as its
    count and its first items, any other longer text cut with a marker saying how much was left
    out; `say` (stderr, by default; None: silent) is told in one line which columns, in how many rows.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = table.exported
    writer.writerow([c.name for c in columns])
    rows = table.values()
    shortened: dict[str, int] = {}
    if columns and rows:
        # Column by column (tables run to hundreds of thousands of rows), then back into rows.
        cells = []
        for column, values in zip(columns, zip(*rows, strict=True), strict=True):
            made = _csv_column(column.kind, values)
            if column.kind != "bool" and (n := sum(1 for c in made if c.__class__ is _Shortened)):
                shortened[column.name] = shortened.get(column.name, 0) + n
            cells.append(made)
        writer.writerows(zip(*cells, strict=True))
    else:
        writer.writerows([] for _ in rows)
    if shortened and say is not None:
        say(shortened_line(shortened))
    return out.getvalue()


_encode_text = json.encoder.encode_basestring  # the encoder json.dumps uses with ensure_ascii=False
_JSON_WORDS = {None: "null", True: "true", False: "false"}


class _Nested(Exception):
    """A value the one-pass JSON writer does not lay out (a dict, a tuple): json.dumps does."""


def _json_list(values: list) -> str:
    # A list of text, as json.dumps(..., indent=2) writes it as the value of a row's key.
    if not values:
        return "[]"
    if set(map(type, values)) != {str}:
        raise _Nested
    return "[\n      " + ",\n      ".join(map(_encode_text, values)) + "\n    ]"


def _json_cell(value: object) -> str:
    if isinstance(value, list):
        return _json_list(value)
    if isinstance(value, (dict, tuple)):
        raise _Nested
    return json.dumps(value, ensure_ascii=False)


def _json_column(values: tuple) -> list[str]:
    """One column's values as JSON text, as json.dumps writes them (a scalar is written the same
    with or without indent)."""
    types = set(map(type, values))
    if types == {str}:
        return list(map(_encode_text, values))
    if types <= {str, type(None)}:
        return ["null" if v is None else _encode_text(v) for v in values]
    if types <= {bool, type(None)}:
        return [_JSON_WORDS[v] for v in values]
    if types <= {int, type(None)}:
        return ["null" if v is None else int.__repr__(v) for v in values]
    if types <= {float, type(None)}:  # nan and infinities (v - v is not 0) as json.dumps says them
        return ["null" if v is None else float.__repr__(v) if v - v == 0 else _json_cell(v) for v in values]
    if types <= {list, type(None)}:
        return ["null" if v is None else _json_list(v) for v in values]
    return [_json_cell(v) for v in values]


def _json_dumps(table: Table) -> str:
    return json.dumps([{c.name: row.get(c.name) for c in table.exported} for row in table.rows],
                      ensure_ascii=False, indent=2) + "\n"


def to_json(table: Table) -> str:
    """A JSON list of objects with the same columns as the CSV; text kept exactly, lists as lists
    (whole: never shortened as a spreadsheet cell is)."""
    columns = table.exported
    names = [c.name for c in columns]
    rows = table.values()
    if not rows or not columns or len(set(names)) < len(names):
        return _json_dumps(table)
    # What json.dumps(..., indent=2) writes, made a column at a time and laid out row by row with
    # one format string (its indenting encoder is pure Python, one call per value: ten times slower).
    try:
        cells = [_json_column(values) for values in zip(*rows, strict=True)]
    except _Nested:
        return _json_dumps(table)
    layout = "  {\n" + ",\n".join(f"    {_encode_text(n).replace('%', '%%')}: %s" for n in names) + "\n  }"
    return "[\n" + ",\n".join([layout % row for row in zip(*cells, strict=True)]) + "\n]\n"


# What could turn a cell into emphasis, a link, an HTML tag, an entity or a new column.
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~&"})


def markdown_cell(value: object) -> str:
    """Text made inert in a Markdown table: punctuation escaped, control characters shown."""
    text = inert(cell_text(value)).translate(_MARKDOWN_SPECIAL)
    return text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def to_markdown(table: Table, caption: str = "") -> str:
    """A pipe table ready for a report, with the terminal's columns; notes below it."""
    columns = table.shown
    right = {"int", "float"}
    lines = [
        f"**{markdown_cell(table.title)}**" + (f" ({markdown_cell(caption)})" if caption else ""),
        "",
        "| " + " | ".join(c.header for c in columns) + " |",
        "|" + "|".join("---:" if c.kind in right else "---" for c in columns) + "|",
    ]
    for row in table.rows:
        lines.append("| " + " | ".join(markdown_cell(row.get(c.name)) for c in columns) + " |")
    if table.notes:
        lines.append("")
        lines.extend(f"- {markdown_cell(n)}" for n in table.notes)
    return "\n".join(lines) + "\n"


FORMATS = {"csv": to_csv, "json": to_json, "markdown": to_markdown}
