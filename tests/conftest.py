"""Shared fixtures: the CLI runner, the project's dataset and the bad-input files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from materiel.cli import app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PALMYRA = ROOT / "data" / "claims.yaml"


@pytest.fixture
def run(monkeypatch):
    """Invoke the CLI in-process; returns click's Result with stdout and stderr apart."""
    monkeypatch.delenv("MATERIEL_DATA", raising=False)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return invoke
