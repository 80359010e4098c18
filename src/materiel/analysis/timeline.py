"""The timeline: claims against confirmations at each date of a schedule.

Each date is a comparison at one date (docs/rules.md, "One date"): each side's latest record on
or before it, exactly as `compare --as-of DATE` takes them, with one rule more, because a series
must not be bridged: a cumulative record more than `max_gap` days older than the date is not
counted there. Its figure is not carried forward; the row says `no data` (or `not claimed`) and
names the date of the figure left out.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from collections.abc import Iterable

from ..dataset import Dataset
from ..errors import UsageError
from ..format.models import Claim, ClaimItem, PartialDate
from ..format.quantities import Quantity
from .filters import Filters, choice, level_of
from .queries import _ready, compare
from .rows import Level, Timeline, TimelineRow
from .words import Every, Verdict

MAX_DATES = 20_000  # a schedule longer than fifty years of days is a mistake, not a question


def _day(date: datetime.date) -> PartialDate:
    return PartialDate(date.year, date.month, date.day)


def _period_end(day: datetime.date, every: Every) -> datetime.date:
    if every is Every.week:
        return day + datetime.timedelta(days=6 - day.weekday())
    if every is Every.month:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if every is Every.year:
        return day.replace(month=12, day=31)
    return day


def schedule(dated: Iterable[PartialDate], every: Every | str = Every.month,
             start: PartialDate | None = None, end: PartialDate | None = None) -> list[PartialDate]:
    """The dates a timeline takes stock on.

    `dated`: the dates of the records (the days data exists). `start` and `end` default to the
    first and the last of them (a partial date counts from its first day to its last). `day`: each
    date in `dated` within the range; `week`, `month`, `year`: the last day of each such period
    that meets the range, the last one cut to `end`.
    """
    every = choice(Every, every, "period", "--every")
    days = sorted({datetime.date(*d.first_day) for d in dated})
    if not days and (start is None or end is None):
        return []
    first = datetime.date(*start.first_day) if start else days[0]
    last = datetime.date(*end.last_day) if end else days[-1]
    if last < first:
        raise UsageError(f"--to {_day(last)} is before --from {_day(first)}", "--to")
    if every is Every.day:
        kept = [d for d in days if first <= d <= last]
    else:
        kept = []
        day = first
        while day <= last:
            stop = _period_end(day, every)
            kept.append(min(stop, last))
            day = stop + datetime.timedelta(days=1)
            if len(kept) > MAX_DATES:
                break
    if len(kept) > MAX_DATES:
        raise UsageError(f"{len(kept):,} dates or more from {_day(first)} to {_day(last)}; a "
                         f"timeline takes at most {MAX_DATES:,}: choose a longer --every or a "
                         "shorter range", "--every")
    return [_day(d) for d in kept]


def _dates_of(dataset: Dataset, filters: Filters) -> list[PartialDate]:
    """The dates of every record and series row within the event and claimant filters."""
    events, claimants = filters.events, filters.claimants
    out = [c.published for c in dataset.written_claims
           if (not events or c.event in events) and (not claimants or c.claimant in claimants)]
    out += [e.published for e in dataset.written_evidence if not events or e.event in events]
    for series in dataset.series:
        if events and series.event not in events:
            continue
        if series.of == "claims" and claimants and series.claimant not in claimants:
            continue
        out += [row.date for row in series.rows]
    return out


def _fresh(records: list, date: PartialDate, max_gap: int, by) -> tuple[list, dict]:
    """The records without the cumulative ones more than `max_gap` days older than `date`, and
    those left out: (event, claimant or publisher) -> the date of its latest figure."""
    cutoff = datetime.date(*date.last_day) - datetime.timedelta(days=max_gap)
    kept, stale = [], {}
    for r in records:
        if r.cumulative and datetime.date(*r.published.last_day) < cutoff:
            stale[(r.event, by(r))] = r.published
        else:
            kept.append(r)
    return kept, stale


def timeline(dataset: Dataset, level: Level | str = Level.category, filters: Filters | None = None,
             every: Every | str = Every.month, start: PartialDate | str | None = None,
             end: PartialDate | str | None = None, max_gap: int = 7) -> Timeline:
    """Claimed against confirmed at each date from `start` to `end`, `every` day, week, month or
    year: one row per date, key and claimant, as `compare --as-of` gives it on that date, except
    that a side's figure older than `max_gap` days is not counted there (a gap is not bridged)."""
    level = level_of(level)
    filters = _ready(dataset, filters)
    for name, value in (("--as-of", filters.as_of), ("--since", filters.since), ("--until", filters.until)):
        if value is not None:
            raise UsageError(f"a timeline runs --from a date --to another; {name} is for one date",
                             name)
    if isinstance(max_gap, bool) or not isinstance(max_gap, int) or max_gap < 0:
        raise UsageError(f"`{max_gap}` is not a number of days; expected a whole number, 0 or more",
                         "--max-gap")
    every = choice(Every, every, "period", "--every")
    start = Filters.build(since=start).since if isinstance(start, str) else start
    end = Filters.build(until=end).until if isinstance(end, str) else end
    dates = schedule(_dates_of(dataset, filters), every, start, end)
    rows: list[TimelineRow] = []
    # (date, event) -> (claimants, publishers) whose figures were too old there, with their dates
    stale_on: dict[tuple[PartialDate, str], tuple[dict, dict]] = {}
    names = [f.name for f in dataclasses.fields(TimelineRow) if f.name not in ("date", "stale", "gap")]
    views: dict[PartialDate, Dataset] = {}
    for date in dates:
        view = views[date] = dataset.as_of(date)
        view.written_claims, stale_claims = _fresh(view.written_claims, date, max_gap, lambda c: c.claimant)
        view.written_evidence, stale_evidence = _fresh(view.written_evidence, date, max_gap,
                                                       lambda e: e.publisher)
        for (event, who), when in stale_claims.items():
            stale_on.setdefault((date, event), ({}, {}))[0][who] = when
        for (event, who), when in stale_evidence.items():
            stale_on.setdefault((date, event), ({}, {}))[1][who] = when
        for row in compare(view, level, filters, max_gap):
            rows.append(TimelineRow(**{n: getattr(row, n) for n in names}, date=date,
                                    stale=_stale_of(stale_on.get((date, row.event)), row.claimant)))
    rows = _gaps_shown(rows, dates, stale_on)
    rows = _evidence_in_gaps(rows, views, level, filters, max_gap)
    return Timeline(rows, level=level, filters=filters, every=every, dates=tuple(dates),
                    max_gap=max_gap)


