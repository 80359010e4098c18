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
    emit(list_events(dataset, filters), output_format, output, dataset)
