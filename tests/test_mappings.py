"""The General Staff's categories as materiel reads them: a hand-written mapping that a dataset can
replace, and the figures it gives on the public record.

Expected figures are summed here from Oryx's raw files with the csv module and the Oryx category
names written out below, never by calling the code under test.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml

from materiel.dataset import builtin_catalog, load_dataset
from materiel.errors import ProblemsFound
from materiel.importers.crosswalk import GENERAL_STAFF, MAPPINGS_FILE
from materiel.reading.document import read_document

from .conftest import ROOT

ORYX = ROOT / "data" / "public" / "oryx-2025-07-19"
TOTALS = ORYX / "totals_by_type.csv"
EVENT_FILES = sorted(ORYX.glob("event_*.csv"))
GS_FILE = ROOT / "data" / "public" / "ua-general-staff-2026-08-08" / "russia_losses_equipment.json"
DAY = "2025-07-19"
STATUSES = ("destroyed", "abandoned", "captured", "damaged")

# materiel's reading of each General Staff category claimed on DAY, in Oryx's own category names:
# (what it certainly covers, what is in doubt). Naval ships and submarines are apart, below.
READING = {
    "tank": (["Tanks"], []),
    "APC": (["Armoured Fighting Vehicles", "Infantry Fighting Vehicles", "Armoured Personnel Carriers",
             "Mine-Resistant Ambush Protected"],
            ["Infantry Mobility Vehicles", "Command Posts And Communications Stations",
             "Engineering Vehicles And Equipment"]),
    "field artillery": (["Towed Artillery", "Self-Propelled Artillery"],
                        ["Artillery Support Vehicles And Equipment",
                         "Self-Propelled Anti-Tank Missile Systems"]),
    "MRL": (["Rocket and Missile Artillery"], []),
    "anti-aircraft warfare": (["Anti-Aircraft Guns", "Self-Propelled Anti-Aircraft Guns",
                               "Surface-To-Air Missile Systems"], []),
    "aircraft": (["Aircraft"], []),
    "helicopter": (["Helicopters"], []),
    "drone": (["Unmanned Combat Aerial Vehicles", "Reconnaissance Unmanned Aerial Vehicles"], []),
    "special equipment": (["Radars", "Jammers And Deception Systems"],
                          ["Command Posts And Communications Stations",
                           "Engineering Vehicles And Equipment"]),
    "vehicles and fuel tanks": (["Trucks, Vehicles, Jeeps, and Trains"], []),
}


def russian_totals(path: Path = TOTALS) -> dict[str, dict[str, int]]:
    """Oryx category -> status -> count, Russian losses, from totals_by_type.csv."""
    with open(path, newline="", encoding="utf-8") as handle:
        return {" ".join(r["equipment_type"].split()): {s: int(r[s]) for s in (*STATUSES, "type_total")}
                for r in csv.DictReader(handle) if r["country"] == "Russia"}


def submarines_named(day: str = DAY) -> dict[str, int]:
    """Status -> submarines Oryx's Russian per-image rows name on or before `day`: one per entry
    (sysID) whose text says `submarine`."""
    entries = set()
    for path in EVENT_FILES:
        with open(path, newline="", encoding="utf-8") as handle:
            for r in csv.DictReader(handle):
                if (r["country"] == "Russia" and "submarine" in r["system"].lower()
                        and r["date_recorded"] <= day):
                    entries.add((r["status"], r["sysID"]))
    return {s: sum(1 for status, _ in entries if status == s) for s in STATUSES}


def expected(day: str = DAY) -> dict[str, tuple[int, int, int | None]]:
    """GS key -> (claimed, confirmed narrow, confirmed broad or None), from the raw files."""
    claims = next(e for e in json.loads(GS_FILE.read_text(encoding="utf-8")) if e["date"] == day)
    totals = russian_totals()
    out = {}
    for key, (narrow, doubt) in READING.items():
        certain = sum(totals[c]["type_total"] for c in narrow)
        broad = certain + sum(totals[c]["type_total"] for c in doubt)
        out[key] = (claims[key], certain, broad if doubt else None)
    submarines = sum(submarines_named(day).values())
    ships = totals["Naval Ships and Submarines"]["type_total"] - submarines
    out["naval ship"] = (claims["naval ship"], ships, None)
    out["submarines"] = (claims["submarines"], submarines, None)
    return out


def names(text: str | list | None) -> list[str]:
    """A list as CSV and JSON give it: joined by ` + ` or by commas in CSV, a list in JSON."""
    if isinstance(text, list):
        return text
    return [n for n in re.split(r"\s*(?:\+|,)\s*", text or "") if n]


def compare_rows(run, *paths) -> dict[str, dict]:
    """compare's JSON rows of Russian losses, by key."""
    args = ["compare", "--event", "russia-losses-ukraine-2022", "--format", "json"]
    for path in paths:
        args += ["--data", path]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return {r["equipment"]: r for r in json.loads(result.stdout) if r["claimant"]}


