"""`materiel timeline`: the library's timeline as a command, its table, exports and chart; every
row that is not a gap is `compare --as-of DATE`'s row, and a gap is never bridged."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest

import materiel
from materiel.output.tables import table

from .conftest import ROOT
from .helpers import WAR
from .test_hostile_end_to_end import dataset_text

SMALL = WAR + """\
series:
  - id: gs-daily
    of: claims
    event: war
    claimant: gs
    columns: [{equipment: tank, as_written: tank}, {equipment: aircraft, as_written: aircraft}]
    rows: [[2022-03-01, 200, 20], [2022-03-28, 500, 40], [2022-04-30, 700, ~]]
  - id: ox-history
    of: evidence
    publisher: ox
    event: war
    columns: [{equipment: tank, status: destroyed}, {equipment: tank, status: captured},
              {equipment: aircraft, status: destroyed}]
    rows: [[2022-03-28, 150, 100, ~], [2022-04-29, 250, 150, 15]]
"""

# The claimant goes on to 2022-04-20 while the compiler's last figure stays at 2022-03-28.
STALE_EVIDENCE = SMALL.replace("[2022-04-30, 700, ~]", "[2022-04-20, 600, 45]").replace(
    ", [2022-04-29, 250, 150, 15]", "")


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def stdout(result) -> str:
    return result.stdout_bytes.decode("utf-8")


def key(row: dict) -> tuple:
    return (row["event"], row["equipment"], row["status"], row["claimant"])


def figures(row: dict) -> tuple:
    return (row["claimed"], row["confirmed"], row["confirmed_broad"], row["ratio"], row["ratio_broad"],
            row["verdict"])


def timeline_json(run, data, *args) -> list[dict]:
    result = run("timeline", "--data", data, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def compare_json(run, data, date: str, *args) -> list[dict]:
    result = run("compare", "--data", data, "--as-of", date, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# The schedule

@pytest.mark.parametrize(("every", "dates"), [
    ("day", ["2022-03-01", "2022-03-28", "2022-04-29", "2022-04-30"]),
    ("week", ["2022-03-06", "2022-03-13", "2022-03-20", "2022-03-27", "2022-04-03", "2022-04-10",
              "2022-04-17", "2022-04-24", "2022-04-30"]),
    ("month", ["2022-03-31", "2022-04-30"]),
    ("year", ["2022-04-30"]),
])
def test_the_schedule_of_each_every(run, small, every, dates):
    result = materiel.load([small]).timeline(every=every)
    assert [str(d) for d in result.dates] == dates
    assert sorted({str(r.date) for r in result.rows}) <= dates
    shown = timeline_json(run, small, "--every", every)
    assert sorted({row["date"] for row in shown}) == sorted({str(r.date) for r in result.rows})


def test_from_and_to_bound_the_schedule(run, small):
    result = materiel.load([small]).timeline(every="week", start="2022-03-10", end="2022-04")
    assert str(result.dates[0]) == "2022-03-13"
    assert str(result.dates[-1]) == "2022-04-30"
    rows = timeline_json(run, small, "--every", "month", "--from", "2022-04", "--to", "2022-04-30")
    assert {row["date"] for row in rows} == {"2022-04-30"}


def test_the_default_is_every_month(run, small):
    assert {row["date"] for row in timeline_json(run, small)} == {"2022-03-31", "2022-04-30"}


# Each date is compare --as-of that date

@pytest.mark.parametrize("every", ["day", "week", "month"])
def test_without_a_gap_rule_every_row_is_compare_as_of_its_date(run, small, every):
    rows = timeline_json(run, small, "--every", every, "--max-gap", "100000")
    assert rows and not any(row["gap"] for row in rows)
    for date in sorted({row["date"] for row in rows}):
        expected = {key(r): figures(r) for r in compare_json(run, small, date, "--max-gap", "100000")}
        assert {key(r): figures(r) for r in rows if r["date"] == date} == expected


def test_with_the_gap_rule_every_row_with_nothing_left_out_is_compare_as_of_its_date(run, small):
    rows = timeline_json(run, small, "--every", "day")
    fresh = [row for row in rows if not row["stale"] and not row["gap"]]
    assert fresh
    for row in fresh:
        expected = {key(r): figures(r) for r in compare_json(run, small, row["date"])}
        assert figures(row) == expected[key(row)]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The General Staff's claims at four dates and Oryx's totals at two, imported one date a file."""
    from typer.testing import CliRunner

    from materiel.cli import app

    public = ROOT / "data" / "public"
    gs_file = public / "ua-general-staff-2026-08-08" / "russia_losses_equipment.json"
    totals = public / "oryx-2025-07-19" / "totals_by_type.csv"
    folder = tmp_path_factory.mktemp("imports")
    runs = [("ua-general-staff", gs_file, day, []) for day in ("2025-05-31", "2025-06-30", "2025-07-10",
                                                                 "2025-07-19")]
    runs += [("oryx-totals", totals, day, ["--country", "Russia"]) for day in ("2025-06-28", "2025-07-19")]
    for command, source, day, extra in runs:
        result = CliRunner().invoke(app, ["import", command, str(source), "--as-of", day, *extra,
                                          "-o", str(folder / f"{command}-{day}.yaml"),
                                          "--context", str(folder / "context.yaml")])
        assert result.exit_code == 0, result.stderr
    return folder


