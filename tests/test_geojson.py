"""`--format geojson` (RFC 7946) of evidence, items and events, and the `events` listing."""

from __future__ import annotations

import csv
import io
import json
import math

import jsonschema
import pytest

from materiel.analysis import queries
from materiel.analysis.events import events as list_events
from materiel.dataset import load_dataset
from materiel.output.geojson import to_geojson

from .conftest import PALMYRA

# Hostile words: a spreadsheet formula, a bidi override, rich markup, an ANSI escape, a C1 CSI,
# a line separator and a JSON-looking brace.
HOSTILE = '=HYPERLINK("x") \u202e[bold red]red[/] \x1b[31m \x9b2J \u2028 "}, {"type": "Feature"'
HOSTILE_YAML = json.dumps(HOSTILE)  # a YAML double-quoted scalar reads JSON's escapes the same

DATA = f"""\
sources:
  - {{id: is-video, name: IS uploader, kind: belligerent-media, affiliation: Islamic State}}
  - {{id: geo, name: Geolocators, kind: osint-compiler, reliability: B}}
units:
  - {{id: 4th-division, name: 4th Division, side: Syrian government}}
events:
  - id: palmyra
    title: Palmyra retaken
    date: 2016-12-11
    place: Palmyra
    country: SY
    location: {{lat: 34.5514, lon: 38.2683}}
    gained_by: Islamic State
    lost_by: {HOSTILE_YAML}
  - {{id: elsewhere, title: Somewhere, date: 2017-03-02, place: Somewhere}}
evidence:
  - id: spoils-video
    event: palmyra
    kind: video
    publisher: is-video
    published: 2016-12-13
    status: captured
    credibility: 3
    observations:
      - equipment: tank
        count: 1
        item: tank-101
        identifiers: ["101"]
        unit: 4th-division
        tags: [cope-cage]
        location: {{lat: 34.56012345678, lon: 38.26312345678, precision_m: 50, place: T4 road}}
        as_written: {HOSTILE_YAML}
      - {{equipment: bmp, count: 2-3}}
  - id: strike-photo
    event: palmyra
    kind: photo
    publisher: geo
    published: 2016-12-16
    status: destroyed
    observations:
      - equipment: tank
        count: 1
        item: tank-101
        previously: [captured]
        location: {{lat: -12.5, lon: -45.25, place: Tiyas}}
      - {{equipment: tank, count: 1, item: tank-102}}
"""

# The part of RFC 7946 materiel writes, as a JSON Schema: a FeatureCollection of Features, each a
# Point of two numbers (longitude, then latitude, in range) with an object of properties.
POINT = {"type": "object", "required": ["type", "coordinates"],
         "properties": {"type": {"const": "Point"},
                        "coordinates": {"type": "array", "minItems": 2, "maxItems": 2,
                                        "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180},
                                                        {"type": "number", "minimum": -90, "maximum": 90}]}}}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "required": ["type", "features"], "not": {"required": ["crs"]},
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {
            "type": "object", "required": ["type", "geometry", "properties"],
            "properties": {"type": {"const": "Feature"}, "id": {"type": ["string", "number"]},
                           "geometry": POINT, "properties": {"type": "object"}}}}}}


def valid_geojson(text: str) -> dict:
    """The parsed FeatureCollection, checked against RFC 7946 by hand and by the schema above."""
    assert text.endswith("}\n")
    collection = json.loads(text)
    jsonschema.validate(collection, SCHEMA)
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) <= {"type", "id", "geometry", "properties"}
        lon, lat = feature["geometry"]["coordinates"]
        for number in (lon, lat):
            assert type(number) in (int, float) and math.isfinite(number)
            assert round(number, 7) == number, "at most 7 decimals"
        assert all(key.isascii() for key in feature["properties"])
    return collection


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(DATA, encoding="utf-8")
    return path


def test_evidence_is_a_feature_collection_of_located_observations(run, data):
    result = run("evidence", "--data", data, "--format", "geojson")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "materiel: 2 of 4 observations have no location; left out of the GeoJSON\n"
    collection = valid_geojson(result.stdout)
    first, second = collection["features"]
    # [lon, lat], RFC 7946 order, cut to 7 decimals; numbers stay numbers
    assert first["geometry"] == {"type": "Point", "coordinates": [38.2631235, 34.5601235]}
    assert second["geometry"] == {"type": "Point", "coordinates": [-45.25, -12.5]}
    assert first["properties"] == {
        "event": "palmyra", "evidence": "spoils-video", "kind": "video", "publisher": "is-video",
        "published": "2016-12-13", "equipment": "tank", "count": "1", "count_low": 1, "count_high": 1,
        "status": "captured", "unit": first["properties"]["unit"], "tags": first["properties"]["tags"],
        "item": first["properties"]["item"], "place": "T4 road", "precision_m": 50.0, "grade": "F3",
        "verification": [], "identifiers": ["101"], "as_written": HOSTILE}
    assert second["properties"]["status"] == "destroyed"
    assert second["properties"]["place"] == "Tiyas"
    assert second["properties"]["precision_m"] is None


