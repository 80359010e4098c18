"""GeoJSON (RFC 7946) of the results that have places: evidence (a Feature per observation), items
(a Feature per physical item, where it was last seen) and events (a Feature per event).

Each Feature is a Point, `[lon, lat]` in that order (RFC 7946 3.1.1), numbers as numbers cut
to 7 decimals (about a centimetre); its properties are the row's data as JSON values: text
from the data stays a string whatever it holds, so QGIS and geojson.io show it, never run it.
A record without a location has no Feature; `GeoJSON.note()` says how many were left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..analysis.rows import EventList, EventRow, EvidenceList, EvidenceRow, ItemList, ItemRow
from ..format.quantities import Bounds

# The results GeoJSON is made for, and what one record of each is called in the stderr note.
NOUNS = {EvidenceList: "observations", ItemList: "items", EventList: "events"}


@dataclass(frozen=True)
class GeoJSON:
    """A FeatureCollection's text, and how many of the result's records it holds."""

    text: str
    kept: int
    total: int
    noun: str  # observations, items, events

    @property
    def left_out(self) -> int:
        """The records without a location, which have no Feature."""
        return self.total - self.kept

    def note(self) -> str | None:
        """`12 of 40 observations have no location; left out of the GeoJSON`, or None if none were."""
        if not self.left_out:
            return None
        verb = "has" if self.left_out == 1 else "have"
        return f"{self.left_out:,} of {self.total:,} {self.noun} {verb} no location; left out of the GeoJSON"


def supports(result: object) -> bool:
    """Whether a result has places to map."""
    return type(result) in NOUNS


def _coordinate(value: float) -> float:
    # At most 7 decimals (RFC 7946 11.2: more is noise); `+ 0.0` turns -0.0 into 0.0.
    return round(float(value), 7) + 0.0


def _point(location) -> dict:
    return {"type": "Point", "coordinates": [_coordinate(location.lon), _coordinate(location.lat)]}


def _feature(location, properties: dict, feature_id: str | None = None) -> dict:
    feature: dict = {"type": "Feature"}
    if feature_id is not None:
        feature["id"] = feature_id
    feature["geometry"] = _point(location)
    feature["properties"] = properties
    return feature


def _precision(location) -> float | None:
    return None if location.precision_m is None else float(location.precision_m)


def evidence_properties(row: EvidenceRow) -> dict:
    """An observation's properties: the evidence listing's data, and the place."""
    bounds = Bounds.of(row.count)
    location = row.location
    return {
        "event": row.event,
        "evidence": row.evidence,
        "kind": row.kind.value,
        "publisher": row.publisher,
        "published": str(row.published),
        "equipment": row.equipment,
        "count": row.count.display(),
        "count_low": bounds.stated_low,
        "count_high": bounds.high,
        "status": row.status.value,
        # unit, tags and item come with the evidence listing's own columns (issue 16)
        "unit": row.unit,
        "tags": list(row.tags),
        "item": row.item,
        "place": None if location is None else location.place,
        "precision_m": None if location is None else _precision(location),
        "grade": str(row.grade),
        "verification": list(row.verification),
        "identifiers": list(row.identifiers),
        "as_written": row.as_written,
    }


def _sighting_place(sighting) -> dict:
    location = sighting.location
    return {"coordinates": [_coordinate(location.lon), _coordinate(location.lat)], "place": location.place,
            "precision_m": _precision(location), "date": str(sighting.date), "status": sighting.status.value,
            "evidence": sighting.evidence}


def item_properties(row: ItemRow) -> dict:
    """An item's properties: what it is, its statuses and dates, and the other places it was seen."""
    located = [s for s in row.history if s.location is not None]
    last = located[-1] if located else None
    statuses = [s.value for s in row.statuses]
    return {
        "item": row.item,
        "equipment": row.equipment,
        "equipment_name": row.equipment_name,
        "status": statuses[-1] if statuses else None,
        "statuses": statuses,
        "first_seen": str(row.first_seen),
        "last_seen": str(row.last_seen),
        "place": None if last is None else last.location.place,
        "precision_m": None if last is None else _precision(last.location),
        "seen_here": None if last is None else str(last.date),
        "events": list(row.events),
        "evidence": list(dict.fromkeys(s.evidence for s in row.history)),
        "identifiers": list(row.identifiers),
        "units": list(row.units),
        "tags": list(row.tags),
        # Earlier sightings' places, oldest first: the Point is the latest.
        "places": [_sighting_place(s) for s in located[:-1]],
    }


def event_properties(row: EventRow) -> dict:
    """An event's properties: the events listing's columns."""
    return {
        "event": row.id,
        "title": row.title,
        "date": str(row.date),
        "place": row.place,
        "country": row.country,
        "gained_by": row.gained_by,
        "lost_by": row.lost_by,
        "precision_m": None if row.location is None else _precision(row.location),
    }


# Each result's Feature: its properties, and the row attribute that is the Feature's id (an
# observation has none of its own).
_FEATURES = {EvidenceList: (evidence_properties, None), ItemList: (item_properties, "item"),
             EventList: (event_properties, "id")}


def features(result) -> list[dict]:
    """The Features of a result's records that have a location, in the result's order."""
    try:
        properties, key = _FEATURES[type(result)]
    except KeyError:
        raise TypeError(f"no GeoJSON for {type(result).__name__}") from None
    return [_feature(r.location, properties(r), None if key is None else getattr(r, key))
            for r in result.rows if r.location is not None]


# Characters JSON may carry raw but a terminal or an editor may act on: C0 and C1 controls, bidi
# overrides, zero-width and other format characters, line separators, surrogates. An escape
# (`\u202e`) reads back as the same string, so the data is kept exactly.
_NOT_ASCII = re.compile(r"[^\x20-\x7e\n]")


def _escape(match: re.Match) -> str:
    c = match.group()
    if c.isprintable():
        return c
    code = ord(c)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def to_geojson(result) -> GeoJSON:
    """A FeatureCollection of a result's located records, one Feature a line (UTF-8 text)."""
    made = features(result)
    lines = [json.dumps(f, ensure_ascii=False, allow_nan=False) for f in made]
    body = "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"
    text = _NOT_ASCII.sub(_escape, '{"type": "FeatureCollection", "features": ' + body + "}\n")
    return GeoJSON(text, len(made), len(result.rows), NOUNS[type(result)])
