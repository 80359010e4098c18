"""The JSON Schema: fresh, accepts the project's dataset, rejects what materiel rejects."""

import pytest
import yaml_rs
from jsonschema import Draft202012Validator

from materiel.output.schema import MODELINE, json_schema, schema_text

from .conftest import PALMYRA, ROOT

SCHEMA_FILE = ROOT / "schema" / "materiel.schema.json"


def as_an_editor_reads(text: str):
    """YAML as a YAML 1.2 language server types it: `yes` stays text, and so do dates (the core
    schema has no timestamps)."""
    return yaml_rs.loads(text, parse_datetime=False)


@pytest.fixture(scope="module")
def validator():
    Draft202012Validator.check_schema(json_schema())
    return Draft202012Validator(json_schema())


def test_committed_schema_is_fresh():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "schema/materiel.schema.json is stale: run `materiel schema -o schema/materiel.schema.json`")


def test_dataset_names_the_schema():
    assert PALMYRA.read_text(encoding="utf-8").splitlines()[0] == MODELINE


def test_schema_accepts_the_palmyra_dataset(validator):
    errors = list(validator.iter_errors(as_an_editor_reads(PALMYRA.read_text(encoding="utf-8"))))
    assert errors == []


@pytest.mark.parametrize(("record", "word"), [
    ({"claims": [{"id": "c", "event": "e", "claimant": "a", "published": "2016",
                  "items": [{"equipment": "tank", "quantity": "-3"}]}]}, "does not match"),
    ({"claims": [{"id": "c", "event": "e", "claimant": "a", "published": "2016",
                  "items": [{"equipment": "tank", "quantity": "about"}]}]}, "does not match"),
    ({"claims": [{"id": "c", "event": "e", "claimant": "a", "published": "2016", "items": []}]},
     "should be non-empty"),
    ({"claims": [{"id": "c", "event": "e", "claimant": "a", "published": "2016", "credibility": 7,
                  "items": [{"equipment": "tank", "quantity": 30}]}]}, "maximum of 6"),
    ({"sources": [{"id": "Amaq", "name": "Amaq", "kind": "belligerent-media"}]}, "does not match"),
    ({"sources": [{"id": "amaq", "name": "Amaq", "kind": "propaganda"}]}, "is not one of"),
    ({"sources": [{"id": "amaq", "name": "Amaq", "kind": "other", "reliabilty": "E"}]},
     "Additional properties"),
    ({"events": [{"id": "e", "title": "t", "date": "2016-12-11", "place": "p",
                  "location": {"lat": 91, "lon": 0}}]}, "maximum of 90"),
    ({"claim": []}, "Additional properties"),
    ({"events": [{"id": "e", "title": "t", "date": "2016-02-30", "place": "p"}]}, "does not match"),
    ({"events": [{"id": "e", "title": "t", "date": "2016", "place": "p", "country": "XX"}]},
     "is not one of"),
    ({"evidence": [{"id": "v", "event": "e", "kind": "video", "publisher": "a", "published": "2016",
                    "sha256": "abc", "observations": [{"equipment": "tank", "count": 1}]}]},
     "does not match"),
])
def test_schema_rejects_a_bad_record(validator, record, word):
    def messages_of(errors):
        for error in errors:
            yield error.message
            yield from messages_of(error.context)  # inside anyOf (a list or null)

    messages = list(messages_of(validator.iter_errors(record)))
    assert messages and any(word in m for m in messages), messages


def test_every_field_is_described():
    schema = json_schema()
    for name, definition in schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"


def test_schema_command(run, tmp_path):
    result = run("schema")
    assert (result.exit_code, result.stdout) == (0, schema_text())
    target = tmp_path / "s.json"
    assert run("schema", "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8") == schema_text()
