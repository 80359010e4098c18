"""The README's worked example over three years: its commands run, and every figure it quotes is
what they print and what the raw files say, recomputed here with Python's csv and json modules."""

from __future__ import annotations

import csv
import datetime
import json
import re
import shlex

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## A worked example over three years")[1].split("\n## ")[0]
PUBLIC = ROOT / "data" / "public"
GS = PUBLIC / "ua-general-staff-2026-08-08" / "russia_losses_equipment.json"
HISTORY = PUBLIC / "oryx-history-2022-2025" / "totals_by_type_history.csv"
MAX_GAP = 7


def claimed_on(day: str) -> int:
    """The General Staff's tanks on a day, from its own file."""
    return next(int(d["tank"]) for d in json.loads(GS.read_text(encoding="utf-8")) if d["date"] == day)


def oryx_on(day: str) -> tuple[str, int] | None:
    """Oryx's Russian tanks at its latest snapshot on or before `day`, with the snapshot's date;
    None where that snapshot is more than MAX_GAP days older than `day`."""
    with HISTORY.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["country"] == "Russia"
                and r["equipment_type"].strip().lower() == "tanks" and r["snapshot_date"] <= day]
    latest = max(r["snapshot_date"] for r in rows)
    apart = datetime.date.fromisoformat(day) - datetime.date.fromisoformat(latest)
    if apart.days > MAX_GAP:
        return None
    [row] = [r for r in rows if r["snapshot_date"] == latest]
    return latest, int(row["type_total"])


def table_rows() -> list[list[str]]:
    lines = [line for line in SECTION.splitlines() if line.startswith("| 20")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def commands() -> list[list[str]]:
    block = SECTION.split("```sh\n")[1].split("```")[0].replace("\\\n", " ")
    return [shlex.split(line) for line in block.splitlines() if line.startswith("materiel ")]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> list[dict]:
    """The README's commands, run in a fresh folder on the project's copy of the data; the
    timeline's rows as JSON."""
    from typer.testing import CliRunner

    from materiel.cli import app

    folder = tmp_path_factory.mktemp("readme")
    (folder / "years").mkdir()
    *imports, timeline = commands()
    for argv in imports:
        args = [str(ROOT / a) if a.startswith("data/public/") else str(folder / a) if a.startswith("years/")
                else a for a in argv[1:]]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    args = [str(folder / a) if a == "years" else a for a in timeline[1:]]
    args[args.index("markdown")] = "json"
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_readme_quotes_what_the_timeline_prints(printed):
    quoted = table_rows()
    assert [r[0] for r in quoted] == [r["date"] for r in printed] == [
        "2022-12-31", "2023-12-31", "2024-12-31", "2025-07-19"]
    for row, out in zip(quoted, printed, strict=True):
        _, category, claimed, confirmed, ratio, verdict, claim_date, evidence_date, remarks = row
        stale = out["stale"]  # ["oryx 2023-12-18"]: the figure left out as too old, if any
        assert bool(remarks) == bool(stale) and (not stale or f"of {stale[0].split()[1]}," in remarks)
        assert (category, int(claimed), verdict, claim_date) == (
            out["equipment"], out["claimed_low"], out["verdict"], out["claim_date"])
        assert confirmed == (str(out["confirmed"]) if out["confirmed"] is not None else "—")
        assert ratio == (f"{out['ratio']:.2f}" if out["ratio"] is not None else "")
        assert evidence_date == (out["evidence_date"] or "")


def test_the_readme_figures_are_the_raw_files_figures():
    for date, _, claimed, confirmed, ratio, verdict, claim_date, evidence_date, remarks in table_rows():
        assert (int(claimed), claim_date) == (claimed_on(date), date)
        seen = oryx_on(date)
        if seen is None:
            assert (confirmed, ratio, verdict, evidence_date) == ("—", "", "no data", "")
            latest = max(r["snapshot_date"] for r in csv.DictReader(HISTORY.open(encoding="utf-8"))
                         if r["snapshot_date"] <= date)
            days = (datetime.date.fromisoformat(date) - datetime.date.fromisoformat(latest)).days
            assert f"of {latest}, is {days} days before: not counted" in remarks
        else:
            assert (evidence_date, int(confirmed)) == seen
            assert ratio == f"{seen[1] / int(claimed):.2f}"


def test_the_readme_sentence_on_the_last_snapshot_of_2023():
    snapshot, seen = oryx_on("2023-12-18")
    claimed = claimed_on(snapshot)
    sentence = re.search(r"--as-of (\S+)` sets (\d+)\s+claimed against (\d+) seen \((\S+)\)", SECTION)
    assert sentence.groups() == (snapshot + "", str(claimed), str(seen), f"{seen / claimed:.2f}")
