"""Typed results as tables: the columns (names, headers, kinds), titles and notes every output
format shares, one cell formatter for every format that shows text, and plain records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..analysis.rows import (
    CatalogListing,
    ClaimList,
    Comparison,
    EvidenceList,
    Level,
    Result,
    Summary,
    SummaryBy,
)
from ..format.quantities import Bounds


@dataclass(frozen=True)
class Column:
    """One column: its key in CSV and JSON, its header on screen, and how to show its values.

    `kind` is one of text, int, float, bool, grade, verdict. Columns with `terminal=False`
    (the split bounds, record ids) go to CSV and JSON only; the screen shows their summary.
    `get` reads the column's plain value (text, a number, a boolean, a list, or None) from a row.
    """

    name: str
    header: str
    kind: str = "text"
    terminal: bool = True
    get: Callable[[object], object] | None = field(default=None, compare=False, repr=False)


@dataclass
class Table:
    """A result as every output format sees it: a title, the columns, rows of plain values
    (lists stay lists until a format joins them), and what the reader should know."""

    title: str
    columns: list[Column]
    rows: list[dict]
    notes: list[str] = field(default_factory=list)

    def values(self, row: dict) -> list:
        """The row's values in column order."""
        return [row.get(c.name) for c in self.columns]


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

    return [Column(f"{prefix}_low", f"{prefix} low", "int", False, part("low")),
            Column(f"{prefix}_high", f"{prefix} high", "int", False, part("high")),
            Column(f"{prefix}_approximate", f"{prefix} approximate", "bool", False, part("approximate")),
            Column(f"{prefix}_unspecified", f"{prefix} unspecified", "bool", False, part("unspecified"))]


def _claims_columns(result: ClaimList) -> list[Column]:
    return [
        Column("event", "Event", get=lambda r: r.event),
        Column("claim", "Claim", terminal=False, get=lambda r: r.claim),
        Column("claimant", "Claimant", get=lambda r: r.claimant),
        Column("via", "Via", get=lambda r: list(r.via)),
        Column("published", "Published", get=lambda r: str(r.published)),
        Column("equipment", "Equipment", get=lambda r: r.equipment),
        Column("quantity", "Quantity", get=lambda r: r.quantity.display()),
        *_bounds_columns("quantity", lambda r: Bounds.of(r.quantity)),
        Column("status", "Status", get=lambda r: r.status.value),
        Column("grade", "Grade", "grade", get=lambda r: str(r.grade)),
        Column("as_written", "As written", get=lambda r: r.as_written or ""),
    ]


def _evidence_columns(result: EvidenceList) -> list[Column]:
    return [
        Column("event", "Event", get=lambda r: r.event),
        Column("evidence", "Evidence", get=lambda r: r.evidence),
        Column("kind", "Kind", get=lambda r: r.kind.value),
        Column("publisher", "Publisher", get=lambda r: r.publisher),
        Column("published", "Published", get=lambda r: str(r.published)),
        Column("equipment", "Equipment", get=lambda r: r.equipment),
        Column("count", "Count", get=lambda r: r.count.display()),
        *_bounds_columns("count", lambda r: Bounds.of(r.count)),
        Column("status", "Status", get=lambda r: r.status.value),
        Column("at", "At", get=lambda r: _text(r.at)),
        Column("grade", "Grade", "grade", get=lambda r: str(r.grade)),
        Column("verification", "Verification", get=lambda r: ", ".join(r.verification) or "none"),
        Column("identifiers", "Identifiers", get=lambda r: list(r.identifiers)),
        Column("as_written", "As written", get=lambda r: r.as_written or ""),
    ]


def _summary_columns(result: Summary) -> list[Column]:
    by = result.by
    keyed = {
        "event": Column("event", "Event", get=lambda r: r.event),
        "status": Column("status", "Status", get=lambda r: r.status.value),
        "claimant": Column("claimant", "Claimant", get=lambda r: r.claimant),
        "equipment": Column("equipment", "Type" if by is SummaryBy.type else "Category",
                            get=lambda r: r.equipment),
    }
    order = {
        SummaryBy.claimant: ("claimant", "equipment", "status"),
        SummaryBy.status: ("status", "equipment", "claimant"),
        SummaryBy.event: ("event", "equipment", "status", "claimant"),
    }.get(by, ("equipment", "status", "claimant"))
    return [*(keyed[k] for k in order),
            Column("equipment_name", "Name", terminal=False, get=lambda r: r.equipment_name),
            Column("claimed", "Claimed", get=lambda r: r.claimed.display()),
            *_bounds_columns("claimed", lambda r: r.claimed),
            Column("grade", "Grade", "grade", get=lambda r: ", ".join(map(str, r.grades))),
            Column("claims", "Claims", terminal=False, get=lambda r: list(r.claims))]


