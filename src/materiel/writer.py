"""Adding one record to a dataset file: every existing byte kept, the result validated first,
the write atomic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .dataset import build_dataset, expand_paths
from .export import to_yaml, write_atomic
from .loader import Mapping, Scalar, Sequence, file_bytes, read_document, read_file
from .problems import Problem, ProblemsFound

KINDS = {"source": "sources", "event": "events", "claim": "claims", "evidence": "evidence"}


class CannotAdd(ValueError):
    """The file is not in a shape a record can be appended to without rewriting it."""


@dataclass(frozen=True)
class Insertion:
    """Where a record goes: at a character offset of the text, with its indentation."""

    offset: int
    indent: int
    prefix: str = ""  # text written before the record: a new `key:` line, a missing newline


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, char in enumerate(text):
        if char == "\n":
            starts.append(i + 1)
    return starts


def find_insertion(text: str, root: Mapping | None, key: str, newline: str) -> Insertion:
    """Where the next record of `key` goes: after the last of its list, before what follows."""
    if root is None:  # a new or empty file
        lead = "" if not text or text.endswith("\n") else newline
        return Insertion(len(text), 2, f"{lead}{key}:{newline}")
    if key not in root.pairs:
        lead = "" if text.endswith("\n") else newline
        gap = newline if text.strip() else ""
        return Insertion(len(text), 2, f"{lead}{gap}{key}:{newline}")
    key_node, value = root.pairs[key]
    starts = _line_starts(text)
    if isinstance(value, Scalar) and value.value is None:  # `claims:` with nothing under it yet
        line_end = starts[key_node.line] if key_node.line < len(starts) else len(text)
        lead = "" if text[:line_end].endswith("\n") else newline
        return Insertion(line_end, 2, lead)
    if not isinstance(value, Sequence):
        raise CannotAdd(f"`{key}` does not hold a list of records")
    first = starts[value.line - 1] + value.column - 1
    if text[first] == "[":
        raise CannotAdd(f"`{key}` is written as a flow list `[...]` (line {value.line}); write it as "
                        "a block list, one `- ` per record, to add to it")
    indent = value.column - 1
    later = [k.line for k, _ in root.pairs.values() if k.line > key_node.line]
    stop = min(later) - 1 if later else len(starts)  # lines before the next top-level key
    lines = text.splitlines(keepends=True)
    end = min(stop, len(lines))
    # Blank lines and comments at the list's own indentation or less belong to what follows.
    while end > value.line:
        stripped = lines[end - 1].strip()
        depth = len(lines[end - 1]) - len(lines[end - 1].lstrip(" "))
        if stripped and not (stripped.startswith("#") and depth <= indent):
            break
        end -= 1
    offset = starts[end] if end < len(starts) else len(text)
    lead = "" if offset == 0 or text[offset - 1] == "\n" else newline
    return Insertion(offset, indent, lead)


def render_record(record: dict, indent: int, newline: str) -> str:
    """One record as a block list item (its fields one per line, small lists and mappings in
    flow style), indented, with the file's line endings."""
    lines: list[str] = []
    for field, value in record.items():
        lines.extend(to_yaml({field: value}, flow_leaves=isinstance(value, (dict, list))).splitlines())
    marked = ["- " + lines[0], *("  " + line for line in lines[1:])]
    return "".join(" " * indent + line + newline for line in marked)


def with_record(data: bytes, key: str, record: dict, filename: str) -> bytes:
    """The file's bytes with the record inserted, every other byte as it was."""
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    doc = read_document(data, filename, fast=False)  # the node tree says where lists end
    problems = [p for p in doc.problems if p.code != "empty"]  # an empty file is a fine start
    if problems:
        raise ProblemsFound(problems, files=1)
    text = data[len(bom):].decode("utf-8")
    if doc.root is not None and not isinstance(doc.root, Mapping):
        raise CannotAdd("the file does not hold a mapping of record lists")
    newline = "\r\n" if "\r\n" in text else "\n"
    at = find_insertion(text, doc.root, key, newline)
    block = at.prefix + render_record(record, at.indent, newline)
    return bom + (text[:at.offset] + block + text[at.offset:]).encode("utf-8")


def add_record(target: Path, kind: str, record: dict, dataset_paths: list[Path]) -> bytes:
    """Append a record of `kind` to `target`, after validating the whole dataset with it.

    Raises ProblemsFound (nothing written) if the dataset with the new record has any problem.
    """
    key = KINDS[kind]
    target = Path(target)
    data, problems = file_bytes(target, str(target)) if target.exists() else (b"", [])
    if data is None:  # unreadable, or over the size limit: nothing is written
        raise ProblemsFound(problems, files=1)
    new = with_record(data, key, record, str(target))
    # The target is read from `new` below; a target not yet written is not a missing file.
    files, problems = expand_paths(p for p in dataset_paths if Path(p).resolve() != target.resolve())
    documents = [read_file(f) for f in files if f.resolve() != target.resolve()]
    documents.append(read_document(new, str(target)))
    try:
        build_dataset(documents, problems)
    except ProblemsFound as found:
        raise ProblemsFound(found.problems, files=found.files) from None
    write_atomic(target, new)
    return new


__all__ = ["KINDS", "CannotAdd", "Problem", "add_record", "find_insertion", "render_record", "with_record"]
