"""The export's fast paths give what the straightforward ways give: a compare row's exported
values made in one pass equal its columns' getters, and CSV and JSON made a column at a time equal
the cell-by-cell CSV and json.dumps, for generated datasets and for random, hostile tables."""

from __future__ import annotations

import csv
import io
import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from materiel.analysis import queries
from materiel.dataset import build_dataset, load_dataset
from materiel.output.formats import _CELLS, _text_cell, to_csv, to_json
from materiel.output.tables import Column, Table, records, table
from materiel.reading.document import read_document

from .conftest import PALMYRA
from .generated import written_datasets
from .test_properties import cell_texts


def reference_csv(t: Table) -> str:
    """The CSV as written cell by cell through the cell functions, rows as dicts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in t.exported])
    cells = [(c.name, _CELLS.get(c.kind, _text_cell)) for c in t.exported]
    writer.writerows([[cell(row.get(name)) for name, cell in cells] for row in t.rows])
    return out.getvalue()


def reference_json(t: Table) -> str:
    rows = [{c.name: row.get(c.name) for c in t.exported} for row in t.rows]  # lists stay lists
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def getters_values(result) -> list[tuple]:
    exported = [c for c in table(result).columns if c.export]
    return [tuple(c.get(r) for c in exported) for r in result.rows]


def assert_fast_export_as_reference(result) -> None:
    fast = table(result, exported_only=True)
    assert fast.values() == getters_values(result)
    slow = table(result)  # dict rows, every column: the way the screen's table is made
    assert to_csv(fast) == reference_csv(slow) == to_csv(slow)
    assert to_json(fast) == reference_json(slow) == to_json(slow)
    assert records(result) == [{c.name: row[c.name] for c in slow.exported} for row in slow.rows]


def test_palmyra_compare_exports_as_its_getters_say():
    dataset = load_dataset([PALMYRA])
    for level in ("category", "type"):
        result = queries.compare(dataset, level)
        assert any(r.seen_otherwise for r in result.rows) or any(r.in_doubt for r in result.rows)
        assert_fast_export_as_reference(result)
    for result in (queries.claims(dataset), queries.evidence(dataset), queries.summary(dataset)):
        assert_fast_export_as_reference(result)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_generated_datasets_export_as_their_getters_say(data):
    _, written = data.draw(written_datasets(hostile=True))
    dataset = build_dataset([read_document(written.data(), "d.yaml")])
    for level in ("category", "type"):
        assert_fast_export_as_reference(queries.compare(dataset, level))


CELLS = {
    "text": st.none() | cell_texts() | st.lists(cell_texts(), max_size=3),
    "grade": st.none() | cell_texts(),
    "verdict": st.none() | cell_texts(),
    "int": st.none() | st.integers(-(10**15), 10**15) | st.booleans() | cell_texts(),
    "float": st.none() | st.floats() | st.integers(-5, 5) | cell_texts(),
    "bool": st.none() | st.booleans() | st.integers(0, 2),
}


@st.composite
def tables(draw) -> Table:
    names = draw(st.lists(st.from_regex(r"[a-z%][a-z_%]{0,8}", fullmatch=True), min_size=1, max_size=6,
                          unique=True))
    columns = [Column(name, name, draw(st.sampled_from(list(CELLS))), export=draw(st.booleans()))
               for name in names]
    rows = draw(st.lists(st.fixed_dictionaries({c.name: CELLS[c.kind] for c in columns}), max_size=6))
    return Table("t", columns, rows)


@settings(max_examples=300, deadline=None)
@given(tables())
def test_csv_and_json_by_columns_equal_cell_by_cell(t):
    assert to_csv(t) == reference_csv(t)
    assert to_json(t) == reference_json(t)
    # The same table made as tuples of its exported columns exports the same.
    as_values = Table("t", t.columns, values=t.values())
    assert to_csv(as_values) == reference_csv(t)
    assert to_json(as_values) == reference_json(t)


def test_json_says_nan_and_infinity_as_json_dumps_does():
    column = Column("ratio", "Ratio", "float")
    t = Table("t", [column], [{"ratio": math.nan}, {"ratio": math.inf}, {"ratio": -math.inf}, {"ratio": 0.5}])
    assert to_json(t) == reference_json(t)
    assert '"ratio": NaN' in to_json(t)


def test_a_formula_in_a_list_or_a_numeric_column_is_neutralised():
    columns = [Column("ids", "Ids"), Column("n", "N", "int"), Column("ok", "Ok", "bool")]
    t = Table("t", columns, [{"ids": ["=cmd()", "b"], "n": "-2+3", "ok": None},
                             {"ids": [], "n": 7, "ok": True}])
    assert to_csv(t).splitlines()[1:] == ["\"'=cmd(), b\",'-2+3,", ",7,true"]
