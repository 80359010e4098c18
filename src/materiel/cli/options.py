"""Every option of the command line, defined once; the commands' signatures name them.

Nothing heavy is imported here (pydantic, rich, PyYAML): `materiel --help` must start quickly.
"""

from __future__ import annotations

import enum
import functools
import inspect
from pathlib import Path
from typing import Annotated

import typer

from ..analysis.words import Every, Level, SummaryBy
from ..format.vocabulary import Reliability, Status


class ValidateFormat(enum.StrEnum):
    """Output formats of `validate`."""

    text = "text"
    json = "json"


class TableFormat(enum.StrEnum):
    """Output formats of the table commands."""

    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    geojson = "geojson"


# The commands whose records can have a place: only they take `--format geojson`.
GEOJSON_COMMANDS = ("evidence", "items", "events")


def _mapped_only(ctx: typer.Context, value: TableFormat | None) -> TableFormat | None:
    """`--format geojson` on a command with nothing to map is a usage error, before any work."""
    if value is TableFormat.geojson and ctx.info_name not in GEOJSON_COMMANDS:
        raise typer.BadParameter(
            f"geojson is for the records that have a place ({', '.join(GEOJSON_COMMANDS)}); "
            f"{ctx.info_name} has none: use table, csv, json or markdown")
    return value


