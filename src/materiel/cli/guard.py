"""The one place where errors become messages and exit codes (no traceback unless --debug).

0 success; 1 bad input, an output that cannot be written, findings under --strict; 2 usage
(a value that names nothing, as Typer's own usage errors); 130 interrupted.
"""

from __future__ import annotations

import functools

import typer

from ..errors import MaterielError, ProblemsFound, UsageError

STATE = {"debug": False}


def report(error: MaterielError) -> int:
    """Print an error of materiel's own on stderr; return its exit code."""
    if isinstance(error, ProblemsFound):
        from ..format.problems import count_line

        if error.preface:
            typer.echo(f"materiel: {error.preface}", err=True)
        for problem in error.problems:
            typer.echo(problem.format(), err=True)
        typer.echo(count_line(error.problems), err=True)
    else:
        typer.echo(f"materiel: {error.message}", err=True)
    return error.exit_code


def guarded(command):
    """Run a command: materiel's errors become messages and exit codes; anything else is an
    internal error, one line, unless --debug."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter, SystemExit):
            raise
        except UsageError as error:  # said as Typer says its own: usage, the option, exit 2
            raise typer.BadParameter(error.message, param_hint=error.option) from None
        except MaterielError as error:
            raise typer.Exit(report(error)) from None
        except KeyboardInterrupt:
            typer.echo("materiel: interrupted", err=True)
            raise typer.Exit(130) from None
        except Exception as error:  # the last line of defence: a message, not a traceback
            if STATE["debug"]:
                raise
            typer.echo(f"materiel: internal error: {type(error).__name__}: {error} "
                       "(run `materiel --debug ...` for the traceback, and please report it)",
                       err=True)
            raise typer.Exit(1) from None

    return run
