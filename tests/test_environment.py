"""The environment failing is not a bug of materiel: closed pipes, closed or full output, an ASCII
output encoding, memory, and MATERIEL_* variables it cannot use. And every name and value
materiel prints is inert: a line break cannot forge a second line, an escape is shown, not obeyed.

Real processes (`python -m materiel`), so that the real stdout and entry point are tested.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PALMYRA = ROOT / "data" / "claims.yaml"
MATERIEL = [sys.executable, "-m", "materiel"]
# A name that tries everything: a title-setting escape sequence (ESC ] 0 ; ... BEL), a
# right-to-left override, and a line break followed by a forged line.
HOSTILE = "x\x1b]0;pwned\x07\u202ey\nError: forged"
HOSTILE_SHOWN = "x\\x1b]0;pwned\\x07\\u202ey\\x0aError: forged"


def environment(**extra: str) -> dict[str, str]:
    """The test's environment without MATERIEL_*, plus `extra`."""
    return {k: v for k, v in os.environ.items() if not k.startswith("MATERIEL_")} | extra


def materiel(*args, stdout=subprocess.PIPE, env: dict | None = None, **kwargs):
    """Run `python -m materiel ARGS` from the repository's root; stdout and stderr as text."""
    return subprocess.run([*MATERIEL, *map(str, args)], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, timeout=60, cwd=ROOT, env=env or environment(), **kwargs)


def assert_inert(text: str) -> None:
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in text


# a closed pipe: quiet, as by SIGPIPE ------------------------------------------------------------
@pytest.mark.parametrize("command", ["validate", "compare"])
def test_a_closed_pipe_ends_materiel_quietly_as_sigpipe_would(command):
    """`materiel validate | true`, `materiel compare | head -1`: the reader is gone before
    materiel writes (its end of the pipe is closed before materiel starts, so no race)."""
    read, write = os.pipe()
    os.close(read)
    try:
        result = materiel(command, stdout=write)
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (-signal.SIGPIPE, "")


def test_pipefail_sees_141_when_head_stops_reading():
    """254 KB of catalog fill the pipe long before `head -1` has read its line and left."""
    script = f"set -o pipefail; {' '.join(MATERIEL)} catalog | head -1 > /dev/null"
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60,
                            cwd=ROOT, env=environment())
    assert (result.returncode, result.stderr) == (128 + signal.SIGPIPE, "")


# a closed or full stdout: one line, exit 1 ------------------------------------------------------
@pytest.mark.parametrize("command", [["validate"], ["--help"]])
def test_a_closed_stdout_is_one_line_and_exit_1(command):
    result = materiel(*command, preexec_fn=lambda: os.close(1))
    assert (result.returncode, result.stderr) == (
        1, "materiel: cannot write to standard output: Bad file descriptor\n")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", [["validate"], ["catalog"]])
def test_a_full_device_as_stdout_is_one_line_and_exit_1(command):
    """`validate`'s one line fails at the last flush, catalog's 254 KB while it is written."""
    with open("/dev/full", "w") as full:
        result = materiel(*command, stdout=full)
    assert (result.returncode, result.stderr) == (
        1, "materiel: cannot write to standard output: No space left on device\n")


# an output encoding that cannot hold a character ------------------------------------------------
def test_an_ascii_stdout_gets_escapes_not_an_error():
    result = materiel("catalog", "--search", "T-72", env=environment(PYTHONIOENCODING="ascii"))
    assert (result.returncode, result.stderr) == (0, "")
    assert "Equipment catalog matching \\u201cT-72\\u201d" in result.stdout
    assert result.stdout.isascii()


# MATERIEL_* values materiel cannot use: named, exit 2 -------------------------------------------
@pytest.mark.parametrize("value", ["inf", "nan", "-1", "0", "abc"])
def test_a_bad_max_file_mb_names_the_variable(value):
    result = materiel("validate", env=environment(MATERIEL_MAX_FILE_MB=value))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"materiel: MATERIEL_MAX_FILE_MB is set to '{value}'; give a number of "
                             "megabytes above 0 (such as 512), or unset it for the default of 256\n")


def test_a_usable_max_file_mb_reads_the_data():
    result = materiel("validate", env=environment(MATERIEL_MAX_FILE_MB="0.5"))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("OK: 9 sources")


