"""The queries: claims, evidence, summary, compare and catalog, each a pure function from a
Dataset (and Filters) to typed rows. The rules they apply are in rules.py."""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..dataset import Dataset, latest_only
from ..errors import UsageError
from ..format.catalog import Catalog, normalise_words
from ..format.models import Claim, ClaimItem, Evidence, Observation, PartialDate
from ..format.quantities import Bounds, largest, sum_bounds
from ..format.vocabulary import Status
from .filters import Filters, level_of, summary_by, unit_keys
from .rows import (
    CatalogListing,
    CatalogRow,
    ClaimList,
    ClaimRow,
    CompareRow,
    Comparison,
    Confirmed,
    EvidenceList,
    EvidenceRow,
    Grade,
    ItemList,
    ItemRow,
    Level,
    MappingList,
    MappingRow,
    Sighting,
    Summary,
    SummaryBy,
    SummaryRow,
)
from .rules import (
    confirmed_count,
    confirms_through,
    counts_certainly,
    days_apart,
    grade,
    is_independent,
    key_node,
    keys_counting,
    latest,
    ratio,
    status_confirms,
    summed,
    verdict,
)

NO_FILTERS = Filters()
NOTHING_SEEN = Confirmed(0)  # what confirmed_count gives for no observations


def _bound(filters: Filters) -> PartialDate | None:
    """The last date a comparison can count: the earlier of --as-of and --until."""
    dates = [d for d in (filters.as_of, filters.until) if d is not None]
    return min(dates, key=lambda d: d.last_day) if dates else None


def _claims(dataset: Dataset, filters: Filters, records: Iterable[Claim] | None = None
            ) -> Iterable[tuple[Claim, ClaimItem, Status]]:
    """Each claim item within the filters, with its status (its own, else its claim's, else lost)."""
    by_record = filters.by_record
    by_item = bool(filters.equipment or filters.statuses)
    # --unit, --tag, --near: a claim has no place of its own; its event's location stands for it
    within = filters.parts(dataset) if filters.by_part else None
    events = dataset.events
    for claim in dataset.claims if records is None else records:
        if by_record and not (
                (not filters.events or claim.event in filters.events)
                and (not filters.claimants or claim.claimant in filters.claimants)
                and filters.dated(claim.published)
                and filters.graded(dataset.sources[claim.claimant], claim.credibility)):
            continue
        for item in claim.items:
            status = item.status or claim.status or Status.lost
            if by_item and not filters.shows(dataset.catalog, item.equipment, status):
                continue
            if within is not None and not within(item.unit, item.tags, events[claim.event].location):
                continue
            yield claim, item, status


def _evidence_within(dataset: Dataset, filters: Filters, latest: bool = False) -> list[Evidence]:
    """The evidence records within the event, date and grade filters (--claimant chooses claims).
    `latest`: of each series, only the row a comparison can count (the latest within the dates)."""
    records = (dataset.written_evidence + dataset.latest_rows("evidence", _bound(filters)) if latest
               else dataset.evidence)
    return [e for e in records
            if (not filters.events or e.event in filters.events) and filters.dated(e.published)
            and filters.graded(dataset.sources[e.publisher], e.credibility)]


def _observations(dataset: Dataset, filters: Filters) -> Iterable[tuple[Evidence, Observation, Status]]:
    """Each observation within the filters (but --claimant), with its status as for claim items."""
    within = filters.parts(dataset) if filters.by_part else None
    for evidence in _evidence_within(dataset, filters):
        for obs in evidence.observations:
            status = obs.status or evidence.status or Status.lost
            if filters.shows(dataset.catalog, obs.equipment, status) and (
                    within is None or within(obs.unit, obs.tags, obs.location)):
                yield evidence, obs, status


def _compared_claims(dataset: Dataset, filters: Filters) -> Iterable[tuple[Claim, ClaimItem, Status]]:
    """The claim items a comparison or summary counts: of cumulative claims, the latest only."""
    records = dataset.written_claims + dataset.latest_rows("claims", _bound(filters))
    items = list(_claims(dataset, filters, records))
    if not any(c.cumulative for c in records):
        return items
    kept = {id(c) for c in latest_only(list({id(c): c for c, _, _ in items}.values()), lambda c: c.claimant)}
    return [(c, i, s) for c, i, s in items if id(c) in kept]


