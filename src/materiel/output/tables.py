"""Typed results as tables: the columns (names, headers, kinds), titles and notes every output
format shares, one cell formatter for every format that shows text, and plain records."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from ..analysis.rows import (
    CatalogListing,
    ClaimList,
    Comparison,
    EventList,
    EvidenceList,
    ItemList,
    Level,
    MappingList,
    Result,
    Summary,
    SummaryBy,
    Timeline,
    Verdict,
)
from ..format.quantities import Bounds


@dataclass(frozen=True)
class Column:
    """One column: its key in CSV and JSON, its header on screen, and how to show its values.

    `kind` is one of text, int, float, bool, grade, verdict. Columns with `terminal=False`
    (the split bounds, record ids) go to CSV and JSON only; the screen shows their summary.
    Columns with `export=False` are that summary (`1+`, `0.39-0.45`): on the screen only.
    Columns with `keep=True` identify a row or carry its figures and verdict: a terminal too
    narrow for every column keeps them and leaves others out, saying which (output/terminal.py).
    `get` reads the column's plain value (text, a number, a boolean, a list, or None) from a row.
    """

    name: str
    header: str
    kind: str = "text"
    terminal: bool = True
    get: Callable[[object], object] | None = field(default=None, compare=False, repr=False)
    export: bool = True
    keep: bool = False


class Table:
    """A result as every output format sees it: a title, the columns, rows of plain values
    (lists stay lists until a format joins them), and what the reader should know.

    `rows` are dicts by column name; an export's table is made as `values` instead, one tuple
    per row of its `exported` columns in order (the cheap shape for CSV and JSON, where a table
    runs to hundreds of thousands of rows), and its dicts are made from them when asked.
    """

    def __init__(self, title: str, columns: list[Column], rows: list[dict] | None = None,
                 notes: list[str] | None = None, *, values: list[tuple] | None = None) -> None:
        self.title = title
        self.columns = columns
        self.notes = [] if notes is None else notes
        self._rows = [] if rows is None and values is None else rows
        self._values = values

    def __repr__(self) -> str:
        rows = self._rows if self._rows is not None else self._values
        return f"Table({self.title!r}, {len(self.columns)} columns, {len(rows)} rows)"

    @property
    def rows(self) -> list[dict]:
        """The rows as dicts by column name."""
        if self._rows is None:
            names = [c.name for c in self.exported]
            self._rows = [dict(zip(names, v, strict=True)) for v in self._values]
        return self._rows

    def values(self) -> list[tuple]:
        """The rows as tuples of the `exported` columns' values, in column order."""
        if self._values is not None and self._rows is None:
            return self._values
        names = [c.name for c in self.exported]
        return [tuple([row.get(name) for name in names]) for row in self._rows]

    @property
    def exported(self) -> list[Column]:
        """The columns of CSV, JSON and records, in order."""
        return [c for c in self.columns if c.export]

    @property
    def shown(self) -> list[Column]:
        """The columns of the screen, Markdown and HTML, in order."""
        return [c for c in self.columns if c.terminal]


def cell_text(value: object) -> str:
    """A plain value as text, the same in every format that shows text (screen, Markdown, HTML):
    nothing for None, yes or no, two decimals, a list joined by commas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _bounds_columns(prefix: str, bounds_of: Callable[[object], Bounds | None]) -> list[Column]:
    def part(attribute: str):
        def get(row):
            bounds = bounds_of(row)
            return None if bounds is None else getattr(bounds, attribute)
        return get

    return [Column(f"{prefix}_low", f"{prefix} low", "int", False, part("stated_low")),
            Column(f"{prefix}_high", f"{prefix} high", "int", False, part("high")),
            Column(f"{prefix}_approximate", f"{prefix} approximate", "bool", False, part("approximate")),
            Column(f"{prefix}_unspecified", f"{prefix} unspecified", "bool", False, part("unspecified"))]


def coordinate(value: float | None) -> str:
    """A latitude or longitude as text, to 7 decimals at most (a centimetre; cell_text's 2 would
    be a kilometre): `34.55`, `-0.1278`."""
    return "" if value is None else f"{float(value):.7f}".rstrip("0").rstrip(".")


def place_text(location) -> str:
    """Where a location is, in words: its place's name, else `lat,lon`; nothing for None."""
    if location is None:
        return ""
    return location.place or f"{coordinate(location.lat)},{coordinate(location.lon)}"


