"""Reading the public files: CSV row by row and a JSON array element by element, each problem
said as `FILE:LINE: message`."""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import ImportFailed
from ..reading.document import max_file_bytes, open_regular

_CHUNK = 1 << 16


def _open_input(path: Path):
    """An input opened for reading in binary, refused before anything is read if it is not a
    regular file (a device or a FIFO has no size and may never end) or is over the size limit."""
    def fail(message: str) -> ImportFailed:
        return ImportFailed(f"{path}: cannot read the file: {message}")

    try:
        handle, kind = open_regular(path)
    except OSError as err:
        raise fail("a loop of symbolic links" if err.errno == errno.ELOOP else err.strerror) from None
    if handle is None:
        raise fail(f"it is {kind}, not a regular file")
    size, limit = os.fstat(handle.fileno()).st_size, max_file_bytes()
    if size > limit:
        handle.close()
        raise fail(f"it is {size / 1e6:,.1f} MB, over the limit of {limit / 1e6:,.0f} MB "
                   "(raise it with MATERIEL_MAX_FILE_MB)")
    return handle


def sha256_of(path: Path) -> str:
    """The sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with _open_input(path) as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _open_text(path: Path, newline: str | None = None):
    return io.TextIOWrapper(_open_input(path), encoding="utf-8-sig", newline=newline)


def _decode_error(path: Path, err: UnicodeDecodeError, line: int) -> ImportFailed:
    return ImportFailed(f"{path}:{line}: the file is not UTF-8 (byte 0x{err.object[err.start]:02x})")


def iter_csv(path: Path, headers: Iterable[list[str]]) -> Iterator[tuple[int, list[str], list[str]]]:
    """(line, header, row) for each record of a CSV file whose header is one of `headers`;
    the line is where the record starts (a quoted field may span lines)."""
    headers = list(headers)
    with _open_text(path, newline="") as handle:
        reader = csv.reader(handle, strict=True)
        line = 1
        try:
            header = next(reader, None)
            if header not in headers:
                expected = " or ".join(f"`{','.join(h)}`" for h in headers)
                found = ",".join(header) if header else "nothing"
                raise ImportFailed(f"{path}:1: expected the header {expected}; found `{found}`")
            while True:
                line = reader.line_num + 1
                row = next(reader, None)
                if row is None:
                    return
                if not row:
                    raise ImportFailed(f"{path}:{line}: an empty line inside the table")
                if len(row) != len(header):
                    raise ImportFailed(f"{path}:{line}: {len(row)} fields; the header has {len(header)}")
                yield line, header, row
        except csv.Error as err:
            raise ImportFailed(f"{path}:{reader.line_num}: not CSV: {err}") from None
        except UnicodeDecodeError as err:
            raise _decode_error(path, err, line) from None


def _unique_pairs(pairs: list[tuple[str, object]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key `{key}` is repeated in one object")
        out[key] = value
    return out


def iter_json_array(path: Path) -> Iterator[tuple[int, object]]:
    """(line, value) for each element of a JSON array, read a chunk at a time."""
    decoder = json.JSONDecoder(object_pairs_hook=_unique_pairs)
    with _open_text(path) as handle:
        buffer, pos, base_line, eof = "", 0, 1, False

        def line_at(index: int) -> int:
            return base_line + buffer.count("\n", 0, index)

        def fill(size: int = _CHUNK) -> bool:
            nonlocal buffer, pos, base_line, eof
            if eof:
                return False
            try:
                chunk = handle.read(size)
            except UnicodeDecodeError as err:
                raise _decode_error(path, err, line_at(len(buffer))) from None
            if not chunk:
                eof = True
                return False
            base_line += buffer.count("\n", 0, pos)
            buffer, pos = buffer[pos:] + chunk, 0
            return True

        def next_char() -> str:
            nonlocal pos
            while True:
                while pos < len(buffer) and buffer[pos] in " \t\r\n":
                    pos += 1
                if pos < len(buffer) or not fill():
                    return buffer[pos] if pos < len(buffer) else ""

        def fail(message: str) -> ImportFailed:
            return ImportFailed(f"{path}:{line_at(pos)}: {message}")

        if next_char() != "[":
            raise fail("expected a JSON array (`[`) of objects")
        pos += 1
        first = True
        while True:
            char = next_char()
            if char == "]":
                pos += 1
                break
            if not first:
                if char != ",":
                    raise fail("expected `,` or `]` after an element" if char else
                               "the array is not closed (`]`)")
                pos += 1
                char = next_char()
            if not char:
                raise fail("the array is not closed (`]`)")
            while True:
                try:
                    value, end = decoder.raw_decode(buffer, pos)
                    if end < len(buffer) or not fill():  # a number may go on in the next chunk
                        break
                except json.JSONDecodeError as err:
                    # The element may only be cut by the end of the chunk: read as much again
                    # as is pending, so that a long element is decoded a few times, not once
                    # per chunk (quadratic).
                    if fill(max(_CHUNK, len(buffer) - pos)):
                        continue
                    raise ImportFailed(f"{path}:{line_at(err.pos)}: not JSON: {err.msg}") from None
                except ValueError as err:
                    raise fail(str(err)) from None
                except RecursionError:  # json's decoder recurses into nested arrays
                    raise fail("an element is nested too deeply to be a record") from None
            yield line_at(pos), value
            pos, first = end, False
        if next_char():
            raise fail("text after the end of the array")
