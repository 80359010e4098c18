"""The cache of results (cli/cache.py): a hit prints byte for byte what a miss did, and anything
that changes the output is a miss. Real processes (`python -m materiel`), since only the real
entry point uses the cache; each test has its own cache folder. No test is timed: a hit is told
from a miss by the entry file (a miss writes a new one, a hit leaves it and touches its time).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from materiel.cli import cache

from .conftest import DATA, PALMYRA, ROOT

BAD = DATA / "bad_reference_equipment_alias.yaml"


@pytest.fixture
def folder(tmp_path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the Palmyra dataset whose bytes a test may change."""
    copy = tmp_path / "claims.yaml"
    shutil.copyfile(PALMYRA, copy)
    return copy


def environment(folder: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATERIEL_") and k != "COLUMNS"}
    return env | {"MATERIEL_CACHE_DIR": str(folder)} | extra


def materiel(folder: Path, *args, env: dict | None = None, cwd: Path = ROOT):
    """(exit code, stdout, stderr) of `python -m materiel ARGS`, by default from the repository's root."""
    result = subprocess.run([sys.executable, "-m", "materiel", *map(str, args)], capture_output=True,
                            cwd=cwd, timeout=120, env=env or environment(folder))
    return result.returncode, result.stdout, result.stderr


def entries(folder: Path) -> dict[str, int]:
    """The result entries in the folder, by name, with their inode (a miss writes a new file)."""
    if not folder.exists():
        return {}
    return {p.name: p.stat().st_ino for p in folder.iterdir()
            if not p.name.startswith((".", "ids-"))}


COMMANDS = {
    "validate": ["validate"],
    "validate-bad": ["validate", "--data", BAD],
    "validate-bad-json": ["validate", "--data", BAD, "--format", "json"],
    "compare": ["compare"],
    "compare-csv": ["compare", "--format", "csv"],
    "compare-json": ["compare", "--format", "json", "--level", "type"],
    "compare-strict": ["compare", "--strict"],
    "compare-unknown-id": ["compare", "--event", "no-such-event"],
    "summary": ["summary", "--by", "claimant"],
    "report": ["report", "-o", "-", "--date", "2020-02-03"],
}


@pytest.mark.parametrize("name", COMMANDS)
def test_a_hit_prints_byte_for_byte_what_a_miss_did(folder, name):
    args = COMMANDS[name]
    miss = materiel(folder, *args)
    written = entries(folder)
    assert len(written) == 1, miss
    hit = materiel(folder, *args)
    assert entries(folder) == written  # read, not written again
    assert hit == miss
    fresh = materiel(folder, "--no-cache", *args)
    assert fresh == miss
    if name.startswith("validate-bad") or name in ("compare-strict",):
        assert miss[0] == 1
    elif name == "compare-unknown-id":
        assert miss[0] == 2
    else:
        assert miss[0] == 0 and miss[1]


@pytest.mark.parametrize("change", ["file byte", "option", "file name", "COLUMNS", "NO_COLOR",
                                    "MATERIEL_MAX_FILE_MB", "cwd", "new file in folder"])
def test_whatever_changes_the_output_is_a_miss(folder, data, tmp_path, change):
    args, env = ["compare", "--data", data], environment(folder)
    first = materiel(folder, *args)
    assert first[0] == 0
    kwargs = {}
    if change == "file byte":
        text = data.read_text(encoding="utf-8")
        data.write_text(text.replace("quantity: 30,", "quantity: 31,", 1), encoding="utf-8")
    elif change == "option":
        args = [*args, "--level", "type"]
    elif change == "file name":
        other = tmp_path / "other.yaml"
        shutil.copyfile(data, other)
        args = ["compare", "--data", other]
    elif change == "COLUMNS":
        env = env | {"COLUMNS": "200"}
    elif change == "NO_COLOR":
        env = env | {"NO_COLOR": "1"}
    elif change == "MATERIEL_MAX_FILE_MB":
        env = env | {"MATERIEL_MAX_FILE_MB": "0.001"}
    elif change == "cwd":
        args, kwargs = ["compare", "--data", "claims.yaml"], {"cwd": tmp_path}
        first = materiel(folder, *args, **kwargs)
        (tmp_path / "elsewhere").mkdir()
        shutil.copyfile(DATA / "bad_reference_equipment_alias.yaml", tmp_path / "elsewhere" / "claims.yaml")
        kwargs = {"cwd": tmp_path / "elsewhere"}
    elif change == "new file in folder":
        args = ["compare", "--data", tmp_path]
        first = materiel(folder, *args)
        shutil.copyfile(BAD, tmp_path / "zz-bad.yaml")
    before = entries(folder)
    second = materiel(folder, *args, env=env, **kwargs)
    assert entries(folder) != before  # written anew: a miss
    assert second == materiel(folder, "--no-cache", *args, env=env, **kwargs)
    if change in ("file byte", "option", "file name", "MATERIEL_MAX_FILE_MB", "cwd",
                  "new file in folder"):
        assert second != first


def forge(folder: Path, old: bytes, new: bytes) -> None:
    """Rewrite the one entry so that its stdout says `new` where it said `old` (a valid entry)."""
    import hashlib

    (path,) = [folder / name for name in entries(folder)]
    raw = path.read_bytes()
    end = raw.index(b"\n", len(cache.MAGIC))
    header, payload = json.loads(raw[len(cache.MAGIC):end]), raw[end + 1:]
    assert len(old) == len(new) and old in payload
    payload = payload.replace(old, new)
    header["sha256"] = hashlib.sha256(payload).hexdigest()
    path.write_bytes(cache.MAGIC + json.dumps(header).encode() + b"\n" + payload)


@pytest.mark.parametrize("how", ["--no-cache", "MATERIEL_NO_CACHE=1"])
def test_no_cache_neither_reads_nor_writes(folder, how):
    def run():
        if how == "--no-cache":
            return materiel(folder, "--no-cache", "validate")
        return materiel(folder, "validate", env=environment(folder, MATERIEL_NO_CACHE="1"))

    assert run()[0] == 0
    assert entries(folder) == {}
    real = materiel(folder, "validate")
    forge(folder, b"OK: ", b"KO: ")
    assert materiel(folder, "validate")[1].startswith(b"KO: ")  # the forged entry is read...
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert run() == real  # ...but not by these
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "other key", "symlink"])
def test_a_damaged_entry_is_a_miss_and_is_replaced(folder, tmp_path, damage):
    real = materiel(folder, "compare")
    (name,) = entries(folder)
    path = folder / name
    raw = path.read_bytes()
    outside = tmp_path / "outside"
    if damage == "truncated":
        path.write_bytes(raw[:len(raw) - 10])
    elif damage == "garbage":
        path.write_bytes(raw[:40] + b"\x00\xff" * 50 + raw[140:])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "other key":
        path.write_bytes(raw.replace(name.encode(), b"0" * 64, 1))
    else:  # an entry's name made a link to a file of the user's: never followed, never written through
        outside.write_bytes(raw)
        path.unlink()
        path.symlink_to(outside)
    assert materiel(folder, "compare") == real
    assert not path.is_symlink()
    if damage == "symlink":
        assert outside.read_bytes() == raw
    written = entries(folder)
    assert materiel(folder, "compare") == real
    assert entries(folder) == written  # the replacement is whole: a hit


