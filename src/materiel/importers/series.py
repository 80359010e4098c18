"""Importing running totals as series: one `series:` record per claimant or publisher and side,
one row per date kept, `~` where that date has no figure for a column (no data, not 0).

`import ua-general-staff --from/--to` reads the General Staff's daily file; `import
oryx-history` reads Oryx's per-category totals over time (`totals_by_type_history.csv`, every
snapshot of `totals_by_type.csv`) or the scraper's own `daily_count.csv`. Both reuse the
single-date imports' checks and vocabularies (public.py, crosswalk.py), so that a series row and
the single import of the same day speak of the same nodes.

Oryx's history is as scraped: names drift and change case, one carries a line break, a
category is renamed, retired or split, sub-total rows are sentences, and on some days a category
has two rows. Each is handled by a rule said in the report and in the written notes:

- a name is normalised (case, spaces and line breaks, commas, the word `and`) and looked up in
  RENAMES, then in the catalog's Oryx categories (crosswalk.oryx_category_root, as `import
  oryx-totals` does); a name still unknown has no column, and the report and the series' note
  list it;
- a repeated (date, side, category) is settled only by the day's `All Types` row: when exactly
  one of the rows makes the categories' `type_total` add up to it, or, where none does exactly,
  exactly one leaves no wider a gap than All Types already had on the side's last date without
  a repeat; else the import is refused with both lines.
"""

from __future__ import annotations

import datetime
import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..dataset.builtin import builtin_catalog
from ..errors import ImportFailed
from ..format.text import inert
from .crosswalk import (
    GENERAL_STAFF,
    GENERAL_STAFF_OTHER_KEYS,
    ORYX_FORMER_NAMES,
    ORYX_ROOTS,
    UNMAPPED,
    oryx_category_root,
)
from .files import iter_csv
from .public import (
    EVENT_OF_COUNTRY,
    ORYX_DAILY_HEADER,
    ORYX_LISTS,
    ORYX_TOTALS_HEADER,
    RUSSIA_EVENT,
    STATUSES,
    Imported,
    _count,
    _date,
    country_adjective,
    general_staff_entries,
    general_staff_node,
)

EVERY = ("day", "week", "month")
ORYX_HISTORY_HEADER = ["snapshot_date", "commit", *ORYX_TOTALS_HEADER]
_MAX_PROBLEMS = 50


def name_key(name: str) -> str:
    """An Oryx category name as compared: case, spaces, line breaks, commas and `and` ignored."""
    words = name.replace(",", " ").casefold().split()
    return " ".join(w for w in words if w != "and")


# Oryx's names, over three years, that the catalog's Oryx categories do not carry: each to the
# category it became (the column it is counted in). Normalised with name_key.
RENAMES = {
    name_key(old): new for old, new in (
        # 2022-04-10: command posts joined the category, which before counted only stations.
        ("Communications Stations", "Command Posts And Communications Stations"),
        # Ukraine's list, 2022-08-08: `And Equipment` added (22 -> 23 that day).
        ("Engineering Vehicles", "Engineering Vehicles And Equipment"),
    )
}
# Oryx categories of its first weeks that it later dropped, on the catalog node of the same
# thing (the node's own name, or its parent's aliases).
RETIRED = {
    name_key("Anti-Tank Guided Missiles"): "atgm",
    name_key("Man-Portable Air Defence Systems"): "manpads",
    name_key("Heavy Mortars"): "mortar",
}
# What a rename changed, said in the series' note.
RENAME_NOTES = {
    name_key("Communications Stations"): "until 2022-04-09 the column counts only communications "
                                        "stations: Oryx added command posts to the category on 2022-04-10",
}
# Oryx categories that hold ships and a submarine, which its totals do not tell apart.
_WITH_SUBMARINES = name_key("Naval Ships and Submarines")


def every_option(value: str) -> str:
    """Check --every; raise ValueError."""
    if value not in EVERY:
        raise ValueError(f"`{value}`: expected day, week or month")
    return value


def kept_dates(dates: Iterable[str], every: str) -> list[str]:
    """The dates kept of sorted dates: all of them, or the last of each ISO week or month."""
    if every == "day":
        return list(dates)
    last: dict = {}
    for day in dates:
        if every == "week":
            year, week, _ = datetime.date.fromisoformat(day).isocalendar()
            last[(year, week)] = day
        else:
            last[day[:7]] = day
    return sorted(last.values())


