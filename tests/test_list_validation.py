"""Each top-level list of records is validated in one call, and record by record only where that
call fails: the records and the problems are those of validating every record on its own."""

from __future__ import annotations

import random
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from materiel.dataset import build, build_dataset
from materiel.errors import ProblemsFound
from materiel.format.models import RECORD_KINDS
from materiel.reading.document import read_document

from .generated import REQUIRED, Record, random_records, write

SLOW = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def one_by_one(key: str, values: list):
    """What `_validate_list` must equal: every record validated alone."""
    valid, failing = [], set()
    for index, value in enumerate(values):
        try:
            valid.append(RECORD_KINDS[key].model_validate(value))
        except ValidationError:
            valid.append(None)
            failing.add(index)
    return valid, failing


def outcome(raw: bytes, fast: bool):
    try:
        dataset = build_dataset([read_document(raw, "d.yaml", fast)])
    except ProblemsFound as found:
        return "problems", [p.format() for p in found.problems]
    return "data", {kind: [(type(r), r.model_dump()) for r in (v.values() if isinstance(v, dict) else v)]
                    for kind in ("sources", "events", "equipment", "claims", "evidence")
                    for v in [getattr(dataset, kind)]}


# Ways to spoil one record (or one of its items): each is a problem of that record alone.
def spoil(rng: random.Random, record: Record, kind: str) -> Record:
    nested = {"claims": "items", "evidence": "observations"}.get(kind)
    if nested and rng.random() < 0.5:
        items = list(record.get(nested))
        i = rng.randrange(len(items))
        items[i] = rng.choice([
            items[i].without("equipment"),
            Record([*items[i].without("quantity" if kind == "claims" else "count").pairs,
                    ("quantity" if kind == "claims" else "count", rng.choice(["4-2", "-3", "often", 2.5]))]),
            Record([*items[i].pairs, ("colour", "green")]),
        ])
        return record.replaced(nested, items)
    return rng.choice([
        record.replaced("id", rng.choice(["Bad Id", "x" * 81, "-x"])),
        Record([*record.pairs, ("colour", "green")]),
        record.without(rng.choice(REQUIRED[kind])),
    ])


@SLOW
@given(st.randoms(use_true_random=True), st.integers(1, 4), st.booleans())
def test_lists_with_bad_records_at_random_places_read_as_record_by_record(rng, bad, fast):
    records = random_records(rng, hostile=rng.random() < 0.5, max_records=12)
    kinds = [k for k, v in records.items() if v]
    for _ in range(bad):
        kind = rng.choice(kinds)
        i = rng.randrange(len(records[kind]))
        records[kind][i] = spoil(rng, records[kind][i], kind)
    raw = write(rng, records, odd=rng.random() < 0.3).data(crlf=rng.random() < 0.2)
    with mock.patch.object(build, "_CHUNK", rng.choice([1, 2, 5, 4096])):  # records in one call
        at_once = outcome(raw, fast)
    with mock.patch.object(build, "_validate_list", one_by_one):
        alone = outcome(raw, fast)
    assert at_once == alone
    assert at_once[0] == "problems"


@SLOW
@given(st.randoms(use_true_random=True), st.booleans())
def test_valid_lists_read_as_record_by_record(rng, fast):
    records = random_records(rng, hostile=rng.random() < 0.5, max_records=12)
    raw = write(rng, records, odd=rng.random() < 0.3).data()
    at_once = outcome(raw, fast)
    with mock.patch.object(build, "_validate_list", one_by_one):
        assert at_once == outcome(raw, fast)


@settings(max_examples=200, deadline=None)
@given(st.randoms(use_true_random=True), st.sampled_from(sorted(RECORD_KINDS)))
def test_validate_list_finds_the_records_validation_alone_refuses(rng, key):
    """Good records, bad ones and values that are no record at all, in any order."""
    good = {"sources": {"id": "s", "name": "S", "kind": "analyst"},
            "events": {"id": "e", "title": "T", "date": "2016", "place": "P"},
            "equipment": {"id": "x", "name": "X", "parent": "tank"},
            "claims": {"id": "c", "event": "e", "claimant": "s", "published": 2016,
                       "items": [{"equipment": "tank", "quantity": "2-4"}]},
            "evidence": {"id": "v", "event": "e", "kind": "photo", "publisher": "s",
                         "published": "2016-12", "observations": [{"equipment": "tank", "count": 1}]},
            "mappings": {"node": "tank", "covers": ["t-72"]},
            "units": {"id": "u", "name": "4th Guards Tank Division", "side": "Russia"},
            "series": {"id": "r", "of": "evidence", "event": "e", "publisher": "s",
                       "columns": [{"equipment": "tank"}], "rows": [["2016-12-01", 3]]}}[key]
    bad = [None, [], "text", 3, {**good, "colour": "green"}, {k: v for k, v in good.items() if k != "id"},
           {**good, "note": ""}, {**good, "id": "Bad Id"}]
    values = [dict(good) if rng.random() < 0.7 else rng.choice(bad) for _ in range(rng.randint(0, 30))]
    with mock.patch.object(build, "_CHUNK", rng.choice([1, 3, 7, 4096])):
        valid, failing = build._validate_list(key, values)
    expected_valid, expected_failing = one_by_one(key, values)
    assert failing == expected_failing
    assert [None if i in failing else valid[i] for i in range(len(values))] == expected_valid
