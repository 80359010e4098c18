"""Bounded-time fuzzing of materiel: the machinery fuzz_loader.py and fuzz_draft.py share.

A target is a function `check(data: bytes) -> list[Finding]` that runs one input in-process
and returns what is wrong with the outcome (an empty list when all is well). The campaign runs
inputs until its time is up, each under a timeout guard (an interval timer raising `Hang` in
Python code; time spent in native code is measured after it returns), records every uncaught
exception, every run over the time limit, resident memory growing past a bound, and the
target's own findings (such as the two YAML paths disagreeing), saves one input per kind of
finding, and prints a summary: inputs tried, time, findings.

Engines:
  hypothesis  Hypothesis draws the inputs (structure-aware strategies from the target), in
              batches until the time is up; no shrinking, no example database.
  atheris     libFuzzer's coverage-guided mutation of bytes (materiel's Python code is
              instrumented), seeded with a corpus the target writes, with a YAML dictionary.

Exit status: 0 if nothing but disagreements were found (1 with --strict), 1 for any crash,
hang, slow run or memory growth.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `tests.generated`: the dataset strategies the tests use too

SERIOUS = ("crash", "hang", "slow", "memory")


class Hang(BaseException):  # not an Exception: code under test must not catch it
    """Raised by the timeout guard inside a run that takes too long."""


@dataclass
class Finding:
    """One thing wrong with one input's outcome."""

    kind: str  # crash, hang, slow, memory, disagreement, position, output, dropped
    signature: str  # what makes two findings the same problem
    detail: str = ""


@dataclass
class Seen:
    """A kind of finding: the first example and how many inputs showed it."""

    finding: Finding
    example: Path
    count: int = 1


def signature_of(error: BaseException) -> str:
    """An exception's type and the innermost frame of materiel's own code (or the last frame)."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if "/materiel/" in f.filename] or frames[-1:]
    where = f"{Path(own[-1].filename).name}:{own[-1].name}" if own else "?"
    return f"{type(error).__name__} in {where}"


def rss_mb() -> float:
    """The process's resident memory now, in MB."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


@dataclass
class Campaign:
    """A bounded fuzzing run of one target."""

    name: str
    check: Callable[[bytes], list[Finding]]
    seconds: float
    timeout: float
    rss_growth_mb: float
    out: Path
    guard: bool = True  # whether to arm the interval timer (not under libFuzzer, which uses it)
    strict: bool = False  # disagreements count as failures too
    tried: int = 0
    seen: dict[str, Seen] = field(default_factory=dict)

    def __post_init__(self):
        self.out.mkdir(parents=True, exist_ok=True)
        self.started = time.monotonic()
        self.baseline = None
        self.last_report = self.started

    def over(self) -> bool:
        return time.monotonic() - self.started >= self.seconds

    def run_one(self, data: bytes) -> None:
        """Run one input under the guards and record what went wrong."""
        self.tried += 1
        if self.baseline is None and self.tried > 20:  # after the first imports and caches
            self.baseline = rss_mb()
        found: list[Finding] = []
        start = time.monotonic()
        if self.guard:
            signal.setitimer(signal.ITIMER_REAL, self.timeout)
        try:
            found = self.check(data)
        except Hang:
            found = [Finding("hang", f"hang in {self.name}", f"interrupted after {self.timeout} s")]
        except MemoryError as error:
            found = [Finding("memory", signature_of(error), "MemoryError")]
        except Exception as error:
            found = [Finding("crash", signature_of(error), "".join(traceback.format_exception(error)))]
        finally:
            if self.guard:
                signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.monotonic() - start
        if elapsed > self.timeout and not any(f.kind == "hang" for f in found):
            found.append(Finding("slow", f"slow run in {self.name}", f"{elapsed:.1f} s"))
        if self.baseline is not None and self.tried % 50 == 0:
            gc.collect()
            grown = rss_mb() - self.baseline
            if grown > self.rss_growth_mb:
                found.append(Finding("memory", f"resident memory grew in {self.name}",
                                     f"{grown:.0f} MB over the baseline after {self.tried} inputs"))
                self.baseline = rss_mb()
        for finding in found:
            self.record(finding, data)
        if time.monotonic() - self.last_report > 30:
            self.last_report = time.monotonic()
            print(f"  ... {self.tried:,} inputs, {time.monotonic() - self.started:.0f} s, "
                  f"{len(self.seen)} kind(s) of finding", flush=True)

    def record(self, finding: Finding, data: bytes) -> None:
        seen = self.seen.get(finding.signature)
        if seen is not None:
            seen.count += 1
            if len(data) < len(seen.example.read_bytes()):  # keep the smallest example
                seen.example.write_bytes(data)
                seen.example.with_suffix(".txt").write_text(finding.detail, encoding="utf-8")
            return
        digest = hashlib.sha1(data).hexdigest()[:12]
        example = self.out / f"{finding.kind}-{digest}.bin"
        example.write_bytes(data)
        example.with_suffix(".txt").write_text(f"{finding.signature}\n\n{finding.detail}", encoding="utf-8")
        self.seen[finding.signature] = Seen(finding, example)
        print(f"  new {finding.kind}: {finding.signature} ({example})", flush=True)

    def summary(self, engine: str) -> int:
        """Print the figures and the findings; the exit status."""
        elapsed = time.monotonic() - self.started
        print(f"\nmateriel fuzz {self.name} ({engine}): {self.tried:,} inputs in {elapsed:.0f} s "
              f"({self.tried / max(elapsed, 1e-9):,.0f}/s); examples in {self.out}")
        kinds = {}
        for seen in self.seen.values():
            kinds.setdefault(seen.finding.kind, []).append(seen)
        for kind in ("crash", "hang", "slow", "memory", "disagreement", "position", "output", "dropped"):
            items = kinds.get(kind, [])
            print(f"  {kind}: {len(items)} kind(s), {sum(s.count for s in items):,} input(s)")
            for seen in sorted(items, key=lambda s: -s.count):
                print(f"    - {seen.finding.signature}  [{seen.count:,}]  {seen.example.name}")
        serious = any(kind in kinds for kind in SERIOUS)
        return 1 if serious or (self.strict and self.seen) else 0


