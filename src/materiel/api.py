"""The Python API, for notebooks and scripts: load a dataset, ask it questions, get typed rows.

    import materiel
    dataset = materiel.load(["data/claims.yaml"])
    comparison = dataset.compare(level="category", event="palmyra-2016-12")
    frame = pandas.DataFrame(materiel.records(comparison))

Filters are keyword arguments named as the command line's options (event, claimant, equipment,
status, since, until, as_of, min_reliability, min_credibility, unit, tag, near with km), each one
value or several; they are
checked against the dataset (an unknown id raises FilterError naming the nearest one).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path

from .analysis import queries
from .analysis.filters import Filters
from .analysis.rows import (
    CatalogListing,
    ClaimList,
    Comparison,
    EvidenceList,
    ItemList,
    MappingList,
    Result,
    Summary,
    Timeline,
)
from .dataset import build
from .dataset import builtin_catalog as _builtin_catalog
from .errors import ProblemsFound
from .format.problems import Problem
from .output.report import html_report
from .output.tables import records as _records
from .writing.draft import Draft, draft_items

Paths = Iterable[Path | str] | Path | str | None


def _paths(paths: Paths) -> list[Path | str] | None:
    if paths is None:
        return None
    return [paths] if isinstance(paths, (str, Path)) else list(paths)


class Dataset:
    """A validated dataset, with the questions materiel answers as methods.

    `validated` is the dataset as validated (its `claims` and `evidence` are the record models);
    `sources`, `events`, `catalog`, `files`, `counts()` and `summary_line()` are read from it.
    """

    def __init__(self, validated: build.Dataset):
        self.validated = validated

    def __getattr__(self, name: str):
        if name in ("sources", "events", "equipment", "catalog", "files", "counts", "summary_line"):
            return getattr(self.validated, name)
        raise AttributeError(f"'Dataset' object has no attribute {name!r}")

    def __repr__(self) -> str:
        return f"<materiel.Dataset {self.validated.summary_line().removeprefix('OK: ')}>"

    def filters(self, **filters) -> Filters:
        """Filters from keyword arguments, checked against this dataset."""
        return Filters.build(self.validated, **filters)

    def claims(self, **filters) -> ClaimList:
        """One row per claim item (`materiel claims`)."""
        return queries.claims(self.validated, self.filters(**filters))

    def evidence(self, **filters) -> EvidenceList:
        """One row per observation (`materiel evidence`)."""
        return queries.evidence(self.validated, self.filters(**filters))

    def items(self, **filters) -> ItemList:
        """Each physical item with its history: every sighting in date order (`materiel items`)."""
        return queries.items(self.validated, self.filters(**filters))

    def summary(self, by: str = "category", **filters) -> Summary:
        """Claimed totals per claimant, grouped by category, type, claimant, event or status."""
        return queries.summary(self.validated, by, self.filters(**filters))

    def compare(self, level: str = "category", max_gap: int = 7, **filters) -> Comparison:
        """Claimed against confirmed, with verdicts (`materiel compare`); level category or type;
        rows whose claim and evidence lie more than `max_gap` days apart are flagged."""
        return queries.compare(self.validated, level, self.filters(**filters), max_gap)

    def timeline(self, every: str = "month", start: str | None = None, end: str | None = None,
                 level: str = "category", max_gap: int = 7, **filters) -> Timeline:
        """Claimed against confirmed at each date (`materiel timeline`): `every` day, week, month or
        year from `start` to `end` (YYYY, YYYY-MM or YYYY-MM-DD; default the data's first and last
        dates); a side's figure more than `max_gap` days older than a date is not counted there."""
        from .analysis.timeline import timeline

        return timeline(self.validated, level, self.filters(**filters), every, start, end, max_gap)

    def report(self, level: str = "category", date: datetime.date | None = None, max_gap: int = 7,
               **filters) -> str:
        """The self-contained HTML report (`materiel report`), as text."""
        return html_report(self.validated, level, self.filters(**filters), date, max_gap)


def load(paths: Paths = None) -> Dataset:
    """Read, validate and merge the dataset at `paths` (files or folders; default as the command
    line's). Raises ProblemsFound, whose `.problems` say what is wrong and where."""
    return Dataset(build.load_dataset(_paths(paths)))


def _validated(dataset: Dataset | build.Dataset) -> build.Dataset:
    return dataset.validated if isinstance(dataset, Dataset) else dataset


def check(paths: Paths = None) -> list[Problem]:
    """Every problem of the dataset at `paths`, sorted (empty when it is fine)."""
    try:
        build.load_dataset(_paths(paths))
    except ProblemsFound as found:
        return found.problems
    return []


def records(result: Result) -> list[dict]:
    """A result's rows as plain dicts with the CSV's columns, typed, lists kept as lists
    (for `pandas.DataFrame`)."""
    return _records(result)


def catalog(search: str | None = None, dataset: Dataset | None = None) -> CatalogListing:
    """The equipment tree (the dataset's, else the built-in one), or the nodes matching `search`."""
    return queries.catalog(dataset.catalog if dataset is not None else _builtin_catalog(), search)


def mappings(dataset: Dataset | None = None) -> MappingList:
    """What each claimant's category stands for (the dataset's reading, else the built-in one)."""
    return queries.mappings(dataset.catalog if dataset is not None else _builtin_catalog())


def draft(quote: str, dataset: Dataset | None = None) -> Draft:
    """A claim's words read into items (`materiel draft`), with the dataset's catalog if given."""
    return draft_items(quote, dataset.catalog if dataset is not None else _builtin_catalog())


def report(dataset: Dataset, level: str = "category", date: datetime.date | None = None, max_gap: int = 7,
           **filters) -> str:
    """The self-contained HTML report of a dataset, as text."""
    validated = _validated(dataset)
    return html_report(validated, level, Filters.build(validated, **filters), date, max_gap)
