"""materiel: claims of seized and lost military equipment, checked against the evidence.

The public face (`materiel.load`, `.check`, `.records`, ...) is imported when first used
(PEP 562), so that `materiel --help` does not pay for pydantic.
"""

__version__ = "0.1.0"

_PUBLIC = {
    "load": "api", "check": "api", "records": "api", "catalog": "api", "mappings": "api", "draft": "api",
    "report": "api",
    "Dataset": "api",
    "Filters": "analysis.filters",
    "Level": "analysis.words", "SummaryBy": "analysis.words", "Verdict": "analysis.words",
    "Grade": "analysis.rows", "ClaimRow": "analysis.rows", "EvidenceRow": "analysis.rows",
    "SummaryRow": "analysis.rows", "CompareRow": "analysis.rows", "CatalogRow": "analysis.rows",
    "Comparison": "analysis.rows", "Summary": "analysis.rows", "ClaimList": "analysis.rows",
    "EvidenceList": "analysis.rows", "CatalogListing": "analysis.rows", "MappingList": "analysis.rows",
    "MappingRow": "analysis.rows", "Confirmed": "analysis.rows", "Timeline": "analysis.rows",
    "TimelineRow": "analysis.rows", "Every": "analysis.words", "ItemRow": "analysis.rows",
    "ItemList": "analysis.rows", "Sighting": "analysis.rows",
    "Problem": "format.problems", "Quantity": "format.quantities", "Bounds": "format.quantities",
    "PartialDate": "format.models", "Status": "format.vocabulary",
    "MaterielError": "errors", "ProblemsFound": "errors", "UsageError": "errors", "FilterError": "errors",
    "OutputError": "errors", "CannotAdd": "errors", "ImportFailed": "errors", "CrosswalkError": "errors",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'materiel' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
