"""Claimed against confirmed over time, drawn: one inline SVG line chart per claimed category.

Every number comes from the timeline (analysis.timeline); nothing here applies a rule. A date
with no figure (no data, a figure older than the gap allowed, a gap row) breaks the line: the
line stops and starts again, never crosses the hole and is never interpolated over it, and a
point with no neighbour is a dot. No data is never drawn as 0. The colours and the honesty about
bounds are the bars' (charts.py): vermillion claimed, blue confirmed; a claimed range is a light band
over its low, an approximate claim a dashed line, an open end (`7+`, `unspecified`, a confirmed
`1+`) an arrow up; where the category's mapping is in doubt, the broad reading is a hatched band
above the confirmed line. Coordinates are rounded to a tenth, so that a long series stays small.
"""

from __future__ import annotations

import datetime
import itertools
import math
from dataclasses import dataclass

from ..analysis.rows import Timeline, TimelineRow
from ..format.models import PartialDate
from .charts import CLAIMED_COLOUR, CLAIMED_DARK, CLAIMED_LIGHT, CONFIRMED_COLOUR, NO_DATA_GREY, nice_ticks
from .html import escape as _e
from .tables import confirmed_text

RATIO_COLOUR = "#333333"  # neither side's colour: it is both together
CONFIRMED_LIGHT = "#CFE3F1"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# The SVG's geometry, in its own units (it scales to the page's width).
WIDTH = 860
LEFT = 64  # the value axis' labels
PLOT = 600  # the dates run from LEFT to LEFT + PLOT
MAIN = 170  # the height of claimed and confirmed
RATIO = 64  # the height of the ratio
BETWEEN = 30  # between the two panels (the ratio's title)
ARROW = 6
MARKED = 60  # up to this many points, each is marked on its line


@dataclass(frozen=True)
class Point:
    """One date of one category as the lines draw it; None: no figure on that date."""

    date: PartialDate
    index: int  # the date's place in the schedule: only neighbours are joined
    claimed: int | None  # the least claimed (`unspecified`: 1)
    claimed_high: int | None  # the top of a claimed range; None where it is no range
    claimed_open: bool  # no upper bound: `7+`, `unspecified`
    claimed_approximate: bool
    claimed_label: str  # the table's own spelling; "" where nothing is claimed on the date
    confirmed: int | None
    confirmed_broad: int | None  # the broad reading of a category in doubt, where it adds
    confirmed_open: bool  # seen without a number, or with no upper bound: `1+`
    confirmed_label: str  # `600`, `1+`, `7727-8955`, `no data`
    ratio: float | None
    ratio_broad: float | None
    ratio_label: str
    note: str  # why a figure is missing on the date, in words


@dataclass(frozen=True)
class Line:
    """One claimed category (event, equipment, status, claimant) over the schedule's dates."""

    event: str
    equipment: str
    name: str
    status: str
    claimant: str
    summed: tuple[str, ...]
    in_doubt: tuple[str, ...]
    points: list[Point]

    @property
    def title(self) -> str:
        """The category in words: `Tanks (tank), lost, claimed by gs`."""
        what = self.name if self.name == self.equipment else f"{self.name} ({self.equipment})"
        return f"{what}, {self.status}, claimed by {self.claimant}"


def _ratio_text(narrow: float | None, broad: float | None) -> str:
    if narrow is None:
        return ""
    shown = f"{narrow:.2f}"
    return shown if broad is None or f"{broad:.2f}" == shown else f"{shown}-{broad:.2f}"


def _note(row: TimelineRow, max_gap: int) -> str:
    if row.gap:
        if row.claimant is not None and row.confirmed is not None:
            return f"no claimed figure of {row.claimant} on that date"
        return f"no figure of it within {max_gap} days"
    if row.confirmed is not None or not row.stale:
        return "" if row.confirmed is not None else "no data"
    older = ", ".join(f"{who} of {when}" for who, when in row.stale)
    return f"no data: older than {max_gap} days, not counted: {older}"


