"""Output files: written whole or not at all, through links, never over what must not be written.

A write goes to a temporary file beside the real file (a symlink is followed to it), is synced,
takes the old file's mode, owner, group and extended attributes where the user may set them, and
is renamed over the old file. A file with other hard links is rewritten in place instead, so
that every name still shows the same file. A target that is not a regular file (a device, a
FIFO, a folder), a read-only file, or a file the same run reads is refused before anything is
written. SIGTERM and SIGHUP during a write remove the temporary file, then end the process as
the signal would have; a temporary file left by a run that was killed outright (SIGKILL, a power
cut) is removed by the next write to the same file, which says so.

Writers that read a file, change it and write it back (`materiel add`) hold `locked(file)`
around the whole read, check and write, so that two runs at once both land.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutputError
from ..reading.document import not_a_file

_MARK = "materiel"  # temporary files are `.NAME.materiel-PID-XXXXXXXX.tmp`


@dataclass
class Written:
    """What a write did beside writing: temporary files of interrupted runs it removed."""

    path: Path
    removed: list[Path] = field(default_factory=list)

    def notes(self) -> list[str]:
        """One line for each leftover removed, as the command line prints it."""
        return [f"removed {p}, left by an interrupted write of {self.path}" for p in self.removed]


class _Signalled(BaseException):
    """SIGTERM or SIGHUP arrived while a temporary file existed."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def real_path(path: Path) -> Path:
    """The file a write to `path` lands in: symlinks followed (a dangling one to its target)."""
    try:
        os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise OutputError(f"cannot write {path}: a loop of symbolic links") from None
    return Path(os.path.realpath(path))


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_target(path: Path, reads: Iterable[Path] = (),
                 exclusive: bool = False) -> tuple[Path, os.stat_result | None]:
    """Refuse a target before any work: not a regular file, read-only, read by this run, or (with
    `exclusive`) already there. Returns the real file written (symlinks followed) and its
    status, None if there is none yet."""
    path = Path(path)
    real = real_path(path)
    try:
        status = os.stat(real)
    except FileNotFoundError:
        status = None
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror}") from None
    if status is None:
        if not real.parent.is_dir():
            raise OutputError(f"cannot write {path}: No such file or directory")
        return real, None
    kind = not_a_file(status.st_mode)
    if kind:
        hint = "" if kind == "a folder" else "; name a file (`-o -` prints to standard output)"
        raise OutputError(f"cannot write {path}: it is {kind}, not a regular file{hint}")
    for read in reads:
        try:
            same = _same_file(status, os.stat(read))
        except OSError:
            continue
        if same:
            raise OutputError(f"cannot write {path}: this run reads it ({read}); name another file")
    if exclusive:
        raise OutputError(f"{path} exists; use --force to overwrite it")
    if status.st_mode & 0o222 == 0 or not os.access(real, os.W_OK):
        raise OutputError(f"cannot write {path}: the file is read-only for this user "
                          f"(mode {stat.filemode(status.st_mode)}); nothing was written")
    return real, status


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def _stale_temps(real: Path) -> list[Path]:
    """Temporary files of this target whose writer is no longer running."""
    stale = []
    prefix = f".{real.name}.{_MARK}-"
    try:
        names = os.listdir(real.parent)
    except OSError:
        return []
    for name in names:
        if not (name.startswith(prefix) and name.endswith(".tmp")):
            continue
        pid = name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            stale.append(real.parent / name)
    return stale


def _keep_metadata(temp_fd: int, old: os.stat_result, real: Path) -> None:
    """The old file's mode, then owner and group and extended attributes where allowed."""
    os.fchmod(temp_fd, stat.S_IMODE(old.st_mode))
    for uid, gid in ((old.st_uid, old.st_gid), (-1, old.st_gid)):
        try:
            os.fchown(temp_fd, uid, gid)
            break
        except OSError:  # not root, or not a member of the group: the user's own, as cp does
            continue
    if hasattr(os, "listxattr"):
        try:
            names = os.listxattr(real)
        except OSError:
            names = []
        for name in names:
            try:
                os.setxattr(temp_fd, name, os.getxattr(real, name))
            except OSError:
                continue
    if stat.S_IMODE(old.st_mode) & (stat.S_ISUID | stat.S_ISGID):  # chown clears them
        os.fchmod(temp_fd, stat.S_IMODE(old.st_mode))


