"""Claimed against confirmed, drawn: the bars' data, an inline SVG chart, and a terminal chart.

Every number comes from the comparison (analysis.queries.compare); nothing here applies a rule.
A claim is drawn as honestly as its bounds: solid up to what was certainly claimed, hatched over
a range or an approximate number, and fading away past the low when the claim has no upper bound
(`7+`, `unspecified`). Confirmed counts are solid. Colours are Okabe-Ito's vermillion and blue,
which colour-blind readers tell apart and which stand out from white at 3.9:1 and 5.2:1 (graphics
want 3:1; Okabe-Ito's orange, #E69F00, has 2.25:1); patterns and words say the same again.

Rows of very different sizes (60,000 drones beside 28 ships) would be hairlines on one axis, so
where the largest row is more than SHARED_RATIO times the smallest, each row gets its own scale:
a row's claimed and confirmed bars share it, the row's own ticks say it, and the chart says above
its rows that scales differ between rows. Long names wrap onto more lines; nothing is cut.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from ..analysis.rows import Comparison
from ..format.text import inert
from .html import escape as _e
from .tables import confirmed_text, seen_otherwise

CLAIMED_COLOUR = "#D55E00"  # Okabe-Ito vermillion: 3.9:1 on white
TERMINAL_CLAIMED = "#E69F00"  # Okabe-Ito orange, on a terminal's (mostly dark) background
CLAIMED_LIGHT = "#F7D2B8"
CLAIMED_DARK = "#8F3F00"  # outlines and text on the vermillion: 7.3:1 on white
CONFIRMED_COLOUR = "#0072B2"  # Okabe-Ito blue
VERDICT_COLOURS = {
    "confirmed": "#006B4F",  # Okabe-Ito bluish green, darkened for text
    "present": "#006B4F",
    "partly confirmed": "#8A5F00",
    "unconfirmed": "#A33D00",  # vermillion, darkened
    "exceeds claim": "#0072B2",
    "not claimed": "#555555",
    "no data": "#555555",
}
NO_DATA_GREY = "#767676"  # 4.5:1 on white

_LONG_NUMBER = re.compile(r"(?<![\d.,])\d{4,}(?![\d.])")


def grouped(text: str) -> str:
    """A figure's words with thousands separators: `9006-10377` reads `9,006-10,377` (a number of
    four digits or more that is not part of a decimal or already grouped)."""
    return _LONG_NUMBER.sub(lambda m: f"{int(m.group()):,}", text)


@dataclass(frozen=True)
class Bar:
    """One compare row as the charts draw it: what was claimed (with its bounds) and confirmed."""

    event: str
    equipment: str
    name: str
    status: str
    claimant: str
    grade: str
    verdict: str
    claimed: str  # as the table shows it: `30`, `~40`, `2-4`, `7+`, `unspecified`; "" if not claimed
    low: int | None
    high: int | None  # None: no upper bound (or nothing claimed)
    approximate: bool
    only_unspecified: bool  # the claim gave no number: "some", at least one
    confirmed: int  # the low of the confirmed figure (0 where there is no data)
    confirmed_open: bool = False  # seen without a number, or with no upper bound: `1+`
    no_data: bool = False  # no evidence speaks to it: no bar, no number
    confirmed_label: str = ""  # as the table shows it: `3`, `1+`, `9006-10377`, `no data`
    confirmed_broad: int | None = None  # the broad reading of a category in doubt, where it adds
    days_apart: int | None = None  # where the claim and the evidence lie too far apart (flagged)
    seen_otherwise: str = ""  # what was seen under other statuses: `captured 1+`
    later: str = ""  # what of the confirmation was later seen otherwise: `destroyed 14`

    @property
    def is_claimed(self) -> bool:
        """Whether a claimant claimed this row (`not claimed` rows show only what was seen)."""
        return bool(self.claimant) and self.low is not None

    @property
    def open_ended(self) -> bool:
        """Whether the claim has no upper bound, so its bar must not look like it ends."""
        return self.is_claimed and self.high is None

    @property
    def reach(self) -> int:
        """The largest number the bar needs on the axis (an open end needs only its low)."""
        claimed = 0
        if self.is_claimed:
            claimed = self.low if self.high is None else self.high
        return max(claimed, self.confirmed, self.confirmed_broad or 0)

    @property
    def claimed_label(self) -> str:
        """The claimed quantity in words for a chart: the table's own spelling."""
        return self.claimed if self.is_claimed else "not claimed"


