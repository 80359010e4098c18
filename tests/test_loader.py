"""Strict YAML: what PyYAML would silently do, refused or kept as written."""

import time

from materiel.reading.document import read_document
from materiel.reading.strict import ALIAS_BUDGET, MAX_DEPTH, locate


def read(text: str):
    return read_document(text.encode(), "f.yaml", fast=False)  # the composer itself


def lines(doc):
    return [p.format() for p in doc.problems]


def test_norway_and_dates_stay_as_written():
    doc = read("country: NO\nflag: yes\non: off\ndate: 2016-12-01\nn: 030\nempty:\ntilde: ~\nq: '~'\n")
    assert doc.problems == []
    assert doc.data == {"country": "NO", "flag": "yes", "on": "off", "date": "2016-12-01",
                        "n": "030", "empty": None, "tilde": None, "q": "~"}


def test_repeated_key_names_both_lines():
    doc = read("sources:\n  - id: a\n    name: x\n    id: b\n")
    assert lines(doc) == [
        "f.yaml:4:5: error [duplicate-key] sources[0].id: key `id` is repeated: first at line 2, again at "
        "line 4; keep one"
    ]
    assert doc.data == {"sources": [{"id": "a", "name": "x"}]}


def test_aliases_expand_within_budget():
    doc = read("a: &x {k: v}\nb: *x\n")
    assert doc.problems == []
    assert doc.data == {"a": {"k": "v"}, "b": {"k": "v"}}


def test_alias_bomb_fails_fast():
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        levels.append(f"a{i}: &a{i} [{refs}]")
    start = time.perf_counter()
    doc = read("\n".join(levels) + "\n")
    assert time.perf_counter() - start < 10  # a hang guard: a bomb expanded would take hours
    assert doc.data is None
    [problem] = doc.problems
    assert problem.code == "alias-budget"
    assert (problem.line, problem.column) == (6, 45)  # the 8th *a4 passes the budget
    assert f"beyond {ALIAS_BUDGET:,} nodes" in problem.message


def test_recursive_and_undefined_aliases():
    assert lines(read("a: &a [*a]\n")) == [
        "f.yaml:1:8: error [alias] (root): alias *a refers to the node that contains it"]
    assert lines(read("a: *nope\n")) == [
        "f.yaml:1:4: error [alias] (root): alias *nope refers to no anchor defined before it"]


def test_deep_block_nesting_is_refused_without_recursion():
    text = "".join(f"{' ' * i}k{i}:\n" for i in range(10_000)) + " " * 10_000 + "x\n"
    doc = read(text)
    [problem] = doc.problems
    assert problem.code == "too-deep"
    assert (problem.line, problem.column) == (MAX_DEPTH + 1, MAX_DEPTH + 1)


def test_deep_flow_nesting_is_a_positioned_error():
    doc = read("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert lines(doc) == [
        f"f.yaml:1:{3 + MAX_DEPTH}: error [too-deep] (root): nesting deeper than "
        f"{MAX_DEPTH} levels is not a dataset"]


def test_tags_merge_keys_and_second_documents_are_refused():
    assert lines(read("a: !!python/object:os.system x\n")) == [
        "f.yaml:1:4: error [tag] (root): YAML tag tag:yaml.org,2002:python/object:os.system is not "
        "supported here; remove it"]
    assert lines(read("d: &d {a: 1}\ne:\n  <<: *d\n")) == [
        "f.yaml:3:3: error [merge-key] (root): merge keys (`<<`) are not supported; write the fields out"]
    assert lines(read("a: 1\n---\nb: 2\n")) == [
        "f.yaml:2:1: error [multiple-documents] (root): a dataset file holds one YAML document; "
        "split the rest into another file"]


def test_explicit_str_tag_keeps_null_as_text():
    assert read("a: !!str null\n").data == {"a": "null"}


def test_complex_keys_are_refused():
    assert lines(read("? [a, b]\n: 1\n")) == [
        "f.yaml:1:3: error [key] (root): a mapping key must be a plain string"]


def test_locate_key_value_and_nearest_ancestor():
    doc = read("claims:\n  - id: c\n    items:\n      - {equipment: tank, quantity: 3}\n")
    assert locate(doc.root, ("claims", 0, "items", 0, "quantity")) == (4, 37)
    assert locate(doc.root, ("claims", 0, "items", 0, "quantity"), at="key") == (4, 27)
    # a segment that is not there (a missing field, a union branch) stops at the deepest match
    assert locate(doc.root, ("claims", 0, "published")) == (2, 5)
    assert locate(doc.root, ("claims", 0, "items", 0, "quantity", "function-plain")) == (4, 37)


def test_columns_count_characters_not_bytes():
    doc = read("a: 'ééé'\nb: [x\n")
    assert lines(doc) == [
        "f.yaml:3:1: error [syntax] (root): while parsing a flow sequence that began at line 2, "
        "column 4, did not find expected ',' or ']'"]
    doc = read_document("k: 'ééé'\nk: 2\n".encode(), "f.yaml", fast=False)
    assert doc.problems[0].column == 1
    doc = read_document("x: {k: 'ééé', k: 2}\n".encode(), "f.yaml", fast=False)
    assert lines(doc) == [
        "f.yaml:1:15: error [duplicate-key] x.k: key `k` is repeated: first at line 1, column 5, "
        "again at column 15; keep one"]


def test_bom_and_crlf_keep_positions():
    doc = read_document(b"\xef\xbb\xbfa: 1\r\nb: 2\r\na: 3\r\n", "f.yaml", fast=False)
    assert lines(doc) == [
        "f.yaml:3:1: error [duplicate-key] a: key `a` is repeated: first at line 1, again at "
        "line 3; keep one"]


def test_not_utf8_and_control_characters():
    assert lines(read_document(b"a: ok\nb: caf\xe9\n", "f.yaml")) == [
        "f.yaml:2:7: error [encoding] (root): the file is not UTF-8 (byte 0xe9 at offset 12); "
        "save it as UTF-8"]
    assert lines(read_document(b"a: ok\nb: x\x00y\n", "f.yaml")) == [
        "f.yaml:2:5: error [control-character] (root): control character NUL is not allowed in YAML; "
        "write it as an escape in a double-quoted string if it is really meant"]
    assert read('a: "\\e[31mred"\n').data == {"a": "\x1b[31mred"}
