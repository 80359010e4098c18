"""The command line end to end: version, help, validate's output and exit codes, errors."""

import json
import subprocess
import sys

import pytest

from materiel import __version__
from materiel.cli import app
from materiel.dataset import load_dataset

from .conftest import PALMYRA, ROOT

OK_LINE = "OK: 9 sources, 1 event, 3 claims (19 items), 2 evidence (11 observations) in 1 file\n"


def command_names():
    return [c.name or c.callback.__name__ for c in app.registered_commands]


def test_version(run):
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"materiel {__version__}\n")


def test_python_dash_m_runs_the_same_app():
    result = subprocess.run([sys.executable, "-m", "materiel", "--version"], capture_output=True,
                            text=True, check=False)
    assert (result.returncode, result.stdout) == (0, f"materiel {__version__}\n")


def test_no_arguments_shows_help(run):
    result = run()
    shown = result.stdout + result.stderr
    assert "Usage: materiel" in shown
    for name in command_names():
        assert name in shown


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help(run, name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Usage: materiel " + name in result.stdout
    command = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)
    assert command.callback.__doc__, f"{name} needs a docstring: it is its --help text"


def test_validate_ok(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("validate")
    assert (result.exit_code, result.stdout, result.stderr) == (0, OK_LINE, "")


def test_validate_json_matches_the_library(run):
    result = run("validate", "--data", PALMYRA, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["problems"] == []
    assert report["counts"] == load_dataset([PALMYRA]).counts()


def test_unknown_option_is_a_usage_error(run):
    result = run("validate", "--bogus")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_internal_error_is_one_line_without_debug(run, monkeypatch):
    def broken(paths):
        raise RuntimeError("boom")

    monkeypatch.setattr("materiel.dataset.load_dataset", broken)
    result = run("validate", "--data", PALMYRA)
    assert result.exit_code == 1
    assert result.stderr == ("materiel: internal error: RuntimeError: boom (run `materiel --debug ...` "
                             "for the traceback, and please report it)\n")
    assert "Traceback" not in result.stdout + result.stderr

    result = run("--debug", "validate", "--data", PALMYRA)
    assert isinstance(result.exception, RuntimeError)


def test_problem_lines_show_hostile_text_inert(run, tmp_path):
    bad = tmp_path / "hostile.yaml"
    bad.write_text('sources:\n  - {id: s, name: x, kind: "\\e[31m[bold red]x[/]\\u202e"}\n')
    result = run("validate", "--data", bad)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "\\x1b[31m[bold red]x[/]\\u202e" in result.stderr


def test_console_script_is_installed():
    exe = ROOT / ".venv" / "bin" / "materiel"
    if not exe.exists():
        pytest.skip("no .venv console script here")
    result = subprocess.run([str(exe), "validate", "--data", str(PALMYRA)], capture_output=True, text=True,
                            check=False)
    assert (result.returncode, result.stdout) == (0, OK_LINE)
