"""The export formats: CSV (spreadsheet formulas neutralised), JSON and Markdown, each a function
from a Table to text, chosen by name in FORMATS."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

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


def _text_cell(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else ", ".join(value) if isinstance(value, list) else str(value)
    return neutralise(text)


def _number_cell(value: object) -> object:
    # A number stays a number (-30 in a numeric column is -30); text in one is text, neutralised.
    if value is None:
        return ""
    return value if isinstance(value, (int, float)) else _text_cell(value)


def _bool_cell(value: object) -> str:
    return "" if value is None else ("true" if value else "false")


_CELLS = {"int": _number_cell, "float": _number_cell, "bool": _bool_cell}


def to_csv(table: Table) -> str:
    """RFC 4180 CSV with a header row of column names; every column, bounds split."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.exported])
    # One converter per column, chosen once (tables run to hundreds of thousands of rows).
    cells = [(c.name, _CELLS.get(c.kind, _text_cell)) for c in table.exported]
    writer.writerows([[cell(row.get(name)) for name, cell in cells] for row in table.rows])
    return out.getvalue()


def _json_value(value: object) -> object:
    # Lists are joined as in the CSV, for now (the spreadsheet issue makes them lists in JSON).
    return ", ".join(value) if isinstance(value, list) else value


def to_json(table: Table) -> str:
    """A JSON list of objects with the same columns as the CSV; text kept exactly."""
    return json.dumps([{c.name: _json_value(row.get(c.name)) for c in table.exported} for row in table.rows],
                      ensure_ascii=False, indent=2) + "\n"


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
