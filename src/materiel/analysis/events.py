"""`events`: the dataset's events, one row each, with where they happened."""

from __future__ import annotations

from ..dataset import Dataset
from .filters import Filters
from .rows import EventList, EventRow


def events(dataset: Dataset, filters: Filters | None = None) -> EventList:
    """One row per event in date order: id, title, date, place, country, coordinates, who gained
    and who lost. Within --event and the dates (--since, --until, --as-of on the event's date);
    the other filters choose claims and evidence, not events."""
    if filters is None:
        filters = Filters()
    elif filters != Filters():
        filters = filters.resolved(dataset)
    chosen = [e for e in dataset.events.values()
              if (not filters.events or e.id in filters.events) and filters.dated(e.date)]
    chosen.sort(key=lambda e: (e.date.first_day, e.id))
    rows = [EventRow(id=e.id, title=e.title, date=e.date, place=e.place, country=e.country,
                     location=e.location, gained_by=e.gained_by, lost_by=e.lost_by)
            for e in chosen]
    return EventList(rows, filters)
