"""The rules behind every number (shared/spec/ANALYSIS.md), as small pure functions over a Dataset."""

from __future__ import annotations

import difflib
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .catalog import Catalog
from .dataset import Dataset
from .models import Claim, ClaimItem, Evidence, Observation, PartialDate, Source, Status
from .quantities import Bounds, largest, sum_bounds
from .tables import Column, Table

LEVELS = ("category", "type")
SUMMARY_BY = ("category", "type", "claimant", "event", "status")
CONFIRMING_VERDICTS = ("confirmed", "present", "exceeds claim")
VERDICTS = ("confirmed", "present", "partly confirmed", "unconfirmed", "exceeds claim", "not claimed")


class FilterError(ValueError):
    """A filter names something the dataset does not have."""



def effective_status(own: Status | None, default: Status | None) -> Status:
    """An item's status: its own, else its record's, else `lost` (any of the four)."""
    return own or default or Status.lost


def grade(source: Source, credibility: int) -> str:
    """The Admiralty grade: the source's reliability and the information's credibility, `E4`."""
    return f"{source.reliability}{credibility}"  # a StrEnum formats as its value


def grade_order(value: str) -> tuple[str, int]:
    """Sort key for grades: A before F, then 1 before 6 (the best first)."""
    return (value[0], int(value[1:]))


def key_node(catalog: Catalog, node_id: str, level: str) -> str:
    """The node an item is counted under: its category (root, or the nearest covering node),
    or the node as written."""
    return catalog.category_of(node_id) if level == "category" else node_id


def counts_for(catalog: Catalog, node_id: str, key: str, level: str) -> bool:
    """Whether an observation of `node_id` counts for `key`: a child counts for its ancestors,
    a parent never for a child; a covering key counts whatever lies under a node it covers."""
    if key_node(catalog, node_id, level) == key or (level == "type" and catalog.is_under(node_id, key)):
        return True
    return any(catalog.is_under(node_id, c) for c in catalog.covered(key) if c in catalog)


def _keys_counting(catalog: Catalog, node_id: str, level: str, covering: list[str]) -> set[str]:
    """Every key an observation of `node_id` counts for (see counts_for), for indexing."""
    chain = catalog.ancestors(node_id)
    keys = {key_node(catalog, node_id, level)} if level == "category" else set(chain)
    keys.update(c for c in covering if any(n in chain for n in catalog.covered(c)))
    return keys


def summed(catalog: Catalog, key: str) -> str:
    """What a row's confirmed count sums: the nodes a covering key covers, else the key itself."""
    return " + ".join(catalog.covered(key)) or key


def status_confirms(evidence_status: Status, claim_status: Status) -> bool:
    """Evidence of a status confirms a claim of that status or of `lost`; `lost` takes any status."""
    return claim_status == Status.lost or evidence_status == claim_status


def confirmed_count(observations: Iterable[tuple[str, Observation]]) -> int:
    """Conservative count of distinct items seen: max(I, U).

    I: distinct identifiers over all observations (identified items are certainly distinct).
    U: the largest, over evidence records, of the summed low counts of that record's
    observations without identifiers (two videos of "tanks" may show the same tanks).
    """
    identifiers: set[str] = set()
    per_record: dict[str, int] = defaultdict(int)
    for evidence_id, obs in observations:
        if obs.identifiers:
            identifiers.update(" ".join(i.split()).casefold() for i in obs.identifiers)
        else:
            per_record[evidence_id] += obs.count.low
    return max(len(identifiers), max(per_record.values(), default=0))


def verdict(claimed: Bounds | None, confirmed: int) -> str:
    """What the evidence says of a claimed quantity (None: nothing was claimed)."""
    if claimed is None:
        return "not claimed"
    if claimed.only_unspecified:
        return "present" if confirmed >= 1 else "unconfirmed"
    if confirmed == 0:
        return "unconfirmed"
    if claimed.high is not None and confirmed > claimed.high:
        return "exceeds claim"
    return "confirmed" if confirmed >= claimed.low else "partly confirmed"


