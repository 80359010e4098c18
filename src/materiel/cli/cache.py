"""The cache of command results: a run whose inputs are all unchanged prints what the last one did.

An entry holds the bytes a command wrote to stdout and stderr (in the order they were written)
and its exit code. It is found by a key of everything that can change them: materiel's version
and a fingerprint of its own files (names, sizes, times) and of the installed packages, the
arguments as given, the working folder, the variables that reach the output (MATERIEL_*,
terminal, colour, locale, SOURCE_DATE_EPOCH, ...), which of stdin, stdout and stderr are
terminals and their sizes, the output encodings and today's date. The entry also records the
data it read, and is used only when every file of it still has the same bytes (sha256), every
folder the same .yaml/.yml files, and the default data the same choice.

Only the real entry point uses it (`main()`): never the test runner's app. This module imports
nothing heavy: a hit starts neither pydantic nor rich nor typer. Nothing here is ever an error:
an entry that is unreadable, truncated or corrupt, or a folder that cannot be used, is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import time

MAGIC = b"materiel-cache 1\n"
COMMANDS = frozenset({"validate", "claims", "evidence", "summary", "compare", "timeline", "report",
                      "catalog", "mappings", "items", "events"})
DEFAULT_MB = 200
_BIGGEST_INPUT = 1 << 30  # inputs above 1 GB are not hashed: materiel refuses them anyway
# Variables that change what materiel, rich or click print, beside MATERIEL_*, LC_* and PYTHON*.
_VARIABLES = frozenset({
    "LANG", "LANGUAGE", "TZ", "SOURCE_DATE_EPOCH", "TERM", "TERM_PROGRAM", "COLORTERM", "NO_COLOR",
    "FORCE_COLOR", "PY_COLORS", "CLICOLOR", "CLICOLOR_FORCE", "COLUMNS", "LINES", "TERMINAL_WIDTH",
    "JUPYTER_COLUMNS", "JUPYTER_LINES", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "UNICODE_VERSION",
    "DATABRICKS_RUNTIME_VERSION", "GITHUB_ACTIONS", "PYCHARM_HOSTED", "XDG_CONFIG_HOME",
    "TYPER_USE_RICH", "PYDANTIC_DISABLE_PLUGINS"})
_OWN = frozenset({"MATERIEL_CACHE_DIR", "MATERIEL_CACHE_MB", "MATERIEL_NO_CACHE"})

PENDING: Pending | None = None  # the run main() is recording, if it may be cached
_disabled = False  # `materiel --no-cache ...`


class Uncacheable(Exception):
    """An input materiel must not open to hash (a FIFO, a device) or cannot read."""


def disable() -> None:
    """`--no-cache`: neither read nor write the cache for the rest of this process."""
    global PENDING, _disabled
    _disabled, PENDING = True, None


def enabled() -> bool:
    """Whether the cache may be used: not under --no-cache nor MATERIEL_NO_CACHE (set, not 0)."""
    return not _disabled and os.environ.get("MATERIEL_NO_CACHE", "") in ("", "0")


def folder() -> str:
    """$MATERIEL_CACHE_DIR, else $XDG_CACHE_HOME/materiel, else ~/.cache/materiel."""
    chosen = os.environ.get("MATERIEL_CACHE_DIR", "")
    if chosen:
        return chosen
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = xdg if os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "materiel")


def limit() -> int:
    """The bound on the folder's size in bytes: $MATERIEL_CACHE_MB megabytes, default 200."""
    try:
        megabytes = float(os.environ.get("MATERIEL_CACHE_MB", "") or DEFAULT_MB)
    except ValueError:
        megabytes = DEFAULT_MB
    return int(megabytes * 1_000_000) if megabytes == megabytes and megabytes >= 0 else 0


def _usable_folder(create: bool) -> str | None:
    """The cache folder, made 0700 if it is new; None if it is not a folder of this user's that
    no one else may write to (then the cache is not used at all)."""
    path = folder()
    try:
        if create:
            os.makedirs(path, mode=0o700, exist_ok=True)
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & 0o022:
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    return path


def _hash_file(path: str) -> str:
    """sha256 of a regular file's bytes; a FIFO or device is never opened for reading (a FIFO
    swapped in after the stat is opened without blocking and refused)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise Uncacheable(path) from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _BIGGEST_INPUT:
            raise Uncacheable(path)
        digest = hashlib.sha256()
        with os.fdopen(os.dup(fd), "rb", buffering=0) as file:
            while chunk := file.read(1 << 22):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError as error:
        raise Uncacheable(path) from error
    finally:
        os.close(fd)


def _describe(path: str) -> list:
    """What a path named as data is, as far as reading it goes: a file's real path and digest, a
    folder's .yaml/.yml entries each described, or why it names nothing."""
    try:
        info = os.stat(path)
    except (OSError, ValueError) as error:
        return ["missing", getattr(error, "errno", None)]
    if stat.S_ISREG(info.st_mode):
        return ["file", os.path.realpath(path), _hash_file(path)]
    if not stat.S_ISDIR(info.st_mode):
        raise Uncacheable(path)  # a FIFO or a device: materiel says so, and it is not hashed
    try:
        names = sorted(n for n in os.listdir(path) if n.endswith((".yaml", ".yml")))
    except OSError as error:
        raise Uncacheable(path) from error
    entries = []
    for name in names:
        inner = os.path.join(path, name)
        try:
            mode = os.stat(inner).st_mode
        except OSError as error:
            entries.append([name, "missing", error.errno])
            continue
        entries.append([name, *(["file", os.path.realpath(inner), _hash_file(inner)]
                                if stat.S_ISREG(mode) else ["other", stat.S_IFMT(mode)])])
    return ["folder", entries]


