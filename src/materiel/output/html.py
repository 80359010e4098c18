"""HTML made safe: every text from the data escaped once, here, for the report and its charts."""

from __future__ import annotations

import html

from ..format.text import inert


def escape(value: object) -> str:
    """Text from the data, inert in HTML and SVG: markup escaped (quotes too), control characters shown."""
    return html.escape(inert(str(value)), quote=True)