def ratio(claimed: Bounds | None, confirmed: int) -> float | None:
    """confirmed / claimed low, two decimals, where a number was claimed."""
    if claimed is None or claimed.only_unspecified or claimed.low == 0:
        return None
    return round(confirmed / claimed.low, 2)


def is_independent(evidence: Evidence, claim: Claim, sources: dict[str, Source]) -> bool:
    """Whether evidence confirms a claim independently: its publisher is neither the claimant
    nor a relay, nor of the claimant's own affiliation (IS footage does not confirm Amaq)."""
    if evidence.publisher == claim.claimant or evidence.publisher in claim.via:
        return False
    mine, theirs = sources[evidence.publisher].affiliation, sources[claim.claimant].affiliation
    return not (mine and theirs and mine.casefold() == theirs.casefold())



@dataclass(frozen=True)
class Filters:
    """What a listing is narrowed to; empty means everything."""

    events: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    since: PartialDate | None = None
    until: PartialDate | None = None
    min_reliability: str | None = None
    min_credibility: int | None = None

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
        return "; ".join(parts)

    def resolved(self, dataset: Dataset) -> Filters:
        """Check every id against the dataset (equipment may be given by alias); raise FilterError."""
        def check(values, pool, noun):
            for value in values:
                if value not in pool:
                    close = difflib.get_close_matches(value, list(pool), n=1, cutoff=0.6)
                    hint = f"; did you mean `{close[0]}`?" if close else ""
                    raise FilterError(f"no {noun} has the id `{value}`{hint}")

        check(self.events, dataset.events, "event")
        check(self.claimants, dataset.sources, "source")
        equipment = tuple(e if e in dataset.catalog else (dataset.catalog.lookup(e) or e)
                          for e in self.equipment)
        check(equipment, dataset.catalog.nodes, "equipment node")
        return Filters(self.events, self.claimants, equipment, self.statuses, self.since, self.until,
                       self.min_reliability, self.min_credibility)

    def dated(self, published: PartialDate) -> bool:
        """Whether a date can fall within since..until (a month counts if any day of it does)."""
        if self.since and published.last_day < self.since.first_day:
            return False
        return not (self.until and published.first_day > self.until.last_day)

    def graded(self, source: Source, credibility: int) -> bool:
        """Whether a record is at least as reliable and credible as asked."""
        if self.min_reliability and source.reliability.value > self.min_reliability:
            return False
        return not (self.min_credibility and credibility > self.min_credibility)

    def shows(self, catalog: Catalog, node_id: str, status: Status) -> bool:
        """Whether an item of this node and status is within the equipment and status filters."""
        if self.equipment and not any(catalog.stands_for(node_id, e) for e in self.equipment):
            return False
        return not (self.statuses and status not in self.statuses)


def _claims(dataset: Dataset, filters: Filters) -> Iterable[tuple[Claim, ClaimItem, Status]]:
    by_record = bool(filters.events or filters.claimants or filters.since or filters.until
                     or filters.min_reliability or filters.min_credibility)
    by_item = bool(filters.equipment or filters.statuses)
    for claim in dataset.claims:
        if by_record and not (
                (not filters.events or claim.event in filters.events)
                and (not filters.claimants or claim.claimant in filters.claimants)
                and filters.dated(claim.published)
                and filters.graded(dataset.sources[claim.claimant], claim.credibility)):
            continue
        for item in claim.items:
            status = item.status or claim.status or Status.lost  # effective_status, inlined
            if not by_item or filters.shows(dataset.catalog, item.equipment, status):
                yield claim, item, status


def _observations(dataset: Dataset, filters: Filters, equipment: bool = True
                  ) -> Iterable[tuple[Evidence, Observation, Status]]:
    for evidence in dataset.evidence:
        if filters.events and evidence.event not in filters.events:
            continue
        if not filters.dated(evidence.published):
            continue
        if not filters.graded(dataset.sources[evidence.publisher], evidence.credibility):
            continue
        for obs in evidence.observations:
            status = effective_status(obs.status, evidence.status)
            if not equipment or filters.shows(dataset.catalog, obs.equipment, status):
                yield evidence, obs, status