@contextlib.contextmanager
def _signals_remove(temp: str) -> Iterator[None]:
    """While the temporary file exists, SIGTERM and SIGHUP remove it, then act as they would have."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise _Signalled(signum)

    previous = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is not signal.SIG_IGN:  # under nohup, SIGHUP stays ignored
            previous[signum] = signal.signal(signum, handler)
    try:
        yield
    except _Signalled as caught:
        Path(temp).unlink(missing_ok=True)
        for signum, old in previous.items():
            signal.signal(signum, old)
        previous.clear()
        os.kill(os.getpid(), caught.signum)  # the signal as it would have been: default ends the run
        raise KeyboardInterrupt from None  # a handler that did not end the run: the write stops
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str | bytes, reads: Iterable[Path] = (),
                 exclusive: bool = False) -> Written:
    """Write a whole file or nothing (see the module's docstring).

    `reads`: files this run reads, which it must not overwrite. `exclusive`: refuse a file that
    exists, even one created by another run a moment ago. Text is written as UTF-8 with its line
    endings as they are; bytes exactly.
    """
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    real, old = check_target(path, reads, exclusive)
    written = Written(path)
    for leftover in _stale_temps(real):
        with contextlib.suppress(OSError):
            leftover.unlink()
            written.removed.append(leftover)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{real.name}.{_MARK}-{os.getpid()}-", suffix=".tmp",
                                    dir=real.parent)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror}") from None
    try:
        with _signals_remove(temp):
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                if old is not None:
                    _keep_metadata(handle.fileno(), old, real)
                else:
                    umask = os.umask(0)
                    os.umask(umask)
                    os.fchmod(handle.fileno(), 0o666 & ~umask)
                os.fsync(handle.fileno())
            if old is not None and old.st_nlink > 1:
                _rewrite_in_place(real, data)  # keep every hard link on the one file
                Path(temp).unlink()
            elif exclusive:
                _link_new(temp, real, path)
            else:
                os.replace(temp, real)
    except BaseException as err:  # a full disk, a read-only folder, Ctrl-C: the old file stays
        Path(temp).unlink(missing_ok=True)
        if isinstance(err, OutputError):
            raise
        if isinstance(err, OSError):
            raise OutputError(f"cannot write {path}: {err.strerror or err}") from None
        raise
    _fsync_folder(real.parent)  # make the rename itself durable
    return written


def _link_new(temp: str, real: Path, path: Path) -> None:
    """Give the temporary file the target's name only if no file has it (a race lost is refused)."""
    try:
        os.link(temp, real)
    except FileExistsError:
        raise OutputError(f"{path} exists (another run wrote it a moment ago); use --force to "
                          "overwrite it") from None
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        try:  # a file system without hard links: claim the name, then rename over the claim
            os.close(os.open(real, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise OutputError(f"{path} exists (another run wrote it a moment ago); use --force "
                              "to overwrite it") from None
        os.replace(temp, real)
        return
    Path(temp).unlink()


def _rewrite_in_place(real: Path, data: bytes) -> None:
    """Write over a file's own bytes (its other hard links see the change); the complete new text
    is already synced in the temporary file, removed only once this is done."""
    blocked = {signal.SIGTERM, signal.SIGHUP, signal.SIGINT}
    if threading.current_thread() is threading.main_thread():  # a half-written file is worse than a late exit
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    else:
        blocked = None
    fd = os.open(real, os.O_WRONLY)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)
        if blocked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


@contextlib.contextmanager
def locked(path: Path, wait: float = 60.0) -> Iterator[Path]:
    """Hold the write lock of the folder of `path`'s real file while reading, checking and writing
    it; other materiel runs writing there wait (up to `wait` seconds, then an OutputError).

    The lock is on the folder, not the file: the file is replaced by rename, and a file not yet
    written has nothing to lock. Yields the real path (symlinks followed)."""
    real = real_path(Path(path))
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock, the write is still atomic
        yield real
        return
    try:
        fd = os.open(real.parent, os.O_RDONLY)
    except OSError as err:
        raise OutputError(f"cannot write {path}: {err.strerror}") from None
    try:
        _acquire(fd, wait, path, fcntl)
        yield real
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _acquire(fd: int, wait: float, path: Path, fcntl) -> None:
    import time

    deadline = time.monotonic() + wait
    delay = 0.005
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise OutputError(f"cannot write {path}: another run has been writing beside it for "
                                  f"{wait:.0f} s; nothing was written") from None
            time.sleep(delay)
            delay = min(delay * 2, 0.1)
        except OSError as err:  # a file system without locks: the write is still atomic
            if err.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL):
                return
            raise OutputError(f"cannot write {path}: {err.strerror}") from None
