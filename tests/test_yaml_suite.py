"""The public YAML test suite (tests/data/yaml-test-suite, pinned): every valid YAML 1.2 input
is read, outside materiel's documented refusals, as the suite's own events read it; every
invalid one is a positioned `syntax` problem; both reading paths agree; `add` works on what
is read.

Each test's events (test.event) say what the document holds. The positioned path keeps every
scalar as text (the models decide what it means); the fast path reads plain scalars as YAML
1.2's core schema does (`42` is 42). Both are checked against the events, each under its own
contract: that is how the two paths agree on `42` and `"42"` without either giving up its typing.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from materiel.dataset import build_dataset
from materiel.errors import CannotAdd, ProblemsFound
from materiel.reading.document import read_document
from materiel.writing.add import with_record

SUITE = Path(__file__).parent / "data" / "yaml-test-suite"
TESTS = sorted(str(p.parent.relative_to(SUITE)) for p in SUITE.rglob("in.yaml"))
INVALID = [t for t in TESTS if (SUITE / t / "error").exists()]
VALID = [t for t in TESTS if t not in INVALID]
# A valid test's out.yaml and emit.yaml are the same document spelled otherwise.
SPELLINGS = [(t, name) for t in VALID for name in ("in.yaml", "out.yaml", "emit.yaml")
             if (SUITE / t / name).exists()]
ALL = [*SPELLINGS, *((t, "in.yaml") for t in INVALID)]


def case_id(case) -> str:
    return f"{case[0].replace('/', '-')}-{case[1].split('.')[0]}"


def test_the_pinned_suite_is_whole():
    assert (len(TESTS), len(INVALID), len(SPELLINGS)) == (402, 94, 603)


# The events -----------------------------------------------------------------------------
_ESCAPES = {"\\\\": "\\", "\\n": "\n", "\\t": "\t", "\\r": "\r", "\\b": "\b"}
_NULLS = {"", "~", "null", "Null", "NULL"}
_ALLOWED_SCALAR_TAGS = {"!", "tag:yaml.org,2002:str"}
_ALLOWED_COLLECTION_TAGS = {"!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_EVENT = re.compile(r"^([+=-]\w+)(?: (\{\}|\[\]))?(?: &(\S+))?(?: <([^>]*)>)?(?: (.*))?$", re.DOTALL)


def core_schema(value: str) -> object:
    """A plain scalar as YAML 1.2's core schema reads it."""
    if value in _NULLS:
        return None
    if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return value[0] in "tT"
    if re.fullmatch(r"[-+]?[0-9]+", value):
        return int(value)
    if re.fullmatch(r"0o[0-7]+", value):
        return int(value[2:], 8)
    if re.fullmatch(r"0x[0-9a-fA-F]+", value):
        return int(value[2:], 16)
    if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", value):
        return float(value)
    if re.fullmatch(r"[-+]?\.(inf|Inf|INF)", value):
        return -math.inf if value[0] == "-" else math.inf
    if value in (".nan", ".NaN", ".NAN"):
        return math.nan
    return value


