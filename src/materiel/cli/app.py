"""The Typer app: the commands of the other modules registered, each run through the one guard.

The commands import what they need (pydantic, PyYAML, rich) inside their bodies, so that
`materiel --help` and `materiel --version` start quickly.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from .. import __version__
from ..format.text import inert
from . import add, cache, data, events, imports, items, streams, tables, timeline
from .guard import STATE, guarded

try:  # typer vendors click from 0.2x on
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover - an older typer, on click itself
    from click.exceptions import ClickException, NoArgsIsHelpError


@contextlib.contextmanager
def _inert_usage_errors():
    """Make the message of a usage error inert before click shows it: it quotes what was typed
    (`Invalid value for '--format': ...`, an unknown id), which may hold a line break or escapes."""
    try:
        yield
    except ClickException as error:
        if not isinstance(error, NoArgsIsHelpError):  # that one's message is the help, lines and all
            error.message = inert(error.message)
        raise


class _Group(TyperGroup):
    """The top command group: every usage error, of any subcommand, passes through here."""

    def make_context(self, *args, **kwargs):
        with _inert_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):
        with _inert_usage_errors():
            return super().invoke(ctx)


app = typer.Typer(
    cls=_Group,
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
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Neither read nor write the cache of results (also MATERIEL_NO_CACHE=1).")]
    = False,
) -> None:
    STATE["debug"] = debug
    if no_cache:
        cache.disable()


for command in (data.validate, tables.claims, tables.evidence, tables.summary, tables.compare,
                items.items, timeline.timeline, tables.report, tables.catalog, tables.mappings, events.events,
                data.schema, data.draft):
    app.command(command.__name__)(guarded(command))

add_app = typer.Typer(help=add.HELP, no_args_is_help=True)
for name, command in (("source", add.add_source), ("event", add.add_event), ("claim", add.add_claim),
                      ("evidence", add.add_evidence)):
    add_app.command(name)(guarded(command))
app.add_typer(add_app, name="add")

import_app = typer.Typer(name="import", help=imports.HELP, no_args_is_help=True, rich_markup_mode=None)
for name, command in (("oryx-events", imports.oryx_events), ("oryx-totals", imports.oryx_totals),
                      ("ua-general-staff", imports.ua_general_staff), ("oryx-history", imports.oryx_history)):
    import_app.command(name)(guarded(command))
app.add_typer(import_app, name="import")


def main(pending: cache.Pending | None = None) -> None:
    """Run the command line in this process, as the entry point (`materiel.cli.main`) does after
    a miss of the cache; `pending` records the run for the cache.

    Only here is stdout the process's own: its failures (a closed pipe, a full device) end the
    process as the environment expects (cli/streams.py); the test runner's app never does that.
    The collector stays paused (a command's objects live until it ends), and the process ends
    with os._exit once stdout and stderr are flushed: freeing the heap object by object costs
    more than the command did (0.8 s of 100k claims).
    """
    gc.disable()
    streams.install(record=pending.chunks if pending is not None else None)
    code = 0
    try:
        try:
            app()
        except SystemExit as done:
            code = done.code
        finally:  # what is still buffered fails here, if anywhere: a full device says so at the end
            sys.stdout.flush()
    except streams.StdoutFailed as failed:
        streams.end(failed)
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"), as Python itself ends it
        print(code, file=sys.stderr)
        code = 1
    if pending is not None and cache.PENDING is pending:  # --no-cache drops it
        with contextlib.suppress(Exception):  # the cache is never an error: the run is done
            pending.store(code)
    if sys.stderr is not None:
        with contextlib.suppress(OSError):
            sys.stderr.flush()
    os._exit(code)
