"""The table commands: claims, evidence, summary, compare, catalog, and the HTML report.

Each parses its options, makes one library call, and hands the typed result to output.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..analysis.words import Level, SummaryBy
from . import cache
from .guard import say
from .options import (
    DataOption,
    FiltersOption,
    FormatOption,
    LevelOption,
    MaxGapOption,
    OutputOption,
    SummaryByOption,
    TableFormat,
    filtered,
    said,
)


def load(data, filters: dict | None = None):
    """The dataset, and the filters built and checked against it (an unknown id is a usage error)."""
    from ..analysis.filters import Filters
    from ..dataset import load_dataset

    dataset = load_dataset(data)
    cache.loaded(dataset)
    # The dataset lives as long as this one command; leave its millions of objects out of the
    # collector's full passes, which would otherwise walk them again for every table built.
    gc.freeze()
    return dataset, Filters.build(dataset, **(filters or {}))


def emit(result, output_format: TableFormat, output: Path | None, dataset=None) -> None:
    """Render a result in the chosen format to stdout or, atomically, to a file."""
    if output_format is TableFormat.geojson:
        _emit_geojson(result, output, dataset)
        return
    from ..output.tables import table

    shown = table(result, screen=output_format is TableFormat.table,
                  exported_only=output_format in (TableFormat.csv, TableFormat.json))
    where = ", ".join(dataset.files) if dataset else ""
    filters = getattr(result, "filters", None)
    described = filters.describe() if filters else ""
    caption = "; ".join(x for x in (f"data: {where}" if where else "", described) if x)
    if output_format is TableFormat.table:
        from rich.console import Console

        from ..output.terminal import render_table

        if output is None:
            render_table(shown, Console(highlight=False), caption)
            return
        import io

        buffer = io.StringIO()
        render_table(shown, Console(file=buffer, no_color=True, highlight=False), caption)
        text = buffer.getvalue()
    else:
        from ..output.formats import FORMATS, to_markdown

        text = to_markdown(shown, caption) if output_format is TableFormat.markdown \
            else FORMATS[output_format.value](shown)
    _write(text, output, dataset)


def _emit_geojson(result, output: Path | None, dataset) -> None:
    """A FeatureCollection of the result's located records; how many had no place, on stderr."""
    from ..output.geojson import supports, to_geojson

    if not supports(result):  # the --format callback refuses these first; a library caller may not
        raise typer.BadParameter(f"no GeoJSON of {type(result).__name__}", param_hint="--format")
    made = to_geojson(result)
    _write(made.text, output, dataset)
    if note := made.note():
        say(note)


def _write(text: str, output: Path | None, dataset) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        from ..output.files import write_atomic

        said(write_atomic(output, text, reads=dataset.files if dataset else ()))


@filtered
def claims(
    data: DataOption = None,
    filters: FiltersOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """List every claim item: event, claimant (and via), published, equipment, quantity, grade, words."""
    from ..analysis import queries

    dataset, filters = load(data, filters)
    emit(queries.claims(dataset, filters), output_format, output, dataset)


@filtered
def evidence(
    data: DataOption = None,
    filters: FiltersOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """List the hardware the evidence shows: one row per observation, with grade and verification."""
    from ..analysis import queries

    dataset, filters = load(data, filters)
    emit(queries.evidence(dataset, filters), output_format, output, dataset)


@filtered
def summary(
    by: SummaryByOption = SummaryBy.category,
    data: DataOption = None,
    filters: FiltersOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """Claimed totals, each with its claimant and grade; claimants are never added together."""
    from ..analysis import queries

    dataset, filters = load(data, filters)
    emit(queries.summary(dataset, by, filters), output_format, output, dataset)


@filtered
def compare(
    level: LevelOption = Level.category,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when any claimed row is not confirmed, `no data` included (for a "
                         "dataset's CI).")] = False,
    chart: Annotated[bool, typer.Option(
        "--chart", help="Also draw claimed against confirmed as bars, after the table "
                        "(with -o FILE, the export goes to FILE and the bars to the screen).")] = False,
    max_gap: MaxGapOption = 7,
    data: DataOption = None,
    filters: FiltersOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """Compare claims with the evidence: claimed, confirmed, grades, independence, ratio, verdict."""
    from ..analysis import queries

    if chart and output is None and output_format is not TableFormat.table:
        raise typer.BadParameter("the bars would mix with the export on stdout; write the export "
                                 "with -o FILE, or drop --format", param_hint="--chart")
    dataset, filters = load(data, filters)
    comparison = queries.compare(dataset, level, filters, max_gap)
    emit(comparison, output_format, output, dataset)
    if chart:
        from rich.console import Console

        from ..output.charts import render_chart
        from ..output.terminal import screen_width

        console = Console(highlight=False)
        screen_width(console)  # COLUMNS=0 is unset, as for the table: not a chart of no width
        render_chart(comparison, console)
    if strict and (short := comparison.short):
        from ..output.tables import confirmed_text

        # Each failing row on a line of its own, after the table: what a dataset's CI log shows.
        for r in short:
            found = confirmed_text(r)
            seen = r.verdict.value if found is None else f"confirmed {found}, {r.verdict.value}"
            typer.echo(f"materiel: not confirmed: {r.event} {r.equipment} {r.status.value} "
                       f"{r.claimant} {r.claimed.display() if r.claimed else ''} ({seen})", err=True)
        typer.echo(f"materiel: {len(short)} claimed row(s) not confirmed (--strict)", err=True)
        raise typer.Exit(1)


@filtered
def report(
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write the page to FILE (atomically); `-` prints it to stdout.")] = Path("report.html"),
    date: Annotated[str | None, typer.Option(
        "--date", metavar="YYYY-MM-DD", show_default=False,
        help="The date the report states; default $SOURCE_DATE_EPOCH, else today.")] = None,
    level: LevelOption = Level.category,
    max_gap: MaxGapOption = 7,
    data: DataOption = None,
    filters: FiltersOption = None,
) -> None:
    """Write a self-contained HTML page: charts of claimed against confirmed, tables, sources, rules."""
    from ..output.files import write_atomic
    from ..output.report import html_report, report_date

    dataset, filters = load(data, filters)
    try:
        when = report_date(date)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--date") from None
    page = html_report(dataset, level, filters, when, max_gap)
    if str(output) == "-":
        sys.stdout.write(page)
        return
    said(write_atomic(output, page, reads=dataset.files))
    say(f"wrote {output}")


def catalog(
    search: Annotated[str | None, typer.Option(
        "--search", "-s", metavar="WORDS", show_default=False,
        help="Only nodes whose id, name or an alias contains WORDS (e.g. 'grad missiles').")] = None,
    data: DataOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """Show the equipment tree with its aliases (the built-in catalog and the dataset's additions)."""
    from ..analysis import queries

    dataset, _ = load(data)
    emit(queries.catalog(dataset.catalog, search), output_format, output, dataset)


def mappings(
    data: DataOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """Show what each claimant's category stands for in the catalog (certainly, in doubt), and why."""
    from ..analysis import queries

    dataset, _ = load(data)
    emit(queries.mappings(dataset.catalog), output_format, output, dataset)
