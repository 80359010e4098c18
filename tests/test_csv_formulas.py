"""CSV cells that a spreadsheet could read as a formula, however they are spelled.

A spreadsheet may trim spaces (no-break, ideographic, ...) and invisible characters (zero-width
space and joiners, word joiner, BOM) before it looks at the first character, and some fold
full-width forms (＝ ＋ － ＠) to ASCII. Every CSV materiel writes neutralises such a cell with a
leading `'`; a number in a numeric column stays a number.
"""

from __future__ import annotations

import csv
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from materiel.importers.crosswalk import CrosswalkModel, Derivation, models_csv
from materiel.output.formats import neutralise, to_csv
from materiel.output.tables import Column, Table

from .generated import double_quoted

# Each way of starting a cell that a spreadsheet could run: (why, cell).
HOSTILE = [
    ("equals", "=1+1"),
    ("plus", "+1"),
    ("minus text", "-30"),
    ("at", "@SUM(A1)"),
    ("tab", "\t=1"),
    ("carriage return", "\r=1"),
    ("space", " =1+1"),
    ("spaces", "   -2"),
    ("no-break space", "\u00a0=1+1"),
    ("narrow no-break space", "\u202f+1"),
    ("em space", "\u2003@A1"),
    ("ideographic space", "\u3000=1"),
    ("newline", "\n=1"),
    ("full-width equals", "\uff1d1+1"),
    ("full-width plus", "\uff0b1"),
    ("full-width minus", "\uff0d30"),
    ("full-width at", "\uff20SUM(A1)"),
    ("small equals", "\ufe661"),
    ("zero-width space", "\u200b=1+1"),
    ("zero-width non-joiner", "\u200c=1"),
    ("zero-width joiner", "\u200d+1"),
    ("word joiner", "\u2060-1"),
    ("BOM", "\ufeff=1+1"),
    ("BOM then full-width", "\ufeff\uff1dcmd|' /C calc'!A0"),
    ("mixed", "\u00a0\u200b \u3000\ufeff\uff0b1"),
]
PLAIN = ["tank", "30 tanks", "1+1", "a=b", "e-mail", "'=already", "\u00a0tank", "\u200btank",
         "Т-72Б3", "٣٠ دبابة", "\uff21bc", "", " ", "\ufeff"]

# What a spreadsheet may skip before the first character it reads.
TRIMMED_CATEGORIES = ("Zs", "Zl", "Zp", "Cc", "Cf")


def spreadsheet_start(cell: str) -> str:
    """The cell as the most lenient spreadsheet reads its start: leading spaces, controls and
    format characters trimmed, as written or NFKC-folded (full-width and small forms to ASCII),
    whichever starts a formula."""
    starts = []
    for text in (cell, unicodedata.normalize("NFKC", cell)):
        while text and (text[0].isspace() or unicodedata.category(text[0]) in TRIMMED_CATEGORIES):
            text = text[1:]
        starts.append(text)
    return next((s for s in starts if s[:1] in ("=", "+", "-", "@")), starts[0])


def runs(cell: str) -> bool:
    """Whether the most lenient spreadsheet could take the cell for a formula."""
    return spreadsheet_start(cell)[:1] in ("=", "+", "-", "@") or cell[:1] in ("\t", "\r")


def test_every_hostile_spelling_is_a_formula_to_the_model_and_neutralised():
    for why, cell in HOSTILE:
        assert runs(cell), why  # the model itself must see the danger
        assert neutralise(cell) == "'" + cell, why


def test_plain_text_is_unchanged():
    for cell in PLAIN:
        assert not runs(cell), cell
        assert neutralise(cell) == cell


@given(st.text())
def test_a_neutralised_cell_never_starts_a_formula(text):
    cell = neutralise(text)
    if runs(text):
        assert cell == "'" + text
    else:
        assert cell == text  # plain text, exactly as it was
    assert cell.startswith("'") or not runs(cell)


@given(st.sampled_from([c for _, c in HOSTILE]), st.text())
def test_a_hostile_start_is_neutralised_whatever_follows(start, rest):
    assert neutralise(start + rest) == "'" + start + rest


def test_numbers_stay_numbers_and_text_in_any_column_is_neutralised():
    columns = [Column("n", "N", "int"), Column("x", "X", "float"), Column("t", "T"),
               Column("odd", "Odd", "int")]
    rows = [{"n": -30, "x": -1.5, "t": "-30", "odd": "\uff1d1"}]
    lines = to_csv(Table("t", columns, rows)).splitlines()
    assert lines[1] == "-30,-1.5,'-30,'\uff1d1"


def test_the_crosswalk_models_csv_neutralises_names():
    model = CrosswalkModel("\u00a0=HYPERLINK(\"x\")", "\uff0bTanks", "tank", "tanks", -3)
    derivation = Derivation(models=[model])
    row = next(csv.reader(models_csv(derivation).splitlines()[1:]))
    assert row == ["'\u00a0=HYPERLINK(\"x\")", "'\uff0bTanks", "tank", "tanks", "-3"]


def hostile_dataset() -> str:
    """One source, event and claim; each item's words (and the claim's quote and note) start with
    one hostile spelling."""
    items = "\n".join(f"      - {{equipment: tank, quantity: {n + 1}, as_written: {double_quoted(cell)}}}"
                      for n, (_, cell) in enumerate(HOSTILE))
    return f"""\
sources:
  - {{id: amaq, name: Amaq, kind: belligerent-media, reliability: E}}
events:
  - {{id: e1, title: Palmyra, date: 2016-12, place: Palmyra, country: SY}}
claims:
  - id: c1
    event: e1
    claimant: amaq
    published: 2016-12-14
    quote: {double_quoted(HOSTILE[0][1])}
    note: {double_quoted(HOSTILE[-1][1])}
    credibility: 4
    status: captured
    items:
{items}
"""


def test_claims_csv_neutralises_every_hostile_spelling(run, tmp_path):
    data = tmp_path / "hostile.yaml"
    data.write_text(hostile_dataset(), encoding="utf-8")
    out = tmp_path / "tmp" / "x.csv"
    out.parent.mkdir()
    result = run("claims", "--data", data, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.stdout + result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["as_written"] for row in rows] == ["'" + cell for _, cell in HOSTILE]
    assert [row["quantity_low"] for row in rows] == [str(n + 1) for n in range(len(HOSTILE))]
