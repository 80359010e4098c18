"""Series: a claimant's or a publisher's running totals on many dates, one row per date.

A series is the compact form of one cumulative record per date, and means exactly that: row `i`
of a series of claims is the cumulative claim `expand(series, i)`, of a series of evidence the
cumulative evidence record with a `scope` (the nodes it has a figure for on that date) and
`lacks` (those it has none for: `no data`, never 0). Nothing is expanded until a query asks for
a date, so that a three-year daily series reads in the time its numbers take.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from ..format.models import (
    Claim,
    ClaimItem,
    Evidence,
    LackedCategory,
    Observation,
    PartialDate,
    Series,
)
from ..format.problems import Problem, format_path
from ..format.quantities import Quantity
from ..format.vocabulary import EvidenceKind, Status

SEPARATOR = "."  # a row's record is `<series id>.<YYYY-MM-DD>`: a valid id, and sorted by date


def row_id(series: Series, index: int) -> str:
    """The id of the record row `index` stands for: the series' id, a dot, the row's date."""
    return f"{series.id}{SEPARATOR}{series.rows[index].date}"


def who(series: Series) -> str:
    """The claimant or the publisher of a series."""
    return series.claimant if series.of == "claims" else series.publisher


def checks(series: Series, where: tuple, position) -> Iterator[Problem]:
    """What the model cannot see in one field: the claimant or publisher the kind of series needs,
    a row of the wrong length, dates out of order, a column twice, a note for a date not in it.

    `where` is the record's place in its file (`("series", 0)`); `position(loc)` gives
    (filename, line, column) of a place in the file.
    """
    def problem(loc: tuple, code: str, message: str) -> Problem:
        filename, line, column = position(where + loc)
        return Problem(filename, line, column, code, format_path(where + loc), message)

    if series.of == "claims":
        if series.claimant is None:
            yield problem((), "missing-field", "required field `claimant` is missing "
                          "(a series of claims names who claims)")
        for name in ("publisher", "kind"):
            if getattr(series, name) is not None:
                yield problem((name,), "unknown-field", f"`{name}` belongs to a series of evidence; "
                              "a series of claims has a `claimant`")
    else:
        if series.publisher is None:
            yield problem((), "missing-field", "required field `publisher` is missing "
                          "(a series of evidence names who publishes it)")
        for name in ("claimant", "via"):
            if getattr(series, name):
                yield problem((name,), "unknown-field", f"`{name}` belongs to a series of claims; "
                              "a series of evidence has a `publisher`")
    seen: dict[tuple[str, Status], int] = {}
    for i, column in enumerate(series.columns):
        key = (column.equipment, column.status or series.status or Status.lost)
        if key in seen:
            yield problem(("columns", i), "duplicate-id",
                          f"column {i + 1} counts `{key[0]}` {key[1]} as column {seen[key] + 1} "
                          "does; a series counts each node and status once")
        else:
            seen[key] = i
    width = len(series.columns)
    previous: PartialDate | None = None
    for i, row in enumerate(series.rows):
        if len(row.cells) != width:
            yield problem(("rows", i), "invalid-value",
                          f"the row of {row.date} has {len(row.cells)} count(s); the series has "
                          f"{width} column(s): write one count, or ~, for each")
        if previous is not None and row.date <= previous:
            what = "repeats" if row.date == previous else "comes after"
            yield problem(("rows", i, 0), "invalid-value",
                          f"date out of order: {row.date} {what} {previous}; a series runs from its "
                          "first date to its last, one row per date")
        previous = row.date
        if row.cells and all(n is None for n in row.cells):
            yield problem(("rows", i), "invalid-value",
                          f"the row of {row.date} has no figure at all; leave the date out")
    dates = {row.date for row in series.rows}
    for i, note in enumerate(series.notes):
        if note.date not in dates:
            yield problem(("notes", i, "date"), "unknown-reference",
                          f"the series has no row for {note.date}")


class Expansion:
    """The records a series' rows stand for, made when first asked for and kept."""

    def __init__(self, series: Series):
        self.series = series
        self.dates = [row.date for row in series.rows]
        self.days = [d.first_day for d in self.dates]  # (y, m, d), for bisecting by any date
        self._made: dict[int, Claim | Evidence] = {}
        self._notes = {}
        for note in series.notes:
            self._notes.setdefault(note.date, []).append(note.note)
        status = series.status or Status.lost
        self.statuses = [c.status or status for c in series.columns]
        self._first: list[PartialDate | None] | None = None

    def index_on_or_before(self, date: PartialDate | None) -> int | None:
        """The row of the latest date on or before `date` (the last row for None), or None."""
        if date is None:
            return len(self.dates) - 1 if self.dates else None
        i = bisect.bisect_right(self.days, date.last_day) - 1
        return i if i >= 0 else None

    def first_dates(self) -> list[PartialDate | None]:
        """Each column's first date with a figure (None: it never has one)."""
        if self._first is None:
            first: list[PartialDate | None] = [None] * len(self.series.columns)
            missing = set(range(len(first)))
            for row in self.series.rows:
                for j in list(missing):
                    if row.cells[j] is not None:
                        first[j] = row.date
                        missing.discard(j)
                if not missing:
                    break
            self._first = first
        return self._first

    def record(self, index: int) -> Claim | Evidence:
        """The cumulative record row `index` stands for."""
        made = self._made.get(index)
        if made is None:
            made = self._made[index] = (self._claim(index) if self.series.of == "claims"
                                        else self._evidence(index))
        return made

    def records(self) -> list[Claim | Evidence]:
        """Every row's record, in date order."""
        return [self.record(i) for i in range(len(self.series.rows))]

    def _note(self, date: PartialDate) -> str | None:
        parts = [p for p in (self.series.note, *self._notes.get(date, ())) if p]
        return " ".join(parts) if parts else None

    def _claim(self, index: int) -> Claim:
        series, row = self.series, self.series.rows[index]
        items = [ClaimItem.model_construct(equipment=c.equipment, quantity=Quantity.exact(n), status=s,
                                           as_written=c.as_written, note=None)
                 for c, s, n in zip(series.columns, self.statuses, row.cells, strict=True) if n]
        return Claim.model_construct(
            id=row_id(series, index), event=series.event, claimant=series.claimant, via=list(series.via),
            published=row.date, url=series.url, archive_url=None, quote=None, paraphrase=None,
            credibility=series.credibility, status=None, cumulative=True, note=self._note(row.date),
            items=items)

    def _evidence(self, index: int) -> Evidence:
        series, row = self.series, self.series.rows[index]
        # A node has a figure on a date only where every column of it has one: the record has no
        # way to say "no data" for one status alone, and a missing status read as 0 would be a lie.
        blank = {c.equipment for c, n in zip(series.columns, row.cells, strict=True) if n is None}
        scope = list(dict.fromkeys(c.equipment for c in series.columns if c.equipment not in blank))
        if not scope:  # an empty scope would mean "may show anything": it speaks to what it lacks only
            scope = list(dict.fromkeys(c.equipment for c in series.columns))
        first = self.first_dates()
        lacks = []
        for node in dict.fromkeys(c.equipment for c in series.columns if c.equipment in blank):
            later = [d for c, d in zip(series.columns, first, strict=True)
                     if c.equipment == node and d is not None and d > row.date]
            since = min(later) if later else None
            note = f"`{series.id}` has no figure for it on {row.date}" + (
                f"; its figures begin on {since}" if since else "")
            lacks.append(LackedCategory.model_construct(equipment=node, history_from=since, note=note))
        observations = [
            Observation.model_construct(equipment=c.equipment, count=Quantity.exact(n), status=s,
                                        as_written=c.as_written, at=None, identifiers=[], note=None)
            for c, s, n in zip(series.columns, self.statuses, row.cells, strict=True)
            if n and c.equipment not in blank]
        # A date of zeros (or of blanks) has no observation: its scope says what it counts, and
        # compare gives 0 (or no data) from that; an observation of 0 would be listed as seen.
        return Evidence.model_construct(
            id=row_id(series, index), event=series.event, kind=series.kind or EvidenceKind.dataset,
            publisher=series.publisher, published=row.date, url=series.url, archive_url=None, sha256=None,
            analysed_by=[], geolocated=False, chronolocated=False, credibility=series.credibility,
            status=series.status, lost_by=None, cumulative=True, scope=scope, lacks=lacks,
            note=self._note(row.date), observations=observations)


__all__ = ["Expansion", "checks", "row_id", "who"]
