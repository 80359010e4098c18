"""The pre-commit hooks a dataset repository uses run materiel commands that exist."""

import shlex

import yaml

from materiel.cli import app

from .conftest import PALMYRA, ROOT


def test_pre_commit_hooks_run_real_commands(run):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["materiel-validate", "materiel-compare-strict"]
    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    for hook in hooks:
        assert set(hook) >= {"id", "name", "entry", "language", "files"}
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        program, command, *options = shlex.split(hook["entry"])
        assert program == "materiel" and command in names
        result = run(command, *options, "--data", PALMYRA)
        expected = 1 if "--strict" in options else 0  # Palmyra's claims are mostly unconfirmed
        assert result.exit_code == expected, result.stderr
