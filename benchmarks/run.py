"""Benchmark: the targets of the performance issue (14), against today's code and the baseline, in one run.

    python benchmarks/run.py                     # the targets: Oryx, 10k and 100k claims, Palmyra
    python benchmarks/run.py --quick             # the same on 1k and 10k claims, 1 run each
    python benchmarks/run.py --sizes 1000 10000 --runs 5   # the size table of earlier versions
    python benchmarks/run.py --startup           # only --version and --help

The default run measures every target of issue 14 as whole processes, three ways in the same
run, interleaved so that they share the machine's noise: the code of this checkout ("new"),
today's code (commit c0ec649, the last before the speed work, extracted once with `git archive`
into OUT/before/ and run from there) and the hand-written baseline (benchmarks/baseline.py:
PyYAML's CSafeLoader, then the same pydantic models). Each figure is the median of the runs'
wall times, with the peak memory (RSS) of the process. "Cold" runs each get a fresh, empty
MATERIEL_CACHE_DIR (so they include writing the cache); "warm" runs use one that a first,
untimed run of the same command filled. Today's code has no cache: it ignores the variable.
It prints one line per measurement, then a table: target, figure, ratio against today's code,
ratio against the baseline where it applies, met or NOT met.

Datasets: benchmarks/generate.py (deterministic) under OUT, and Oryx's per-image files of
2025-07-19 imported with `materiel import oryx-events` to OUT/oryx-events.yaml (and copied to
OUT/oryx/, the folder that the completion of ids reads). Output goes to a pipe that is read and
thrown away, or to a file in OUT; never through `-o`, and never to a device.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
TODAY = "c0ec649"  # the last commit before the speed work: "today's code" of the issue
GOLDEN = ROOT.parent / "golden"  # validate-100k-bad.out, validate-10k-bad.out: the expected problem line
ORYX = ROOT / "data" / "public" / "oryx-2025-07-19"
# Today's code is run the way the console script runs materiel, so that the program's name is
# `materiel` (under `python -m materiel` it would be `python -m materiel`, and the completion
# variable would be another).
ENTRY = "import sys; sys.argv[0] = 'materiel'; from materiel.cli import main; sys.exit(main())"


# --- running one process ---------------------------------------------------------------------

def base_environment() -> dict[str, str]:
    """The caller's environment without what would change which data, code or cache is used."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATERIEL_") and k != "PYTHONPATH"}
    env.pop("_MATERIEL_COMPLETE", None)
    return env


def measure_once(argv: list[str], env: dict[str, str], cwd: Path, stdout: Path | None = None,
                 stderr: Path | None = None) -> tuple[float, float, int]:
    """Seconds of wall time, peak memory in MB and exit code of one whole process.

    Its peak memory is that of the process, but never less than this script's own: Linux counts
    the memory of the forked copy before `exec`. This script keeps no large file in memory.

    Its output goes to `stdout` (a file in the benchmark's folder) or to a pipe that is read and
    discarded; never through `-o`, and never to a device: an atomic write by rename, run as root,
    would replace a device with a regular file.
    """
    err = open(stderr, "wb") if stderr else subprocess.DEVNULL  # noqa: SIM115
    out = open(stdout, "wb") if stdout else subprocess.PIPE  # noqa: SIM115
    try:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd)
        if stdout is None:
            while process.stdout.read1(1 << 16):
                pass
            process.stdout.close()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    finally:
        for handle in (out, err):
            if hasattr(handle, "close"):
                handle.close()
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def measure(argv: list[str], runs: int, env: dict[str, str] | None = None,
            cwd: Path = ROOT) -> tuple[float, float, int]:
    """Median seconds, peak memory in MB over the runs, and the exit code of the last run."""
    times, peaks, code = [], [], 0
    for _ in range(runs):
        seconds, peak, code = measure_once(argv, env or base_environment(), cwd)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks), code


# --- the three contestants -------------------------------------------------------------------

@dataclass
class Code:
    """One way of running materiel: the checkout's ("new") or today's (the old commit's copy)."""

    name: str
    prefix: list[str]
    env: dict[str, str]

    def argv(self, *args: str) -> list[str]:
        return [*self.prefix, *args]


