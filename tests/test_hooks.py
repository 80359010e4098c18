"""A dataset repository's checks: the pre-commit hooks and the GitHub Action run materiel commands
that exist, check the whole dataset whatever a commit changed, and the hooks write no file.

Nothing here uses the network: pre-commit itself would build each hook's environment from PyPI,
so its part is simulated (which files it would pass, which hooks it would run), and every hook and
every step of the action runs as a real process on a real folder.
"""

import hashlib
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from materiel.cli import app

from .conftest import PALMYRA, ROOT

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
DOC = (ROOT / "docs" / "dataset-ci.md").read_text(encoding="utf-8")
OUTPUT_OPTIONS = {"-o", "--output"}
TANK_LINE = "materiel: not confirmed: palmyra-2016-12 tank captured amaq 30 (confirmed 14, partly confirmed)"
# The console script beside this interpreter, as pre-commit's environment would have it.
PROGRAM = shutil.which("materiel", path=str(Path(sys.executable).parent))


def hook(hook_id: str) -> dict:
    return next(h for h in HOOKS if h["id"] == hook_id)


def command_words(words: list[str]) -> list[str]:
    """A hook's entry or a step's command line, the program replaced by this environment's."""
    assert words[0] == "materiel"
    return [PROGRAM, *words[1:]] if PROGRAM else [sys.executable, "-m", "materiel", *words[1:]]


