"""Adding one record to a dataset file: every existing byte kept, the result validated first,
the write atomic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..dataset import build_dataset, expand_paths
from ..dataset.paths import default_paths, packaged_dataset
from ..errors import CannotAdd, ProblemsFound, UsageError
from ..output.files import Written, check_target, locked, write_atomic
from ..reading.document import Document, file_bytes, read_document, read_file
from ..reading.strict import Mapping, Scalar, Sequence
from .yaml import record_lines

KINDS = {"source": "sources", "event": "events", "claim": "claims", "evidence": "evidence"}

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
    return "".join(line + newline for line in record_lines(record, indent))


def with_record(data: bytes, key: str, record: dict, filename: str) -> bytes:
    """The file's bytes with the record inserted, every other byte as it was.

    The result is read again: a file whose layout the insertion cannot follow (a flow mapping at
    the top, a list that does not end where its lines seem to) is refused, never broken.
    """
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    doc = read_document(data, filename)
    # The node tree says where lists end; in a file only YAML 1.2 reads, the text's outline does.
    root = doc.outline()
    problems = [p for p in doc.problems if p.code != "empty"]  # an empty file is a fine start
    if problems:
        raise ProblemsFound(problems, files=1)
    text = data[len(bom):].decode("utf-8")
    if (doc.data is not None and not isinstance(doc.data, dict)) or (
            root is not None and not isinstance(root, Mapping)):
        raise CannotAdd("the file does not hold a mapping of record lists")
    if root is None and doc.data is not None:
        raise CannotAdd("its top-level keys cannot be found at the start of their lines; write each "
                        "`key:` at the start of a line to add to it")
    newline = "\r\n" if "\r\n" in text else "\n"
    at = find_insertion(text, root, key, newline)
    block = at.prefix + render_record(record, at.indent, newline)
    new = bom + (text[:at.offset] + block + text[at.offset:]).encode("utf-8")
    _check_added(doc, read_document(new, filename), key)
    return new


def _check_added(old: Document, new: Document, key: str) -> None:
    """Refuse an insertion after which the file does not read as before plus one record of `key`."""
    before = old.data if isinstance(old.data, dict) else {}
    after = new.data if isinstance(new.data, dict) else None
    records = before.get(key) or []
    same_reading = old.fast == new.fast
    if (new.problems or after is None or set(after) != {*before, key} or not isinstance(after[key], list)
            or len(after[key]) != len(records) + 1 or not isinstance(after[key][-1], dict)
            or (same_reading and (after[key][:-1] != records
                                  or any(after[k] != v for k, v in before.items() if k != key)))):
        raise CannotAdd(f"the new record would not read as one more of `{key}` in this file's layout "
                        "(a flow mapping `{...}` at the top, or a list whose end cannot be found); "
                        "write its lists in block style, one `- ` per record, to add to it")


def add_record(target: Path, kind: str, record: dict, dataset_paths: list[Path]) -> Written:
    """Append a record of `kind` to `target`, after validating the whole dataset with it.

    The read, the check and the write hold the write lock of the target's folder, so that
    records added by runs at once all land (each run reads the file as the last one left it).
    Raises ProblemsFound (nothing written) if the dataset with the new record has any problem.
    """
    key = KINDS[kind]
    target = Path(target)
    check_target(target)  # a device, a FIFO, a read-only file: refused before the lock is taken
    with locked(target) as real:
        data, problems = file_bytes(real, str(target)) if real.exists() else (b"", [])
        if data is None:  # unreadable, or over the size limit: nothing is written
            raise ProblemsFound(problems, files=1)
        try:
            new = with_record(data, key, record, str(target))
        except CannotAdd as err:
            raise CannotAdd(f"cannot add to {target}: {err}; nothing was written") from None
        # The target is read from `new` below; a target not yet written is not a missing file.
        files, problems = expand_paths(p for p in dataset_paths if Path(p).resolve() != real)
        documents = [read_file(f) for f in files if f.resolve() != real]
        documents.append(read_document(new, str(target)))
        try:
            build_dataset(documents, problems)
        except ProblemsFound as found:
            raise ProblemsFound(found.problems, files=found.files,
                                preface=f"nothing was written to {target}: with the new {kind} the "
                                        "dataset would have these problems") from None
        return write_atomic(target, new)


def item_of(value: str, what: str, count: bool = False) -> dict:
    """One item from the command line's `EQUIPMENT=QUANTITY[=AS WRITTEN]` (`tank=30=30 tanks`);
    with `count`, an observation (its number under `count`)."""
    equipment, sep, rest = value.partition("=")
    quantity, _, as_written = rest.partition("=")
    if not sep or not equipment.strip() or not quantity.strip():
        raise UsageError(f"`{value}`: write {what} as EQUIPMENT=QUANTITY or "
                         "EQUIPMENT=QUANTITY=AS WRITTEN (e.g. `tank=30=30 tanks`)")
    quantity = quantity.strip()
    out = {"equipment": equipment.strip(),
           "count" if count else "quantity": int(quantity) if quantity.isdigit() else quantity}
    if as_written.strip():
        out["as_written"] = as_written.strip()
    return out


def items_file(path: Path, key: str, option: str) -> list[dict]:
    """Items from a file such as `materiel draft` writes (a list, or a mapping with `key` or `items`)."""
    doc = read_file(path)
    if doc.problems:
        raise ProblemsFound(doc.problems, files=1)
    data = doc.data.get(key, doc.data.get("items")) if isinstance(doc.data, dict) else doc.data
    if not isinstance(data, list):
        raise UsageError(f"{path} holds no list of {key}", option)
    return data


def as_observations(items: list[dict]) -> list[dict]:
    """Items written for a claim (`quantity`) as observations (`count`), the count first."""
    return [{"equipment": o.get("equipment"), "count": o.get("count", o.get("quantity")),
             **{k: v for k, v in o.items() if k not in ("equipment", "count", "quantity")}}
            for o in items]


def target_file(file: Path | None, paths: list[Path]) -> Path:
    """The file to add to: `file`, else the one file of the dataset that is not the bundled one."""
    if file is not None:
        return file
    files, _ = expand_paths(paths)
    own = [f for f in files if f.resolve() != packaged_dataset().resolve()]
    if len(own) != 1:
        raise UsageError("name the file to add the record to", "--file")
    return own[0]


def add(kind: str, record: dict, file: Path | None = None, data: list[Path] | None = None) -> Written:
    """Add a record of `kind` (empty fields dropped) to the dataset's file; returns what was
    written (`.path`, and the leftovers of interrupted runs it removed).

    Raises ProblemsFound (nothing written) if the dataset with the record would have problems,
    CannotAdd if the file cannot take it without being rewritten.
    """
    record = {k: v for k, v in record.items() if v not in (None, [], "", False)}
    paths = list(data) if data else default_paths()
    target = target_file(file, paths)
    return add_record(target, kind, record, paths)
