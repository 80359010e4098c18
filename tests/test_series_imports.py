"""Imports of series (issue 15): the General Staff's daily claims and Oryx's totals over time as
`series:` records, end to end through the command line.

Expected numbers are read here from the raw CSV and JSON with the csv and json modules, never by
calling the code under test.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

PUBLIC = ROOT / "data" / "public"
GS_FILE = PUBLIC / "ua-general-staff-2026-08-08" / "russia_losses_equipment.json"
HISTORY = PUBLIC / "oryx-history-2022-2025" / "totals_by_type_history.csv"
DAILY = PUBLIC / "oryx-2025-07-19" / "daily_count.csv"
HEADER = "snapshot_date,commit,country,equipment_type,destroyed,abandoned,captured,damaged,type_total"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def series_of(path: Path, series_id: str) -> dict:
    return next(s for s in load(path)["series"] if s["id"] == series_id)


def cell(series: dict, day: str, equipment: str, status: str | None = None):
    index = next(i for i, c in enumerate(series["columns"], start=1)
                 if c["equipment"] == equipment and c.get("status") == status)
    row = next(r for r in series["rows"] if str(r[0]) == day)
    return row[index]


def history_rows(country: str, category: str) -> list[dict]:
    with HISTORY.open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle)
                if r["country"] == country and r["equipment_type"].strip() == category]


def validate(run, *paths) -> None:
    args = ["--no-cache", "validate"]
    for path in paths:
        args += ["--data", path]
    result = run(*args)
    assert result.exit_code == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """The whole General Staff file and the whole Oryx history, imported daily into one folder."""
    from typer.testing import CliRunner

    from materiel.cli import app

    folder = tmp_path_factory.mktemp("series")
    for args in (["ua-general-staff", GS_FILE, "-o", folder / "gs.yaml"],
                 ["oryx-history", HISTORY, "-o", folder / "oryx.yaml"]):
        result = CliRunner().invoke(app, ["import", *map(str, args), "--context",
                                          str(folder / "context.yaml")])
        assert result.exit_code == 0, result.stdout + result.stderr
        (folder / f"{args[0]}.report").write_text(result.stdout, encoding="utf-8")
    return folder


def test_the_written_files_validate(run, written):
    validate(run, written)


def test_the_general_staff_series_holds_every_day_of_the_file(written):
    days = json.loads(GS_FILE.read_text(encoding="utf-8"))
    series = series_of(written / "gs.yaml", "ua-general-staff-daily")
    assert (series["of"], series["claimant"], series["status"]) == ("claims", "ua-general-staff", "lost")
    assert [str(r[0]) for r in series["rows"]] == [d["date"] for d in days]
    keys = [c["as_written"] for c in series["columns"]]
    for day in (days[0], days[100], days[-1]):
        row = next(r for r in series["rows"] if str(r[0]) == day["date"])
        # a category the day has is its count (0 stays 0); one it lacks is ~, not 0
        assert row[1:] == [day.get(k) for k in keys]
    assert cell(series, "2022-02-25", "ua-gs-anti-aircraft-warfare", None) == 0
    assert cell(series, "2022-02-25", "ua-gs-cruise-missiles", None) is None


def test_russian_tanks_on_a_day_are_the_csv_row(written):
    rows = [r for r in history_rows("Russia", "Tanks") if r["snapshot_date"] <= "2023-12-31"]
    day = max(r["snapshot_date"] for r in rows)
    row = next(r for r in rows if r["snapshot_date"] == day)
    series = series_of(written / "oryx.yaml", "oryx-history-russia-daily")
    for status in ("destroyed", "abandoned", "captured", "damaged"):
        assert cell(series, day, "tank", status) == int(row[status])


def test_compare_as_of_a_day_agrees_with_both_files(run, written):
    day = "2023-12-31"
    claimed = next(d for d in json.loads(GS_FILE.read_text(encoding="utf-8")) if d["date"] == day)["tank"]
    rows = [r for r in history_rows("Russia", "Tanks") if r["snapshot_date"] <= day]
    latest = max(rows, key=lambda r: r["snapshot_date"])
    result = run("--no-cache", "compare", "--data", written, "--event", "russia-losses-ukraine-2022",
                 "--equipment", "ua-gs-tank", "--as-of", day, "--format", "json")
    assert result.exit_code == 0, result.stderr
    (tank,) = json.loads(result.stdout)
    assert (tank["claimed"], tank["confirmed"]) == (str(claimed), int(latest["type_total"]))
    assert (tank["claim_date"], tank["evidence_date"]) == (day, latest["snapshot_date"])


def test_the_repeated_infantry_mobility_vehicles_are_settled_by_all_types(written):
    imv = history_rows("Ukraine", "Infantry Mobility Vehicles")
    repeated = sorted({r["snapshot_date"] for r in imv if sum(x["snapshot_date"] == r["snapshot_date"]
                                                               for x in imv) > 1})
    assert (repeated[0], repeated[-1], len(repeated)) == ("2022-05-29", "2022-06-12", 15)
    series = series_of(written / "oryx.yaml", "oryx-history-ukraine-daily")
    assert sum(cell(series, "2022-05-29", "imv", s) for s in
               ("destroyed", "abandoned", "captured", "damaged")) == 100
    notes = {str(n["date"]): n["note"] for n in series["notes"]}
    assert set(repeated) <= set(notes)
    assert "line 1904 (100) and line 1905 (2): the row of 100 is kept" in notes["2022-05-29"]
    report = (written / "oryx-history.report").read_text(encoding="utf-8")
    assert "Ukraine `Infantry Mobility Vehicles`: 15 dates from 2022-05-29 to 2022-06-12" in report


def test_the_report_shows_the_renames_and_what_was_left_out(written):
    report = (written / "oryx-history.report").read_text(encoding="utf-8")
    assert "Russia `Multiple Rocket Launchers` -> rocket-artillery (2022-03-28 to 2025-06-12)" in report
    assert "Russia `Trucks, Vehicles and Jeeps` -> truck (2022-03-28 to 2023-06-08)" in report
    assert "Ukraine `Self-Propelled Anti-Aircraft Guns\\x0a` -> spaag (2022-03-28 to 2023-02-07)" in report
    assert "Russia `Unmanned Aerial Vehicles` (2022-03-28 to 2022-11-15, 176 rows)" in report
    assert "Oryx's totals cannot tell ships from submarines" in report
    series = series_of(written / "oryx.yaml", "oryx-history-russia-daily")
    assert "cannot tell ships from submarines" in series["note"]
    # a category first seen mid-series has no figure before (not 0)
    days = [str(r[0]) for r in series["rows"]]
    first = days.index("2024-04-21")
    assert cell(series, days[first - 1], "ugv", "destroyed") is None
    assert cell(series, "2024-04-21", "ugv", "destroyed") is not None


def small_history(tmp_path: Path, lines: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "history.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


GOOD = ["2022-03-28,c1,Russia,All Types,10,0,0,0,10",
        "2022-03-28,c1,Russia,Tanks,6,0,0,0,6",
        "2022-03-28,c1,Russia,Naval Ships,4,0,0,0,4"]


def test_a_repeat_nothing_settles_is_refused_with_both_lines(run, tmp_path):
    path = small_history(tmp_path, [*GOOD,
                                    "2022-03-29,c2,Russia,All Types,50,0,0,0,50",
                                    "2022-03-29,c2,Russia,Tanks,7,0,0,0,7",
                                    "2022-03-29,c2,Russia,tanks,8,0,0,0,8",
                                    "2022-03-29,c2,Russia,Naval Ships,4,0,0,0,4"])
    out = tmp_path / "out.yaml"
    result = run("import", "oryx-history", path, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert f"{path}:7: a second row for Russia's `Tanks` on 2022-03-29: line 6 (type_total 7) and " \
           "line 7 (type_total 8); nothing settles which counts" in result.stderr
    assert not out.exists()


def test_a_repeat_all_types_settles_is_kept_with_a_note(run, tmp_path):
    path = small_history(tmp_path, [*GOOD,
                                    "2022-03-29,c2,Russia,All Types,11,0,0,0,11",
                                    "2022-03-29,c2,Russia,Tanks,7,0,0,0,7",
                                    "2022-03-29,c2,Russia,Tanks,1,0,0,0,1",
                                    "2022-03-29,c2,Russia,Naval Ships,4,0,0,0,4"])
    out = tmp_path / "out.yaml"
    result = run("import", "oryx-history", path, "-o", out)
    assert result.exit_code == 0, result.stderr
    series = series_of(out, "oryx-history-russia-daily")
    assert cell(series, "2022-03-29", "tank", "destroyed") == 7
    assert "the row of 7 is kept" in series["notes"][0]["note"]
    validate(run, out)


@pytest.mark.parametrize(("lines", "header", "line", "message"), [
    (["2022-03-28,c1,Russia,Tanks,-6,0,0,0,-6"], HEADER, 2,
     "`destroyed` is -6: a cumulative count cannot be negative"),
    ([*GOOD, "2022-03-27,c0,Russia,Tanks,5,0,0,0,5"], HEADER, 5,
     "2022-03-27 comes after 2022-03-28 (line 4)"),
    (GOOD, HEADER.replace("equipment_type", "category"), 1, "expected the header"),
])
def test_bad_input_is_one_positioned_error_and_nothing_written(run, tmp_path, lines, header, line, message):
    path = small_history(tmp_path, lines, header)
    out = tmp_path / "out.yaml"
    result = run("import", "oryx-history", path, "-o", out, "--context", tmp_path / "context.yaml")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"materiel: {path}:{line}: ") and message in result.stderr
    assert not out.exists() and not (tmp_path / "context.yaml").exists()


def test_every_problem_is_said_on_its_own_line(run, tmp_path):
    path = small_history(tmp_path, ["2022-03-28,c1,Russia,Tanks,-6,0,0,0,-6",
                                    "2022-03-28,c1,Russia,Naval Ships,x,0,0,0,4"])
    result = run("import", "oryx-history", path, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1
    assert [line.split(": ")[1] for line in result.stderr.splitlines()] == [f"{path}:2", f"{path}:3"]


def test_every_month_keeps_the_last_date_of_each_month(run, tmp_path):
    out = tmp_path / "gs.yaml"
    result = run("import", "ua-general-staff", GS_FILE, "--from", "2022-03-10", "--to", "2022-06-15",
                 "--every", "month", "-o", out)
    assert result.exit_code == 0, result.stderr
    days = [d["date"] for d in json.loads(GS_FILE.read_text(encoding="utf-8"))
            if "2022-03-10" <= d["date"] <= "2022-06-15"]
    last = {}
    for day in days:
        last[day[:7]] = day
    series = series_of(out, "ua-general-staff-monthly")
    assert [str(r[0]) for r in series["rows"]] == sorted(last.values())
    assert [str(r[0]) for r in series["rows"]][-1] == "2022-06-15"


def test_the_history_by_week_keeps_the_last_snapshot_of_each_iso_week(run, tmp_path):
    import datetime

    out = tmp_path / "oryx.yaml"
    result = run("import", "oryx-history", HISTORY, "--every", "week", "--country", "Russia",
                 "--to", "2022-06-30", "-o", out)
    assert result.exit_code == 0, result.stderr
    days = sorted({r["snapshot_date"] for r in history_rows("Russia", "Tanks")
                   if r["snapshot_date"] <= "2022-06-30"})
    last = {}
    for day in days:
        last[datetime.date.fromisoformat(day).isocalendar()[:2]] = day
    assert [str(r[0]) for r in series_of(out, "oryx-history-russia-weekly")["rows"]] == sorted(last.values())
    assert [s["id"] for s in load(out)["series"]] == ["oryx-history-russia-weekly"]


def test_daily_count_carries_each_category_by_its_own_rule(run, tmp_path):
    out = tmp_path / "daily.yaml"
    result = run("import", "oryx-history", DAILY, "--country", "Russia", "-o", out)
    assert result.exit_code == 0, result.stderr
    validate(run, out)
    series = series_of(out, "oryx-daily-count-russia-daily")
    with DAILY.open(encoding="utf-8", newline="") as handle:
        tanks = [r for r in csv.DictReader(handle)
                 if r["country"] == "Russia" and r["equipment_type"] == "Tanks"]
    first = min(r["date_recorded"] for r in tanks)
    days = [str(r[0]) for r in series["rows"]]
    before = [d for d in days if d < first]
    assert before and all(cell(series, d, "tank", "destroyed") is None for d in before)
    later = next(d for d in days if d > first and d not in {r["date_recorded"] for r in tanks})
    carried = max((r for r in tanks if r["date_recorded"] <= later), key=lambda r: r["date_recorded"])
    assert cell(series, later, "tank", "destroyed") == int(carried["destroyed"])


def test_as_of_and_a_range_are_exclusive(run, tmp_path):
    result = run("import", "ua-general-staff", GS_FILE, "--as-of", "2022-03-01", "--to", "2022-03-05",
                 "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2
    assert "--as-of imports one day; --from, --to and --every a series" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_the_same_input_gives_the_same_bytes(run, tmp_path):
    outputs = []
    for name in ("a.yaml", "b.yaml"):
        result = run("import", "oryx-history", HISTORY, "--every", "month", "-o", tmp_path / name)
        assert result.exit_code == 0, result.stderr
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    assert b"\n      - [2022-03-31, " in outputs[0]


def test_oryx_history_is_registered_by_the_app_itself():
    import subprocess

    result = subprocess.run([sys.executable, "-m", "materiel", "--no-cache", "import", "oryx-history",
                             "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
