"""CSV a spreadsheet opens whole: no cell over 32,767 characters (Excel and LibreOffice cut or
refuse a longer one). A list too long for a cell is said as its count and its first items, cut at
an item boundary; any other long text is cut with a marker; stderr says which column, in how many
rows; JSON keeps every list as a list, complete."""

from __future__ import annotations

import csv
import io
import json

import pytest

from materiel.output.formats import CELL_LIMIT, neutralise, to_csv, to_json
from materiel.output.tables import Column, Table

from .helpers import BASE

PHOTOS = 3_100  # photos of one captured tank each: their ids joined run far past a cell
HULLS = 4_000  # one video naming this many hull numbers
LONG_WORDS = 40_000  # an observation's words as written, past a cell too


def photo_id(n: int) -> str:
    return f"photo-of-a-captured-tank-near-palmyra-number-{n:06d}"


def hull(n: int) -> str:
    return f"hull-number-{n:06d}"


def big_dataset(tmp_path):
    photos = "".join(
        f"  - {{id: {photo_id(n)}, event: e1, kind: photo, publisher: geo, published: 2016-12-16, "
        f"status: captured, observations: [{{equipment: t-72, count: 1}}]}}\n"
        for n in range(PHOTOS))
    hulls = ", ".join(f'"{hull(n)}"' for n in range(HULLS))
    text = BASE + f"""\
claims:
  - id: amaq-1
    event: e1
    claimant: amaq
    via: [relay]
    published: 2016-12-14
    status: captured
    items:
      - {{equipment: tank, quantity: 9000}}
evidence:
{photos}  - id: the-long-video
    event: e1
    kind: video
    publisher: geo
    published: 2016-12-17
    status: captured
    observations:
      - {{equipment: t-72, count: {HULLS}, as_written: "{'=' + 'w' * LONG_WORDS}", identifiers: [{hulls}]}}
"""
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return big_dataset(tmp_path_factory.mktemp("spreadsheets"))


def exported(run, tmp_path, big, command: str, fmt: str, *extra: str):
    out = tmp_path / f"{command}.{fmt}"
    result = run(command, "--data", big, "--format", fmt, "-o", out, *extra)
    assert result.exit_code == 0, result.stdout + result.stderr
    return out, result


def spreadsheet_rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    for record in records:
        for cell in record:
            assert len(cell) <= CELL_LIMIT
            assert neutralise(cell) == cell or cell.startswith("'"), "every cell neutralised"
    return [dict(zip(records[0], r, strict=True)) for r in records[1:]]


def test_compare_csv_says_a_long_evidence_list_as_its_count(run, tmp_path, big):
    out, result = exported(run, tmp_path, big, "compare", "csv")
    rows = spreadsheet_rows(out)
    tank = next(r for r in rows if r["equipment"] == "tank" and r["claimant"] == "amaq")
    cell = tank["evidence"]
    assert cell.startswith(f"{PHOTOS + 1:,} entries: {photo_id(0)}, {photo_id(1)}, ")
    assert cell.endswith(", ... (the full list in --format json)")
    assert len(cell) > CELL_LIMIT - 100, "as many ids as fit"
    listed = cell.removesuffix(", ... (the full list in --format json)").split(": ", 1)[1].split(", ")
    assert all(i == photo_id(n) for n, i in enumerate(listed)), "cut at an id, never inside one"
    assert "evidence in 1 row" in result.stderr and "--format json has the full values" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "32,767" in result.stderr

    out, result = exported(run, tmp_path, big, "compare", "json")
    rows = json.loads(out.read_text(encoding="utf-8"))
    tank = next(r for r in rows if r["equipment"] == "tank" and r["claimant"] == "amaq")
    assert tank["evidence"] == sorted([photo_id(n) for n in range(PHOTOS)] + ["the-long-video"])
    assert tank["claims"] == ["amaq-1"] and isinstance(tank["in_doubt"], list)
    assert isinstance(tank["lacking"], list) and isinstance(tank["seen_otherwise"], list)
    assert "shortened" not in result.stderr


def test_evidence_csv_shortens_identifiers_and_cuts_long_words(run, tmp_path, big):
    out, result = exported(run, tmp_path, big, "evidence", "csv")
    rows = spreadsheet_rows(out)
    video = next(r for r in rows if r["evidence"] == "the-long-video")
    assert video["identifiers"].startswith(f"{HULLS:,} entries: {hull(0)}, ")
    words = video["as_written"]
    assert words.startswith("'=www"), "the cut cell is still neutralised"
    left_out = LONG_WORDS + 1 - (len(words.split(" [... ")[0]) - 1)
    assert words.endswith(f" [... {left_out:,} more characters: the full text in --format json]")
    assert "identifiers in 1 row" in result.stderr and "as_written in 1 row" in result.stderr

    out, _ = exported(run, tmp_path, big, "evidence", "json")
    records = json.loads(out.read_text(encoding="utf-8"))
    video = next(r for r in records if r["evidence"] == "the-long-video")
    assert video["identifiers"] == [hull(n) for n in range(HULLS)]
    assert video["as_written"] == "=" + "w" * LONG_WORDS
    assert isinstance(video["tags"], list)


def test_items_csv_fits_and_claims_json_has_via_as_a_list(run, tmp_path, big):
    out, _ = exported(run, tmp_path, big, "items", "csv")
    spreadsheet_rows(out)
    out, _ = exported(run, tmp_path, big, "claims", "json")
    claims = json.loads(out.read_text(encoding="utf-8"))
    assert claims[0]["via"] == ["relay"] and claims[0]["tags"] == []


def test_pandas_reads_the_csv(run, tmp_path, big):
    pandas = pytest.importorskip("pandas")
    out, _ = exported(run, tmp_path, big, "compare", "csv")
    frame = pandas.read_csv(out)
    assert frame["evidence"].map(lambda v: len(str(v))).max() <= CELL_LIMIT


def test_a_short_table_is_written_as_before_and_says_nothing(capsys):
    t = Table("t", [Column("ids", "Ids"), Column("n", "N", "int")], [{"ids": ["a", "=b"], "n": 1}])
    assert to_csv(t) == "ids,n\r\n\"a, =b\",1\r\n"
    assert json.loads(to_json(t)) == [{"ids": ["a", "=b"], "n": 1}]
    assert capsys.readouterr().err == ""


def test_any_long_cell_is_cut_and_said_once_per_column():
    said = []
    long_list = ["-x" * 10] * 5_000
    t = Table("t", [Column("ids", "Ids"), Column("n", "N", "int"), Column("t", "T")],
              [{"ids": long_list, "n": "+" * 40_000, "t": "a" * CELL_LIMIT},
               {"ids": long_list, "n": 2, "t": "=" + "a" * CELL_LIMIT}])
    rows = list(csv.reader(io.StringIO(to_csv(t, say=said.append), newline="")))
    assert all(len(cell) <= CELL_LIMIT for row in rows for cell in row)
    assert rows[1][0].startswith("5,000 entries: '-x-x") is False  # a summary starts with its count
    assert rows[1][0].startswith("5,000 entries: -x-x")
    assert rows[1][1].startswith("'++") and rows[1][2] == "a" * CELL_LIMIT  # exactly at the limit: whole
    assert rows[2][2].startswith("'=aaa") and rows[2][2].endswith("the full text in --format json]")
    assert len(said) == 1 and "ids in 2 rows, n in 1 row, t in 1 row" in said[0]