def _ready(dataset: Dataset, filters: Filters | None) -> Filters:
    """The filters checked against the dataset (an alias resolved, an unknown id refused)."""
    return NO_FILTERS if filters is None or filters == NO_FILTERS else filters.resolved(dataset)


def claims(dataset: Dataset, filters: Filters | None = None) -> ClaimList:
    """One row per claim item, with its claimant, grade and the words as written."""
    filters = _ready(dataset, filters)
    rows = [ClaimRow(event=claim.event, claim=claim.id, claimant=claim.claimant, via=tuple(claim.via),
                     published=claim.published, equipment=item.equipment, quantity=item.quantity,
                     status=status, grade=grade(dataset.sources[claim.claimant], claim.credibility),
                     as_written=item.as_written, unit=item.unit, tags=tuple(item.tags))
            for claim, item, status in _claims(dataset, filters)]
    return ClaimList(rows, filters)


def evidence(dataset: Dataset, filters: Filters | None = None) -> EvidenceList:
    """One row per observation: what each piece of evidence shows (--claimant: its publisher)."""
    filters = _ready(dataset, filters)
    rows = []
    for record, obs, status in _observations(dataset, filters):
        if filters.claimants and record.publisher not in filters.claimants:
            continue
        rows.append(EvidenceRow(
            event=record.event, evidence=record.id, kind=record.kind, publisher=record.publisher,
            published=record.published, equipment=obs.equipment, count=obs.count, status=status,
            at=obs.at, grade=grade(dataset.sources[record.publisher], record.credibility),
            geolocated=record.geolocated, chronolocated=record.chronolocated,
            identifiers=tuple(obs.identifiers), as_written=obs.as_written, location=obs.location,
            previously=tuple(obs.previously),
            item=obs.item, unit=obs.unit, tags=tuple(obs.tags)))
    return EvidenceList(rows, filters)


@dataclass
class Claimed:
    """What one claimant claims of one key in one event: the largest of its claims."""

    bounds: Bounds
    claim: Claim
    claims: list[str] = field(default_factory=list)


def claimed_totals(dataset: Dataset, level: Level, filters: Filters = NO_FILTERS, group_of=None
                   ) -> dict[tuple, Claimed]:
    """(event, key node, status, claimant) -> claimed quantity.

    Within one claim, items under the same key add; for one event, claimant and key the
    largest claim counts (a repeated claim does not double). `group_of`: a function giving the
    groups of a claim item (its unit, each of its tags), each added to the key as a fifth part.
    """
    per_claim: dict[tuple, dict[str, list]] = {}
    claims_by_id: dict[str, Claim] = {}
    keys: dict[str, str] = {}  # node -> key node, asked once per node
    for claim, item, status in _compared_claims(dataset, filters):
        claims_by_id[claim.id] = claim
        node = keys.get(item.equipment)
        if node is None:
            node = keys[item.equipment] = key_node(dataset.catalog, item.equipment, level)
        base = (claim.event, node, status, claim.claimant)
        for key in (base,) if group_of is None else [(*base, g) for g in group_of(item)]:
            by_claim = per_claim.get(key)
            if by_claim is None:
                per_claim[key] = {claim.id: [item.quantity]}
            else:
                by_claim.setdefault(claim.id, []).append(item.quantity)
    out = {}
    for key, by_claim in per_claim.items():
        if len(by_claim) == 1:  # the common case: one claim, nothing to choose between
            [(cid, quantities)] = by_claim.items()
            out[key] = Claimed(sum_bounds(quantities), claims_by_id[cid], [cid])
            continue
        totals = {cid: sum_bounds(qs) for cid, qs in by_claim.items()}
        best = largest(totals.values())
        chosen = next(cid for cid, t in totals.items() if t == best)
        out[key] = Claimed(best, claims_by_id[chosen], sorted(by_claim))
    return out