def read_events(test: str) -> tuple[set[str], object, object]:
    """(what materiel refuses in the document, its data as written, its data as YAML 1.2 types
    it); the data only where nothing is refused and the root is one mapping."""
    refusals: set[str] = set()
    documents = 0
    anchors: dict[str, tuple] = {}
    stack: list[list] = []  # [kind, written, typed, pending key (written) or None, has key, id]
    roots: list[tuple] = []
    for line in (SUITE / test / "test.event").read_text(encoding="utf-8").splitlines():
        m = _EVENT.match(line)
        assert m, line
        kind, _flow, anchor, tag, rest = m.groups()
        if kind == "+DOC":
            documents += 1
            continue
        if kind in ("+STR", "-STR", "-DOC"):
            continue
        if kind in ("+MAP", "+SEQ"):
            if tag is not None and tag not in _ALLOWED_COLLECTION_TAGS:
                refusals.add("tag")
            frame = ["map" if kind == "+MAP" else "seq", {} if kind == "+MAP" else [],
                     {} if kind == "+MAP" else [], None, False, object()]
            if len(stack) >= 64:
                refusals.add("too-deep")
            stack.append(frame)
            if anchor:
                anchors[anchor] = (frame[1], frame[2], frame[5])
            continue
        if kind in ("-MAP", "-SEQ"):
            frame = stack.pop()
            node = (frame[1], frame[2], "collection")
        elif kind == "=ALI":
            name = rest[1:]
            found = anchors[name]
            if any(f[5] is found[2] for f in stack):
                refusals.add("alias")
            node = (found[0], found[1], "alias")
        else:  # =VAL
            style, text = rest[0], rest[1:]
            text = re.sub(r"\\[\\ntrb]", lambda e: _ESCAPES[e.group()], text)
            if tag is not None and tag not in _ALLOWED_SCALAR_TAGS:
                refusals.add("tag")
            plain = style == ":"
            written = None if plain and tag is None and text in _NULLS else text
            typed = core_schema(text) if plain and tag is None else text
            node = (written, typed, "plain" if plain else "quoted")
            if anchor:
                anchors[anchor] = (written, typed, None)
        if not stack:
            roots.append(node)
            continue
        frame = stack[-1]
        if frame[0] == "seq":
            frame[1].append(node[0])
            frame[2].append(node[1])
        elif not frame[4]:
            frame[3], frame[4] = node, True
            if not isinstance(node[0], str) or node[2] == "collection":
                refusals.add("key")
            elif node[0] == "<<" and node[2] == "plain":
                refusals.add("merge-key")
            elif node[0] in frame[1]:
                refusals.add("duplicate-key")
        else:
            key = frame[3]
            frame[4] = False
            if isinstance(key[0], str):
                frame[1][key[0]] = node[0]
                if isinstance(key[1], str):  # a key YAML 1.2 types is `key` to the fast path
                    frame[2][key[1]] = node[1]
                else:
                    refusals.add("typed-key")
    if documents == 0:
        refusals.add("empty")
    if documents > 1:
        refusals.add("multiple-documents")
    if not refusals and documents == 1 and roots[0][0] is None:
        refusals.add("empty")  # a document of nothing: said so, or said not to be a mapping
    if not refusals and documents == 1 and not isinstance(roots[0][0], dict):
        refusals.add("not-a-mapping")
    if refusals:
        return refusals, None, None
    return refusals, roots[0][0], roots[0][1]


