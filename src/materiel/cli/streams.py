"""Standard output as the real entry point sets it up (`main()`, never the test runner's app).

A write to stdout that fails is the environment's doing, not a bug: a closed pipe
(`materiel ... | head`) ends materiel quietly, as by SIGPIPE; a closed stdout or a full device
is one line and exit 1. A character the output's encoding cannot hold is written as an escape.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import sys


class StdoutFailed(BaseException):
    """Standard output cannot be written (`error` says why).

    A BaseException, so that it passes every handler on its way to main(): click's own
    (which would take a closed pipe for exit 1) and the guard's (which would call it a bug).
    """

    def __init__(self, error: OSError):
        super().__init__(error)
        self.error = error


class _Sink(io.RawIOBase):
    """File descriptor 1 for a BufferedWriter: a failed write raises StdoutFailed once, and
    everything after it is dropped (so that the flush at exit does not fail again)."""

    def __init__(self, fd: int, closed: bool, record: list | None = None):
        super().__init__()
        self._fd, self._closed, self.failed, self._record = fd, closed, False, record

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return not self._closed and os.isatty(self._fd)

    def write(self, data) -> int:
        if self.failed:
            return len(data)
        try:
            if self._closed:
                raise OSError(errno.EBADF, os.strerror(errno.EBADF))
            written = os.write(self._fd, data)
        except OSError as error:
            self.failed = True
            raise StdoutFailed(error) from None
        if self._record is not None:
            self._record.append((self._fd, bytes(data[:written])))
        return written


class _Recorded(io.RawIOBase):
    """File descriptor 2 as Python's own stderr writes it, with every byte written also kept
    (in order with stdout's) for the cache."""

    def __init__(self, fd: int, record: list):
        super().__init__()
        self._fd, self._record = fd, record

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data) -> int:
        written = os.write(self._fd, data)
        self._record.append((self._fd, bytes(data[:written])))
        return written


def _hold(fd: int) -> None:
    """Put /dev/null on a closed descriptor, so that no file materiel opens is given its number
    (and receives what was meant for stdout or stderr)."""
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def _closed(stream, fd: int) -> bool:
    """Whether the process started with `fd` closed (Python then leaves the stream None)."""
    if stream is None:
        return True
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def install(record: list | None = None) -> None:
    """Replace sys.stdout with one whose failures end materiel as the environment expects, and
    let both stdout and stderr write what their encoding cannot hold as escapes.

    With `record`, every byte written to stdout and stderr is also appended to it, as
    (descriptor, bytes) in the order they were written (the cache keeps them).
    """
    if _closed(sys.stderr, 2):
        _hold(2)
        sys.stderr = None
    elif record is not None:
        sys.stderr = io.TextIOWrapper(io.BufferedWriter(_Recorded(2, record)),
                                      encoding=getattr(sys.stderr, "encoding", None) or "utf-8",
                                      errors="backslashreplace", line_buffering=True)
    elif hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")
    old = sys.stdout
    closed = _closed(old, 1)
    if closed:
        _hold(1)
    encoding = getattr(old, "encoding", None) or "utf-8"
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(_Sink(1, closed, record), 1 << 16), encoding=encoding,
                                  errors="backslashreplace",
                                  line_buffering=bool(getattr(old, "line_buffering", False)))


def end(failed: StdoutFailed) -> None:
    """End materiel after stdout failed: a closed pipe as coreutils do (no message, killed by
    SIGPIPE, so that `set -o pipefail` sees 141), anything else with one line and exit 1."""
    if failed.error.errno == errno.EPIPE and hasattr(signal, "SIGPIPE"):
        try:
            if sys.stderr is not None:
                sys.stderr.flush()
        except OSError:
            pass
        _hold(1)  # nothing more reaches the closed pipe, whatever runs before the signal lands
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
        sys.exit(128 + signal.SIGPIPE)  # not reached where the signal is delivered at once
    if failed.error.errno == errno.EPIPE:
        sys.exit(1)
    reason = failed.error.strerror or str(failed.error)
    if sys.stderr is not None:
        try:
            sys.stderr.write(f"materiel: cannot write to standard output: {reason}\n")
            sys.stderr.flush()
        except OSError:
            pass
    sys.exit(1)
