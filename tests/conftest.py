"""Shared fixtures: the CLI runner, the project's dataset and the bad-input files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from materiel.cli import app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PALMYRA = ROOT / "data" / "claims.yaml"
# Amaq's claim as the article gives it: (equipment, quantity, words), item by item. The dataset
# transcribes it so, and `materiel draft` must read the quote so.
AMAQ_ITEMS = [
    ("tank", "30", "30 tanks"),
    ("bmp", "6", "six BMP infantry fighting vehicles"),
    ("artillery-122mm", "6", "six 122mm artillery pieces"),  # towed or self-propelled: not said
    ("artillery", "unspecified", "other smaller artillery"),
    ("atgm", "unspecified", "untold antitank missiles"),
    ("grad-rocket", "unspecified", "grad missiles"),
    ("tank-ammunition", "unspecified", "tank shells"),
    ("ammunition", "unspecified", "ammunition"),
]

# The property tests draw the same examples on every run ("repeatable"), so whether a change
# lands never depends on luck and a failure reproduces as it stands. Searching for new inputs is
# a separate job: `HYPOTHESIS_PROFILE=explore .venv/bin/pytest tests/test_properties.py` (fresh
# examples each run), or the longer campaigns in fuzz/.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory):
    """The cache of every real process the tests start is a temporary folder, never ~/.cache:
    MATERIEL_CACHE_DIR, and XDG_CACHE_HOME for the tests that drop MATERIEL_* variables."""
    folder = tmp_path_factory.mktemp("cache")
    saved = {name: os.environ.get(name) for name in ("MATERIEL_CACHE_DIR", "XDG_CACHE_HOME")}
    os.environ["MATERIEL_CACHE_DIR"] = str(folder / "materiel")
    os.environ["XDG_CACHE_HOME"] = str(folder / "xdg")
    yield folder / "materiel"
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def run(monkeypatch):
    """Invoke the CLI in-process; returns click's Result with stdout and stderr apart."""
    monkeypatch.delenv("MATERIEL_DATA", raising=False)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, env=env)

    return invoke


@pytest.fixture
def imports(run, tmp_path):
    """Run `materiel import ...` with the output in tmp_path; return (result, output path)."""

    def invoke(command: str, *args, output: str, context: bool = True, expect: int = 0):
        path = tmp_path / output
        extra = ["--context", tmp_path / "context.yaml"] if context else []
        result = run("import", command, *args, "-o", path, *extra)
        assert result.exit_code == expect, result.stdout + result.stderr
        if expect == 0:
            assert result.stderr == ""
        return result, path

    return invoke


@pytest.fixture(scope="module")
def worked_example(tmp_path_factory) -> Path:
    """A folder with the General Staff's claim and Oryx's totals of 2025-07-19, and their context."""
    from typer.testing import CliRunner

    from materiel.cli import app

    public = ROOT / "data" / "public"
    gs_file = public / "ua-general-staff-2026-08-08" / "russia_losses_equipment.json"
    totals = public / "oryx-2025-07-19" / "totals_by_type.csv"
    folder = tmp_path_factory.mktemp("worked-example")
    for command, source, out in (("ua-general-staff", gs_file, "gs.yaml"),
                                 ("oryx-totals", totals, "oryx-totals.yaml")):
        result = CliRunner().invoke(app, ["import", command, str(source), "--as-of", "2025-07-19",
                                          "-o", str(folder / out), "--context", str(folder / "context.yaml")])
        assert result.exit_code == 0, result.stderr
    return folder
