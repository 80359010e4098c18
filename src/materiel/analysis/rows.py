"""What the queries return: typed rows that carry meaning, not display strings.

Output (output/) turns them into tables, CSV, JSON, charts and the report; a notebook reads
their fields, or `materiel.records(result)` for plain dicts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ..format.models import MediaTimestamp, PartialDate
from ..format.quantities import Bounds, Quantity
from ..format.vocabulary import EvidenceKind, Reliability, Status
from .words import Every, Level, SummaryBy, Verdict


@dataclass(frozen=True, order=True, slots=True)
class Grade:
    """The Admiralty grade: the source's reliability and the information's credibility (`E4`).

    Grades order best first: A before F, then 1 before 6.
    """

    reliability: Reliability
    credibility: int
    text: str = field(default="", compare=False, repr=False)  # `E4`, made once

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", f"{self.reliability.value}{self.credibility}")

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Confirmed:
    """A conservatively confirmed figure: at least `low` distinct items seen.

    `open`: some observation gave no number (presence) or no upper bound, so there may be more
    (`1+`); `numbered`: some part of it is a number, not presence alone (only then is a ratio
    taken).
    """

    low: int
    open: bool = False
    numbered: bool = True

    def display(self) -> str:
        """`3`, or `1+` where there may be more."""
        return f"{self.low}+" if self.open else str(self.low)



@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One item of one claim, with its claimant, grade and the words as written."""

    event: str
    claim: str
    claimant: str
    via: tuple[str, ...]
    published: PartialDate
    equipment: str
    quantity: Quantity
    status: Status
    grade: Grade
    as_written: str | None
    unit: str | None = None  # a `units` id, or the source's own name for the unit
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One observation of one piece of evidence."""

    event: str
    evidence: str
    kind: EvidenceKind
    publisher: str
    published: PartialDate
    equipment: str
    count: Quantity
    status: Status
    at: MediaTimestamp | None
    grade: Grade
    geolocated: bool
    chronolocated: bool
    identifiers: tuple[str, ...]
    as_written: str | None
    location: object | None = None  # format.models.Location: where the items were seen
    item: str | None = None  # the physical item seen, where the observation names one
    unit: str | None = None  # a `units` id, or the source's own name for the unit
    tags: tuple[str, ...] = ()
    previously: tuple[Status, ...] = ()  # statuses the items had before this one, as the source says

    @property
    def verification(self) -> tuple[str, ...]:
        """What was verified of the media (Berkeley Protocol): geolocated, chronolocated."""
        return tuple(v for v, done in (("geolocated", self.geolocated), ("chronolocated", self.chronolocated))
                     if done)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One claimant's claimed total of one node and status (in one event, grouped by event)."""

    event: str | None  # only when grouped by event
    equipment: str
    equipment_name: str
    status: Status
    claimant: str
    claimed: Bounds
    grades: tuple[Grade, ...]  # best first
    claims: tuple[str, ...]
    unit: str | None = None  # grouped by unit: the items' unit (None: items that name none)
    tag: str | None = None  # grouped by tag: one tag of the items (None: items that carry none)


@dataclass(frozen=True, slots=True)
class CompareRow:
    """One claimant's claim of one node and status in one event against the evidence
    (or, with no claimant, what the evidence shows that no claim names)."""

    event: str
    equipment: str
    equipment_name: str
    summed: tuple[str, ...]  # the nodes the confirmed count adds up: the key, or what it covers
    status: Status
    claimant: str | None  # None: not claimed
    claimed: Bounds | None
    claim_grade: Grade | None
    confirmed: Confirmed | None  # None: no data (no evidence speaks to the key)
    evidence_grade: Grade | None  # the best among the confirming evidence
    independent: bool | None  # None: nothing claimed, or nothing confirms
    ratio: float | None
    verdict: Verdict
    claims: tuple[str, ...]
    evidence: tuple[str, ...]
    suggested_credibility: int | None
    # A claimant's category in doubt: what it may also stand for, and the figures of that reading.
    in_doubt: tuple[str, ...] = ()
    confirmed_broad: Confirmed | None = None
    ratio_broad: float | None = None
    # What the evidence cannot speak to: the summed nodes it has no figure for (`no data`).
    lacking: tuple[str, ...] = ()
    # Where the key was seen only under other statuses: (status, what was seen), for the reader.
    seen_otherwise: tuple[tuple[Status, Confirmed], ...] = ()
    # The dates compared: the claim's and the latest of the evidence's, and the days between.
    claim_date: PartialDate | None = None
    evidence_date: PartialDate | None = None
    days_apart: int | None = None
    dates_flagged: bool = False
    # Of what confirms the row, what was later seen in another status: (that status, how many).
    later: tuple[tuple[Status, Confirmed], ...] = ()

    @property
    def is_claimed(self) -> bool:
        """Whether a claimant claimed this row."""
        return self.claimant is not None


@dataclass(frozen=True, slots=True)
class TimelineRow(CompareRow):
    """A comparison row as of one date of a timeline: the claim and the evidence standing on
    `date` (each side's latest record on or before it), as `compare --as-of date` makes it, but
    for a side whose latest figure is more than `max_gap` days older than `date`: that side
    is not counted on `date` (a gap is not bridged) and `stale` says what it last had."""

    date: PartialDate | None = None
    # (claimant or publisher, the date of its latest figure) for cumulative records left out as
    # too old on `date`: the row's `no data` or `not claimed` comes from there.
    stale: tuple[tuple[str, PartialDate], ...] = ()
    # Nothing of this key stands on `date` (it has rows before and after): a gap, drawn as one.
    gap: bool = False


