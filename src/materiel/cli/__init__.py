"""The command line: the Typer app (app.py), every option defined once (options.py), one guard
from errors to messages and exit codes (guard.py), the commands (data, tables, add, imports) and
the cache of their results (cache.py).

`main` looks in the cache before anything else is imported: a hit starts neither typer nor
pydantic nor rich. `app` (the Typer app) is imported when first used.
"""

import sys

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `materiel` console script and of `python -m materiel`."""
    import os

    if os.environ.get("_MATERIEL_COMPLETE"):  # a shell asking for completions
        from .completing import answer

        said = answer()
        if said is not None:
            sys.stdout.write(said + "\n")
            sys.stdout.flush()
            os._exit(0)
    from . import cache

    found = cache.lookup(sys.argv[1:])
    if isinstance(found, tuple):
        cache.replay(*found)  # ends the process
    from .app import app
    from .app import main as run

    globals()["app"] = app  # over the submodule of the same name, which the import set
    run(found)


def __getattr__(name: str):
    if name == "app":
        from .app import app

        globals()["app"] = app  # over the submodule of the same name, which the import set
        return app
    raise AttributeError(f"module 'materiel.cli' has no attribute {name!r}")
