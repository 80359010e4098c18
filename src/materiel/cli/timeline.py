"""`materiel timeline`: claimed against confirmed at each date of a schedule (a thin command over
analysis/timeline.py), as a table or an export, and, with --chart, drawn per row key."""

from __future__ import annotations

from typing import Annotated

import typer

from ..analysis.words import Every, Level
from .options import (
    TIMELINE_FILTER_OPTIONS,
    DataOption,
    EveryOption,
    FiltersOption,
    FormatOption,
    FromOption,
    GapOption,
    LevelOption,
    OutputOption,
    TableFormat,
    ToOption,
    filtered,
)
from .tables import emit, load


@filtered(options=TIMELINE_FILTER_OPTIONS)
def timeline(
    every: EveryOption = Every.month,
    start: FromOption = None,
    end: ToOption = None,
    level: LevelOption = Level.category,
    max_gap: GapOption = 7,
    chart: Annotated[bool, typer.Option(
        "--chart", help="Also draw each row's claimed and confirmed figures, one date per line, after "
                        "the table (with -o FILE, the export goes to FILE and the chart to the "
                        "screen).")] = False,
    data: DataOption = None,
    filters: FiltersOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """Claimed against confirmed at each date: one row per date, category, status and claimant, a
    gap where a side has no figure recent enough, never a figure carried from another date.

    \b
    Example, the General Staff's tank claims against Oryx at the end of each month:
      materiel timeline --data out --equipment ua-gs-tank --from 2025-01 --to 2025-07 --chart
    """
    if chart and output is None and output_format is not TableFormat.table:
        raise typer.BadParameter("the chart would mix with the export on stdout; write the export "
                                 "with -o FILE, or drop --format", param_hint="--chart")
    from ..analysis.timeline import timeline as make_timeline

    dataset, filters = load(data, filters)
    result = make_timeline(dataset, level, filters, every, start, end, max_gap)
    emit(result, output_format, output, dataset)
    if chart:
        from rich.console import Console

        from ..output.terminal import screen_width
        from ..output.timeline_chart import render_timeline_chart

        console = Console(highlight=False)
        screen_width(console)  # COLUMNS=0 is unset, as for the table: not a chart of no width
        render_timeline_chart(result, console)

