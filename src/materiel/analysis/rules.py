"""The rules behind every number (docs/rules.md), as small pure functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..format.catalog import Catalog
from ..format.models import Claim, Evidence, Observation, Source
from ..format.quantities import Bounds
from ..format.vocabulary import Status
from .rows import Grade, Level, Verdict


def grade(source: Source, credibility: int) -> Grade:
    """The Admiralty grade: the source's reliability and the information's credibility, `E4`."""
    return Grade(source.reliability, credibility)


def key_node(catalog: Catalog, node_id: str, level: Level) -> str:
    """The node an item is counted under: its category (root, or the nearest covering node),
    or the node as written."""
    return catalog.category_of(node_id) if level == Level.category else node_id


def keys_counting(catalog: Catalog, node_id: str, level: Level, covering: Iterable[str] | None = None
                  ) -> set[str]:
    """Every key an observation of `node_id` counts for: a child counts for its ancestors, a
    parent never for a child; a covering key counts whatever lies under a node it covers.

    `covering`, the catalog's covering nodes, may be passed in when asked for many nodes.
    """
    if covering is None:
        covering = [n for n, node in catalog.nodes.items() if node.covers]
    chain = catalog.ancestors(node_id)
    keys = {key_node(catalog, node_id, level)} if level == Level.category else set(chain)
    keys.update(c for c in covering if any(n in chain for n in catalog.covered(c)))
    return keys


def summed(catalog: Catalog, key: str) -> tuple[str, ...]:
    """What a row's confirmed count sums: the nodes a covering key covers, else the key itself."""
    return tuple(catalog.covered(key)) or (key,)


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


def verdict(claimed: Bounds | None, confirmed: int) -> Verdict:
    """What the evidence says of a claimed quantity (None: nothing was claimed)."""
    if claimed is None:
        return Verdict.not_claimed
    if claimed.only_unspecified:
        return Verdict.present if confirmed >= 1 else Verdict.unconfirmed
    if confirmed == 0:
        return Verdict.unconfirmed
    if claimed.high is not None and confirmed > claimed.high:
        return Verdict.exceeds_claim
    return Verdict.confirmed if confirmed >= claimed.low else Verdict.partly_confirmed


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