def _bounds_columns(prefix: str) -> list[Column]:
    return [Column(f"{prefix}_low", f"{prefix} low", "int", terminal=False),
            Column(f"{prefix}_high", f"{prefix} high", "int", terminal=False),
            Column(f"{prefix}_approximate", f"{prefix} approximate", "bool", terminal=False),
            Column(f"{prefix}_unspecified", f"{prefix} unspecified", "bool", terminal=False)]


def _bounds_values(prefix: str, bounds: Bounds | None) -> dict:
    if bounds is None:
        return {f"{prefix}_low": None, f"{prefix}_high": None, f"{prefix}_approximate": None,
                f"{prefix}_unspecified": None}
    return {f"{prefix}_low": bounds.low, f"{prefix}_high": bounds.high,
            f"{prefix}_approximate": bounds.approximate, f"{prefix}_unspecified": bounds.unspecified}


def claims_table(dataset: Dataset, filters: Filters = Filters()) -> Table:
    """One row per claim item, with its claimant, grade and the words as written."""
    rows = []
    for claim, item, status in _claims(dataset, filters):
        bounds = Bounds.of(item.quantity)
        rows.append({
            "event": claim.event, "claim": claim.id, "claimant": claim.claimant,
            "via": ", ".join(claim.via), "published": str(claim.published),
            "equipment": item.equipment, "quantity": item.quantity.display(),
            **_bounds_values("quantity", bounds), "status": status.value,
            "grade": grade(dataset.sources[claim.claimant], claim.credibility),
            "as_written": item.as_written or "",
        })
    columns = [Column("event", "Event"), Column("claim", "Claim", terminal=False),
               Column("claimant", "Claimant"), Column("via", "Via"), Column("published", "Published"),
               Column("equipment", "Equipment"), Column("quantity", "Quantity"),
               *_bounds_columns("quantity"), Column("status", "Status"), Column("grade", "Grade", "grade"),
               Column("as_written", "As written")]
    return Table("Claims", columns, rows)


def evidence_table(dataset: Dataset, filters: Filters = Filters()) -> Table:
    """One row per observation: what each piece of evidence shows (the seized hardware)."""
    rows = []
    for evidence, obs, status in _observations(dataset, filters):
        if filters.claimants and evidence.publisher not in filters.claimants:
            continue
        rows.append({
            "event": evidence.event, "evidence": evidence.id, "kind": evidence.kind.value,
            "publisher": evidence.publisher, "published": str(evidence.published),
            "equipment": obs.equipment, "count": obs.count.display(),
            **_bounds_values("count", Bounds.of(obs.count)), "status": status.value,
            "at": str(obs.at) if obs.at else "",
            "grade": grade(dataset.sources[evidence.publisher], evidence.credibility),
            "verification": ", ".join(v for v, done in (("geolocated", evidence.geolocated),
                                                         ("chronolocated", evidence.chronolocated))
                                      if done) or "none",
            "identifiers": ", ".join(obs.identifiers), "as_written": obs.as_written or "",
        })
    columns = [Column("event", "Event"), Column("evidence", "Evidence"), Column("kind", "Kind"),
               Column("publisher", "Publisher"), Column("published", "Published"),
               Column("equipment", "Equipment"), Column("count", "Count"), *_bounds_columns("count"),
               Column("status", "Status"), Column("at", "At"), Column("grade", "Grade", "grade"),
               Column("verification", "Verification"), Column("identifiers", "Identifiers"),
               Column("as_written", "As written")]
    return Table("Evidence", columns, rows)


@dataclass
class _Claimed:
    """What one claimant claims of one key in one event: the largest of its claims."""

    bounds: Bounds
    claim: Claim
    claims: list[str] = field(default_factory=list)