GS_KEYS = ("--event", "russia-losses-ukraine-2022", "--equipment", "ua-gs-tank", "--equipment", "ua-gs-apc",
           "--equipment", "ua-gs-field-artillery")


def test_on_imports_of_several_dates_every_row_is_compare_as_of_its_date(run, imported):
    rows = timeline_json(run, imported, "--every", "day", "--max-gap", "100000", *GS_KEYS)
    dates = sorted({row["date"] for row in rows})
    assert dates == ["2025-05-31", "2025-06-28", "2025-06-30", "2025-07-10", "2025-07-19"]
    for date in dates:
        expected = {key(r): figures(r) for r in compare_json(run, imported, date, "--max-gap", "100000",
                                                             *GS_KEYS)}
        assert {key(r): figures(r) for r in rows if r["date"] == date} == expected
    apc = [r for r in rows if r["equipment"] == "ua-gs-apc" and r["date"] == "2025-07-19"]
    assert [(r["claimed"], r["confirmed"], r["confirmed_broad"]) for r in apc] == [("23012", 9006, 10377)]


def test_on_imports_a_figure_too_old_is_not_carried(run, imported):
    rows = timeline_json(run, imported, "--every", "day", *GS_KEYS)
    tank = {r["date"]: r for r in rows if r["equipment"] == "ua-gs-tank"}
    # 2025-06-28: the General Staff's latest is of 2025-05-31, 28 days before: a gap, not 10867;
    # what Oryx confirms that day is still shown, as compare shows it (against the old claim).
    assert tank["2025-06-28"]["gap"] is True
    seen = compare_json(run, imported, "2025-06-28", *GS_KEYS)[0]
    assert (seen["claimed"], seen["claim_date"]) == ("10867", "2025-05-31")
    gap = tank["2025-06-28"]
    assert (gap["claimed"], gap["confirmed"], gap["verdict"]) == ("", seen["confirmed"], "not claimed")
    assert tank["2025-06-28"]["stale"] == ["ua-general-staff 2025-05-31"]
    # 2025-07-10: Oryx's latest is of 2025-06-28, 12 days before: no data, not 4074.
    assert (tank["2025-07-10"]["confirmed"], tank["2025-07-10"]["verdict"]) == (None, "no data")
    assert tank["2025-07-10"]["stale"] == ["oryx 2025-06-28"]
    assert compare_json(run, imported, "2025-07-10", *GS_KEYS)[0]["confirmed"] == 4074  # what compare bridges
    assert tank["2025-07-19"]["confirmed"] == 4074


# The gap rule

def test_a_missing_date_of_a_key_is_a_gap_row_never_a_carried_value(small):
    result = materiel.load([small]).timeline(every="week")
    tank = result.series()[("war", "tank", "lost", "gs")]
    by_date = {str(r.date): r for r in tank}
    assert list(by_date) == [str(d) for d in result.dates]  # one row for every date, none skipped
    gap = by_date["2022-03-13"]
    assert gap.gap and gap.claimed is None and gap.confirmed is None and gap.ratio is None
    assert [(who, str(when)) for who, when in gap.stale] == [("gs", "2022-03-01")]
    assert [r.gap for r in tank] == [False, True, True, True, False, True, True, True, False]


def test_a_figure_older_than_max_gap_is_no_data_with_the_stale_remark(run, tmp_path):
    path = tmp_path / "stale.yaml"
    path.write_text(STALE_EVIDENCE, encoding="utf-8")
    result = run("timeline", "--data", path, "--every", "day", "--equipment", "tank")
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.lstrip().startswith("2022-04-20"))
    assert "600" in line and "no data" in line and "250" not in line
    assert "ox's latest figure, of 2022-03-28, is 23 days before: not counted" in line
    assert "the gap is shown, not bridged" in result.stdout
    # compare takes the figure of 23 days before as it stands; the timeline does not.
    assert compare_json(run, path, "2022-04-20", "--equipment", "tank")[0]["confirmed"] == 250
    # A wider gap allowed counts it again.
    rows = timeline_json(run, path, "--every", "day", "--equipment", "tank", "--max-gap", "30")
    assert [r["confirmed"] for r in rows if r["date"] == "2022-04-20"] == [250]


