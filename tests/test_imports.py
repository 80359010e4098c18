"""`materiel import`: the public record (data/public/) as materiel datasets, end to end.

Expected numbers are computed here from the raw CSV and JSON with the csv and json modules and a
table of the vocabularies written for the test, never by calling the code under test.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from materiel.dataset import load_dataset
from materiel.errors import ImportFailed, ProblemsFound
from materiel.reading.document import read_document
from materiel.writing.yaml import yaml_scalar

from .conftest import ROOT

PUBLIC = ROOT / "data" / "public"
ORYX = PUBLIC / "oryx-2025-07-19"
GS = PUBLIC / "ua-general-staff-2026-08-08"
GS_FILE = GS / "russia_losses_equipment.json"
TOTALS = ORYX / "totals_by_type.csv"
DAILY = ORYX / "daily_count.csv"
EVENT_FILES = [ORYX / f"event_{s}.csv" for s in ("destroyed", "captured", "abandoned", "damaged")]
FIXTURES = ROOT / "tests" / "data" / "imports"
DAY = "2025-07-19"

# The Oryx categories renamed since the crosswalk was made, written out for the test.
RENAMED = {"Multiple Rocket Launchers": "Rocket and Missile Artillery",
           "Naval Ships": "Naval Ships and Submarines",
           "Trucks, Vehicles and Jeeps": "Trucks, Vehicles, Jeeps, and Trains"}


def claims_on(day: str) -> dict:
    return next(e for e in json.loads(GS_FILE.read_text(encoding="utf-8")) if e["date"] == day)


def compare_rows(run, *paths, fmt="json") -> list[dict]:
    args = ["compare", "--event", "russia-losses-ukraine-2022", "--format", fmt]
    for path in paths:
        args += ["--data", path]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout) if fmt == "json" else result.stdout


def test_the_worked_example(run, worked_example):
    """On 2025-07-19 the General Staff claimed 11,032 Russian tanks; Oryx had confirmed 4,074."""
    tmp_path = worked_example
    tank = next(r for r in compare_rows(run, tmp_path) if r["equipment"] == "ua-gs-tank")
    assert (tank["claimant"], tank["claimed"], tank["confirmed"], tank["ratio"], tank["verdict"],
            tank["summed"], tank["independent"]) == (
        "ua-general-staff", "11032", 4074, 0.37, "partly confirmed", "tank", True)
    assert tank["evidence"] == [f"oryx-totals-russia-{DAY}"]
    screen = compare_rows(run, tmp_path, fmt="table")
    line = next(x for x in screen.splitlines() if x.strip().startswith("ua-gs-tank "))
    assert line.split() == ["ua-gs-tank", "tank", "lost", "ua-general-staff", "11032", "F6", "4074", "B6",
                            "yes", "0.37", "partly", "confirmed"]
    # Oryx's 4,074: 2,991 destroyed, 392 abandoned, 533 captured, 158 damaged, in one record
    data = yaml.safe_load((tmp_path / "oryx-totals.yaml").read_text(encoding="utf-8"))
    [russia] = [e for e in data["evidence"] if e["event"] == "russia-losses-ukraine-2022"]
    tanks = {o["status"]: o["count"] for o in russia["observations"] if o["equipment"] == "tank"}
    assert tanks == {"destroyed": 2991, "abandoned": 392, "captured": 533, "damaged": 158}


# Each General Staff category against Oryx's totals, as materiel's mapping reads it, is checked
# in test_mappings.py.


def test_the_claim_holds_one_item_per_category_of_the_day(imports):
    _, path = imports("ua-general-staff", GS_FILE, "--as-of", DAY, output="gs.yaml", context=False)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    [claim] = data["claims"]
    assert (claim["claimant"], claim["status"], claim["published"]) == ("ua-general-staff", "lost", DAY)
    raw = claims_on(DAY)
    counted = {k: v for k, v in raw.items() if k not in ("date", "day") and v}
    assert {i["as_written"]: i["quantity"] for i in claim["items"]} == counted
    assert [s["id"] for s in data["sources"]] == ["ua-general-staff"]
    assert [e["id"] for e in data["events"]] == ["russia-losses-ukraine-2022"]
    load_dataset([path])  # valid on its own


def test_a_claim_about_russian_losses_is_never_confirmed_by_ukrainian_ones(run, imports, tmp_path):
    imports("ua-general-staff", GS_FILE, "--as-of", DAY, output="gs.yaml")
    imports("oryx-totals", TOTALS, "--as-of", DAY, "--country", "Ukraine", output="oryx-ua.yaml")
    rows = compare_rows(run, tmp_path)
    tank = next(r for r in rows if r["equipment"] == "ua-gs-tank")
    # no evidence of Russian losses at all: that is no data, not zero
    assert (tank["confirmed"], tank["verdict"]) == (None, "no data")
    result = run("compare", "--data", tmp_path, "--event", "ukraine-losses-2022", "--format", "json")
    assert {r["verdict"] for r in json.loads(result.stdout)} == {"not claimed"}


def test_daily_count_takes_each_categorys_latest_row_across_renamed_categories(run, imports, tmp_path):
    day = "2025-06-20"  # `Multiple Rocket Launchers` last on 06-12, `Rocket and Missile Artillery` from 06-27
    result, path = imports("oryx-totals", DAILY, "--as-of", day, "--country", "Russia", output="daily.yaml")
    latest: dict[str, tuple[str, int]] = {}
    with open(DAILY, newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            name = RENAMED.get(r["equipment_type"].strip(), r["equipment_type"].strip())
            name = {"Trucks, Vehicles, and Jeeps": "Trucks, Vehicles, Jeeps, and Trains"}.get(name, name)
            if r["country"] == "Russia" and r["date_recorded"] <= day and not name.startswith(
                    ("All Types", "Losses ")) and r["date_recorded"] > latest.get(name, ("",))[0]:
                latest[name] = (r["date_recorded"], int(r["type_total"]))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    [evidence] = data["evidence"]
    from materiel.dataset import builtin_catalog

    names = {n.id: n.name for n in builtin_catalog().nodes.values()}
    # Oryx counts its submarine among its ships; the import files it apart (test_mappings.py)
    names["naval"] = names["submarine"] = "Naval Ships and Submarines"
    got = Counter()
    for o in evidence["observations"]:
        got[names[o["equipment"]]] += o["count"]
    assert dict(got) == {k: v for k, (_, v) in latest.items() if v}
    assert got["Rocket and Missile Artillery"] == 498  # the `Multiple Rocket Launchers` row of 06-12
    assert "their latest earlier row counts" in result.stdout
    assert any(o.get("note") == "daily_count.csv row of 2025-06-12" for o in evidence["observations"])


def test_daily_count_on_the_snapshot_day_equals_the_totals(imports):
    _, daily = imports("oryx-totals", DAILY, "--as-of", DAY, output="daily.yaml")
    _, totals = imports("oryx-totals", TOTALS, "--as-of", DAY, output="totals.yaml")

    def counts(path):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return {(e["event"], o["equipment"], o["status"]): o["count"]
                for e in data["evidence"] for o in e["observations"]}

    assert counts(daily) == counts(totals)


def test_oryx_events_files_every_russian_row(run, imports, tmp_path):
    """All ~26,000 Russian rows: none dropped, each placed, the output valid; in seconds."""
    result, path = imports("oryx-events", *EVENT_FILES, "--country", "Russia", output="events.yaml")
    rows = 0
    for name in EVENT_FILES:
        with open(name, newline="", encoding="utf-8") as handle:
            rows += sum(1 for r in csv.DictReader(handle) if r["country"] == "Russia")
    report = result.stdout
    assert report.startswith(f"{rows:,} rows (images) of 4 file(s) -> {rows:,} evidence records")
    method_lines = report.split("mapped onto the catalog by:\n")[1].split("  rows per category:")[0]
    assert sum(int(x.split()[0].replace(",", "")) for x in method_lines.splitlines()) == rows
    category_lines = report.split("rows per category:\n")[1].split("\n  ")[0]
    assert "unmapped" in report and "MT-LB 1,655 (apc, not afv)" in report
    dataset = load_dataset([tmp_path / "context.yaml", path])
    assert len(dataset.evidence) == rows
    assert {e.publisher for e in dataset.evidence} == {"oryx"}
    assert {e.event for e in dataset.evidence} == {"russia-losses-ukraine-2022"}
    assert len({e.id for e in dataset.evidence}) == rows
    # an image is not an item: the row's ids are kept, but never as identifiers of items
    assert not any(o.identifiers for e in dataset.evidence for o in e.observations)
    assert all(o.note.startswith("Oryx row 7-") for e in dataset.evidence for o in e.observations)
    assert category_lines


def test_oryx_events_keeps_the_row(imports):
    _, path = imports("oryx-events", FIXTURES / "good_two_rows.csv", output="e.yaml", context=False)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["evidence"][0] == {
        "id": "oryx-7-1011", "event": "russia-losses-ukraine-2022", "kind": "photo", "publisher": "oryx",
        "published": "2022-05-01", "url": "https://example.org/1.jpg", "status": "destroyed",
        "observations": [{"equipment": "t-72b3", "count": 1, "as_written": "T-72B3",
                          "note": "Oryx row 7-1011 (sysID 10, imageID 1, statusID 1)"}]}
    second = data["evidence"][1]["observations"][0]
    assert (second["equipment"], second["as_written"]) == ("bmp-2", "BMP-2\n(odd text)")
    assert second["note"] == ("Oryx row 7-1122 (sysID 11, imageID 2, statusID 2); "
                              "filed by the model name it starts with")
    assert [s["id"] for s in data["sources"]] == ["oryx"]
    load_dataset([path])


@pytest.mark.parametrize(("system", "node", "method"), [
    ("T-72B3 Obr. 2016", "t-72b3", "alias"),
    ("334 Unknown tank", "tank", "crosswalk"),  # a leading count is Oryx's tally of the model
    ("12 Unknown T-80BVM", "t-80bvm", "unknown"),
    ("Unknown T-72", "t-72", "crosswalk"),
    ("R-149MA1 command and staff vehicle", "r-149", "crosswalk"),
    ("Ural-4320 KET-L recovery vehicle", "engineering", "crosswalk"),  # not the truck it is built on
    ("BMP-3 688A-sb6-2KP", "bmp-3", "leading-alias"),
    ("ZALA 421-16Е2", "zala-421-16", "alias"),  # a Cyrillic Е
    ("9A310M2 TELAR (for Buk-M2)", "sam", "category-words"),
    ("KrAZ-255 (for PMP floating bridge system)", "unmapped", "unmapped"),  # truck, or bridge?
    ("MRS-BT tank repair workshop", "unmapped", "unmapped"),  # `tank` alone says nothing here
    ("NA", "unmapped", "unmapped"),
])
def test_system_texts_map_onto_the_catalog(system, node, method):
    from materiel.dataset import builtin_catalog
    from materiel.importers.crosswalk import SystemMatcher

    found = SystemMatcher(builtin_catalog()).match(system)
    assert (found.node, found.method) == (node, method)


def test_unmapped_rows_are_kept_and_counted(imports, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(
        "country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID\n"
        "Ukraine,Ukraine,Zzyzx contraption,captured,ttps://broken.example/1.jpg,2023-01-02,5,6,2,380-562\n"
        "Ukraine,Ukraine,T-64BV,destroyed,2x T-64 https://example.org/2.jpg,2023-01-03,7,8,1,380-781\n",
        encoding="utf-8")
    result, out = imports("oryx-events", path, output="odd.yaml")
    assert "1  nothing (the `unmapped` node)" in result.stdout
    assert "links: 1 repaired (address taken from the text around it), 1 unusable" in result.stdout
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    first, second = data["evidence"]
    assert first["observations"][0]["equipment"] == "unmapped"
    assert first["event"] == "ukraine-losses-2022" and "url" not in first
    assert first["note"] == "Oryx's link as written (no usable address): ttps://broken.example/1.jpg"
    assert second["url"] == "https://example.org/2.jpg"


def test_an_unknown_general_staff_category_goes_to_unmapped(imports, tmp_path):
    path = tmp_path / "gs.json"
    path.write_text('[{"date": "2030-01-01", "day": 9, "tank": 5, "laser cannon": 2, "drone": 0}]',
                    encoding="utf-8")
    result, out = imports("ua-general-staff", path, "--as-of", "2030-01-01", output="gs.yaml")
    items = yaml.safe_load(out.read_text(encoding="utf-8"))["claims"][0]["items"]
    assert items == [{"equipment": "ua-gs-tank", "quantity": 5, "as_written": "tank"},
                     {"equipment": "unmapped", "quantity": 2, "as_written": "laser cannon"}]
    assert "left out, claimed 0: `drone`" in result.stdout
    assert "filed under `unmapped`: `laser cannon`" in result.stdout


def test_imports_are_deterministic(run, tmp_path):
    for command, args in (("ua-general-staff", [GS_FILE, "--as-of", DAY]),
                          ("oryx-totals", [DAILY, "--as-of", DAY]),
                          ("oryx-events", [FIXTURES / "good_two_rows.csv"])):
        texts = []
        for i in (1, 2):
            out = tmp_path / f"{command}-{i}.yaml"
            assert run("import", command, *args, "-o", out).exit_code == 0
            texts.append(out.read_bytes())
        assert texts[0] == texts[1]


def test_json_is_read_a_chunk_at_a_time(monkeypatch, tmp_path):
    from materiel.importers import files as importers

    whole = list(importers.iter_json_array(GS_FILE))
    monkeypatch.setattr(importers, "_CHUNK", 7)  # cut every object, many times
    assert list(importers.iter_json_array(GS_FILE)) == whole
    assert whole[0][0] == 2 and whole[1][0] == 17, "each object with the line it starts on"


@pytest.mark.parametrize("chunk", [1, 5, 64])
def test_json_errors_name_the_same_line_whatever_the_chunk(monkeypatch, chunk):
    from materiel.importers import files as importers

    monkeypatch.setattr(importers, "_CHUNK", chunk)
    for name, line in (("bad_trailing_comma.json", 3), ("bad_repeated_key.json", 3),
                       ("bad_not_an_array.json", 1)):
        with pytest.raises(ImportFailed) as failed:
            list(importers.iter_json_array(FIXTURES / name))
        assert str(failed.value).startswith(f"{FIXTURES / name}:{line}: ")


def test_an_existing_file_is_never_overwritten_without_force(run, imports, tmp_path):
    out = tmp_path / "gs.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    result = run("import", "ua-general-staff", GS_FILE, "--as-of", DAY, "-o", out)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"materiel: {out} exists; use --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert run("import", "ua-general-staff", GS_FILE, "--as-of", DAY, "-o", out, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Written by `materiel import ua-general-staff`")


def test_the_context_file_is_written_once_and_shared(run, imports, tmp_path):
    context = tmp_path / "context.yaml"
    first, _ = imports("ua-general-staff", GS_FILE, "--as-of", DAY, output="gs.yaml")
    assert f"context: wrote {context}" in first.stdout
    second, _ = imports("oryx-totals", TOTALS, "--as-of", DAY, output="oryx.yaml")
    assert f"context: {context} has the sources and events needed; kept" in second.stdout
    dataset = load_dataset([tmp_path])
    assert sorted(dataset.sources) == ["oryx", "ua-general-staff"]
    assert sorted(dataset.events) == ["russia-losses-ukraine-2022", "ukraine-losses-2022"]
    # a researcher regrades Oryx: the next import keeps the file as it is
    regraded = context.read_text(encoding="utf-8").replace("reliability: B", "reliability: A")
    context.write_text(regraded, encoding="utf-8")
    assert run("import", "oryx-totals", DAILY, "--as-of", DAY, "-o", tmp_path / "daily.yaml",
               "--context", context).exit_code == 0
    assert context.read_text(encoding="utf-8") == regraded


def test_a_context_file_without_the_records_is_refused(run, tmp_path):
    context = tmp_path / "context.yaml"
    context.write_text("sources:\n  - {id: oryx, name: Oryx, kind: osint-compiler}\n", encoding="utf-8")
    out = tmp_path / "gs.yaml"
    result = run("import", "ua-general-staff", GS_FILE, "--as-of", DAY, "-o", out, "--context", context)
    assert result.exit_code == 1
    assert result.stderr == (f"materiel: {context} exists without russia-losses-ukraine-2022, "
                             "ua-general-staff; use --force to overwrite it\n")
    assert not out.exists()
    forced = run("import", "ua-general-staff", GS_FILE, "--as-of", DAY, "-o", out, "--context", context,
                 "--force")
    assert forced.exit_code == 0
    load_dataset([context, out])


def test_self_contained_files_validate_alone_but_do_not_combine(imports, tmp_path):
    _, gs = imports("ua-general-staff", GS_FILE, "--as-of", DAY, output="gs.yaml", context=False)
    _, oryx = imports("oryx-totals", TOTALS, "--as-of", DAY, output="oryx.yaml", context=False)
    load_dataset([gs])
    load_dataset([oryx])
    with pytest.raises(ProblemsFound) as found:
        load_dataset([gs, oryx])
    assert {p.code for p in found.value.problems} == {"duplicate-id"}


def bad(name: str) -> Path:
    return FIXTURES / name


@pytest.mark.parametrize(("command", "name", "message"), [
    ("oryx-events", "bad_header_renamed_column.csv",
     "1: expected the header `country,origin,system,status,url,date_recorded,sysID,imageID,statusID,"
     "matID`; found `country,origin,system,status,url,date,sysID,imageID,statusID,matID`"),
    # the record before it spans lines 3-4: the short row starts on line 5
    ("oryx-events", "bad_short_row_after_quoted_newline.csv", "5: 8 fields; the header has 10"),
    ("oryx-events", "bad_status_lost.csv",
     "2: status `lost`; expected one of destroyed, abandoned, captured, damaged"),
    ("oryx-events", "bad_date_february_30.csv", "2: date_recorded `2022-02-30` is not a date YYYY-MM-DD"),
    ("oryx-events", "bad_duplicate_matid.csv", "3: matID `7-1011` again (first at {path}:2)"),
    ("oryx-events", "bad_country_belarus.csv", "2: country `Belarus`; expected Russia or Ukraine"),
    ("oryx-totals", "bad_totals_category_twice.csv",
     "3: a second total for Russia's `Tanks` (the first is at line 2)"),
    ("oryx-totals", "bad_totals_do_not_add_up.csv", "2: the statuses add up to 16, not type_total 17"),
    ("oryx-totals", "bad_totals_count_is_text.csv",
     "2: `captured` is `two`; expected a whole number, 0 or more"),
    ("oryx-totals", "bad_header_renamed_column.csv",
     "1: expected the header `country,equipment_type,destroyed,abandoned,captured,damaged,type_total` or "
     "`country,equipment_type,destroyed,abandoned,captured,damaged,type_total,date_recorded,"
     "destroyed_diff,abandoned_diff,captured_diff,damaged_diff,type_total_diff,destroyed_diff_diff,"
     "abandoned_diff_diff,captured_diff_diff,damaged_diff_diff,type_total_diff_diff`; found "
     "`country,origin,system,status,url,date,sysID,imageID,statusID,matID`"),
    ("ua-general-staff", "bad_not_an_array.json", "1: expected a JSON array (`[`) of objects"),
    ("ua-general-staff", "bad_negative_count_corrections.json",
     "3: `tank` is -5: a cumulative count cannot be negative (is this the file of corrections?)"),
    ("ua-general-staff", "bad_repeated_key.json", "3: key `tank` is repeated in one object"),
    ("ua-general-staff", "bad_count_is_text.json", '3: `tank` is `"many"`; expected a whole number'),
    ("ua-general-staff", "bad_trailing_comma.json",
     "3: not JSON: Expecting property name enclosed in double quotes"),
    ("ua-general-staff", "bad_date_twice.json", "3: 2025-07-18 again (first at line 2)"),
])
def test_a_file_of_the_wrong_shape_names_its_first_bad_line(run, tmp_path, command, name, message):
    path = bad(name)
    out = tmp_path / "out.yaml"
    extra = ["--as-of", "2025-07-19"] if command != "oryx-events" else []
    result = run("import", command, path, *extra, "-o", out)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"materiel: {path}:{message.format(path=path)}\n"
    assert "Traceback" not in result.stderr
    assert not out.exists(), "nothing written"


def test_the_corrections_file_is_refused(run, tmp_path):
    result = run("import", "ua-general-staff", GS / "russia_losses_equipment_correction.json",
                 "--as-of", "2022-10-13", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 1
    assert re.fullmatch(r"materiel: .*correction\.json:\d+: `APC` is -25: a cumulative count cannot be "
                        r"negative \(is this the file of corrections\?\)\n", result.stderr)


def test_a_day_the_file_does_not_have(run, tmp_path):
    result = run("import", "ua-general-staff", GS_FILE, "--as-of", "2021-01-01", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 1
    assert result.stderr == (f"materiel: {GS_FILE}: no entry for 2021-01-01; the file runs from 2022-02-25 "
                             "to 2026-08-08\n")


@pytest.mark.parametrize("value", ["2025-07", "19/07/2025", "2025-02-30"])
def test_as_of_must_be_a_day(run, tmp_path, value):
    result = run("import", "oryx-totals", TOTALS, "--as-of", value, "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2
    assert "--as-of" in result.stderr


def test_a_missing_input_file_is_one_line(run, tmp_path):
    result = run("import", "oryx-totals", tmp_path / "nope.csv", "--as-of", DAY, "-o", tmp_path / "x.yaml")
    assert result.exit_code == 1
    assert result.stderr == (f"materiel: {tmp_path / 'nope.csv'}: cannot read the file: "
                             "No such file or directory\n")


TRICKY = ["NO", "yes", "on", "True", "NULL", "~", "null", "", "030", "0x1F", "0o17", "1e3", "1.5", ".5", "+1",
          "1_000", ".inf", ".NaN", "2016-12", "2016-12-13",
          "12:30", "a: b", "a #b", "#x", "- x", "-x", "[a]", "{b}", "*a", "&a", "!t", "%p", "@x", "`x",
          "|", ">", "'q'", '"dq"', " lead", "trail ", "tab\tin", "new\nline", "del\x7f", "bom\ufeff",
          "é ü 中", "<<", "=", "?", "x,y", "T-72B3 Obr. 2016", "BMP-2(K)", "oryx-7-3174", "7-3174"]


@pytest.mark.parametrize("text", TRICKY)
def test_written_strings_stay_strings(text):
    line = f"k: {yaml_scalar(text)}\n"
    assert yaml.safe_load(line) == {"k": text}, line
    assert read_document(line.encode("utf-8"), "t").data == {"k": text}
    flow = f"k: [{yaml_scalar(text)}, {yaml_scalar(text)}]\n"
    assert yaml.safe_load(flow) == {"k": [text, text]}


def test_import_commands_have_help(run):
    for command in ("oryx-events", "oryx-totals", "ua-general-staff"):
        result = run("import", command, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.stdout and len(result.stdout) > 300


def test_the_readme_shows_the_worked_example_as_it_runs(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    for command, source, out in (("ua-general-staff", GS_FILE, "out/gs.yaml"),
                                 ("oryx-totals", TOTALS, "out/oryx-totals.yaml")):
        assert run("import", command, source, "--as-of", DAY, "--context", "out/context.yaml",
                   "-o", out).exit_code == 0
    command = ("compare --data out/context.yaml --data out/gs.yaml --data out/oryx-totals.yaml "
               "--event russia-losses-ukraine-2022")
    result = run(*command.split())
    shown = "\n".join(line.rstrip() for line in result.stdout.splitlines())
    readme = (ROOT / "docs" / "public-data.md").read_text(encoding="utf-8")
    assert f"$ materiel {command}\n{shown}\n```" in readme