def _point(row: TimelineRow, index: int, max_gap: int) -> Point:
    claimed, confirmed, broad = row.claimed, row.confirmed, row.confirmed_broad
    wider = broad is not None and confirmed is not None and broad.low > confirmed.low
    ratio_broad = row.ratio_broad if row.ratio is not None and row.ratio_broad != row.ratio else None
    return Point(
        date=row.date, index=index,
        claimed=claimed.stated_low if claimed is not None else None,
        claimed_high=(claimed.high if claimed is not None and claimed.high is not None
                      and claimed.high > claimed.stated_low else None),
        claimed_open=claimed is not None and claimed.high is None,
        claimed_approximate=bool(claimed and claimed.approximate),
        claimed_label=claimed.display() if claimed is not None else "",
        confirmed=confirmed.low if confirmed is not None else None,
        confirmed_broad=broad.low if wider else None,
        confirmed_open=bool(confirmed and confirmed.open),
        confirmed_label=confirmed_text(row) or "no data",
        ratio=row.ratio, ratio_broad=ratio_broad, ratio_label=_ratio_text(row.ratio, ratio_broad),
        note=_note(row, max_gap))


def timeline_lines(timeline: Timeline) -> dict[str, list[Line]]:
    """The timeline's claimed categories as lines, grouped by event, in the rows' order (what no
    claim names has no claimed line and stays in the compare table)."""
    position = {d: i for i, d in enumerate(timeline.dates)}
    out: dict[str, list[Line]] = {}
    for (event, equipment, status, claimant), rows in timeline.series().items():
        if claimant is None:
            continue
        model = rows[0]
        out.setdefault(event, []).append(Line(
            event=event, equipment=equipment, name=model.equipment_name or equipment,
            status=status.value, claimant=claimant, summed=model.summed, in_doubt=model.in_doubt,
            points=[_point(r, position[r.date], timeline.max_gap) for r in rows]))
    return out


