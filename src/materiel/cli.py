"""The command line: options in, one core call, render, exit code.

Heavy modules (pydantic, PyYAML, rich) are imported inside the commands, so that
`materiel --help` and `materiel --version` start quickly.
"""

from __future__ import annotations

import functools
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import __version__

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
        from .problems import ProblemsFound, count_line

        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
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


def main() -> None:
    """Entry point of the `materiel` console script."""
    try:
        app()
    except BrokenPipeError:  # `materiel ... | head` closed the pipe: not an error of ours
        sys.stderr.close()
        sys.exit(0)