def summary(dataset: Dataset, by: SummaryBy | str = SummaryBy.category, filters: Filters | None = None
            ) -> Summary:
    """Claimed totals per claimant: never summed across claimants; across events they add."""
    by = summary_by(by)
    filters = _ready(dataset, filters)
    level = Level.type if by is SummaryBy.type else Level.category
    group_of = _unit_group(dataset) if by is SummaryBy.unit else _tag_group if by is SummaryBy.tag else None
    groups: dict[tuple, list[Claimed]] = defaultdict(list)
    for key, claimed in claimed_totals(dataset, level, filters, group_of).items():
        event, node, status, claimant = key[:4]
        group = key[4] if group_of is not None else None
        groups[(event if by is SummaryBy.event else None, node, status, claimant, group)].append(claimed)
    rows = []
    for (event, node, status, claimant, group), parts in groups.items():
        grades = sorted({grade(dataset.sources[claimant], p.claim.credibility) for p in parts})
        rows.append(SummaryRow(event=event, equipment=node, equipment_name=dataset.catalog.nodes[node].name,
                               status=status, claimant=claimant, claimed=sum_bounds(p.bounds for p in parts),
                               grades=tuple(grades),
                               claims=tuple(sorted({c for p in parts for c in p.claims})),
                               unit=group if by is SummaryBy.unit else None,
                               tag=group if by is SummaryBy.tag else None))
    position = _catalog_order(dataset.catalog)
    fields = {
        SummaryBy.claimant: lambda r: (r.claimant, position.get(r.equipment, 0), r.status),
        SummaryBy.status: lambda r: (r.status, position.get(r.equipment, 0), r.claimant),
        SummaryBy.event: lambda r: (r.event, position.get(r.equipment, 0), r.status, r.claimant),
        # the items that name no unit (carry no tag) last
        SummaryBy.unit: lambda r: (r.unit is None, (r.unit or "").casefold(), position.get(r.equipment, 0),
                                   r.status, r.claimant),
        SummaryBy.tag: lambda r: (r.tag is None, r.tag or "", position.get(r.equipment, 0), r.status,
                                  r.claimant),
    }
    rows.sort(key=fields.get(by, lambda r: (position.get(r.equipment, 0), r.status, r.claimant)))
    return Summary(rows, by, filters)


def _unit_group(dataset: Dataset):
    """A claim item's unit group for `summary --by unit`: a `units` id, or the source's name for
    a unit not recorded (a name that is a unit record's name is that unit; names differing only
    in case are one, shown as first written); None for an item that names no unit."""
    shown: dict[frozenset, str] = {}

    def group_of(item: ClaimItem) -> tuple[str | None]:
        if item.unit is None:
            return (None,)
        keys = unit_keys(dataset.units, item.unit)
        named = sorted(k[3:] for k in keys if k.startswith("id "))
        return (named[0] if named else shown.setdefault(keys, item.unit),)

    return group_of


def _tag_group(item: ClaimItem) -> tuple[str | None, ...]:
    """A claim item's tag groups for `summary --by tag`: each of its tags, or None for none."""
    return tuple(dict.fromkeys(item.tags)) or (None,)


def items(dataset: Dataset, filters: Filters | None = None) -> ItemList:
    """Each physical item (an observation's `item`) with every sighting in date order: its
    statuses over time, the evidence, places, units and tags. Within the event, date, grade,
    equipment, status, unit, tag and place filters, --claimant being the publisher as for the
    evidence (an item is listed where any sighting is within them, with its whole history)."""
    filters = _ready(dataset, filters)
    catalog = dataset.catalog
    found: dict[str, list[tuple]] = {}
    chosen: set[str] = set()
    for record in dataset.evidence:
        for obs in record.observations:
            if obs.item is None:
                continue
            status = obs.status or record.status or Status.lost
            found.setdefault(obs.item, []).append((record, obs, status))
    within = {id(e) for e in _evidence_within(dataset, filters)}
    parts = filters.parts(dataset) if filters.by_part else None
    for item, seen in found.items():
        if any(id(record) in within and filters.shows(catalog, obs.equipment, status)
               and (not filters.claimants or record.publisher in filters.claimants)
               and (parts is None or parts(obs.unit, obs.tags, obs.location))
               for record, obs, status in seen):
            chosen.add(item)
    rows = []
    for item in sorted(chosen):
        seen = sorted(found[item], key=lambda s: s[0].published.first_day)
        nodes = [obs.equipment for _, obs, _ in seen]
        equipment = max(nodes, key=lambda n: len(catalog.ancestors(n)))
        history = tuple(Sighting(
            date=record.published, status=status, previously=tuple(obs.previously), evidence=record.id,
            kind=record.kind, publisher=record.publisher, equipment=obs.equipment, location=obs.location,
            unit=obs.unit, tags=tuple(obs.tags), identifiers=tuple(obs.identifiers))
            for record, obs, status in seen)
        rows.append(ItemRow(
            item=item, equipment=equipment, equipment_name=catalog.nodes[equipment].name,
            events=tuple(dict.fromkeys(record.event for record, _, _ in seen)), history=history,
            identifiers=tuple(dict.fromkeys(i for _, obs, _ in seen for i in obs.identifiers)),
            units=tuple(dict.fromkeys(obs.unit for _, obs, _ in seen if obs.unit)),
            tags=tuple(dict.fromkeys(t for _, obs, _ in seen for t in obs.tags))))
    return ItemList(rows, filters)