def _n(value: float) -> str:
    """A coordinate to a tenth, without a trailing `.0`."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _day(date: PartialDate) -> int:
    return datetime.date(*date.first_day).toordinal()


def runs(points: list[Point], value) -> list[list[Point]]:
    """The points where `value(point)` is a figure, in runs of neighbouring dates: a date without a
    figure, or a date the key has no row for, ends a run (a line never crosses it)."""
    out: list[list[Point]] = []
    for p in points:
        if value(p) is None:
            continue
        if out and out[-1][-1].index == p.index - 1 and value(out[-1][-1]) is not None:
            out[-1].append(p)
        else:
            out.append([p])
    return out


def date_ticks(first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, str]]:
    """Dates for the axis at a round interval (days, weeks, months or years), at most about eight."""
    span = (last - first).days
    if span <= 16:
        step = max(1, math.ceil((span + 1) / 8))
        days = [first + datetime.timedelta(days=n) for n in range(0, span + 1, step)]
        return [(d, f"{d.day} {MONTHS[d.month - 1]}") for d in days]
    if span <= 60:
        monday = first + datetime.timedelta(days=-first.weekday() % 7)
        weeks = max(1, math.ceil(span / 7 / 8))
        days = [monday + datetime.timedelta(weeks=n * weeks) for n in range(0, span // 7 + 2)]
        return [(d, f"{d.day} {MONTHS[d.month - 1]}") for d in days if d <= last]
    if span <= 366 * 4:
        months = span / 30.4
        step = next(s for s in (1, 2, 3, 6, 12) if months / s <= 8)
        out = []
        year, month = first.year, first.month
        if first.day > 1:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        while (d := datetime.date(year, month, 1)) <= last:
            if (month - 1) % step == 0:
                label = MONTHS[month - 1] + (f" {year}" if not out or month == 1 else "")
                out.append((d, label))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out
    years = last.year - first.year
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if years / s <= 8)
    start = first.year + (1 if (first.month, first.day) != (1, 1) else 0)
    return [(datetime.date(y, 1, 1), str(y)) for y in range(start, last.year + 1) if y % step == 0]


def _legend(line: Line, max_gap: int, prefix: str) -> tuple[str, int]:
    """The chart's key, only what this chart draws, wrapped to the width: (svg, its height)."""
    points = line.points
    swatch_line = '<path d="M0,-4h22" stroke="{}" stroke-width="2.5"{}/>'
    items = [(swatch_line.format(CLAIMED_COLOUR, ""), "claimed"),
             (swatch_line.format(CONFIRMED_COLOUR, ""), "confirmed (a lower bound)")]
    if any(p.claimed_high is not None for p in points):
        items.append((f'<rect x="0" y="-10" width="22" height="12" fill="{CLAIMED_LIGHT}"/>',
                      "claimed range"))
    if any(p.claimed_approximate for p in points):
        items.append((swatch_line.format(CLAIMED_COLOUR, ' stroke-dasharray="4 3"'), "about (~)"))
    if any(p.claimed_open or p.confirmed_open for p in points):
        items.append((f'<path d="M7,-1l4,-{ARROW}l4,{ARROW}" fill="none" stroke="{CLAIMED_DARK}" '
                      'stroke-width="1.5"/>', "no upper bound (+, unspecified)"))
    if any(p.confirmed_broad is not None for p in points):
        items.append((f'<rect x="0" y="-10" width="22" height="12" fill="url(#{prefix}broad)" '
                      f'stroke="{CONFIRMED_COLOUR}" stroke-width=".5"/>',
                      "broad reading (the category may cover more)"))
    items.append((f'<path d="M0,-4h6m10,0h6" stroke="{NO_DATA_GREY}" stroke-width="2.5"/>',
                  f"no line: no figure within {max_gap} days on that date"))
    parts, x, y = [], 0, 16
    for swatch, words in items:
        width = 30 + round(6.6 * len(words)) + 22
        if x and x + width > WIDTH - 24:
            x, y = 0, y + 18
        parts.append(f'<g transform="translate({x},{y})">{swatch}'
                     f'<text x="30" y="0" font-size="12">{words}</text></g>')
        x += width
    return f'<g class="legend" transform="translate(12,0)">{"".join(parts)}</g>', y + 14


def _path(runs_: list[list[tuple[float, float]]]) -> str:
    return "".join("M" + "L".join(f"{_n(x)},{_n(y)}" for x, y in run) for run in runs_)


def _band(run: list[Point], x, y, low, high) -> str:
    """The area between `low` and `high` over a run of points that all have both (a narrow box
    for a lone point)."""
    if len(run) == 1:
        p = run[0]
        return f"M{_n(x(p) - 4)},{_n(y(high(p)))}h8V{_n(y(low(p)))}h-8Z"
    top = [(x(p), y(high(p))) for p in run]
    bottom = [(x(p), y(low(p))) for p in reversed(run)]
    return "M" + "L".join(f"{_n(a)},{_n(b)}" for a, b in top + bottom) + "Z"


