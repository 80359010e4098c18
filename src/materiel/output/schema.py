"""The JSON Schema of the data format, generated from the models, for editors and other tools."""

from __future__ import annotations

import json

from pydantic import Field

from ..format.models import (
    EQUIPMENT_ID_MARK,
    RELIABILITY_MEANING,
    SLUG_PATTERN,
    CategoryMapping,
    Claim,
    EquipmentNode,
    Event,
    Evidence,
    Series,
    Source,
    Strict,
    Unit,
)

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


# What the fixed words mean, shown by editors beside each completion (yaml-language-server reads
# `enumDescriptions` and `markdownEnumDescriptions`, as VS Code's JSON support does).
ENUM_MEANINGS = {
    "Status": {
        "captured": "taken by the other side", "destroyed": "destroyed",
        "damaged": "damaged, not destroyed", "abandoned": "left behind intact",
        "lost": "any of the four, for sources that do not say which"},
    "SourceKind": {
        "belligerent-official": "a party's own official channel",
        "belligerent-media": "a party's media outlet (e.g. Amaq)",
        "government": "a government not fighting", "news-media": "news organisations",
        "investigative": "open-source investigators (e.g. Bellingcat)",
        "analyst": "an analyst or researcher", "osint-compiler": "a compiler of lists (e.g. Oryx)",
        "ngo": "a non-governmental organisation", "other": "anything else"},
    "EvidenceKind": {
        "video": "a video", "photo": "one or more photos", "satellite": "satellite imagery",
        "document": "a document", "dataset": "a dataset (a compiler's table)",
        "report": "a written report"},
    "Reliability": RELIABILITY_MEANING,
}

# A skeleton per record kind, offered by yaml-language-server when a list item is started.
SNIPPETS = {
    "Source": {"id": "$1", "name": "$2", "kind": "${3|belligerent-official,belligerent-media,"
               "government,news-media,investigative,analyst,osint-compiler,ngo,other|}"},
    "Unit": {"id": "$1", "name": "$2"},
    "Event": {"id": "$1", "title": "$2", "date": "$3", "place": "$4"},
    "EquipmentNode": {"id": "$1", "name": "$2", "parent": "$3"},
    "Claim": {"id": "$1", "event": "$2", "claimant": "$3", "published": "$4",
              "items": [{"equipment": "$5", "quantity": "$6"}]},
    "Evidence": {"id": "$1", "event": "$2", "kind": "${3|video,photo,satellite,document,dataset,"
                 "report|}", "publisher": "$4", "published": "$5",
                 "observations": [{"equipment": "$6", "count": "$7"}]},
    "CategoryMapping": {"node": "$1", "covers": ["$2"]},
    "Series": {"id": "$1", "of": "${2|claims,evidence|}", "event": "$3",
               "columns": [{"equipment": "$4"}], "rows": [["$5"]]},
}


def _equipment_ids() -> dict:
    """The built-in catalog's ids with their names, completed by editors; a dataset's own ids
    (any slug) are accepted too."""
    from ..dataset.builtin import builtin_catalog

    nodes = sorted(builtin_catalog().nodes.values(), key=lambda node: node.id)
    return {
        "description": "The id of a catalog node: a built-in one (completed with its name) or one "
                       "the dataset adds under `equipment`.",
        "anyOf": [
            {"type": "string", "enum": [node.id for node in nodes],
             "enumDescriptions": [node.name for node in nodes],
             "markdownEnumDescriptions": [
                 node.name + (f" (under `{node.parent}`)" if node.parent else " (a category)")
                 for node in nodes]},
            {"type": ["string", "number"], "pattern": SLUG_PATTERN, "minimum": 0,
             "patternErrorMessage": "Not an equipment id: use lower-case letters, digits, `.`, `_` "
                                    "and `-`, starting with a letter or digit (e.g. `bmp-1`)."},
        ],
    }


def _tidy(value):
    """Equipment references to `#/$defs/EquipmentId`, and no `default: null` (which editors
    would insert as `url: null`, an error)."""
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if not isinstance(value, dict):
        return value
    if value.get(EQUIPMENT_ID_MARK):  # (a required field's own description is in the same mapping)
        own = {k: value[k] for k in ("description", "title") if k in value}
        return {"$ref": "#/$defs/EquipmentId", **(own if "title" in own else {})}
    return {k: _tidy(v) for k, v in value.items() if not (k == "default" and v is None)}


def json_schema() -> dict:
    """The schema as a mapping (draft 2020-12)."""
    schema = _tidy(DatasetFile.model_json_schema())
    defs = schema["$defs"]
    for name, meanings in ENUM_MEANINGS.items():
        defs[name]["enumDescriptions"] = [meanings[word] for word in defs[name]["enum"]]
        defs[name]["markdownEnumDescriptions"] = [f"`{word}`: {meanings[word]}"
                                                  for word in defs[name]["enum"]]
    for name, body in SNIPPETS.items():
        defs[name]["defaultSnippets"] = [{"label": f"a new {defs[name]['title']} record",
                                          "description": defs[name]["description"].split("\n")[0],
                                          "body": body}]
    defs["EquipmentId"] = _equipment_ids()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema,
            "title": "materiel dataset file (format version 1)"}


def schema_text() -> str:
    """The schema as the JSON text committed in schema/materiel.schema.json."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