def chart_bars(comparison: Comparison) -> dict[str, list[Bar]]:
    """The compare rows as bars, grouped by event, in the rows' order."""
    out: dict[str, list[Bar]] = {}
    for row in comparison.rows:
        claimed = row.claimed
        out.setdefault(row.event, []).append(Bar(
            event=row.event, equipment=row.equipment, name=row.equipment_name or row.equipment,
            status=row.status.value, claimant=row.claimant or "", grade=str(row.claim_grade or ""),
            verdict=row.verdict.value, claimed=claimed.display() if claimed else "",
            low=claimed.stated_low if claimed else None, high=claimed.high if claimed else None,
            approximate=bool(claimed and claimed.approximate),
            only_unspecified=bool(claimed and claimed.only_unspecified),
            confirmed=row.confirmed.low if row.confirmed is not None else 0,
            confirmed_open=bool(row.confirmed and row.confirmed.open), no_data=row.confirmed is None,
            confirmed_label=confirmed_text(row) or "no data",
            confirmed_broad=(row.confirmed_broad.low if row.confirmed_broad is not None
                             and row.confirmed is not None and row.confirmed_broad.low > row.confirmed.low
                             else None),
            days_apart=row.days_apart if row.dates_flagged else None,
            seen_otherwise=", ".join(seen_otherwise(row)),
            later=", ".join(f"{seen.display()} {s.value}" for s, seen in row.later),
        ))
    return out


def _aside(bar: Bar) -> str:
    """What the bars cannot show, in words after the verdict: what was later seen otherwise (14
    captured, `later 14 destroyed`), what was seen otherwise, dates apart."""
    words = ""
    if bar.later:
        words += f" · later {bar.later}"
    if bar.seen_otherwise:
        words += f" · seen as {bar.seen_otherwise}"
    if bar.days_apart is not None:
        words += f" · {bar.days_apart:,} days apart"
    return words


def _grid(ticks: list[int], x0: float, scale: float, top: float, bottom: float, label_y: float,
          colour: str, size: str, fill: str = "") -> list[str]:
    """An axis's grid lines from `top` to `bottom` (the zero line darker) and its figures at
    `label_y`: the chart's shared axis and a row's own are drawn alike."""
    out = []
    for tick in ticks:
        x = x0 + tick * scale
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" '
                   f'stroke="{"#777" if tick == 0 else colour}" stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{label_y}"{size} text-anchor="middle"{fill}>{tick:,}</text>')
    return out


def nice_ticks(maximum: int) -> list[int]:
    """Round axis ticks from 0 to at least `maximum`: steps of 1, 2 or 5 times a power of ten."""
    if maximum <= 0:
        return [0, 1]
    rough = maximum / 4
    power = 10 ** max(0, math.floor(math.log10(rough))) if rough >= 1 else 1
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= rough)
    top = -(-maximum // step) * step
    return list(range(0, top + 1, step))


def wrap(text: str, size: int, room: float, bold: bool = False) -> list[str]:
    """`text` in lines that fit `room` at font `size`, broken at spaces (a word longer than a line
    is broken inside): a long name takes more lines, never an ellipsis."""
    per_char = size * (0.62 if bold else 0.58)  # DejaVu/Liberation Sans, roughly
    most = max(4, int(room / per_char))
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        while len(word) > most:  # a word longer than a line: broken where it must be
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:most])
            word = word[most:]
        if line and len(line) + 1 + len(word) > most:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def _label(lines: list[str], x: float, y: float, size: int, step: int, attributes: str = "") -> str:
    """Lines of a label as one text of tspans, `step` apart."""
    spans = "".join(f'<tspan x="{x}" dy="{0 if i == 0 else step}">{_e(line)}</tspan>'
                    for i, line in enumerate(lines))
    if len(lines) == 1:
        return f'<text x="{x}" y="{y}" font-size="{size}"{attributes}>{_e(lines[0])}</text>'
    return f'<text x="{x}" y="{y}" font-size="{size}"{attributes}>{spans}</text>'


