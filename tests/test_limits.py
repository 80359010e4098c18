"""Resource limits: huge files, lines of megabytes, deep nesting, a million elements.

Each is a clear, positioned error or a success, within bounded time and memory; never a
RecursionError or MemoryError, never a hang. The command-line cases run `python -m materiel` in
a child process with a memory ceiling (RLIMIT_AS) and a timeout, so that a runaway shows as a
failure instead of taking the test run down with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from materiel.dataset import load_dataset
from materiel.errors import ProblemsFound
from materiel.format.problems import Problem
from materiel.importers.public import ImportFailed, iter_json_array

from .conftest import ROOT

BASE = ("sources: [{id: s, name: S, kind: other}]\n"
        "events: [{id: e, title: T, date: 2016, place: P}]\n")


def cli(*args: str, timeout: float = 60, memory_mb: int = 1536, env: dict | None = None):
    """`python -m materiel ARGS` in a child process under a memory ceiling and a timeout."""

    def ceiling():
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

    environment = {k: v for k, v in os.environ.items() if k != "MATERIEL_DATA"} | (env or {})
    return subprocess.run([sys.executable, "-m", "materiel", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, preexec_fn=ceiling, env=environment, cwd=ROOT)


def assert_no_crash(result) -> None:
    """Exit 0 or 1, and nothing on stderr that only a crash would print."""
    assert result.returncode in (0, 1), result.stderr[-2000:]
    for word in ("Traceback", "RecursionError", "MemoryError", "out of memory", "internal error"):
        assert word not in result.stderr, result.stderr[-2000:]


@contextlib.contextmanager
def within(seconds: float):
    """Fail with TimeoutError if the block runs longer than `seconds` (checked between bytecodes)."""

    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def problems_of(path: Path, fast: bool) -> list:
    with pytest.raises(ProblemsFound) as found:
        load_dataset([path], fast=fast)
    return found.value.problems


# a file over the size limit -------------------------------------------------------------------
@pytest.mark.parametrize("fast", [True, False])
def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch, fast):
    big = tmp_path / "big.yaml"
    big.write_text(BASE + "# " + "x" * 1_500_000 + "\n")
    monkeypatch.setenv("MATERIEL_MAX_FILE_MB", "1")
    read = Path.read_bytes

    def refuse(self):
        assert self != big, "the file was read although it is over the limit"
        return read(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    [problem] = problems_of(big, fast)
    assert (problem.file, problem.line, problem.column, problem.code, problem.path) == (
        str(big), 1, 1, "too-large", "")
    assert "MATERIEL_MAX_FILE_MB" in problem.message


def test_a_file_under_the_limit_is_read(tmp_path, monkeypatch):
    small = tmp_path / "small.yaml"
    small.write_text(BASE + "# " + "x" * 500_000 + "\n")
    monkeypatch.setenv("MATERIEL_MAX_FILE_MB", "1")
    assert load_dataset([small]).counts()["sources"] == 1


def test_the_default_limit_refuses_a_huge_file_at_once(tmp_path, monkeypatch):
    """300 MB (sparse: no disk is used) is over the default of 256 MB: refused without reading."""
    monkeypatch.delenv("MATERIEL_MAX_FILE_MB", raising=False)
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(300_000_000)
    start = time.perf_counter()
    [problem] = problems_of(huge, True)
    assert time.perf_counter() - start < 2
    assert (problem.line, problem.column, problem.code) == (1, 1, "too-large")


def test_validate_says_the_file_is_too_large(run, tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    big.write_text(BASE + "# " + "x" * 1_500_000 + "\n")
    monkeypatch.setenv("MATERIEL_MAX_FILE_MB", "1")
    result = run("validate", "--data", big)
    assert result.exit_code == 1
    [line, count] = result.stderr.splitlines()
    assert line.startswith(f"{big}:1:1: error [too-large] (root): ")
    assert count == "1 problem in 1 file"


def test_add_refuses_a_target_over_the_limit_and_writes_nothing(run, tmp_path, monkeypatch):
    """Found in review: `add` read its target whole, whatever its size."""
    monkeypatch.delenv("MATERIEL_MAX_FILE_MB", raising=False)
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(300_000_000)  # sparse: no disk is used
    start = time.perf_counter()
    result = run("add", "source", "--file", huge, "--data", huge, "--id", "x", "--name", "X",
                 "--kind", "other")
    assert time.perf_counter() - start < 5
    assert result.exit_code == 1
    assert f"{huge}:1:1: error [too-large] (root): the file is 300.0 MB" in result.stderr
    assert huge.stat().st_size == 300_000_000 and not list(tmp_path.glob(".huge.yaml.*"))


# lines of megabytes ---------------------------------------------------------------------------
@pytest.mark.parametrize("fast", [True, False])
def test_a_line_of_megabytes_in_a_text_field_is_read(tmp_path, fast):
    name = "Amaq " * 1_000_000
    path = tmp_path / "long.yaml"
    path.write_text(f"sources:\n  - {{id: s, kind: other, name: \"{name}\"}}\n")
    start = time.perf_counter()
    dataset = load_dataset([path], fast=fast)
    assert time.perf_counter() - start < 5
    assert dataset.sources["s"].name == name


GARBAGE = {
    "unclosed-quote": ('sources: [{id: "' + "x" * 5_000_000 + "\n", (2, 1)),
    "colon-at-the-end": ("sources:\n  - name: " + "a" * 5_000_000 + ": b\n", (2, 5_000_011)),
    "unclosed-flow": ("sources: [" + "x, " * 100_000 + "\n", (2, 1)),
}


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("shape", list(GARBAGE))
def test_a_line_of_megabytes_of_garbage_is_a_positioned_error(tmp_path, shape, fast):
    text, place = GARBAGE[shape]
    path = tmp_path / "garbage.yaml"
    path.write_text(text)
    start = time.perf_counter()
    problems = problems_of(path, fast)
    assert time.perf_counter() - start < 5
    assert [(p.line, p.column, p.code) for p in problems] == [(*place, "syntax")]


def test_a_line_of_megabytes_of_digits_is_read_in_bounded_time(tmp_path):
    """Found: yaml-rs turns a plain scalar of digits into an int in quadratic time (5 MB: ~90 s)."""
    path = tmp_path / "digits.yaml"
    digits = "9" * 3_000_000
    path.write_text(BASE + f"claims:\n  - {{id: c, event: e, claimant: s, published: 2016, note: {digits},\n"
                           f"     items: [{{equipment: tank, quantity: {digits}}}]}}\n")
    result = cli("validate", "--data", path, timeout=10)  # quadratic: ~30 s
    assert_no_crash(result)
    assert result.returncode == 1
    assert "claims[0].items[0].quantity" in result.stderr and "larger than 10,000,000" in result.stderr


def test_problem_messages_stay_short_whatever_the_value(tmp_path):
    long = "x" * 1_000_000
    path = tmp_path / "long-values.yaml"
    path.write_text(
        "sources: [{id: s, name: S, kind: other, url: " + long + "}]\n"
        "events: [{id: e, title: T, date: 2016, place: P, country: " + long + "}]\n"
        "claims: [{id: c, event: " + long + ", claimant: s, published: 2016, "
        "items: [{equipment: tank, quantity: " + long + "}]}]\n")
    problems = problems_of(path, True)
    assert len(problems) == 4
    assert all(len(p.format()) < 1000 for p in problems), [len(p.format()) for p in problems]
    assert all("... (1,000,000 characters)`" in p.message for p in problems), [p.message for p in problems]


def test_a_long_unknown_key_is_cut_in_the_path_and_the_message():
    problem = Problem("f.yaml", 1, 1, "unknown-field", "claims[0]." + "k" * 500,
                      "unknown field `" + "k" * 500 + "`")
    assert problem.path == "claims[0]." + "k" * 60 + "... (500 characters)"
    assert problem.message == "unknown field `" + "k" * 60 + "... (500 characters)`"
    short = Problem("f.yaml", 1, 1, "unknown-field", "claims[0].colour", "unknown field `colour`")
    assert (short.path, short.message) == ("claims[0].colour", "unknown field `colour`")


# deep nesting -----------------------------------------------------------------------------
DEPTH = 10_000
DEEP = {
    "block-mapping": "".join(f"{' ' * i}k{i}:\n" for i in range(DEPTH)) + " " * DEPTH + "x\n",
    "block-sequence": "".join(f"{' ' * i}-\n" for i in range(DEPTH)) + " " * DEPTH + "x\n",
    "compact-sequence": "sources:\n  " + "- " * DEPTH + "x\n",
    "complex-keys": "? " * DEPTH + "x\n",
    "flow-sequence": "sources: " + "[" * DEPTH + "]" * DEPTH + "\n",
    "flow-mapping": "sources: " + "{a: " * DEPTH + "x" + "}" * DEPTH + "\n",
    "in-a-record": BASE + "claims:\n  - {id: c, event: e, claimant: s, published: 2016, note: "
                   + "[" * DEPTH + "]" * DEPTH + ", items: [{equipment: tank, quantity: 1}]}\n",
    "unclosed": "sources: " + "[{" * DEPTH + "\n",
}


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("shape", list(DEEP))
def test_deep_nesting_is_a_positioned_error(tmp_path, shape, fast):
    path = tmp_path / f"{shape}.yaml"
    path.write_text(DEEP[shape])
    start = time.perf_counter()
    problems = problems_of(path, fast)
    assert time.perf_counter() - start < 10
    assert [p.code for p in problems] == ["too-deep"], [p.format() for p in problems]
    assert problems[0].line >= 1 and problems[0].column >= 1


def test_validate_refuses_deep_nesting_without_a_traceback(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("sources: " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = cli("validate", "--data", path, timeout=30)
    assert_no_crash(result)
    assert result.returncode == 1
    assert "error [too-deep]" in result.stderr


def test_an_import_of_deeply_nested_json_is_a_clear_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" + "[" * 100_000 + "]" * 100_000 + "]")
    result = cli("import", "ua-general-staff", path, "--as-of", "2022-02-25",
                          "-o", tmp_path / "out.yaml", timeout=30)
    assert_no_crash(result)
    assert result.returncode == 1
    assert str(path) in result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_an_unterminated_json_string_is_refused_in_bounded_time(tmp_path):
    path = tmp_path / "unterminated.json"
    path.write_text('["' + "x" * 20_000_000)
    with within(5), pytest.raises(ImportFailed, match="not JSON"):
        list(iter_json_array(path))


# a million elements -------------------------------------------------------------------------
def test_a_million_element_flow_sequence_is_read(tmp_path):
    path = tmp_path / "million.yaml"
    path.write_text("equipment: [{id: x, name: X, parent: tank, aliases: [" + ", ".join(["a"] * 1_000_000)
                    + "]}]\n")
    result = cli("validate", "--data", path, timeout=60)
    assert_no_crash(result)
    assert (result.returncode, result.stdout) == (
        0, "OK: 0 sources, 0 events, 0 claims (0 items), 0 evidence (0 observations), "
           "1 equipment node in 1 file\n")


def test_the_positioned_path_reads_a_large_flow_sequence_too(tmp_path):
    path = tmp_path / "large.yaml"
    identifiers = ", ".join(f"i{i}" for i in range(200_000))
    path.write_text(BASE + "evidence: [{id: v, event: e, kind: photo, publisher: s, published: 2016, "
                           "observations: [{equipment: tank, count: 1, "
                           f"identifiers: [{identifiers}]}}]}}]\n")
    start = time.perf_counter()
    dataset = load_dataset([path], fast=False)
    assert time.perf_counter() - start < 10
    assert len(dataset.evidence[0].observations[0].identifiers) == 200_000


def test_a_million_element_sequence_under_an_unknown_key_is_one_error(tmp_path):
    path = tmp_path / "unknown.yaml"
    path.write_text("claimz: [" + ", ".join(["1"] * 1_000_000) + "]\n")
    result = cli("validate", "--data", path, timeout=60)
    assert_no_crash(result)
    assert result.returncode == 1
    assert result.stderr == (f"{path}:1:1: error [unknown-key] claimz: unknown top-level key `claimz`; "
                             "did you mean `claims`?\n1 problem in 1 file\n")


def test_a_flood_of_bad_records_is_reported_whole_in_linear_time(tmp_path):
    """Every element is its own problem, each said plainly at its own column (a generous bound:
    a hang guard against quadratic work, not a speed test; ~2-4 s here)."""
    path = tmp_path / "flood.yaml"
    path.write_text("claims: [" + ", ".join(["1"] * 200_000) + "]\n")
    with within(30), pytest.raises(ProblemsFound) as found:
        load_dataset([path])
    problems = found.value.problems
    assert len(problems) == 200_000
    assert {p.code for p in problems} == {"wrong-type"}
    assert (problems[1].line, problems[1].column, problems[1].path) == (1, 13, "claims[1]")
    assert problems[1].message == ("each item of `claims` is a record, a mapping of fields (`id: ...`), "
                                   "not `1`")


# the alias bomb, on both paths and through the command line ------------------------------------
def alias_bomb() -> str:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        levels.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    return "\n".join(levels) + "\n"


@pytest.mark.parametrize("fast", [True, False])
def test_an_alias_bomb_is_refused_quickly_on_both_paths(tmp_path, fast):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb())
    start = time.perf_counter()
    problems = problems_of(path, fast)
    assert time.perf_counter() - start < 10
    assert [(p.line, p.column, p.code) for p in problems] == [(6, 45, "alias-budget")]


def test_json_validate_output_of_a_deep_file_is_valid_json(run, tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text(DEEP["flow-mapping"])
    result = run("validate", "--data", path, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [p["code"] for p in report["problems"]] == ["too-deep"]
