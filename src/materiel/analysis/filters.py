"""What a listing is narrowed to, checked against the dataset when it is built."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from ..dataset import Dataset
from ..errors import FilterError, UsageError
from ..format.catalog import Catalog
from ..format.models import PartialDate, Source, parse_partial_date
from ..format.vocabulary import Reliability, Status
from .rows import Level, SummaryBy


def _nearest(value: str, pool: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(pool), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def choice(enum_type, value: object, what: str, option: str):
    """`value` as a member of `enum_type`, or a UsageError naming the nearest choice."""
    try:
        return enum_type(value)
    except ValueError:
        words = [m.value for m in enum_type]
        hint = _nearest(str(value), words) or f"; expected one of: {', '.join(words)}"
        raise UsageError(f"`{value}` is not a {what}{hint}", option) from None


def level_of(value: object) -> Level:
    """A level from its name (`category`, `type`); anything else raises UsageError."""
    return choice(Level, value, "level", "--level")


def summary_by(value: object) -> SummaryBy:
    """A summary grouping from its name; anything else raises UsageError."""
    return choice(SummaryBy, value, "grouping", "--by")


def _values(value: object) -> tuple:
    """One value or several, as a tuple (`event="x"` and `event=["x", "y"]` both work)."""
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return (value,)
    return tuple(value)


@dataclass(frozen=True)
class Filters:
    """What a listing is narrowed to; empty means everything.

    Build it with `Filters.build(dataset, ...)`, which checks every id against the dataset
    (equipment may be given by alias) and raises FilterError naming the nearest id. The
    queries resolve filters built by hand the same way before using them.
    """

    events: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    since: PartialDate | None = None
    until: PartialDate | None = None
    min_reliability: Reliability | None = None
    min_credibility: int | None = None
    as_of: PartialDate | None = None  # records published on or before it; of cumulative ones, the latest

    @classmethod
    def build(cls, dataset: Dataset | None = None, *, event=None, claimant=None, equipment=None,
              status=None, since=None, until=None, min_reliability=None, min_credibility=None,
              as_of=None) -> Filters:
        """Filters from the command line's words (each a value or several), checked against `dataset`."""
        filters = cls(
            events=_values(event), claimants=_values(claimant), equipment=_values(equipment),
            statuses=tuple(choice(Status, s, "status", "--status") for s in _values(status)),
            since=_date(since, "--since"), until=_date(until, "--until"),
            min_reliability=(choice(Reliability, min_reliability, "reliability (A-F)", "--min-reliability")
                             if min_reliability is not None else None),
            min_credibility=_credibility(min_credibility),
            as_of=_date(as_of, "--as-of"),
        )
        return filters.resolved(dataset) if dataset is not None else filters

    def describe(self) -> str:
        """The filters in words, for a table's caption."""
        parts = []
        for label, values in (("event", self.events), ("claimant", self.claimants),
                              ("equipment", self.equipment),
                              ("status", tuple(s.value for s in self.statuses))):
            if values:
                parts.append(f"{label} {', '.join(values)}")
        if self.since:
            parts.append(f"since {self.since}")
        if self.until:
            parts.append(f"until {self.until}")
        if self.min_reliability:
            parts.append(f"reliability {self.min_reliability} or better")
        if self.min_credibility:
            parts.append(f"credibility {self.min_credibility} or better")
        if self.as_of:
            parts.append(f"as of {self.as_of}")
        return "; ".join(parts)

    def resolved(self, dataset: Dataset) -> Filters:
        """Check every id against the dataset (equipment may be given by alias); raise FilterError."""
        def check(values, pool, noun, option):
            for value in values:
                if value not in pool:
                    raise FilterError(f"no {noun} has the id `{value}`{_nearest(str(value), pool)}", option)

        check(self.events, dataset.events, "event", "--event")
        check(self.claimants, dataset.sources, "source", "--claimant")
        catalog = dataset.catalog
        equipment = tuple(e if e in catalog else (catalog.lookup(e) or e) for e in self.equipment)
        check(equipment, catalog.nodes, "equipment node", "--equipment")
        if equipment == self.equipment:
            return self
        return dataclasses.replace(self, equipment=equipment)

    @property
    def by_record(self) -> bool:
        """Whether any filter looks at a whole record (its event, claimant, date or grade)."""
        return bool(self.events or self.claimants or self.since or self.until
                    or self.min_reliability or self.min_credibility or self.as_of)

    def dated(self, published: PartialDate) -> bool:
        """Whether a date can fall within since..until (a month counts if any day of it does)."""
        if self.since and published.last_day < self.since.first_day:
            return False
        if self.as_of and published.first_day > self.as_of.last_day:
            return False
        return not (self.until and published.first_day > self.until.last_day)

    def graded(self, source: Source, credibility: int) -> bool:
        """Whether a record is at least as reliable and credible as asked."""
        if self.min_reliability and source.reliability.value > str(self.min_reliability):
            return False
        return not (self.min_credibility and credibility > self.min_credibility)

    def shows(self, catalog: Catalog, node_id: str, status: Status) -> bool:
        """Whether an item of this node and status is within the equipment and status filters."""
        if self.equipment and not any(catalog.stands_for(node_id, e) for e in self.equipment):
            return False
        return not (self.statuses and status not in self.statuses)


def _date(value: object, option: str) -> PartialDate | None:
    if value is None:
        return None
    try:
        return parse_partial_date(value)
    except ValueError as err:
        raise UsageError(str(err), option) from None


def _credibility(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 6:
        raise UsageError(f"`{value}` is not a credibility; expected a whole number from 1 to 6",
                         "--min-credibility")
    return value