def _series(points: list[Point], x, y, value, colour: str, cls: str, dashed=lambda p: False,
            high=lambda p: None, band_fill: str = "", open_=lambda p: False,
            open_colour: str = CLAIMED_DARK) -> list[str]:
    """One line: its band, its segments (solid, or dashed where a point is approximate), its lone
    points as dots, and an arrow up over each point with no upper bound."""
    out: list[str] = []
    found = runs(points, value)
    if band_fill:
        # A band only between neighbours that both have one: a range is not spread to a date without.
        bands = [_band(r, x, y, value, high) for run in found for r in runs(run, high)]
        if bands:
            out.append(f'<path class="band {cls}" d="{"".join(bands)}" fill="{band_fill}" '
                       'stroke="none"/>')
    solid: list[list[tuple[float, float]]] = []
    dash: list[list[tuple[float, float]]] = []
    for run in found:
        for a, b in itertools.pairwise(run):
            into = dash if dashed(a) or dashed(b) else solid
            pa, pb = (x(a), y(value(a))), (x(b), y(value(b)))
            if into and into[-1][-1] == pa:
                into[-1].append(pb)
            else:
                into.append([pa, pb])
    if solid:
        out.append(f'<path class="line {cls}" d="{_path(solid)}" fill="none" stroke="{colour}" '
                   'stroke-width="2.5" stroke-linejoin="round"/>')
    if dash:
        out.append(f'<path class="line {cls} about" d="{_path(dash)}" fill="none" stroke="{colour}" '
                   'stroke-width="2.5" stroke-dasharray="4 3"/>')
    marked = [p for run in found if len(run) > 1 for p in run]
    if 0 < len(marked) <= MARKED:  # each figure's date seen on the line: a dot of a round cap
        ticks = "".join(f"M{_n(x(p))},{_n(y(value(p)))}h0" for p in marked)
        out.append(f'<path class="marks {cls}" d="{ticks}" stroke="{colour}" stroke-width="5.5" '
                   'stroke-linecap="round"/>')
    for run in found:
        if len(run) == 1:
            p = run[0]
            fill = "#fff" if dashed(p) else colour
            out.append(f'<circle class="dot {cls}" cx="{_n(x(p))}" cy="{_n(y(value(p)))}" r="3.5" '
                       f'fill="{fill}" stroke="{colour}" stroke-width="1.5"/>')
    arrows = "".join(f"M{_n(x(p) - 4)},{_n(y(value(p)) - 4)}l4,-{ARROW}l4,{ARROW}"
                     for p in points if value(p) is not None and open_(p))
    if arrows:
        out.append(f'<path class="open {cls}" d="{arrows}" fill="none" stroke="{open_colour}" '
                   'stroke-width="1.5"/>')
    return out


def _last(points: list[Point], value) -> Point | None:
    return next((p for p in reversed(points) if value(p) is not None), None)