def claimed_totals(dataset: Dataset, level: str, filters: Filters = Filters()
                   ) -> dict[tuple[str, str, Status, str], _Claimed]:
    """(event, key node, status, claimant) -> claimed quantity.

    Within one claim, items under the same key add; for one event, claimant and key the
    largest claim counts (a repeated claim does not double).
    """
    per_claim: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    claims_by_id = {c.id: c for c in dataset.claims}
    keys: dict[str, str] = {}  # node -> key node, asked once per node
    for claim, item, status in _claims(dataset, filters):
        node = keys.get(item.equipment)
        if node is None:
            node = keys[item.equipment] = key_node(dataset.catalog, item.equipment, level)
        per_claim[(claim.event, node, status, claim.claimant)][claim.id].append(item.quantity)
    out = {}
    for key, by_claim in per_claim.items():
        if len(by_claim) == 1:  # the common case: one claim, nothing to choose between
            [(cid, quantities)] = by_claim.items()
            out[key] = _Claimed(sum_bounds(quantities), claims_by_id[cid], [cid])
            continue
        totals = {cid: sum_bounds(qs) for cid, qs in by_claim.items()}
        best = largest(totals.values())
        chosen = next(cid for cid, t in totals.items() if t == best)
        out[key] = _Claimed(best, claims_by_id[chosen], sorted(by_claim))
    return out


def summary_table(dataset: Dataset, by: str = "category", filters: Filters = Filters()) -> Table:
    """Claimed totals per claimant: never summed across claimants; across events they add."""
    level = "type" if by == "type" else "category"
    groups: dict[tuple, list[_Claimed]] = defaultdict(list)
    for (event, node, status, claimant), claimed in claimed_totals(dataset, level, filters).items():
        groups[(event if by == "event" else "", node, status, claimant)].append(claimed)
    rows = []
    for (event, node, status, claimant), parts in groups.items():
        total = sum_bounds(p.bounds for p in parts)
        grades = sorted({grade(dataset.sources[claimant], p.claim.credibility) for p in parts},
                        key=grade_order)
        rows.append({
            "event": event, "equipment": node, "equipment_name": dataset.catalog.nodes[node].name,
            "status": status.value, "claimant": claimant, "claimed": total.display(),
            **_bounds_values("claimed", total), "grade": ", ".join(grades),
            "claims": ", ".join(sorted({c for p in parts for c in p.claims})),
        })
    order = {
        "claimant": ("claimant", "equipment", "status"),
        "status": ("status", "equipment", "claimant"),
        "event": ("event", "equipment", "status", "claimant"),
    }.get(by, ("equipment", "status", "claimant"))
    position = _catalog_order(dataset.catalog)
    rows.sort(key=lambda r: tuple(position.get(r[k], 0) if k == "equipment" else r[k] for k in order))
    headers = {"event": "Event", "status": "Status", "claimant": "Claimant",
               "equipment": "Type" if level == "type" else "Category"}
    columns = [*(Column(k, headers[k]) for k in order), Column("equipment_name", "Name", terminal=False),
               Column("claimed", "Claimed"), *_bounds_columns("claimed"), Column("grade", "Grade", "grade"),
               Column("claims", "Claims", terminal=False)]
    if by != "event":
        for row in rows:
            del row["event"]
    notes = ["Claims of different claimants are alternatives and are never added together.",
             "Within one claim, items of one kind add; a repeated claim counts once (the largest)."]
    return Table(f"Claimed totals by {by}", columns, rows, notes)


def _catalog_order(catalog: Catalog) -> dict[str, int]:
    return {node: i for i, (_, node) in enumerate(catalog.walk())}


