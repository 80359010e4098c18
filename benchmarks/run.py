"""Benchmark: materiel validate and compare against the hand-written baseline, in one run.

    python benchmarks/run.py                     # 1k, 10k and 100k claims, 3 runs each
    python benchmarks/run.py --sizes 1000 10000 --runs 5
    python benchmarks/run.py --startup           # only --version and --help

Generates the datasets (benchmarks/generate.py, deterministic) under benchmarks/out/, imports
the real Oryx per-image data (data/public/), and runs every command as a whole process. Prints
a table of the median wall time and peak memory (RSS of the process), the ratio of the
baseline's time to materiel's, and whether each target of the performance issue holds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent


def measure(argv: list[str], runs: int) -> tuple[float, float, int]:
    """Median seconds, peak memory in MB over the runs, and the exit code of the last run.

    Output goes to a discarded pipe end, never through `-o` to a device: an atomic write by
    rename, run as root, would replace the device with a regular file.
    """
    times, peaks, code = [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
    return statistics.median(times), max(peaks), code


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--no-oryx", action="store_true", help="skip the real Oryx per-image import")
    parser.add_argument("--startup", action="store_true",
                        help="measure only how fast the command line starts (--version, --help)")
    args = parser.parse_args()
    if args.startup:
        args.sizes, args.no_oryx = [], True
    args.out.mkdir(parents=True, exist_ok=True)
    if args.sizes:
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--claims", *map(str, args.sizes),
                        "--out", str(args.out)], check=True, stdout=subprocess.DEVNULL)
    materiel = str(BIN / "materiel")
    rows = []

    def bench(label: str, argv: list[str]) -> tuple[float, float, int]:
        seconds, peak, code = measure(argv, args.runs)
        rows.append((label, seconds, peak, code))
        print(f"{label:<40} {seconds:8.2f} s {peak:8.0f} MB  exit {code}", flush=True)
        return seconds, peak, code

    results = {}
    for n in args.sizes:
        data = str(args.out / f"claims-{n}.yaml")
        bad = str(args.out / f"claims-{n}-bad.yaml")
        results[n] = {
            "baseline": bench(f"baseline (CSafeLoader + pydantic) {n}", [sys.executable,
                                                                         str(HERE / "baseline.py"), data]),
            "validate": bench(f"materiel validate {n}", [materiel, "validate", "--data", data]),
            "compare": bench(f"materiel compare {n}", [materiel, "compare", "--data", data,
                                                       "--format", "csv"]),
            "bad": bench(f"materiel validate {n}, one bad record", [materiel, "validate", "--data", bad]),
        }
    startup = {flag: bench(f"materiel {flag}", [materiel, flag])[0] for flag in ("--version", "--help")}
    python = bench("python -c pass (the interpreter alone)", [sys.executable, "-c", "pass"])[0]
    if not args.no_oryx:
        oryx = args.out / "oryx-events.yaml"
        source = ROOT / "data" / "public" / "oryx-2025-07-19"
        events = [str(source / f"event_{s}.csv") for s in ("destroyed", "damaged", "abandoned", "captured")]
        subprocess.run([materiel, "import", "oryx-events", *events, "-o", str(oryx), "--force"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        bench("baseline, Oryx per-image import", [sys.executable, str(HERE / "baseline.py"), str(oryx)])
        bench("materiel validate, Oryx per-image import", [materiel, "validate", "--data", str(oryx)])
        bench("materiel compare, Oryx per-image import", [materiel, "compare", "--data", str(oryx),
                                                          "--format", "csv"])
    print()
    help_time = startup["--help"]
    print(f"--help: {help_time:.2f} s, {help_time / python:.1f}x the bare interpreter; target 0.3 s: "
          f"{'met' if help_time <= 0.3 else 'NOT met'}")
    for n, r in results.items():
        base = r["baseline"][0]
        print(f"{n:>7} claims: compare is {base / r['compare'][0]:.1f}x faster than the baseline, "
              f"validate {base / r['validate'][0]:.1f}x; one bad record takes "
              f"{r['bad'][0] / r['validate'][0]:.2f}x the good run")
    if len(args.sizes) >= 2 and 10 * args.sizes[-2] == args.sizes[-1]:
        big, small = results[args.sizes[-1]], results[args.sizes[-2]]
        print(f"linearity: {args.sizes[-1]} claims take {big['compare'][0] / small['compare'][0]:.1f}x "
              f"the time of {args.sizes[-2]} (compare), "
              f"{big['validate'][0] / small['validate'][0]:.1f}x (validate)")


if __name__ == "__main__":
    main()
