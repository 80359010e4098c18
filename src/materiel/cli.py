"""The command line: options in, one core call, render, exit code.

Heavy modules (pydantic, PyYAML, rich) are imported inside the commands, so that
`materiel --help` and `materiel --version` start quickly.
"""

from __future__ import annotations

import functools
import gc
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .vocabulary import Reliability, Status

app = typer.Typer(
    name="materiel",
    help=(
        "Claims of seized and lost military equipment, checked against video and photo "
        "evidence.\n\nWith no --data, materiel reads $MATERIEL_DATA, else ./data/claims.yaml, "
        "else the Palmyra 2016 dataset shipped with it."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}

DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data", "-d",
        metavar="PATH",
        help="A dataset file or folder (every *.yaml/*.yml in it); repeat for more. "
             "Default: $MATERIEL_DATA, else ./data/claims.yaml, else the bundled Palmyra dataset.",
        show_default=False,
    ),
]


class ValidateFormat(StrEnum):
    """Output formats of `validate`."""

    text = "text"
    json = "json"


class TableFormat(StrEnum):
    """Output formats of the table commands."""

    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"



class Level(StrEnum):
    """Catalog levels, for --level."""

    category = "category"
    type = "type"


class SummaryBy(StrEnum):
    """Groupings of `summary`."""

    category = "category"
    type = "type"
    claimant = "claimant"
    event = "event"
    status = "status"



FormatOption = Annotated[TableFormat, typer.Option(
    "--format", "-f", help="table on the terminal, or csv, json or markdown to export.")]
OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", show_default=False,
    help="Write to FILE (atomically: the whole file or, on failure, the old one) instead of stdout.")]
def complete_ids(kind: str):
    """Shell completion of the ids of one kind of record, read from the dataset being used."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from .dataset import load_dataset

        try:
            dataset = load_dataset(ctx.params.get("data") or None)
        except Exception:  # a broken dataset completes nothing; `validate` says why
            return []
        pool = {"events": dataset.events, "sources": dataset.sources,
                "equipment": dataset.catalog.nodes}[kind]
        return [i for i in sorted(pool) if i.startswith(incomplete)]

    return complete


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
CredibilityOption = Annotated[int | None, typer.Option(
    "--min-credibility", min=1, max=6, metavar="1-6", show_default=False,
    help="Only information this credible or better (1 confirmed, 6 cannot be judged).")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"materiel {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.",
                                          callback=_version, is_eager=True)] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")]
    = False,
) -> None:
    _state["debug"] = debug


def _guarded(command):
    """Turn the core's problems into messages and exit codes; no traceback unless --debug."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        from .export import OutputError
        from .problems import ProblemsFound, count_line

        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter, SystemExit):
            raise
        except OutputError as err:
            typer.echo(f"materiel: {err}", err=True)
            raise typer.Exit(1) from None
        except ProblemsFound as found:
            for problem in found.problems:
                typer.echo(problem.format(), err=True)
            typer.echo(count_line(found.problems), err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("materiel: interrupted", err=True)
            raise typer.Exit(130) from None
        except Exception as error:  # the last line of defence: a message, not a traceback
            if _state["debug"]:
                raise
            typer.echo(f"materiel: internal error: {type(error).__name__}: {error} "
                       "(run `materiel --debug ...` for the traceback, and please report it)",
                       err=True)
            raise typer.Exit(1) from None

    return run


@app.command()
@_guarded
def validate(
    data: DataOption = None,
    output_format: Annotated[ValidateFormat, typer.Option(
        "--format", "-f", help="text: one line per problem; json: an object for tools.")]
    = ValidateFormat.text,
) -> None:
    """Check a dataset: every problem of every file, each with FILE:LINE:COLUMN; exit 1 if any."""
    from .dataset import load_dataset
    from .problems import ProblemsFound

    if output_format is ValidateFormat.json:
        try:
            dataset = load_dataset(data)
        except ProblemsFound as found:
            typer.echo(json.dumps({"ok": False, "problems": [p.to_dict() for p in found.problems],
                                   "counts": None}, ensure_ascii=False, indent=2))
            raise typer.Exit(1) from None
        typer.echo(json.dumps({"ok": True, "problems": [], "counts": dataset.counts(),
                               "files": dataset.files}, ensure_ascii=False, indent=2))
        return
    dataset = load_dataset(data)
    typer.echo(dataset.summary_line())


def _date(value: str | None, option: str):
    from .models import parse_partial_date

    if value is None:
        return None
    try:
        return parse_partial_date(value)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint=option) from None


