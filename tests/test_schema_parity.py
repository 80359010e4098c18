"""The JSON Schema against materiel itself, one field at a time.

Each case changes one field of a small valid dataset and runs the file through materiel
(`load_dataset`) and through the JSON Schema as an editor sees it (YAML 1.2, dates left as
text). The schema must accept everything materiel accepts and reject every single-field error
materiel rejects, except the few a JSON Schema cannot express (EXCEPTIONS, also listed in
docs/format.md, "Editors and the schema").
"""

from __future__ import annotations

import calendar
import re

import pytest
import yaml_rs
from jsonschema import Draft202012Validator

from materiel.dataset.build import load_dataset
from materiel.errors import ProblemsFound
from materiel.format.models import DATE_PATTERN, DAY_PATTERN, TIMESTAMP_PATTERN, parse_timestamp
from materiel.output.schema import json_schema

# One record of each kind (and of each nested kind), every one valid; a case replaces or adds
# one line of one of them.
RECORDS = {
    "source": ["id: src", "name: S", "kind: other"],
    "unit": ["id: unt", "name: U"],
    "event": ["id: evt", "title: T", "date: 2016-12-11", "place: P"],
    "location": ["lat: 34.5", "lon: 38.2"],
    "node": ["id: nod", "name: N", "parent: tank"],
    "claim": ["id: clm", "event: evt", "claimant: src", "published: 2016-12-11"],
    "item": ["equipment: tank", "quantity: 3"],
    "evidence": ["id: evd", "event: evt", "kind: video", "publisher: src", "published: 2016-12-11"],
    "obs": ["equipment: tank", "count: 1"],
    "lack": ["equipment: tank"],
    "mapping": ["node: tank", "covers: [nod]"],
    "series": ["id: ser", "of: claims", "event: evt", "claimant: src", "rows: [[2016-12-11, 3]]"],
    "column": ["equipment: tank"],
    "note": ["date: 2016-12-11", "note: n"],
}


def dataset_text(kind: str | None = None, field: str | None = None, value: str | None = None) -> str:
    """The small dataset, with `field: value` (YAML as written) in the record of `kind`."""
    records = {k: list(v) for k, v in RECORDS.items()}
    if kind is not None:
        lines = records[kind]
        at = [i for i, line in enumerate(lines) if line.split(":")[0] == field]
        if at:
            lines[at[0]] = f"{field}: {value}"
        else:
            lines.append(f"{field}: {value}")

    def block(kind: str, indent: int, listed: bool = True) -> str:
        first = "- " if listed else "  "
        return "".join(f"{' ' * indent}{first if i == 0 else '  '}{line}\n"
                       for i, line in enumerate(records[kind]))

    return ("sources:\n" + block("source", 0) + "units:\n" + block("unit", 0)
            + "events:\n" + block("event", 0) + "  location:\n" + block("location", 2, False)
            + "equipment:\n" + block("node", 0)
            + "claims:\n" + block("claim", 0) + "  items:\n" + block("item", 2)
            + "evidence:\n" + block("evidence", 0) + "  observations:\n" + block("obs", 2)
            + "  lacks:\n" + block("lack", 2)
            + "mappings:\n" + block("mapping", 0)
            + "series:\n" + block("series", 0) + "  columns:\n" + block("column", 2)
            + "  notes:\n" + block("note", 2))


def materiel_accepts(text: str, tmp_path) -> bool:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_dataset([path])
    except ProblemsFound:
        return False
    return True


def as_an_editor_reads(text: str):
    """YAML 1.2 as yaml-language-server reads it: `yes` is text, `030` is 30, and a date is text
    (the core schema has no timestamps; tests/test_schema.py turns them back into text)."""
    return yaml_rs.loads(text, parse_datetime=False)


@pytest.fixture(scope="module")
def validator():
    return Draft202012Validator(json_schema())


OK, BAD = True, False
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