def complete_ids(kind: str):
    """Shell completion of the ids of one kind of record, read from the dataset being used: from
    the cache when the dataset's files are unchanged, else loaded (and then kept in the cache)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from . import cache

        data = ctx.params.get("data") or None
        try:
            facts = cache.probe(data) if cache.enabled() else None
        except (cache.Uncacheable, OSError, ValueError):
            facts = None
        ids = cache.cached_ids(facts) if facts is not None else None
        if ids is None:
            from ..dataset import load_dataset

            try:
                dataset = load_dataset(data)
            except Exception:  # a broken dataset completes nothing; `validate` says why
                return []
            ids = cache.ids_of(dataset)
            try:
                if facts is not None and cache.probe(data) == facts:  # unchanged while it loaded
                    cache.store_ids(facts, ids)
            except Exception:
                pass
        return [i for i in ids[kind] if i.startswith(incomplete)]

    return complete


DataOption = Annotated[list[Path] | None, typer.Option(
    "--data", "-d", metavar="PATH", show_default=False,
    help="A dataset file or folder (every *.yaml/*.yml in it); repeat for more. "
         "Default: $MATERIEL_DATA, else ./data/claims.yaml, else the bundled Palmyra dataset.")]
FormatOption = Annotated[TableFormat, typer.Option(
    "--format", "-f", callback=_mapped_only,
    help="table on the terminal, or csv, json or markdown to export; geojson (evidence, items, "
         "events) for a map.")]


def _standard_output(value: Path | None) -> Path | None:
    """`-o -` is standard output, as no -o is."""
    return None if value is not None and str(value) == "-" else value


OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", show_default=False, callback=_standard_output,
    help="Write to FILE (atomically: the whole file or, on failure, the old one) instead of stdout "
         "(`-` is stdout).")]
LevelOption = Annotated[Level, typer.Option(
    "--level", help="category: roll every item up to its category; type: keep the node as written.")]
MaxGapOption = Annotated[int, typer.Option(
    "--max-gap", metavar="DAYS", min=0,
    help="Flag rows whose claim and evidence lie more than DAYS apart.")]
SummaryByOption = Annotated[SummaryBy, typer.Option(
    "--by", help="Group by category or type of equipment, claimant, event or status.")]

EventOption = Annotated[list[str] | None, typer.Option(
    "--event", metavar="ID", show_default=False, help="Only this event (repeatable).",
    autocompletion=complete_ids("events"))]
ClaimantOption = Annotated[list[str] | None, typer.Option(
    "--claimant", metavar="ID", show_default=False,
    help="Only claims of this claimant (for evidence: this publisher); repeatable.",
    autocompletion=complete_ids("sources"))]
EquipmentOption = Annotated[list[str] | None, typer.Option(
    "--equipment", metavar="ID", show_default=False,
    help="Only this catalog node and everything beneath it; an alias works too (repeatable).",
    autocompletion=complete_ids("equipment"))]
StatusOption = Annotated[list[Status] | None, typer.Option(
    "--status", show_default=False, help="Only items of this status (repeatable).")]
SinceOption = Annotated[str | None, typer.Option(
    "--since", metavar="DATE", show_default=False,
    help="Only records published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(
    "--until", metavar="DATE", show_default=False,
    help="Only records published on or before DATE.")]
ReliabilityOption = Annotated[Reliability | None, typer.Option(
    "--min-reliability", show_default=False,
    help="Only sources this reliable or better (A best, F cannot be judged).")]
AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE", show_default=False,
    help="Compare at DATE: records published on or before it and, of cumulative ones (a daily "
         "tally, a compiler's totals), only each claimant's and publisher's latest.")]
CredibilityOption = Annotated[int | None, typer.Option(
    "--min-credibility", min=1, max=6, metavar="1-6", show_default=False,
    help="Only information this credible or better (1 confirmed, 6 cannot be judged).")]
UnitOption = Annotated[list[str] | None, typer.Option(
    "--unit", metavar="UNIT", show_default=False,
    help="Only claim items and observations of this unit: a units id, or the unit's name as "
         "written (any case); repeatable.")]
TagOption = Annotated[list[str] | None, typer.Option(
    "--tag", metavar="TAG", show_default=False,
    help="Only claim items and observations with this tag (repeatable: any of them).")]
NearOption = Annotated[str | None, typer.Option(
    "--near", metavar="LAT,LON", show_default=False,
    help="Only observations located within --km of this point (degrees), and the claims of "
         "events located there.")]
KmOption = Annotated[float | None, typer.Option(
    "--km", metavar="N", show_default=False, help="The radius of --near, in kilometres.")]

# The options every table command narrows its rows with, in the order --help lists them; their
# names are the keyword arguments of Filters.build.
FILTER_OPTIONS = {"event": EventOption, "claimant": ClaimantOption, "equipment": EquipmentOption,
                  "status": StatusOption, "since": SinceOption, "until": UntilOption,
                  "min_reliability": ReliabilityOption, "min_credibility": CredibilityOption,
                  "as_of": AsOfOption, "unit": UnitOption, "tag": TagOption, "near": NearOption,
                  "km": KmOption}
FiltersOption = None  # the annotation of a command's `filters`: replaced by FILTER_OPTIONS


def _one_date_refused(name: str):
    # Hidden: the timeline takes no such option, but is given it so that the library's message
    # says what to use instead (--from, --to) rather than click's "No such option".
    return Annotated[str | None, typer.Option(name, metavar="DATE", hidden=True, show_default=False)]


# `timeline` runs --from a date --to another: the one-date filters are not offered.
TIMELINE_FILTER_OPTIONS = {**{name: annotation for name, annotation in FILTER_OPTIONS.items()
                              if name not in ("since", "until", "as_of")},
                           "since": _one_date_refused("--since"), "until": _one_date_refused("--until"),
                           "as_of": _one_date_refused("--as-of")}

EveryOption = Annotated[Every, typer.Option(
    "--every", help="Take stock every day some record is dated, or at the end of every week, "
                    "month or year.")]
FromOption = Annotated[str | None, typer.Option(
    "--from", metavar="DATE", show_default=False,
    help="The first date (YYYY, YYYY-MM or YYYY-MM-DD; default: the data's first).")]
ToOption = Annotated[str | None, typer.Option(
    "--to", metavar="DATE", show_default=False,
    help="The last date (YYYY, YYYY-MM or YYYY-MM-DD; default: the data's last).")]
GapOption = Annotated[int, typer.Option(
    "--max-gap", metavar="DAYS", min=0,
    help="A side's figure more than DAYS older than a date is not counted there (a gap, never "
         "bridged); rows whose claim and evidence lie further apart are flagged.")]


def filtered(command=None, *, options: dict | None = None):
    """Give a table command the filter options (after --data), and the command one `filters`:
    a mapping of the values given, for Filters.build. `options`: other filter options than
    FILTER_OPTIONS (`@filtered(options=TIMELINE_FILTER_OPTIONS)`).

    Typer reads a command's options from its signature; this one signature, written once,
    stands in for the eight options each table command would otherwise repeat.
    """
    if command is None:
        return functools.partial(filtered, options=options)
    chosen = FILTER_OPTIONS if options is None else options
    signature = inspect.signature(command, eval_str=True)  # what Typer reads, annotations resolved
    parameters = []
    for parameter in signature.parameters.values():
        if parameter.name != "filters":
            parameters.append(parameter)
        if parameter.name == "data":
            parameters += [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None,
                                             annotation=annotation)
                           for name, annotation in chosen.items()]

    @functools.wraps(command)
    def run(**given):
        filters = {name: given.pop(name) for name in chosen}
        return command(filters=filters, **given)

    run.__signature__ = signature.replace(parameters=parameters)
    run.__annotations__ = {parameter.name: parameter.annotation for parameter in parameters}
    return run


# `materiel add ...`
FileOption = Annotated[Path | None, typer.Option(
    "--file", metavar="FILE", show_default=False,
    help="The dataset file to add to (default: the one file of --data, else ./data/claims.yaml).")]
IdOption = Annotated[str | None, typer.Option(
    "--id", metavar="ID", show_default=False, help="The new record's id.")]
NoteOption = Annotated[str | None, typer.Option(
    "--note", metavar="TEXT", show_default=False, help="One line: why.")]
UrlOption = Annotated[str | None, typer.Option(
    "--url", metavar="URL", show_default=False, help="Where it is published.")]
ArchiveOption = Annotated[str | None, typer.Option(
    "--archive-url", metavar="URL", show_default=False, help="An archived copy.")]
PublishedOption = Annotated[str | None, typer.Option(
    "--published", metavar="DATE", show_default=False, help="YYYY, YYYY-MM or YYYY-MM-DD.")]
OneEventOption = Annotated[str | None, typer.Option(
    "--event", metavar="ID", show_default=False, help="The event.", autocompletion=complete_ids("events"))]
CredibilityValue = Annotated[int | None, typer.Option(
    "--credibility", min=1, max=6, metavar="1-6", show_default=False,
    help="Admiralty information credibility (default 6, cannot be judged).")]
CumulativeOption = Annotated[bool, typer.Option(
    "--cumulative", help="A running total as of its date (a daily tally, a compiler's totals).")]
StatusValue = Annotated[Status | None, typer.Option(
    "--status", show_default=False, help="Default status of the items.")]


def said(written) -> None:
    """Say on stderr what a write did beside writing (an interrupted run's leftover removed)."""
    from .guard import say

    for note in written.notes():
        say(note)