def _location_columns(location_of: Callable[[object], object]) -> list[Column]:
    """A location's parts for CSV and JSON: lat, lon, precision_m, place (each empty with none)."""
    def part(attribute: str, convert=lambda v: v):
        def get(row):
            location = location_of(row)
            value = None if location is None else getattr(location, attribute)
            return None if value is None else convert(value)
        return get

    return [Column("lat", "Lat", "float", terminal=False, get=part("lat", float)),
            Column("lon", "Lon", "float", terminal=False, get=part("lon", float)),
            Column("precision_m", "Precision (m)", "float", terminal=False, get=part("precision_m", float)),
            Column("place", "Place", terminal=False, get=part("place"))]


def _claims_columns(result: ClaimList) -> list[Column]:
    units = any(r.unit for r in result.rows)
    tags = any(r.tags for r in result.rows)
    return [
        Column("event", "Event", get=lambda r: r.event, keep=True),
        Column("claim", "Claim", terminal=False, get=lambda r: r.claim),
        Column("claimant", "Claimant", get=lambda r: r.claimant, keep=True),
        Column("via", "Via", get=lambda r: list(r.via)),
        Column("published", "Published", get=lambda r: str(r.published), keep=True),
        Column("equipment", "Equipment", get=lambda r: r.equipment, keep=True),
        Column("quantity", "Quantity", get=lambda r: r.quantity.display(), keep=True),
        *_bounds_columns("quantity", lambda r: Bounds.of(r.quantity)),
        Column("status", "Status", get=lambda r: r.status.value, keep=True),
        Column("grade", "Grade", "grade", get=lambda r: str(r.grade)),
        # On screen only where some row has them; CSV and JSON always have them, last.
        Column("unit_shown", "Unit", terminal=units, export=False, get=lambda r: r.unit or ""),
        Column("tags_shown", "Tags", terminal=tags, export=False, get=lambda r: list(r.tags)),
        Column("as_written", "As written", get=lambda r: r.as_written or ""),
        Column("unit", "Unit", terminal=False, get=lambda r: r.unit or ""),
        Column("tags", "Tags", terminal=False, get=lambda r: list(r.tags)),
    ]


def _evidence_columns(result: EvidenceList) -> list[Column]:
    rows = result.rows
    items, units, tags = any(r.item for r in rows), any(r.unit for r in rows), any(r.tags for r in rows)
    places = any(r.location is not None for r in rows)
    before = any(r.previously for r in rows)
    return [
        Column("event", "Event", get=lambda r: r.event, keep=True),
        Column("evidence", "Evidence", get=lambda r: r.evidence, keep=True),
        Column("kind", "Kind", get=lambda r: r.kind.value),
        Column("publisher", "Publisher", get=lambda r: r.publisher),
        Column("published", "Published", get=lambda r: str(r.published)),
        Column("equipment", "Equipment", get=lambda r: r.equipment, keep=True),
        Column("count", "Count", get=lambda r: r.count.display(), keep=True),
        *_bounds_columns("count", lambda r: Bounds.of(r.count)),
        Column("status", "Status", get=lambda r: r.status.value, keep=True),
        Column("previously", "Previously", terminal=before, get=lambda r: [s.value for s in r.previously]),
        Column("at", "At", get=lambda r: _text(r.at)),
        Column("grade", "Grade", "grade", get=lambda r: str(r.grade)),
        Column("verification", "Verification", get=lambda r: ", ".join(r.verification) or "none"),
        Column("identifiers", "Identifiers", get=lambda r: list(r.identifiers)),
        # On screen only where some row has them; CSV and JSON always have them, last.
        Column("item_shown", "Item", terminal=items, export=False, get=lambda r: r.item or ""),
        Column("unit_shown", "Unit", terminal=units, export=False, get=lambda r: r.unit or ""),
        Column("tags_shown", "Tags", terminal=tags, export=False, get=lambda r: list(r.tags)),
        Column("place_shown", "Place", terminal=places, export=False, get=lambda r: place_text(r.location)),
        Column("as_written", "As written", get=lambda r: r.as_written or ""),
        Column("item", "Item", terminal=False, get=lambda r: r.item or ""),
        Column("unit", "Unit", terminal=False, get=lambda r: r.unit or ""),
        Column("tags", "Tags", terminal=False, get=lambda r: list(r.tags)),
        *_location_columns(lambda r: r.location),
    ]