def _catalog_order(catalog: Catalog) -> dict[str, int]:
    return {node: i for i, (_, node) in enumerate(catalog.walk())}


def compare(dataset: Dataset, level: Level | str = Level.category, filters: Filters | None = None,
            max_gap: int = 7) -> Comparison:
    """Each claimant's claimed quantity against the conservatively confirmed count, with a verdict.

    Evidence that confirms a claimed row is part of that row; what no claimed row absorbs is
    listed as `not claimed`. A key no evidence of the event can speak to is `no data`; a key in
    doubt gets its broad reading too; rows whose claim and evidence lie more than `max_gap`
    days apart are flagged.
    """
    level = level_of(level)
    filters = _ready(dataset, filters)
    if isinstance(max_gap, bool) or not isinstance(max_gap, int) or max_gap < 0:
        raise UsageError(f"`{max_gap}` is not a number of days; expected a whole number, 0 or more",
                         "--max-gap")
    catalog = dataset.catalog
    records = latest_only(_evidence_within(dataset, filters, latest=True), lambda e: e.publisher)
    of_event: dict[str, list[Evidence]] = defaultdict(list)
    for record in records:
        of_event[record.event].append(record)
    by_event: dict[str, list[tuple[int, Evidence, Observation, Status]]] = defaultdict(list)
    # Each observation filed under every key it counts for (asked once per node), so that a
    # claimed row looks up its candidates instead of scanning its event.
    by_key: dict[tuple[str, str], list[tuple[int, Evidence, Observation, Status]]] = defaultdict(list)
    keys_of: dict[str, set[str]] = {}
    covering = [n for n in catalog.nodes if catalog.is_covering(n)]
    observed = ((record, obs, obs.status or record.status or Status.lost)
                for record in records for obs in record.observations)
    if filters.by_part:  # --unit, --tag, --near narrow the evidence as they narrow the claims
        within = filters.parts(dataset)
        observed = (o for o in observed if within(o[1].unit, o[1].tags, o[1].location))
    lives = False  # whether any observation names an item or earlier statuses (then rows say "later")
    for i, (record, obs, status) in enumerate(o for o in observed
                                              if filters.shows(catalog, o[1].equipment, o[2])):
        entry = (i, record, obs, status)
        if not lives and (obs.item is not None or obs.previously):
            lives = True
        by_event[record.event].append(entry)
        keys = keys_of.get(obs.equipment)
        if keys is None:
            keys = keys_of[obs.equipment] = keys_counting(catalog, obs.equipment, level, covering)
        for key in keys:
            by_key[(record.event, key)].append(entry)
    used: set[int] = set()
    rows = []
    lacks: dict[tuple, tuple[str, ...]] = {}  # (event, nodes) -> those no evidence speaks to, asked once

    def lacking_of(event: str, nodes: tuple[str, ...]) -> tuple[str, ...]:
        found = lacks.get((event, nodes))
        if found is None:
            found = lacks[(event, nodes)] = _lacking(catalog, nodes, of_event.get(event, ()))
        return found

    dates: dict[tuple, PartialDate | None] = {}  # (event, nodes) -> the latest evidence speaking to them
    elsewhere: dict[tuple, tuple] = {}  # (event, key, status) -> what was seen under other statuses
    of_node: dict[str, tuple] = {}  # node -> (its name, what it sums, what it may also stand for)

    histories: dict[str, list[tuple]] = {}

    def item_history(item: str) -> list[tuple]:
        """An item's statuses in date order, over the evidence compared: [(day, status)]."""
        if not histories:
            for record in records:
                for obs in record.observations:
                    if obs.item is not None:
                        histories.setdefault(obs.item, []).append(
                            (record.published.first_day, obs.status or record.status or Status.lost))
            for entries in histories.values():
                entries.sort(key=lambda e: e[0])
            histories.setdefault("", [])  # asked once, even where no observation names an item
        return histories.get(item, [])

    def evidence_says(event: str, node: str, status: Status) -> tuple:
        """What the evidence says of one key and status: the same for every claimant of it."""
        facts = of_node.get(node)
        if facts is None:
            name, what = _node_words(catalog, node)
            facts = of_node[node] = (name, what, tuple(catalog.in_doubt(node)))
        name, what, doubt = facts
        candidates = by_key.get((event, node), ())
        matching = [(i, ev, obs) for i, ev, obs, s in candidates if status_confirms(s, status)
                    or (obs.previously and confirms_through(obs, s, status))]
        used.update(i for i, _, _ in matching)
        certain = [(ev.id, obs) for _, ev, obs in matching
                   if not doubt or counts_certainly(catalog, obs.equipment, node)]
        lacking = lacking_of(event, what)
        confirmed = None if lacking else confirmed_count(certain) if certain else NOTHING_SEEN
        broad = None
        if doubt and confirmed is not None and not lacking_of(event, doubt):
            broad = confirmed_count((ev.id, obs) for _, ev, obs in matching)
        seen = list({ev.id: ev for _, ev, _ in matching}.values())
        otherwise = ()
        if candidates and confirmed is not None and confirmed.low == 0:
            otherwise = elsewhere.get((event, node, status))
            if otherwise is None:
                otherwise = elsewhere[(event, node, status)] = _seen_otherwise(candidates, status)
        if seen:
            evidence_date = latest(e.published for e in seen)
        elif lacking:
            evidence_date = None
        else:  # the latest evidence that speaks to the key and shows none of it
            evidence_date = dates.get((event, what), False)
            if evidence_date is False:
                evidence_date = dates[(event, what)] = latest(
                    e.published for e in of_event.get(event, ())
                    if any(speaks_to(catalog, e, n) for n in what))
        evidence_grade = min((grade(sources[e.publisher], e.credibility) for e in seen), default=None)
        later = _later(candidates, status, item_history) if lives and confirmed and confirmed.low else ()
        return (name, what, doubt, lacking, confirmed, broad, seen, otherwise, evidence_date, evidence_grade,
                tuple(sorted(e.id for e in seen)), later)

    sources = dataset.sources
    said: dict[tuple, tuple] = {}
    apart_of: dict[tuple[int, int], int] = {}  # ids of (claim date, evidence date) -> days apart
    for (event, node, status, claimant), claimed in claimed_totals(dataset, level, filters).items():
        found = said.get((event, node, status))
        if found is None:
            found = said[(event, node, status)] = evidence_says(event, node, status)
        (name, what, doubt, lacking, confirmed, broad, seen, otherwise, evidence_date, evidence_grade,
         ids, later) = found
        # The rest is the claimant's: as _compare_row makes it, one call fewer for each of
        # hundreds of thousands of rows.
        bounds, claim = claimed.bounds, claimed.claim
        independent = None
        if confirmed is not None and confirmed.low:
            independent = any(is_independent(e, claim, sources) for e in seen)
        outcome = verdict(bounds, confirmed)
        claim_date = claim.published
        apart = None
        if evidence_date is not None and claim_date is not None:
            apart = apart_of.get((id(claim_date), id(evidence_date)))
            if apart is None:  # the dates live as long as the dataset: their ids stay theirs
                apart = apart_of[(id(claim_date), id(evidence_date))] = days_apart(claim_date, evidence_date)
        rows.append(CompareRow(
            event, node, name, what, status, claimant, bounds, grade(sources[claimant], claim.credibility),
            confirmed, evidence_grade, independent, ratio(bounds, confirmed), outcome, tuple(claimed.claims),
            ids, 1 if independent and outcome.confirming and claim.credibility != 1 else None,
            doubt, broad, ratio(bounds, broad) if broad is not None else None, lacking, otherwise,
            claim_date, evidence_date, apart, apart is not None and apart > max_gap, later))
    unclaimed: dict[tuple, list[tuple[Evidence, Observation]]] = defaultdict(list)
    key_of: dict[str, str] = {}  # node -> key node, asked once per node (Oryx: 37,000 observations)
    for items in by_event.values():
        for i, ev, obs, s in items:
            if i not in used:
                key = key_of.get(obs.equipment)
                if key is None:
                    key = key_of[obs.equipment] = key_node(catalog, obs.equipment, level)
                unclaimed[(ev.event, key, s)].append((ev, obs))
    for (event, node, status), seen_here in unclaimed.items():
        confirmed = confirmed_count((ev.id, obs) for ev, obs in seen_here)
        seen = list({ev.id: ev for ev, _ in seen_here}.values())
        rows.append(_compare_row(dataset, event, node, status, None, None, confirmed, seen,
                                 evidence_date=latest(e.published for e in seen),
                                 max_gap=max_gap))
    order = _catalog_order(catalog)
    rows.sort(key=lambda r: (r.event, order.get(r.equipment, 0), r.status, r.claimant is None,
                             r.claimant or ""))
    # Credibility is the whole claim's: suggest 1 only where every row of the claim is
    # confirmed by independent evidence, not where one item of thirteen is.
    rows_of_claim: dict[str, list[CompareRow]] = defaultdict(list)
    for r in rows:
        for cid in r.claims:
            rows_of_claim[cid].append(r)
    suggestions = tuple((cid, claim_rows[0].claimant) for cid, claim_rows in rows_of_claim.items()
                        if all(r.suggested_credibility for r in claim_rows))
    suggested = {cid for cid, _ in suggestions}
    rows = [r if not r.suggested_credibility or all(c in suggested for c in r.claims)
            else dataclasses.replace(r, suggested_credibility=None) for r in rows]
    return Comparison(rows, level, filters, suggestions, max_gap)


