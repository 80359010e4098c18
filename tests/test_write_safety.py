"""Nothing lost, nothing clobbered: real processes writing at once, killed at random moments,
writing through links, onto device nodes made in a temporary folder (never the real /dev/null),
FIFOs, symlink loops, read-only files and the files the same run reads.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import DATA, PALMYRA, ROOT

GOOD_ROWS = DATA / "imports" / "good_two_rows.csv"
ROOTED = hasattr(os, "geteuid") and os.geteuid() == 0


def materiel(*args, check: bool = False, **kwargs) -> subprocess.CompletedProcess:
    """Run materiel in a real process (no MATERIEL_DATA from the caller's environment)."""
    env = {k: v for k, v in os.environ.items() if k != "MATERIEL_DATA"}
    env.update(kwargs.pop("env", {}))
    result = subprocess.run([sys.executable, "-m", "materiel", *map(str, args)], cwd=kwargs.pop("cwd", ROOT),
                            env=env, capture_output=True, text=True, timeout=120, **kwargs)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def spawn(*args) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "MATERIEL_DATA"}
    return subprocess.Popen([sys.executable, "-m", "materiel", *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def add_claim(dataset: Path, claim_id: str, file: Path | None = None) -> list[str]:
    return ["add", "claim", "--file", file or dataset, "--data", dataset, "--id", claim_id,
            "--event", "palmyra-2016-12", "--claimant", "amaq", "--published", "2016-12",
            "--credibility", "4", "--status", "captured", "--item", "tank=1"]


def claim_ids(path: Path) -> set[str]:
    from materiel.dataset import load_dataset

    return {c.id for c in load_dataset([path]).claims}


@pytest.fixture
def dataset(tmp_path) -> Path:
    path = tmp_path / "claims.yaml"
    shutil.copyfile(PALMYRA, path)
    return path


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- concurrency -----------------------------------------------------------------------------

def test_twenty_adds_at_once_all_land(dataset):
    before = claim_ids(dataset)
    ids = [f"concurrent-{i:02d}" for i in range(20)]
    children = [spawn(*add_claim(dataset, claim_id)) for claim_id in ids]
    results = [(child.wait(timeout=120), *child.communicate()) for child in children]
    assert [code for code, _, _ in results] == [0] * 20, [err for _, _, err in results if err]
    assert claim_ids(dataset) == before | set(ids)
    assert temporaries(dataset.parent) == []


def test_imports_racing_for_one_output_without_force_write_it_once(tmp_path):
    output = tmp_path / "oryx.yaml"
    children = [spawn("import", "oryx-events", GOOD_ROWS, "-o", output) for _ in range(8)]
    results = [(child.wait(timeout=120), *child.communicate()) for child in children]
    wrote = [r for r in results if r[0] == 0]
    refused = [r for r in results if r[0] != 0]
    assert len(wrote) == 1, results
    for code, out, err in refused:
        assert code == 1 and out == ""
        assert err.startswith(f"materiel: {output} exists"), err
        assert err.rstrip().endswith("use --force to overwrite it"), err
    assert materiel("validate", "--data", output).returncode == 0
    assert temporaries(tmp_path) == []


# --- signals ---------------------------------------------------------------------------------

STALLED = """
import os, signal, sys, time
# A run started in the background by a shell (`pytest &`) inherits SIGINT ignored, and Python
# keeps it so: the child takes Ctrl-C as a terminal's foreground job would.
signal.signal(signal.SIGINT, signal.default_int_handler)
READY = sys.argv[1]
real = os.fsync
def stall(fd):
    open(READY, "w").close()  # the temporary file is written: tell the parent
    time.sleep(60)
os.fsync = stall
sys.argv = ["materiel", *sys.argv[2:]]
from materiel.cli import main
main()
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
@pytest.mark.parametrize("operation", ["add", "compare -o"])
def test_a_signal_during_the_write_removes_the_temporary_file(tmp_path, dataset, signum, operation):
    target = tmp_path / "out.csv" if operation == "compare -o" else dataset
    if operation == "compare -o":
        target.write_text("old\n")
    before = target.read_bytes()
    args = (add_claim(dataset, "signalled") if operation == "add"
            else ["compare", "--data", dataset, "--format", "csv", "-o", target])
    ready = tmp_path / "ready"
    env = {k: v for k, v in os.environ.items() if k != "MATERIEL_DATA"}
    child = subprocess.Popen([sys.executable, "-c", STALLED, ready, *map(str, args)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the child never reached fsync"
            time.sleep(0.01)
        assert temporaries(tmp_path), "the new file is being written"
        child.send_signal(signum)
        code = child.wait(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    _, err = child.communicate()
    if signum == signal.SIGINT:
        assert code == 130 and err.endswith("materiel: interrupted\n"), (code, err)
    else:
        assert code == -signum, (code, err)  # ended by the signal, as it would have been
    assert temporaries(tmp_path) == []
    assert target.read_bytes() == before


def test_kills_at_random_moments_leave_the_file_whole_and_the_next_write_tidies(tmp_path, dataset):
    """SIGTERM and SIGKILL at random moments of `add`: the file is always the old one or the old
    one with the new record; SIGTERM leaves no temporary file; what SIGKILL leaves is removed by
    the next write, which names it."""
    rng = random.Random(13)
    start_ids = claim_ids(dataset)
    added: set[str] = set()
    killed_outright = 0
    for i in range(12):
        signum = signal.SIGKILL if i % 2 else signal.SIGTERM
        child = spawn(*add_claim(dataset, f"killed-{i}"))
        time.sleep(rng.uniform(0.05, 0.9))
        child.send_signal(signum)
        code = child.wait(timeout=60)
        child.communicate()
        ids = claim_ids(dataset)  # the file parses: old or new, never half
        assert ids - start_ids - added <= {f"killed-{i}"}, "a record appeared from nowhere"
        added = ids - start_ids
        if signum == signal.SIGTERM:
            assert temporaries(dataset.parent) == [], f"SIGTERM left a temporary file (exit {code})"
        elif code == -signal.SIGKILL:
            killed_outright += 1
    leftovers = temporaries(dataset.parent)
    result = materiel(*add_claim(dataset, "after-the-kills"), check=True)
    assert temporaries(dataset.parent) == []
    for name in leftovers:
        assert f"materiel: removed {dataset.parent / name}, left by an interrupted write of {dataset}" \
            in result.stderr
    assert "after-the-kills" in claim_ids(dataset)


def test_a_stale_temporary_file_is_named_and_removed_by_the_next_write(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    target = tmp_path / "out.csv"
    stale = tmp_path / f".out.csv.materiel-{dead.pid}-abcdefgh.tmp"
    stale.write_text("half a file")
    running = tmp_path / f".out.csv.materiel-{os.getpid()}-abcdefgh.tmp"  # a live writer's: kept
    running.write_text("being written")
    result = materiel("compare", "--format", "csv", "-o", target, check=True)
    assert result.stderr == f"materiel: removed {stale}, left by an interrupted write of {target}\n"
    assert not stale.exists() and running.exists()


# --- links and metadata ----------------------------------------------------------------------

def test_add_writes_through_a_symlink_to_the_real_file(tmp_path, dataset):
    link = tmp_path / "link.yaml"
    link.symlink_to(dataset)
    materiel(*add_claim(link, "through-a-link"), check=True)
    assert link.is_symlink() and os.readlink(link) == str(dataset)
    assert "through-a-link" in claim_ids(dataset)
    assert temporaries(tmp_path) == []


def test_output_through_a_symlink_in_another_folder(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / "table.csv"
    real.write_text("old\n")
    link = tmp_path / "table.csv"
    link.symlink_to(real)
    materiel("compare", "--format", "csv", "-o", link, check=True)
    assert link.is_symlink() and real.read_text().startswith("event,")


def test_hard_links_stay_one_file(tmp_path, dataset):
    other = tmp_path / "other-name.yaml"
    os.link(dataset, other)
    materiel(*add_claim(dataset, "hard-linked"), check=True)
    assert os.stat(dataset).st_ino == os.stat(other).st_ino
    assert "hard-linked" in claim_ids(other)
    assert temporaries(tmp_path) == []


def test_mode_and_extended_attributes_are_kept(tmp_path, dataset):
    dataset.chmod(0o640)
    try:
        os.setxattr(dataset, "user.materiel.note", b"reviewed")
        xattrs = True
    except OSError:  # a file system without user attributes: the mode is still checked
        xattrs = False
    materiel(*add_claim(dataset, "kept-mode"), check=True)
    assert stat.S_IMODE(os.stat(dataset).st_mode) == 0o640
    if xattrs:
        assert os.getxattr(dataset, "user.materiel.note") == b"reviewed"


@pytest.mark.skipif(not ROOTED, reason="giving a file to another owner needs root")
def test_owner_and_group_are_kept(tmp_path, dataset):
    os.chown(dataset, 4321, 4322)
    materiel(*add_claim(dataset, "kept-owner"), check=True)
    assert (os.stat(dataset).st_uid, os.stat(dataset).st_gid) == (4321, 4322)


# --- targets refused -------------------------------------------------------------------------

def test_a_read_only_file_is_refused_even_for_root(tmp_path, dataset):
    dataset.chmod(0o444)
    before = dataset.read_bytes()
    result = materiel(*add_claim(dataset, "read-only"))
    assert result.returncode == 1
    assert result.stderr == (f"materiel: cannot write {dataset}: the file is read-only for this user "
                             "(mode -r--r--r--); nothing was written\n")
    assert dataset.read_bytes() == before
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    out.chmod(0o444)
    assert materiel("compare", "--format", "csv", "-o", out).returncode == 1
    assert out.read_text() == "old\n"


AS_NOBODY = """
import os, sys
from materiel.errors import OutputError
from materiel.output.files import write_atomic
os.setgroups([])
os.setgid(65534)
os.setuid(65534)  # everything needed is imported: from here on, an ordinary user
try:
    write_atomic(sys.argv[1], "mine\\n")
except OutputError as err:
    print(err)
    sys.exit(1)
"""


@pytest.mark.skipif(not ROOTED, reason="acting as another user needs root")
def test_someone_elses_file_in_a_writable_folder_is_refused():
    import tempfile

    with tempfile.TemporaryDirectory(prefix="materiel-shared-") as name:  # pytest's folders are root's only
        folder = Path(name)
        folder.chmod(0o777)
        check_someone_elses_file(folder)


def check_someone_elses_file(folder: Path) -> None:
    out = folder / "theirs.csv"
    out.write_text("theirs\n")
    out.chmod(0o644)  # root's: nobody may not write it, though the folder would let them rename over it
    result = subprocess.run([sys.executable, "-c", AS_NOBODY, str(out)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stdout == (f"cannot write {out}: the file is read-only for this user (mode -rw-r--r--); "
                             "nothing was written\n")
    assert out.read_text() == "theirs\n" and os.stat(out).st_uid == 0
    assert temporaries(folder) == []


@pytest.mark.skipif(not ROOTED, reason="mknod needs root")
@pytest.mark.parametrize("device", [(1, 3), (1, 5)], ids=["null", "zero"])
def test_a_device_node_is_never_written_or_read(tmp_path, device):
    node = tmp_path / "device"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(*device))
    result = materiel("compare", "--format", "csv", "-o", node)
    assert result.returncode == 1
    assert result.stderr == (f"materiel: cannot write {node}: it is a character device, not a regular "
                             "file; name a file (`-o -` prints to standard output)\n")
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert materiel("import", "oryx-events", GOOD_ROWS, "-o", node, "--force").returncode == 1
    assert stat.S_ISCHR(os.stat(node).st_mode)
    read = materiel("validate", "--data", node)
    assert read.returncode == 1
    assert read.stderr.startswith(f"{node}:1:1: error [unreadable] (root): cannot read it: it is a "
                                  "character device, not a regular file\n")
    assert materiel("import", "oryx-events", node, "-o", tmp_path / "x.yaml").stderr == (
        f"materiel: {node}: cannot read the file: it is a character device, not a regular file\n")


def test_a_fifo_is_refused_without_hanging(tmp_path, dataset):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for args in (["compare", "--format", "csv", "-o", fifo], ["validate", "--data", fifo],
                 ["import", "oryx-events", fifo, "-o", tmp_path / "x.yaml"],
                 ["add", "claim", "--file", dataset, "--data", dataset, "--id", "f", "--event",
                  "palmyra-2016-12", "--claimant", "amaq", "--status", "captured", "--items", fifo]):
        result = materiel(*args)  # a hang would be the subprocess timeout
        assert result.returncode == 1, (args, result.stderr)
        assert "a FIFO (named pipe), not a regular file" in result.stderr, (args, result.stderr)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not (tmp_path / "x.yaml").exists()


def test_a_folder_as_output_is_refused(tmp_path):
    result = materiel("compare", "--format", "csv", "-o", tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"materiel: cannot write {tmp_path}: it is a folder, not a regular file\n"


def test_a_symlink_loop_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    loop = tmp_path / "a.yaml"
    read = materiel("validate", "--data", loop)
    assert read.returncode == 1
    assert read.stderr == (f"{loop}:1:1: error [no-data] (root): a loop of symbolic links: it names no "
                           "file\n1 problem in 1 file\n")
    written = materiel("compare", "--format", "csv", "-o", loop)
    assert written.returncode == 1
    assert written.stderr == f"materiel: cannot write {loop}: a loop of symbolic links\n"
    imported = materiel("import", "oryx-events", loop, "-o", tmp_path / "x.yaml")
    assert imported.stderr == f"materiel: {loop}: cannot read the file: a loop of symbolic links\n"


def test_output_onto_the_dataset_it_reads_is_refused(dataset):
    before = dataset.read_bytes()
    result = materiel("compare", "--data", dataset, "--format", "csv", "-o", dataset)
    assert result.returncode == 1
    assert result.stderr == (f"materiel: cannot write {dataset}: this run reads it ({dataset}); "
                             "name another file\n")
    assert dataset.read_bytes() == before


def test_an_import_onto_its_own_input_is_refused(tmp_path):
    rows = tmp_path / "rows.csv"
    shutil.copyfile(GOOD_ROWS, rows)
    result = materiel("import", "oryx-events", rows, "-o", rows, "--force")
    assert result.returncode == 1
    assert result.stderr == f"materiel: cannot write {rows}: this run reads it ({rows}); name another file\n"
    assert rows.read_bytes() == GOOD_ROWS.read_bytes()


def test_dash_is_standard_output_and_writes_no_file(tmp_path):
    result = materiel("compare", "--format", "csv", "-o", "-", cwd=tmp_path, check=True)
    assert result.stdout.startswith("event,") and list(tmp_path.iterdir()) == []


def test_standard_input_without_end_is_read_only_to_the_limit():
    """draft's quote on stdin from a source that never ends (reading /dev/zero is harmless)."""
    with open("/dev/zero", "rb") as endless:
        result = materiel("draft", stdin=endless, env={"MATERIEL_MAX_FILE_MB": "1"})
    assert result.returncode == 1
    assert result.stderr == ("materiel: standard input holds more than 1 MB, over the limit (raise it "
                             "with MATERIEL_MAX_FILE_MB)\n")