def _in_range(day: str, start: str | None, end: str | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def _every_words(every: str) -> str:
    return {"day": "every date", "week": "the last date of each ISO week",
            "month": "the last date of each month"}[every]


def _span(start: str | None, end: str | None) -> str:
    return (f" from {start}" if start else "") + (f" to {end}" if end else "")


def _series_id(stem: str, every: str) -> str:
    return f"{stem}-{ {'day': 'daily', 'week': 'weekly', 'month': 'monthly'}[every]}"


class ImportProblems(ImportFailed):
    """An input with several bad lines: each said on its own, `FILE:LINE: message`."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = len(problems) - _MAX_PROBLEMS
        super().__init__("\n".join(problems[:_MAX_PROBLEMS])
                         + (f"\n... and {more} more" if more > 0 else ""))


# ---------------------------------------------------------------- the General Staff


def import_general_staff_series(path: Path, start: str | None = None, end: str | None = None,
                                every: str = "day") -> Imported:
    """One series of claims (claimant the General Staff, status lost): a row per date kept, a
    column per category seen, `~` where the day's object has no such category."""
    entries: list[tuple[int, str, dict]] = []
    previous: tuple[int, str] | None = None
    first = last = None
    for line, day, entry in general_staff_entries(path):
        if previous is not None and day < previous[1]:
            raise ImportFailed(f"{path}:{line}: {day} comes after {previous[1]} (line {previous[0]}): "
                               "the file's days must run in order")
        previous = (line, day)
        first, last = first or day, day
        if _in_range(day, start, end):
            entries.append((line, day, entry))
    if not entries:
        span = f"; the file runs from {first} to {last}" if first else "; the file has no entries"
        raise ImportFailed(f"{path}: no entry{_span(start, end)}{span}")
    kept = set(kept_dates([d for _, d, _ in entries], every))
    entries = [e for e in entries if e[1] in kept]
    keys: list[str] = []
    for _, _, entry in entries:
        keys += [k for k in entry if k not in keys and k not in GENERAL_STAFF_OTHER_KEYS]
    known = [c.key for c in GENERAL_STAFF if c.key in keys]
    unknown = [k for k in keys if general_staff_node(k) == UNMAPPED]
    if len(unknown) > 1:
        raise ImportFailed(f"{path}: categories materiel does not know: "
                           + ", ".join(f"`{k}`" for k in unknown)
                           + "; a series holds one `unmapped` column (import them a date at a time)")
    keys = known + unknown
    rows, empty = [], []
    for _, day, entry in entries:
        cells = [entry.get(k) for k in keys]
        if all(c is None for c in cells):
            empty.append(day)
            continue
        rows.append([day, *cells])
    first_kept, last_kept = rows[0][0], rows[-1][0]
    series_id = _series_id("ua-general-staff", every)
    record = {
        "id": series_id, "of": "claims", "event": RUSSIA_EVENT, "claimant": "ua-general-staff",
        "status": "lost",
        "note": f"The General Staff's cumulative counts of Russian equipment losses, {_every_words(every)} "
                f"from {first_kept} to {last_kept}, as compiled by PetroIvaniuk/2022-Ukraine-Russia-War-"
                "Dataset; ~: that day's report has no such category (categories appear, merge and "
                "split), which is no figure, not 0.",
        "columns": [{"equipment": general_staff_node(k), "as_written": k} for k in keys],
        "rows": rows,
    }
    report = [f"1 series of claims (claimant ua-general-staff, status lost): {series_id}, "
              f"{len(rows):,} rows ({_every_words(every)}) from {first_kept} to {last_kept} "
              f"(lines {entries[0][0]} to {entries[-1][0]})",
              f"  columns ({len(keys)}): " + ", ".join(f"`{k}` ({_seen(rows, i)})"
                                                       for i, k in enumerate(keys, start=1))]
    if empty:
        report.append(f"  left out, no category at all: {', '.join(empty)}")
    if unknown:
        report.append("  categories materiel does not know, filed under `unmapped`: "
                      + ", ".join(f"`{k}`" for k in unknown))
    return Imported("ua-general-staff", [path], {"series": [record]}, ["ua-general-staff"],
                    [RUSSIA_EVENT], report, flow=("series",))


def _seen(rows: list[list], column: int) -> str:
    """`2022-02-25 to 2026-08-08`: the first and last row with a figure in a column."""
    days = [r[0] for r in rows if r[column] is not None]
    if len(days) == len(rows):
        return "every row"
    return f"{days[0]} to {days[-1]}, {len(days):,} rows"


# ---------------------------------------------------------------- Oryx's totals over time


@dataclass
class _Row:
    line: int
    date: str
    country: str
    name: str  # as written
    key: str  # name_key(name)
    node: str | None  # the column's node; None: no column (a sub-total or unknown)
    counts: dict[str, int]  # the four statuses and type_total


@dataclass
class _Spelling:
    country: str
    name: str
    node: str | None
    first: str
    last: str
    rows: int = 0


@dataclass
class _Settled:
    country: str
    date: str
    name: str
    lines: list[int]
    values: list[int]  # type_total of each row
    kept: int  # index into lines
    how: str  # "exact" or "within"
    gap: int = 0  # the earlier gap, for "within"
    gap_date: str = ""


@dataclass
class _Side:
    """One country's rows, by date."""

    dates: list[str] = field(default_factory=list)
    rows: dict[str, list[_Row]] = field(default_factory=dict)  # date -> category rows
    all_types: dict[str, _Row] = field(default_factory=dict)


def _node_of(key: str) -> tuple[str | None, str | None]:
    """(node, the category it was taken for) of a normalised name; (None, None) if unknown."""
    name = RENAMES.get(key)
    if name:
        return oryx_category_root(name), name
    root = _oryx_names().get(key)
    if root:
        return root, None
    if key in RETIRED:
        return RETIRED[key], None
    return None, None


@functools.lru_cache(maxsize=1)
def _oryx_names() -> dict[str, str]:
    """The catalog's Oryx categories, current and former names (as `import oryx-totals` knows
    them), by name_key."""
    catalog = builtin_catalog()
    names = {name_key(catalog.nodes[r].name): r for r in ORYX_ROOTS}
    names.update({name_key(n): oryx_category_root(n) for n in ORYX_FORMER_NAMES})
    return names


def import_oryx_history(path: Path, start: str | None = None, end: str | None = None,
                        every: str = "day", countries: Iterable[str] = ()) -> Imported:
    """One series of evidence (publisher oryx, kind dataset) per side: Oryx's counts per
    category and status on each date kept, from totals_by_type_history.csv or daily_count.csv."""
    catalog = builtin_catalog()
    wanted = set(countries)
    problems: list[str] = []
    sides = {c: _Side() for c in EVENT_OF_COUNTRY}
    spellings: dict[tuple[str, str], _Spelling] = {}
    subtotals = 0
    previous: tuple[int, str] | None = None  # the history's last row: its dates run in order
    latest: dict[tuple[str, str], tuple[int, str]] = {}  # daily_count: each category's last row
    daily = None
    node_cache: dict[str, tuple[str | None, str | None]] = {}
    for line, header, row in iter_csv(path, [ORYX_HISTORY_HEADER, ORYX_DAILY_HEADER]):
        daily = header == ORYX_DAILY_HEADER
        values = dict(zip(header, row, strict=True))
        try:
            country = values["country"]
            if country not in EVENT_OF_COUNTRY:
                raise ImportFailed(f"{path}:{line}: country `{country}`; expected Russia or Ukraine")
            day = _date(path, line, values["date_recorded" if daily else "snapshot_date"],
                        "date_recorded" if daily else "snapshot_date")
            counts = {}
            for status in (*STATUSES, "type_total"):
                text = values[status]
                if text.strip().startswith("-") and text.strip()[1:].isdigit():
                    raise ImportFailed(f"{path}:{line}: `{status}` is {text.strip()}: a cumulative "
                                       "count cannot be negative")
                counts[status] = _count(path, line, text, f"`{status}`")
            added = sum(counts[s] for s in STATUSES)
            if added != counts["type_total"]:
                raise ImportFailed(f"{path}:{line}: the statuses add up to {added}, not type_total "
                                   f"{counts['type_total']}")
        except ImportFailed as err:
            problems.append(err.message)
            continue
        name = values["equipment_type"]
        key = name_key(name)
        if not daily:
            if previous is not None and day < previous[1]:
                problems.append(f"{path}:{line}: {day} comes after {previous[1]} (line {previous[0]}): "
                                "the history's snapshot dates must run in order")
                continue
            previous = (line, day)
        else:
            before = latest.get((country, key))
            if before is not None and day < before[1]:
                problems.append(f"{path}:{line}: {country}'s `{inert(' '.join(name.split()))}` on {day} "
                                f"comes after its row of {before[1]} (line {before[0]}): a category's "
                                "dates must run in order")
                continue
            latest[(country, key)] = (line, day)
        side = sides[country]
        if key == "all types":
            if day in side.all_types:
                first = side.all_types[day].line
                problems.append(f"{path}:{line}: a second `All Types` row for {country} on {day} "
                                f"(the first at line {first})")
                continue
            side.all_types[day] = _Row(line, day, country, name, key, None, counts)
            subtotals += 1
            continue
        if key.startswith("losses "):  # Oryx's sub-totals, sentences whose text changes daily
            subtotals += 1
            continue
        if key not in node_cache:
            node_cache[key] = _node_of(key)
        node = node_cache[key][0]
        if node is not None and node not in catalog.nodes:
            node = None
        if day not in side.rows:
            side.rows[day] = []
            side.dates.append(day)
        side.rows[day].append(_Row(line, day, country, name, key, node, counts))
        spelled = spellings.get((country, name))
        if spelled is None:
            spelled = spellings[(country, name)] = _Spelling(country, name, node, day, day)
        spelled.first, spelled.last = min(spelled.first, day), max(spelled.last, day)
        spelled.rows += 1
    if problems:
        raise ImportProblems(problems)
    if daily is None:
        raise ImportFailed(f"{path}: no rows")
    source = "daily_count.csv" if daily else "totals_by_type_history.csv"
    settled: list[_Settled] = []
    records, report_sides, mismatches, left_out = [], [], [], []
    kept_total = 0
    for country, side in sides.items():
        if (wanted and country not in wanted) or not side.dates:
            continue
        side.dates.sort()
        cells_by_date = _settle(path, country, side, daily, settled, problems)
        if problems:
            continue
        mismatches.append(_check_all_types(country, side, cells_by_date))
        in_range = [d for d in side.dates if _in_range(d, start, end)]
        kept = kept_dates(in_range, every)
        nodes = [n for _, n in catalog.walk()
                 if any(n in cells_by_date[d] for d in kept)]
        columns = [(n, s) for n in nodes for s in STATUSES]
        names = {}  # node -> its latest spelling in range
        for d in kept:
            for r in cells_by_date[d].values():
                names[r.node] = " ".join(r.name.split())
        rows = []
        for d in kept:
            cells = cells_by_date[d]
            row = [d, *(cells[n].counts[s] if n in cells else None for n, s in columns)]
            if all(c is None for c in row[1:]):
                continue
            rows.append(row)
        if not rows:
            continue
        kept_total += len(rows)
        series_id = _series_id(f"oryx-{'daily-count' if daily else 'history'}-{country.lower()}", every)
        mine = [s for s in spellings.values() if s.country == country]
        dropped = [s for s in mine if s.node is None]
        left_out += dropped
        notes = []
        kept_days = {r[0] for r in rows}
        for s in settled:
            if s.country == country and s.date in kept_days:
                notes.append({"date": s.date, "note": _settled_note(source, s)})
        record = {
            "id": series_id, "of": "evidence", "event": EVENT_OF_COUNTRY[country], "publisher": "oryx",
            "kind": "dataset", "url": ORYX_LISTS[country],
            "note": _series_note(country, source, daily, every, rows, mine, dropped),
            "columns": [{"equipment": n, "status": s, "as_written": names[n]} for n, s in columns],
            "rows": rows,
        }
        if notes:
            record["notes"] = notes
        records.append(record)
        report_sides.append((country, series_id, rows, nodes, len(in_range)))
    if problems:
        raise ImportProblems(problems)
    if not records:
        raise ImportFailed(f"{path}: no category has a count{_span(start, end)}"
                           + (f" for {', '.join(sorted(wanted))}" if wanted else ""))
    report = [f"{len(records)} series of evidence (kind dataset, publisher oryx) from {source}, "
              f"{_every_words(every)}{_span(start, end)}"]
    for country, series_id, rows, nodes, dates in report_sides:
        report.append(f"  {country}: {series_id}, {len(rows):,} rows of {dates:,} dates, {rows[0][0]} "
                      f"to {rows[-1][0]}; {len(nodes)} categories x 4 statuses = {len(nodes) * 4} "
                      f"columns (event {EVENT_OF_COUNTRY[country]})")
    renamed = [s for s in spellings.values() if s.node is not None and (not wanted or s.country in wanted)
               and s.name != catalog.nodes[s.node].name]
    if renamed:
        report.append("  names as written -> column (first and last date seen):")
        for s in sorted(renamed, key=lambda s: (s.country, s.node, s.first)):
            report.append(f"    {s.country} `{inert(s.name)}` -> {s.node} ({s.first} to {s.last})")
    if left_out:
        report.append("  left out, no catalog node (no column): " + "; ".join(
            f"{s.country} `{inert(s.name)}` ({s.first} to {s.last}, {s.rows} rows)" for s in left_out))
    report.append(f"  left out: {subtotals:,} sub-total rows (`All Types`, `Losses ...`)")
    report += _settled_report(settled)
    for country in (c for c, *_ in report_sides):
        if any(c == country and name_key(n) == _WITH_SUBMARINES for c, n in spellings):
            report.append(f"  {country}'s `Naval Ships and Submarines`: Oryx's totals cannot tell ships from "
                          "submarines; the whole count is on `naval`")
    report += [m for m in mismatches if m]
    events = [r["event"] for r in records]
    return Imported("oryx-history", [path], {"series": records}, ["oryx"], events, report,
                    flow=("series",))


def _settle(path: Path, country: str, side: _Side, daily: bool, settled: list[_Settled],
            problems: list[str]) -> dict[str, dict]:
    """Each date's category rows by column node (daily_count.csv: each category's latest row on
    or before the date), a repeated category settled by the day's All Types, or a problem."""
    out: dict[str, dict] = {}
    carried: dict[str, _Row] = {}  # daily_count.csv: node or key -> latest row
    carried_other: dict[str, _Row] = {}
    clean_gap: tuple[str, int] | None = None  # the last date without a repeat, and its gap
    for day in side.dates:
        groups: dict[str, list[_Row]] = {}
        for r in side.rows[day]:
            groups.setdefault(r.node or f"?{r.key}", []).append(r)
        repeats = {k: rs for k, rs in groups.items() if len(rs) > 1}
        chosen: dict[str, _Row] = {k: rs[0] for k, rs in groups.items() if len(rs) == 1}
        total = side.all_types.get(day)
        if repeats:
            if len(repeats) > 1 or total is None:
                for rs in repeats.values():
                    problems.append(_conflict(path, country, day, rs, total, "there is " + (
                        "no `All Types` row that day" if total is None else
                        "more than one repeated category that day")))
                continue
            (k, rs), = repeats.items()
            others = {**(carried if daily else {}), **(carried_other if daily else {}), **chosen}
            others.pop(k, None)
            rest = sum(r.counts["type_total"] for r in others.values())
            gaps = [total.counts["type_total"] - rest - r.counts["type_total"] for r in rs]
            exact = [i for i, g in enumerate(gaps) if g == 0]
            within = [i for i, g in enumerate(gaps) if clean_gap and abs(g) <= abs(clean_gap[1])]
            if len(exact) == 1:
                pick, how = exact[0], "exact"
            elif not exact and len(within) == 1:
                pick, how = within[0], "within"
            else:
                why = "All Types adds up with " + ("none of them" if not exact else "more than one of them")
                if clean_gap and not exact:
                    why += (f", nor does exactly one stay within the gap of {clean_gap[1]} it had "
                            f"on {clean_gap[0]}")
                problems.append(_conflict(path, country, day, rs, total, why))
                continue
            chosen[k] = rs[pick]
            settled.append(_Settled(country, day, " ".join(rs[0].name.split()), [r.line for r in rs],
                                    [r.counts["type_total"] for r in rs], pick, how,
                                    *(clean_gap[1], clean_gap[0]) if how == "within" else ()))
        if daily:
            for k, r in chosen.items():
                (carried if r.node else carried_other)[k] = r
            cells = {k: r for k, r in carried.items()}
            sums = [*carried.values(), *carried_other.values()]
        else:
            cells = {k: r for k, r in chosen.items() if r.node}
            sums = list(chosen.values())
        if not repeats and total is not None:
            clean_gap = (day, total.counts["type_total"] - sum(r.counts["type_total"] for r in sums))
        out[day] = cells
    return out


def _conflict(path: Path, country: str, day: str, rows: list[_Row], total: _Row | None, why: str) -> str:
    lines = " and ".join(f"line {r.line} (type_total {r.counts['type_total']})" for r in rows[1:])
    where = f"; All Types at line {total.line} says {total.counts['type_total']}" if total else ""
    return (f"{path}:{rows[1].line}: a second row for {country}'s `{inert(' '.join(rows[0].name.split()))}` "
            f"on {day}: line {rows[0].line} (type_total {rows[0].counts['type_total']}) and {lines}; "
            f"nothing settles which counts ({why}{where})")


def _settled_note(source: str, s: _Settled) -> str:
    rows = " and ".join(f"line {line} ({value})" for line, value in zip(s.lines, s.values, strict=True))
    why = ("with it the categories add up to the day's All Types" if s.how == "exact" else
           f"with it the categories come within the gap All Types already had on {s.gap_date} "
           f"({s.gap}), with the other not")
    return (f"{source} has two rows for `{s.name}` on {s.date}, {rows}: the row of {s.values[s.kept]} "
            f"is kept, as {why}.")


def _settled_report(settled: list[_Settled]) -> list[str]:
    if not settled:
        return []
    lines = ["  repeated categories settled by the day's All Types:"]
    runs: dict[tuple[str, str], list[_Settled]] = {}
    for s in settled:
        runs.setdefault((s.country, s.name), []).append(s)
    for (country, name), items in runs.items():
        first = items[0]
        how = Counter(s.how for s in items)
        kept = Counter(s.values[s.kept] for s in items)
        dropped = Counter(v for s in items for i, v in enumerate(s.values) if i != s.kept)
        lines.append(
            f"    {country} `{inert(name)}`: {len(items)} dates from {items[0].date} to {items[-1].date} "
            f"(first at lines {' and '.join(map(str, first.lines))}): kept the rows of "
            + ", ".join(map(str, sorted(kept))) + ", not those of " + ", ".join(map(str, sorted(dropped)))
            + f"; All Types adds up exactly on {how['exact']} dates"
            + (f", within the gap it already had before on {how['within']}" if how["within"] else ""))
    return lines


def _check_all_types(country: str, side: _Side, cells_by_date: dict[str, dict]) -> str:
    """A line of the report: on how many dates the categories do not add up to All Types."""
    gaps, status_gaps, checked = [], 0, 0
    for day, total in side.all_types.items():
        if day not in cells_by_date:
            continue
        rows = [r for r in side.rows.get(day, ()) if not r.node] + list(cells_by_date[day].values())
        checked += 1
        gap = total.counts["type_total"] - sum(r.counts["type_total"] for r in rows)
        if gap:
            gaps.append((day, gap))
        if any(total.counts[s] != sum(r.counts[s] for r in rows) for s in STATUSES):
            status_gaps += 1
    if not gaps and not status_gaps:
        return f"  {country}: the categories add up to All Types on all {checked:,} dates"
    low, high = min((g for _, g in gaps), default=0), max((g for _, g in gaps), default=0)
    return (f"  note: {country}'s categories do not add up to its `All Types` row on "
            f"{len(gaps):,} of {checked:,} dates in type_total (All Types minus the categories: "
            f"{low:+,} to {high:+,}), and in some status on {status_gaps:,}; the series holds the "
            "categories' own rows")


def _series_note(country: str, source: str, daily: bool, every: str, rows: list, mine: list[_Spelling],
                 dropped: list[_Spelling]) -> str:
    parts = [f"Oryx's visually confirmed {country_adjective(country)} losses by category and status, "
             f"{_every_words(every)} from {rows[0][0]} to {rows[-1][0]}, from {source} "
             "(as scraped by scarnecchia/oryx_data);"]
    if daily:
        parts.append("each category's figure on a date is its latest row on or before it, the file's own "
                     "rule, and ~ before its first row;")
    else:
        parts.append("~: no row for the category on that snapshot (no data, not 0);")
    parts.append("renamed categories are one column (the report of the import lists the names).")
    notes = sorted({RENAME_NOTES[name_key(s.name)] for s in mine if name_key(s.name) in RENAME_NOTES})
    if notes:
        parts.append("Note: " + "; ".join(notes) + ".")
    if any(name_key(s.name) == _WITH_SUBMARINES for s in mine):
        parts.append("Naval Ships and Submarines: Oryx's totals cannot tell ships from submarines; the "
                     "whole count is on `naval`.")
    if dropped:
        parts.append("Not in the series (no catalog node): " + "; ".join(
            f"`{' '.join(s.name.split())}` ({s.first} to {s.last})" for s in dropped) + ".")
    return " ".join(parts)


__all__ = ["EVERY", "RENAMES", "RETIRED", "import_general_staff_series", "import_oryx_history",
           "kept_dates", "name_key"]
