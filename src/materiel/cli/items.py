"""`materiel items`: each physical item the evidence names, with its history (a thin command over
queries.items), as a table or an export; JSON keeps every sighting."""

from __future__ import annotations

from .options import DataOption, FiltersOption, FormatOption, OutputOption, TableFormat, filtered
from .tables import emit, load


@filtered
def items(
    data: DataOption = None,
    filters: FiltersOption = None,
    output_format: FormatOption = TableFormat.table,
    output: OutputOption = None,
) -> None:
    """List each physical item (an observation's `item`): statuses in order, first and last seen,
    evidence, last place, units, tags, identifiers; --format json keeps its whole history.

    An item is listed where any sighting is within the filters (--claimant: the publisher), with
    every sighting.
    """
    from ..analysis import queries

    dataset, filters = load(data, filters)
    emit(queries.items(dataset, filters), output_format, output, dataset)
