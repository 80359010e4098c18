"""The format's series: running totals, one row per date, read as one cumulative record per date."""

from __future__ import annotations

import json
import textwrap

import pytest
from jsonschema import Draft202012Validator

import materiel
from materiel.dataset import load_dataset
from materiel.errors import ProblemsFound
from materiel.output.schema import json_schema

from .helpers import WAR
from .test_schema import as_an_editor_reads

HEAD = WAR

SERIES = HEAD + """\
series:
  - id: gs-daily
    of: claims
    event: war
    claimant: gs
    columns:
      - {equipment: tank, as_written: tank}
      - {equipment: aircraft, as_written: aircraft}
    rows:
      - [2022-03-01, 200, 20]
      - [2022-03-28, 500, 40]
      - [2022-04-30, 700, 0]
  - id: ox-history
    of: evidence
    publisher: ox
    event: war
    columns:
      - {equipment: tank, status: destroyed, as_written: Tanks}
      - {equipment: tank, status: captured, as_written: Tanks}
      - {equipment: aircraft, status: destroyed}
    rows:
      - [2022-03-28, 150, 100, ~]
      - [2022-04-29, 250, 150, 0]
    notes:
      - {date: 2022-04-29, note: two rows of aircraft that day; the total settles it}
"""

# The same data as one cumulative record per date, written by hand from the format's rules.
RECORDS = HEAD + """\
claims:
  - {id: c1, event: war, claimant: gs, published: 2022-03-01, cumulative: true,
     items: [{equipment: tank, quantity: 200, as_written: tank},
             {equipment: aircraft, quantity: 20, as_written: aircraft}]}
  - {id: c2, event: war, claimant: gs, published: 2022-03-28, cumulative: true,
     items: [{equipment: tank, quantity: 500, as_written: tank},
             {equipment: aircraft, quantity: 40, as_written: aircraft}]}
  - {id: c3, event: war, claimant: gs, published: 2022-04-30, cumulative: true,
     items: [{equipment: tank, quantity: 700, as_written: tank}]}
evidence:
  - {id: e1, event: war, kind: dataset, publisher: ox, published: 2022-03-28, cumulative: true,
     scope: [tank], lacks: [{equipment: aircraft, history_from: 2022-04-29}],
     observations: [{equipment: tank, count: 150, status: destroyed},
                    {equipment: tank, count: 100, status: captured}]}
  - {id: e2, event: war, kind: dataset, publisher: ox, published: 2022-04-29, cumulative: true,
     scope: [tank, aircraft],
     observations: [{equipment: tank, count: 250, status: destroyed},
                    {equipment: tank, count: 150, status: captured}]}
"""