@dataclass(frozen=True, slots=True)
class Sighting:
    """One observation of an item: where its history comes from."""

    date: PartialDate  # the evidence's publication date
    status: Status
    previously: tuple[Status, ...]
    evidence: str
    kind: EvidenceKind
    publisher: str
    equipment: str  # the node as this observation names it
    location: object | None  # format.models.Location
    unit: str | None
    tags: tuple[str, ...]
    identifiers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One physical item (an observation's `item`), with its history: every sighting in date order."""

    item: str
    equipment: str  # the most precise node its observations name
    equipment_name: str
    events: tuple[str, ...]
    history: tuple[Sighting, ...]
    identifiers: tuple[str, ...]
    units: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def statuses(self) -> tuple[Status, ...]:
        """Its statuses in time order, each once where it repeats: captured, destroyed."""
        out: list[Status] = []
        for sighting in self.history:
            for status in (*sighting.previously, sighting.status):
                if not out or out[-1] != status:
                    out.append(status)
        return tuple(out)

    @property
    def location(self):
        """Where it was last seen, where a sighting says (a format.models.Location), else None."""
        return next((s.location for s in reversed(self.history) if s.location is not None), None)

    @property
    def first_seen(self) -> PartialDate:
        return self.history[0].date

    @property
    def last_seen(self) -> PartialDate:
        return self.history[-1].date


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event: what happened, when and where (its coordinates where the data gives them)."""

    id: str
    title: str
    date: PartialDate
    place: str
    country: str | None
    location: object | None  # format.models.Location
    gained_by: str | None
    lost_by: str | None

    @property
    def lat(self) -> float | None:
        """The latitude, where the event has a location."""
        return None if self.location is None else self.location.lat

    @property
    def lon(self) -> float | None:
        """The longitude, where the event has a location."""
        return None if self.location is None else self.location.lon


@dataclass(frozen=True, slots=True)
class CatalogRow:
    """One node of the equipment tree."""

    id: str
    name: str
    parent: str | None
    category: str
    depth: int
    caliber_mm: float | None
    covers: tuple[str, ...]
    aliases: tuple[str, ...]
    in_doubt: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MappingRow:
    """What one claimant's category stands for in the catalog, and where that reading is written."""

    node: str
    name: str
    covers: tuple[str, ...]
    in_doubt: tuple[str, ...]
    note: str | None
    where: str  # `materiel/FILE (built in)`, or the dataset's `file:line:column`


Row = TypeVar("Row")


@dataclass(frozen=True)
class Result(Generic[Row]):
    """The rows of one query, with what they were narrowed to."""

    rows: list[Row]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class ClaimList(Result[ClaimRow]):
    """`claims`: one row per claim item."""

    filters: object = None  # the Filters the rows were chosen by


@dataclass(frozen=True)
class EvidenceList(Result[EvidenceRow]):
    """`evidence`: one row per observation."""

    filters: object = None


@dataclass(frozen=True)
class Summary(Result[SummaryRow]):
    """`summary`: claimed totals per claimant, grouped `by`."""

    by: SummaryBy = SummaryBy.category
    filters: object = None


@dataclass(frozen=True)
class Comparison(Result[CompareRow]):
    """`compare`: claimed against confirmed, row by row, at one level."""

    level: Level = Level.category
    filters: object = None
    # Claims every row of which independent evidence confirms: (claim id, claimant), in row order.
    suggestions: tuple[tuple[str, str], ...] = field(default=())
    max_gap: int = 7  # days: rows whose claim and evidence lie further apart are flagged

    @property
    def spans(self) -> bool:
        """Whether some row's confirmed count adds up several nodes (a covering key)."""
        return any(len(r.summed) > 1 for r in self.rows)

    @property
    def short(self) -> list[CompareRow]:
        """The claimed rows the evidence does not hold up, `no data` included (what `--strict` fails on)."""
        return [r for r in self.rows if r.is_claimed and not r.verdict.confirming]

    @property
    def in_doubt(self) -> bool:
        """Whether some row's key may stand for more than it certainly does (a range is shown)."""
        return any(r.in_doubt for r in self.rows)

    @property
    def flagged(self) -> list[CompareRow]:
        """The rows whose claim and evidence lie more than `max_gap` days apart."""
        return [r for r in self.rows if r.dates_flagged]


@dataclass(frozen=True)
class Timeline(Result[TimelineRow]):
    """`timeline`: claimed against confirmed at each date of a schedule, row by row."""

    level: Level = Level.category
    filters: object = None
    every: Every = Every.month
    dates: tuple[PartialDate, ...] = ()  # the schedule, in order
    max_gap: int = 7  # days: a side's figure older than this on a date is not counted there

    def series(self) -> dict[tuple, list[TimelineRow]]:
        """The rows by (event, equipment, status, claimant), each list in date order: one line
        of a chart each."""
        out: dict[tuple, list[TimelineRow]] = {}
        for row in self.rows:
            out.setdefault((row.event, row.equipment, row.status, row.claimant), []).append(row)
        return out


@dataclass(frozen=True)
class ItemList(Result[ItemRow]):
    """`items`: each physical item the evidence names, with its history."""

    filters: object = None


@dataclass(frozen=True)
class EventList(Result[EventRow]):
    """`events`: one row per event, in date order."""

    filters: object = None


@dataclass(frozen=True)
class MappingList(Result[MappingRow]):
    """`mappings`: every category that stands for others, in catalog order."""


@dataclass(frozen=True)
class CatalogListing(Result[CatalogRow]):
    """`catalog`: the equipment tree in order, or the nodes matching `search`."""

    search: str | None = None
