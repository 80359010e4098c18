"""A report a colleague can open: one self-contained HTML page of charts and tables.

No script, no font, no image and no style sheet is fetched: everything is inline, and a
Content-Security-Policy forbids the rest, so the page works from a USB stick and a hostile
string in the data has nothing to run. Every text from the data goes through `_e` (HTML-escaped,
quotes too, control characters shown); only http(s) addresses become links.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
import itertools
import os
import re
from collections.abc import Iterable

from .. import __version__
from ..analysis import queries
from ..analysis.filters import Filters, level_of
from ..analysis.rows import Comparison, Level
from ..analysis.rules import earliest, latest
from ..analysis.words import Every
from ..dataset import Dataset
from ..dataset.series import row_id
from ..errors import UsageError
from ..format.models import CREDIBILITY_MEANING, RELIABILITY_MEANING, Series
from ..format.text import plural
from .charts import (
    CLAIMED_COLOUR,
    CONFIRMED_COLOUR,
    SCALE_NOTE,
    VERDICT_COLOURS,
    chart_bars,
    grouped,
    per_row_scales,
    svg_chart,
)
from .html import escape as _e
from .lines import describe, html_figures, svg_lines, timeline_lines
from .tables import Column, Table, cell_text, table

RULES = [
    ("Claims do not add across claimants",
     "Two claimants reporting the same event are alternatives, not a sum. Within one claim, items "
     "of one kind add (\u201csix 122mm artillery pieces\u201d and \u201cother smaller artillery\u201d "
     "make 7+); a claimant's repeated claim about one event counts once, the largest."),
    ("Totals are honest about bounds",
     "Lows add, highs add, and one open-ended part makes the total open-ended: a total reads 42, "
     "~42 (about), 42-50 or 42+; a claim that gave no number reads \u201cunspecified\u201d (at "
     "least one), never a made-up number."),
    ("Confirmed counts are conservative",
     "Confirmed is the larger of the number of distinct identifiers seen (hull numbers, serials) "
     "and the most that any one piece of evidence shows. Two videos of \u201ctanks\u201d may show "
     "the same tanks, so they never add."),
    ("Presence is not a count",
     "An observation without a number (\u201cartillery pieces\u201d) makes the category seen and "
     "adds nothing: the figure reads 1+ (seen, maybe more) and gives no ratio. Two phrases of one "
     "video are not two items."),
    ("No data is not zero",
     "0 means that evidence which speaks to the category shows none. Where no evidence of the event "
     "has a figure for it on its date (a compiler's table without that category, a history lost "
     "upstream), the row says no data: no number, no ratio."),
    ("One date",
     "Running totals (a daily tally, a compiler's table) are compared at one date: of each claimant's "
     "and publisher's, the latest on or before it. A row whose claim and evidence lie more than a "
     "week apart is flagged with both dates."),
    ("Mappings in doubt",
     "Where a claimant's category may also cover other categories (the General Staff's APC and "
     "engineering vehicles), Confirmed and Ratio run from the narrow reading to the broad one."),
    ("Status",
     "Evidence of captured equipment confirms a claim of captured or lost equipment, not of "
     "destroyed equipment; a claim of lost equipment is confirmed by any status. Where the "
     "category was seen only under another status, the row says what was seen."),
    ("Levels",
     "By category, every item rolls up to its category; a model counts for its type and category, "
     "but a claim or video about a category never counts for a type beneath it."),
    ("Verdicts",
     "confirmed: the confirmed count reaches the claimed number; partly confirmed: some but fewer; "
     "unconfirmed: none seen; exceeds claim: more than a bounded claim; present: the claim gave no "
     "number and at least one is seen; not claimed: the evidence shows something no claim "
     "mentions; no data: no evidence speaks to it. Evidence that confirms a claimed row is part of "
     "it and is not listed again."),
    ("Ratio", "Confirmed divided by the claimed low, to two decimals, where a number was claimed and "
              "the confirmed figure holds a number, not presence alone."),
    ("Independent",
     "Some confirming evidence was published by neither the claimant, nor a relay of the claim, "
     "nor a source of the claimant's own side. Such confirmation would justify credibility 1; "
     "materiel suggests it and never rewrites the data."),
]

CSS = f"""
:root {{ color-scheme: light; }}
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans",
  Arial, sans-serif; color: #1a1a1a; background: #fff; max-width: 66rem; margin: 0 auto;
  padding: 1.5rem 1.5rem 3rem; line-height: 1.45; }}