def _summary_columns(result: Summary) -> list[Column]:
    by = result.by
    none = "(none)"  # on screen, the items that name no unit or carry no tag; empty (null) in exports
    keyed = {
        "unit": [Column("unit", "Unit", terminal=False, get=lambda r: r.unit),
                 Column("unit_shown", "Unit", export=False, get=lambda r: r.unit or none, keep=True)],
        "tag": [Column("tag", "Tag", terminal=False, get=lambda r: r.tag),
                Column("tag_shown", "Tag", export=False, get=lambda r: r.tag or none, keep=True)],
        "event": [Column("event", "Event", get=lambda r: r.event, keep=True)],
        "status": [Column("status", "Status", get=lambda r: r.status.value, keep=True)],
        "claimant": [Column("claimant", "Claimant", get=lambda r: r.claimant, keep=True)],
        "equipment": [Column("equipment", "Type" if by is SummaryBy.type else "Category",
                             get=lambda r: r.equipment, keep=True)],
    }
    order = {
        SummaryBy.claimant: ("claimant", "equipment", "status"),
        SummaryBy.status: ("status", "equipment", "claimant"),
        SummaryBy.event: ("event", "equipment", "status", "claimant"),
        SummaryBy.unit: ("unit", "equipment", "status", "claimant"),
        SummaryBy.tag: ("tag", "equipment", "status", "claimant"),
    }.get(by, ("equipment", "status", "claimant"))
    return [*(c for k in order for c in keyed[k]),
            Column("equipment_name", "Name", terminal=False, get=lambda r: r.equipment_name),
            Column("claimed", "Claimed", get=lambda r: r.claimed.display(), keep=True),
            *_bounds_columns("claimed", lambda r: r.claimed),
            Column("grade", "Grade", "grade", get=lambda r: ", ".join(map(str, r.grades))),
            Column("claims", "Claims", terminal=False, get=lambda r: list(r.claims))]


def _range(narrow: str, broad: str | None) -> str:
    return narrow if broad is None or broad == narrow else f"{narrow}-{broad}"


def confirmed_text(row) -> str | None:
    """A compare row's confirmed figure as every format shows it (`3`, `1+`, `9006-10377`), or
    None where there is no data."""
    if row.confirmed is None:
        return None
    return _range(row.confirmed.display(), row.confirmed_broad.display() if row.confirmed_broad else None)


def seen_otherwise(row) -> list[str]:
    """What a compare row's key was seen as under other statuses: `captured 1+`."""
    return [f"{status.value} {seen.display()}" for status, seen in row.seen_otherwise]


def _confirmed_shown(row) -> str:
    return confirmed_text(row) or "—"


def _ratio_shown(row) -> str:
    if row.ratio is None:
        return ""
    return _range(f"{row.ratio:.2f}", f"{row.ratio_broad:.2f}" if row.ratio_broad is not None else None)


SHOWN_SUMMED = 4  # a longer list is said in part on screen; CSV, JSON and `materiel mappings` have it whole


def _nodes(nodes: tuple[str, ...]) -> str:
    if len(nodes) <= SHOWN_SUMMED:
        return " + ".join(nodes)
    return " + ".join(nodes[:SHOWN_SUMMED - 1]) + f" + {len(nodes) - SHOWN_SUMMED + 1} more"


def _summed_shown(row) -> str:
    certain = _nodes(row.summed) or "nothing certain"
    return f"{certain} (in doubt: {_nodes(row.in_doubt)})" if row.in_doubt else certain


def later_words(row) -> list[str]:
    """What of a row's confirmation was later seen in another status: `destroyed 14`."""
    return [f"{status.value} {seen.display()}" for status, seen in row.later]


def remarks(row) -> list[str]:
    """What a reader must know of a compare row beyond its figures, in words."""
    out = []
    if row.lacking:
        out.append(f"no figure for {', '.join(row.lacking)} in the evidence")
    if row.seen_otherwise:
        out.append("seen as " + ", ".join(seen_otherwise(row)))
    for status, seen in row.later:
        out.append(f"{seen.display()} {row.status.value}, later {status.value}")
    if row.dates_flagged:
        out.append(f"claim {row.claim_date} and evidence {row.evidence_date} are "
                   f"{row.days_apart:,} days apart")
    return out


