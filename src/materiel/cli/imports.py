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
CountryOption = Annotated[list[Country] | None, typer.Option(
    "--country", show_default=False, help="Only the losses of this side (repeatable; default both).")]


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
    as_of: AsOfOption,
    output: OutputOption,
    context: ContextOption = None,
    force: ForceOption = False,
) -> list[str]:
    """One claim (claimant ua-general-staff, status lost) with one item per category on --as-of."""
    from ..importers.public import check_targets, import_general_staff, write_import

    day = _as_of(as_of)
    check_targets(output, context, force, [file])
    imported = import_general_staff(file, day)
    return write_import(imported, output, context, force)