def speaks_to(catalog: Catalog, record: Evidence, node: str) -> bool:
    """Whether a piece of evidence can say how many of `node` there are: it is within the
    evidence's scope (if it has one) and not among what it lacks."""
    chain = catalog.ancestors(node)
    if record.scope and not any(s in chain for s in record.scope):
        return False
    return not any(lack.equipment in chain for lack in record.lacks)


def _lacking(catalog: Catalog, nodes: Iterable[str], records: Iterable[Evidence]) -> tuple[str, ...]:
    """The nodes no record can speak to (or all of them, where there is no evidence): no data."""
    records = list(records)
    return tuple(n for n in nodes if not any(speaks_to(catalog, r, n) for r in records))


def _later(candidates, status: Status, item_history) -> tuple[tuple[Status, Confirmed], ...]:
    """Of what confirms a claim of `status`, what was later seen in another status, by that status:
    tanks `destroyed` that were `previously` captured, an item seen captured and, in later
    evidence, destroyed ("14 captured, later destroyed"). Nothing for a claim of `lost`."""
    if status is Status.lost:
        return ()
    by_status: dict[Status, list] = defaultdict(list)
    for _, ev, obs, s in candidates:
        if status_confirms(s, status):
            if obs.item is not None:
                after = [st for day, st in item_history(obs.item)
                         if day > ev.published.first_day and st != status]
                if after:
                    by_status[after[-1]].append((ev.id, obs))
        elif obs.previously and confirms_through(obs, s, status):
            by_status[s].append((ev.id, obs))
    return tuple((s, confirmed_count(seen)) for s, seen in sorted(by_status.items()))