# (record, field, value as written, does materiel accept it)
CASES = [
    # text: exactly as written, so a plain number or boolean is text too
    ("source", "name", "Amaq", OK),
    ("source", "name", "1984", OK),
    ("source", "name", "1.5", OK),
    ("source", "name", "true", OK),
    ("source", "name", "yes", OK),
    ("source", "name", "'2016-12-11'", OK),
    ("source", "name", "''", BAD),
    ("source", "name", "~", BAD),
    ("source", "name", "[a]", BAD),
    ("obs", "identifiers", "[030, 112]", OK),
    ("obs", "identifiers", "[T-72 '112', true, 1.5]", OK),
    ("obs", "identifiers", "[~]", BAD),
    ("obs", "as_written", "six BMP infantry fighting vehicles", OK),
    ("obs", "unit", "4th Guards Tank Division", OK),
    ("obs", "unit", "unt", OK),
    ("obs", "unit", "~", OK),  # an optional field may be left empty
    # ids, references and tags: slugs
    ("unit", "id", "4th-tank-division", OK),
    ("unit", "id", "unit.1_a", OK),
    ("unit", "id", "1984", OK),
    ("unit", "id", "Amaq", BAD),
    ("unit", "id", "-amaq", BAD),
    ("unit", "id", "amaq palmyra", BAD),
    ("unit", "id", "a" * 81, BAD),
    ("obs", "item", "t-72-112", OK),
    ("obs", "item", "T-72 112", BAD),
    ("obs", "tags", "[cope-cage, fpv-strike]", OK),
    ("obs", "tags", "[2016]", OK),
    ("obs", "tags", "[Cope Cage]", BAD),
    ("node", "parent", "bmp", OK),
    ("node", "parent", "BMP-1", BAD),
    ("item", "equipment", "2s1-gvozdika", OK),
    ("item", "equipment", "nod", OK),
    ("item", "equipment", "Tank", BAD),
    ("mapping", "covers", "[tank, nod]", OK),
    ("mapping", "covers", "[T-72]", BAD),
    # partial dates
    ("event", "date", "2016", OK),
    ("event", "date", "'2016'", OK),
    ("event", "date", "2016-12", OK),
    ("event", "date", "2016-12-11", OK),
    ("event", "date", "2016-02-29", OK),
    ("event", "date", "2000-02-29", OK),
    ("event", "date", "1000", OK),
    ("event", "date", "' 2016-12-11'", OK),
    ("event", "date", "2016-02-30", BAD),
    ("event", "date", "2015-02-29", BAD),
    ("event", "date", "1900-02-29", BAD),
    ("event", "date", "2016-04-31", BAD),
    ("event", "date", "2016-13", BAD),
    ("event", "date", "2016-00", BAD),
    ("event", "date", "2016-1-1", BAD),
    ("event", "date", "0999", BAD),
    ("event", "date", "10000", BAD),
    ("event", "date", "11 December 2016", BAD),
    ("event", "date", "true", BAD),
    ("claim", "published", "2016-12-32", BAD),
    ("lack", "history_from", "2022-02", OK),
    ("lack", "history_from", "2022-02-30", BAD),
    ("note", "date", "2016-12-11", OK),
    # media timestamps
    ("obs", "at", "01:12", OK),
    ("obs", "at", "1:02:03", OK),
    ("obs", "at", "75:00", OK),
    ("obs", "at", "100:00", OK),
    ("obs", "at", "1:059:00", OK),
    ("obs", "at", "'1:75'", BAD),
    ("obs", "at", "1:60:00", BAD),
    ("obs", "at", "1000:00", BAD),
    ("obs", "at", "001:00:00", BAD),
    ("obs", "at", "1:2", BAD),
    ("obs", "at", "75", BAD),
    # quantities and counts
    ("item", "quantity", "30", OK),
    ("item", "quantity", "0", OK),
    ("item", "quantity", "'30'", OK),
    ("item", "quantity", "030", OK),
    ("item", "quantity", "+5", OK),
    ("item", "quantity", "0x10", OK),
    ("item", "quantity", "about 100", OK),
    ("item", "quantity", "About  100", OK),
    ("item", "quantity", "at least 2", OK),
    ("item", "quantity", "2-4", OK),
    ("item", "quantity", "2 - 4", OK),
    ("item", "quantity", "unspecified", OK),
    ("item", "quantity", "UNSPECIFIED", OK),
    ("item", "quantity", "10000000", OK),
    ("item", "quantity", "10000001", BAD),
    ("item", "quantity", "about 10000001", BAD),
    ("item", "quantity", "-3", BAD),
    ("item", "quantity", "2.5", BAD),
    ("item", "quantity", "1e3", BAD),
    ("item", "quantity", "30.0", BAD),
    ("item", "quantity", "4-2", BAD),
    ("item", "quantity", "about", BAD),
    ("item", "quantity", "about 030", BAD),
    ("item", "quantity", "a few", BAD),
    ("item", "quantity", "true", BAD),
    ("item", "quantity", "'0x10'", OK),
    ("obs", "count", "at least 1", OK),
    ("obs", "count", "-1", BAD),
    ("series", "rows", "[[2016-12-11, '4']]", OK),
    ("series", "rows", "[[2016-12-11, 0], [2016-12-12, 5]]", OK),
    ("column", "status", "destroyed", OK),
    ("series", "rows", "[[2016-12, 3]]", BAD),
    ("series", "rows", "[[2016-02-30, 3]]", BAD),
    ("series", "rows", "[[2016-12-11, -1]]", BAD),
    ("series", "rows", "[[2016-12-11, 2.5]]", BAD),
    ("series", "rows", "[[2016-12-11, 10000001]]", BAD),
    ("series", "rows", "[[2016-12-11, many]]", BAD),
    ("series", "rows", "[[2016-12-11, true]]", BAD),
    # countries
    ("event", "country", "SY", OK),
    ("event", "country", "NO", OK),
    ("event", "country", "UA", OK),
    ("event", "country", "XX", BAD),
    ("event", "country", "sy", BAD),
    ("event", "country", "SYR", BAD),
    # sha256
    ("evidence", "sha256", SHA, OK),
    ("evidence", "sha256", SHA.upper(), OK),
    ("evidence", "sha256", "abc", BAD),
    ("evidence", "sha256", SHA[:-1] + "g", BAD),
    ("evidence", "sha256", SHA + "0", BAD),
    ("evidence", "sha256", "1" * 64, OK),
    # urls
    ("source", "url", "https://example.org/a?b=c", OK),
    ("source", "url", "http://x", OK),
    ("claim", "archive_url", "https://archive.ph/abcde", OK),
    ("source", "url", "ftp://example.org", BAD),
    ("source", "url", "example.org", BAD),
    ("source", "url", "https://", BAD),
    ("source", "url", "'https://a b'", BAD),
    ("source", "url", "HTTP://example.org", BAD),
    ("source", "url", "https://.x", BAD),
    # credibility
    ("claim", "credibility", "4", OK),
    ("claim", "credibility", "'4'", OK),
    ("claim", "credibility", "04", OK),
    ("claim", "credibility", "1", OK),
    ("claim", "credibility", "6", OK),
    ("claim", "credibility", "0", BAD),
    ("claim", "credibility", "7", BAD),
    ("claim", "credibility", "'7'", BAD),
    ("claim", "credibility", "4.5", BAD),
    ("claim", "credibility", "4.0", BAD),
    ("claim", "credibility", "true", BAD),
    ("claim", "credibility", "doubtful", BAD),
    ("evidence", "credibility", "2", OK),
    ("series", "credibility", "3", OK),
    # reliability, kinds, statuses
    ("source", "reliability", "E", OK),
    ("source", "reliability", "e", BAD),
    ("source", "reliability", "G", BAD),
    ("source", "kind", "belligerent-media", OK),
    ("source", "kind", "Other", BAD),
    ("source", "kind", "propaganda", BAD),
    ("evidence", "kind", "satellite", OK),
    ("evidence", "kind", "tweet", BAD),
    ("item", "status", "captured", OK),
    ("item", "status", "Captured", BAD),
    ("obs", "previously", "[captured, damaged]", OK),
    ("obs", "previously", "[stolen]", BAD),
    ("series", "of", "evidence", BAD),  # needs a publisher: not a single-field rule, see below
    ("series", "of", "claim", BAD),
    # flags
    ("evidence", "geolocated", "true", OK),
    ("evidence", "geolocated", "false", OK),
    ("evidence", "geolocated", "yes", OK),
    ("evidence", "geolocated", "Yes", OK),
    ("evidence", "geolocated", "on", OK),
    ("evidence", "geolocated", "OFF", OK),
    ("evidence", "geolocated", "y", OK),
    ("evidence", "geolocated", "'true'", OK),
    ("evidence", "chronolocated", "no", OK),
    ("claim", "cumulative", "TRUE", OK),
    ("evidence", "geolocated", "1", BAD),
    ("evidence", "geolocated", "'0'", BAD),
    ("evidence", "geolocated", "nope", BAD),
    ("evidence", "geolocated", "' yes'", BAD),
    ("evidence", "geolocated", "~", BAD),
    # numbers
    ("location", "lat", "34.55", OK),
    ("location", "lat", "-90", OK),
    ("location", "lat", "'34.5'", OK),
    ("location", "lat", "0x10", OK),
    ("location", "lat", "91", BAD),
    ("location", "lat", "true", BAD),
    ("location", "lat", "'abc'", BAD),
    ("location", "lat", ".nan", BAD),
    ("location", "lat", "'91'", BAD),
    ("location", "lon", "-180", OK),
    ("location", "lon", "180.5", BAD),
    ("location", "precision_m", "50", OK),
    ("location", "precision_m", "'5'", OK),
    ("location", "precision_m", "0", BAD),
    ("location", "precision_m", "1000001", BAD),
    ("node", "caliber_mm", "122", OK),
    ("node", "caliber_mm", "'122'", OK),
    ("node", "caliber_mm", "1001", BAD),
    ("node", "caliber_mm", "0", BAD),
    # unknown and missing fields
    ("source", "reliabilty", "E", BAD),
    ("item", "quantity", "~", BAD),
    ("claim", "via", "src", BAD),
]