def _compare_columns(result: Comparison) -> list[Column]:
    def date(value):
        return "" if value is None else str(value)

    return [
        Column("event", "Event", get=lambda r: r.event, keep=True),
        Column("equipment", "Category" if result.level is Level.category else "Type",
               get=lambda r: r.equipment, keep=True),
        Column("equipment_name", "Name", terminal=False, get=lambda r: r.equipment_name),
        # A covering key (the General Staff's `APC`) sums several categories: say which, on screen too.
        Column("summed", "Summed", terminal=False, get=lambda r: " + ".join(r.summed)),
        Column("in_doubt", "In doubt", terminal=False, get=lambda r: list(r.in_doubt)),
        Column("summed_shown", "Summed", terminal=result.spans or result.in_doubt, export=False,
               get=_summed_shown),
        Column("status", "Status", get=lambda r: r.status.value, keep=True),
        Column("claimant", "Claimant", get=lambda r: r.claimant or "", keep=True),
        Column("claimed", "Claimed", get=lambda r: r.claimed.display() if r.claimed else "", keep=True),
        *_bounds_columns("claimed", lambda r: r.claimed),
        Column("claim_grade", "Grade", "grade", get=lambda r: _text(r.claim_grade)),
        Column("confirmed", "Confirmed", "int", terminal=False,
               get=lambda r: None if r.confirmed is None else r.confirmed.low),
        Column("confirmed_open", "Confirmed open", "bool", terminal=False,
               get=lambda r: None if r.confirmed is None else r.confirmed.open),
        Column("confirmed_broad", "Confirmed broad", "int", terminal=False,
               get=lambda r: None if r.confirmed_broad is None else r.confirmed_broad.low),
        Column("confirmed_broad_open", "Confirmed broad open", "bool", terminal=False,
               get=lambda r: None if r.confirmed_broad is None else r.confirmed_broad.open),
        Column("confirmed_shown", "Confirmed", "int", export=False, get=_confirmed_shown, keep=True),
        Column("evidence_grade", "Evidence grade", "grade", get=lambda r: _text(r.evidence_grade)),
        Column("independent", "Independent", "bool", get=lambda r: r.independent),
        Column("ratio", "Ratio", "float", terminal=False, get=lambda r: r.ratio),
        Column("ratio_broad", "Ratio broad", "float", terminal=False, get=lambda r: r.ratio_broad),
        Column("ratio_shown", "Ratio", "float", export=False, get=_ratio_shown),
        Column("verdict", "Verdict", "verdict", get=lambda r: r.verdict.value, keep=True),
        Column("remarks", "Remarks", terminal=any(remarks(r) for r in result.rows), export=False,
               get=lambda r: "; ".join(remarks(r))),
        Column("lacking", "Lacking", terminal=False, get=lambda r: list(r.lacking)),
        Column("seen_otherwise", "Seen otherwise", terminal=False,
               get=seen_otherwise),
        Column("later", "Later", terminal=False, get=later_words),
        Column("claim_date", "Claim date", terminal=False, get=lambda r: date(r.claim_date)),
        Column("evidence_date", "Evidence date", terminal=False, get=lambda r: date(r.evidence_date)),
        Column("days_apart", "Days apart", "int", terminal=False, get=lambda r: r.days_apart),
        Column("dates_flagged", "Dates flagged", "bool", terminal=False, get=lambda r: r.dates_flagged),
        Column("claims", "Claims", terminal=False, get=lambda r: list(r.claims)),
        Column("evidence", "Evidence", terminal=False, get=lambda r: list(r.evidence)),
        Column("suggested_credibility", "Suggested credibility", "int", terminal=False,
               get=lambda r: r.suggested_credibility),
    ]


_COMPARE_EXPORTED = (
    "event", "equipment", "equipment_name", "summed", "in_doubt", "status", "claimant", "claimed",
    "claimed_low", "claimed_high", "claimed_approximate", "claimed_unspecified", "claim_grade",
    "confirmed", "confirmed_open", "confirmed_broad", "confirmed_broad_open", "evidence_grade",
    "independent", "ratio", "ratio_broad", "verdict", "lacking", "seen_otherwise", "later", "claim_date",
    "evidence_date", "days_apart", "dates_flagged", "claims", "evidence", "suggested_credibility")


