"""Numbers a researcher can quote: no data is not zero, one date, mappings in doubt as ranges,
presence is not a count. Figures are checked against sums computed here from the raw files."""

from __future__ import annotations

import csv
import datetime
import json

import yaml

from .helpers import dataset_from
from .test_imports import DAILY, GS_FILE, TOTALS, claims_on

RUSSIA = "russia-losses-ukraine-2022"


def first_russian_row(category: str) -> str:
    """The first date of daily_count.csv with a Russian row for `category` (read here, not by materiel)."""
    with open(DAILY, newline="", encoding="utf-8") as handle:
        return min(r["date_recorded"] for r in csv.DictReader(handle)
                   if r["country"] == "Russia" and r["equipment_type"].strip() == category)


def russian_totals() -> dict[str, int]:
    """Oryx's Russian type totals on 2025-07-19, by category, from totals_by_type.csv."""
    with open(TOTALS, newline="", encoding="utf-8") as handle:
        return {" ".join(r["equipment_type"].split()): int(r["type_total"])
                for r in csv.DictReader(handle) if r["country"] == "Russia"}


def compare_json(run, folder, *args) -> list[dict]:
    result = run("compare", "--data", folder, "--event", RUSSIA, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def row_of(rows: list[dict], equipment: str) -> dict:
    return next(r for r in rows if r["equipment"] == equipment)


def test_missing_history_is_no_data_not_zero(run, imports, tmp_path):
    day = "2024-12-31"
    imports("ua-general-staff", GS_FILE, "--as-of", day, output="gs.yaml")
    _, path = imports("oryx-totals", DAILY, "--as-of", day, "--country", "Russia", output="oryx.yaml")
    # The file itself says what it lacks, and from when each history runs.
    [record] = yaml.safe_load(path.read_text(encoding="utf-8"))["evidence"]
    lacks = {lack["equipment"]: lack for lack in record["lacks"]}
    assert str(lacks["tank"]["history_from"]) == first_russian_row("Tanks") > day
    assert record["cumulative"] is True and "tank" not in record["scope"]
    rows = compare_json(run, tmp_path)
    tank = row_of(rows, "ua-gs-tank")
    assert (tank["confirmed"], tank["ratio"], tank["verdict"], tank["lacking"]) == (
        None, None, "no data", ["tank"])
    # Field artillery sums four categories; the file has a row for artillery support vehicles only.
    artillery = row_of(rows, "ua-gs-field-artillery")
    assert artillery["verdict"] == "no data" and artillery["confirmed"] is None
    assert "towed-artillery" in artillery["lacking"]
    # On screen the row says why; --strict fails on it.
    screen = run("compare", "--data", tmp_path, "--event", RUSSIA, "--equipment", "ua-gs-tank",
                 env={"COLUMNS": "250"})
    line = next(x for x in screen.stdout.splitlines() if "ua-gs-tank" in x)
    assert "no data" in line and "no figure for tank in the evidence" in line and " 0 " not in line
    strict = run("compare", "--data", tmp_path, "--event", RUSSIA, "--equipment", "ua-gs-tank", "--strict")
    assert strict.exit_code == 1 and "not confirmed" in strict.stderr


def test_a_category_no_evidence_can_reach_is_no_data(run, imports, tmp_path):
    imports("ua-general-staff", GS_FILE, "--as-of", "2025-07-19", output="gs.yaml")
    imports("oryx-totals", TOTALS, "--as-of", "2025-07-19", "--country", "Russia", output="oryx.yaml")
    cruise = row_of(compare_json(run, tmp_path), "ua-gs-cruise-missiles")
    assert (cruise["confirmed"], cruise["verdict"]) == (None, "no data")


def test_a_category_in_doubt_shows_narrow_and_broad(run, imports, tmp_path):
    day = "2025-07-19"
    imports("ua-general-staff", GS_FILE, "--as-of", day, output="gs.yaml")
    imports("oryx-totals", TOTALS, "--as-of", day, "--country", "Russia", output="oryx.yaml")
    totals = russian_totals()
    narrow = sum(totals[c] for c in ("Armoured Fighting Vehicles", "Infantry Fighting Vehicles",
                                     "Armoured Personnel Carriers", "Mine-Resistant Ambush Protected"))
    broad = narrow + sum(totals[c] for c in ("Infantry Mobility Vehicles",
                                             "Command Posts And Communications Stations",
                                             "Engineering Vehicles And Equipment"))
    assert totals["Tanks"] == 4074 and narrow == 9006 and broad == 10377
    claimed = claims_on(day)["APC"]
    apc = row_of(compare_json(run, tmp_path), "ua-gs-apc")
    assert (apc["confirmed"], apc["confirmed_broad"]) == (narrow, broad)
    assert (apc["ratio"], apc["ratio_broad"]) == (round(narrow / claimed, 2), round(broad / claimed, 2))
    assert apc["in_doubt"] == ["imv", "command-post", "engineering"] and apc["dates_flagged"] is False
    screen = run("compare", "--data", tmp_path, "--event", RUSSIA, "--equipment", "ua-gs-apc",
                 env={"COLUMNS": "250"})
    line = next(x for x in screen.stdout.splitlines() if "ua-gs-apc" in x)
    assert f"{narrow}-{broad}" in line and f"{narrow / claimed:.2f}-{broad / claimed:.2f}" in line
    assert "in doubt: imv + command-post + engineering" in line


def test_a_claim_and_evidence_of_two_dates_are_flagged(run, imports, tmp_path):
    imports("ua-general-staff", GS_FILE, "--as-of", "2026-08-08", output="gs.yaml")
    imports("oryx-totals", TOTALS, "--as-of", "2025-07-19", "--country", "Russia", output="oryx.yaml")
    apart = (datetime.date(2026, 8, 8) - datetime.date(2025, 7, 19)).days
    tank = row_of(compare_json(run, tmp_path), "ua-gs-tank")
    assert (tank["claim_date"], tank["evidence_date"], tank["days_apart"], tank["dates_flagged"]) == (
        "2026-08-08", "2025-07-19", apart, True)
    table = run("compare", "--data", tmp_path, "--event", RUSSIA, "--equipment", "ua-gs-tank",
                env={"COLUMNS": "250"}).stdout
    assert f"claim 2026-08-08 and evidence 2025-07-19 are {apart:,} days apart" in table
    assert "more than 7 days apart" in table
    markdown = run("compare", "--data", tmp_path, "--event", RUSSIA, "--format", "markdown").stdout
    assert f"{apart:,} days apart" in markdown
    csv_text = run("compare", "--data", tmp_path, "--event", RUSSIA, "--format", "csv").stdout
    assert "claim_date,evidence_date,days_apart,dates_flagged" in csv_text.splitlines()[0]
    page = run("report", "--data", tmp_path, "--event", RUSSIA, "-o", "-", "--date", "2026-11-28").stdout
    assert f"{apart:,} days apart" in page
    wide = compare_json(run, tmp_path, "--max-gap", str(apart))
    assert row_of(wide, "ua-gs-tank")["dates_flagged"] is False


def test_as_of_takes_each_sides_latest_cumulative_record(run, imports, tmp_path):
    for day in ("2024-12-31", "2026-08-08"):
        imports("ua-general-staff", GS_FILE, "--as-of", day, output=f"gs-{day}.yaml")
    imports("oryx-totals", TOTALS, "--as-of", "2025-07-19", "--country", "Russia", output="oryx.yaml")
    # With no date, a running total supersedes the earlier ones: the latest claim counts, once.
    tank = row_of(compare_json(run, tmp_path), "ua-gs-tank")
    assert (tank["claimed_low"], tank["claims"]) == (claims_on("2026-08-08")["tank"],
                                                     ["ua-general-staff-2026-08-08"])
    # At a date, each side's latest on or before it.
    tank = row_of(compare_json(run, tmp_path, "--as-of", "2025-07-19"), "ua-gs-tank")
    assert (tank["claimed_low"], tank["claim_date"], tank["evidence_date"]) == (
        claims_on("2024-12-31")["tank"], "2024-12-31", "2025-07-19")
    before = compare_json(run, tmp_path, "--as-of", "2025-01-01")
    assert row_of(before, "ua-gs-tank")["verdict"] == "no data", "no evidence yet on that date"
    bad = run("compare", "--data", tmp_path, "--as-of", "2025-02-30")
    assert bad.exit_code == 2 and "--as-of" in bad.stderr


def test_presence_alone_gives_no_number_and_no_ratio(run):
    rows = json.loads(run("compare", "--format", "json").stdout)  # the bundled Palmyra dataset
    for row in rows:
        if row["confirmed_open"] and row["confirmed"] == 1:  # seen, with no number
            assert row["ratio"] is None, row
    # before CENTCOM's release (16 December), only the video's "artillery pieces": seen, no number
    before = json.loads(run("compare", "--until", "2016-12-15", "--format", "json").stdout)
    towed = row_of(before, "artillery")
    assert (towed["confirmed"], towed["confirmed_open"], towed["ratio"]) == (1, True, None)
    # with the release's three artillery systems, the number is 3 and presence keeps it open: 3+
    towed = row_of(rows, "artillery")
    assert (towed["confirmed"], towed["confirmed_open"], towed["ratio"]) == (3, True, 0.43)


def test_what_was_seen_under_another_status_is_said(tmp_path):
    from materiel.analysis import queries

    dataset = dataset_from(tmp_path, """
    claims:
      - {id: c, event: e1, claimant: relay, published: 2016-12-11, status: abandoned,
         items: [{equipment: tank, quantity: unspecified}]}
    evidence:
      - {id: v, event: e1, kind: video, publisher: geo, published: 2016-12-12, status: captured,
         observations: [{equipment: t-72, count: 2}]}
    """)
    rows = queries.compare(dataset).rows
    claimed = next(r for r in rows if r.claimant == "relay")
    assert claimed.verdict == "unconfirmed"
    assert [(s.value, c.display()) for s, c in claimed.seen_otherwise] == [("captured", "2")]
    from materiel.output.tables import table

    shown = table(queries.compare(dataset))
    assert shown.rows[0]["remarks"] == "seen as captured 2"


def test_evidence_with_a_scope_speaks_to_nothing_else(tmp_path):
    from materiel.analysis import queries

    dataset = dataset_from(tmp_path, """
    claims:
      - {id: c, event: e1, claimant: relay, published: 2016-12-11, status: lost,
         items: [{equipment: tank, quantity: 3}, {equipment: ifv, quantity: 2}]}
    evidence:
      - {id: t, event: e1, kind: dataset, publisher: geo, published: 2016-12-12, scope: [tank],
         observations: [{equipment: tank, count: 0}]}
    """)
    rows = {r.equipment: r for r in queries.compare(dataset).rows}
    # the table counts tanks and saw none: 0; it has no column for IFVs: no data
    assert (rows["tank"].confirmed.display(), rows["tank"].verdict) == ("0", "unconfirmed")
    assert (rows["ifv"].confirmed, rows["ifv"].verdict, rows["ifv"].lacking) == (None, "no data", ("ifv",))


def test_a_claim_with_no_evidence_at_all_is_no_data(tmp_path):
    from materiel.analysis import queries

    dataset = dataset_from(tmp_path, """
    claims:
      - {id: c, event: e2, claimant: relay, published: 2017, items: [{equipment: tank, quantity: 3}]}
    """)
    [row] = queries.compare(dataset).rows
    assert (row.confirmed, row.ratio, row.verdict) == (None, None, "no data")


def test_the_mappings_command_shows_each_reading_and_where_it_is_written(run, tmp_path):
    rows = json.loads(run("mappings", "--format", "json").stdout)
    apc = next(r for r in rows if r["node"] == "ua-gs-apc")
    assert (apc["covers"], apc["in_doubt"]) == (["afv", "ifv", "apc", "mrap"],
                                                ["imv", "command-post", "engineering"])
    assert apc["where"] == "materiel/mappings_ua_general_staff.yaml (built in)" and apc["note"]
    mine = tmp_path / "mine.yaml"
    mine.write_text("mappings:\n  - {node: ua-gs-apc, covers: [afv, ifv, apc, mrap, imv], "
                    "note: armoured cars are armoured}\n", encoding="utf-8")
    rows = json.loads(run("mappings", "--data", mine, "--format", "json").stdout)
    apc = next(r for r in rows if r["node"] == "ua-gs-apc")
    assert (apc["covers"], apc["in_doubt"], apc["where"]) == (
        ["afv", "ifv", "apc", "mrap", "imv"], [], f"{mine}:2:12")  # the value of `node`
    screen = run("mappings", "--data", mine, env={"COLUMNS": "300"}).stdout
    assert "armoured cars are armoured" in screen and "ua-gs-special-equipment" in screen


def test_the_readme_worked_example_at_two_dates_is_what_materiel_prints(run, tmp_path, monkeypatch):
    from .conftest import ROOT

    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    context = ("--context", "out/context.yaml")
    for day in ("2024-12-31", "2025-07-19"):
        assert run("import", "ua-general-staff", GS_FILE, "--as-of", day, "-o", f"out/gs-{day}.yaml",
                   *context).exit_code == 0
    assert run("import", "oryx-totals", DAILY, "--as-of", "2024-12-31", "--country", "Russia",
               "-o", "out/oryx-2024-12-31.yaml", *context).exit_code == 0
    assert run("import", "oryx-totals", TOTALS, "--as-of", "2025-07-19", "--country", "Russia",
               "-o", "out/oryx-2025-07-19.yaml", *context).exit_code == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for day in ("2024-12-31", "2025-07-19"):
        shown = run("compare", "--data", "out", "--event", RUSSIA, "--equipment", "ua-gs-tank",
                    "--equipment", "ua-gs-apc", "--equipment", "ua-gs-field-artillery", "--as-of", day,
                    "--format", "markdown").stdout
        assert shown in readme, day
    assert "| ua-gs-tank | tank | lost | ua-general-staff | 9668 | F6 | — |  |  |  | no data |" in readme
    assert "9006-10377" in readme and "0.39-0.45" in readme



def test_the_catalog_shows_what_a_category_covers_in_doubt(run):
    rows = json.loads(run("catalog", "--search", "APC (Ukrainian", "--format", "json").stdout)
    assert [(r["id"], r["covers"], r["in_doubt"]) for r in rows] == [
        ("ua-gs-apc", ["afv", "ifv", "apc", "mrap"], ["imv", "command-post", "engineering"])]


def test_a_long_summed_list_is_said_in_part_on_screen_and_whole_in_exports(run):
    screen = run("compare", env={"COLUMNS": "250"}).stdout
    line = next(x for x in screen.splitlines() if x.strip().startswith("heavy-weapons"))
    assert "tank + afv + ifv + 9 more" in line
    row = row_of(json.loads(run("compare", "--format", "json").stdout), "heavy-weapons")
    assert row["summed"].count(" + ") == 11