def test_two_runs_racing_on_the_same_key_both_succeed(folder):
    expected = materiel(folder, "--no-cache", "compare", "--format", "csv")
    for _ in range(3):
        runs = [subprocess.Popen([sys.executable, "-m", "materiel", "compare", "--format", "csv"],
                                 cwd=ROOT, env=environment(folder), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE) for _ in range(4)]
        results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in runs]
        for p in runs:
            p.stdout.close()
            p.stderr.close()
        assert results == [expected] * 4
    assert len(entries(folder)) == 1
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


STALLED = """
import os, sys, time
READY = sys.argv[1]
real = os.replace
def stall(source, target):
    if os.path.basename(str(source)).endswith(".tmp"):
        open(READY, "w").close()  # the entry's temporary file is written: tell the parent
        time.sleep(60)
    return real(source, target)
os.replace = stall
sys.argv = ["materiel", *sys.argv[2:]]
from materiel.cli import main
main()
"""


def test_a_run_killed_while_storing_leaves_no_broken_entry(folder, tmp_path):
    ready = tmp_path / "ready"
    child = subprocess.Popen([sys.executable, "-c", STALLED, str(ready), "compare"], cwd=ROOT,
                             env=environment(folder), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not ready.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    child.kill()
    child.communicate()
    assert ready.exists()
    assert entries(folder) == {}  # at most a temporary file, never an entry
    real = materiel(folder, "--no-cache", "compare")
    assert materiel(folder, "compare") == real
    written = entries(folder)
    assert len(written) == 1
    assert materiel(folder, "compare") == real
    assert entries(folder) == written


def test_the_size_bound_evicts_the_least_recently_used(folder):
    env = environment(folder, MATERIEL_CACHE_MB="0.02")  # 20 kB: a few compare tables
    order = []
    for level in ("category", "type"):
        for fmt in ("table", "csv", "json", "markdown"):
            order.append(materiel(folder, "compare", "--level", level, "--format", fmt, env=env))
            time.sleep(0.02)  # distinct times, so that "oldest" is one entry
            total = sum(p.stat().st_size for p in folder.iterdir())
            assert total <= 20_000
    assert 1 <= len(entries(folder)) < 8
    # the first run's entry went first: running it again is a miss, with the same output
    before = entries(folder)
    assert materiel(folder, "compare", "--level", "category", "--format", "table", env=env) == order[0]
    assert entries(folder) != before


def test_an_entry_over_the_bound_is_not_kept(folder):
    env = environment(folder, MATERIEL_CACHE_MB="0.0001")
    assert materiel(folder, "compare", env=env)[0] == 0
    assert entries(folder) == {}


HIT_IMPORTS = """
import os, sys
real, SEEN = os._exit, sys.argv[1]
def exit_(code):
    with open(SEEN, "w") as out:
        out.write(" ".join(sorted(m for m in ("pydantic", "rich", "typer", "yaml") if m in sys.modules)))
    real(code)
os._exit = exit_
sys.argv = ["materiel", *sys.argv[2:]]
from materiel.cli import main
main()
"""


def test_a_hit_imports_neither_pydantic_nor_rich(folder, tmp_path):
    seen = tmp_path / "modules"
    run = [sys.executable, "-c", HIT_IMPORTS, str(seen), "compare"]
    first = subprocess.run(run, cwd=ROOT, env=environment(folder), capture_output=True, timeout=120)
    assert set(seen.read_text().split()) >= {"pydantic", "rich"}  # a miss does the work
    second = subprocess.run(run, cwd=ROOT, env=environment(folder), capture_output=True, timeout=120)
    assert seen.read_text() == ""
    assert (second.returncode, second.stdout, second.stderr) == (first.returncode, first.stdout,
                                                                 first.stderr)


def test_the_cache_folder_is_private(folder):
    materiel(folder, "validate")
    assert folder.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o077 == 0 for p in folder.iterdir())