def _compare_values(result: Comparison) -> list[tuple]:
    """The exported columns of every compare row, as their getters give them, made in one pass:
    one call per row instead of one per cell, each date, total and status written once
    (tests/test_export_speedups.py holds it to the getters)."""
    words: dict[object, str] = {}  # an enum member -> its value (Enum.value is a slow property)
    shown: dict[int, str] = {}  # id of a Bounds or PartialDate -> its text; rows share them
    seen: dict[tuple, tuple] = {}  # a row's seen_otherwise -> its words

    def word(member) -> str:
        text = words.get(member)
        if text is None:
            text = words[member] = member.value
        return text

    def display(bounds) -> str:
        text = shown.get(id(bounds))
        if text is None:
            text = shown[id(bounds)] = bounds.display()
        return text

    def date(value) -> str:
        if value is None:
            return ""
        text = shown.get(id(value))
        if text is None:
            text = shown[id(value)] = str(value)
        return text

    out = []
    append = out.append
    for r in result.rows:
        claimed, confirmed, broad, otherwise = r.claimed, r.confirmed, r.confirmed_broad, r.seen_otherwise
        grade, evidence_grade = r.claim_grade, r.evidence_grade
        if otherwise:
            said = seen.get(otherwise)
            if said is None:
                said = seen[otherwise] = tuple(f"{word(status)} {c.display()}" for status, c in otherwise)
            otherwise = list(said)
        else:
            otherwise = []
        if claimed is None:
            claimed_cells = ("", None, None, None, None)
        else:
            claimed_cells = (display(claimed), claimed.stated_low, claimed.high, claimed.approximate,
                             claimed.unspecified)
        append((r.event, r.equipment, r.equipment_name, " + ".join(r.summed), list(r.in_doubt),
                word(r.status), r.claimant or "", *claimed_cells,
                "" if grade is None else str(grade),
                None if confirmed is None else confirmed.low, None if confirmed is None else confirmed.open,
                None if broad is None else broad.low, None if broad is None else broad.open,
                "" if evidence_grade is None else str(evidence_grade),
                r.independent, r.ratio, r.ratio_broad, word(r.verdict), list(r.lacking), otherwise,
                later_words(r) if r.later else [], date(r.claim_date), date(r.evidence_date), r.days_apart,
                r.dates_flagged, list(r.claims), list(r.evidence), r.suggested_credibility))
    return out


def stale_days(row) -> list[tuple[str, object, int]]:
    """Each side a timeline row leaves out on its date as too old: (who, the date of its latest
    figure, how many days before the row's date)."""
    if row.date is None:
        return []
    day = datetime.date(*row.date.last_day)
    return [(who, when, (day - datetime.date(*when.last_day)).days) for who, when in row.stale]


def stale_words(row) -> list[str]:
    """Each side a timeline row leaves out on its date, in words: `oryx's latest figure, of
    2023-12-18, is 13 days before: not counted`."""
    return [f"{who}'s latest figure, of {when}, is {days:,} days before: not counted"
            for who, when, days in stale_days(row)]


def timeline_remarks(row) -> list[str]:
    """A timeline row's remarks: a gap, the figures left out as too old, then compare's."""
    out = []
    if row.gap:
        out = [f"gap: no figure of {row.claimant} on this date" if row.claimant
               else "gap: nothing of it stands on this date"]
    return out + stale_words(row) + remarks(row)


def _stale_cells(row) -> list[str]:
    return [f"{who} {when}" for who, when in row.stale]


# The timeline's screen columns (the rest go to CSV and JSON only), in compare's own words.
_TIMELINE_SHOWN = ("event", "equipment", "status", "claimant", "claimed", "confirmed_shown", "ratio_shown",
                   "verdict", "claim_date", "evidence_date")


def _timeline_columns(result: Timeline) -> list[Column]:
    # The compare columns, each row being a compare row as of its date: the same figures, the
    # same ranges where in doubt, `1+` and no data; the date first, the gap and what was too old last.
    compared = Comparison(result.rows, level=result.level)
    columns = []
    for column in _compare_columns(compared):
        if column.name == "remarks":
            continue
        if column.terminal or column.name in _TIMELINE_SHOWN:
            column = dataclasses.replace(column, terminal=column.name in _TIMELINE_SHOWN)
        if column.terminal or column.export:  # the Summed column is said once, in the notes
            columns.append(column)
    return [
        Column("date", "Date", get=lambda r: str(r.date), keep=True),
        *columns,
        Column("remarks", "Remarks", terminal=any(timeline_remarks(r) for r in result.rows), export=False,
               get=lambda r: "; ".join(timeline_remarks(r))),
        Column("gap", "Gap", "bool", terminal=False, get=lambda r: r.gap),
        Column("stale", "Stale", terminal=False, get=_stale_cells),
    ]


_TIMELINE_EXPORTED = ("date", *_COMPARE_EXPORTED, "gap", "stale")