def test_a_gap_row_says_so_on_screen(run, small):
    result = run("timeline", "--data", small, "--every", "week", "--equipment", "tank", "--claimant", "gs")
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.lstrip().startswith("2022-03-13"))
    assert "gap: no figure of gs on this date; gs's latest figure, of 2022-03-01, is 12 days before: " \
           "not counted" in line


# Formats and files

def test_csv_numbers_as_numbers_bounds_split_and_the_gap_fields(run, small):
    result = run("timeline", "--data", small, "--every", "week", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    text = stdout(result)
    assert text.startswith("date,event,equipment,")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text)))
    first = rows[0]
    assert (first["date"], first["claimed"], first["claimed_low"], first["claimed_high"]) == \
           ("2022-03-06", "200", "200", "200")
    header = text.split("\r\n", 1)[0].split(",")
    assert header[-2:] == ["gap", "stale"] and "remarks" not in header
    gaps = [r for r in rows if r["gap"] == "true"]
    assert gaps and all(r["claimed"] == "" and r["confirmed"] == "" for r in gaps)
    assert gaps[0]["stale"] == "gs 2022-03-01"


def test_json_is_the_library_timeline(run, small):
    rows = timeline_json(run, small, "--every", "week")
    result = materiel.load([small]).timeline(every="week")
    records = materiel.records(result)
    assert [r["stale"] for r in rows] == [r["stale"] for r in records]
    assert [(r["date"], r["gap"], r["confirmed"]) for r in rows] == \
           [(str(r.date), r.gap, None if r.confirmed is None else r.confirmed.low) for r in result.rows]
    assert isinstance(rows[-2]["confirmed"], int) and isinstance(rows[-2]["ratio"], float)


def test_the_fast_export_is_the_getters(small):
    result = materiel.load([small]).timeline(every="week")
    fast = table(result, exported_only=True)
    getters = [tuple(c.get(row) for c in fast.exported) for row in result.rows]
    assert fast.values() == getters