# ---- the raw figures, as a researcher would sum them


def test_the_figures_of_the_raw_files():
    """Russia on 2025-07-19, from totals_by_type.csv and the per-image rows alone."""
    figures = expected()
    assert figures["tank"][1] == 4074
    assert figures["APC"][1:] == (9006, 10377), "AFV+IFV+APC+MRAP; with IMVs, command posts, engineering"
    totals = russian_totals()
    assert totals["Command Posts And Communications Stations"]["type_total"] == 302
    assert totals["Engineering Vehicles And Equipment"]["type_total"] == 671
    assert figures["MRL"][1] == 508, "rocket artillery alone, without the SAMs the crosswalk adds"
    assert figures["anti-aircraft warfare"][1] == 428, "with the SAMs"
    assert submarines_named() == {"destroyed": 0, "abandoned": 0, "captured": 0, "damaged": 1}
    assert (figures["naval ship"], figures["submarines"]) == ((28, 27, None), (1, 1, None))


# ---- the built-in mapping


def test_one_mapping_per_general_staff_category_each_with_a_note():
    document = read_document(resources.files("materiel").joinpath(MAPPINGS_FILE).read_bytes(), MAPPINGS_FILE)
    assert document.problems == []
    assert set(document.data) == {"mappings"}, "the mapping file holds mappings only"
    records = document.data["mappings"]
    assert [r["node"] for r in records] == [c.node for c in GENERAL_STAFF]
    catalog = builtin_catalog()
    for record in records:
        note = record.get("note", "")
        assert note and "\n" not in note and len(note) < 400, record["node"]
        covers, doubt = record.get("covers", []), record.get("in_doubt", [])
        assert all(n in catalog for n in (*covers, *doubt)), record["node"]
        assert not set(covers) & set(doubt), record["node"]
        assert catalog.covered(record["node"]) == covers and catalog.in_doubt(record["node"]) == doubt
        assert catalog.nodes[record["node"]].note == note
        assert catalog.mapped_at[record["node"]] == f"materiel/{MAPPINGS_FILE} (built in)"


def test_the_corrections_of_the_default():
    catalog = builtin_catalog()
    assert "sam" in catalog.covered("ua-gs-anti-aircraft-warfare")
    assert catalog.covered("ua-gs-mrl") == ["rocket-artillery"]
    assert catalog.covered("ua-gs-apc") == ["afv", "ifv", "apc", "mrap"]
    assert {"command-post", "engineering"} <= set(catalog.in_doubt("ua-gs-apc"))
    assert catalog.covered("ua-gs-ground-robotic-systems") == ["ugv"]
    assert catalog.covered("ua-gs-submarines") == ["submarine"]
    assert catalog.covered("ua-gs-naval-ship") == ["naval"]
    # a submarine is no naval ship: its own root, and nothing under `naval` is a submarine
    assert catalog.nodes["submarine"].parent is None
    assert catalog.root_of("rostov-na-donu") == "submarine"
    assert not catalog.stands_for("rostov-na-donu", "ua-gs-naval-ship")
    assert catalog.stands_for("rostov-na-donu", "ua-gs-submarines")
    assert catalog.stands_for("moskva", "ua-gs-naval-ship")
    assert not catalog.stands_for("moskva", "ua-gs-submarines")
    # every Oryx category is read into some General Staff category, certainly or in doubt
    from materiel.importers.crosswalk import ORYX_ROOTS

    for root in ORYX_ROOTS:
        assert any(catalog.stands_for(root, c.node) for c in GENERAL_STAFF), root