def probe(data) -> list:
    """The facts the data of a run depends on (`data`: the paths given, or None for the
    default); equal facts read equal data. Raises Uncacheable."""
    facts: list = []
    if data is None:
        env = os.environ.get("MATERIEL_DATA", "")
        if env:
            paths = env.split(os.pathsep)
        else:
            local = os.path.join("data", "claims.yaml")
            facts.append(["default", os.path.isfile(local)])
            paths = [local] if os.path.isfile(local) else [_packaged()]
    else:
        paths = [os.fspath(p) for p in data]
    for path in paths:
        facts.append([path, _describe(path)])
    return facts


def _packaged() -> str:
    from .. import __file__ as package

    return os.path.join(os.path.dirname(package), "data", "claims.yaml")


def fingerprint() -> str:
    """materiel's version, its own files (names, sizes, times: a checkout's code changes without
    its version), the interpreter, and the packages installed beside it (their names carry their
    versions)."""
    from .. import __file__ as package
    from .. import __version__

    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0{sys.executable}\0{sys.prefix}\n".encode())
    root = os.path.dirname(package)
    for top, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(files):
            try:
                info = os.stat(os.path.join(top, name))
            except OSError:
                continue
            digest.update(f"{os.path.relpath(top, root)}/{name}\0{info.st_size}\0{info.st_mtime_ns}\n"
                          .encode("utf-8", "surrogateescape"))
    for entry in sys.path:  # the folders of installed packages, whichever way Python was started
        try:
            names = sorted(n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
        if names:
            digest.update(f"{'/'.join(names)}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _terminal(fd: int):
    try:
        return [os.isatty(fd), tuple(os.get_terminal_size(fd))]
    except OSError:
        return [False, None]


def key(argv: list[str]) -> str:
    """The key of a run: everything beside its data that can change what it prints."""
    env = {name: value for name, value in os.environ.items()
           if name not in _OWN and (name in _VARIABLES or name.startswith(("MATERIEL_", "LC_", "PYTHON")))}
    parts = {
        "fingerprint": fingerprint(),
        "argv": list(argv),
        "cwd": os.getcwd(),
        "env": sorted(env.items()),
        "terminals": [_terminal(fd) for fd in (0, 1, 2)],
        "encodings": [getattr(s, "encoding", None) for s in (sys.stdout, sys.stderr)],
        "utf8": sys.flags.utf8_mode,
        "date": time.strftime("%Y-%m-%d"),
    }
    text = json.dumps(parts, sort_keys=True)  # ensure_ascii: lone surrogates are escaped, not lost
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _read(path: str) -> bytes | None:
    """An entry's bytes; None if there is none or it is not a regular file of this user's (a
    symbolic link planted in the folder is never followed)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return None
        with os.fdopen(os.dup(fd), "rb") as file:
            return file.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _parse(raw: bytes | None, expected_key: str):
    """(header, payload) of a whole, uncorrupted entry for this key; None otherwise."""
    if not raw or not raw.startswith(MAGIC):
        return None
    end = raw.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    try:
        header = json.loads(raw[len(MAGIC):end])
        payload = raw[end + 1:]
        if (header["key"] != expected_key or len(payload) != header["size"]
                or hashlib.sha256(payload).hexdigest() != header["sha256"]):
            return None
    except (ValueError, KeyError, TypeError):
        return None
    return header, payload


def _write(name: str, header: dict, payload: bytes) -> None:
    """Write an entry atomically (a temporary file renamed over the name): a reader sees the
    old entry or the new one, a killed run leaves at most a temporary file, which is evicted."""
    import tempfile

    place = _usable_folder(create=True)
    if place is None or len(payload) > limit():
        return
    header = {**header, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
    fd, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=place)  # 0600
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(MAGIC + json.dumps(header).encode("ascii") + b"\n" + payload)
        os.replace(temporary, os.path.join(place, name))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _evict(place)


def _evict(place: str) -> None:
    """Remove the entries least recently used until the folder is within the bound, and
    temporary files older than an hour (left by runs that were killed)."""
    now, bound = time.time(), limit()
    entries, total = [], 0
    with os.scandir(place) as listing:
        for entry in listing:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name.endswith(".tmp") and now - info.st_mtime > 3600:
                _remove(entry.path)
                continue
            entries.append((info.st_mtime, entry.path, info.st_size))
            total += info.st_size
    for _, path, size in sorted(entries):
        if total <= bound:
            break
        _remove(path)
        total -= size


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


class Pending:
    """A run main() records: its key, then (from the guard) its command and data, the facts of
    the data before it was read, what it wrote, and the ids of the dataset it loaded."""

    def __init__(self, run_key: str):
        self.key = run_key
        self.chunks: list[tuple[int, bytes]] = []
        self.data: list[str] | None = None
        self.facts: list | None = None
        self.ids: dict | None = None
        self.spoiled = False

    def begin(self, command: str, options: dict) -> None:
        """The guard is about to run `command` with `options`: note the data and its facts."""
        output = options.get("output")
        to_stdout = output is None or (command == "report" and str(output) == "-")
        if command not in COMMANDS or not to_stdout:
            self.spoiled = True
            return
        data = options.get("data")
        self.data = None if data is None else [os.fspath(p) for p in data]
        try:
            self.facts = probe(self.data)
        except Uncacheable:
            self.spoiled = True

    def store(self, code) -> None:
        """Write the entry, if the run may be replayed: it ran a cached command to its end with
        an exit code of materiel's own, and its data did not change while it ran."""
        if self.spoiled or self.facts is None or code not in (0, 1, 2):
            return
        try:
            if probe(self.data) != self.facts:
                return
        except Uncacheable:
            return
        payload = b"".join(data for _, data in self.chunks)
        header = {"key": self.key, "code": code, "data": self.data, "facts": self.facts,
                  "chunks": [[fd, len(data)] for fd, data in self.chunks]}
        _write(self.key, header, payload)
        if self.ids is not None:
            store_ids(self.facts, self.ids)


def lookup(argv: list[str]):
    """(entry header, payload, path) of a hit for this run, or a Pending to record it on a miss;
    None when the run is not one to cache. Never raises."""
    global PENDING
    if not enabled() or "_MATERIEL_COMPLETE" in os.environ:
        return None
    args = list(argv)
    while args and args[0] in ("--debug", "--no-cache"):
        if args.pop(0) == "--no-cache":
            return None
    if not args or args[0] not in COMMANDS or "-h" in args or "--help" in args:
        return None
    try:
        run_key = key(argv)
    except (OSError, ValueError):
        return None
    place = _usable_folder(create=False)
    if place is not None:
        path = os.path.join(place, run_key)
        found = _parse(_read(path), run_key)
        if found is not None:
            header, payload = found
            try:
                if probe(header["data"]) == header["facts"]:
                    return header, payload, path
            except (Uncacheable, KeyError, TypeError):
                pass
    PENDING = Pending(run_key)
    return PENDING


def replay(header: dict, payload: bytes, path: str) -> None:
    """Write a hit's output as the run wrote it, and end the process with its exit code."""
    from . import streams

    streams.install()
    chunks, at = [], 0
    for fd, size in header["chunks"]:
        chunks.append((fd, payload[at:at + size]))
        at += size
    try:
        for fd, data in chunks:
            if fd == 1:
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            elif sys.stderr is not None:
                try:
                    sys.stderr.buffer.write(data)
                    sys.stderr.buffer.flush()
                except OSError:
                    pass
    except streams.StdoutFailed as failed:
        streams.end(failed)
    with contextlib.suppress(OSError):  # recently used: evicted last
        os.utime(path, follow_symlinks=os.utime not in os.supports_follow_symlinks)
    os._exit(header["code"])


def loaded(dataset) -> None:
    """A dataset was loaded in a recorded run: keep its ids for completion."""
    if PENDING is not None:
        PENDING.ids = ids_of(dataset)


def ids_of(dataset) -> dict:
    """The ids shell completion offers, by kind."""
    return {"events": sorted(dataset.events), "sources": sorted(dataset.sources),
            "equipment": sorted(dataset.catalog.nodes)}


def _ids_name(facts: list) -> str:
    text = json.dumps([fingerprint(), facts], sort_keys=True)
    return "ids-" + hashlib.sha256(text.encode("ascii")).hexdigest()


def store_ids(facts: list, ids: dict) -> None:
    """Keep a dataset's ids under the digest of its files, unless they are kept already."""
    place = _usable_folder(create=True)
    if place is None or not enabled():
        return
    name = _ids_name(facts)
    if os.path.exists(os.path.join(place, name)):
        return
    _write(name, {"key": name}, json.dumps(ids).encode("ascii"))


def cached_ids(facts: list) -> dict | None:
    """A dataset's ids kept under the digest of its files; None on a miss."""
    place = _usable_folder(create=False)
    if place is None or not enabled():
        return None
    name = _ids_name(facts)
    found = _parse(_read(os.path.join(place, name)), name)
    if found is None:
        return None
    try:
        return json.loads(found[1])
    except ValueError:
        return None