def environment(tmp_path: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATERIEL_")}
    # Were the cache used, it would be written here: the tests assert the folder never appears.
    return {**env, "MATERIEL_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "200", **extra}


def run_hook(h: dict, repository: Path, tmp_path: Path, args: list[str]) -> subprocess.CompletedProcess:
    """As pre-commit runs a hook with pass_filenames: false: entry, then args, in the repository."""
    return subprocess.run(command_words(shlex.split(h["entry"])) + args, cwd=repository,
                          capture_output=True, text=True, timeout=120, env=environment(tmp_path))


def git(repository: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                           "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                          cwd=repository, capture_output=True, text=True, check=True, timeout=60).stdout


def pre_commit_files(repository: Path) -> list[str]:
    """The files pre-commit passes to hooks for a commit: the staged ones added, copied, modified,
    renamed... but never the deleted (its `git diff --staged --diff-filter=ACMRTUXB`)."""
    out = git(repository, "diff", "--staged", "--name-only", "-z", "--diff-filter=ACMRTUXB")
    return [f for f in out.split("\0") if f]


def pre_commit_runs(h: dict, files: list[str]) -> bool:
    """Whether pre-commit would run a hook for these files (always_run, else a `files` match)."""
    if h.get("always_run"):
        return True
    pattern, exclude = re.compile(h.get("files", "")), h.get("exclude", "^$")
    return any(pattern.search(f) and not re.search(exclude, f) for f in files)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under a folder (.git included) with its sha256, and every folder."""
    out = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        out[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
    return out


@pytest.fixture
def repository(tmp_path) -> Path:
    """A dataset repository as a team keeps one: Palmyra in two files, sources apart, committed."""
    repo = tmp_path / "dataset"
    (repo / "data").mkdir(parents=True)
    lines = PALMYRA.read_text(encoding="utf-8").splitlines(keepends=True)
    split = lines.index("events:\n")
    (repo / "data" / "sources.yaml").write_text("".join(lines[:split]), encoding="utf-8")
    (repo / "data" / "palmyra.yaml").write_text("".join(lines[split:]), encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "dataset")
    return repo


def test_pre_commit_hooks_run_real_commands(run):
    assert [h["id"] for h in HOOKS] == ["materiel-validate", "materiel-compare-strict"]
    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    for h in HOOKS:
        assert set(h) >= {"id", "name", "description", "entry", "language"}
        assert h["language"] == "python"
        program, *words = shlex.split(h["entry"])
        assert program == "materiel" and words[0] == "--no-cache"
        command, *options = words[1:]
        assert command in names
        result = run(*words, "--data", PALMYRA)
        expected = 1 if "--strict" in options else 0  # Palmyra's claims are mostly unconfirmed
        assert result.exit_code == expected, result.stderr


def test_hooks_check_the_whole_dataset_on_every_commit():
    # pre-commit passes a hook the files a commit adds or changes, never those it deletes: a hook
    # that waited for a `.yaml` file would not run on a commit that only deletes one.
    for h in HOOKS:
        assert h["always_run"] is True and h["pass_filenames"] is False, h["id"]
        assert h["require_serial"] is True
        assert pre_commit_runs(h, [])


def test_a_commit_deleting_the_sources_fails_both_hooks(repository, tmp_path):
    # The dataset as committed passes validate.
    assert run_hook(hook("materiel-validate"), repository, tmp_path, ["--data", "data/"]).returncode == 0
    git(repository, "rm", "-q", "data/sources.yaml")
    files = pre_commit_files(repository)
    assert files == []  # nothing for a `files: \.(yaml|yml)$` hook to match
    assert not pre_commit_runs({"files": r"\.(yaml|yml)$"}, files)  # as the hooks were
    for h in HOOKS:
        assert pre_commit_runs(h, files)
        result = run_hook(h, repository, tmp_path, ["--data", "data/"])
        assert result.returncode == 1, (h["id"], result.stdout, result.stderr)
        assert "error [unknown-reference]" in result.stdout + result.stderr, h["id"]
        assert "no source has the id `centcom`" in result.stdout + result.stderr, h["id"]
    assert not (tmp_path / "cache").exists()


def test_a_commit_renaming_a_file_is_checked_too(repository, tmp_path):
    git(repository, "mv", "data/sources.yaml", "data/sources.yml.bak")
    assert not any(pre_commit_runs({"files": r"\.(yaml|yml)$"}, [f]) for f in pre_commit_files(repository))
    result = run_hook(hook("materiel-validate"), repository, tmp_path, ["--data", "data/"])
    assert result.returncode == 1 and "no source has the id `centcom`" in result.stdout + result.stderr


def test_no_hook_has_an_output_option():
    # An output option would go through the atomic write (a rename): run as root onto a device
    # such as /dev/null, it replaces the device with a regular file.
    for h in HOOKS:
        words = shlex.split(h["entry"])
        assert not OUTPUT_OPTIONS & set(words), h["id"]
        assert not any(w.startswith("--output=") or (w.startswith("-o") and len(w) > 2) for w in words)


def test_compare_strict_hook_prints_the_failing_rows_and_touches_no_file(repository, tmp_path):
    # As pre-commit runs it: a real process in the dataset repository's folder, on Palmyra.
    before = snapshot(repository)
    result = run_hook(hook("materiel-compare-strict"), repository, tmp_path, ["--data", "data/"])
    assert result.returncode == 1, result.stderr
    assert "unconfirmed" in result.stdout and "tank" in result.stdout  # the table
    lines = result.stderr.splitlines()
    assert TANK_LINE in lines
    assert sum(line.startswith("materiel: not confirmed: ") for line in lines) == 9
    assert lines[-1] == "materiel: 9 claimed row(s) not confirmed (--strict)"
    assert snapshot(repository) == before
    assert not (tmp_path / "cache").exists()  # --no-cache: not even the cache of results
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_validate_hook_touches_no_file(repository, tmp_path):
    before = snapshot(repository)
    result = run_hook(hook("materiel-validate"), repository, tmp_path, ["--data", "data/"])
    assert result.returncode == 0 and result.stdout.startswith("OK: 9 sources"), result.stderr
    assert snapshot(repository) == before
    assert not (tmp_path / "cache").exists()


# The GitHub Action a dataset repository's CI uses (action.yml).


def steps_by_name() -> dict[str, dict]:
    return {s.get("name") or s["uses"]: s for s in ACTION["runs"]["steps"]}


def test_action_declares_its_inputs():
    assert ACTION["name"] and ACTION["description"]
    assert ACTION["runs"]["using"] == "composite"
    inputs = ACTION["inputs"]
    assert {k: v["default"] for k, v in inputs.items()} == {
        "data": "data/", "strict": "true", "report": "report.html"}
    for name, spec in inputs.items():
        assert isinstance(spec["description"], str) and len(spec["description"]) > 20, name
        assert spec["required"] is False
    used = set(re.findall(r"\$\{\{\s*inputs\.(\w+)\s*}}", (ROOT / "action.yml").read_text(encoding="utf-8")))
    assert used == set(inputs)


def test_action_steps():
    steps = ACTION["runs"]["steps"]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    assert uses[0] == "actions/setup-python" and uses[-1] == "actions/upload-artifact"
    assert steps[-1]["uses"] == "actions/upload-artifact@v4"
    assert steps[-1]["with"]["path"] == "${{ inputs.report }}"
    for s in steps:
        if "run" in s:
            assert s["shell"] == "bash"  # a composite action's run steps must name their shell
            assert "${{" not in s["run"]  # inputs reach the scripts as variables, never as text
    install = steps_by_name()["Install materiel"]["run"]
    assert install == 'python -m pip install "$GITHUB_ACTION_PATH"'
    # The order: validate, report (written even when the comparison then fails), compare.
    commands = [shlex.split(s["run"].splitlines()[-1])[2] for s in steps
                if "run" in s and "materiel --no-cache" in s["run"]]
    assert commands == ["validate", "report", "compare"]
    ids = {s["id"] for s in steps if "id" in s}
    for s in steps:
        for named in re.findall(r"steps\.([\w-]+)\.", s.get("if", "")):
            assert named in ids


def run_step(step: dict, folder: Path, tmp_path: Path, **inputs: str) -> subprocess.CompletedProcess:
    """A run step as the runner runs it (bash -e -o pipefail), the inputs substituted in its env,
    `materiel` this environment's."""
    values = {k: v["default"] for k, v in ACTION["inputs"].items()} | inputs
    env = {k: re.sub(r"\$\{\{\s*inputs\.(\w+)\s*}}", lambda m: values[m[1]], v)
           for k, v in step.get("env", {}).items()}
    bin_folder = tmp_path / "bin"
    if not bin_folder.exists():
        bin_folder.mkdir()
        launcher = bin_folder / "materiel"
        launcher.write_text("#!/bin/sh\nexec " + shlex.join(command_words(["materiel"])) + ' "$@"\n')
        launcher.chmod(0o755)
    env = environment(tmp_path, **env, PATH=f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A dataset repository's checkout, as the action finds it: data/claims.yaml."""
    folder = tmp_path / "workspace"
    (folder / "data").mkdir(parents=True)
    shutil.copy(PALMYRA, folder / "data" / "claims.yaml")
    return folder


def test_action_commands_run_on_palmyra(workspace, tmp_path):
    steps = steps_by_name()
    validate = run_step(steps["materiel validate"], workspace, tmp_path)
    assert validate.returncode == 0 and validate.stdout.startswith("OK: 9 sources"), validate.stderr
    report = run_step(steps["materiel report"], workspace, tmp_path)
    assert report.returncode == 0, report.stderr
    page = (workspace / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    strict = run_step(steps["materiel compare"], workspace, tmp_path)
    assert strict.returncode == 1 and TANK_LINE in strict.stderr.splitlines()
    lenient = run_step(steps["materiel compare"], workspace, tmp_path, strict="false")
    assert lenient.returncode == 0 and "unconfirmed" in lenient.stdout and lenient.stderr == ""
    wrong = run_step(steps["materiel compare"], workspace, tmp_path, strict="yes")
    assert wrong.returncode == 2 and "true or false" in wrong.stderr
    elsewhere = run_step(steps["materiel report"], workspace, tmp_path, report="out/page.html",
                         data="data/claims.yaml")
    assert elsewhere.returncode == 0 and (workspace / "out" / "page.html").is_file(), elsewhere.stderr


def test_action_fails_on_a_broken_dataset(workspace, tmp_path):
    text = (workspace / "data" / "claims.yaml").read_text(encoding="utf-8")
    broken = text.replace("  - id: centcom\n", "  - id: centcom-x\n", 1)
    (workspace / "data" / "claims.yaml").write_text(broken, encoding="utf-8")
    validate = run_step(steps_by_name()["materiel validate"], workspace, tmp_path)
    assert validate.returncode == 1 and "no source has the id `centcom`" in validate.stdout + validate.stderr


# The documentation's examples.


def yaml_blocks(text: str) -> list:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def test_dataset_ci_examples_parse_and_use_what_exists():
    workflow, config = yaml_blocks(DOC)
    steps = workflow["jobs"]["check"]["steps"]
    action = next(s for s in steps if "materiel@" in s.get("uses", ""))
    assert set(action["with"]) <= set(ACTION["inputs"])
    assert {k: str(v).lower() for k, v in action["with"].items()} == {
        k: v["default"] for k, v in ACTION["inputs"].items()}
    assert steps[0]["uses"] == "actions/checkout@v4"
    hooks = config["repos"][0]["hooks"]
    assert [h["id"] for h in hooks] == [h["id"] for h in HOOKS]
    assert all(h["args"] == ["--data", "data/"] for h in hooks)
    assert TANK_LINE in DOC


def test_commands_md_example_parses():
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    heading = "## In a dataset repository: pre-commit and shell completion"
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    (config,) = yaml_blocks(section)
    assert {h["id"] for h in config["repos"][0]["hooks"]} <= {h["id"] for h in HOOKS}
    assert "docs/dataset-ci.md" in section or "dataset-ci.md" in section