# The SVG's geometry, in its own units (it scales to the page's width).
WIDTH = 860
LEFT = 270  # labels
PLOT = 380  # the bars' axis runs from LEFT to LEFT + PLOT
TAIL = 40  # how far an open end fades out past the claimed low
ROW = 58
BAR = 16
TOP = 44  # the legend
LINE = 17  # a line of a row's label
SHARED_RATIO = 50  # one axis while the largest row is at most this many times the smallest
SCALE_NOTE = ("Scales differ between rows: each row's two bars share its own axis, whose ticks are "
              "under it; compare a row's claimed and confirmed, not the lengths of different rows.")


def per_row_scales(bars: list[Bar]) -> bool:
    """Whether the rows are too different in size for one axis: the largest more than SHARED_RATIO
    times the smallest (a 1 beside a 50 is still a bar of some pixels; a 28 beside 60,000 is not)."""
    reaches = [b.reach for b in bars if b.reach > 0]
    return bool(reaches) and max(reaches) > SHARED_RATIO * min(reaches)


def _legend(prefix: str) -> str:
    items = [
        (f'<rect x="0" y="-10" width="22" height="12" fill="{CLAIMED_COLOUR}"/>', "claimed"),
        (f'<rect x="0" y="-10" width="22" height="12" fill="url(#{prefix}hatch)" '
         f'stroke="{CLAIMED_DARK}" stroke-dasharray="3 2"/>', "range or about (~)"),
        (f'<rect x="0" y="-10" width="22" height="12" fill="url(#{prefix}fade)"/>'
         f'<path d="M22,-9 l5,5 l-5,5" fill="none" stroke="{CLAIMED_DARK}"/>',
         "no upper bound (+, unspecified)"),
        (f'<rect x="0" y="-10" width="22" height="12" fill="{CONFIRMED_COLOUR}"/>',
         "confirmed"),
        (f'<rect x="0" y="-10" width="22" height="12" fill="none" stroke="{NO_DATA_GREY}" '
         'stroke-dasharray="2 3"/>', "no data"),
    ]
    parts, x = [], 0
    for swatch, words in items:
        parts.append(f'<g transform="translate({x},18)">{swatch}'
                     f'<text x="32" y="0" font-size="12">{words}</text></g>')
        x += 32 + 7 * len(words) + 26
    return f'<g class="legend" transform="translate(12,0)">{"".join(parts)}</g>'


def _defs(prefix: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{prefix}hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{CLAIMED_LIGHT}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{CLAIMED_COLOUR}" stroke-width="3"/></pattern>'
        f'<linearGradient id="{prefix}fade" x1="0" x2="1" y1="0" y2="0">'
        f'<stop offset="0" stop-color="{CLAIMED_COLOUR}" stop-opacity="0.85"/>'
        f'<stop offset="1" stop-color="{CLAIMED_COLOUR}" stop-opacity="0.05"/></linearGradient>'
        f'<pattern id="{prefix}hatch-confirmed" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#CFE3F1"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{CONFIRMED_COLOUR}" stroke-width="3"/></pattern>'
        f'<linearGradient id="{prefix}fade-confirmed" x1="0" x2="1" y1="0" y2="0">'
        f'<stop offset="0" stop-color="{CONFIRMED_COLOUR}" stop-opacity="0.85"/>'
        f'<stop offset="1" stop-color="{CONFIRMED_COLOUR}" stop-opacity="0.05"/></linearGradient>'
        "</defs>"
    )