def compare_table(dataset: Dataset, level: str = "category", filters: Filters = Filters()) -> Table:
    """Each claimant's claimed quantity against the conservatively confirmed count, with a verdict.

    Evidence that confirms a claimed row is part of that row; what no claimed row absorbs is
    listed as `not claimed`.
    """
    catalog = dataset.catalog
    by_event: dict[str, list[tuple[int, Evidence, Observation, Status]]] = defaultdict(list)
    # Each observation filed under every key it counts for (counts_for, asked once per node),
    # so that a claimed row looks up its candidates instead of scanning its event.
    by_key: dict[tuple[str, str], list[tuple[int, Evidence, Observation, Status]]] = defaultdict(list)
    keys_of: dict[str, set[str]] = {}
    covering = [n for n in catalog.nodes if catalog.nodes[n].covers]
    for i, (evidence, obs, status) in enumerate(_observations(dataset, filters)):
        entry = (i, evidence, obs, status)
        by_event[evidence.event].append(entry)
        keys = keys_of.get(obs.equipment)
        if keys is None:
            keys = keys_of[obs.equipment] = _keys_counting(catalog, obs.equipment, level, covering)
        for key in keys:
            by_key[(evidence.event, key)].append(entry)
    used: set[int] = set()
    rows = []
    for (event, node, status, claimant), claimed in claimed_totals(dataset, level, filters).items():
        matching = [(i, ev, obs) for i, ev, obs, s in by_key.get((event, node), ())
                    if status_confirms(s, status)]
        if matching:
            used.update(i for i, _, _ in matching)
            confirmed = confirmed_count((ev.id, obs) for _, ev, obs in matching)
            evidence = list({ev.id: ev for _, ev, _ in matching}.values())
        else:
            confirmed, evidence = 0, []
        rows.append(_compare_row(dataset, event, node, status, claimant, claimed, confirmed, evidence))
    unclaimed: dict[tuple, list[tuple[Evidence, Observation]]] = defaultdict(list)
    for items in by_event.values():
        for i, ev, obs, s in items:
            if i not in used:
                unclaimed[(ev.event, key_node(catalog, obs.equipment, level), s)].append((ev, obs))
    for (event, node, status), seen in unclaimed.items():
        confirmed = confirmed_count((ev.id, obs) for ev, obs in seen)
        evidence = list({ev.id: ev for ev, _ in seen}.values())
        rows.append(_compare_row(dataset, event, node, status, "", None, confirmed, evidence))
    order = _catalog_order(catalog)
    rows.sort(key=lambda r: (r["event"], order.get(r["equipment"], 0), r["status"], r["claimant"] == "",
                             r["claimant"]))
    # A covering key (the General Staff's `APC`) sums several categories: say which, on screen too.
    spans = any(len(catalog.covered(node)) > 1 for node in {r["equipment"] for r in rows})
    columns = [
        Column("event", "Event"),
        Column("equipment", "Category" if level == "category" else "Type"),
        Column("equipment_name", "Name", terminal=False),
        Column("summed", "Summed", terminal=spans),
        Column("status", "Status"), Column("claimant", "Claimant"),
        Column("claimed", "Claimed"), *_bounds_columns("claimed"), Column("claim_grade", "Grade", "grade"),
        Column("confirmed", "Confirmed", "int"), Column("evidence_grade", "Evidence grade", "grade"),
        Column("independent", "Independent", "bool"), Column("ratio", "Ratio", "float"),
        Column("verdict", "Verdict", "verdict"),
        Column("claims", "Claims", terminal=False), Column("evidence", "Evidence", terminal=False),
        Column("suggested_credibility", "Suggested credibility", "int", terminal=False),
    ]
    notes = [
        "Confirmed: a conservative lower bound, max(distinct identifiers, the largest count in "
        "any one piece of evidence); two videos of the same kind never add.",
        "Independent: some confirming evidence comes from neither the claimant, its relays, nor "
        "its side.",
    ]
    if spans:
        notes.append("Summed: a category that covers several others (a claimant's own vocabulary) "
                     "is confirmed by the evidence of all of them together.")
    # Credibility is the whole claim's: suggest 1 only where every row of the claim is
    # confirmed by independent evidence, not where one item of thirteen is.
    rows_of_claim: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        for cid in filter(None, r["claims"].split(", ")):
            rows_of_claim[cid].append(r)
    suggestions = [f"{cid} ({claim_rows[0]['claimant']})" for cid, claim_rows in rows_of_claim.items()
                   if all(r["suggested_credibility"] for r in claim_rows)]
    if suggestions:
        notes.append("Independent confirmation would justify credibility 1 for: "
                     + "; ".join(suggestions) + " (materiel never rewrites the data).")
    return Table(f"Claims against evidence, by {level}", columns, rows, notes)