def _seen_otherwise(candidates, status: Status) -> tuple[tuple[Status, Confirmed], ...]:
    """What the evidence shows of a key under statuses that do not confirm `status`."""
    by_status: dict[Status, list] = defaultdict(list)
    for _, ev, obs, s in candidates:
        if not status_confirms(s, status) and not (obs.previously and confirms_through(obs, s, status)):
            by_status[s].append((ev.id, obs))
    return tuple((s, confirmed_count(seen)) for s, seen in sorted(by_status.items()))


def _compare_row(dataset: Dataset, event: str, node: str, status: Status, claimant: str | None,
                 claimed: Claimed | None, confirmed: Confirmed | None, seen: list[Evidence], *,
                 broad: Confirmed | None = None, doubt: tuple[str, ...] = (), lacking: tuple[str, ...] = (),
                 otherwise: tuple = (), evidence_date: PartialDate | None = None,
                 max_gap: int = 7) -> CompareRow:
    sources = dataset.sources
    bounds = claimed.bounds if claimed else None
    evidence_grade = min((grade(sources[e.publisher], e.credibility) for e in seen), default=None)
    independent = None  # nothing confirms, or nothing was claimed: nothing to be independent of
    if claimed is not None and confirmed is not None and confirmed.low:
        independent = any(is_independent(e, claimed.claim, sources) for e in seen)
    outcome = verdict(bounds, confirmed)
    suggest = (claimed is not None and independent and outcome.confirming
               and claimed.claim.credibility != 1)
    name, what = _node_words(dataset.catalog, node)
    claim_grade: Grade | None = grade(sources[claimant], claimed.claim.credibility) if claimed else None
    claim_date = claimed.claim.published if claimed else None
    apart = days_apart(claim_date, evidence_date) if claim_date and evidence_date else None
    return CompareRow(
        event=event, equipment=node, equipment_name=name, summed=what, status=status, claimant=claimant,
        claimed=bounds, claim_grade=claim_grade, confirmed=confirmed, evidence_grade=evidence_grade,
        independent=independent, ratio=ratio(bounds, confirmed), verdict=outcome,
        claims=tuple(claimed.claims) if claimed else (), evidence=tuple(sorted(e.id for e in seen)),
        suggested_credibility=1 if suggest else None,
        in_doubt=doubt, confirmed_broad=broad,
        ratio_broad=ratio(bounds, broad) if broad is not None else None,
        lacking=lacking, seen_otherwise=otherwise, claim_date=claim_date, evidence_date=evidence_date,
        days_apart=apart, dates_flagged=apart is not None and apart > max_gap)


