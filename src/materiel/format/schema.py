"""The JSON Schema of the data format, generated from the models, for editors and other tools."""

from __future__ import annotations

import json

from pydantic import Field

from .models import CategoryMapping, Claim, EquipmentNode, Event, Evidence, Series, Source, Strict, Unit

MODELINE = "# yaml-language-server: $schema=../schema/materiel.schema.json"


class DatasetFile(Strict):
    """A materiel dataset file: any of these lists of records."""

    sources: list[Source] | None = Field(None, description="Who says or shows something.")
    units: list[Unit] | None = Field(None, description="Military units that equipment belonged to.")
    events: list[Event] | None = Field(None, description="Seizures, battles or loss episodes.")
    equipment: list[EquipmentNode] | None = Field(
        None, description="Additions to the built-in equipment catalog.")
    claims: list[Claim] | None = Field(None, description="What someone asserts was seized or lost.")
    evidence: list[Evidence] | None = Field(None, description="What can be seen: video, photos, ...")
    mappings: list[CategoryMapping] | None = Field(
        None, description="What a claimant's categories stand for in the catalog (replacing the built-in "
                          "reading).")
    series: list[Series] | None = Field(
        None, description="Running totals on many dates, one row per date: the compact form of one "
                          "cumulative claim or evidence record per date.")


def json_schema() -> dict:
    """The schema as a mapping (draft 2020-12)."""
    schema = DatasetFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema,
            "title": "materiel dataset file (format version 1)"}


def schema_text() -> str:
    """The schema as the JSON text committed in schema/materiel.schema.json."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