def _filters(event=None, claimant=None, equipment=None, status=None, since=None, until=None,
             min_reliability=None, min_credibility=None):
    from .analysis import Filters

    return Filters(
        events=tuple(event or ()), claimants=tuple(claimant or ()), equipment=tuple(equipment or ()),
        statuses=tuple(status or ()),
        since=_date(since, "--since"), until=_date(until, "--until"),
        min_reliability=min_reliability.value if min_reliability else None,
        min_credibility=min_credibility,
    )


# The options every table command narrows its rows with, in the order --help lists them.
_FILTER_OPTIONS = {"event": EventOption, "claimant": ClaimantOption, "equipment": EquipmentOption,
                   "status": StatusOption, "since": SinceOption, "until": UntilOption,
                   "min_reliability": ReliabilityOption, "min_credibility": CredibilityOption}
FiltersOption = None  # the annotation of a command's `filters`: replaced by _FILTER_OPTIONS


def _filtered(command):
    """Give a table command the filter options (after --data), and the command one `filters`.

    Typer reads a command's options from its signature; this one signature, written once,
    stands in for the eight options each table command would otherwise repeat.
    """
    import inspect

    signature = inspect.signature(command, eval_str=True)  # what Typer reads, annotations resolved
    parameters = []
    for parameter in signature.parameters.values():
        if parameter.name != "filters":
            parameters.append(parameter)
        if parameter.name == "data":
            parameters += [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None,
                                             annotation=annotation)
                           for name, annotation in _FILTER_OPTIONS.items()]

    @functools.wraps(command)
    def run(**options):
        filters = _filters(**{name: options.pop(name) for name in _FILTER_OPTIONS})
        return command(filters=filters, **options)

    run.__signature__ = signature.replace(parameters=parameters)
    run.__annotations__ = {parameter.name: parameter.annotation for parameter in parameters}
    return run


def _load(data, filters):
    """The dataset, and the filters checked against it (an unknown id is a usage error)."""
    from .analysis import FilterError
    from .dataset import load_dataset

    dataset = load_dataset(data)
    # The dataset lives as long as this one command; leave its millions of objects out of the
    # collector's full passes, which would otherwise walk them again for every table built.
    gc.freeze()
    try:
        return dataset, filters.resolved(dataset)
    except FilterError as err:
        raise typer.BadParameter(str(err)) from None


def _emit(table, output_format: TableFormat, output: Path | None, dataset=None, filters=None) -> None:
    """Render a table in the chosen format to stdout or, atomically, to a file."""
    from . import export

    where = ", ".join(dataset.files) if dataset else ""
    described = filters.describe() if filters else ""
    caption = "; ".join(x for x in (f"data: {where}" if where else "", described) for x in [x] if x)
    if output_format is TableFormat.table:
        from rich.console import Console

        if output is None:
            render_table_to(table, Console(highlight=False), caption)
            return
        import io

        buffer = io.StringIO()
        render_table_to(table, Console(file=buffer, no_color=True, highlight=False), caption)
        text = buffer.getvalue()
    elif output_format is TableFormat.csv:
        text = export.to_csv(table)
    elif output_format is TableFormat.json:
        text = export.to_json(table)
    else:
        text = export.to_markdown(table, caption)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        export.write_atomic(output, text)


def render_table_to(table, console, caption: str) -> None:
    """Print a table through rich (imported only when a table is drawn)."""
    from .render import render_table

    render_table(table, console, caption)