def _timeline_values(result: Timeline) -> list[tuple]:
    """The exported columns of every timeline row: compare's in one pass, the date before them
    and the gap and what was too old after."""
    compared = _compare_values(Comparison(result.rows, level=result.level))
    return [(str(r.date), *values, r.gap, _stale_cells(r))
            for r, values in zip(result.rows, compared, strict=True)]


class History(tuple):
    """An item's sightings as plain dicts, in date order: JSON writes them as a list of objects;
    a format that needs one text (CSV) gets `str()`, one line: `2016-12-13 captured
    (is-video); 2016-12-16 destroyed, previously captured (centcom)`."""

    __slots__ = ()

    def __str__(self) -> str:
        return "; ".join(_sighting_text(s) for s in self)


def _sighting_text(sighting: dict) -> str:
    before = f", previously {' then '.join(sighting['previously'])}" if sighting["previously"] else ""
    where = f", {sighting['place'] or coordinate(sighting['lat']) + ',' + coordinate(sighting['lon'])}" \
        if sighting["lat"] is not None else ""
    return f"{sighting['date']} {sighting['status']}{before} ({sighting['evidence']}{where})"


def _history(row) -> History:
    out = []
    for s in row.history:
        location = s.location
        out.append({
            "date": str(s.date), "status": s.status.value, "previously": [p.value for p in s.previously],
            "evidence": s.evidence, "kind": s.kind.value, "publisher": s.publisher, "equipment": s.equipment,
            "unit": s.unit, "tags": list(s.tags), "identifiers": list(s.identifiers),
            "lat": None if location is None else float(location.lat),
            "lon": None if location is None else float(location.lon),
            "precision_m": None if location is None or location.precision_m is None
            else float(location.precision_m),
            "place": None if location is None else location.place,
        })
    return History(out)


def _item_columns(result: ItemList) -> list[Column]:
    def evidence_of(row) -> list[str]:
        return list(dict.fromkeys(s.evidence for s in row.history))

    return [
        Column("item", "Item", get=lambda r: r.item, keep=True),
        Column("events", "Events", terminal=False, get=lambda r: list(r.events)),
        # named `event` on screen, so that one event shared by every row is said once, in the caption
        Column("event", "Event", export=False, get=lambda r: ", ".join(r.events)),
        Column("equipment", "Equipment", get=lambda r: r.equipment, keep=True),
        Column("equipment_name", "Name", terminal=False, get=lambda r: r.equipment_name),
        Column("statuses", "Statuses", terminal=False, get=lambda r: [s.value for s in r.statuses]),
        Column("statuses_shown", "Statuses", export=False, keep=True,
               get=lambda r: " → ".join(s.value for s in r.statuses)),
        Column("first_seen", "First seen", get=lambda r: str(r.first_seen), keep=True),
        Column("last_seen", "Last seen", get=lambda r: str(r.last_seen)),
        Column("sightings", "Sightings", "int", terminal=False, get=lambda r: len(r.history)),
        Column("evidence", "Evidence", get=evidence_of),
        Column("place_shown", "Last place", export=False, get=lambda r: place_text(r.location)),
        Column("units", "Units", get=lambda r: list(r.units)),
        Column("tags", "Tags", get=lambda r: list(r.tags)),
        Column("identifiers", "Identifiers", get=lambda r: list(r.identifiers)),
        # Where it was last seen, for CSV and JSON; the whole history (JSON: a list of objects).
        *_location_columns(lambda r: r.location),
        Column("history", "History", terminal=False, get=_history),
    ]


def _item_notes(result: ItemList) -> list[str]:
    return ["Statuses: in date order, each once where it repeats; a status an observation says the item "
            "had before (`previously`) comes before the one it shows.",
            "Last place: where the latest sighting that says so saw it (the place's name, else lat,lon)."]


def _catalog_columns(result: CatalogListing) -> list[Column]:
    return [
        Column("id", "Id", get=lambda r: r.id, keep=True),
        Column("name", "Name", get=lambda r: r.name, keep=True),
        Column("parent", "Parent", terminal=False, get=lambda r: r.parent or ""),
        Column("category", "Category", terminal=False, get=lambda r: r.category),
        Column("depth", "Depth", "int", terminal=False, get=lambda r: r.depth),
        Column("caliber_mm", "Calibre (mm)", "float", terminal=False, get=lambda r: r.caliber_mm),
        Column("covers", "Covers", terminal=any(r.covers for r in result.rows), get=lambda r: list(r.covers)),
        Column("in_doubt", "In doubt", terminal=any(r.in_doubt for r in result.rows),
               get=lambda r: list(r.in_doubt)),
        Column("aliases", "Aliases", get=lambda r: list(r.aliases)),
    ]


