"""The format's fixed words: grades, kinds and statuses.

Kept apart from the models so that the command line can offer them as choices without
importing pydantic (which would slow `materiel --help`).
"""

from __future__ import annotations

import enum


class Reliability(enum.StrEnum):
    """Admiralty source reliability."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


RELIABILITY_MEANING = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
}
CREDIBILITY_MEANING = {
    1: "confirmed by other sources", 2: "probably true", 3: "possibly true", 4: "doubtful",
    5: "improbable", 6: "truth cannot be judged",
}


class SourceKind(enum.StrEnum):
    """What kind of source someone is."""

    belligerent_official = "belligerent-official"
    belligerent_media = "belligerent-media"
    government = "government"
    news_media = "news-media"
    investigative = "investigative"
    analyst = "analyst"
    osint_compiler = "osint-compiler"
    ngo = "ngo"
    other = "other"


class Status(enum.StrEnum):
    """What happened to an item; `lost` is any of the other four."""

    captured = "captured"
    destroyed = "destroyed"
    damaged = "damaged"
    abandoned = "abandoned"
    lost = "lost"


class EvidenceKind(enum.StrEnum):
    """What a piece of evidence is."""

    video = "video"
    photo = "photo"
    satellite = "satellite"
    document = "document"
    dataset = "dataset"
    report = "report"
