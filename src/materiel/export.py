"""CSV, JSON and Markdown writers, spreadsheet-formula neutralising, and atomic file output."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import unicodedata
from pathlib import Path

import yaml

from .problems import inert
from .tables import Column, Table

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class OutputError(OSError):
    """The output file could not be written; the old file, if any, is untouched."""


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet will not run as a formula: a leading `'` before = + - @ tab CR."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


_FORMULA_STARTS = frozenset(FORMULA_PREFIXES)


def _text_cell(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text and text[0] in _FORMULA_STARTS else text


def _number_cell(value: object) -> object:
    return "" if value is None else value


def _bool_cell(value: object) -> str:
    return "" if value is None else ("true" if value else "false")


_CELLS = {"int": _number_cell, "float": _number_cell, "bool": _bool_cell}


def to_csv(table: Table) -> str:
    """RFC 4180 CSV with a header row of column names; every column, bounds split."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    # One converter per column, chosen once (tables run to hundreds of thousands of rows).
    cells = [(c.name, _CELLS.get(c.kind, _text_cell)) for c in table.columns]
    writer.writerows([[cell(row.get(name)) for name, cell in cells] for row in table.rows])
    return out.getvalue()


def read_csv(table_columns: list[Column], text: str) -> list[dict]:
    """Parse CSV written by `to_csv` back into typed rows (the round-trip the tests check).

    A text cell that was neutralised keeps its leading `'`: the spreadsheet shows it, and the
    original text cannot be told from one that began with `'`.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    kinds = {c.name: c.kind for c in table_columns}
    rows = []
    for record in reader:
        row = {}
        for name, cell in zip(header, record, strict=True):
            kind = kinds[name]
            if cell == "" and kind in ("int", "float", "bool"):
                row[name] = None
            elif kind == "int":
                row[name] = int(cell)
            elif kind == "float":
                row[name] = float(cell)
            elif kind == "bool":
                row[name] = cell == "true"
            else:
                row[name] = cell
        rows.append(row)
    return rows


def to_json(table: Table) -> str:
    """A JSON list of objects with the same columns as the CSV; text kept exactly."""
    return json.dumps([{c.name: row.get(c.name) for c in table.columns} for row in table.rows],
                      ensure_ascii=False, indent=2) + "\n"


# What could turn a cell into emphasis, a link, an HTML tag, an entity or a new column.
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~&"})


def markdown_cell(value: object) -> str:
    """Text made inert in a Markdown table: punctuation escaped, control characters shown."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    text = inert(str(value)).translate(_MARKDOWN_SPECIAL)
    return text.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def to_markdown(table: Table, caption: str = "") -> str:
    """A pipe table ready for a report, with the terminal's columns; notes below it."""
    columns = [c for c in table.columns if c.terminal]
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


class YamlDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, indenting a list under its key (`items:` then `  - ...`)."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def needs_escaping(text: str) -> bool:
    """Whether text holds characters a terminal or editor would act on (controls, bidi)."""
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text if c not in "\n\t")


def _texts(data: object):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(key)
            yield from _texts(value)
    elif isinstance(data, (list, tuple)):
        for value in data:
            yield from _texts(value)


def to_yaml(data: object, flow_leaves: bool = True) -> str:
    """Block YAML with flow-style leaves, strings quoted where YAML would re-type them.

    Non-ASCII text is kept readable, unless some text holds control or bidirectional
    characters: then everything is written as escapes, never raw.
    """
    hostile = any(needs_escaping(text) for text in _texts(data))
    return yaml.dump(data, Dumper=YamlDumper, sort_keys=False, allow_unicode=not hostile,
                     default_flow_style=None if flow_leaves else False, width=100)


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write a whole file or nothing: a temporary file beside it, fsync, then rename over it.

    Text is written as UTF-8 with its line endings as they are; bytes exactly.
    """
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException as err:  # a full disk, a read-only folder, Ctrl-C: the old file stays
        Path(temp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
