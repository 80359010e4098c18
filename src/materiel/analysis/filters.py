"""What a listing is narrowed to, checked against the dataset when it is built."""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..dataset import Dataset
from ..errors import FilterError, UsageError
from ..format.catalog import Catalog
from ..format.models import SLUG_PATTERN, Location, PartialDate, Source, Unit, parse_partial_date
from ..format.vocabulary import Reliability, Status
from .geo import distance_km
from .rows import Level, SummaryBy

_SLUG = re.compile(SLUG_PATTERN)


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
    # Of claim items and observations: a unit (a `units` id, or a name as written), a tag, a place.
    units: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    near: tuple[float, float] | None = None  # (lat, lon) in degrees, with a radius of `km`
    km: float | None = None

    def __post_init__(self) -> None:
        # Here rather than in build: filters made by hand (`Filters(near=(95, 0), km=5)`) are
        # refused the same way.
        if self.near is not None and self.km is None:
            raise UsageError("a place needs a radius: add --km N (kilometres)", "--near")
        if self.km is not None and self.near is None:
            raise UsageError("a radius needs a place: add --near LAT,LON", "--km")
        if self.near is not None:
            object.__setattr__(self, "near", _place(self.near))
            object.__setattr__(self, "km", _radius(self.km))

    @classmethod
    def build(cls, dataset: Dataset | None = None, *, event=None, claimant=None, equipment=None,
              status=None, since=None, until=None, min_reliability=None, min_credibility=None,
              as_of=None, unit=None, tag=None, near=None, km=None) -> Filters:
        """Filters from the command line's words (each a value or several), checked against `dataset`.

        `near`: `"LAT,LON"` or a (lat, lon) pair, with `km` the radius around it."""
        filters = cls(
            events=_values(event), claimants=_values(claimant), equipment=_values(equipment),
            statuses=tuple(choice(Status, s, "status", "--status") for s in _values(status)),
            since=_date(since, "--since"), until=_date(until, "--until"),
            min_reliability=(choice(Reliability, min_reliability, "reliability (A-F)", "--min-reliability")
                             if min_reliability is not None else None),
            min_credibility=_credibility(min_credibility),
            as_of=_date(as_of, "--as-of"),
            units=tuple(_unit_value(u) for u in _values(unit)),
            tags=tuple(_tag_value(t) for t in _values(tag)),
            near=near, km=km,
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
        if self.units:
            parts.append(f"unit {', '.join(self.units)}")
        if self.tags:
            parts.append(f"tag {', '.join(self.tags)}")
        if self.near is not None:
            parts.append(f"within {_number(self.km)} km of {_number(self.near[0])},{_number(self.near[1])}")
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
        if self.units or self.tags:
            _check_units_and_tags(self, dataset)
        if equipment == self.equipment:
            return self
        return dataclasses.replace(self, equipment=equipment)

    @property
    def by_part(self) -> bool:
        """Whether any filter looks at a claim item's or observation's unit, tags or place."""
        return bool(self.units or self.tags or self.near)

    def parts(self, dataset: Dataset) -> Callable[[str | None, Sequence[str], Location | None], bool]:
        """A test of one claim item or observation by its unit, tags and location: within --unit
        (any of them), --tag (any of them) and --near/--km. A claim item is given its event's
        location; anything with no location is outside every radius."""
        wanted_units: frozenset[str] = frozenset().union(
            *(unit_keys(dataset.units, u) for u in self.units))
        wanted_tags = frozenset(self.tags)
        near, km = self.near, self.km
        keys_of: dict[str, frozenset[str]] = {}  # a unit as written -> its keys, asked once

        def test(unit: str | None, tags: Sequence[str], location: Location | None) -> bool:
            if wanted_units:
                if unit is None:
                    return False
                keys = keys_of.get(unit)
                if keys is None:
                    keys = keys_of[unit] = unit_keys(dataset.units, unit)
                if keys.isdisjoint(wanted_units):
                    return False
            if wanted_tags and wanted_tags.isdisjoint(tags):
                return False
            if near is not None:
                if location is None:
                    return False
                return distance_km(near[0], near[1], float(location.lat), float(location.lon)) <= km
            return True

        return test

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


def _words(text: str) -> str:
    """A unit's name compared as words: case, and runs of spaces, do not count."""
    return " ".join(text.split()).casefold()


def unit_keys(units: dict[str, Unit], value: str) -> frozenset[str]:
    """What a unit, as written on a claim item or observation or given to --unit, stands for: a
    `units` id (`id 4th-gtd`); a name that is some unit record's name, that record (the
    source's `4th Guards Tank Division` is `4th-gtd`); any other name, its words (`name ...`),
    the same whatever their case."""
    if value in units:
        return frozenset((f"id {value}",))
    words = _words(value)
    named = frozenset(f"id {uid}" for uid, unit in units.items() if _words(unit.name) == words)
    return named or frozenset((f"name {words}",))


def _written(dataset: Dataset) -> tuple[set[str], set[str]]:
    """Every unit and every tag written on a claim item or an observation (series rows have none)."""
    units: set[str] = set()
    tags: set[str] = set()
    for claim in dataset.written_claims:
        for item in claim.items:
            if item.unit is not None:
                units.add(item.unit)
            tags.update(item.tags)
    for record in dataset.written_evidence:
        for obs in record.observations:
            if obs.unit is not None:
                units.add(obs.unit)
            tags.update(obs.tags)
    return units, tags


def _check_units_and_tags(filters: Filters, dataset: Dataset) -> None:
    """Refuse a --unit that names no unit of the dataset, and a --tag nothing carries: a typo
    would otherwise list nothing, silently."""
    written_units, written_tags = _written(dataset)
    for value in filters.units:
        if _SLUG.fullmatch(value):  # an id: the format writes a unit not recorded in its own words
            if value not in dataset.units:
                raise FilterError(f"no unit has the id `{value}`{_nearest(value, dataset.units)}", "--unit")
            continue
        known = unit_keys(dataset.units, value)
        if any(k.startswith("id ") for k in known):
            continue
        if not any(not unit_keys(dataset.units, w).isdisjoint(known) for w in written_units):
            names = {u.name for u in dataset.units.values()} | {w for w in written_units
                                                               if not _SLUG.fullmatch(w)}
            raise FilterError(f"no unit is named `{value}`, in the units or as written on a claim "
                              f"item or observation{_nearest(value, names)}", "--unit")
    for value in filters.tags:
        if value not in written_tags:
            raise FilterError(f"no claim item or observation has the tag `{value}`"
                              f"{_nearest(value, written_tags)}", "--tag")


def _unit_value(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"`{value}` is not a unit; expected a `units` id or a unit's name", "--unit")
    return value


def _tag_value(value: object) -> str:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        slug = re.sub(r"[^a-z0-9._-]+", "-", str(value).lower()).strip("-._")
        hint = f" (e.g. `{slug}`)" if slug else ""
        raise UsageError(f"`{value}` is not a tag; tags are slugs: lower-case letters, digits, `.`, `_` "
                         f"and `-`{hint}", "--tag")
    return value


def _float(value: object) -> float | None:
    """A finite number from a number or its text, else None (`inf`, `nan`, True are not)."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


_PLACE_EXAMPLE = "expected LAT,LON in degrees, e.g. 34.55,38.27"


def _place(value: object) -> tuple[float, float]:
    """(lat, lon) from `"LAT,LON"` or a pair of numbers; else a UsageError naming --near."""
    parts = value.split(",") if isinstance(value, str) else value
    if isinstance(parts, (str, bytes)) or not isinstance(parts, Iterable) or len(parts := list(parts)) != 2:
        raise UsageError(f"`{value}` is not a place; {_PLACE_EXAMPLE}", "--near")
    lat, lon = (_float(p) for p in parts)
    if lat is None or lon is None:
        raise UsageError(f"`{value}` is not a place; {_PLACE_EXAMPLE}", "--near")
    if not -90 <= lat <= 90:
        raise UsageError(f"latitude `{_number(lat)}` is out of range: -90 to 90 degrees", "--near")
    if not -180 <= lon <= 180:
        raise UsageError(f"longitude `{_number(lon)}` is out of range: -180 to 180 degrees", "--near")
    return lat, lon


def _radius(value: object) -> float:
    number = _float(value)
    if number is None or number <= 0:
        shown = value if number is None else _number(number)
        raise UsageError(f"`{shown}` is not a radius; expected a number of kilometres above 0", "--km")
    return number


def _number(value: float) -> str:
    """A coordinate or radius as typed: 50, not 50.0; 1000000, not 1e+06."""
    return f"{value:.15g}"