def _apart(ys: list[float], room: float = 13) -> list[float]:
    """Label heights pushed apart (in order from the top) so that no two overlap."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    out = list(ys)
    for before, i in itertools.pairwise(order):
        out[i] = max(out[i], out[before] + room)
    return out


def svg_lines(line: Line, first: PartialDate, last: PartialDate, max_gap: int, title: str,
              prefix: str = "t") -> str:
    """An inline SVG of one category's claimed and confirmed figures by date, and its ratio below,
    on an axis of dates from `first` to `last`; `prefix` keeps ids unique in the page."""
    points = line.points
    legend, top = _legend(line, max_gap, prefix)
    main_top, main_bottom = top + 8, top + 8 + MAIN
    ratio_top = main_bottom + BETWEEN
    ratio_bottom = ratio_top + RATIO
    height = ratio_bottom + 26
    start, end = _day(first), _day(last)

    def x(p: Point) -> float:
        return LEFT + PLOT / 2 if end == start else LEFT + (_day(p.date) - start) / (end - start) * PLOT

    reach = max([v for p in points for v in (p.claimed, p.claimed_high, p.confirmed, p.confirmed_broad)
                 if v is not None], default=0)
    ticks = nice_ticks(reach)
    scale = MAIN / ticks[-1]

    def y(value: float) -> float:
        return main_bottom - value * scale

    ratios = [v for p in points for v in (p.ratio, p.ratio_broad) if v is not None]
    ratio_ticks = [t / 100 for t in nice_ticks(max(100, math.ceil(max(ratios, default=0) * 100)))]
    ratio_scale = RATIO / ratio_ticks[-1]

    def ry(value: float) -> float:
        return ratio_bottom - value * ratio_scale

    right = LEFT + PLOT
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="chart" '
           f'role="img" aria-labelledby="{prefix}title {prefix}desc">',
           f'<title id="{prefix}title">{_e(title)}</title>',
           f'<desc id="{prefix}desc">{_e(describe(line))}</desc>']
    if any(p.confirmed_broad is not None or p.ratio_broad is not None for p in points):
        out.append(f'<defs><pattern id="{prefix}broad" width="6" height="6" patternUnits="userSpaceOnUse" '
                   f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{CONFIRMED_LIGHT}"/>'
                   f'<line x1="0" y1="0" x2="0" y2="6" stroke="{CONFIRMED_COLOUR}" stroke-width="1.5"/>'
                   "</pattern></defs>")
    out.append(legend)
    grid = [f"M{_n(right)},{main_top}V{main_bottom}M{_n(right)},{ratio_top}V{ratio_bottom}"]
    labels = []
    for day, words in date_ticks(datetime.date.fromordinal(start), datetime.date.fromordinal(end)):
        at = LEFT + PLOT / 2 if end == start else LEFT + (day.toordinal() - start) / (end - start) * PLOT
        grid.append(f"M{_n(at)},{main_top}V{main_bottom}M{_n(at)},{ratio_top}V{ratio_bottom}")
        labels.append(f'<text x="{_n(at)}" y="{ratio_bottom + 17}" text-anchor="middle">{words}</text>')
    for tick in ticks[1:]:
        grid.append(f"M{LEFT},{_n(y(tick))}H{right}")
    for tick in ratio_ticks[1:]:
        grid.append(f"M{LEFT},{_n(ry(tick))}H{right}")
    out.append(f'<path d="{"".join(grid)}" stroke="#DDD" stroke-width="1"/>')
    out.append(f'<path d="M{LEFT},{main_bottom}H{right}M{LEFT},{ratio_bottom}H{right}'
               f'M{LEFT},{main_top}V{main_bottom}M{LEFT},{ratio_top}V{ratio_bottom}" stroke="#777"/>')
    out.append(f'<g font-size="11" fill="#333">{"".join(labels)}')
    out.extend(f'<text x="{LEFT - 6}" y="{_n(y(t) + 4)}" text-anchor="end">{t:,}</text>' for t in ticks)
    out.extend(f'<text x="{LEFT - 6}" y="{_n(ry(t) + 4)}" text-anchor="end">{t:g}</text>'
               for t in ratio_ticks)
    out.append(f'<text x="{LEFT}" y="{ratio_top - 8}" font-size="12" fill="#1a1a1a">ratio: confirmed '
               "÷ claimed (1: all of the claim confirmed)</text></g>")
    one = ry(1)
    out.append(f'<path d="M{LEFT},{_n(one)}H{right}" stroke="#777" stroke-dasharray="2 3"/>')

    out.append('<g class="claimed">')
    out.extend(_series(points, x, y, lambda p: p.claimed, CLAIMED_COLOUR, "claimed",
                       dashed=lambda p: p.claimed_approximate, high=lambda p: p.claimed_high,
                       band_fill=CLAIMED_LIGHT, open_=lambda p: p.claimed_open))
    out.append('</g><g class="confirmed">')
    out.extend(_series(points, x, y, lambda p: p.confirmed, CONFIRMED_COLOUR, "confirmed",
                       high=lambda p: p.confirmed_broad, band_fill=f"url(#{prefix}broad)",
                       open_=lambda p: p.confirmed_open, open_colour=CONFIRMED_COLOUR))
    out.append('</g><g class="ratio">')
    out.extend(_series(points, x, ry, lambda p: p.ratio, RATIO_COLOUR, "ratio",
                       high=lambda p: p.ratio_broad, band_fill=f"url(#{prefix}broad)"))
    out.append("</g>")
    # A line that never has a figure is said, not left for the reader to look for.
    for missing, at in (("claimed", main_top + 16), ("confirmed", main_top + 32)):
        if _last(points, lambda p, m=missing: getattr(p, m)) is None:
            out.append(f'<text x="{LEFT + 8}" y="{at}" font-size="12" fill="{NO_DATA_GREY}" '
                       f'font-style="italic">{missing}: no figure on any date</text>')
    if _last(points, lambda p: p.ratio) is None:
        out.append(f'<text x="{LEFT + 8}" y="{ratio_top + 16}" font-size="12" fill="{NO_DATA_GREY}" '
                   'font-style="italic">ratio: none on any date</text>')

    # The latest figure of each line, at the right, where the eye ends.
    ends = [(p, words, colour, ys) for p, words, colour, ys in (
        (_last(points, lambda p: p.claimed), "claimed", CLAIMED_DARK, y),
        (_last(points, lambda p: p.confirmed), "confirmed", CONFIRMED_COLOUR, y)) if p is not None]
    heights = _apart([ys(p.claimed if words == "claimed" else p.confirmed) + 4 for p, words, _, ys in ends])
    out.append('<g font-size="12">')
    for (p, words, colour, _), at in zip(ends, heights, strict=True):
        figure = p.claimed_label if words == "claimed" else p.confirmed_label
        out.append(f'<text x="{right + 10}" y="{_n(at)}" fill="{colour}">{words} '
                   f'<tspan font-weight="bold">{_e(figure)}</tspan></text>')
    ratio_end = _last(points, lambda p: p.ratio)
    if ratio_end is not None:
        out.append(f'<text x="{right + 10}" y="{_n(ry(ratio_end.ratio) + 4)}" fill="{RATIO_COLOUR}">'
                   f'ratio <tspan font-weight="bold">{_e(ratio_end.ratio_label)}</tspan></text>')
    out.append("</g></svg>")
    return "\n".join(out)


def _missing(points: list[Point], value) -> list[str]:
    """The dates between a line's first and last figure that have none."""
    present = [p for p in points if value(p) is not None]
    if not present:
        return []
    first, last = present[0].index, present[-1].index
    return [str(p.date) for p in points if first < p.index < last and value(p) is None]