def test_the_per_image_rows_of_the_submarine_go_to_the_submarine():
    from materiel.importers.crosswalk import SystemMatcher

    matcher = SystemMatcher(builtin_catalog())
    assert matcher.match("Project 636.3 Improved Kilo-class submarine").node == "submarine"
    assert builtin_catalog().root_of(matcher.match("Project 775 Ropucha-class landing ship").node) == "naval"


# ---- compare on the public record


@pytest.mark.parametrize("key", [*READING, "naval ship", "submarines"])
def test_compare_reads_each_category_as_the_mapping_says(run, worked_example, key):
    claimed, narrow, broad = expected()[key]
    node = next(c.node for c in GENERAL_STAFF if c.key == key)
    row = compare_rows(run, worked_example)[node]
    assert (row["claimed"], row["confirmed"]) == (str(claimed), narrow)
    assert row["ratio"] == round(narrow / claimed, 2)
    catalog = builtin_catalog()
    summed = {catalog.nodes[n].name for n in names(row["summed"])}
    doubt = {catalog.nodes[n].name for n in names(row["in_doubt"])}
    if key in READING:
        assert summed == set(READING[key][0]), "the row names what it summed"
        assert doubt == set(READING[key][1])
    if broad is None:
        assert not row.get("confirmed_broad") and not doubt
    else:
        assert (row["confirmed_broad"], row["ratio_broad"]) == (broad, round(broad / claimed, 2))


def test_ships_and_the_submarine_apart(run, worked_example):
    rows = compare_rows(run, worked_example)
    ship, submarine = rows["ua-gs-naval-ship"], rows["ua-gs-submarines"]
    assert (ship["claimed"], ship["confirmed"], ship["verdict"]) == ("28", 27, "partly confirmed")
    assert (submarine["claimed"], submarine["confirmed"], submarine["verdict"]) == ("1", 1, "confirmed")


# ---- a dataset's own mapping


MINE = """\
mappings:
  - node: ua-gs-apc
    covers: [afv, ifv, apc, mrap, imv, command-post, engineering]
    note: I read APC as the crosswalk does, everything armoured or engineering.
  - node: ua-gs-mrl
    covers: [rocket-artillery, sam]
"""


def test_a_dataset_mapping_replaces_the_built_in_one(run, worked_example, tmp_path):
    for name in ("context.yaml", "gs.yaml", "oryx-totals.yaml"):
        shutil.copy(worked_example / name, tmp_path / name)
    (tmp_path / "mine.yaml").write_text(MINE, encoding="utf-8")
    totals = russian_totals()
    apc = sum(totals[c]["type_total"] for c in (*READING["APC"][0], *READING["APC"][1]))
    mrl = totals["Rocket and Missile Artillery"]["type_total"] + totals["Surface-To-Air Missile Systems"][
        "type_total"]
    rows = compare_rows(run, tmp_path)
    apc_row, mrl_row = rows["ua-gs-apc"], rows["ua-gs-mrl"]
    assert (apc_row["confirmed"], names(apc_row["summed"]), names(apc_row["in_doubt"])) == (
        apc, ["afv", "ifv", "apc", "mrap", "imv", "command-post", "engineering"], [])
    assert not apc_row.get("confirmed_broad")
    assert (mrl_row["confirmed"], names(mrl_row["summed"])) == (mrl, ["rocket-artillery", "sam"])
    assert (apc, mrl) == (10377, 847)
    # the mappings it does not replace stay built in
    assert rows["ua-gs-tank"]["confirmed"] == totals["Tanks"]["type_total"]
    assert run("validate", "--data", tmp_path).exit_code == 0


