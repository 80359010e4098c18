"""The commands about the data itself: validate, schema and draft."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from . import cache
from .options import DataOption, OutputOption, ValidateFormat, said


def validate(
    data: DataOption = None,
    output_format: Annotated[ValidateFormat, typer.Option(
        "--format", "-f", help="text: one line per problem; json: an object for tools.")]
    = ValidateFormat.text,
) -> None:
    """Check a dataset: every problem of every file, each with FILE:LINE:COLUMN; exit 1 if any."""
    from ..dataset import load_dataset
    from ..errors import ProblemsFound

    if output_format is ValidateFormat.json:
        try:
            dataset = load_dataset(data)
        except ProblemsFound as found:
            typer.echo(json.dumps({"ok": False, "problems": [p.to_dict() for p in found.problems],
                                   "counts": None}, ensure_ascii=False, indent=2))
            raise typer.Exit(1) from None
        cache.loaded(dataset)
        typer.echo(json.dumps({"ok": True, "problems": [], "counts": dataset.counts(),
                               "files": dataset.files}, ensure_ascii=False, indent=2))
        return
    dataset = load_dataset(data)
    cache.loaded(dataset)
    typer.echo(dataset.summary_line())


def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the data format, for editors with a YAML language server."""
    from ..output.schema import schema_text

    if output is None:
        sys.stdout.write(schema_text())
    else:
        from ..output.files import write_atomic

        said(write_atomic(output, schema_text()))


def draft(
    quote: Annotated[str | None, typer.Argument(
        help="The claim's own words; without it (or with -), read from standard input.",
        show_default=False)] = None,
    data: DataOption = None,
) -> None:
    """Turn a claim's own words into a draft `items` list (YAML to paste); nothing guessed silently."""
    from ..dataset import builtin_catalog, load_dataset
    from ..errors import ProblemsFound
    from ..writing.draft import draft_items, draft_yaml

    if quote in (None, "-"):
        from ..reading.document import max_file_bytes

        limit = max_file_bytes()  # standard input may be /dev/zero: read no more than a file may hold
        raw, where = sys.stdin.buffer.read(limit + 1), "standard input"
        if len(raw) > limit:
            typer.echo(f"materiel: standard input holds more than {limit / 1e6:,.0f} MB, over the "
                       "limit (raise it with MATERIEL_MAX_FILE_MB)", err=True)
            raise typer.Exit(1)
    else:  # an argument that was not UTF-8 reaches Python with its bytes as lone surrogates
        raw, where = quote.encode("utf-8", "surrogateescape"), "the quote"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        typer.echo(f"materiel: {where} is not UTF-8 text (byte 0x{raw[err.start]:02x} at offset "
                   f"{err.start:,}); give the quote as UTF-8", err=True)
        raise typer.Exit(1) from None
    if not text.strip():
        raise typer.BadParameter("give the quote as an argument or on standard input", param_hint="QUOTE")
    try:
        catalog = load_dataset(data).catalog
    except ProblemsFound as found:
        catalog = builtin_catalog()
        typer.echo(f"materiel: the dataset has {len(found.problems)} problem(s) (see `materiel "
                   "validate`); drafting with the built-in catalog only", err=True)
    result = draft_items(text, catalog)
    sys.stdout.write(draft_yaml(result, text))
    if result.unplaced:
        typer.echo(f"materiel: {len(result.unplaced)} phrase(s) not placed; they are listed at the "
                   "end of the draft", err=True)
