"""The one place where errors become messages and exit codes (no traceback unless --debug).

0 success; 1 bad input, an output that cannot be written, findings under --strict, the
environment failing (out of memory, an OSError no one else handled); 2 usage (a value that
names nothing, as Typer's own usage errors, and an environment variable materiel cannot use);
130 interrupted. Every message is made inert (format/text.py): a file name or a value quoted in
it cannot forge a second line or send the terminal an escape sequence.
"""

from __future__ import annotations

import functools

import typer

from ..errors import MaterielError, ProblemsFound, UsageError
from ..format.text import inert
from . import cache

STATE = {"debug": False}


def say(message: str) -> None:
    """One line on stderr, `materiel: ` and the message made inert."""
    typer.echo(f"materiel: {inert(message)}", err=True)


def report(error: MaterielError) -> int:
    """Print an error of materiel's own on stderr; return its exit code."""
    if isinstance(error, ProblemsFound):
        from ..format.problems import count_line

        if error.preface:
            say(error.preface)
        for problem in error.problems:
            typer.echo(problem.format(), err=True)
        typer.echo(count_line(error.problems), err=True)
    else:
        say(error.message)
    return error.exit_code


def _not_kept() -> None:
    """The run ends by the environment or a bug: the cache does not keep it."""
    if cache.PENDING is not None:
        cache.PENDING.spoiled = True


def guarded(command):
    """Run a command: materiel's errors become messages and exit codes; anything else is an
    internal error, one line, unless --debug.

    A run the cache records learns here what the command reads; one that ends by the
    environment (an interrupt, memory, an OSError) or by a bug is not kept.
    """

    @functools.wraps(command)
    def run(*args, **kwargs):
        if cache.PENDING is not None:
            cache.PENDING.begin(command.__name__, kwargs)
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter, SystemExit):
            raise
        except UsageError as error:  # said as Typer says its own: usage, the option, exit 2
            raise typer.BadParameter(error.message, param_hint=error.option) from None
        except MaterielError as error:
            raise typer.Exit(report(error)) from None
        except KeyboardInterrupt:
            _not_kept()
            say("interrupted")
            raise typer.Exit(130) from None
        except MemoryError:  # the machine's limit, not a bug: the traceback would need memory too
            _not_kept()
            if STATE["debug"]:
                raise
            say("out of memory (the data is too large for the memory available to materiel)")
            raise typer.Exit(1) from None
        except OSError as error:  # the environment (stdin unreadable, a device failing), not a bug
            _not_kept()
            if STATE["debug"]:
                raise
            where = f"{error.filename}: " if error.filename is not None else ""
            say(f"{where}{error.strerror or error}")
            raise typer.Exit(1) from None
        except Exception as error:  # the last line of defence: a message, not a traceback
            _not_kept()
            if STATE["debug"]:
                raise
            say(f"internal error: {type(error).__name__}: {error} "
                "(run `materiel --debug ...` for the traceback, and please report it)")
            raise typer.Exit(1) from None

    return run
