"""The rules behind every number (docs/rules.md), as small pure functions."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable

from ..format.catalog import Catalog
from ..format.models import Claim, Evidence, Observation, PartialDate, Source
from ..format.quantities import Bounds
from ..format.vocabulary import Status
from .rows import Confirmed, Grade, Level, Verdict


def grade(source: Source, credibility: int) -> Grade:
    """The Admiralty grade: the source's reliability and the information's credibility, `E4`."""
    return _grade(source.reliability, credibility)


@functools.lru_cache(maxsize=64)
def _grade(reliability, credibility: int) -> Grade:
    return Grade(reliability, credibility)


def key_node(catalog: Catalog, node_id: str, level: Level) -> str:
    """The node an item is counted under: its category (root, or the nearest covering node),
    or the node as written."""
    return catalog.category_of(node_id) if level == Level.category else node_id


def keys_counting(catalog: Catalog, node_id: str, level: Level, covering: Iterable[str] | None = None
                  ) -> set[str]:
    """Every key an observation of `node_id` counts for: a child counts for its ancestors, a
    parent never for a child; a covering key counts whatever lies under a node it covers,
    certainly or in doubt (counts_certainly tells which).

    `covering`, the catalog's covering nodes, may be passed in when asked for many nodes.
    """
    if covering is None:
        covering = [n for n in catalog.nodes if catalog.is_covering(n)]
    chain = catalog.ancestors(node_id)
    keys = {key_node(catalog, node_id, level)} if level == Level.category else set(chain)
    keys.update(c for c in covering
                if any(n in chain for n in (*catalog.covered(c), *catalog.in_doubt(c))))
    return keys


def counts_certainly(catalog: Catalog, node_id: str, key: str) -> bool:
    """Whether an observation of `node_id` that counts for `key` counts under its narrow reading:
    not only through a node the key covers in doubt."""
    chain = catalog.ancestors(node_id)
    return key in chain or any(n in chain for n in catalog.covered(key))


def summed(catalog: Catalog, key: str) -> tuple[str, ...]:
    """What a row's confirmed count sums: the nodes a covering key covers, else the key itself."""
    if catalog.is_covering(key):
        return tuple(catalog.covered(key))
    return (key,)


def status_confirms(evidence_status: Status, claim_status: Status) -> bool:
    """Evidence of a status confirms a claim of that status or of `lost`; `lost` takes any status."""
    return claim_status == Status.lost or evidence_status == claim_status


def confirms_through(obs: Observation, evidence_status: Status, claim_status: Status) -> Status | None:
    """The earlier status through which an observation confirms a claim its own status does not:
    tanks `destroyed`, `previously: [captured]`, confirm a claim of `captured` (items have lives);
    None where it does not (or where its own status already does)."""
    if status_confirms(evidence_status, claim_status):
        return None
    return next((p for p in obs.previously if status_confirms(p, claim_status)), None)


def confirmed_count(observations: Iterable[tuple[str, Observation]]) -> Confirmed:
    """Conservative count of distinct items seen: max(I, U), and at least 1 where anything was seen.

    I: distinct identifiers over all observations (identified items are certainly distinct).
    U: the largest, over evidence records, of what one record shows: the sum of its numbered
    observations, each `max(count low, its identifiers)` (two videos of "tanks" may show the
    same tanks, so records never add). An `unspecified` observation is presence, not items: it
    makes the key seen and the figure open-ended (`1+`), and adds nothing.
    """
    identifiers: set[str] = set()
    per_record: dict[str, int] = defaultdict(int)
    present = open_ended = False
    items: dict[str, str] = {}  # an item's identifier -> the item: one physical item is one
    for evidence_id, obs in observations:
        named = {" ".join(i.split()).casefold() for i in obs.identifiers}
        if obs.item is not None:
            key = f"\0item {obs.item}"
            for n in named:
                items.setdefault(n, key)
            named = {key}
        identifiers.update(named)
        count = obs.count
        if count.unspecified:
            present = open_ended = True
            continue
        per_record[evidence_id] += max(count.low, len(named))
        if count.high is None:  # `at least 5`: five seen, maybe more
            open_ended = True
    if items:  # an identifier written elsewhere on an item's own observation is that item
        identifiers = {items.get(n, n) for n in identifiers}
    largest = max(len(identifiers), max(per_record.values(), default=0))
    if present and not largest:  # seen, with no number: at least one, and no ratio from it
        return Confirmed(1, open=True, numbered=False)
    return Confirmed(largest, open=open_ended, numbered=True)


def verdict(claimed: Bounds | None, confirmed: Confirmed | None) -> Verdict:
    """What the evidence says of a claimed quantity (claimed None: nothing was claimed; confirmed
    None: no evidence speaks to it)."""
    if claimed is None:
        return Verdict.not_claimed
    if confirmed is None:
        return Verdict.no_data
    if claimed.only_unspecified:
        return Verdict.present if confirmed.low >= 1 else Verdict.unconfirmed
    if confirmed.low == 0:
        return Verdict.unconfirmed
    if claimed.high is not None and confirmed.low > claimed.high:
        return Verdict.exceeds_claim
    return Verdict.confirmed if confirmed.low >= claimed.low else Verdict.partly_confirmed


def ratio(claimed: Bounds | None, confirmed: Confirmed | None) -> float | None:
    """confirmed / claimed low, two decimals, where a number was claimed and the confirmed figure
    holds a number (presence alone gives none)."""
    if claimed is None or claimed.only_unspecified or claimed.low == 0:
        return None
    if confirmed is None or not confirmed.numbered:
        return None
    return round(confirmed.low / claimed.low, 2)


def latest(dates: Iterable[PartialDate]) -> PartialDate | None:
    """The latest of some dates (by the first day each can mean), or None for none."""
    return max(dates, key=lambda d: d.first_day, default=None)


def earliest(dates: Iterable[PartialDate]) -> PartialDate | None:
    """The earliest of some dates (by the first day each can mean), or None for none."""
    return min(dates, key=lambda d: d.first_day, default=None)


@functools.lru_cache(maxsize=4096)
def days_apart(first: PartialDate, second: PartialDate) -> int:
    """The fewest days between two dates known to the day, month or year (0 if they may meet)."""
    a_first, a_last = datetime.date(*first.first_day), datetime.date(*first.last_day)
    b_first, b_last = datetime.date(*second.first_day), datetime.date(*second.last_day)
    if a_last < b_first:
        return (b_first - a_last).days
    if b_last < a_first:
        return (a_first - b_last).days
    return 0


def is_independent(evidence: Evidence, claim: Claim, sources: dict[str, Source]) -> bool:
    """Whether evidence confirms a claim independently: its publisher is neither the claimant
    nor a relay, nor of the claimant's own affiliation (IS footage does not confirm Amaq)."""
    if evidence.publisher == claim.claimant or evidence.publisher in claim.via:
        return False
    mine, theirs = sources[evidence.publisher].affiliation, sources[claim.claimant].affiliation
    return not (mine and theirs and mine.casefold() == theirs.casefold())