def _compare_columns(result: Comparison) -> list[Column]:
    return [
        Column("event", "Event", get=lambda r: r.event),
        Column("equipment", "Category" if result.level is Level.category else "Type",
               get=lambda r: r.equipment),
        Column("equipment_name", "Name", terminal=False, get=lambda r: r.equipment_name),
        # A covering key (the General Staff's `APC`) sums several categories: say which, on screen too.
        Column("summed", "Summed", terminal=result.spans, get=lambda r: " + ".join(r.summed)),
        Column("status", "Status", get=lambda r: r.status.value),
        Column("claimant", "Claimant", get=lambda r: r.claimant or ""),
        Column("claimed", "Claimed", get=lambda r: r.claimed.display() if r.claimed else ""),
        *_bounds_columns("claimed", lambda r: r.claimed),
        Column("claim_grade", "Grade", "grade", get=lambda r: _text(r.claim_grade)),
        Column("confirmed", "Confirmed", "int", get=lambda r: r.confirmed),
        Column("evidence_grade", "Evidence grade", "grade", get=lambda r: _text(r.evidence_grade)),
        Column("independent", "Independent", "bool", get=lambda r: r.independent),
        Column("ratio", "Ratio", "float", get=lambda r: r.ratio),
        Column("verdict", "Verdict", "verdict", get=lambda r: r.verdict.value),
        Column("claims", "Claims", terminal=False, get=lambda r: list(r.claims)),
        Column("evidence", "Evidence", terminal=False, get=lambda r: list(r.evidence)),
        Column("suggested_credibility", "Suggested credibility", "int", terminal=False,
               get=lambda r: r.suggested_credibility),
    ]


def _catalog_columns(result: CatalogListing) -> list[Column]:
    return [
        Column("id", "Id", get=lambda r: r.id),
        Column("name", "Name", get=lambda r: r.name),
        Column("parent", "Parent", terminal=False, get=lambda r: r.parent or ""),
        Column("category", "Category", terminal=False, get=lambda r: r.category),
        Column("depth", "Depth", "int", terminal=False, get=lambda r: r.depth),
        Column("caliber_mm", "Calibre (mm)", "float", terminal=False, get=lambda r: r.caliber_mm),
        Column("covers", "Covers", terminal=any(r.covers for r in result.rows), get=lambda r: list(r.covers)),
        Column("aliases", "Aliases", get=lambda r: list(r.aliases)),
    ]


def _compare_notes(result: Comparison) -> list[str]:
    notes = [
        "Confirmed: a conservative lower bound, max(distinct identifiers, the largest count in "
        "any one piece of evidence); two videos of the same kind never add.",
        "Independent: some confirming evidence comes from neither the claimant, its relays, nor "
        "its side.",
    ]
    if result.spans:
        notes.append("Summed: a category that covers several others (a claimant's own vocabulary) "
                     "is confirmed by the evidence of all of them together.")
    if result.suggestions:
        notes.append("Independent confirmation would justify credibility 1 for: "
                     + "; ".join(f"{cid} ({claimant})" for cid, claimant in result.suggestions)
                     + " (materiel never rewrites the data).")
    return notes


SUMMARY_NOTES = ["Claims of different claimants are alternatives and are never added together.",
                 "Within one claim, items of one kind add; a repeated claim counts once (the largest)."]

# Each kind of result: its columns, its title, and its notes.
_LAYOUTS: dict[type, tuple[Callable, Callable, Callable]] = {
    ClaimList: (_claims_columns, lambda r: "Claims", lambda r: []),
    EvidenceList: (_evidence_columns, lambda r: "Evidence", lambda r: []),
    Summary: (_summary_columns, lambda r: f"Claimed totals by {r.by.value}", lambda r: list(SUMMARY_NOTES)),
    Comparison: (_compare_columns, lambda r: f"Claims against evidence, by {r.level.value}", _compare_notes),
    CatalogListing: (_catalog_columns,
                     lambda r: "Equipment catalog" + (f" matching “{r.search}”" if r.search else ""),
                     lambda r: []),
}


def columns_of(result: Result) -> list[Column]:
    """The columns of a result, in the order every format shows them."""
    return _LAYOUTS[type(result)][0](result)


def table(result: Result, screen: bool = False) -> Table:
    """A typed result as a table of plain values, with its title and notes.

    `screen`: for the terminal, where the catalog's tree shows as indentation of its names.
    """
    make_columns, title, notes = _LAYOUTS[type(result)]
    columns = make_columns(result)
    getters = [(c.name, c.get) for c in columns]
    rows = [{name: get(row) for name, get in getters} for row in result.rows]
    if screen and isinstance(result, CatalogListing):
        for row, node in zip(rows, result.rows, strict=True):
            row["name"] = "  " * node.depth + row["name"]
    return Table(title(result), columns, rows, notes(result))


def records(result: Result) -> list[dict]:
    """The rows as plain dicts with the CSV's columns, typed (numbers, booleans, None), lists kept
    as lists: ready for `pandas.DataFrame`."""
    return table(result).rows