def test_a_folder_others_may_write_is_not_used(folder):
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    assert materiel(folder, "validate")[0] == 0
    assert list(folder.iterdir()) == []


def test_the_test_runner_app_never_uses_the_cache(run, cache_folder, data):
    before = sorted(cache_folder.iterdir()) if cache_folder.exists() else []
    assert run("compare", "--data", data).exit_code == 0
    after = sorted(cache_folder.iterdir()) if cache_folder.exists() else []
    assert after == before


def test_completion_reads_the_ids_from_the_cache(folder, data, monkeypatch):
    monkeypatch.setenv("MATERIEL_CACHE_DIR", str(folder))
    import typer

    from materiel.cli import app
    from materiel.cli.options import complete_ids

    ctx = typer.Context(typer.main.get_command(app))
    ctx.params = {"data": [data]}
    assert complete_ids("sources")(ctx, "ha") == ["hassan-hassan"]  # loaded, and kept

    def refused(*args, **kwargs):
        raise AssertionError("the dataset was loaded")

    monkeypatch.setattr("materiel.dataset.load_dataset", refused)
    assert complete_ids("sources")(ctx, "ha") == ["hassan-hassan"]
    assert complete_ids("events")(ctx, "") == ["palmyra-2016-12"]
    assert "bmp-1" in complete_ids("equipment")(ctx, "bmp")
    data.write_text(data.read_text(encoding="utf-8").replace("hassan-hassan", "hassan-hussain"),
                    encoding="utf-8")
    assert complete_ids("sources")(ctx, "ha") == []  # a changed file is loaded again (here: refused)