# What a JSON Schema cannot say, case by case: the schema's verdict differs from materiel's here
# (and the test fails if one of these starts agreeing, so that the list stays true).
EXCEPTIONS = {
    # JSON's data model has one kind of number: 30.0 is the integer 30 to a schema.
    ("item", "quantity", "1e3"): "a whole number written with a fraction or exponent",
    ("item", "quantity", "30.0"): "a whole number written with a fraction or exponent",
    ("claim", "credibility", "4.0"): "a whole number written with a fraction or exponent",
    # A pattern cannot compare two numbers of a text.
    ("item", "quantity", "4-2"): "a backwards range",
    # Text that YAML 1.2 would read as a number in another notation, quoted: materiel reads it
    # as that number; the schema checks the form of text, not what number it spells.
    ("item", "quantity", "'0x10'"): "a quoted number in another notation",
    # A number written in quotes: the schema checks its form, not its range.
    ("location", "lat", "'91'"): "the range of a quoted number",
    # JSON has no NaN; a schema's bounds do not catch it.
    ("location", "lat", ".nan"): "YAML's .nan",
    # 64 decimal digits unquoted are an (enormous) integer to an editor, text to materiel.
    ("evidence", "sha256", "1" * 64): "a sha256 of decimal digits only, unquoted",
    # A series of evidence needs a publisher: a rule between fields.
    ("series", "of", "evidence"): "a rule between fields (a series of evidence names its publisher)",
}