def _mapping_columns(result: MappingList) -> list[Column]:
    return [
        Column("node", "Category", get=lambda r: r.node, keep=True),
        Column("name", "Name", terminal=False, get=lambda r: r.name),
        Column("covers", "Covers", get=lambda r: list(r.covers), keep=True),
        Column("in_doubt", "In doubt", terminal=any(r.in_doubt for r in result.rows),
               get=lambda r: list(r.in_doubt), keep=True),
        Column("note", "Why", get=lambda r: r.note or ""),
        Column("where", "Where", get=lambda r: r.where),
    ]


def _compare_notes(result: Comparison) -> list[str]:
    notes = [
        "Confirmed: a conservative lower bound, max(distinct identifiers, the most one piece of "
        "evidence shows); two videos of the same kind never add. `1+`: seen, without a number "
        "(presence is not a count, and gives no ratio).",
        "Independent: some confirming evidence comes from neither the claimant, its relays, nor "
        "its side.",
    ]
    if result.spans or result.in_doubt:
        notes.append("Summed: a category that stands for several others (a claimant's own vocabulary, "
                     "or a word such as heavy weapons) is confirmed by the evidence of all of them "
                     "together.")
    if result.in_doubt:
        notes.append("In doubt: where a claimant's category may also cover other categories, Confirmed "
                     "and Ratio run from the narrow reading to the broad one.")
    if any(r.verdict is Verdict.no_data for r in result.rows):
        notes.append("No data: no evidence of the event has a figure for the category on its date; "
                     "that is not zero.")
    if result.flagged:
        notes.append(f"Dates: {len(result.flagged)} row(s) compare a claim with evidence more than "
                     f"{result.max_gap} days apart (see Remarks).")
    if result.suggestions:
        notes.append("Independent confirmation would justify credibility 1 for: "
                     + "; ".join(f"{cid} ({claimant})" for cid, claimant in result.suggestions)
                     + " (materiel never rewrites the data).")
    return notes


def _timeline_title(result: Timeline) -> str:
    span = (f", {result.dates[0]} to {result.dates[-1]}" if len(result.dates) > 1
            else f", {result.dates[0]}" if result.dates else "")
    return f"Claims against evidence over time, by {result.level.value}, every {result.every.value}{span}"


def _timeline_notes(result: Timeline) -> list[str]:
    rows = result.rows
    every = {"day": "each day some record is dated",
             "week": "the last day (Sunday) of each week",
             "month": "the last day of each month",
             "year": "the last day of each year"}[result.every.value]
    notes = [
        f"Dates: {every} (the last cut to --to); on each, each side's latest record on or before it, "
        "as compare --as-of DATE takes it.",
        "Confirmed: a conservative lower bound, max(distinct identifiers, the most one piece of "
        "evidence shows); two videos of the same kind never add. `1+`: seen, without a number "
        "(presence is not a count, and gives no ratio).",
        f"Gaps: a side's figure older than {result.max_gap} days (--max-gap) on a date is not counted "
        "there: the gap is shown, not bridged. A date on which a category has no claimed figure of "
        "its claimant (or, unclaimed, no figure at all) is a gap row, never the figure of another "
        "date; a claimed category's gap row still shows what the evidence confirms on that date.",
    ]
    doubtful = {}
    for r in rows:
        if r.in_doubt:
            doubtful.setdefault(r.equipment, _summed_shown(r))
    if doubtful:
        notes.append("In doubt: where a claimant's category may also cover other categories, Confirmed "
                     "and Ratio run from the narrow reading to the broad one ("
                     + "; ".join(f"{key}: {summed}" for key, summed in doubtful.items()) + ").")
    if any(r.verdict is Verdict.no_data and not r.gap for r in rows):
        notes.append("No data: no evidence of the event has a figure for the category on its date; "
                     "that is not zero.")
    flagged = sum(1 for r in rows if r.dates_flagged)
    if flagged:
        notes.append(f"Dates apart: {flagged} row(s) compare a claim with evidence more than "
                     f"{result.max_gap} days apart (see Remarks).")
    return notes


SUMMARY_NOTES = ["Claims of different claimants are alternatives and are never added together.",
                 "Within one claim, items of one kind add; a repeated claim counts once (the largest)."]