@functools.lru_cache(maxsize=4096)
def _node_words(catalog: Catalog, node: str) -> tuple[str, tuple[str, ...]]:
    """A node's name, and what a row of it sums (asked once per node, not once per row)."""
    return catalog.nodes[node].name, summed(catalog, node)


def mappings(tree: Catalog) -> MappingList:
    """Every claimant's category that stands for other nodes: what it covers, what it may also
    cover, why, and whether the reading is built in or the dataset's own."""
    rows = []
    for _, node_id in tree.walk():
        if tree.is_covering(node_id) or node_id in tree.mapped_at:
            node = tree.nodes[node_id]
            rows.append(MappingRow(node=node_id, name=node.name, covers=tuple(node.covers),
                                   in_doubt=tuple(node.in_doubt), note=node.note,
                                   where=tree.mapped_at.get(node_id, "the node's own `covers`")))
    return MappingList(rows)


def catalog(tree: Catalog, search: str | None = None) -> CatalogListing:
    """The equipment tree with aliases; with `search`, the nodes whose words contain it."""
    wanted = normalise_words(search) if search else None
    rows = []
    for depth, node_id in tree.walk():
        node = tree.nodes[node_id]
        if wanted and not any(wanted in normalise_words(w) for w in (node.id, node.name, *node.aliases)):
            continue
        rows.append(CatalogRow(id=node_id, name=node.name, parent=node.parent, category=tree.root_of(node_id),
                               depth=depth, caliber_mm=node.caliber_mm, covers=tuple(node.covers),
                               aliases=tuple(node.aliases), in_doubt=tuple(node.in_doubt)))
    if wanted:  # an exact alias first: "Kalashnikov" is the assault rifle before the AK-74
        exact = tree.lookup(search)
        rows.sort(key=lambda r: r.id != exact)
    return CatalogListing(rows, search)