@app.command()
@_guarded
@_filtered
def claims(
    data: DataOption = None,
    filters: FiltersOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """List every claim item: event, claimant (and via), published, equipment, quantity, grade, words."""
    from .analysis import claims_table

    dataset, filters = _load(data, filters)
    _emit(claims_table(dataset, filters), output_format, output, dataset, filters)


@app.command()
@_guarded
@_filtered
def evidence(
    data: DataOption = None,
    filters: FiltersOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """List the hardware the evidence shows: one row per observation, with grade and verification."""
    from .analysis import evidence_table

    dataset, filters = _load(data, filters)
    _emit(evidence_table(dataset, filters), output_format, output, dataset, filters)


@app.command()
@_guarded
@_filtered
def summary(
    by: Annotated[SummaryBy, typer.Option(
        "--by", help="Group by category or type of equipment, claimant, event or status.")]
    = SummaryBy.category,
    data: DataOption = None,
    filters: FiltersOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """Claimed totals, each with its claimant and grade; claimants are never added together."""
    from .analysis import summary_table

    dataset, filters = _load(data, filters)
    _emit(summary_table(dataset, by.value, filters), output_format, output, dataset, filters)


@app.command()
@_guarded
@_filtered
def compare(
    level: Annotated[Level, typer.Option(
        "--level", help="category: roll every item up to its category; type: keep the node as written.")]
    = Level.category,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when any claimed row is not confirmed (for a dataset's CI).")] = False,
    chart: Annotated[bool, typer.Option(
        "--chart", help="Also draw claimed against confirmed as bars, after the table "
                        "(with -o FILE, the export goes to FILE and the bars to the screen).")] = False,
    data: DataOption = None,
    filters: FiltersOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """Compare claims with the evidence: claimed, confirmed, grades, independence, ratio, verdict."""
    from .analysis import CONFIRMING_VERDICTS, compare_table

    if chart and output is None and output_format is not TableFormat.table:
        raise typer.BadParameter("the bars would mix with the export on stdout; write the export "
                                 "with -o FILE, or drop --format", param_hint="--chart")
    dataset, filters = _load(data, filters)
    table = compare_table(dataset, level.value, filters)
    _emit(table, output_format, output, dataset, filters)
    if chart:
        from rich.console import Console

        from .charts import render_chart

        render_chart(table, Console(highlight=False))
    if strict:
        short = [r for r in table.rows if r["claimant"] and r["verdict"] not in CONFIRMING_VERDICTS]
        if short:
            typer.echo(f"materiel: {len(short)} claimed row(s) not confirmed (--strict)", err=True)
            raise typer.Exit(1)


@app.command()
@_guarded
@_filtered
def report(
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write the page to FILE (atomically); `-` prints it to stdout.")] = Path("report.html"),
    date: Annotated[str | None, typer.Option(
        "--date", metavar="YYYY-MM-DD", show_default=False,
        help="The date the report states; default $SOURCE_DATE_EPOCH, else today.")] = None,
    level: Annotated[Level, typer.Option(
        "--level", help="category: roll every item up to its category; type: keep the node as written.")]
    = Level.category,
    data: DataOption = None,
    filters: FiltersOption = None,
) -> None:
    """Write a self-contained HTML page: charts of claimed against confirmed, tables, sources, rules."""
    from .export import write_atomic
    from .report import html_report, report_date

    try:
        when = report_date(date)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--date") from None
    dataset, filters = _load(data, filters)
    page = html_report(dataset, level.value, filters, when)
    if str(output) == "-":
        sys.stdout.write(page)
        return
    write_atomic(output, page)
    typer.echo(f"materiel: wrote {output}", err=True)


@app.command()
@_guarded
def catalog(
    search: Annotated[str | None, typer.Option(
        "--search", "-s", metavar="WORDS", show_default=False,
        help="Only nodes whose id, name or an alias contains WORDS (e.g. 'grad missiles').")] = None,
    data: DataOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """Show the equipment tree with its aliases (the built-in catalog and the dataset's additions)."""
    from .analysis import catalog_table

    dataset, _ = _load(data, _filters())
    table = catalog_table(dataset.catalog, search)
    if output_format is TableFormat.table:  # the tree shows as indentation on screen
        for row in table.rows:
            row["name"] = "  " * row["depth"] + row["name"]
    _emit(table, output_format, output, dataset)


@app.command()
@_guarded
def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of the data format, for editors with a YAML language server."""
    from .export import write_atomic
    from .schema import schema_text

    if output is None:
        sys.stdout.write(schema_text())
    else:
        write_atomic(output, schema_text())


@app.command()
@_guarded
def draft(
    quote: Annotated[str | None, typer.Argument(
        help="The claim's own words; without it (or with -), read from standard input.",
        show_default=False)] = None,
    data: DataOption = None,
) -> None:
    """Turn a claim's own words into a draft `items` list (YAML to paste); nothing guessed silently."""
    from .catalog import builtin_catalog
    from .dataset import load_dataset
    from .draft import draft_items, draft_yaml
    from .problems import ProblemsFound

    if quote in (None, "-"):
        raw, where = sys.stdin.buffer.read(), "standard input"
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


add_app = typer.Typer(
    help="Append one record to a dataset file: every existing byte kept, the whole dataset "
         "validated with the new record first, the write atomic. Missing options are asked for "
         "when a terminal is attached.",
    no_args_is_help=True,
)
app.add_typer(add_app, name="add")

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
StatusValue = Annotated[Status | None, typer.Option(
    "--status", show_default=False, help="Default status of the items.")]


def _interactive() -> bool:
    """Whether a person is at a terminal to answer prompts."""
    return sys.stdin.isatty()


def _ask(label: str, value, required: bool = True, ids: list[str] | None = None):
    """The value given, or (at a terminal) the answer to a prompt, with tab completion of ids."""
    if value not in (None, [], ""):
        return value
    if not _interactive():
        if required:
            raise typer.BadParameter(f"{label} is required (no terminal to ask on)")
        return value
    if ids:
        _complete_prompt(ids)
    answer = typer.prompt(label, default="" if not required else None, show_default=False)
    return answer.strip() or None


def _complete_prompt(ids: list[str]) -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - no readline on this platform: prompts still work
        return

    def completer(text: str, state: int):
        matches = [i for i in ids if i.startswith(text)]
        return matches[state] if state < len(matches) else None

    readline.set_completer(completer)
    readline.parse_and_bind("tab: complete")


def _parts(value: str, what: str) -> dict:
    equipment, sep, rest = value.partition("=")
    quantity, _, as_written = rest.partition("=")
    if not sep or not equipment.strip() or not quantity.strip():
        raise typer.BadParameter(f"`{value}`: write {what} as EQUIPMENT=QUANTITY or "
                                 "EQUIPMENT=QUANTITY=AS WRITTEN (e.g. `tank=30=30 tanks`)")
    quantity = quantity.strip()
    out = {"equipment": equipment.strip(), "quantity": int(quantity) if quantity.isdigit() else quantity}
    if as_written.strip():
        out["as_written"] = as_written.strip()
    return out


def _items_file(path: Path, key: str) -> list[dict]:
    """Items from a file such as `materiel draft` writes (a list, or a mapping with `items`)."""
    from .loader import read_file
    from .problems import ProblemsFound

    doc = read_file(path)
    if doc.problems:
        raise ProblemsFound(doc.problems, files=1)
    data = doc.data.get(key, doc.data.get("items")) if isinstance(doc.data, dict) else doc.data
    if not isinstance(data, list):
        raise typer.BadParameter(f"{path} holds no list of {key}", param_hint="--items")
    return data


def _dataset_ids(data) -> dict[str, list[str]]:
    from .dataset import load_dataset
    from .problems import ProblemsFound

    try:
        dataset = load_dataset(data)
    except ProblemsFound:
        return {"events": [], "sources": [], "equipment": []}
    return {"events": sorted(dataset.events), "sources": sorted(dataset.sources),
            "equipment": sorted(dataset.catalog.nodes)}


def _add(kind: str, record: dict, file: Path | None, data) -> None:
    """Drop empty fields, choose the file, add the record, say where."""
    from .dataset import default_paths, expand_paths, packaged_dataset
    from .problems import ProblemsFound
    from .writer import CannotAdd, add_record

    record = {k: v for k, v in record.items() if v not in (None, [], "", False)}
    paths = list(data) if data else default_paths()
    if file is None:
        files, _ = expand_paths(paths)
        own = [f for f in files if f.resolve() != packaged_dataset().resolve()]
        if len(own) != 1:
            raise typer.BadParameter("name the file to add the record to", param_hint="--file")
        file = own[0]
    try:
        add_record(file, kind, record, paths)
    except CannotAdd as err:
        typer.echo(f"materiel: cannot add to {file}: {err}; nothing was written", err=True)
        raise typer.Exit(1) from None
    except ProblemsFound:
        typer.echo(f"materiel: nothing was written to {file}: with the new {kind} the dataset "
                   "would have these problems", err=True)
        raise
    typer.echo(f"added {kind} `{record.get('id')}` to {file}")


@add_app.command("source")
@_guarded
def add_source(
    id: IdOption = None,
    name: Annotated[str | None, typer.Option("--name", show_default=False, help="Display name.")] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", show_default=False, help="belligerent-official, belligerent-media, government, "
        "news-media, investigative, analyst, osint-compiler, ngo or other.")] = None,
    affiliation: Annotated[str | None, typer.Option(
        "--affiliation", show_default=False, help="The side it belongs to.")] = None,
    reliability: Annotated[Reliability | None, typer.Option(
        "--reliability", show_default=False,
        help="Admiralty source reliability, A (completely reliable) to F (cannot be judged, the "
             "default).")] = None,
    url: UrlOption = None,
    note: NoteOption = None,
    file: FileOption = None,
    data: DataOption = None,
) -> None:
    """Add a source: who says or shows something."""
    record = {"id": _ask("id", id), "name": _ask("name", name), "kind": _ask("kind", kind),
              "affiliation": _ask("affiliation", affiliation, required=False),
              "reliability": _ask("reliability (A-F)", reliability.value if reliability else None,
                                  required=False),
              "url": url, "note": _ask("note", note, required=False)}
    _add("source", record, file, data)


@add_app.command("event")
@_guarded
def add_event(
    id: IdOption = None,
    title: Annotated[str | None, typer.Option("--title", show_default=False, help="What happened.")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", metavar="DATE", show_default=False, help="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    place: Annotated[str | None, typer.Option("--place", show_default=False, help="Where.")] = None,
    country: Annotated[str | None, typer.Option(
        "--country", show_default=False, help="ISO 3166-1 alpha-2 code, e.g. SY.")] = None,
    lat: Annotated[float | None, typer.Option("--lat", show_default=False, help="Latitude.")] = None,
    lon: Annotated[float | None, typer.Option("--lon", show_default=False, help="Longitude.")] = None,
    gained_by: Annotated[str | None, typer.Option("--gained-by", show_default=False)] = None,
    lost_by: Annotated[str | None, typer.Option("--lost-by", show_default=False)] = None,
    note: NoteOption = None,
    file: FileOption = None,
    data: DataOption = None,
) -> None:
    """Add an event: one seizure, battle or loss episode."""
    location = {"lat": lat, "lon": lon} if lat is not None or lon is not None else None
    record = {"id": _ask("id", id), "title": _ask("title", title), "date": _ask("date", date),
              "place": _ask("place", place), "country": _ask("country", country, required=False),
              "location": location, "gained_by": gained_by, "lost_by": lost_by, "note": note}
    _add("event", record, file, data)


@add_app.command("claim")
@_guarded
def add_claim(
    id: IdOption = None,
    event: OneEventOption = None,
    claimant: Annotated[str | None, typer.Option(
        "--claimant", metavar="ID", show_default=False, help="The source that originated the claim.",
        autocompletion=complete_ids("sources"))] = None,
    via: Annotated[list[str] | None, typer.Option(
        "--via", metavar="ID", show_default=False, help="A source that relayed it (repeatable, "
        "nearest to the origin first).", autocompletion=complete_ids("sources"))] = None,
    published: PublishedOption = None,
    quote: Annotated[str | None, typer.Option("--quote", show_default=False, help="The claim's words.")]
    = None,
    item: Annotated[list[str] | None, typer.Option(
        "--item", metavar="EQUIPMENT=QUANTITY[=AS WRITTEN]", show_default=False,
        help="One item, e.g. `tank=30=30 tanks` (repeatable).")] = None,
    items: Annotated[Path | None, typer.Option(
        "--items", metavar="FILE", show_default=False,
        help="Items from a file, such as `materiel draft` writes.")] = None,
    credibility: CredibilityValue = None,
    status: StatusValue = None,
    url: UrlOption = None,
    archive_url: ArchiveOption = None,
    note: NoteOption = None,
    file: FileOption = None,
    data: DataOption = None,
) -> None:
    """Add a claim: what someone asserts was seized or lost, with its items."""
    ids = _dataset_ids(data) if _interactive() else {"events": [], "sources": [], "equipment": []}
    found = [_parts(v, "an item") for v in item or ()] + (_items_file(items, "items") if items else [])
    while not found and _interactive():
        answer = _ask("item (EQUIPMENT=QUANTITY[=AS WRITTEN]; empty to stop)", None, required=False,
                      ids=ids["equipment"])
        if not answer:
            break
        found.append(_parts(answer, "an item"))
    if not found and not _interactive():
        raise typer.BadParameter("a claim needs at least one --item or --items FILE")
    record = {"id": _ask("id", id), "event": _ask("event", event, ids=ids["events"]),
              "claimant": _ask("claimant", claimant, ids=ids["sources"]), "via": via or [],
              "published": _ask("published (YYYY[-MM[-DD]])", published), "url": url,
              "archive_url": archive_url, "quote": _ask("quote", quote, required=False),
              "credibility": credibility, "status": status.value if status else None,
              "note": note, "items": found}
    _add("claim", record, file, data)


@add_app.command("evidence")
@_guarded
def add_evidence(
    id: IdOption = None,
    event: OneEventOption = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", show_default=False, help="video, photo, satellite, document, dataset or report.")] = None,
    publisher: Annotated[str | None, typer.Option(
        "--publisher", metavar="ID", show_default=False, help="The source that published the media.",
        autocompletion=complete_ids("sources"))] = None,
    published: PublishedOption = None,
    observation: Annotated[list[str] | None, typer.Option(
        "--observation", metavar="EQUIPMENT=COUNT[=AS WRITTEN]", show_default=False,
        help="One observation, e.g. `aa-machine-gun=2=heavy machine guns` (repeatable).")] = None,
    observations: Annotated[Path | None, typer.Option(
        "--observations", metavar="FILE", show_default=False,
        help="Observations from a file (a list, or `items:` as `materiel draft` writes).")] = None,
    analysed_by: Annotated[list[str] | None, typer.Option(
        "--analysed-by", metavar="ID", show_default=False, help="A source that examined it (repeatable).",
        autocompletion=complete_ids("sources"))] = None,
    geolocated: Annotated[bool, typer.Option("--geolocated", help="The place was verified.")] = False,
    chronolocated: Annotated[bool, typer.Option("--chronolocated", help="The time was verified.")] = False,
    sha256: Annotated[str | None, typer.Option("--sha256", show_default=False,
                                               help="sha256 of the media file.")] = None,
    credibility: CredibilityValue = None,
    status: StatusValue = None,
    url: UrlOption = None,
    archive_url: ArchiveOption = None,
    note: NoteOption = None,
    file: FileOption = None,
    data: DataOption = None,
) -> None:
    """Add evidence: a video, photo or document, with what it shows."""
    ids = _dataset_ids(data) if _interactive() else {"events": [], "sources": [], "equipment": []}
    found = [_parts(v, "an observation") for v in observation or ()]
    if observations:
        found += _items_file(observations, "observations")
    found = [{"equipment": o["equipment"], "count": o.get("count", o.get("quantity")),
              **{k: v for k, v in o.items() if k not in ("equipment", "count", "quantity")}}
             for o in found]
    while not found and _interactive():
        answer = _ask("observation (EQUIPMENT=COUNT[=AS WRITTEN]; empty to stop)", None, required=False,
                      ids=ids["equipment"])
        if not answer:
            break
        found.append({("count" if k == "quantity" else k): v for k, v in _parts(answer, "").items()})
    if not found and not _interactive():
        raise typer.BadParameter("evidence needs at least one --observation or --observations FILE")
    record = {"id": _ask("id", id), "event": _ask("event", event, ids=ids["events"]),
              "kind": _ask("kind", kind), "publisher": _ask("publisher", publisher, ids=ids["sources"]),
              "published": _ask("published (YYYY[-MM[-DD]])", published), "url": url,
              "archive_url": archive_url, "sha256": sha256, "analysed_by": analysed_by or [],
              "geolocated": geolocated, "chronolocated": chronolocated, "credibility": credibility,
              "status": status.value if status else None, "note": note, "observations": found}
    _add("evidence", record, file, data)


from .cli_import import import_app  # noqa: E402  (a sub-app of its own module)

app.add_typer(import_app, name="import")


def main() -> None:
    """Entry point of the `materiel` console script."""
    try:
        app()
    except BrokenPipeError:  # `materiel ... | head` closed the pipe: not an error of ours
        sys.stderr.close()
        sys.exit(0)