def test_redefining_a_general_staff_category_through_mappings_is_no_duplicate_id(worked_example, tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(MINE, encoding="utf-8")
    dataset = load_dataset([worked_example, mine])
    assert dataset.catalog.covered("ua-gs-apc")[-1] == "engineering"
    assert dataset.catalog.in_doubt("ua-gs-apc") == []
    assert dataset.catalog.mapped_at["ua-gs-apc"] == f"{mine}:2:11"
    assert dataset.catalog.mapped_at["ua-gs-tank"] == f"materiel/{MAPPINGS_FILE} (built in)"
    assert builtin_catalog().covered("ua-gs-apc") == ["afv", "ifv", "apc", "mrap"], "the built-in one stays"
    # an `equipment` record of the same id is still a redefinition
    node = tmp_path / "node.yaml"
    node.write_text("equipment:\n  - {id: ua-gs-apc, name: APC, covers: [ifv]}\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        load_dataset([node])
    assert {p.code for p in found.value.problems} == {"duplicate-id"}


def test_one_node_mapped_twice_in_a_dataset_is_a_problem(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text(MINE + "  - {node: ua-gs-apc, covers: [ifv]}\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        load_dataset([path])
    assert [(p.line, p.code) for p in found.value.problems] == [(7, "duplicate-id")]


def test_a_reimport_leaves_the_researchers_mapping_alone(run, tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(MINE, encoding="utf-8")
    for _ in range(2):
        for command, source, out in (("ua-general-staff", GS_FILE, "gs.yaml"),
                                     ("oryx-totals", TOTALS, "oryx-totals.yaml")):
            result = run("import", command, source, "--as-of", DAY, "-o", tmp_path / out,
                         "--context", tmp_path / "context.yaml", "--force")
            assert result.exit_code == 0, result.stderr
            assert str(mine) not in result.stdout
    assert mine.read_text(encoding="utf-8") == MINE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["context.yaml", "gs.yaml", "mine.yaml",
                                                          "oryx-totals.yaml"]
    assert names(compare_rows(run, tmp_path)["ua-gs-mrl"]["summed"]) == ["rocket-artillery", "sam"]


# ---- Oryx's Naval Ships and Submarines: split only where the per-image rows say so


def observations(path: Path, event: str = "russia-losses-ukraine-2022") -> dict[str, dict[str, int]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    [record] = [e for e in data["evidence"] if e["event"] == event]
    out: dict[str, dict[str, int]] = {}
    for o in record["observations"]:
        out.setdefault(o["equipment"], {})[o["status"]] = o["count"]
    return out


def test_the_totals_import_files_the_submarine_the_images_name(run, tmp_path):
    out = tmp_path / "oryx.yaml"
    result = run("import", "oryx-totals", TOTALS, "--as-of", DAY, "-o", out)
    assert result.exit_code == 0, result.stderr
    naval, named = russian_totals()["Naval Ships and Submarines"], submarines_named()
    got = observations(out)
    assert got["submarine"] == {s: n for s, n in named.items() if n}
    assert got["naval"] == {s: naval[s] - named[s] for s in STATUSES if naval[s] - named[s]}
    assert sum(got["naval"].values()) + sum(got["submarine"].values()) == naval["type_total"]
    assert ("Russia's `Naval Ships and Submarines`: 1 filed as `submarine` (1 damaged), as the per-image "
            "rows beside the file name it (Project 636.3 Improved Kilo-class submarine, 3 images in "
            "event_damaged.csv); the other 27 under `naval`") in result.stdout
    text = out.read_text(encoding="utf-8")
    assert all(f"#   {p.name} (sha256 " in text for p in EVENT_FILES), "the files that settled it are named"
    # Ukraine's list is of naval ships only, and its rows name no submarine: nothing said
    assert "submarine" not in observations(out, "ukraine-losses-2022")
    assert "Ukraine's `Naval Ships`" not in result.stdout


def test_without_the_images_the_totals_say_ships_and_submarines_together(run, tmp_path):
    alone = tmp_path / "totals_by_type.csv"
    shutil.copy(TOTALS, alone)
    out = tmp_path / "oryx.yaml"
    result = run("import", "oryx-totals", alone, "--as-of", DAY, "--country", "Russia", "-o", out)
    assert result.exit_code == 0, result.stderr
    naval = russian_totals()["Naval Ships and Submarines"]
    got = observations(out)
    assert "submarine" not in got
    assert got["naval"] == {s: naval[s] for s in STATUSES if naval[s]}
    said = ("Russia's `Naval Ships and Submarines`: submarines and ships together; Oryx's totals do not "
            "say how many are submarines, and no per-image rows (event_*.csv) lie beside the file to say so")
    assert f"  {said}\n" in result.stdout
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    [record] = data["evidence"]
    assert said[0].upper() + said[1:] + "." in record["note"]
    assert all(o["note"] == said for o in record["observations"] if o["equipment"] == "naval")


DAILY_HEADER = ("country,equipment_type,destroyed,abandoned,captured,damaged,type_total,date_recorded,"
                "destroyed_diff,abandoned_diff,captured_diff,damaged_diff,type_total_diff,destroyed_diff_diff,"
                "abandoned_diff_diff,captured_diff_diff,damaged_diff_diff,type_total_diff_diff\n")
EVENTS_HEADER = "country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID\n"


def small_scrape(folder: Path, submarine_status: str = "damaged") -> Path:
    """A daily_count.csv of two days and one per-image file naming a submarine between them."""
    folder.mkdir()
    daily = folder / "daily_count.csv"
    daily.write_text(DAILY_HEADER
                     + "Russia,Naval Ships and Submarines,5,0,0,1,6,2023-01-01" + ",0" * 10 + "\n"
                     + "Russia,Naval Ships and Submarines,6,0,0,2,8,2023-10-01" + ",0" * 10 + "\n",
                     encoding="utf-8")
    (folder / "event_x.csv").write_text(
        EVENTS_HEADER
        + f"Russia,Russia,Project 636.3 Improved Kilo-class submarine,{submarine_status},"
          "https://example.org/1.jpg,2023-09-13,9,1,3,7-913\n"
        + f"Russia,Russia,Project 636.3 Improved Kilo-class submarine,{submarine_status},"
          "https://example.org/2.jpg,2023-09-14,9,2,3,7-923\n"
        + "Russia,Russia,Project 775 Ropucha-class landing ship,destroyed,https://example.org/3.jpg,"
          "2023-09-14,8,3,1,7-831\n", encoding="utf-8")
    return daily


def test_a_submarine_counts_only_from_the_day_its_rows_name_it(run, tmp_path):
    daily = small_scrape(tmp_path / "scrape")
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    first = run("import", "oryx-totals", daily, "--as-of", "2023-06-01", "-o", before)
    assert first.exit_code == 0, first.stderr
    assert observations(before) == {"naval": {"destroyed": 5, "damaged": 1}}
    assert ("Russia's `Naval Ships and Submarines`: ships only; its per-image rows name no submarine on or "
            "before 2023-01-01") in first.stdout
    second = run("import", "oryx-totals", daily, "--as-of", "2023-12-01", "-o", after)
    assert second.exit_code == 0, second.stderr
    # two images of one entry (sysID 9): one submarine, the least they show
    assert observations(after) == {"naval": {"destroyed": 6, "damaged": 1}, "submarine": {"damaged": 1}}


def test_more_submarines_named_than_counted_is_not_split(run, tmp_path):
    daily = small_scrape(tmp_path / "scrape", submarine_status="captured")  # Oryx counts none captured
    out = tmp_path / "out.yaml"
    result = run("import", "oryx-totals", daily, "--as-of", "2023-12-01", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert observations(out) == {"naval": {"destroyed": 6, "damaged": 2}}
    assert ("not split; its per-image rows name 1 captured submarine, more than Oryx counts captured in the "
            "category (0)") in result.stdout