def today_code(out: Path) -> Code | None:
    """Today's code, extracted once into OUT/before/src; None, saying why, without git or the commit."""
    before = out / "before"
    src = before / "src"
    if not (src / "materiel" / "__init__.py").is_file():
        try:
            subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet",
                            f"{TODAY}^{{commit}}"], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except (OSError, subprocess.CalledProcessError):
            print(f"No git repository here, or no commit {TODAY} in it (a tarball?): the comparison "
                  "with today's code is skipped.")
            return None
        staging = Path(tempfile.mkdtemp(prefix=".before-", dir=out))
        git = subprocess.Popen(["git", "-C", str(ROOT), "archive", TODAY, "src"], stdout=subprocess.PIPE)
        subprocess.run(["tar", "-x", "-C", str(staging)], stdin=git.stdout, check=True)
        git.stdout.close()
        if git.wait() != 0:
            sys.exit(f"git archive {TODAY} src failed")
        shutil.rmtree(before, ignore_errors=True)
        os.replace(staging, before)
    env = base_environment()
    env["PYTHONPATH"] = str(src)
    return Code("today", [sys.executable, "-c", ENTRY], env)


def where_from(code: Code) -> str:
    """The file the `materiel` package is imported from, under this code's environment."""
    argv = [code.prefix[0], "-c", "import materiel; print(materiel.__file__)"]
    return subprocess.run(argv, env=code.env, cwd=ROOT, check=True, stdout=subprocess.PIPE,
                          text=True).stdout.strip()


# --- paired measurements ---------------------------------------------------------------------

@dataclass
class Result:
    """The runs of one contestant in one measurement."""

    times: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    log: Path | None = None  # the standard error of its last run

    @property
    def seconds(self) -> float:
        return statistics.median(self.times)

    @property
    def peak(self) -> float:
        return max(self.peaks)

    @property
    def code(self) -> int:
        return self.codes[-1]

    def why(self) -> str:
        """The last line of its last run's standard error, to say why it failed."""
        lines = self.log.read_text(errors="replace").strip().splitlines() if self.log else []
        return lines[-1][:120] if lines else "nothing on stderr"


@dataclass
class Entry:
    """One contestant of a measurement: its command, its cache (None, "cold" or "warm"), its runs."""

    who: str
    argv: list[str]
    env: dict[str, str]
    cache: str | None
    runs: int
    stdout: Path | None = None