def test_markdown_has_the_screen_columns_and_the_notes(run, small):
    result = run("timeline", "--data", small, "--every", "week", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("**Claims against evidence over time, by category, every week, 2022-03-06 to "
                               "2022-04-30**")
    assert lines[2] == ("| Date | Event | Category | Status | Claimant | Claimed | Confirmed | Ratio | "
                        "Verdict | Claim date | Evidence date | Remarks |")
    assert "| 2022-03-13 | war | tank | lost | gs |  | — |  | no data |  |  | gap: no figure of gs on this " \
           "date; gs's latest figure, of 2022-03-01, is 12 days before: not counted; no figure for tank in " \
           "the evidence |" in lines
    assert any(line.startswith("- Gaps: a side's figure older than 7 days") for line in lines)


def test_output_file_is_written_whole(run, small, tmp_path):
    target = tmp_path / "timeline.csv"
    target.write_text("old", encoding="utf-8")
    result = run("timeline", "--data", small, "--format", "csv", "-o", target)
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_bytes().decode("utf-8") == stdout(run("timeline", "--data", small, "--format", "csv"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.yaml", "timeline.csv"]  # no temporary left


def test_output_over_the_data_is_refused(run, small):
    result = run("timeline", "--data", small, "--format", "csv", "-o", small)
    assert result.exit_code == 1
    assert "this run reads it" in result.stderr
    assert small.read_text(encoding="utf-8") == SMALL


# Usage

def test_from_after_to_is_a_usage_error(run, small):
    result = run("timeline", "--data", small, "--from", "2022-05", "--to", "2022-03")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == \
        "Error: Invalid value for --to: --to 2022-03-31 is before --from 2022-05-01"
    assert result.stdout == ""


@pytest.mark.parametrize("option", ["--as-of", "--since", "--until"])
def test_one_date_filters_are_refused_with_what_to_use(run, small, option):
    result = run("timeline", "--data", small, option, "2022-03")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"Error: Invalid value for {option}: a timeline runs --from a "
                                              f"date --to another; {option} is for one date")
    assert option not in run("timeline", "--help").stdout


def test_chart_with_an_export_on_stdout_is_refused(run, small):
    result = run("timeline", "--data", small, "--format", "csv", "--chart")
    assert result.exit_code == 2
    assert "the chart would mix with the export on stdout" in result.stderr


def test_an_unknown_every_is_a_usage_error(run, small):
    result = run("timeline", "--data", small, "--every", "fortnight")
    assert result.exit_code == 2


# The chart

def chart_of(text: str) -> list[str]:
    lines = text.splitlines()
    return lines[next(i for i, line in enumerate(lines) if line.startswith("Claimed against confirmed")):]


BLOCKS = set("█▏▎▍▌▋▊▉▒░")


@pytest.mark.parametrize("columns", ["100", "40"])
def test_the_chart_draws_no_bar_on_a_gap(run, small, columns):
    result = run("timeline", "--data", small, "--every", "week", "--chart", env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    chart = chart_of(result.stdout)
    gaps = [line for line in chart if "— gap" in line]
    assert len(gaps) == 9  # tank: 6 gap dates, aircraft: 3; one line each
    assert {line.split()[0] for line in gaps} >= {"2022-03-13", "2022-04-10"}
    assert not any(BLOCKS & set(line) for line in gaps)
    assert any("— gap (gs 2022-03-01, 12 days before)" in line for line in gaps) or \
        "    gs 2022-03-01, 12 days before" in chart  # on a narrow screen, under the date
    no_data = [line for line in chart if "confirmed — no data" in line]
    assert no_data and not any(BLOCKS & set(line) for line in no_data)
    assert all(len(line) <= int(columns) for line in chart)


def test_the_chart_draws_both_series_to_one_scale(run, small):
    result = run("timeline", "--data", small, "--every", "month", "--equipment", "tank", "--chart",
                 env={"COLUMNS": "100"})
    chart = chart_of(result.stdout)
    claimed = [line for line in chart if "claimed   " in line and line.rstrip().endswith(("500", "700"))]
    confirmed = [line for line in chart if "confirmed " in line and line.rstrip().endswith(("250", "400"))]
    assert len(claimed) == 2 and len(confirmed) == 2

    def cells(line):
        return sum(1 for c in line if c == "█")

    assert cells(claimed[0]) < cells(claimed[1])  # 500 < 700
    assert abs(cells(confirmed[1]) * 700 / cells(claimed[1]) - 400) < 40  # one scale for both


def test_the_chart_shows_a_range_in_doubt_as_a_lighter_part(run, imported):
    result = run("timeline", "--data", imported, "--every", "month", "--equipment", "ua-gs-apc",
                 "--claimant", "ua-general-staff", "--from", "2025-07", "--chart", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    line = next(line for line in chart_of(result.stdout) if "9006-10377" in line)
    assert "█" in line and "▒" in line


# Hostile text

def test_hostile_text_stays_inert(run, tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(dataset_text(), encoding="utf-8")
    for args in (("--chart",), ("--level", "type", "--chart"), ("--format", "markdown")):
        result = run("timeline", "--data", path, "--every", "day", *args, env={"COLUMNS": "60"})
        assert result.exit_code == 0, result.stderr
        out = result.stdout
        assert not [c for c in out if unicodedata.category(c) in ("Cc", "Cf") and c != "\n"]
        assert "evil-tank" in out or "tank" in out
    export = run("timeline", "--data", path, "--every", "day", "--level", "type", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(stdout(export))))
    names = [r["equipment_name"] for r in rows if r["equipment"] == "evil-tank"]
    assert names and all(name.startswith("'\r12 ") for name in names)  # a formula neutralised
    as_json = timeline_json(run, path, "--every", "day", "--level", "type")
    assert any("\x1b[2J" in r["equipment_name"] for r in as_json)  # JSON keeps the text exactly



TWO_CLAIMANTS = SMALL.replace(
    "  - {id: ox, name: Oryx,",
    "  - {id: mod, name: Ministry, kind: belligerent-official, affiliation: Russia}\n  - {id: ox, name: Oryx,"
).replace("  - id: ox-history\n", """\
  - id: mod-daily
    of: claims
    event: war
    claimant: mod
    columns: [{equipment: tank, as_written: tank}]
    rows: [[2022-03-01, 50]]
  - id: ox-history
""")


def test_a_row_names_only_the_sides_left_out_of_it(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(TWO_CLAIMANTS, encoding="utf-8")
    result = materiel.load([path]).timeline(every="day")
    row = next(r for r in result.rows if str(r.date) == "2022-03-28" and r.claimant == "gs"
               and r.equipment == "tank")
    assert row.confirmed is not None and row.confirmed.low == 250  # gs and Oryx both stand that day
    assert row.stale == ()  # the Ministry's figure of 2022-03-01 is left out, but it is not this row's
