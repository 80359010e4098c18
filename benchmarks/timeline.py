"""Benchmark: the speed targets of the timeline issue (15), on the real three-year series.

    python benchmarks/timeline.py            # 5 runs of each, medians
    python benchmarks/timeline.py --runs 1   # quicker

Targets: importing the whole three-year series of both sides "in seconds" (the General Staff's
daily claims, every day from 2022-02-25, and Oryx's history, 616 dates, both countries), and
`materiel timeline --every month` over them "in under 2 s" on these 2-core machines.

Each figure is the median wall time of whole processes (`python -m materiel`, a fresh, empty
MATERIEL_CACHE_DIR each run, so that nothing is answered from the cache) and is printed as a
ratio against the baseline measured in the same run, interleaved with it: `materiel validate`
of the same files, which reads and checks every row and computes nothing (the floor a command
over these files cannot go below), and, for the imports, reading the input file alone with
Python's csv or json module. Output goes to a file in OUT or a pipe read and thrown away; never
to a device.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "timeline"
PUBLIC = ROOT / "data" / "public"
GS = PUBLIC / "ua-general-staff-2026-08-08" / "russia_losses_equipment.json"
HISTORY = PUBLIC / "oryx-history-2022-2025" / "totals_by_type_history.csv"
MATERIEL = [sys.executable, "-m", "materiel"]


def run(argv: list[str], cache: Path) -> float:
    """Wall seconds of one whole process with an empty cache; fails loudly if it fails."""
    shutil.rmtree(cache, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATERIEL_")}
    env["MATERIEL_CACHE_DIR"] = str(cache)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(argv)}\n{done.stderr.decode()}")
    return seconds


def read_inputs() -> float:
    """The baseline of the imports: reading both input files with Python's own modules."""
    start = time.perf_counter()
    with GS.open(encoding="utf-8") as f:
        json.load(f)
    with HISTORY.open(encoding="utf-8", newline="") as f:
        for _ in csv.reader(f):
            pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    data = OUT / "data"
    cache = Path(tempfile.mkdtemp(prefix="materiel-bench-cache-"))
    imports = {
        "import ua-general-staff --every day (2022-02-25 on)": [
            *MATERIEL, "import", "ua-general-staff", str(GS), "--from", "2022-02-25", "--every", "day",
            "--context", str(data / "context.yaml"), "-o", str(data / "gs.yaml"), "--force"],
        "import oryx-history (616 dates, both countries)": [
            *MATERIEL, "import", "oryx-history", str(HISTORY),
            "--context", str(data / "context.yaml"), "-o", str(data / "oryx-history.yaml"), "--force"],
    }
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    times: dict[str, list[float]] = {name: [] for name in imports}
    base_import: list[float] = []
    for _ in range(args.runs):
        base_import.append(read_inputs())
        for name, argv in imports.items():
            times[name].append(run(argv, cache))
    commands = {
        "timeline --every month": [*MATERIEL, "timeline", "--data", str(data), "--every", "month",
                                   "--format", "csv"],
        "timeline --every month --event russia-losses-ukraine-2022": [
            *MATERIEL, "timeline", "--data", str(data), "--every", "month", "--event",
            "russia-losses-ukraine-2022", "--format", "csv"],
    }
    floor = [*MATERIEL, "validate", "--data", str(data)]
    validate: list[float] = []
    for name in commands:
        times[name] = []
    for _ in range(args.runs):
        validate.append(run(floor, cache))
        for name, argv in commands.items():
            times[name].append(run(argv, cache))
    shutil.rmtree(cache, ignore_errors=True)

    rows = sum(1 for _ in data.glob("*.yaml"))
    print(f"{args.runs} run(s) each, medians; data: {rows} files in {data}")
    reading, floor_s = statistics.median(base_import), statistics.median(validate)
    print(f"  baseline: reading both inputs with csv/json: {reading:.2f} s; "
          f"`materiel validate` of the imported files: {floor_s:.2f} s")
    for name, values in times.items():
        seconds = statistics.median(values)
        if name.startswith("import"):
            print(f"  {name}: {seconds:.2f} s ({seconds / reading:.1f}x reading the inputs)")
        else:
            verdict = "met" if seconds < 2 else "NOT met"
            print(f"  {name}: {seconds:.2f} s ({seconds / floor_s:.2f}x validate); "
                  f"target under 2 s: {verdict}")


if __name__ == "__main__":
    main()