def write(tmp_path, text: str, name: str = "d.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def figures(comparison) -> list[tuple]:
    """What a reader quotes of each row (the record ids left out: they differ by construction)."""
    return [(r.event, r.equipment, r.status.value, r.claimant, r.claimed and r.claimed.low,
             r.confirmed and r.confirmed.display(), r.ratio, r.verdict.value, r.lacking,
             str(r.claim_date) if r.claim_date else None,
             str(r.evidence_date) if r.evidence_date else None) for r in comparison]


@pytest.mark.parametrize("fast", [True, False])
def test_a_series_validates_and_says_so(tmp_path, fast):
    dataset = load_dataset([write(tmp_path, SERIES)], fast=fast)
    assert dataset.summary_line() == ("OK: 2 sources, 1 event, 0 claims (0 items), 0 evidence "
                                      "(0 observations), 2 series (5 dated rows) in 1 file")
    assert [c.id for c in dataset.claims] == ["gs-daily.2022-03-01", "gs-daily.2022-03-28",
                                              "gs-daily.2022-04-30"]
    assert [e.id for e in dataset.evidence] == ["ox-history.2022-03-28", "ox-history.2022-04-29"]


@pytest.mark.parametrize("as_of", [None, "2022-03-01", "2022-03-28", "2022-04-05", "2022-04-29",
                                   "2022-04-30", "2022-12"])
def test_a_series_compares_as_its_records_would(tmp_path, as_of):
    series = materiel.load(write(tmp_path, SERIES, "s.yaml"))
    records = materiel.load(write(tmp_path, RECORDS, "r.yaml"))
    assert figures(series.compare(as_of=as_of)) == figures(records.compare(as_of=as_of))


def test_no_figure_is_no_data_and_zero_is_zero(tmp_path):
    dataset = materiel.load(write(tmp_path, SERIES))
    on_march = {r.equipment: r for r in dataset.compare(as_of="2022-03-31")}
    assert on_march["aircraft"].confirmed is None and on_march["aircraft"].verdict.value == "no data"
    assert on_march["aircraft"].lacking == ("aircraft",)
    at_end = dataset.compare(as_of="2022-04-29")
    aircraft = next(r for r in at_end if r.equipment == "aircraft")
    assert aircraft.confirmed.low == 0 and aircraft.verdict.value == "unconfirmed"
    lack = dataset.validated.evidence[0].lacks[0]
    assert (lack.equipment, str(lack.history_from)) == ("aircraft", "2022-04-29")


def test_a_rows_note_goes_with_its_date(tmp_path):
    dataset = load_dataset([write(tmp_path, SERIES)])
    first, second = dataset.evidence
    assert first.note is None
    assert second.note == "two rows of aircraft that day; the total settles it"


def test_as_of_keeps_the_latest_of_each_series(tmp_path):
    dataset = load_dataset([write(tmp_path, SERIES)])
    standing = dataset.as_of(materiel.PartialDate(2022, 4, 10))
    assert [c.id for c in standing.claims] == ["gs-daily.2022-03-28"]
    assert [e.id for e in standing.evidence] == ["ox-history.2022-03-28"]
    assert dataset.as_of(materiel.PartialDate(2022, 2, 1)).claims == []


BAD = [
    ("      - [2022-03-28, 500]\n", "rows[1]", "invalid-value", "has 1 count(s); the series has 2"),
    ("      - [2022-02-28, 500, 40]\n", "rows[1][0]", "invalid-value",
     "date out of order: 2022-02-28 comes after 2022-03-01"),
    ("      - [2022-03-01, 500, 40]\n", "rows[1][0]", "invalid-value", "2022-03-01 repeats 2022-03-01"),
    ("      - [2022-03-28, -5, 40]\n", "rows[1]", "invalid-value",
     "column 1: -5: a count cannot be negative"),
    ("      - [2022-03-28, 5, true]\n", "rows[1]", "invalid-value", "column 2: `true` is not a count"),
    ("      - [2022-03-28, 5, 2.5]\n", "rows[1]", "invalid-value", "column 2: `2.5` is not a count"),
    ("      - [2022-03, 5, 2]\n", "rows[1]", "invalid-value", "a row's date is a day"),
    ("      - [2022-03-28, ~, ~]\n", "rows[1]", "invalid-value", "has no figure at all"),
]


@pytest.mark.parametrize(("row", "path", "code", "words"), BAD)
@pytest.mark.parametrize("fast", [True, False])
def test_a_bad_row_is_one_positioned_problem(tmp_path, row, path, code, words, fast):
    text = HEAD + textwrap.dedent("""\
        series:
          - id: gs-daily
            of: claims
            event: war
            claimant: gs
            columns: [{equipment: tank}, {equipment: aircraft}]
            rows:
              - [2022-03-01, 200, 20]
        """) + row
    with pytest.raises(ProblemsFound) as found:
        load_dataset([write(tmp_path, text)], fast=fast)
    [problem] = found.value.problems
    assert (problem.line, problem.code, problem.path) == (14, code, f"series[0].{path}")
    assert problem.column == (10 if path.endswith("[0]") else 9)
    assert words in problem.message


@pytest.mark.parametrize(("fields", "line", "column", "code", "path", "words"), [
    ("of: claims", 7, 5, "missing-field", "series[0]",
     "required field `claimant` is missing"),
    ("of: claims\n    claimant: gs\n    publisher: ox", 11, 16, "unknown-field", "series[0].publisher",
     "`publisher` belongs to a series of evidence"),
    ("of: evidence\n    publisher: ox\n    claimant: gs", 11, 15, "unknown-field", "series[0].claimant",
     "`claimant` belongs to a series of claims"),
    ("of: tallies\n    claimant: gs", 9, 9, "invalid-choice", "series[0].of",
     "Input should be 'claims' or 'evidence' (got `tallies`)"),
])
def test_who_a_series_belongs_to(tmp_path, fields, line, column, code, path, words):
    text = (HEAD + "series:\n  - id: s\n    event: war\n    " + fields
            + "\n    columns: [{equipment: tank}]\n    rows: [[2022-03-01, 200]]\n")
    with pytest.raises(ProblemsFound) as found:
        load_dataset([write(tmp_path, text)])
    [problem] = found.value.problems
    assert (problem.line, problem.column, problem.code, problem.path) == (line, column, code, path)
    assert words in problem.message


def test_a_column_twice_a_note_off_the_rows_and_a_taken_id(tmp_path):
    text = HEAD + textwrap.dedent("""\
        claims:
          - {id: s.2022-03-01, event: war, claimant: gs, published: 2022,
             items: [{equipment: tank, quantity: 1}]}
        series:
          - id: s
            of: evidence
            event: war
            publisher: ox
            status: destroyed
            columns: [{equipment: tank}, {equipment: tank, status: destroyed}, {equipment: tanks}]
            rows: [[2022-03-01, 1, 2, 3]]
            notes: [{date: 2022-03-02, note: x}]
        """)
    with pytest.raises(ProblemsFound) as found:
        load_dataset([write(tmp_path, text)])
    by_code = {(p.code, p.path): p.message for p in found.value.problems}
    assert "no equipment node has the id `tanks`" in by_code[
        ("unknown-reference", "series[0].columns[2].equipment")]
    assert "column 2 counts `tank` destroyed as column 1 does" in by_code[
        ("duplicate-id", "series[0].columns[1]")]
    assert by_code[("unknown-reference", "series[0].notes[0].date")] == "the series has no row for 2022-03-02"
    assert "`s.2022-03-01`, an id already used" in by_code[("duplicate-id", "series[0].rows[0]")]


def test_the_schema_reads_series_as_materiel_does():
    validator = Draft202012Validator(json_schema())
    good = as_an_editor_reads(SERIES)
    assert list(validator.iter_errors(good)) == []
    bad = json.loads(json.dumps(good))
    bad["series"][0]["rows"][0][1] = -5

    def messages(errors):
        for error in errors:
            yield error.message
            yield from messages(error.context)

    assert "-5 is less than the minimum of 0" in list(messages(validator.iter_errors(bad)))


def test_validate_and_compare_from_the_command_line(run, tmp_path):
    path = write(tmp_path, SERIES)
    result = run("validate", "--data", str(path))
    assert result.exit_code == 0 and "2 series (5 dated rows)" in result.stdout
    rows = json.loads(run("compare", "--data", str(path), "--as-of", "2022-04-05",
                          "--format", "json").stdout)
    tank = next(r for r in rows if r["equipment"] == "tank")
    assert (tank["claimed_low"], tank["confirmed"], tank["claims"], tank["evidence"]) == (
        500, 250, ["gs-daily.2022-03-28"], ["ox-history.2022-03-28"])


def test_a_date_lacking_every_node_speaks_to_nothing(tmp_path):
    """Were its scope left empty, the record would "show anything", and say 0 of what it lacks."""
    text = HEAD + textwrap.dedent("""\
        series:
          - id: gs-daily
            of: claims
            event: war
            claimant: gs
            columns: [{equipment: tank}, {equipment: helicopter}]
            rows: [[2022-03-28, 500, 40]]
          - id: ox-history
            of: evidence
            publisher: ox
            event: war
            columns: [{equipment: tank, status: destroyed}, {equipment: tank, status: captured}]
            rows: [[2022-03-28, ~, 100], [2022-04-01, 0, 0]]
        """)
    dataset = materiel.load(write(tmp_path, text))
    early = {r.equipment: r for r in dataset.compare(as_of="2022-03-28")}
    assert [(e, r.confirmed, r.verdict.value) for e, r in early.items()] == [
        ("tank", None, "no data"), ("helicopter", None, "no data")]
    later = {r.equipment: r for r in dataset.compare(as_of="2022-04-01")}
    assert (later["tank"].confirmed.low, later["tank"].verdict.value) == (0, "unconfirmed")
    assert (later["helicopter"].confirmed, len(later)) == (None, 2), "zeros show nothing, not 0 seen"