def _coordinate(value: float | None) -> str:
    # On screen and in Markdown as written (cell_text would cut a float to 2 decimals, a kilometre).
    return "" if value is None else f"{value:.7f}".rstrip("0").rstrip(".")


def _event_columns(result: EventList) -> list[Column]:
    return [
        Column("id", "Event", get=lambda r: r.id, keep=True),
        Column("title", "Title", get=lambda r: r.title),
        Column("date", "Date", get=lambda r: str(r.date), keep=True),
        Column("place", "Place", get=lambda r: r.place, keep=True),
        Column("country", "Country", get=lambda r: r.country or ""),
        Column("lat", "Lat", "float", terminal=False, get=lambda r: r.lat),
        Column("lon", "Lon", "float", terminal=False, get=lambda r: r.lon),
        Column("lat_shown", "Lat", export=False, get=lambda r: _coordinate(r.lat)),
        Column("lon_shown", "Lon", export=False, get=lambda r: _coordinate(r.lon)),
        Column("gained_by", "Gained by", get=lambda r: r.gained_by or ""),
        Column("lost_by", "Lost by", get=lambda r: r.lost_by or ""),
    ]


# Each kind of result: its columns, its title, and its notes.
_LAYOUTS: dict[type, tuple[Callable, Callable, Callable]] = {
    ClaimList: (_claims_columns, lambda r: "Claims", lambda r: []),
    EvidenceList: (_evidence_columns, lambda r: "Evidence", lambda r: []),
    ItemList: (_item_columns, lambda r: "Items and their history", _item_notes),
    EventList: (_event_columns, lambda r: "Events", lambda r: []),
    Summary: (_summary_columns, lambda r: f"Claimed totals by {r.by.value}", lambda r: list(SUMMARY_NOTES)),
    Comparison: (_compare_columns, lambda r: f"Claims against evidence, by {r.level.value}", _compare_notes),
    Timeline: (_timeline_columns, _timeline_title, _timeline_notes),
    MappingList: (_mapping_columns, lambda r: "What each category that stands for others covers",
                  lambda r: ["A dataset's own `mappings:` replace the built-in ones (docs/format.md); "
                             "compare shows a range where a category is in doubt."]),
    CatalogListing: (_catalog_columns,
                     lambda r: "Equipment catalog" + (f" matching “{r.search}”" if r.search else ""),
                     lambda r: []),
}


# Results whose exported values are made in one pass (the column names they are made for, and how).
_FAST_VALUES: dict[type, tuple[tuple[str, ...], Callable]] = {
    Comparison: (_COMPARE_EXPORTED, _compare_values),
    Timeline: (_TIMELINE_EXPORTED, _timeline_values),
}


def columns_of(result: Result) -> list[Column]:
    """The columns of a result, in the order every format shows them."""
    return _LAYOUTS[type(result)][0](result)


def table(result: Result, screen: bool = False, exported_only: bool = False) -> Table:
    """A typed result as a table of plain values, with its title and notes: CSV and JSON take
    its `exported` columns, the screen, Markdown and HTML its `shown` ones.

    `screen`: for the terminal, where the catalog's tree shows as indentation of its names;
    `exported_only`: only the columns of CSV and JSON are filled (an export need not pay for
    the screen's).
    """
    make_columns, title, notes = _LAYOUTS[type(result)]
    columns = make_columns(result)
    if exported_only:
        columns = [c for c in columns if c.export]
    if exported_only and not (screen and isinstance(result, CatalogListing)):
        fast = _FAST_VALUES.get(type(result))
        if fast is not None and tuple(c.name for c in columns) == fast[0]:
            return Table(title(result), columns, notes=notes(result), values=fast[1](result))
        getters = [c.get for c in columns]
        values = [tuple([get(row) for get in getters]) for row in result.rows]
        return Table(title(result), columns, notes=notes(result), values=values)
    getters = [(c.name, c.get) for c in columns]
    rows = [{name: get(row) for name, get in getters} for row in result.rows]
    if screen and isinstance(result, CatalogListing):
        for row, node in zip(rows, result.rows, strict=True):
            row["name"] = "  " * node.depth + row["name"]
    return Table(title(result), columns, rows, notes(result))


def records(result: Result) -> list[dict]:
    """The rows as plain dicts with the CSV's columns, typed (numbers, booleans, None), lists kept
    as lists: ready for `pandas.DataFrame`."""
    return table(result, exported_only=True).rows
