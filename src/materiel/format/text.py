"""Text as materiel prints it: data made inert, long values cut, counts with their nouns."""

from __future__ import annotations

import unicodedata

SHOWN = 80  # the longest value a problem quotes whole; a longer one is cut, and its length said


def shortened(text: str) -> str:
    """Text cut to SHOWN characters, saying how long it was (a megabyte value is one line)."""
    if len(text) <= SHOWN:
        return text
    return f"{text[:SHOWN - 20]}... ({len(text):,} characters)"


def inert(text: str) -> str:
    """Text from the data made safe to print: control and format characters become escapes.

    Quotes come from propaganda outlets; an ANSI sequence or a bidirectional override in
    one must be seen, not obeyed by the terminal.
    """
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() or c == " " else
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" if ord(c) < 0x10000
         else f"\\U{ord(c):08x}")
        if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn") else c
        for c in text
    )


def plural(count: int, one: str, many: str | None = None, grouped: bool = False) -> str:
    """`1 claim`, `2 claims`, with `grouped` `1,316 problems`: a count with its noun."""
    return (f"{count:,}" if grouped else str(count)) + f" {one if count == 1 else (many or one + 's')}"