def _stale_of(left: tuple[dict, dict] | None, claimant: str | None) -> tuple:
    """What was left out as too old that bears on one row: its own claimant's figure and the
    event's evidence; for a row no claimant claims, every claimant's (why it stands unclaimed)."""
    if left is None:
        return ()
    claims, evidence = left
    mine = claims if claimant is None else {k: v for k, v in claims.items() if k == claimant}
    return tuple(sorted({**mine, **evidence}.items(), key=lambda kv: (kv[0], kv[1].first_day)))


def _key(row: TimelineRow) -> tuple:
    return (row.event, row.equipment, row.status, row.claimant)


def _gaps_shown(rows: list[TimelineRow], dates: list[PartialDate], stale_on: dict) -> list[TimelineRow]:
    """The rows, with a `gap` row for each date where a key that has rows before and after it
    has none (nothing of it stands within the gap allowed): the table shows the hole the chart
    leaves, rather than a date that silently goes missing."""
    position = {d: i for i, d in enumerate(dates)}
    present: dict[tuple, dict[int, TimelineRow]] = {}
    for row in rows:
        present.setdefault(_key(row), {})[position[row.date]] = row
    out = list(rows)
    for at in present.values():
        first, last = min(at), max(at)
        model = at[first]
        for i in range(first + 1, last):
            if i not in at:
                out.append(TimelineRow(
                    event=model.event, equipment=model.equipment, equipment_name=model.equipment_name,
                    summed=model.summed, status=model.status, claimant=model.claimant, claimed=None,
                    claim_grade=None, confirmed=None, evidence_grade=None, independent=None, ratio=None,
                    verdict=Verdict.no_data, claims=(), evidence=(), suggested_credibility=None,
                    in_doubt=model.in_doubt, date=dates[i],
                    stale=_stale_of(stale_on.get((dates[i], model.event)), model.claimant),
                    gap=True))
    order = {key: n for n, key in enumerate(present)}
    out.sort(key=lambda r: (position[r.date], order[_key(r)]))
    return out


_NO_FIGURE = Quantity(1, None, unspecified=True)


def _evidence_in_gaps(rows: list[TimelineRow], views: dict, level: Level, filters: Filters,
                      max_gap: int) -> list[TimelineRow]:
    """A claimed key's gap row (no figure of its claimant on that date) with what the evidence
    shows of the key there, as compare would set it against a claim: the claimed line has a
    hole, the confirmed line only where the evidence has one too."""
    wanted: dict[PartialDate, list[TimelineRow]] = {}
    for row in rows:
        if row.gap and row.claimant is not None:
            wanted.setdefault(row.date, []).append(row)
    if not wanted:
        return rows
    found: dict[tuple, TimelineRow] = {}
    for date, gaps in wanted.items():
        view = views[date]
        # A stand-in claim of each key, not cumulative (it supersedes nothing), of no number.
        asked = {f"(gap {n})": row for n, row in enumerate(gaps)}
        stand_ins = [Claim.model_construct(
            id=cid, event=row.event, claimant=row.claimant, via=[], published=date, url=None,
            archive_url=None, quote=None, paraphrase=None, credibility=6, status=None, cumulative=False,
            note=None, items=[ClaimItem.model_construct(equipment=row.equipment, quantity=_NO_FIGURE,
                                                        status=row.status, as_written=None, note=None)])
            for cid, row in asked.items()]
        probe = dataclasses.replace(view, written_claims=view.written_claims + stand_ins)
        for said in compare(probe, level, filters, max_gap):
            for cid in said.claims:
                if cid in asked:
                    gap = asked[cid]
                    found[(date, *_key(gap))] = dataclasses.replace(
                        gap, confirmed=said.confirmed, confirmed_broad=said.confirmed_broad,
                        evidence_grade=said.evidence_grade, evidence=said.evidence, lacking=said.lacking,
                        seen_otherwise=said.seen_otherwise, evidence_date=said.evidence_date,
                        verdict=Verdict.no_data if said.confirmed is None else Verdict.not_claimed)
    return [found.get((row.date, *_key(row)), row) if row.gap else row for row in rows]


__all__ = ["schedule", "timeline"]
