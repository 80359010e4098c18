"""`import oryx-events`: which per-image rows are one item (one link under one entry of Oryx's list).

The figures on the real files are computed here from the CSV with the csv module, never by
calling the code under test.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict

import yaml

from materiel.analysis.queries import compare, items
from materiel.dataset import load_dataset

from .conftest import ROOT

ORYX = ROOT / "data" / "public" / "oryx-2025-07-19"
EVENT_FILES = [ORYX / f"event_{s}.csv" for s in ("destroyed", "captured", "abandoned", "damaged")]
HEADER = "country,origin,system,status,url,date_recorded,sysID,imageID,statusID,matID\n"
STATUS_ID = {"destroyed": 1, "captured": 2, "damaged": 3, "abandoned": 4}


def rows_csv(tmp_path, *rows: tuple, name: str = "rows.csv"):
    """A per-image file of (system, status, url, date, sysID, imageID) rows, Russian."""
    lines = [HEADER]
    for system, status, url, date, sys_id, image_id in rows:
        status_id = STATUS_ID[status]
        lines.append(f"Russia,Russia,{system},{status},{url},{date},{sys_id},{image_id},{status_id},"
                     f"7-{sys_id}{image_id}{status_id}\n")
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def imported(imports, tmp_path, *rows):
    result, out = imports("oryx-events", rows_csv(tmp_path, *rows), output="events.yaml")
    evidence = yaml.safe_load(out.read_text(encoding="utf-8"))["evidence"]
    return result.stdout, {e["id"]: e for e in evidence}, [e["id"] for e in evidence], out


def test_one_link_under_one_entry_captured_then_destroyed_is_one_item(imports, tmp_path):
    report, records, order, out = imported(
        imports, tmp_path,
        ("T-72B3", "destroyed", "https://example.org/t.jpg", "2022-05-01", 10, 5),
        ("BMP-2", "destroyed", "https://example.org/b.jpg", "2022-05-01", 11, 6),
        ("T-72B3", "captured", "https://example.org/t.jpg", "2022-05-01", 10, 5))
    destroyed, captured = records["oryx-7-1051"]["observations"][0], records["oryx-7-1052"]["observations"][0]
    assert captured["item"] == destroyed["item"] == "oryx-ru-10-5"
    assert "previously" not in captured and destroyed["previously"] == ["captured"]
    assert "item" not in records["oryx-7-1161"]["observations"][0]  # its link is its own: an image
    # the record ids stay; an item's rows are written together, in the order of its history
    assert order == ["oryx-7-1052", "oryx-7-1051", "oryx-7-1161"]
    assert ("  items: 2 rows -> 1 items (one link under one of Oryx's entries in several statuses is "
            "one item: captured and destroyed 1); the other 1 rows stay images") in report
    dataset = load_dataset([tmp_path / "context.yaml", out])
    (tank,) = items(dataset).rows
    assert (tank.item, tank.statuses) == ("oryx-ru-10-5", ("captured", "destroyed"))
    rows = {(r.equipment, r.status): r for r in compare(dataset).rows}
    assert rows[("tank", "captured")].confirmed.low == 1
    assert rows[("tank", "destroyed")].confirmed.low == 1


def test_rows_with_links_of_their_own_stay_images(imports, tmp_path):
    report, records, order, _ = imported(
        imports, tmp_path,
        ("T-72B3", "destroyed", "https://example.org/1.jpg", "2022-05-01", 10, 1),
        ("T-72B3", "captured", "https://example.org/2.jpg", "2022-05-02", 10, 2))
    assert not any("item" in e["observations"][0] for e in records.values())
    assert order == ["oryx-7-1011", "oryx-7-1022"]
    assert ("  items: none (no link under one of Oryx's entries in several statuses); 2 rows stay "
            "images") in report


def test_a_link_under_two_entries_of_unrelated_kinds_is_not_one_item(imports, tmp_path):
    report, records, _, out = imported(
        imports, tmp_path,
        ("T-72B3", "captured", "https://example.org/1.jpg", "2022-05-01", 10, 1),
        ("BMP-2", "destroyed", "https://example.org/1.jpg", "2022-05-01", 11, 1))
    assert not any("item" in e["observations"][0] for e in records.values())
    assert ("    links under several of Oryx's entries (one image of several items): 1, 1 of them of "
            "unrelated kinds; grouped within an entry, never across") in report
    load_dataset([tmp_path / "context.yaml", out])


def test_one_entry_filed_as_unrelated_kinds_is_not_one_item(imports, tmp_path):
    """A sysID whose texts go onto unrelated nodes (not in Oryx's files) would make one item two kinds."""
    report, records, _, out = imported(
        imports, tmp_path,
        ("T-72B3", "captured", "https://example.org/1.jpg", "2022-05-01", 10, 1),
        ("BMP-2", "destroyed", "https://example.org/1.jpg", "2022-05-01", 10, 1))
    assert not any("item" in e["observations"][0] for e in records.values())
    assert "left as images, links under one entry in several rows: 1 filed as unrelated kinds" in report
    load_dataset([tmp_path / "context.yaml", out])


def test_a_link_named_as_several_items_or_twice_in_one_status_stays_images(imports, tmp_path):
    two = "https://example.org/1033-2x-bmp2-1x-destr-1x-dam-aband.jpg"  # two BMP-2s, one link
    report, records, _, _ = imported(
        imports, tmp_path,
        ("BMP-2", "destroyed", two, "2022-05-01", 11, 1),
        ("BMP-2", "damaged", two, "2022-05-01", 11, 1),
        ("T-72B3", "destroyed", "https://example.org/t.jpg", "2022-05-01", 10, 2),
        ("T-72B3", "destroyed", "https://example.org/t.jpg", "2022-05-02", 10, 3),
        ("KamAZ 6x6", "damaged", "https://example.org/kamaz-6x6.jpg", "2022-05-01", 12, 4),
        ("KamAZ 6x6", "abandoned", "https://example.org/kamaz-6x6.jpg", "2022-05-01", 12, 4))
    grouped = {e["id"]: e["observations"][0].get("item") for e in records.values()}
    assert {i for i, item in grouped.items() if item} == {"oryx-7-1243", "oryx-7-1244"}  # 6x6 is no count
    assert ("left as images, links under one entry in several rows: 1 named as showing several items "
            "(`2x`), 1 twice in one status") in report


def test_rows_dated_against_the_order_of_statuses_keep_the_days(imports, tmp_path):
    report, records, order, out = imported(
        imports, tmp_path,
        ("BTR-80", "abandoned", "https://example.org/36.png", "2022-03-26", 20, 7),
        ("BTR-80", "destroyed", "https://example.org/36.png", "2022-03-19", 20, 7))
    assert order == ["oryx-7-2071", "oryx-7-2074"]
    assert records["oryx-7-2074"]["observations"][0]["previously"] == ["destroyed"]
    assert "rows of 1 item dated against the order damaged, abandoned, captured, destroyed" in report
    (btr,) = items(load_dataset([tmp_path / "context.yaml", out])).rows
    assert btr.statuses == ("destroyed", "abandoned")


def _several(link: str) -> bool:
    name = link.rstrip("/").split("/")[-1]
    return any((m := re.fullmatch(r"(\d+)x|x(\d+)", token, re.IGNORECASE)) and int(m[1] or m[2]) > 1
               for token in re.split(r"[-_.]", name))


def test_the_russian_rows_figures(imports, tmp_path):
    """Items: one link under one sysID in several statuses, unless its name says `2x`; the rest images."""
    entries = defaultdict(list)
    total = 0
    for path in EVENT_FILES:
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["country"] == "Russia":
                    total += 1
                    entries[(row["url"].strip(), row["sysID"])].append(row["status"])
    several = [k for k, s in entries.items() if len(s) > 1 and _several(k[0])]
    groups = [s for k, s in entries.items() if len(s) > 1 and not _several(k[0])]
    assert all(len(set(s)) == len(s) for s in entries.values())  # no link twice in one status
    grouped = sum(len(s) for s in groups)
    result, out = imports("oryx-events", *EVENT_FILES, "--country", "Russia", output="events.yaml")
    assert (f"  items: {grouped:,} rows -> {len(groups):,} items (one link under one of Oryx's entries in "
            "several statuses is one item: ") in result.stdout
    assert f"); the other {total - grouped:,} rows stay images\n" in result.stdout
    assert f"{len(several):,} named as showing several items (`2x`)" in result.stdout
    dataset = load_dataset([tmp_path / "context.yaml", out])  # no item seen as two kinds
    found = [o.item for e in dataset.evidence for o in e.observations if o.item]
    assert (len(found), len(set(found))) == (grouped, len(groups))
    assert all(i.startswith("oryx-ru-") for i in found)