class Bench:
    """Runs measurements with their contestants interleaved, and prints a line for each."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.caches = out / "cache"
        self.caches.mkdir(parents=True, exist_ok=True)
        self.logs = out / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)

    def _environment(self, entry: Entry, warm: Path | None) -> tuple[dict[str, str], Path | None]:
        env = dict(entry.env)
        if entry.cache == "cold":
            fresh = Path(tempfile.mkdtemp(prefix="cold-", dir=self.caches))
            env["MATERIEL_CACHE_DIR"] = str(fresh)
            return env, fresh
        if entry.cache == "warm":
            env["MATERIEL_CACHE_DIR"] = str(warm)
        return env, None

    def run(self, label: str, entries: list[Entry]) -> dict[str, Result]:
        """Round after round, each contestant once per round (while it has runs left)."""
        results = {e.who: Result() for e in entries}
        warm = {}
        for e in entries:
            if e.cache == "warm":  # one untimed run fills the cache
                warm[e.who] = Path(tempfile.mkdtemp(prefix="warm-", dir=self.caches))
                env = dict(e.env, MATERIEL_CACHE_DIR=str(warm[e.who]))
                measure_once(e.argv, env, ROOT, stdout=e.stdout)
        for round_ in range(max(e.runs for e in entries)):
            for e in entries:
                if round_ >= e.runs:
                    continue
                env, fresh = self._environment(e, warm.get(e.who))
                name = "".join(c if c.isalnum() else "-" for c in f"{label}-{e.who}")
                log = self.logs / f"{name}.stderr"
                seconds, peak, code = measure_once(e.argv, env, ROOT, stdout=e.stdout, stderr=log)
                if fresh is not None:
                    shutil.rmtree(fresh, ignore_errors=True)
                r = results[e.who]
                r.times.append(seconds)
                r.peaks.append(peak)
                r.codes.append(code)
                r.log = log
        for path in warm.values():
            shutil.rmtree(path, ignore_errors=True)
        for e in entries:
            r = results[e.who]
            runs = f"{len(r.times)} run{'s' if len(r.times) != 1 else ''}"
            print(f"  {label:<44} {e.who:<10} {r.seconds:8.2f} s {r.peak:7.0f} MB  exit {r.code}  ({runs})",
                  flush=True)
        return results


# --- the targets -----------------------------------------------------------------------------

@dataclass
class Target:
    """One row of the final table."""

    name: str
    figure: str
    today: str = ""
    baseline: str = ""
    met: bool | None = None
    note: str = ""


def ratio(slower: Result | None, faster: Result | None) -> str:
    """How many times faster `faster` is than `slower` (their median times), e.g. `3.2x`."""
    if slower is None or faster is None:
        return ""
    return f"{slower.seconds / faster.seconds:.1f}x"


def import_oryx(out: Path, materiel: list[str], env: dict[str, str]) -> Path:
    """Oryx's per-image files as one dataset file (OUT/oryx-events.yaml), and OUT/oryx/ holding a copy."""
    dataset = out / "oryx-events.yaml"
    events = [str(ORYX / f"event_{s}.csv") for s in ("destroyed", "damaged", "abandoned", "captured")]
    done = subprocess.run([*materiel, "import", "oryx-events", *events, "-o", str(dataset), "--force"],
                          env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        if not dataset.is_file():
            sys.exit(f"materiel import oryx-events failed:\n{done.stderr}")
        print(f"materiel import oryx-events failed (exit {done.returncode}); "
              f"using the {dataset} already there")
    folder = out / "oryx"
    folder.mkdir(exist_ok=True)
    copy = folder / dataset.name
    if not copy.is_file() or not filecmp.cmp(copy, dataset, shallow=False):
        temporary = folder / f".{dataset.name}.{os.getpid()}.tmp"
        shutil.copyfile(dataset, temporary)
        os.replace(temporary, copy)
    return dataset


def shown(path: Path) -> str:
    """A path as given to materiel: relative to the repository when inside it (as in the golden files)."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def targets(args: argparse.Namespace) -> None:
    """Measure every target of issue 14 and print the table."""
    start = time.perf_counter()
    out = args.out
    runs = args.runs
    small, big = (1000, 10000) if args.quick else (10000, 100000)
    big_slow_runs = min(args.today_big_runs, runs)
    env = base_environment()
    new = Code("new", [str(BIN / "materiel")], env)
    old = None if args.no_today else today_code(out)
    print(f"new:   {where_from(Code('new', [sys.executable], env))}")
    if old is not None:
        origin = where_from(old)
        print(f"today: {origin} (commit {TODAY})")
        if not origin.startswith(str(out / "before")):
            sys.exit("today's code does not run from its own copy; refusing to compare")
    mode = "quick: 1 run each, 1k and 10k claims" if args.quick else \
        f"{runs} runs each; today's code and the baseline {big_slow_runs} on {big:,} claims"
    print(f"mode:  {mode}; cold = a fresh MATERIEL_CACHE_DIR per run, warm = one filled by a first run")
    print()

    subprocess.run([sys.executable, str(HERE / "generate.py"), "--claims", str(small), str(big),
                    "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    oryx = shown(import_oryx(out, new.prefix, env))
    oryx_folder = shown(out / "oryx")
    bench = Bench(out)
    baseline = [sys.executable, str(HERE / "baseline.py")]

    def entries(args_: list[str], cache: str = "cold", n: int = runs, today: bool = True,
                base: list[str] | None = None, n_slow: int | None = None, stdout: str | None = None,
                warm: bool = False) -> list[Entry]:
        """today, new cold (and new warm), baseline: in that order, interleaved."""
        slow = n if n_slow is None else n_slow
        files = {w: (out / f"{stdout}-{w}.out" if stdout else None) for w in ("today", "new", "warm")}
        rows = []
        if today and old is not None:
            rows.append(Entry("today", old.argv(*args_), old.env, None, slow, files["today"]))
        rows.append(Entry("new", new.argv(*args_), new.env, cache, n, files["new"]))
        if warm:
            rows.append(Entry("new warm", new.argv(*args_), new.env, "warm", n, files["warm"]))
        if base is not None:
            rows.append(Entry("baseline", [*baseline, *base], env, None, slow))
        return rows

    table: list[Target] = []

    def check(name: str, figure: Result, limit: float, today_: Result | None = None,
              base: Result | None = None, code: int = 0, extra: bool = True, unit: str = "s") -> Target:
        value = figure.peak if unit == "MB" else figure.seconds
        ok = value <= limit and figure.code == code and extra
        text = f"{value:,.0f} MB" if unit == "MB" else f"{value:.2f} s"
        row = Target(name, text, ratio(today_, figure), ratio(base, figure), ok)
        if figure.code != code:  # a failure is no speed-up
            row.today = row.baseline = ""
            row.note = f"exit {figure.code}: {figure.why()}"
        table.append(row)
        return row

    # Oryx per-image import: compare cold and warm, validate cold
    print(f"Oryx per-image import ({oryx}):")
    r = bench.run("compare, Oryx",
                  entries(["compare", "--data", oryx, "--format", "csv"], base=[oryx], warm=True))
    check("Oryx compare, cold <= 1.2 s", r["new"], 1.2, r.get("today"), r["baseline"])
    check("Oryx compare, warm <= 0.25 s", r["new warm"], 0.25, r.get("today"), r["baseline"])
    v = bench.run("validate, Oryx", entries(["validate", "--data", oryx]))
    check("Oryx validate, cold <= 1.2 s", v["new"], 1.2, v.get("today"), r["baseline"])

    # Shell completion of event ids, on the folder holding the Oryx import
    words = f"materiel compare --data {oryx_folder} --event "
    rows = entries([], stdout="completion", warm=True)
    for e in rows:
        e.env = dict(e.env, _MATERIEL_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD="5")
    c = bench.run("TAB completion of --event, Oryx folder", rows)
    ids = {w: (out / f"completion-{w}.out").read_text().split() for w in ("new", "warm")}
    expected = (out / "completion-today.out").read_text().split() if old is not None else None
    answered = all(ids[w] and (expected is None or ids[w] == expected) for w in ids)
    print(f"  completion answers {ids['warm']}" + ("" if expected is None else
          f"; today's code {expected}") + ("" if answered else "  <- NOT the event ids"))
    check("TAB completion of ids, cold <= 0.2 s", c["new"], 0.2, c.get("today"), extra=answered)
    check("TAB completion of ids, warm <= 0.2 s", c["new warm"], 0.2, c.get("today"), extra=answered)
    print()

    # Generated claims
    paths = {n: shown(out / f"claims-{n}.yaml") for n in (small, big)}
    bad = shown(out / f"claims-{big}-bad.yaml")
    print(f"Generated claims ({paths[small]}, {paths[big]}):")
    s = bench.run(f"compare, {small:,} claims",
                  entries(["compare", "--data", paths[small], "--format", "csv"]))
    b = bench.run(f"compare, {big:,} claims",
                  entries(["compare", "--data", paths[big], "--format", "csv"], base=[paths[big]],
                          n_slow=big_slow_runs, warm=True))
    label = f"{big // 1000}k" + (" (quick; targets are for 100k)" if args.quick else "")
    row = check(f"{label} compare, cold <= 5 s and >= 3x today", b["new"], 5.0, b.get("today"), b["baseline"],
                extra="today" not in b or b["today"].seconds >= 3 * b["new"].seconds)
    if "today" not in b:
        row.note = "not compared with today's code"
    check(f"{label} compare, warm <= 0.4 s", b["new warm"], 0.4, b.get("today"), b["baseline"])
    growth = b["new"].seconds / s["new"].seconds
    table.append(Target(f"{label} compare cold, <= 11x the {small // 1000}k time", f"{growth:.1f}x",
                        met=growth <= 11 and b["new"].code == 0 and s["new"].code == 0,
                        note="" if "today" not in s else
                        f"today: {b['today'].seconds / s['today'].seconds:.1f}x"))
    check(f"{label} compare, peak memory <= 1 GB", b["new"], 1024, unit="MB")
    if "today" in b:
        table[-1].today = f"{b['today'].peak / b['new'].peak:.1f}x"
        table[-1].baseline = f"{b['baseline'].peak / b['new'].peak:.1f}x"
    g = bench.run(f"validate, {big:,} claims",
                  entries(["validate", "--data", paths[big]], n_slow=big_slow_runs))
    x = bench.run(f"validate, {big:,} claims, one bad record",
                  entries(["validate", "--data", bad], n_slow=big_slow_runs, stdout="validate-bad"))
    golden = GOLDEN / f"validate-{big // 1000}k-bad.out"

    def printed(who: str) -> list[str]:
        """What a run printed: standard output, then standard error (the problem may be on either)."""
        return [*(out / f"validate-bad-{who}.out").read_text(errors="replace").splitlines(),
                *(x[who].log.read_text(errors="replace").splitlines() if x[who].log else [])]

    lines = printed("new")
    problem = next((s for s in lines if " error [" in s or " warning [" in s), None)
    print(f"  new prints:  {problem or '(no problem line)'}")
    if golden.is_file():
        wanted = golden.read_text().splitlines()[0]
        same = wanted in lines
        print(f"  golden file: {wanted}  ({'printed' if same else 'NOT printed'})")
    else:
        same = problem is not None
        print(f"  (no golden file {golden}: the line is not checked)")
    if old is not None:
        print(f"  today's code {'prints it too' if problem in printed('today') else 'prints another line'}")
    order = x["new"].seconds / g["new"].seconds
    notes = [] if same else ["the problem line differs"]
    if x["new"].code != 1:
        notes.append(f"exit {x['new'].code}: {x['new'].why()}")
    if g["new"].code != 0:
        notes.append(f"the good file: exit {g['new'].code}: {g['new'].why()}")
    table.append(Target(f"{label} one bad record: exact line, <= 2x the good file",
                        f"{x['new'].seconds:.2f} s, {order:.2f}x", ratio(x.get("today"), x["new"]), "",
                        same and order <= 2 and x["new"].code == 1 and g["new"].code == 0, "; ".join(notes)))
    print()

    # Palmyra and start-up
    print("Palmyra (the project's dataset) and start-up:")
    p = bench.run("compare, Palmyra", entries(["compare"], n=max(runs, 5), warm=True))
    check("Palmyra compare, cold <= 0.3 s", p["new"], 0.3, p.get("today"))
    check("Palmyra compare, warm <= 0.3 s", p["new warm"], 0.3, p.get("today"))
    h = bench.run("--help", entries(["--help"], n=max(runs, 5)))
    check("--help <= 0.2 s", h["new"], 0.2, h.get("today"))
    i = bench.run("python -c pass (the interpreter alone)",
                  [Entry("python", [sys.executable, "-c", "pass"], env, None, max(runs, 5))])
    print()

    width = max(len(t.name) for t in table)
    print(f"{'Target':<{width}}  {'Figure':>14}  {'vs today':>8}  {'vs baseline':>11}  Verdict")
    for t in table:
        verdict = "met" if t.met else "NOT met"
        note = f"  ({t.note})" if t.note else ""
        print(f"{t.name:<{width}}  {t.figure:>14}  {t.today:>8}  {t.baseline:>11}  {verdict}{note}")
    met = sum(bool(t.met) for t in table)
    print(f"\n{met} of {len(table)} targets met. vs today / vs baseline: how many times faster than "
          f"today's code ({TODAY}) / the baseline, median against median, measured in this run "
          f"(for memory, how many times less). The interpreter alone starts in {i['python'].seconds:.2f} s. "
          f"Took {time.perf_counter() - start:.0f} s.")


# --- the size table of earlier versions ------------------------------------------------------

def sizes(args: argparse.Namespace) -> None:
    """The checkout's code against the baseline at each size (cold: a fresh cache per run)."""
    args.out.mkdir(parents=True, exist_ok=True)
    if args.sizes:
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--claims", *map(str, args.sizes),
                        "--out", str(args.out)], check=True, stdout=subprocess.DEVNULL)
    materiel = str(BIN / "materiel")
    bench = Bench(args.out)
    env = base_environment()

    def timed(label: str, argv: list[str], cache: str | None = "cold") -> Result:
        who = "new" if cache else ""
        return bench.run(label, [Entry(who, argv, env, cache, args.runs)])[who]

    results = {}
    for n in args.sizes:
        data = str(args.out / f"claims-{n}.yaml")
        bad = str(args.out / f"claims-{n}-bad.yaml")
        results[n] = {
            "baseline": timed(f"baseline (CSafeLoader + pydantic) {n}",
                              [sys.executable, str(HERE / "baseline.py"), data], None),
            "validate": timed(f"materiel validate {n}", [materiel, "validate", "--data", data]),
            "compare": timed(f"materiel compare {n}",
                             [materiel, "compare", "--data", data, "--format", "csv"]),
            "bad": timed(f"materiel validate {n}, one bad record", [materiel, "validate", "--data", bad]),
        }
    startup = {flag: timed(f"materiel {flag}", [materiel, flag]).seconds for flag in ("--version", "--help")}
    python = timed("python -c pass (the interpreter alone)", [sys.executable, "-c", "pass"], None).seconds
    if not args.no_oryx:
        oryx = str(import_oryx(args.out, [materiel], env))
        timed("baseline, Oryx per-image import", [sys.executable, str(HERE / "baseline.py"), oryx], None)
        timed("materiel validate, Oryx per-image import", [materiel, "validate", "--data", oryx])
        timed("materiel compare, Oryx per-image import",
              [materiel, "compare", "--data", oryx, "--format", "csv"])
    print()
    help_time = startup["--help"]
    print(f"--help: {help_time:.2f} s, {help_time / python:.1f}x the bare interpreter; target 0.2 s: "
          f"{'met' if help_time <= 0.2 else 'NOT met'}")
    for n, r in results.items():
        base = r["baseline"].seconds
        print(f"{n:>7} claims: compare is {base / r['compare'].seconds:.1f}x faster than the baseline, "
              f"validate {base / r['validate'].seconds:.1f}x; one bad record takes "
              f"{r['bad'].seconds / r['validate'].seconds:.2f}x the good run")
    if len(args.sizes) >= 2 and 10 * args.sizes[-2] == args.sizes[-1]:
        big, small = results[args.sizes[-1]], results[args.sizes[-2]]
        print(f"linearity: {args.sizes[-1]} claims take "
              f"{big['compare'].seconds / small['compare'].seconds:.1f}x "
              f"the time of {args.sizes[-2]} (compare), "
              f"{big['validate'].seconds / small['validate'].seconds:.1f}x (validate)")


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="the targets on 1k and 10k claims instead of 10k and 100k, 1 run each")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per measurement, the median is kept (default 3; 5 for the short ones)")
    parser.add_argument("--today-big-runs", type=int, default=1,
                        help="runs of today's code and of the baseline on 100k claims (default 1: "
                             "they take about 40 and 60 s each)")
    parser.add_argument("--no-today", action="store_true", help="do not measure today's code")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--sizes", type=int, nargs="+", default=None,
                        help="instead of the targets: the checkout's code against the baseline "
                             "at these sizes")
    parser.add_argument("--no-oryx", action="store_true",
                        help="with --sizes: skip the real Oryx per-image import")
    parser.add_argument("--startup", action="store_true",
                        help="measure only how fast the command line starts (--version, --help)")
    args = parser.parse_args()
    args.out = args.out.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.runs is None:
        args.runs = 1 if args.quick else 3
    if args.startup or args.sizes is not None:
        if args.startup:
            args.sizes, args.no_oryx = [], True
        sizes(args)
    else:
        targets(args)


if __name__ == "__main__":
    main()
