"""`materiel import ...`: the public record as materiel datasets (thin commands over importers/)."""

from __future__ import annotations

import functools
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

HELP = ("Import public data (Oryx's visual confirmations, the Ukrainian General Staff's claims) "
        "as materiel dataset files.")


class Country(StrEnum):
    """Whose losses, for --country."""

    Russia = "Russia"
    Ukraine = "Ukraine"


OutputOption = Annotated[Path, typer.Option(
    "--output", "-o", metavar="FILE", help="The dataset file to write (YAML, atomically).")]
ContextOption = Annotated[Path | None, typer.Option(
    "--context", metavar="FILE", show_default=False,
    help="Put the shared sources and events in FILE (written once, left alone when up to date) "
         "instead of in the output, so that several imports combine without duplicate ids.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite existing files.")]
AsOfOption = Annotated[str, typer.Option(
    "--as-of", metavar="DATE", help="The day (YYYY-MM-DD) of the counts.")]
FromOption = Annotated[str | None, typer.Option(
    "--from", metavar="DATE", show_default=False,
    help="Import a series from this day (YYYY-MM-DD; default the file's first).")]
ToOption = Annotated[str | None, typer.Option(
    "--to", metavar="DATE", show_default=False,
    help="Import a series to this day (YYYY-MM-DD; default the file's last).")]
EveryOption = Annotated[str, typer.Option(
    "--every", metavar="day|week|month",
    help="Keep every date, or the last date the file has in each ISO week or month.")]
CountryOption = Annotated[list[Country] | None, typer.Option(
    "--country", metavar="Russia|Ukraine", show_default=False,
    help="Only the losses of this side (repeatable; default both).")]


def _reported(command):
    """Print an import's report, line by line, after the import succeeds."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        for line in command(*args, **kwargs):
            typer.echo(line)

    return run


def _as_of(value: str) -> str:
    from ..importers.public import as_of_date

    try:
        return as_of_date(value)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--as-of") from None


def _day(value: str | None, option: str) -> str | None:
    from ..importers.public import as_of_date

    if value is None:
        return None
    try:
        return as_of_date(value)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint=option) from None


def _range(start: str | None, end: str | None, every: str) -> tuple[str | None, str | None, str]:
    from ..importers.series import every_option

    start, end = _day(start, "--from"), _day(end, "--to")
    if start and end and start > end:
        raise typer.BadParameter(f"{start} is after --to {end}", param_hint="--from")
    try:
        return start, end, every_option(every)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--every") from None


def _import(run):
    """Run an import: an input with several bad lines is said a line per problem, exit 1."""
    from ..importers.series import ImportProblems
    from .guard import say

    try:
        return run()
    except ImportProblems as err:
        for problem in err.message.split("\n"):
            say(problem)
        raise typer.Exit(1) from None


@_reported
def oryx_events(
    files: Annotated[list[Path], typer.Argument(
        metavar="FILE...", help="Oryx's event_destroyed.csv, event_captured.csv, ... (one row per image).")],
    output: OutputOption,
    country: CountryOption = None,
    context: ContextOption = None,
    force: ForceOption = False,
) -> list[str]:
    """One evidence record (kind photo, publisher oryx) per row of Oryx's per-image files,
    mapped onto the catalog; prints how many rows went where."""
    from ..importers.public import check_targets, import_oryx_events, write_import

    check_targets(output, context, force, files)
    imported = import_oryx_events(files, [c.value for c in country or ()])
    return write_import(imported, output, context, force)


@_reported
def oryx_totals(
    file: Annotated[Path, typer.Argument(
        metavar="FILE", help="Oryx's totals_by_type.csv, or daily_count.csv.")],
    as_of: AsOfOption,
    output: OutputOption,
    country: CountryOption = None,
    context: ContextOption = None,
    force: ForceOption = False,
) -> list[str]:
    """One evidence record (kind dataset) per side with Oryx's counts per category and status on
    --as-of (from daily_count.csv: each category's latest row on or before it)."""
    from ..importers.public import check_targets, import_oryx_totals, write_import

    day = _as_of(as_of)
    check_targets(output, context, force, [file])
    imported = import_oryx_totals(file, day, [c.value for c in country or ()])
    return write_import(imported, output, context, force)


@_reported
def ua_general_staff(
    file: Annotated[Path, typer.Argument(
        metavar="FILE", help="russia_losses_equipment.json (the General Staff's daily counts).")],
    output: OutputOption,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", show_default=False,
        help="The day (YYYY-MM-DD) of the counts: one claim. Without it, a series (--from, --to).")] = None,
    start: FromOption = None,
    end: ToOption = None,
    every: EveryOption = "day",
    context: ContextOption = None,
    force: ForceOption = False,
) -> list[str]:
    """One claim (claimant ua-general-staff, status lost) with one item per category on --as-of;
    or, with --from/--to (or neither), one series of claims: a row per date kept, a column per
    category, ~ where the day has no such category."""
    from ..importers.public import check_targets, import_general_staff, write_import
    from ..importers.series import import_general_staff_series

    if as_of is not None and (start is not None or end is not None or every != "day"):
        raise typer.BadParameter("--as-of imports one day; --from, --to and --every a series: "
                                 "give one or the other", param_hint="--as-of")
    if as_of is not None:
        day = _as_of(as_of)
        check_targets(output, context, force, [file])
        imported = import_general_staff(file, day)
        return write_import(imported, output, context, force)
    first, last, every = _range(start, end, every)
    check_targets(output, context, force, [file])
    imported = import_general_staff_series(file, first, last, every)
    return write_import(imported, output, context, force)


@_reported
def oryx_history(
    file: Annotated[Path, typer.Argument(
        metavar="FILE", help="Oryx's totals_by_type_history.csv, or daily_count.csv.")],
    output: OutputOption,
    start: FromOption = None,
    end: ToOption = None,
    every: EveryOption = "day",
    country: CountryOption = None,
    context: ContextOption = None,
    force: ForceOption = False,
) -> list[str]:
    """One series of evidence (kind dataset, publisher oryx) per side: Oryx's counts per category
    and status on each date kept; names normalised and renames mapped (the report lists them)."""
    from ..importers.public import check_targets, write_import
    from ..importers.series import import_oryx_history

    first, last, every = _range(start, end, every)
    check_targets(output, context, force, [file])
    imported = _import(lambda: import_oryx_history(file, first, last, every,
                                                   [c.value for c in country or ()]))
    return write_import(imported, output, context, force)