h1 {{ font-size: 1.8rem; margin: 0 0 .25rem; }}
h2 {{ font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid #333; }}
h3 {{ font-size: 1.1rem; margin: 1.4rem 0 .3rem; }}
p.lead {{ margin: 0 0 1rem; color: #333; }}
a {{ color: #0059A0; }}
dl.scope {{ display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.2rem; margin: 0; }}
dl.scope dt {{ font-weight: bold; }}
dl.scope dd {{ margin: 0; }}
nav ol {{ columns: 2; margin: .3rem 0; }}
table {{ border-collapse: collapse; width: 100%; font-size: .88rem; margin: .4rem 0 .8rem; }}
div.wide {{ overflow-x: auto; }}
th, td {{ border-bottom: 1px solid #c8c8c8; padding: .28rem .45rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }}
th {{ border-bottom: 2px solid #333; background: #f3f3f3; hyphens: auto; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
td.grade {{ font-weight: bold; white-space: nowrap; }}
td.verdict {{ font-weight: bold; white-space: nowrap; }}
{chr(10).join(f".v-{v.replace(' ', '-')} {{ color: {c}; }}" for v, c in VERDICT_COLOURS.items())}
figure {{ margin: .6rem 0 1rem; padding: .4rem; border: 1px solid #d0d0d0; }}
figcaption {{ font-size: .85rem; color: #333; margin-top: .3rem; }}
svg.chart {{ width: 100%; height: auto; display: block; font-family: inherit; }}
caption {{ text-align: left; font-size: .86rem; color: #444; padding-bottom: .2rem; }}
.meta {{ color: #333; font-size: .92rem; margin: 0 0 .4rem; }}
.notes, .note {{ color: #444; font-size: .86rem; }}
.notes {{ margin: 0 0 1rem; padding-left: 1.2rem; }}
blockquote {{ margin: .3rem 0 .5rem; padding: .2rem .8rem; border-left: 4px solid {CLAIMED_COLOUR};
  background: #fdf6e6; }}
.record {{ margin: .8rem 0 1.2rem; }}
.record h3 {{ margin-bottom: .1rem; }}
.links a {{ margin-right: .8rem; }}
.key {{ display: inline-block; width: 1.4em; height: .8em; vertical-align: baseline; }}
.key-claimed {{ background: {CLAIMED_COLOUR}; }}
.key-confirmed {{ background: {CONFIRMED_COLOUR}; }}
footer {{ margin-top: 2.5rem; color: #555; font-size: .82rem; border-top: 1px solid #ccc;
  padding-top: .5rem; }}
code {{ font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .92em; }}
@page {{ margin: 12mm; }}
@media print {{
  /* On paper nothing scrolls: a table fits the page's width (small type, cells wrap, inside a word
     only where it is wider than its column), a chart fits one page (scaled down, never split), and
     no rule leaves a page blank (a record or a table may break across pages; only a row, a chart
     and a quote may not). */
  body {{ max-width: none; padding: 0; font-size: 9.5pt; }}
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  nav {{ display: none; }}
  a {{ color: #1a1a1a; }}
  a[href^="http"]::after {{ content: " <" attr(href) ">"; font-size: 7pt; overflow-wrap: anywhere;
    word-break: break-all; }}
  div.wide {{ overflow: visible; }}
  table {{ font-size: 7.5pt; width: 100%; max-width: 100%; }}
  th, td {{ padding: .12rem .22rem; overflow-wrap: break-word; hyphens: auto; }}
  td.verdict {{ white-space: normal; }}
  code {{ overflow-wrap: anywhere; word-break: break-all; }}
  figure {{ break-inside: avoid; page-break-inside: avoid; }}
  svg.chart {{ width: auto; max-width: 100%; max-height: 228mm; margin: 0 auto; }}
  tr, blockquote {{ break-inside: avoid; page-break-inside: avoid; }}
  h2, h3, .meta {{ break-after: avoid; page-break-after: avoid; }}
  h2 {{ margin-top: 1.2rem; }}
  thead {{ display: table-header-group; }}
  details > summary {{ display: none; }}
}}
"""

# Nothing may be fetched or run: only the inline style sheet, and images inside the page.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


_WEB = re.compile(r"https?://", re.IGNORECASE)


def safe_href(url: object) -> str | None:
    """An http(s) address escaped for an href; None for anything else (javascript:, data:, ...)."""
    if not isinstance(url, str) or not _WEB.match(url) or not url.isprintable() or " " in url:
        return None
    return html.escape(url, quote=True)


def link(url: str | None, text: str) -> str:
    """A link to an http(s) address, or the address as plain text when it is anything else."""
    if not url:
        return ""
    href = safe_href(url)
    if href is None:
        return f"{_e(text)} <code>{_e(url)}</code>"
    return f'<a href="{href}" rel="noopener noreferrer">{_e(text)}</a>'


def report_date(value: str | None = None, environ: dict | None = None) -> datetime.date:
    """The report's date: `value` (YYYY-MM-DD), else $SOURCE_DATE_EPOCH, else today."""
    environ = os.environ if environ is None else environ
    if value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"`{value}` is not a date; write YYYY-MM-DD") from None
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():  # reproducible builds: the same data gives the same bytes
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


# Columns whose text is a count as the tables spell it (`9006-10377`, `~40`, `7+`): grouped by
# thousands in the report (`9,006-10,377`), as its charts are.
COUNT_COLUMNS = frozenset({"claimed", "confirmed_shown", "quantity", "count"})


def _cell(column: Column, value: object) -> str:
    text = cell_text(value)
    if not isinstance(value, (bool, float)) and (
            column.name in COUNT_COLUMNS or isinstance(value, int) or column.kind == "int"):
        text = grouped(text)
    text = _e(text)
    if value is None:
        return "<td></td>"
    if isinstance(value, bool):
        return f"<td>{text}</td>"
    if isinstance(value, (int, float)) or column.kind in ("int", "float"):
        return f'<td class="num">{text}</td>'
    if column.kind == "grade":
        return f'<td class="grade">{text}</td>'
    if column.kind == "verdict":
        return f'<td class="verdict v-{_e(str(value).replace(" ", "-"))}">{text}</td>'
    return f"<td>{text}</td>"


def html_table(table: Table, rows: list[dict] | None = None, skip: Iterable[str] = (),
               caption: str = "") -> str:
    """A table's screen columns (minus `skip`) as an HTML table, every cell escaped."""
    skip = set(skip)
    columns = [c for c in table.columns if c.terminal and c.name not in skip]
    rows = table.rows if rows is None else rows
    head = "".join(f'<th scope="col"{" class=num" if c.kind in ("int", "float") else ""}>'
                   f"{_e(c.header)}</th>" for c in columns)
    body = "\n".join("<tr>" + "".join(_cell(c, row.get(c.name)) for c in columns) + "</tr>"
                     for row in rows)
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>"


def _grade(value: str) -> str:
    """A grade with its meaning in words: `E4 (unreliable source; doubtful)`."""
    reliability = RELIABILITY_MEANING.get(value[:1], "")
    credibility = CREDIBILITY_MEANING.get(int(value[1:]) if value[1:].isdigit() else 0, "")
    words = f" ({_e(reliability)} source; {_e(credibility)})" if reliability and credibility else ""
    return f"<strong>{_e(value)}</strong>{words}"


def _grouped(rows: list[dict], key: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(row[key], []).append(row)
    return out


def _scope(dataset: Dataset, filters: Filters, level: Level, generated: datetime.date,
           events: list[str]) -> str:
    n = dataset.counts()
    published = [c.published for c in dataset.claims] + [e.published for e in dataset.evidence]
    first, last = earliest(published), latest(published)
    span = f"{first} to {last}" if first and last and first != last else str(first or "none")
    records = ", ".join([
        plural(n["sources"], "source", grouped=True),
        f"{plural(n['claims'], 'claim', grouped=True)} ({plural(n['items'], 'item', grouped=True)})",
        f"{n['evidence']:,} evidence ({plural(n['observations'], 'observation', grouped=True)})"])
    listed = "; ".join(f"{_e(dataset.events[e].title)} ({_e(dataset.events[e].date)})" for e in events)
    rows = [
        ("Data", ", ".join(f"<code>{_e(f)}</code>" for f in dataset.files)),
        ("Records", _e(records)),
        ("Events", f"{_e(plural(len(events), 'event', grouped=True))}: {listed}" if events else "none"),
        ("Published", f"claims and evidence published {_e(span)}"),
        ("Filters", _e(filters.describe() or "none: every record")),
        ("Counted by", _e(level)),
        ("Report date", f"{generated.isoformat()} (materiel {_e(__version__)})"),
    ]
    items = "\n".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<section id="scope"><h2>Scope</h2>\n<dl class="scope">\n{items}\n</dl></section>'


def _event_meta(dataset: Dataset, event_id: str) -> str:
    event = dataset.events.get(event_id)
    if event is None:
        return ""
    where = ", ".join(_e(x) for x in (event.place, event.country) if x)
    parts = [f"{_e(event.date)}, {where}"]
    if event.gained_by:
        source = f" from {_e(event.lost_by)}" if event.lost_by else ""
        parts.append(f"gained by {_e(event.gained_by)}{source}")
    elif event.lost_by:
        parts.append(f"lost by {_e(event.lost_by)}")
    meta = (f'<p class="meta">{"; ".join(parts)} '
            f'<span class="note">(event <code>{_e(event_id)}</code>)</span></p>')
    if event.note:
        meta += f'<p class="note">{_e(event.note)}</p>'
    return meta


def _charts(dataset: Dataset, comparison: Comparison, events: list[str]) -> str:
    groups = chart_bars(comparison)
    out = ['<section id="charts"><h2>Claimed against confirmed</h2>',
           '<p class="lead">Per event, each claimant\'s claim (<span class="key key-claimed"></span> '
           'vermillion, upper bar) against what the evidence confirms (<span class="key key-confirmed">'
           '</span> blue, lower bar). A hatched bar is a range or an approximate number; a bar that '
           'fades out and ends in an arrow has no upper bound (<code>7+</code>, '
           '<code>unspecified</code>: at least one, number not given).</p>']
    for n, event_id in enumerate(events):
        title = dataset.events[event_id].title if event_id in dataset.events else event_id
        out.append(f'<h3 id="event-{n}">{_e(title)}</h3>')
        out.append(_event_meta(dataset, event_id))
        bars = groups.get(event_id)
        if not bars:
            out.append('<p class="note">Nothing claimed or seen for this event within the filters.</p>')
            continue
        chart_title = f"{title}: claimed against confirmed, by {comparison.level.value}"
        out.append(f"<figure>{svg_chart(bars, chart_title, prefix=f'c{n}-')}"
                   f"<figcaption>{_e(chart_title)}. Confirmed is a conservative lower bound."
                   + (f" {_e(SCALE_NOTE)}" if per_row_scales(bars) else "")
                   + "</figcaption></figure>")
    out.append("</section>")
    return "\n".join(out)


def _compare(compare: Table) -> str:
    notes = "".join(f"<li>{_e(n)}</li>" for n in compare.notes)
    shared = {row.get("event") for row in compare.rows}
    # One event: say it once above the table rather than on every row (as on the terminal).
    skip, caption = (("event",), f"event: {shared.pop()}") if len(shared) == 1 else ((), "")
    return (f'<section id="compare"><h2>{_e(compare.title)}</h2>\n'
            f'<div class="wide">{html_table(compare, skip=skip, caption=caption)}</div>\n'
            f'<ul class="notes">{notes}</ul></section>')


def _history(dataset: Dataset, filters: Filters) -> tuple[bool, list[datetime.date], list[int]]:
    """Whether some event has running totals (cumulative records or series rows) on more than one
    date within the filters; the days of every record the timeline would see; and the days between
    one figure and the next of each running total (one claimant's or publisher's, in one event)."""
    events, claimants = filters.events, filters.claimants
    running: dict[tuple, set] = {}
    days: list[datetime.date] = []
    for records, of_claims in ((dataset.written_claims, True), (dataset.written_evidence, False)):
        for r in records:
            if events and r.event not in events:
                continue
            if of_claims and claimants and r.claimant not in claimants:
                continue
            day = datetime.date(*r.published.first_day)
            days.append(day)
            if r.cumulative:
                running.setdefault((r.event, r.claimant if of_claims else r.publisher), set()).add(day)
    for series in dataset.series:
        if (events and series.event not in events) or (
                series.of == "claims" and claimants and series.claimant not in claimants):
            continue
        dated = [datetime.date(*row.date.first_day) for row in series.rows]
        days.extend(dated)
        who = series.claimant if series.of == "claims" else series.publisher
        running.setdefault((series.event, who), set()).update(dated)
    per_event: dict[str, set] = {}
    steps: list[int] = []
    for (event, _), dated in running.items():
        per_event.setdefault(event, set()).update(dated)
        ordered = sorted(dated)
        steps.extend((b - a).days for a, b in itertools.pairwise(ordered))
    return any(len(d) > 1 for d in per_event.values()), days, steps


def choose_every(days: list[datetime.date], steps: list[int] = (), max_gap: int = 7) -> Every:
    """The timeline's period for the report: a month, so that a three-year daily series draws 36
    points, not 1,096; each record's own day where the data spans three months or less (a month
    would give at most three points) and the running totals come at least every `max_gap` days
    (`steps`: the days between one figure and the next), as a sparser one would be a gap on the
    days of the others; a year where months would be more than 200."""
    if not days:
        return Every.month
    first, last = min(days), max(days)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months <= 3 and all(step <= max_gap for step in steps):
        return Every.day
    return Every.month if months <= 200 else Every.year


EVERY_WORDS = {Every.day: "on each day a record of it is dated", Every.week: "at the end of each week",
               Every.month: "at the end of each month", Every.year: "at the end of each year"}


def _over_time(dataset: Dataset, level: Level, filters: Filters, max_gap: int) -> str:
    from ..analysis.timeline import timeline

    # The report's dates bound the timeline: from --since, to --as-of or --until.
    ends = [d for d in (filters.as_of, filters.until) if d is not None]
    end = min(ends, key=lambda d: d.last_day) if ends else None
    start = filters.since
    plain = dataclasses.replace(filters, since=None, until=None, as_of=None)
    _, days, steps = _history(dataset, plain)
    days = [d for d in days if (start is None or d >= datetime.date(*start.first_day))
            and (end is None or d <= datetime.date(*end.last_day))]
    every = choose_every(days, steps, max_gap)
    out = ['<section id="timeline"><h2>Over time</h2>']
    try:
        found = timeline(dataset, level, plain, every, start, end, max_gap)
    except UsageError as err:
        out.append(f'<p class="note">No timeline: {_e(err)}</p></section>')
        return "\n".join(out)
    dates = found.dates
    lines = timeline_lines(found)
    span = f"from {dates[0]} to {dates[-1]}" if dates else "on no date"
    out.append(
        f'<p class="lead">Each claimed category {EVERY_WORDS[found.every]} {span} '
        f"({plural(len(dates), 'date', grouped=True)}): the claim (<span class=\"key key-claimed\"></span> "
        'vermillion) and what the evidence confirms (<span class="key key-confirmed"></span> blue, a '
        "lower bound), each side's latest figure on or before the date, as the compare table takes "
        f"them at one date; below, the ratio of the two. A figure more than {max_gap} days older "
        "than a date is not counted on it, and a date without a figure is a break in the line, "
        "never a 0 and never bridged: a lone point is a dot. A light band is a claimed range; a "
        "hatched blue band, the broad reading of a category that may cover more; an arrow up, a "
        "figure with no upper bound. The figures of every date are in the table under each chart.</p>")
    if not lines:
        out.append('<p class="note">No claimed category within the filters has a figure on any of '
                   "these dates.</p>")
    n = 0
    for event_id, event_lines in lines.items():
        title = dataset.events[event_id].title if event_id in dataset.events else event_id
        out.append(f"<h3>{_e(title)} <span class=\"note\">(event <code>{_e(event_id)}</code>)</span></h3>")
        for line in event_lines:
            n += 1
            chart_title = f"{line.title}: claimed and confirmed over time"
            words = describe(line)
            summed = (f" Confirmed adds up {_e(' + '.join(line.summed))}"
                      + (f" (in doubt: {_e(' + '.join(line.in_doubt))})" if line.in_doubt else "") + "."
                      if len(line.summed) > 1 or line.in_doubt else "")
            out.append(
                f"<figure>{svg_lines(line, dates[0], dates[-1], max_gap, chart_title, prefix=f't{n}-')}"
                f"<figcaption><strong>{_e(line.title)}</strong>. {_e(words[:1].upper() + words[1:])}{summed}"
                f"</figcaption><details><summary>The figures by date</summary>"
                f'<div class="wide">{html_figures(line)}</div></details></figure>')
    out.append("</section>")
    return "\n".join(out)


def _series_records(dataset: Dataset, of: str) -> dict[str, Series]:
    """The series each record a series' row stands for comes from, by the record's id."""
    return {row_id(s, i): s for s in dataset.series if s.of == of for i in range(len(s.rows))}


def _series_article(dataset: Dataset, series: Series, rows: list[dict], figure: str) -> str:
    """A series in the listing once, not once per date: each column's first and latest figure
    within the filters, and how many dates have one (the rows are in the data file)."""
    who = series.claimant if series.of == "claims" else series.publisher
    source = dataset.sources[who]
    dates = sorted({r["published"] for r in rows})
    columns: dict[tuple, list[dict]] = {}
    for r in sorted(rows, key=lambda r: r["published"]):
        columns.setdefault((r["equipment"], r["status"], r["as_written"] or ""), []).append(r)
    body = "\n".join(
        f"<tr><td>{_e(eq)}</td><td>{_e(status)}</td><td>{_e(written)}</td>"
        f'<td class="num">{_e(got[0][figure])} ({_e(got[0]["published"])})</td>'
        f'<td class="num">{_e(got[-1][figure])} ({_e(got[-1]["published"])})</td>'
        f'<td class="num">{len(got):,}</td></tr>' for (eq, status, written), got in columns.items())
    head = "".join(f'<th scope="col"{c}>{h}</th>' for h, c in (
        ("Equipment", ""), ("Status", ""), ("As written", ""), ("First", ' class="num"'),
        ("Latest", ' class="num"'), ("Dates", ' class="num"')))
    role = "Claimant" if series.of == "claims" else "Publisher"
    links = link(series.url, "source")
    note = f'<p class="note">{_e(series.note)}</p>' if series.note else ""
    return (f'<article class="record"><h3>{_e(source.name)}: series <code>{_e(series.id)}</code></h3>'
            f'<p class="meta">{role} <code>{_e(who)}</code>; running totals on '
            f"{_e(plural(len(dates), 'date', grouped=True))} from {_e(dates[0])} to {_e(dates[-1])}; "
            f"event <code>{_e(series.event)}</code>; grade {_grade(rows[0]['grade'])}</p>"
            + (f'<p class="links">{links}</p>' if links else "") + note
            + f"<table><thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></article>")


# Photos and videos of one publisher in one event are listed one by one up to this many; past it
# (Oryx's per-image import: 26,655 images of Russian losses) the report counts them by kind,
# category and status, with the first few ids, and points to `materiel evidence` for the list.
SUMMARISE_OVER = 500
IMAGES = ("photo", "video")
FIRST_IDS = 3


def _images_article(dataset: Dataset, publisher: str, event: str, rows: list[dict]) -> str:
    """Many images of one publisher in one event, counted: records and observations per kind,
    category and status, and the first few ids of each."""
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for r in rows:
        groups.setdefault((r["kind"], r["equipment"], r["status"]), []).append(r)
    records = len({r["evidence"] for r in rows})
    body = []
    for (kind, equipment, status), got in sorted(groups.items()):
        ids = list(dict.fromkeys(r["evidence"] for r in got))
        first = (", ".join(f"<code>{_e(i)}</code>" for i in ids[:FIRST_IDS])
                 + (", …" if len(ids) > FIRST_IDS else ""))
        body.append(f"<tr><td>{_e(kind)}</td><td>{_e(equipment)}</td><td>{_e(status)}</td>"
                    f'<td class="num">{len(ids):,}</td><td class="num">{len(got):,}</td>'
                    f"<td>{first}</td></tr>")
    head = "".join(f'<th scope="col"{c}>{h}</th>' for h, c in (
        ("Kind", ""), ("Equipment", ""), ("Status", ""), ("Records", ' class="num"'),
        ("Observations", ' class="num"'), ("First ids", "")))
    name = dataset.sources[publisher].name if publisher in dataset.sources else publisher
    grades = {r["grade"] for r in rows}
    grade = grades.pop() if len(grades) == 1 else None
    dates = [r["published"] for r in rows]
    return (f'<article class="record"><h3>{_e(name)}: {records:,} photos and videos, counted</h3>'
            f'<p class="meta">Publisher <code>{_e(publisher)}</code>; event <code>{_e(event)}</code>'
            + (f"; grade {_grade(grade)}" if grade else "")
            + f"; published {_e(min(dates))} to {_e(max(dates))}</p>"
            f'<p class="note">More than {SUMMARISE_OVER:,} records of one publisher in one event are '
            "counted here rather than listed one by one; the full list, with every link, is in "
            f"<code>materiel evidence --event {_e(event)} --claimant {_e(publisher)} --format csv</code> "
            "(or <code>--format json</code>).</p>"
            f"<table><thead><tr>{head}</tr></thead>\n<tbody>\n{chr(10).join(body)}\n</tbody></table></article>")


def _claims(dataset: Dataset, filters: Filters) -> str:
    listing = table(queries.claims(dataset, filters))
    by_id = {c.id: c for c in dataset.claims}
    out = ['<section id="claims"><h2>Claims</h2>']
    shown = ("event", "claim", "claimant", "via", "published", "grade")
    of_series = _series_records(dataset, "claims") if dataset.series else {}
    in_series: dict[str, list[dict]] = {}
    for claim_id, rows in _grouped(listing.rows, "claim").items():
        if claim_id in of_series:
            in_series.setdefault(of_series[claim_id].id, []).extend(rows)
            continue
        claim, first = by_id[claim_id], rows[0]
        source = dataset.sources[claim.claimant]
        via = f", via {_e(cell_text(first['via']))}" if first.get("via") else ""
        out.append(f'<article class="record"><h3>{_e(source.name)}: <code>{_e(claim_id)}</code></h3>')
        out.append(f'<p class="meta">Claimant <code>{_e(claim.claimant)}</code>{via}; published '
                   f"{_e(first['published'])}; event <code>{_e(claim.event)}</code>; grade "
                   f"{_grade(first['grade'])}</p>")
        if claim.quote:
            out.append(f"<blockquote>{_e(claim.quote)}</blockquote>")
        if claim.paraphrase:
            out.append(f'<p class="paraphrase"><em>Reported, not quoted:</em> {_e(claim.paraphrase)}</p>')
        links = " ".join(x for x in (link(claim.url, "source"), link(claim.archive_url, "archive")) if x)
        if links:
            out.append(f'<p class="links">{links}</p>')
        if claim.note:
            out.append(f'<p class="note">{_e(claim.note)}</p>')
        out.append(html_table(listing, rows, skip=shown))
        out.append("</article>")
    series = {s.id: s for s in dataset.series}
    out.extend(_series_article(dataset, series[sid], rows, "quantity") for sid, rows in in_series.items())
    if not listing.rows:
        out.append('<p class="note">No claims within the filters.</p>')
    out.append("</section>")
    return "\n".join(out)


def _evidence(dataset: Dataset, filters: Filters) -> str:
    # --claimant chooses claims; the evidence that may confirm them comes from anyone (as in compare).
    listing = table(queries.evidence(dataset, dataclasses.replace(filters, claimants=())))
    by_id = {e.id: e for e in dataset.evidence}
    out = ['<section id="evidence"><h2>Evidence</h2>']
    shown = ("event", "evidence", "kind", "publisher", "published", "grade", "verification")
    of_series = _series_records(dataset, "evidence") if dataset.series else {}
    in_series: dict[str, list[dict]] = {}
    records = _grouped(listing.rows, "evidence")
    per_image: dict[tuple[str, str], int] = {}
    for evidence_id in records:
        record = by_id[evidence_id]
        if record.kind.value in IMAGES:
            key = (record.publisher, record.event)
            per_image[key] = per_image.get(key, 0) + 1
    many = {key for key, n in per_image.items() if n > SUMMARISE_OVER}
    summarised: dict[tuple[str, str], list[dict]] = {}
    for evidence_id, rows in records.items():
        if evidence_id in of_series:
            in_series.setdefault(of_series[evidence_id].id, []).extend(rows)
            continue
        record, first = by_id[evidence_id], rows[0]
        if record.kind.value in IMAGES and (record.publisher, record.event) in many:
            summarised.setdefault((record.publisher, record.event), []).extend(rows)
            continue
        source = dataset.sources[record.publisher]
        out.append(f'<article class="record"><h3>{_e(first["kind"].capitalize())} by {_e(source.name)}: '
                   f"<code>{_e(evidence_id)}</code></h3>")
        analysed = (f"; analysed by {', '.join(f'<code>{_e(a)}</code>' for a in record.analysed_by)}"
                    if record.analysed_by else "")
        out.append(f'<p class="meta">Publisher <code>{_e(record.publisher)}</code>; published '
                   f"{_e(first['published'])}; event <code>{_e(record.event)}</code>; grade "
                   f"{_grade(first['grade'])}; verification: {_e(first['verification'])}"
                   f"{analysed}</p>")
        links = [x for x in (link(record.url, "media"), link(record.archive_url, "archive")) if x]
        if record.sha256:
            links.append(f"sha256 <code>{_e(record.sha256)}</code>")
        out.append(f'<p class="links">{" ".join(links)}</p>' if links
                   else '<p class="note">No link to the media is recorded.</p>')
        if record.lost_by:
            out.append(f'<p class="meta">Lost by: {_e(record.lost_by)}</p>')
        if record.note:
            out.append(f'<p class="note">{_e(record.note)}</p>')
        out.append(html_table(listing, rows, skip=shown))
        out.append("</article>")
    series = {s.id: s for s in dataset.series}
    out.extend(_series_article(dataset, series[sid], rows, "count") for sid, rows in in_series.items())
    out.extend(_images_article(dataset, publisher, event, rows)
               for (publisher, event), rows in summarised.items())
    if not listing.rows:
        out.append('<p class="note">No evidence within the filters.</p>')
    out.append("</section>")
    return "\n".join(out)


def _sources(dataset: Dataset) -> str:
    rows = []
    for source in sorted(dataset.sources.values(), key=lambda s: (s.reliability.value, s.id)):
        letter = source.reliability.value
        rows.append(
            f"<tr><td>{_e(source.name)}{(' ' + link(source.url, 'web')) if source.url else ''}"
            f"<br><code>{_e(source.id)}</code></td>"
            f"<td>{_e(source.kind.value)}</td><td>{_e(source.affiliation or '')}</td>"
            f'<td class="grade">{_e(letter)}</td><td>{_e(RELIABILITY_MEANING[letter])}</td>'
            f'<td class="note">{_e(source.note or "")}</td></tr>')
    head = "".join(f'<th scope="col">{h}</th>' for h in
                   ("Source", "Kind", "Affiliation", "Reliability", "Meaning", "Note"))
    return (f'<section id="sources"><h2>Sources</h2>\n<table><thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{chr(10).join(rows)}\n</tbody></table></section>")


def _rules() -> str:
    rules = "\n".join(f"<dt>{_e(t)}</dt><dd>{_e(text)}</dd>" for t, text in RULES)
    reliability = ", ".join(f"<strong>{k}</strong> {_e(v)}" for k, v in RELIABILITY_MEANING.items())
    credibility = ", ".join(f"<strong>{k}</strong> {_e(v)}" for k, v in CREDIBILITY_MEANING.items())
    return (
        '<section id="rules"><h2>The rules behind the numbers</h2>\n'
        "<p><strong>Grades.</strong> A grade such as <code>E4</code> is the Admiralty code of the "
        "source's reliability and the information's credibility. Reliability: "
        f"{reliability}. Credibility: {credibility}.</p>\n"
        f'<dl class="scope">\n{rules}\n</dl></section>'
    )


def html_report(dataset: Dataset, level: Level | str = Level.category, filters: Filters | None = None,
                generated: datetime.date | None = None, max_gap: int = 7) -> str:
    """The whole report: scope, a chart per event, the compare table, the lines over time (where
    running totals have several dates), claims, evidence, sources, rules."""
    level = level_of(level)
    filters = (filters or Filters()).resolved(dataset)
    generated = generated or report_date()
    comparison = queries.compare(dataset, level, filters, max_gap)
    events = [e for e in dataset.events if not filters.events or e in filters.events]
    titles = [dataset.events[e].title for e in events]
    heading = "; ".join(titles) if 0 < len(titles) <= 3 else plural(len(titles), "event", grouped=True)
    over_time = _history(dataset, filters)[0]
    sections = [
        _scope(dataset, filters, level, generated, events),
        _charts(dataset, comparison, events),
        _compare(table(comparison)),
        *([_over_time(dataset, level, filters, max_gap)] if over_time else []),
        _claims(dataset, filters),
        _evidence(dataset, filters),
        _sources(dataset),
        _rules(),
    ]
    nav = ("<nav><ol>" + "".join(
        f'<li><a href="#{anchor}">{words}</a></li>' for anchor, words in (
            ("scope", "Scope"), ("charts", "Claimed against confirmed"), ("compare", "Compare table"),
            *([("timeline", "Over time")] if over_time else []),
            ("claims", "Claims"), ("evidence", "Evidence"), ("sources", "Sources"),
            ("rules", "The rules behind the numbers"))) + "</ol></nav>")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="materiel {_e(__version__)}">',
        f"<title>Claims against evidence: {_e(heading)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>Claims against evidence</h1><p class=\"lead\">{_e(heading)}. Claims of seized "
        "and lost military equipment, checked against the visual evidence; report dated "
        f"{generated.isoformat()}.</p>{nav}</header>",
        "<main>", *sections, "</main>",
        f"<footer>Made with materiel {_e(__version__)} from {_e(', '.join(dataset.files))}. This page "
        "is self-contained: it runs no script and loads nothing from the network.</footer>",
        "</body>",
        "</html>",
        "",
    ])