def _case_id(case) -> str:
    kind, field, value, _ = case
    return f"{kind}.{field}={value[:30]}"


def test_the_base_dataset_is_valid_for_both(validator, tmp_path):
    assert materiel_accepts(dataset_text(), tmp_path)
    assert list(validator.iter_errors(as_an_editor_reads(dataset_text()))) == []


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_schema_agrees_with_materiel(validator, tmp_path, case):
    kind, field, value, accepted = case
    text = dataset_text(kind, field, value)
    assert materiel_accepts(text, tmp_path) is accepted, "the table is wrong about materiel"
    schema_accepts = validator.is_valid(as_an_editor_reads(text))
    if (kind, field, value) in EXCEPTIONS:
        assert schema_accepts is not accepted, "an exception that no longer is: take it off the list"
    else:
        assert schema_accepts is accepted, (
            "the schema accepts what materiel refuses" if schema_accepts
            else "the schema refuses what materiel accepts")


def test_every_exception_is_a_case():
    assert set(EXCEPTIONS) <= {case[:3] for case in CASES}


def test_date_patterns_know_every_day():
    """The date patterns against the calendar, every day of 1000-9999 (leap years included)."""
    date, day = re.compile(DATE_PATTERN), re.compile(DAY_PATTERN)
    for year in range(1000, 10000):
        assert date.match(f"{year}") and date.match(f"{year}-12") and not date.match(f"{year}-13")
        for month in (1, 2, 4):
            last = calendar.monthrange(year, month)[1]
            for d in (last, last + 1):
                text = f"{year}-{month:02d}-{d:02d}"
                assert bool(date.match(text)) is bool(day.match(text)) is (d == last), text
    assert not date.match("0999") and not date.match("10000")


def test_timestamp_pattern_against_materiel():
    pattern = re.compile(TIMESTAMP_PATTERN)
    for text in ("0:00", "59:59", "75:00", "999:59", "1:00:00", "99:59:59", "1:059:00", "1:60:00",
                 "1:2", "1000:00", "001:00:00", "1:5:5", "00:60", "1:1:00"):
        try:
            parse_timestamp(text)
            read = True
        except ValueError:
            read = False
        assert bool(pattern.match(text)) is read, text


def test_every_pattern_has_a_message():
    def walk(value, path):
        if isinstance(value, dict):
            if "pattern" in value:
                assert value.get("patternErrorMessage"), f"{path} has a pattern and no message"
            assert not ("default" in value and value["default"] is None), f"{path}: default null"
            for key, inner in value.items():
                walk(inner, f"{path}/{key}")
        elif isinstance(value, list):
            for n, inner in enumerate(value):
                walk(inner, f"{path}/{n}")

    walk(json_schema(), "#")


def test_editors_complete_the_built_in_equipment_ids(validator):
    built_in = json_schema()["$defs"]["EquipmentId"]["anyOf"][0]
    assert "tank" in built_in["enum"]
    assert len(built_in["enum"]) == len(built_in["enumDescriptions"])
