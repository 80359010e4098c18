"""The command line: the Typer app (app.py), every option defined once (options.py), one guard
from errors to messages and exit codes (guard.py), and the commands (data, tables, add, imports)."""

from .app import app, main

__all__ = ["app", "main"]