def test_observation_properties_have_its_unit_tags_and_item(run, data):
    result = run("evidence", "--data", data, "--format", "geojson")
    first, second = valid_geojson(result.stdout)["features"]
    assert {k: first["properties"][k] for k in ("unit", "tags", "item")} == {
        "unit": "4th-division", "tags": ["cope-cage"], "item": "tank-101"}
    assert {k: second["properties"][k] for k in ("unit", "tags", "item")} == {
        "unit": None, "tags": [], "item": "tank-101"}


def test_the_cli_writes_what_the_library_makes(run, data):
    made = to_geojson(queries.evidence(load_dataset([data])))
    assert (made.kept, made.total, made.left_out) == (2, 4, 2)
    assert run("evidence", "--data", data, "--format", "geojson").stdout == made.text


def test_hostile_text_stays_a_string(run, data):
    result = run("evidence", "--data", data, "--format", "geojson")
    text = result.stdout
    # Escaped, never raw: no terminal or editor acts on them, and they read back the same.
    for raw in ("\x1b", "\x9b", "\u202e", "\u2028"):
        assert raw not in text
    assert "\\u001b[31m" in text and "\\u009b2J" in text and "\\u202e" in text and "\\u2028" in text
    assert "[bold red]red[/]" in text  # markup is text: shown, not obeyed
    collection = valid_geojson(text)
    assert len(collection["features"]) == 2, "a brace in the words makes no Feature"
    assert collection["features"][0]["properties"]["as_written"] == HOSTILE
    events = valid_geojson(run("events", "--data", data, "--format", "geojson").stdout)
    assert events["features"][0]["properties"]["lost_by"] == HOSTILE


def test_a_filter_narrows_the_features(run, data):
    result = run("evidence", "--data", data, "--format", "geojson", "--status", "destroyed")
    assert result.stderr == "materiel: 1 of 2 observations has no location; left out of the GeoJSON\n"
    assert [f["properties"]["evidence"] for f in valid_geojson(result.stdout)["features"]] == ["strike-photo"]


def test_nothing_located_is_an_empty_collection(run):
    result = run("evidence", "--data", PALMYRA, "--format", "geojson", "--event", "palmyra-2016-12")
    assert result.exit_code == 0
    assert valid_geojson(result.stdout) == {"type": "FeatureCollection", "features": []}
    total = len(queries.evidence(load_dataset([PALMYRA])))
    assert result.stderr == (f"materiel: {total} of {total} observations have no location; left out of "
                             "the GeoJSON\n")


def test_every_record_located_says_nothing(run, data):
    result = run("evidence", "--data", data, "--format", "geojson", "--equipment", "tank",
                 "--status", "captured")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert len(valid_geojson(result.stdout)["features"]) == 1