def _dates(dates: list[str], shown: int = 6) -> str:
    if len(dates) <= shown:
        return ", ".join(dates)
    return ", ".join(dates[:shown]) + f" and {len(dates) - shown} more"


def describe(line: Line) -> str:
    """The chart in words: each line's first and last figure, and the dates it has none."""
    parts = []
    for words, value, label in (("claimed", lambda p: p.claimed, lambda p: p.claimed_label),
                                ("confirmed", lambda p: p.confirmed, lambda p: p.confirmed_label),
                                ("ratio", lambda p: p.ratio, lambda p: p.ratio_label)):
        present = [p for p in line.points if value(p) is not None]
        if not present:
            parts.append(f"{words}: no figure on any date")
            continue
        first, last = present[0], present[-1]
        text = (f"{words} {label(first)} on {first.date}" if first is last else
                f"{words} {label(first)} on {first.date}, {label(last)} on {last.date}")
        missing = _missing(line.points, value)
        if missing:
            text += f" (no figure on {_dates(missing)})"
        parts.append(text)
    return "; ".join(parts) + "."


def html_figures(line: Line) -> str:
    """The figures by date as an HTML table, for a reader without the chart (every cell escaped)."""
    head = "".join(f'<th scope="col"{c}>{h}</th>' for h, c in (
        ("Date", ""), ("Claimed", ' class="num"'), ("Confirmed", ' class="num"'),
        ("Ratio", ' class="num"'), ("Remarks", "")))
    body = "\n".join(
        f"<tr><td>{_e(p.date)}</td><td class=\"num\">{_e(p.claimed_label or '—')}</td>"
        f"<td class=\"num\">{_e(p.confirmed_label)}</td><td class=\"num\">{_e(p.ratio_label)}</td>"
        f"<td>{_e(p.note)}</td></tr>" for p in line.points)
    return f"<table><thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>"


__all__ = ["Line", "Point", "date_ticks", "describe", "html_figures", "runs", "svg_lines",
           "timeline_lines"]