def _claimed_shapes(bar: Bar, x0: float, scale: float, y: float, prefix: str) -> tuple[list[str], float]:
    """The claimed bar's pieces and the x where its label goes."""
    shapes: list[str] = []
    low_x = x0 + bar.low * scale
    if bar.approximate:  # the number itself is uncertain: no solid part at all
        shapes.append(f'<rect x="{x0}" y="{y}" width="{low_x - x0:.1f}" height="{BAR}" '
                      f'fill="url(#{prefix}hatch)" stroke="{CLAIMED_DARK}" stroke-dasharray="3 2"/>')
    elif bar.low:
        shapes.append(f'<rect x="{x0}" y="{y}" width="{low_x - x0:.1f}" height="{BAR}" '
                      f'fill="{CLAIMED_COLOUR}"/>')
    end = low_x
    if bar.high is not None and bar.high > bar.low:
        end = x0 + bar.high * scale
        dash = ' stroke-dasharray="3 2"' if bar.approximate else ""
        shapes.append(f'<rect x="{low_x:.1f}" y="{y}" width="{end - low_x:.1f}" height="{BAR}" '
                      f'fill="url(#{prefix}hatch)" stroke="{CLAIMED_DARK}"{dash}/>')
    elif bar.high is None:
        end = low_x + TAIL
        shapes.append(f'<rect x="{low_x:.1f}" y="{y}" width="{TAIL}" height="{BAR}" '
                      f'fill="url(#{prefix}fade)"/>')
        middle = y + BAR / 2
        shapes.append(f'<path d="M{end:.1f},{middle - 6} l6,6 l-6,6" fill="none" '
                      f'stroke="{CLAIMED_DARK}" stroke-width="1.5"/>')
        end += 6
    return shapes, end + 6


def _who(bar: Bar) -> str:
    return f"claimed by {bar.claimant} ({bar.grade})" if bar.is_claimed else "no claim"