def test_output_file(run, data, tmp_path):
    target = tmp_path / "evidence.geojson"
    target.write_text("old", encoding="utf-8")
    result = run("evidence", "--data", data, "--format", "geojson", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "materiel: 2 of 4 observations have no location; left out of the GeoJSON\n"
    text = target.read_text(encoding="utf-8")
    assert text == run("evidence", "--data", data, "--format", "geojson").stdout
    valid_geojson(text)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml", "evidence.geojson"], "no temporary left"
    assert run("evidence", "--data", data, "-f", "geojson", "-o", "-").stdout == text


def test_output_file_is_refused_as_every_export_is(run, data):
    result = run("events", "--data", data, "--format", "geojson", "-o", data)
    assert result.exit_code == 1
    assert "this run reads it" in result.stderr
    assert data.read_text(encoding="utf-8") == DATA


def test_items_are_points_where_last_seen(data):
    made = to_geojson(queries.items(load_dataset([data])))
    assert made.note() == "1 of 2 items has no location; left out of the GeoJSON"
    (feature,) = valid_geojson(made.text)["features"]
    assert feature["id"] == "tank-101"
    assert feature["geometry"]["coordinates"] == [-45.25, -12.5]  # the strike, after the video
    assert feature["properties"] == {
        "item": "tank-101", "equipment": "tank", "equipment_name": "Tanks", "status": "destroyed",
        "statuses": ["captured", "destroyed"], "first_seen": "2016-12-13", "last_seen": "2016-12-16",
        "place": "Tiyas", "precision_m": None, "seen_here": "2016-12-16", "events": ["palmyra"],
        "evidence": ["spoils-video", "strike-photo"], "identifiers": ["101"], "units": ["4th-division"],
        "tags": ["cope-cage"],
        "places": [{"coordinates": [38.2631235, 34.5601235], "place": "T4 road", "precision_m": 50.0,
                    "date": "2016-12-13", "status": "captured", "evidence": "spoils-video"}]}


def test_items_command_geojson(run, data):
    result = run("items", "--data", data, "--format", "geojson")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == to_geojson(queries.items(load_dataset([data]))).text
    assert result.stderr == "materiel: 1 of 2 items has no location; left out of the GeoJSON\n"


@pytest.mark.parametrize("command", [["compare"], ["summary"], ["claims"], ["catalog"], ["mappings"],
                                     ["timeline"]])
def test_geojson_is_a_usage_error_where_nothing_has_a_place(run, tmp_path, command):
    # refused before any work: the data named does not even exist
    result = run(*command, "--data", tmp_path / "missing.yaml", "--format", "geojson")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert ("geojson is for the records that have a place (evidence, items, events); "
            f"{command[0]} has none: use table, csv, json or markdown") in result.stderr
    assert "Invalid value for '--format'" in result.stderr


EVENT_ROWS = [
    {"id": "palmyra", "title": "Palmyra retaken", "date": "2016-12-11", "place": "Palmyra", "country": "SY",
     "lat": 34.5514, "lon": 38.2683, "gained_by": "Islamic State", "lost_by": HOSTILE},
    {"id": "elsewhere", "title": "Somewhere", "date": "2017-03-02", "place": "Somewhere", "country": "",
     "lat": None, "lon": None, "gained_by": "", "lost_by": ""},
]


def test_events_json(run, data):
    result = run("events", "--data", data, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout) == EVENT_ROWS


def test_events_csv(run, data):
    result = run("events", "--data", data, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    text = result.stdout_bytes.decode("utf-8")
    assert text.startswith("id,title,date,place,country,lat,lon,gained_by,lost_by\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["palmyra", "Palmyra retaken", "2016-12-11", "Palmyra", "SY", "34.5514", "38.2683",
                       "Islamic State", "'" + HOSTILE]  # a formula made inert, as in every CSV
    assert rows[2] == ["elsewhere", "Somewhere", "2017-03-02", "Somewhere", "", "", "", "", ""]


def test_events_markdown(run, data):
    result = run("events", "--data", data, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("**Events** (data: ") and lines[0].endswith("d.yaml)")
    assert lines[2] == "| Event | Title | Date | Place | Country | Lat | Lon | Gained by | Lost by |"
    assert lines[4].startswith("| palmyra | Palmyra retaken | 2016-12-11 | Palmyra | SY | 34.5514 | "
                               "38.2683 | Islamic State | =HYPERLINK")
    assert "\x1b" not in result.stdout and "\\x1b" in lines[4]
    assert lines[5] == "| elsewhere | Somewhere | 2017-03-02 | Somewhere |  |  |  |  |  |"


def test_events_table(run, data):
    result = run("events", "--data", data, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.strip().startswith("palmyra "))
    assert row.split()[:8] == ["palmyra", "Palmyra", "retaken", "2016-12-11", "Palmyra", "SY", "34.5514",
                               "38.2683"]
    assert "[bold red]red[/]" in row and "\\x1b" in row  # shown, not obeyed


def test_events_geojson(run, data):
    result = run("events", "--data", data, "--format", "geojson")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "materiel: 1 of 2 events has no location; left out of the GeoJSON\n"
    (feature,) = valid_geojson(result.stdout)["features"]
    assert feature["id"] == "palmyra"
    assert feature["geometry"] == {"type": "Point", "coordinates": [38.2683, 34.5514]}
    assert feature["properties"] == {"event": "palmyra", "title": "Palmyra retaken", "date": "2016-12-11",
                                     "place": "Palmyra", "country": "SY", "gained_by": "Islamic State",
                                     "lost_by": HOSTILE, "precision_m": None}


def test_events_filters(run, data):
    result = run("events", "--data", data, "--format", "json", "--since", "2017")
    assert [r["id"] for r in json.loads(result.stdout)] == ["elsewhere"]
    result = run("events", "--data", data, "--format", "json", "--event", "palmyra")
    assert [r["id"] for r in json.loads(result.stdout)] == ["palmyra"]
    result = run("events", "--data", data, "--event", "palmyr")
    assert result.exit_code == 2
    assert "did you mean `palmyra`?" in result.stderr
    assert run("events", "--data", data, "--claimant", "geo").exit_code == 2, "events have no claimant"


def test_events_library_rows(data):
    rows = list_events(load_dataset([data])).rows
    assert [(r.id, r.lat, r.lon) for r in rows] == [("palmyra", 34.5514, 38.2683), ("elsewhere", None, None)]


def test_events_on_the_palmyra_dataset(run):
    result = run("events", "--data", PALMYRA, "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith(
        "palmyra-2016-12,Islamic State recaptures Palmyra,2016-12-11,Palmyra,SY,")
