"""The one YAML emitter, for draft, add and the imports.

Block YAML that any tool reads back as the same text and numbers, whether it reads YAML 1.1
(PyYAML, libyaml) or 1.2 (yaml-rs, editors): a string is plain only when it is plainly text
(`NO`, `030`, `~`, `2016-12-13`, `a: b`, `30 tanks` are double-quoted), and whatever a terminal
or an editor would act on (controls, bidirectional overrides, zero-width characters), and the
line breaks NEL, LS and PS that YAML would fold, is written as an escape: read back, the text is
exactly as given, and no hostile character is ever written raw.

With `flow` (add and draft), a small mapping or list whose values are all scalars is written on
one line (`{equipment: tank, quantity: 30}`, `[rferl, aymenn]`), as a person would write it.
"""

from __future__ import annotations

import functools
import json
import math
import re

import yaml

# Plain scalars materiel writes: words of letters, digits and `._/()+-`, single spaces between
# them, starting with a letter: nothing YAML 1.1 or 1.2 could read as a number, an indicator, a
# comment, a flow collection or a key (the words YAML 1.1 reads as booleans are checked apart).
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9._/()+-]*(?: [A-Za-z0-9._/()+-]+)*")


def yaml_scalar(value: object) -> str:
    """One scalar: a number as digits, true or false, text plain when that is safe, else
    double-quoted with escapes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if not isinstance(value, str):
        raise TypeError(f"materiel writes only text, numbers and true or false, not {value!r}")
    return _text_scalar(value)


@functools.lru_cache(maxsize=1 << 16)
def _text_scalar(text: str) -> str:
    if _PLAIN.fullmatch(text) and yaml.resolver.Resolver().resolve(
            yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str":
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # JSON's escapes are YAML's too
    if quoted.isprintable():
        return quoted
    return "".join(c if c.isprintable() or c == " " else
                   f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in quoted)


def _is_scalar(value: object) -> bool:
    return not isinstance(value, (dict, list))


def _flat(value: object) -> bool:
    """Whether a mapping or list holds only scalars and lists of scalars (one line in flow style)."""
    values = value.values() if isinstance(value, dict) else value
    return all(_is_scalar(v) or (isinstance(v, list) and all(map(_is_scalar, v))) for v in values)


def _flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_text_scalar(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(map(_flow, value)) + "]"
    return yaml_scalar(value)


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def flow_row(values: list) -> str:
    """A series row on one line, `[2022-03-28, 136, ~, 42]`: its day plain (the format reads it
    as text), then whole numbers, `~` for no figure."""
    day, *cells = values
    if not (isinstance(day, str) and _DAY.fullmatch(day)):
        raise TypeError(f"a series row starts with a day YYYY-MM-DD, not {day!r}")
    for cell in cells:
        if cell is not None and (isinstance(cell, bool) or not isinstance(cell, int)):
            raise TypeError(f"a series row holds whole numbers or None, not {cell!r}")
    return "[" + ", ".join([day, *("~" if c is None else str(c) for c in cells)]) + "]"


def _emit_mapping(mapping: dict, indent: int, lines: list[str], dash: bool = False,
                  flow: bool = False) -> None:
    pad = " " * indent
    for i, (key, value) in enumerate(mapping.items()):
        lead = pad[:-2] + "- " if dash and i == 0 else pad
        name = _text_scalar(str(key))
        if isinstance(value, dict) and not (flow and _flat(value)):
            lines.append(f"{lead}{name}:")
            _emit_mapping(value, indent + 2, lines, flow=flow)
        elif isinstance(value, list) and not all(map(_is_scalar, value)):
            lines.append(f"{lead}{name}:")
            for item in value:
                if flow and isinstance(item, dict) and _flat(item):
                    lines.append(f"{pad}  - {_flow(item)}")
                elif isinstance(item, list):
                    lines.append(f"{pad}  - {flow_row(item)}")
                else:
                    _emit_mapping(item, indent + 4, lines, dash=True, flow=flow)
        else:
            lines.append(f"{lead}{name}: {_flow(value)}")


def dump_yaml(data: dict, flow: bool = False) -> str:
    """A dataset file's body: each top-level key with its list of records, one `- ` per record."""
    lines: list[str] = []
    for key, records in data.items():
        lines.append(f"{_text_scalar(str(key))}:" + ("" if records else " []"))
        for record in records:
            if flow and _flat(record):
                lines.append(f"  - {_flow(record)}")
            else:
                _emit_mapping(record, 4, lines, dash=True, flow=flow)
    return "\n".join(lines) + "\n"


def record_lines(record: dict, indent: int) -> list[str]:
    """One record as a block list item at `indent` (`- id: ...`), its small leaves in flow style."""
    lines: list[str] = []
    _emit_mapping(record, indent + 2, lines, dash=True, flow=True)
    return lines


def one_line(text: str) -> str:
    """A string as one line of YAML (to follow a `#`): quoted where needed, never a line break."""
    return _text_scalar(text)