def svg_chart(bars: list[Bar], title: str, prefix: str = "c") -> str:
    """An inline SVG of claimed against confirmed per row; `prefix` keeps pattern ids unique. One
    axis for every row, or (per_row_scales) one per row, said in the chart."""
    own = per_row_scales(bars)
    shared = nice_ticks(max((b.reach for b in bars), default=0))
    names = [wrap(b.name, 14, LEFT - 24, bold=True) for b in bars]
    whos = [wrap(_who(b), 12, LEFT - 24) for b in bars]
    extras = [LINE * (len(n) - 1) + 14 * (len(w) - 1) for n, w in zip(names, whos, strict=True)]
    heights = [max(ROW + extra, ROW + 8 if own else ROW) for extra in extras]
    note = wrap(SCALE_NOTE, 12, WIDTH - 24) if own else []
    top = TOP + (15 * len(note) + 8 if own else 0)
    tops = list(itertools.accumulate(heights, initial=top))
    bottom = tops[-1]
    height = bottom + (4 if own else 34)
    x0 = LEFT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="chart" role="img" aria-labelledby="{prefix}title">',
        f'<title id="{prefix}title">{_e(title)}{_e(". " + SCALE_NOTE) if own else ""}</title>',
        _defs(prefix), _legend(prefix),
    ]
    if own:
        out.append(_label(note, 12, TOP + 12, 12, 15, ' font-style="italic" fill="#333"'))
    for i in range(0, len(bars), 2):  # bands, so that a row's label and bars read together
        out.append(f'<rect x="0" y="{tops[i]}" width="{WIDTH}" height="{heights[i]}" fill="#F3F3F3"/>')
    if not own:
        scale = PLOT / shared[-1]
        out.extend(_grid(shared, x0, scale, top, bottom, bottom + 18, "#D0D0D0", ' font-size="12"'))
        if len(bars) > 8:  # a tall chart gets its scale at the top too
            out.extend(f'<text x="{x0 + tick * scale:.1f}" y="{top - 5}" font-size="11" '
                       f'text-anchor="middle" fill="#444">{tick:,}</text>' for tick in shared)
    for i, bar in enumerate(bars):
        y = tops[i]
        if own:  # the row's own axis: its ticks as grid lines over its two bars, their figures under them
            ticks = nice_ticks(bar.reach)
            scale = PLOT / ticks[-1]
            out.extend(_grid(ticks, x0, scale, y + 4, y + 52, y + 63, "#C8C8C8",
                             ' font-size="10"', ' fill="#444"'))
        who = _who(bar)
        out.append(f'<g class="row"><title>{_e(bar.name)} ({_e(bar.equipment)}), {_e(bar.status)}, '
                   f'{_e(who)}: claimed {_e(grouped(bar.claimed_label))}, confirmed '
                   f'{_e(grouped(bar.confirmed_label))}, {_e(bar.verdict)}</title>')
        lines = names[i]
        out.append(_label(lines, 12, y + 17, 14, LINE, ' font-weight="bold"'))
        below = y + LINE * (len(lines) - 1)
        out.append(_label(whos[i], 12, below + 34, 12, 14))
        colour = VERDICT_COLOURS.get(bar.verdict, "#222")
        out.append(f'<text x="12" y="{y + extras[i] + 50}" font-size="12">{_e(bar.status)} · '
                   f'<tspan font-weight="bold" fill="{colour}">{_e(bar.verdict)}</tspan></text>')
        claimed_y, confirmed_y = y + 8, y + 32
        if bar.is_claimed:
            shapes, label_x = _claimed_shapes(bar, x0, scale, claimed_y, prefix)
            out.extend(shapes)
            out.append(f'<text x="{label_x:.1f}" y="{claimed_y + 12}" font-size="12">claimed '
                       f'<tspan font-weight="bold">{_e(grouped(bar.claimed_label))}</tspan></text>')
        else:
            out.append(f'<text x="{x0 + 6}" y="{claimed_y + 12}" font-size="12" fill="#555" '
                       f'font-style="italic">not claimed</text>')
        width = bar.confirmed * scale
        if bar.no_data:  # no evidence speaks to it: a dashed empty frame, never a bar of 0
            width = TAIL
            out.append(f'<rect x="{x0}" y="{confirmed_y}" width="{TAIL}" height="{BAR}" fill="none" '
                       f'stroke="{NO_DATA_GREY}" stroke-dasharray="2 3"/>')
        elif width:
            out.append(f'<rect x="{x0}" y="{confirmed_y}" width="{width:.1f}" height="{BAR}" '
                       f'fill="{CONFIRMED_COLOUR}"/>')
        if bar.confirmed_broad is not None and not bar.no_data:  # the broad reading: hatched, as a range
            extra = (bar.confirmed_broad - bar.confirmed) * scale
            out.append(f'<rect x="{x0 + width:.1f}" y="{confirmed_y}" width="{extra:.1f}" height="{BAR}" '
                       f'fill="url(#{prefix}hatch-confirmed)" stroke="{CONFIRMED_COLOUR}"/>')
            width += extra
        if bar.confirmed_open and not bar.no_data:  # seen, maybe more: it fades out, as a claim's open end
            out.append(f'<rect x="{x0 + width:.1f}" y="{confirmed_y}" width="{TAIL}" height="{BAR}" '
                       f'fill="url(#{prefix}fade-confirmed)"/>')
            width += TAIL
        out.append(f'<text x="{x0 + width + 6:.1f}" y="{confirmed_y + 12}" font-size="12">'
                   + ("" if bar.no_data else "confirmed ")
                   + f'<tspan font-weight="bold">{_e(grouped(bar.confirmed_label))}</tspan>'
                   f'{_e(grouped(_aside(bar)))}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


# Terminal glyphs: solid, a range or an approximate number, an open end; eighths for precision.
SOLID, RANGE, OPEN = "█", "▒", "░"
EIGHTHS = " ▏▎▍▌▋▊▉"
OPEN_CELLS = 3
INDENT = "  "


def _cells(value: float) -> str:
    """A solid run `value` cells long, with an eighth block for the fraction (never hides a 1)."""
    whole, rest = divmod(round(value * 8), 8)
    if value > 0 and whole == 0 and rest == 0:
        rest = 1
    return SOLID * whole + (EIGHTHS[rest] if rest else "")


def _claimed_cells(bar: Bar, scale: float) -> list[tuple[str, str]]:
    """(glyphs, style) pieces of a claimed bar in the terminal."""
    low = bar.low * scale
    if bar.approximate:
        pieces = [(RANGE * max(1, round(low)) if bar.low else "", "")]
    else:
        pieces = [(_cells(low), "")]
    if bar.high is not None and bar.high > bar.low:
        extra = max(1, round(bar.high * scale) - len(pieces[0][0]))
        pieces.append((RANGE * extra, ""))
    elif bar.high is None:
        pieces.append((OPEN * OPEN_CELLS, "dim"))
    return pieces


def terminal_chart(comparison: Comparison, width: int) -> list:
    """The chart as rich Text lines for a console `width` columns wide (at least 20)."""
    from rich.text import Text

    # A terminal is mostly dark: Okabe-Ito's orange stands out there more than the page's vermillion.
    claimed_style, confirmed_style = TERMINAL_CLAIMED, CONFIRMED_COLOUR
    lines: list[Text] = [Text(""),
                         Text(f"Claimed against confirmed, by {comparison.level.value}", style="bold"),
                         Text.assemble((SOLID, claimed_style), " claimed  ", (RANGE, claimed_style),
                                       " range or about  ", (OPEN, claimed_style),
                                       " no upper bound  ", (SOLID, confirmed_style), " confirmed")]
    groups = chart_bars(comparison)
    for event, bars in groups.items():
        labels = [b.claimed_label for b in bars] + [b.confirmed_label for b in bars]
        # what a bar line holds besides the bar: "  confirmed ", an open end, " 7+", a spare column
        room = max(4, max(20, width) - len(INDENT + "confirmed ") - OPEN_CELLS - 1
                   - max(map(len, labels)) - 2)
        top = max((b.reach for b in bars), default=0) or 1
        scale = room / top
        lines.append(Text(""))
        lines.append(Text(inert(f"event: {event}"), style="bold"))
        for bar in bars:
            who = f" · {bar.claimant} {bar.grade}" if bar.is_claimed else ""
            apart = _aside(bar)
            lines.append(Text.assemble((inert(bar.equipment), "bold"), inert(f" · {bar.status}{who} · "),
                                       (inert(bar.verdict), "italic"), inert(apart)))
            claimed = Text(INDENT + "claimed   ")
            if bar.is_claimed:
                for glyphs, style in _claimed_cells(bar, scale):
                    claimed.append(glyphs, style=f"{claimed_style} {style}".strip())
                claimed.append(" " + inert(bar.claimed_label))
            else:
                claimed.append("— not claimed", style="dim")
            lines.append(claimed)
            confirmed = Text(INDENT + "confirmed ")
            if bar.no_data:
                confirmed.append("— no data", style="dim")
            else:
                confirmed_cells(confirmed, bar, scale, confirmed_style)
            lines.append(confirmed)
    if not groups:
        lines.append(Text("(no rows)", style="dim"))
    return lines


def confirmed_cells(line, bar: Bar, scale: float, style: str) -> None:
    """Append a bar's confirmed figure to a rich Text line: solid to the narrow reading, the range
    to the broad one lighter, an open end fading out, then the table's own figure."""
    line.append(_cells(bar.confirmed * scale), style=style)
    if bar.confirmed_broad is not None:
        extra = max(1, round((bar.confirmed_broad - bar.confirmed) * scale))
        line.append(RANGE * extra, style=style)
    if bar.confirmed_open:
        line.append(OPEN * OPEN_CELLS, style=f"{style} dim")
    line.append(" " + inert(bar.confirmed_label))


def render_chart(comparison: Comparison, console) -> None:
    """Print the claimed-versus-confirmed bars of a comparison on a rich Console."""
    for line in terminal_chart(comparison, console.width):
        console.print(line, soft_wrap=False, overflow="fold")