def arguments(name: str, description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"fuzz_{name}.py", description=description)
    parser.add_argument("--seconds", type=float, default=120, help="how long to run (default 120)")
    parser.add_argument("--engine", choices=("hypothesis", "atheris"), default="hypothesis")
    parser.add_argument("--timeout", type=float, default=10,
                        help="seconds one input may take before it counts as a hang (default 10)")
    parser.add_argument("--rss-growth-mb", type=float, default=512,
                        help="resident memory growth that counts as a finding (default 512)")
    parser.add_argument("--max-memory-mb", type=int, default=4096,
                        help="address-space ceiling, so a runaway is a MemoryError (default 4096)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "materiel-fuzz" / name,
                        help="where to save one example of each finding")
    parser.add_argument("--strict", action="store_true", help="exit 1 on disagreements too")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis engine: a fixed seed")
    return parser.parse_args()


def run(name: str, description: str, check: Callable[[bytes], list[Finding]], strategy_factory,
        corpus: Callable[[Path], None], dictionary: Path | None = None) -> None:
    """Parse the command line and run the campaign with the chosen engine; exit with its status."""
    args = arguments(name, description)
    campaign = Campaign(name, check, args.seconds, args.timeout, args.rss_growth_mb, args.out,
                        guard=args.engine == "hypothesis", strict=args.strict)
    print(f"materiel fuzz {name}: {args.engine}, {args.seconds:.0f} s, timeout {args.timeout} s per input",
          flush=True)
    if args.engine == "hypothesis":
        resource.setrlimit(resource.RLIMIT_AS, (args.max_memory_mb << 20, resource.RLIM_INFINITY))

        def expired(signum, frame):
            raise Hang

        signal.signal(signal.SIGALRM, expired)
        run_hypothesis(campaign, strategy_factory(), args.seed)
        sys.exit(campaign.summary("hypothesis"))
    run_atheris(campaign, corpus, dictionary, args)


def run_hypothesis(campaign: Campaign, strategy, seed: int | None) -> None:
    """Batches of Hypothesis examples until the time is up (no shrinking: each input is recorded)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fixed_seed

    @settings(max_examples=500, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def batch(data: bytes) -> None:
        if not campaign.over():
            campaign.run_one(data)

    if seed is not None:
        batch = fixed_seed(seed)(batch)
    while not campaign.over():
        batch()


def run_atheris(campaign: Campaign, corpus: Callable[[Path], None], dictionary: Path | None, args) -> None:
    """libFuzzer until the time is up; it calls back for each input (this never returns)."""
    import atheris

    seeds = Path(tempfile.mkdtemp(prefix=f"materiel-fuzz-{campaign.name}-corpus-"))
    corpus(seeds)

    def one(data: bytes) -> None:
        if campaign.over():
            os._exit(campaign.summary("atheris"))
        campaign.run_one(data)

    options = [sys.argv[0], f"-max_total_time={int(args.seconds) + 60}", "-max_len=65536",
               f"-timeout={int(args.timeout * 3)}", f"-rss_limit_mb={args.max_memory_mb}",
               "-print_final_stats=0", "-close_fd_mask=0"]
    if dictionary is not None:
        options.append(f"-dict={dictionary}")
    atheris.Setup([*options, str(seeds)], one)
    atheris.Fuzz()
