"""Bash completion of record ids answered from the cache, before typer is imported.

Typer's own completion imports the whole app and, through its parameter adapters, pydantic:
0.3-0.4 s for a list the cache already holds. Here the words of the line are read as typer
reads them (bash only: COMP_WORDS and COMP_CWORD); where the word being completed is the value
of an option that takes an id and the dataset's ids are in the cache, they are printed as typer
would print them. Anything else (another shell, an option, a cache miss) is left to typer.
"""

from __future__ import annotations

import os
import shlex

# The options whose value is a record id, by command: what typer would complete them with.
_TABLES = {"--event": "events", "--claimant": "sources", "--equipment": "equipment"}
ID_OPTIONS: dict[tuple[str, ...], dict[str, str]] = {
    **{(name,): _TABLES for name in ("claims", "evidence", "summary", "compare", "report")},
    ("add", "claim"): {"--event": "events", "--claimant": "sources", "--via": "sources"},
    ("add", "evidence"): {"--event": "events", "--publisher": "sources", "--analysed-by": "sources"},
}
_DATA = ("--data", "-d")


def _words() -> tuple[list[str], str] | None:
    """(the words before the one completed, the one completed), as typer's bash completion reads
    them; None where they cannot be read so."""
    lexer = shlex.shlex(os.environ.get("COMP_WORDS", ""), posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        words = list(lexer)
        cword = int(os.environ.get("COMP_CWORD", ""))
    except ValueError:  # an open quote, a bad number: typer knows what to do
        return None
    if cword < 1:
        return None
    return words[1:cword], (words[cword] if cword < len(words) else "")


def answer() -> str | None:
    """What bash completion prints for this line, from the cache; None to leave it to typer."""
    if os.environ.get("_MATERIEL_COMPLETE") != "complete_bash":
        return None
    read = _words()
    if read is None:
        return None
    args, incomplete = read
    if not args or incomplete.startswith("-"):
        return None
    while args and args[0] in ("--debug",):  # the app's own options before the command
        args = args[1:]
    options = ID_OPTIONS.get(tuple(args[:2])) or ID_OPTIONS.get(tuple(args[:1]))
    if options is None or args[-1] not in options:
        return None
    kind = options[args[-1]]
    data: list[str] = []
    for i, word in enumerate(args):
        if word in _DATA and i + 1 < len(args):
            data.append(args[i + 1])
        elif word.startswith("--data="):
            data.append(word.removeprefix("--data="))
    from . import cache

    if not cache.enabled():
        return None
    try:
        facts = cache.probe(data or None)
    except (cache.Uncacheable, OSError, ValueError):
        return None
    ids = cache.cached_ids(facts)
    if not isinstance(ids, dict) or not isinstance(ids.get(kind), list):
        return None
    return "\n".join(i for i in ids[kind] if isinstance(i, str) and i.startswith(incomplete))
