"""The pre-commit hooks a dataset repository uses run materiel commands that exist, and write no file."""

import os
import shlex
import stat
import subprocess
import sys

import yaml

from materiel.cli import app

from .conftest import PALMYRA, ROOT

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
OUTPUT_OPTIONS = {"-o", "--output"}


def test_pre_commit_hooks_run_real_commands(run):
    assert [h["id"] for h in HOOKS] == ["materiel-validate", "materiel-compare-strict"]
    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    for hook in HOOKS:
        assert set(hook) >= {"id", "name", "entry", "language", "files"}
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        program, command, *options = shlex.split(hook["entry"])
        assert program == "materiel" and command in names
        result = run(command, *options, "--data", PALMYRA)
        expected = 1 if "--strict" in options else 0  # Palmyra's claims are mostly unconfirmed
        assert result.exit_code == expected, result.stderr


def test_no_hook_writes_a_file():
    # An output option would go through the atomic write (a rename): run as root onto a device
    # such as /dev/null, it replaces the device with a regular file.
    for hook in HOOKS:
        words = shlex.split(hook["entry"])
        assert not OUTPUT_OPTIONS & set(words), hook["id"]
        assert not any(w.startswith("--output=") or (w.startswith("-o") and len(w) > 2) for w in words)


def test_compare_strict_hook_prints_the_rows_and_touches_no_file(tmp_path):
    # As pre-commit runs it: a real process in the dataset repository's folder.
    hook = next(h for h in HOOKS if h["id"] == "materiel-compare-strict")
    _program, *words = shlex.split(hook["entry"])
    before = sorted(os.listdir(tmp_path))
    result = subprocess.run([sys.executable, "-m", "materiel", *words, "--data", str(PALMYRA)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 1, result.stderr
    assert "unconfirmed" in result.stdout and "tank" in result.stdout
    assert sorted(os.listdir(tmp_path)) == before
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
