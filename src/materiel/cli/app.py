"""The Typer app: the commands of the other modules registered, each run through the one guard.

The commands import what they need (pydantic, PyYAML, rich) inside their bodies, so that
`materiel --help` and `materiel --version` start quickly.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .. import __version__
from . import add, data, imports, tables
from .guard import STATE, guarded

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
    STATE["debug"] = debug


for command in (data.validate, tables.claims, tables.evidence, tables.summary, tables.compare,
                tables.report, tables.catalog, tables.mappings, data.schema, data.draft):
    app.command(command.__name__)(guarded(command))

add_app = typer.Typer(help=add.HELP, no_args_is_help=True)
for name, command in (("source", add.add_source), ("event", add.add_event), ("claim", add.add_claim),
                      ("evidence", add.add_evidence)):
    add_app.command(name)(guarded(command))
app.add_typer(add_app, name="add")

import_app = typer.Typer(name="import", help=imports.HELP, no_args_is_help=True, rich_markup_mode=None)
for name, command in (("oryx-events", imports.oryx_events), ("oryx-totals", imports.oryx_totals),
                      ("ua-general-staff", imports.ua_general_staff)):
    import_app.command(name)(guarded(command))
app.add_typer(import_app, name="import")


def main() -> None:
    """Entry point of the `materiel` console script."""
    try:
        app()
    except BrokenPipeError:  # `materiel ... | head` closed the pipe: not an error of ours
        sys.stderr.close()
        sys.exit(0)