def comparable(value: object) -> object:
    """NaN equal to itself, and True apart from 1."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def outcome(raw: bytes, fast: bool):
    """What a file comes to as a dataset: ("data", the records) or ("problems", each formatted)."""
    try:
        dataset = build_dataset([read_document(raw, "d.yaml", fast=fast)])
    except ProblemsFound as found:
        return "problems", [p.format() for p in found.problems]
    return "data", {kind: [r.model_dump() for r in (v.values() if isinstance(v, dict) else v)]
                    for kind in ("sources", "events", "equipment", "claims", "evidence")
                    for v in [getattr(dataset, kind)]}


# Valid inputs ---------------------------------------------------------------------------
# What a valid document may be refused for, beyond what its events show (see docs/format.md).
_CODES = {"tag", "key", "merge-key", "duplicate-key", "alias", "too-deep", "empty", "multiple-documents"}


# Where materiel reads a valid document otherwise than the suite, and why that is accepted
# (docs/format.md, "YAML 1.2, as the test suite reads it").
KNOWN = {
    ("L24T/01", "in.yaml"): "libyaml drops the last line of spaces of a literal block scalar (`x\\n \\n` "
                            "read as `x\\n `); materiel reads block scalars with libyaml for their positions",
}


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.xfail(reason=KNOWN[c], strict=True))
                                  if c in KNOWN else c for c in SPELLINGS], ids=case_id)
def test_a_valid_document_is_read_as_the_suite_reads_it(case):
    test, name = case
    raw = (SUITE / test / name).read_bytes()
    refusals, written, typed = read_events(test)
    for fast in (True, False):
        doc = read_document(raw, name, fast=fast)
        codes = {p.code for p in doc.problems}
        assert "syntax" not in codes, [p.format() for p in doc.problems]
        # A refusal is one the document's events call for: a key YAML 1.2 types (`1: x`) is
        # text to libyaml's path and `key` where only YAML 1.2 reads the file.
        allowed = refusals | ({"key"} if "typed-key" in refusals else set())
        assert codes <= allowed & _CODES, ([p.format() for p in doc.problems], refusals)
        if refusals:
            continue
        assert not codes, [p.format() for p in doc.problems]
        # Read by libyaml (a tree): every scalar as written; by YAML 1.2 alone: as it types them.
        expected = written if doc.tree is not None and not doc.fast else typed
        assert comparable(doc.data) == comparable(expected), (fast, doc.fast)


@pytest.mark.parametrize("case", ALL, ids=case_id)
def test_both_paths_come_to_the_same(case):
    raw = (SUITE / case[0] / case[1]).read_bytes()
    assert outcome(raw, fast=True) == outcome(raw, fast=False)


# Invalid inputs -------------------------------------------------------------------------
@pytest.mark.parametrize("test", INVALID, ids=lambda t: t.replace("/", "-"))
def test_an_invalid_document_is_a_positioned_syntax_problem(test):
    raw = (SUITE / test / "in.yaml").read_bytes()
    lines = raw.count(b"\n") + 1
    for fast in (True, False):
        problems = read_document(raw, "in.yaml", fast=fast).problems
        assert [p.code for p in problems] == ["syntax"], [p.format() for p in problems]
        [p] = problems
        assert 1 <= p.line <= lines + 1 and p.column >= 1, p.format()
        assert "\x1b" not in p.message and "\n" not in p.message


# Adding to what is read -----------------------------------------------------------------
RECORD = {"id": "s-added", "name": "Added", "kind": "other"}
READABLE = [c for c in SPELLINGS if not read_events(c[0])[0]]


@pytest.mark.parametrize("case", READABLE, ids=case_id)
def test_add_to_any_readable_mapping_keeps_its_data_or_says_why_not(case):
    """`sources` is appended to (or added to) every readable mapping: the result reads as the
    old data plus the record, or the file is refused as one add cannot extend (CannotAdd),
    never turned into a broken file."""
    test, name = case
    raw = (SUITE / test / name).read_bytes()
    old = read_document(raw, name, fast=False)
    try:
        new = with_record(raw, "sources", RECORD, name)
    except CannotAdd:
        return
    doc = read_document(new, name, fast=False)
    assert not doc.problems, [p.format() for p in doc.problems]
    before = old.data.get("sources")
    if before is not None and not isinstance(before, list):
        pytest.fail("a `sources` that is not a list was added to")
    assert comparable(doc.data) == comparable({**old.data, "sources": [*(before or []), RECORD]})


# Datasets written in the styles of suite tests that libyaml cannot parse: validate accepts them,
# add appends to them, and validate still accepts them after.
STYLES = {
    "4MUZ": '  - {"id"\n    : geo, name: G, kind: other}\n',
    "5MUD": '  - { "id"\n    :geo, name: G, kind: other }\n',
    "K3WX": '  - { "id" # comment\n    :geo, name: G, kind: other }\n',
    "4ABK": "  - {id: geo, name: G, kind: other, note:,}\n",
    "58MP": "  - {id: geo, name: :x, kind: other}\n",
    "8XYN": "  - &\U0001f601 {id: geo, name: G, kind: other}\n",
}
FIRST = "sources:\n  - id: amaq\n    name: Amaq\n    kind: belligerent-media\n"


@pytest.mark.parametrize("style", sorted(STYLES))
def test_validate_and_add_on_a_dataset_in_a_style_libyaml_cannot_parse(run, tmp_path, style):
    target = tmp_path / "d.yaml"
    text = FIRST + STYLES[style]
    target.write_text(text, encoding="utf-8")
    assert read_document(target.read_bytes(), "d.yaml").tree is None, "libyaml reads it: not a test"
    result = run("validate", "--data", target)
    assert result.exit_code == 0, result.stdout + result.stderr
    result = run("add", "source", "--file", target, "--data", target, "--id", "added", "--name", "Added",
                 "--kind", "other")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert target.read_text(encoding="utf-8") == text + "  - id: added\n    name: Added\n    kind: other\n"
    result = run("validate", "--data", target)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_a_problem_in_a_file_libyaml_cannot_parse_is_placed_at_its_record(run, tmp_path):
    target = tmp_path / "d.yaml"
    target.write_text(FIRST + STYLES["4MUZ"] + "  - {id: bad, name: B, kind: nonsense}\n", encoding="utf-8")
    result = run("validate", "--data", target)
    assert result.exit_code == 1
    assert "d.yaml:7:" in result.stderr + result.stdout, result.stderr + result.stdout
