"""`materiel events`: the dataset's events, one row each (a thin command over analysis/events.py),
as a table, an export or, where they have coordinates, GeoJSON."""

from __future__ import annotations

from .options import (
    FILTER_OPTIONS,
    DataOption,
    FiltersOption,
    FormatOption,
    OutputOption,
    TableFormat,
    filtered,
)
from .tables import emit, load

# An event is chosen by its id and its date; the other filters choose claims and evidence.
EVENT_FILTER_OPTIONS = {name: FILTER_OPTIONS[name] for name in ("event", "since", "until")}


def _coordinate(value: float | None) -> str:
    # On screen and in Markdown as written (cell_text would cut a float to 2 decimals, a kilometre).
    return "" if value is None else f"{value:.7f}".rstrip("0").rstrip(".")


def _layout() -> None:
    """The events listing's columns, title and notes among the other results' (output/tables.py)."""
    from ..analysis.rows import EventList
    from ..output import tables

    if EventList in tables._LAYOUTS:
        return
    Column = tables.Column

    def columns(result):
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

    tables._LAYOUTS[EventList] = (columns, lambda r: "Events", lambda r: [])


@filtered(options=EVENT_FILTER_OPTIONS)
def events(
    data: DataOption = None,
    filters: FiltersOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """List the events: id, title, date, place, country, coordinates, who gained and who lost.

    \b
    Example, the events with a place as GeoJSON, for QGIS or geojson.io:
      materiel events --format geojson -o events.geojson
    """
    from ..analysis.events import events as list_events

    dataset, filters = load(data, filters)
    _layout()
    emit(list_events(dataset, filters), output_format, output, dataset)
