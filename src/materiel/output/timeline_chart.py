"""A timeline drawn in the terminal: per row key (category, status, claimant), one date after
another down the screen, a bar for what was claimed and one for what was confirmed, to one scale
per key.

Every number comes from the timeline (analysis.timeline); nothing here applies a rule. A date
with no figure is drawn empty, saying `no data` or `gap`: never a bar carried from another date,
never a line between dates. The glyphs are the compare chart's (output/charts.py): solid, a
lighter part for a range (a category in doubt, a claimed range), a faded open end for `N+`.
"""

from __future__ import annotations

from ..analysis.rows import Comparison, Timeline, TimelineRow
from ..format.text import inert
from .charts import (
    CLAIMED_COLOUR,
    CONFIRMED_COLOUR,
    OPEN,
    OPEN_CELLS,
    RANGE,
    SOLID,
    Bar,
    _aside,
    _claimed_cells,
    chart_bars,
    confirmed_cells,
)
from .tables import stale_days

DATE = 10  # YYYY-MM-DD; a partial date is shorter
LABELS = ("claimed   ", "confirmed ")
NARROW = 56  # below this, a date gets a line of its own and the bars the whole width


def _too_old(row: TimelineRow) -> str:
    """What a date left out as too old, briefly: ` (oryx 2023-12-18, 13 days before)`."""
    said = "; ".join(f"{who} {when}, {days:,} days before" for who, when, days in stale_days(row))
    return inert(f" ({said})") if said else ""


def _drawn(row: TimelineRow) -> bool:
    """Whether a row has a figure to draw: all but a gap row of nothing (a claimed category's gap
    row may still have the evidence's figure, drawn as an unclaimed row's is)."""
    return not row.gap or (row.claimant is not None and row.confirmed is not None)


def _bars(rows: list[TimelineRow]) -> list[Bar | None]:
    """The bars of one key's rows in date order; None for a gap row with nothing to draw."""
    import dataclasses

    drawn = [dataclasses.replace(r, claimant=None) if r.gap else r for r in rows if _drawn(r)]
    bars = iter(next(iter(chart_bars(Comparison(drawn)).values()), []))
    return [next(bars) if _drawn(r) else None for r in rows]


def _confirmed(bar: Bar, row: TimelineRow, scale: float):
    from rich.text import Text

    line = Text()
    if bar.no_data:
        line.append("— no data", style="dim")
        line.append(_too_old(row), style="dim")
        return line
    confirmed_cells(line, bar, scale, CONFIRMED_COLOUR)
    line.append(inert(_aside(bar)))  # a claim and evidence too far apart, said on the line
    return line


def _claimed(bar: Bar, scale: float):
    from rich.text import Text

    line = Text()
    for glyphs, style in _claimed_cells(bar, scale):
        line.append(glyphs, style=f"{CLAIMED_COLOUR} {style}".strip())
    line.append(" " + inert(bar.claimed_label))
    return line


def terminal_timeline(timeline: Timeline, width: int) -> list:
    """The chart as rich Text lines for a console `width` columns wide."""
    from rich.text import Text

    width = max(20, width)
    narrow = width < NARROW
    lines: list[Text] = [Text(""),
                         Text(f"Claimed against confirmed over time, by {timeline.level.value}, "
                              f"every {timeline.every.value}", style="bold"),
                         Text.assemble((SOLID, CLAIMED_COLOUR), " claimed  ", (RANGE, CLAIMED_COLOUR),
                                       " range or about  ", (OPEN, CLAIMED_COLOUR), " no upper bound  ",
                                       (SOLID, CONFIRMED_COLOUR), " confirmed  (", (RANGE, CONFIRMED_COLOUR),
                                       " in doubt)")]
    series = timeline.series()
    for (event, equipment, status, claimant), rows in series.items():
        bars = _bars(rows)
        drawn = [b for b in bars if b is not None]
        labels = [b.claimed_label for b in drawn] + [b.confirmed_label for b in drawn]
        indent = "  " if narrow else "  " + " " * (DATE + 1)
        room = max(4, width - len(indent + LABELS[1]) - OPEN_CELLS - 1 - max(map(len, labels), default=0) - 1)
        scale = room / (max((b.reach for b in drawn), default=0) or 1)
        who = f"claimed by {claimant}" if claimant else "not claimed"
        lines.append(Text(""))
        lines.append(Text.assemble((inert(equipment), "bold"), inert(f" · {status.value} · {who} · {event}")))
        for row, bar in zip(rows, bars, strict=True):
            day = f"  {row.date!s:<{DATE}} "
            if bar is None:  # a gap row: nothing of the key stands on this date, so nothing drawn
                if narrow:  # what was too old, a side a line, under the date
                    lines.append(Text(day) + Text("— gap", style="dim"))
                    lines.extend(Text(inert(f"    {who} {when}, {days:,} days before"), style="dim")
                                 for who, when, days in stale_days(row))
                else:
                    lines.append(Text(day) + Text("— gap" + _too_old(row), style="dim"))
                continue
            if narrow:
                lines.append(Text(day.rstrip()))
                lead = [indent, indent]
            else:
                lead = [day, indent]
            parts = []
            if claimant and row.gap:  # no figure of the claimant that date: its line has a hole
                parts.append(Text(LABELS[0]) + Text("— gap, no figure" + _too_old(row), style="dim"))
            elif claimant:
                parts.append(Text(LABELS[0]) + _claimed(bar, scale))
            parts.append(Text(LABELS[1]) + _confirmed(bar, row, scale))
            for i, part in enumerate(parts):
                lines.append(Text(lead[min(i, 1)]) + part)
    if not series:
        lines.append(Text("(no rows)", style="dim"))
    return lines


def render_timeline_chart(timeline: Timeline, console) -> None:
    """Print the timeline's chart on a rich Console."""
    for line in terminal_timeline(timeline, console.width):
        console.print(line, soft_wrap=False, overflow="fold")
