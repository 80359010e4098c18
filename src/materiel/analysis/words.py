"""The analysis' fixed words: levels, groupings and verdicts.

Kept apart from the rows (which need the models, and so pydantic) so that the command line can
offer them as choices and still start quickly.
"""

from __future__ import annotations

import enum


class Level(enum.StrEnum):
    """How far items roll up before they are counted."""

    category = "category"  # every item under its category (or the nearest covering node)
    type = "type"  # the node as written


class SummaryBy(enum.StrEnum):
    """What `summary` groups by."""

    category = "category"
    type = "type"
    claimant = "claimant"
    event = "event"
    status = "status"
    unit = "unit"  # the claim items' unit (a `units` id, or the source's own name for it)
    tag = "tag"  # each tag of the claim items: an item with two tags is in both rows


class Every(enum.StrEnum):
    """How often a timeline takes stock (`timeline --every`)."""

    day = "day"  # every day some record of the timeline is dated
    week = "week"  # the last day (Sunday) of each ISO week
    month = "month"  # the last day of each month
    year = "year"  # the last day of each year


class Verdict(enum.StrEnum):
    """What the evidence says of a claimed quantity (docs/rules.md, "Verdicts")."""

    confirmed = "confirmed"
    present = "present"
    partly_confirmed = "partly confirmed"
    unconfirmed = "unconfirmed"
    exceeds_claim = "exceeds claim"
    not_claimed = "not claimed"
    no_data = "no data"

    @property
    def confirming(self) -> bool:
        """Whether the verdict holds the claim up (what `compare --strict` asks of claimed rows)."""
        return self in (Verdict.confirmed, Verdict.present, Verdict.exceeds_claim)