def test_a_command_keeps_the_ids_for_completion(folder, data, monkeypatch):
    assert materiel(folder, "validate", "--data", data)[0] == 0
    monkeypatch.setenv("MATERIEL_CACHE_DIR", str(folder))
    monkeypatch.setattr("materiel.dataset.load_dataset", lambda *a, **k: pytest.fail("loaded"))
    import typer

    from materiel.cli import app
    from materiel.cli.options import complete_ids

    ctx = typer.Context(typer.main.get_command(app))
    ctx.params = {"data": [data]}
    assert complete_ids("events")(ctx, "pal") == ["palmyra-2016-12"]


def test_a_real_shell_completion_offers_the_ids(folder, data):
    env = environment(folder, _MATERIEL_COMPLETE="complete_bash",
                      COMP_WORDS=f"materiel compare --data {data} --event pal", COMP_CWORD="5")
    script = Path(sys.executable).parent / "materiel"  # the console script: the name bash completes
    for _ in range(2):  # a miss, then from the cache
        result = subprocess.run([script], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        assert "palmyra-2016-12" in result.stdout, result.stderr
    assert any(p.name.startswith("ids-") for p in folder.iterdir())


def test_a_hit_on_a_closed_pipe_ends_as_sigpipe_would(folder):
    assert materiel(folder, "compare")[0] == 0
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run([sys.executable, "-m", "materiel", "compare"], stdout=write,
                                stderr=subprocess.PIPE, cwd=ROOT, env=environment(folder), timeout=60)
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (-signal.SIGPIPE, b"")


@pytest.mark.parametrize(("line", "cword"), [
    ("materiel compare --data {data} --event pal", 5),
    ("materiel compare --data {data} --event zz", 5),
    ("materiel --debug summary --data {data} --claimant ", 6),
    ("materiel add claim --data {data} --via h", 6),
    ("materiel add evidence --data={data} --analysed-by ", 5),
])
def test_bash_completion_from_the_cache_is_what_typer_prints_without_typer(folder, data, line, cword):
    """The fast path (cli/completing.py) answers a cached dataset's ids before typer is imported,
    byte for byte as typer's own completion does."""
    line = line.format(data=data)

    def complete(**extra):
        env = environment(folder, _MATERIEL_COMPLETE="complete_bash", COMP_WORDS=line,
                          COMP_CWORD=str(cword), **extra)
        return subprocess.run([sys.executable, "-X", "importtime", "-c",
                               "import sys; sys.argv[0] = 'materiel'; from materiel.cli import main; main()"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    by_typer = complete(MATERIEL_NO_CACHE="1")
    assert " typer" in by_typer.stderr  # typer answered
    assert complete().stdout == by_typer.stdout  # a miss: typer answers and keeps the ids
    fast = complete()
    assert fast.stdout == by_typer.stdout
    assert " typer" not in fast.stderr and " pydantic" not in fast.stderr, "typer or pydantic was imported"
