"""Writes under failure: `add`, `import` and `-o` on a full disk, in a read-only folder, and
interrupted at every step. The target is always either the complete new file or the untouched
old one (or, for a new file, absent), no temporary file is left behind, and the message says
what happened in one line.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from .conftest import DATA, PALMYRA, ROOT

GOOD_ROWS = DATA / "imports" / "good_two_rows.csv"
OLD = b"old contents: must survive a failed write\n"

# Each operation writes one target; the callable gives its command line. Every table command's
# `-o` goes through the same writer, so `compare` stands for claims, evidence, summary, catalog.
OPERATIONS = {
    "add": lambda t: ["add", "source", "--file", t, "--data", t, "--id", "new-source", "--name", "New",
                      "--kind", "other"],
    "import": lambda t: ["import", "oryx-events", GOOD_ROWS, "-o", t, "--force"],
    "compare -o": lambda t: ["compare", "--data", PALMYRA, "--format", "csv", "-o", t],
    "report -o": lambda t: ["report", "--data", PALMYRA, "--date", "2024-01-01", "-o", t],
    "schema -o": lambda t: ["schema", "-o", t],
}


@pytest.fixture(params=["existing", "new"])
def target(request, tmp_path):
    """The file written: an old one (a copy of the Palmyra dataset for `add`), or none yet."""
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "target.yaml"
    if request.param == "existing":
        path.write_bytes(OLD)
    return path


def old_bytes(operation: str, target: Path) -> bytes | None:
    """What the target holds before the run (None: absent); `add` needs a valid dataset there."""
    if operation == "add" and target.exists():
        shutil.copyfile(PALMYRA, target)
    return target.read_bytes() if target.exists() else None


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "target.yaml")


def check_untouched(target: Path, before: bytes | None) -> None:
    if before is None:
        assert not target.exists(), "a failed write created the file"
    else:
        assert target.read_bytes() == before, "a failed write changed the file"
    assert leftovers(target.parent) == [], "a temporary file was left behind"


def no_traceback(result) -> None:
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def full_disk(*args):
    raise OSError(28, "No space left on device")


class FailingFile:
    """A file object that writes the first half of what it is given, then fails."""

    def __init__(self, handle, error: BaseException):
        self.handle, self.error = handle, error

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise self.error

    def __getattr__(self, name):
        return getattr(self.handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def failing_fdopen(error: BaseException):
    real = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return FailingFile(real(fd, *args, **kwargs), error)

    return fdopen


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("failure", ["fsync", "write-half", "rename"])
def test_a_full_disk_leaves_the_old_file(run, monkeypatch, target, operation, failure):
    before = old_bytes(operation, target)
    if failure == "fsync":
        monkeypatch.setattr(os, "fsync", full_disk)
    elif failure == "write-half":
        monkeypatch.setattr(os, "fdopen", failing_fdopen(OSError(28, "No space left on device")))
    else:
        monkeypatch.setattr(os, "replace", full_disk)
    result = run(*OPERATIONS[operation](target))
    no_traceback(result)
    assert result.exit_code == 1
    expected = f"materiel: cannot write {target}: No space left on device\n"
    assert result.stderr.endswith(expected), result.stderr
    check_untouched(target, before)


@pytest.fixture
def read_only(monkeypatch):
    """Make a folder read-only; as root (where chmod does not stop writes) refuse the temporary file."""
    changed: list[Path] = []

    def make(folder: Path) -> None:
        folder.chmod(0o555)
        changed.append(folder)
        try:
            probe = folder / ".probe"
            probe.write_text("x")
            probe.unlink()
        except PermissionError:
            return
        real = tempfile.mkstemp

        def refuse(*args, dir=None, **kwargs):
            if dir is not None and Path(dir).resolve() == folder.resolve():
                raise PermissionError(13, "Permission denied")
            return real(*args, dir=dir, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", refuse)

    yield make
    for folder in changed:
        folder.chmod(0o755)


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_a_read_only_folder_is_a_clear_error(run, read_only, target, operation):
    before = old_bytes(operation, target)
    read_only(target.parent)
    result = run(*OPERATIONS[operation](target))
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.endswith(f"materiel: cannot write {target}: Permission denied\n"), result.stderr
    check_untouched(target, before)


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("step", ["write", "fsync", "rename"])
def test_an_interrupted_write_leaves_the_old_file(run, monkeypatch, target, operation, step):
    before = old_bytes(operation, target)

    def interrupted(*args):
        raise KeyboardInterrupt

    if step == "write":
        monkeypatch.setattr(os, "fdopen", failing_fdopen(KeyboardInterrupt()))
    else:
        monkeypatch.setattr(os, {"fsync": "fsync", "rename": "replace"}[step], interrupted)
    result = run(*OPERATIONS[operation](target))
    no_traceback(result)
    assert result.exit_code == 130
    assert result.stderr.endswith("materiel: interrupted\n"), result.stderr
    check_untouched(target, before)


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_without_a_failure_the_target_is_the_complete_new_file(run, target, operation):
    before = old_bytes(operation, target)
    result = run(*OPERATIONS[operation](target))
    assert result.exit_code == 0, result.stderr
    after = target.read_bytes()
    assert after != before and after.endswith(b"\n")
    assert leftovers(target.parent) == []


def test_an_import_failing_on_its_output_keeps_a_complete_context(run, monkeypatch, tmp_path):
    """Two files: the context written first is whole; the output that failed is the old one."""
    reference = tmp_path / "reference"
    reference.mkdir()
    assert run("import", "oryx-events", GOOD_ROWS, "-o", reference / "e.yaml",
               "--context", reference / "context.yaml").exit_code == 0
    folder = tmp_path / "out"
    folder.mkdir()
    output = folder / "e.yaml"
    output.write_bytes(OLD)
    real = os.fsync

    def output_fails(fd):
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(folder / ".e.yaml.")):
            raise OSError(28, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", output_fails)
    result = run("import", "oryx-events", GOOD_ROWS, "-o", output, "--context", folder / "context.yaml",
                 "--force")
    assert result.exit_code == 1
    assert result.stderr == f"materiel: cannot write {output}: No space left on device\n"
    assert (folder / "context.yaml").read_bytes() == (reference / "context.yaml").read_bytes()
    assert output.read_bytes() == OLD
    assert sorted(p.name for p in folder.iterdir()) == ["context.yaml", "e.yaml"]


KILLED_CHILD = """
import os, sys, time
READY = sys.argv[1]
def stall(fd):
    open(READY, "w").close()  # tell the parent the temporary file is written
    time.sleep(60)
os.fsync = stall
sys.argv = ["materiel", *sys.argv[2:]]
from materiel.cli import main
main()
"""


@pytest.mark.parametrize("operation", ["add", "compare -o", "import"])
def test_a_killed_run_leaves_the_old_file(tmp_path, operation):
    """SIGKILL while the new file is being written: no handler runs, the old file is still whole
    (the temporary file may remain: nothing can remove it)."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "target.yaml"
    target.write_bytes(OLD)
    before = old_bytes(operation, target)
    ready = tmp_path / "ready"
    env = {k: v for k, v in os.environ.items() if k != "MATERIEL_DATA"}
    command = [sys.executable, "-c", KILLED_CHILD, ready, *map(str, OPERATIONS[operation](target))]
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the child never reached fsync"
            time.sleep(0.02)
        assert [p for p in folder.iterdir() if p.name.endswith(".tmp")], "the new file is being written"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert target.read_bytes() == before