@pytest.mark.parametrize(("value", "command"), [(":", ["validate"]), ("::", ["compare", "--strict"]),
                                                (" ", ["validate"])])
def test_a_materiel_data_naming_no_file_is_an_error_not_ok_on_nothing(command, value):
    result = materiel(*command, env=environment(MATERIEL_DATA=value))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"materiel: MATERIEL_DATA is set to '{value}', which names no file or "
                             "folder; name them (separated by `:`), or unset it\n")


def test_a_materiel_data_with_an_empty_part_is_an_error():
    value = f"{PALMYRA}::{PALMYRA}"
    result = materiel("validate", env=environment(MATERIEL_DATA=value))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"materiel: MATERIEL_DATA is set to '{value}', which has an empty part; "
                             "separate its files and folders by one `:` each\n")


def test_an_empty_materiel_data_or_max_file_mb_is_unset():
    result = materiel("validate", env=environment(MATERIEL_DATA="", MATERIEL_MAX_FILE_MB=""))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("OK: 9 sources")


# names and values printed inert ---------------------------------------------------------------
def test_a_hostile_data_name_cannot_forge_a_line():
    result = materiel("validate", "--data", HOSTILE)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{HOSTILE_SHOWN}:1:1: error [no-data] (root): no such file or folder", "1 problem in 1 file"]


@pytest.mark.parametrize("command", [["compare"], ["report"]])
def test_a_hostile_output_name_that_cannot_be_written_is_one_inert_line(tmp_path, command):
    target = tmp_path / "no such folder" / HOSTILE
    result = materiel(*command, "-o", target)
    assert (result.returncode, result.stdout) == (1, "")
    assert_inert(result.stderr)
    [line] = result.stderr.splitlines()
    assert line.startswith("materiel: ") and f"/no such folder/{HOSTILE_SHOWN}" in line
    assert not (tmp_path / "no such folder").exists()


@pytest.mark.parametrize(("args", "said"), [
    (["validate", "--format", HOSTILE], "Invalid value for '--format' / '-f': Value error, "
     "'x\\x1b]0;pwned\\x07\\u202ey\\nError: forged' is not one of 'text', 'json'."),
    (["claims", "--event", HOSTILE], f"Invalid value for --event: no event has the id `{HOSTILE_SHOWN}`"),
    (["validate", f"--{HOSTILE}"], f"No such option: --{HOSTILE_SHOWN}"),
    ([HOSTILE], "No such command 'x\\x1b]0;pwned\\x07\\u202ey\\nError: forged'."),
])
def test_a_hostile_value_in_a_usage_error_is_inert(args, said):
    """Click's own messages (an invalid choice, an unknown option or command) and materiel's
    (an unknown id) quote what was typed; each is one Error line, the last, escaped."""
    result = materiel(*args)
    assert (result.returncode, result.stdout) == (2, "")
    assert_inert(result.stderr)
    lines = result.stderr.splitlines()
    assert lines[-1] == f"Error: {said}"
    assert [line for line in lines if "Error" in line] == [lines[-1]]


# in-process: memory and other OSErrors --------------------------------------------------------
def test_out_of_memory_is_one_plain_line(run, monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("materiel.analysis.queries.compare", exhausted)
    result = run("compare", "--data", PALMYRA)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("materiel: out of memory (the data is too large for the memory "
                             "available to materiel)\n")


def test_an_oserror_of_the_environment_is_not_called_a_bug(run, monkeypatch):
    def failing(*args, **kwargs):
        raise OSError(5, "Input/output error", "/mnt/x\x1b]0;t\x07.yaml")

    monkeypatch.setattr("materiel.dataset.load_dataset", failing)
    result = run("validate", "--data", PALMYRA)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "materiel: /mnt/x\\x1b]0;t\\x07.yaml: Input/output error\n"


def test_a_materiel_error_message_is_inert(run, monkeypatch):
    from materiel.errors import CannotAdd

    def refused(*args, **kwargs):
        raise CannotAdd(f"cannot add to {HOSTILE}")

    monkeypatch.setattr("materiel.dataset.load_dataset", refused)
    result = run("validate", "--data", PALMYRA)
    assert (result.exit_code, result.stderr) == (1, f"materiel: cannot add to {HOSTILE_SHOWN}\n")