def _compare_row(dataset: Dataset, event: str, node: str, status: Status, claimant: str,
                 claimed: _Claimed | None, confirmed: int, evidence: list[Evidence]) -> dict:
    sources = dataset.sources
    bounds = claimed.bounds if claimed else None
    evidence_grades = sorted((grade(sources[e.publisher], e.credibility) for e in evidence),
                             key=grade_order) if evidence else ()
    independent = None  # nothing confirms, or nothing was claimed: nothing to be independent of
    if claimed is not None and confirmed:
        independent = any(is_independent(e, claimed.claim, sources) for e in evidence)
    outcome = verdict(bounds, confirmed)
    suggest = (claimed is not None and independent and outcome in CONFIRMING_VERDICTS
               and claimed.claim.credibility != 1)
    name, what = _node_words(dataset.catalog, node)
    return {
        "event": event, "equipment": node, "equipment_name": name,
        "summed": what, "status": str(status), "claimant": claimant,
        "claimed": bounds.display() if bounds else "",
        "claimed_low": bounds.low if bounds else None, "claimed_high": bounds.high if bounds else None,
        "claimed_approximate": bounds.approximate if bounds else None,
        "claimed_unspecified": bounds.unspecified if bounds else None,
        "claim_grade": grade(sources[claimant], claimed.claim.credibility) if claimed else "",
        "confirmed": confirmed, "evidence_grade": evidence_grades[0] if evidence_grades else "",
        "independent": independent, "ratio": ratio(bounds, confirmed), "verdict": outcome,
        "claims": ", ".join(claimed.claims) if claimed else "",
        "evidence": ", ".join(sorted(e.id for e in evidence)),
        "suggested_credibility": 1 if suggest else None,
    }


@functools.lru_cache(maxsize=4096)
def _node_words(catalog: Catalog, node: str) -> tuple[str, str]:
    """A node's name, and what a row of it sums (asked once per node, not once per row)."""
    return catalog.nodes[node].name, summed(catalog, node)


def catalog_table(catalog: Catalog, search: str | None = None) -> Table:
    """The equipment tree with aliases; with `search`, the nodes whose words contain it."""
    from .catalog import normalise_words

    wanted = normalise_words(search) if search else None
    rows = []
    for depth, node_id in catalog.walk():
        node = catalog.nodes[node_id]
        words = [node.id, node.name, *node.aliases]
        if wanted and not any(wanted in normalise_words(w) for w in words):
            continue
        rows.append({"id": node_id, "name": node.name, "parent": node.parent or "",
                     "category": catalog.root_of(node_id), "depth": depth,
                     "caliber_mm": node.caliber_mm, "covers": ", ".join(node.covers),
                     "aliases": ", ".join(node.aliases)})
    if wanted:  # an exact alias first: "Kalashnikov" is the assault rifle before the AK-74
        exact = catalog.lookup(search)
        rows.sort(key=lambda r: r["id"] != exact)
    columns = [Column("id", "Id"), Column("name", "Name"), Column("parent", "Parent", terminal=False),
               Column("category", "Category", terminal=False),
               Column("depth", "Depth", "int", terminal=False),
               Column("caliber_mm", "Calibre (mm)", "float", terminal=False),
               Column("covers", "Covers", terminal=any(r["covers"] for r in rows)),
               Column("aliases", "Aliases")]
    return Table("Equipment catalog" + (f" matching “{search}”" if search else ""), columns, rows)
