"""Properties: the quantity grammar, bound arithmetic, export round trips, generated datasets,
positioned mutations, and the fast and positioned YAML paths giving the same answer.

The datasets are drawn by tests/generated.py, which knows the line and column of everything it
writes, so a problem can be required at its exact place rather than merely somewhere.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.console import Console

from materiel.dataset import build_dataset
from materiel.errors import ProblemsFound
from materiel.format.quantities import (
    MAX_QUANTITY,
    PATTERN,
    Bounds,
    Quantity,
    largest,
    parse_quantity,
    sum_bounds,
)
from materiel.output.formats import neutralise, to_csv, to_json, to_markdown
from materiel.output.tables import Column, Table
from materiel.output.terminal import render_table
from materiel.reading.document import read_document

from .generated import (
    EDITS,
    HOSTILE,
    NOUNS,
    REQUIRED,
    Record,
    edit,
    random_records,
    random_text,
    write,
    written_datasets,
)
from .helpers import read_csv

README = Path(__file__).resolve().parent.parent / "docs" / "format.md"
# The problem codes the README promises; a problem with any other code is a bug.
DOCUMENTED = set(re.findall(r"`([a-z-]+)`", README.read_text(encoding="utf-8").split("Error codes:")[1]
                            .split("\n\n")[0]))
FAST = settings(max_examples=200, deadline=None)
SLOW = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.data_too_large])


# the quantity grammar ------------------------------------------------------------------------
def quantities() -> st.SearchStrategy[Quantity]:
    n = st.integers(0, MAX_QUANTITY)
    return st.one_of(
        n.map(Quantity.exact),
        n.map(lambda x: Quantity(x, x, approximate=True)),
        n.map(lambda x: Quantity(x, None)),
        st.tuples(n, n).map(sorted).map(lambda p: Quantity(p[0], p[1])),
        st.just(Quantity(1, None, unspecified=True)),
    )


@FAST
@given(quantities())
def test_quantity_written_form_reads_back_to_the_same_value(q):
    written = str(q)
    assert parse_quantity(written) == q
    assert re.fullmatch(PATTERN, written), "the JSON Schema's pattern accepts what the grammar writes"


spaces = st.text(" \t", min_size=1, max_size=3)


@FAST
@given(quantities(), spaces, spaces, st.booleans())
def test_quantity_spelling_variants_read_the_same(q, inner, outer, upper):
    """Case and runs of blanks do not change a quantity; an exact number may be an integer."""
    word = str.upper if upper else str.title
    if q.unspecified:
        variants = [word("unspecified")]
    elif q.approximate:
        variants = [f"{word('about')}{inner}{q.low}"]
    elif q.high is None:
        variants = [f"{word('at')}{inner}{word('least')}{inner}{q.low}"]
    elif q.low == q.high:
        variants = [q.low, str(q.low)]
    else:
        variants = [f"{q.low}{inner}-{inner}{q.high}", f"{q.low}-{q.high}"]
    for variant in variants:
        text = f"{outer}{variant}{outer}" if isinstance(variant, str) else variant
        assert parse_quantity(text) == q, text


@FAST
@given(st.one_of(st.text(max_size=30), st.from_regex(r"\s*(about|at least)?\s*-?[0-9_xob.eE+]{0,12}\s*"
                                                     r"(-\s*[0-9]{0,8})?\s*", fullmatch=True),
                 st.integers(-(10**30), 10**30)))
def test_quantity_parsing_either_reads_or_says_why(written):
    """Anything at all: a Quantity whose written form reads back the same, or a ValueError."""
    try:
        q = parse_quantity(written)
    except ValueError as err:
        assert str(err)
        return
    assert parse_quantity(str(q)) == q
    assert 0 <= q.low <= MAX_QUANTITY and (q.high is None or q.low <= q.high <= MAX_QUANTITY)


def test_a_huge_quantity_is_called_a_typo():
    with pytest.raises(ValueError, match="larger than 10,000,000; is it a typo"):
        parse_quantity("1" * 5000)


# bound arithmetic ----------------------------------------------------------------------------
@FAST
@given(st.lists(quantities(), max_size=8))
def test_sums_add_lows_and_highs_and_never_cross(qs):
    total = sum_bounds(qs)
    assert total.low == sum(q.low for q in qs)
    if all(q.high is not None for q in qs):
        assert total.high == sum(q.high for q in qs)
        assert total.low <= total.high
    else:
        assert total.high is None
    assert total.approximate == any(q.approximate for q in qs)


@FAST
@given(st.lists(quantities(), max_size=8))
def test_adding_unspecified_makes_a_total_unbounded_and_says_so(qs):
    total = sum_bounds([*qs, Quantity(1, None, unspecified=True)])
    assert total.high is None and total.unspecified
    shown = total.display()
    assert shown == "unspecified" or shown.endswith("+"), "an open end is never hidden"
    if any(not q.unspecified for q in qs):
        assert shown.endswith("+") and not total.only_unspecified
    else:
        assert shown == "unspecified", "no made-up number for a total of unspecified parts"


@FAST
@given(st.lists(quantities(), max_size=6), st.lists(quantities(), max_size=6), st.randoms())
def test_sums_do_not_depend_on_order_or_grouping(a, b, rnd):
    whole = sum_bounds(a + b)
    assert sum_bounds([sum_bounds(a), sum_bounds(b)]) == whole
    shuffled = a + b
    rnd.shuffle(shuffled)
    assert sum_bounds(shuffled) == whole
    assert sum_bounds([]) + whole == whole == whole + Bounds()


@FAST
@given(st.lists(st.lists(quantities(), min_size=1, max_size=4).map(sum_bounds), max_size=6))
def test_largest_is_one_of_the_totals_and_none_is_larger(totals):
    top = largest(totals)
    if not totals:
        assert top is None
        return
    assert top in totals
    assert all(t.order() <= top.order() for t in totals)


@FAST
@given(quantities())
def test_one_quantity_shows_as_its_bounds_do(q):
    assert Bounds.of(q).display() == q.display()


# exports ---------------------------------------------------------------------------------
def cell_texts() -> st.SearchStrategy[str]:
    """Text as propaganda writes it: quotes, commas, newlines, markup, controls, formulas."""
    return st.one_of(
        st.randoms(use_true_random=True).map(random_text),
        st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=5).map("".join),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=20),
    )


VALUES = {
    "text": st.none() | cell_texts(),
    "grade": st.none() | cell_texts(),
    "verdict": st.none() | cell_texts(),
    "int": st.none() | st.integers(-(10**15), 10**15),
    "float": st.none() | st.floats(allow_nan=False, allow_infinity=False),
    "bool": st.none() | st.booleans(),
}


@st.composite
def tables(draw) -> Table:
    names = draw(st.lists(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), min_size=1, max_size=6,
                          unique=True))
    # Headers are the code's own words, never data; everything else may be hostile.
    columns = [Column(name, name.title(), draw(st.sampled_from(list(VALUES))), draw(st.booleans()))
               for name in names]
    rows = draw(st.lists(st.fixed_dictionaries({c.name: VALUES[c.kind] for c in columns}), max_size=5))
    notes = draw(st.lists(cell_texts(), max_size=2))
    return Table(draw(cell_texts()), columns, rows, notes)


TABLES = settings(max_examples=120, deadline=None)


@TABLES
@given(tables())
def test_csv_and_json_parse_back_to_the_same_rows(table):
    """CSV: the same rows, text neutralised, never a formula, a newline never a new row; JSON: exact."""
    text = to_csv(table)
    expected = []
    for row in table.rows:
        out = {}
        for column in table.columns:
            value = row[column.name]
            if column.kind in ("int", "float", "bool"):
                out[column.name] = value
            else:
                out[column.name] = "" if value is None else neutralise(value)
        expected.append(out)
    assert read_csv(table.columns, text) == expected
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert len(records) == len(table.rows) + 1, "a newline in a cell never starts a new row"
    assert records[0] == [c.name for c in table.columns]
    for record in records[1:]:
        for column, cell in zip(table.columns, record, strict=True):
            if column.kind not in ("int", "float"):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert json.loads(to_json(table)) == [{c.name: row[c.name] for c in table.columns} for row in table.rows]


def is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn") and char != "\n"


@TABLES
@given(tables(), st.integers(20, 200))
def test_markdown_and_the_terminal_show_text_inert(table, width):
    """Markdown: one line per row, every cell in its column, no control character; the terminal
    table: no control character whatever the width (markup, ANSI and bidi shown as text)."""
    text = to_markdown(table, "caption")
    lines = text.split("\n")
    shown = [c for c in table.columns if c.terminal]
    rows = lines[4:4 + len(table.rows)]
    assert len(rows) == len(table.rows)
    for line in rows:
        assert not shown or line.replace("\\|", "").count("|") == len(shown) + 1, line
    assert not any(is_control(c) for c in text)
    buffer = io.StringIO()
    render_table(table, Console(file=buffer, width=width, color_system=None, force_terminal=False,
                                highlight=False))
    out = buffer.getvalue()
    assert not any(is_control(c) for c in out), [c for c in out if is_control(c)]


# generated datasets ----------------------------------------------------------------------
def outcome(data: bytes, fast: bool, name: str = "d.yaml"):
    """What a file comes to: ("data", every record dumped) or ("problems", the problem list)."""
    try:
        dataset = build_dataset([read_document(data, name, fast=fast)])
    except ProblemsFound as found:
        return "problems", found.problems
    return "data", {kind: [r.model_dump() for r in (v.values() if isinstance(v, dict) else v)]
                    for kind in ("sources", "events", "equipment", "claims", "evidence")
                    for v in [getattr(dataset, kind)]}


@SLOW
@given(st.data())
def test_generated_valid_datasets_validate_on_both_paths(data):
    records, written = data.draw(written_datasets(hostile=True))
    raw = written.data(crlf=data.draw(st.booleans()), bom=data.draw(st.booleans()))
    fast, positioned = outcome(raw, True), outcome(raw, False)
    assert fast == positioned
    kind, result = fast
    assert kind == "data", [p.format() for p in result]
    for key, items in records.items():
        assert len(result[key]) == len(items)
        for record, dumped in zip(items, result[key], strict=True):
            for field, value in record.pairs:
                if isinstance(value, str) and field not in ("date", "published", "quantity", "count", "at"):
                    assert dumped[field] == value, (field, value)


MUTATIONS = ("drop-required", "repeat-key", "break-reference", "unknown-field", "wrong-type")


@st.composite
def mutated(draw):
    """A valid dataset with one mutation, and the problem that mutation must be reported as."""
    rng = draw(st.randoms(use_true_random=True))
    records = random_records(rng, hostile=draw(st.booleans()))
    kind = draw(st.sampled_from(sorted(k for k, v in records.items() if v)))
    index = draw(st.integers(0, len(records[kind]) - 1))
    record = records[kind][index]
    mutation = draw(st.sampled_from(MUTATIONS))
    nested = None
    if kind in ("claims", "evidence") and draw(st.booleans()):
        nested = "items" if kind == "claims" else "observations"
        position = draw(st.integers(0, len(record.get(nested)) - 1))
    target = record.get(nested)[position] if nested else record
    required = REQUIRED[nested or kind]
    if mutation == "drop-required":
        field = draw(st.sampled_from(required))
        changed = target.without(field)
    elif mutation == "repeat-key":
        field = draw(st.sampled_from([k for k, _ in target.pairs]))
        changed = target.repeated(field)
    elif mutation == "unknown-field":
        field = "colour"
        changed = Record([*target.pairs, (field, "green")])
    elif mutation == "wrong-type":
        field = {"claims": "credibility", "evidence": "credibility", "items": "quantity",
                 "observations": "count", "sources": "reliability", "events": "date",
                 "equipment": "caliber_mm"}[nested or kind]
        changed = Record([*target.without(field).pairs, (field, draw(st.sampled_from(["often", "maybe"])))])
    else:
        refs = {"claims": ("event", "claimant"), "evidence": ("event", "publisher"),
                "items": ("equipment",), "observations": ("equipment",), "equipment": ("parent",),
                "sources": (), "events": ()}[nested or kind]
        assume(refs)
        field = draw(st.sampled_from(refs))
        changed = target.replaced(field, "zz-no-such-id")
    if nested:
        items = list(record.get(nested))
        items[position] = changed
        records[kind][index] = record.replaced(nested, items)
    else:
        records[kind][index] = changed
    written = write(rng, records)
    loc = (kind, index, nested, position) if nested else (kind, index)
    loc = tuple(x for x in loc if x is not None)
    return written, mutation, loc, field, nested or kind


def expected_problem(written, mutation, loc, field, kind):
    """(line, column, code, path, message start) of the problem the mutation must produce."""
    path = re.sub(r"\.(\d+)", r"[\1]", ".".join(map(str, (*loc, field))))
    if mutation == "drop-required":
        line, column = written.values[loc]
        return line, column, "missing-field", path, f"required field `{field}` is missing"
    if mutation == "repeat-key":
        first, again = written.keys[(*loc, field)], written.repeated[(*loc, field)]
        where = (f"line {first[0]}, column {first[1]}, again at column {again[1]}" if first[0] == again[0]
                 else f"line {first[0]}, again at line {again[0]}")
        return (*again, "duplicate-key", path, f"key `{field}` is repeated: first at {where}; keep one")
    if mutation == "unknown-field":
        return (*written.keys[(*loc, field)], "unknown-field", path, f"unknown field `{field}`")
    if mutation == "wrong-type":
        return (*written.values[(*loc, field)], None, path, "")
    noun = NOUNS.get({"event": "events", "claimant": "sources", "publisher": "sources",
                      "parent": "equipment", "equipment": "equipment"}[field])
    return (*written.values[(*loc, field)], "unknown-reference", path,
            f"no {noun} has the id `zz-no-such-id`")


@SLOW
@given(mutated())
def test_one_mutation_is_reported_at_its_line_and_column(case):
    written, mutation, loc, field, kind = case
    raw = written.data()
    fast, positioned = outcome(raw, True), outcome(raw, False)
    assert fast == positioned
    assert fast[0] == "problems"
    line, column, code, path, message = expected_problem(written, mutation, loc, field, kind)
    found = [p for p in fast[1] if p.path == path and (code is None or p.code == code)]
    assert found, (path, code, [p.format() for p in fast[1]])
    assert any((p.line, p.column) == (line, column) and p.message.startswith(message) for p in found), (
        (line, column, message), [p.format() for p in found])


# the two YAML paths agree ---------------------------------------------------------------------
# Edits that make a valid file odd or broken: YAML's indicators, Unicode line breaks, tabs, odd
# numbers, anchors and aliases, markers and directives.
TOKENS = ("\n", " ", "  ", "- ", ": ", "#", " #", "&x ", "*x", "!", "!!str ", "!foo ", "[", "]", "{", "}",
          ",", "'", '"', "\\", "~", "null", "true", "yes", "NO", "030", "+5", "0x1F", "1_000", "1e3", ".5",
          "<<", "---\n", "...\n", "%YAML 1.1\n", "? ", "é", "\ufeff", "-1", "id: dup\n", "  - ", "    ",
          "\n  - id: z\n", ":", "-", "&", "*", "%", "@", "`", "\x00", "\x1b", "\\x85", "\\N", "\\e",
          "\\u202e", "items:", "quantity: ", "equipment: ", "sources:", "claims:", "\n#", "\n\n", "\t",
          "\t# c\n", "\n\t", "|", ">", "|-", ">+", ">x", "|x", "&id: ", "\x85", "\u2028", "\u2029",
          "\r", ":x", "&'a ", "*a'", "&a >x", "@x")


@st.composite
def odd_documents(draw) -> bytes:
    """A generated dataset, written oddly (numbers spelled as YAML re-types them, anchors,
    aliases, CRLF, BOM), then edited one to three times."""
    rng = draw(st.randoms(use_true_random=True))
    records = random_records(rng, hostile=draw(st.booleans()), max_records=2)
    text = write(rng, records, odd=draw(st.booleans()), comments=True).text
    for _ in range(draw(st.integers(0, 3))):
        text = edit(text, draw(st.sampled_from(EDITS)), i=draw(st.integers(0, len(text))),
                    j=draw(st.integers(0, text.count("\n"))), token=draw(st.sampled_from(TOKENS)),
                    n=draw(st.integers(1, 6)), indent=" " * draw(st.integers(1, 3)))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.filter_too_much])
@given(odd_documents())
def test_fast_and_positioned_paths_give_the_same_data_or_the_same_problems(raw):
    fast, positioned = outcome(raw, True), outcome(raw, False)
    assert fast == positioned
    if fast[0] == "problems":
        lines = raw.decode("utf-8", "replace").count("\n") + 1
        for p in fast[1]:
            # libyaml puts an error at the very end of a file without a final newline on the
            # line after the last one; an editor still reaches it.
            assert 1 <= p.line <= lines + 1 and p.column >= 1, p.format()
            # `key` (a key that is not a plain string) is not in the README: see the xfail below.
            assert p.code in DOCUMENTED | {"key"}, p.format()


SPELLINGS = ("030", "+5", "0x1F", "0o17", "0b11", "1_000", "1e3", "1E3", ".5", "5.", "-0", "+0", "00", "01",
             "+1", "0x1", "0o1", "1.0", "0.0", "-0.0", "1e0", ".inf", "-.inf", ".nan", "true", "True", "yes",
             "no", "on", "NO", "y", "~", "null", "''", "'030'", '"0x1F"', "2016-12-01", "12:30", "1:02:03",
             "2016", "'2016'", "0", "1", "7", "[030]", "[true]", "{a: 1}", "&a 030", "!!str 030",
             ":x", "[:x]", "{a: :x}", "[a, :'x']")
# `-0`, `+0`, `00`, `01`, `+1`, `0x1`, `0o1`, `1.0`, `0.0`, `-0.0` and `1e0` are there for the
# booleans: YAML 1.2 reads them as 0 or 1, which pydantic would take as false or true (found here
# first: the fast path read `geolocated: 01` as true, the positioned path refused it). `:x` in a
# flow collection is text to YAML 1.2 and an error to libyaml (found by CI, 2026-11-25).


@pytest.mark.parametrize(("field", "spelling"), [
    (field, spelling)
    # one field per kind of validator: text, quantity, integer, date, float, boolean, list, time, code
    for field in ("name", "quantity", "credibility", "published", "lat", "geolocated", "identifiers", "at",
                  "country")
    for spelling in SPELLINGS
])
def test_numbers_booleans_and_nulls_read_the_same_on_both_paths(field, spelling):
    """Every field, spelled every way YAML 1.1 and 1.2 read differently: one answer."""
    values = {"name": "S", "note": "n", "quantity": "1", "credibility": "4", "published": "2016",
              "lat": "1", "caliber_mm": "7.62", "geolocated": "true", "identifiers": "[a]", "at": "00:12",
              "sha256": "ab" * 32, "country": "SY"}
    values[field] = spelling
    text = (
        f"sources:\n  - {{id: s, name: {values['name']}, kind: other, note: {values['note']}}}\n"
        f"events:\n  - {{id: e, title: T, date: 2016, place: P, country: {values['country']},\n"
        f"     location: {{lat: {values['lat']}, lon: 2}}}}\n"
        f"equipment:\n  - {{id: x, name: X, parent: tank, caliber_mm: {values['caliber_mm']}}}\n"
        f"claims:\n  - id: c\n    event: e\n    claimant: s\n    published: {values['published']}\n"
        f"    credibility: {values['credibility']}\n"
        f"    items:\n      - {{equipment: tank, quantity: {values['quantity']}}}\n"
        f"evidence:\n  - id: v\n    event: e\n    kind: video\n    publisher: s\n    published: 2016\n"
        f"    sha256: {values['sha256']}\n    geolocated: {values['geolocated']}\n"
        f"    observations:\n      - {{equipment: x, count: 1, at: {values['at']}, "
        f"identifiers: {values['identifiers']}}}\n")
    raw = text.encode()
    assert outcome(raw, True) == outcome(raw, False)


def test_text_fields_keep_what_yaml_would_retype():
    """The Norway problem, and its cousins: a text field keeps the characters as written."""
    spellings = ["NO", "yes", "on", "true", "030", "0x1F", "1e3", "1_000", "+5", ".inf", "2016-12-01",
                 "12:30"]
    text = "sources:\n" + "".join(f"  - {{id: s{i}, name: {s}, kind: other}}\n"
                                  for i, s in enumerate(spellings))
    for fast in (True, False):
        kind, result = outcome(text.encode(), fast)
        assert kind == "data"
        assert [s["name"] for s in result["sources"]] == spellings


# Differences between the paths found by the tests above and the fuzz harness: each input that
# gave different answers (those fixed since are ordinary tests now).
def _same(text: str) -> None:
    raw = text.encode("utf-8")
    assert outcome(raw, True) == outcome(raw, False)


@pytest.mark.parametrize("quote", ['"Kalashnikov & captured &"', '"tanks &amp; guns"', '"Allahu akbar!"',
                                   "'12:30 at https://example.org/a:b'", '"5 * 3 *BMPs*"',
                                   '"a > b | c"', '"... and more"', "'the end...'"])
def test_a_quotation_that_looks_like_yaml_keeps_the_fast_path(quote):
    """The checks that send a file to the positioned path look at where a mark stands: inside
    a quotation an `&`, `!`, `:x`, `|` or `...` is text to both parsers, and a large dataset of
    propaganda quotes must not lose the fast path for it."""
    text = f"sources:\n  - {{id: s, name: S, kind: other, note: {quote}}}\n  - id: t\n    name: {quote}\n"
    document = read_document(text.encode(), "d.yaml")
    assert document.fast, quote
    assert document.data["sources"][1]["name"] == document.data["sources"][0]["note"]
    _same(text)


def test_nel_in_a_quoted_scalar_reads_the_same():
    _same('sources:\n  - id: s\n    kind: other\n    name: "x\x85y"\n')


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_unicode_line_breaks_in_a_plain_scalar_read_the_same(char):
    _same(f"sources:\n  - id: s\n    kind: other\n    name: x{char}y\n")


@pytest.mark.parametrize("indicator", ["|", ">"])
def test_empty_block_scalar_reads_the_same(indicator):
    _same(f"sources:\n  - id: s\n    kind: other\n    name: {indicator}\n\n")


def test_tab_in_block_scalar_indentation_reads_the_same():
    _same("sources:\n  - id: s\n    kind: other\n    name: |\n      \tx\n")


@pytest.mark.parametrize("text", ["\t# team dataset\nsources: []\n", "sources: []\n\t\n",
                                  # found by a long property run: a tab after the indentation's spaces
                                  "events:\n \t - {id: e, title: T, date: 2016, place: P}\n",
                                  "sources:\n  - id: s\n  \t name: S\n    kind: other\n",
                                  # and a tab after a block `-`
                                  "sources:\n  -\t {id: s, name: S, kind: other}\n",
                                  "sources:\n  - \t{id: s, name: S, kind: other}\n"])
def test_tab_in_a_lines_indentation_reads_the_same(text):
    _same(text)


@pytest.mark.parametrize("aliases", ["[a,&a >x]", "[&a |x]", "[a, &a >x]"])
def test_an_anchored_indicator_in_a_list_of_text_reads_the_same(aliases):
    """Found by a long property run: `,&a >x` (no space after the comma)."""
    _same(f"equipment:\n  - {{id: x, name: X, parent: tank, aliases: {aliases}}}\n")


@pytest.mark.parametrize("key", ["note:}", "note:, aliases: [a]}", "aliases: [a:]}", "aliases: [a:, b]}",
                                 "note: a:}"])
def test_a_key_without_a_value_before_a_flow_indicator_reads_the_same(key):
    """Found by a long property run: `{note:}` is a key without a value to YAML 1.2, and an
    error to libyaml."""
    _same(f"equipment:\n  - {{id: x, name: X, parent: tank, {key}\n")


@pytest.mark.parametrize("text", ["...\nsources: []\n", "...\r\nsources: []\n", "sources: []\n...\n",
                                  "---\nsources: []\n...\n", "sources: []\n...\nevents: []\n"])
def test_document_end_markers_read_the_same(text):
    """Found by a long property run: YAML 1.2 takes `...` before the document; libyaml refuses it."""
    _same(text)


@pytest.mark.parametrize("value", [">x", "|x", "&a >x", "&a |x",
                                   # found by a long property run: right after `[`, `,` or `"key":`
                                   "[|x y', z]", "[a,|x]", "[a,\n     |x]", '{"k":|x}'])
def test_flow_scalars_libyaml_refuses_read_the_same(value):
    _same(f"sources:\n  - {{id: s, name: S, kind: other, note: {value}}}\n")


@pytest.mark.parametrize("text", ["? [a, b]\n: 1\n", "sources:\n  - {id: s, name: S, kind: other, ~: x}\n",
                                  "sources:\n  - {id: s, name: S, kind: other, [a]: x}\n"])
def test_every_problem_code_is_documented(text):
    for fast in (True, False):
        kind, problems = outcome(text.encode(), fast)
        assert kind == "problems"
        assert {p.code for p in problems} <= DOCUMENTED, [p.format() for p in problems]


@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
@pytest.mark.parametrize("anchor", ["&id:", "&'a", "&a*b", "&!foo", '&a"b', "*a'"])
def test_anchor_names_libyaml_refuses_read_the_same(anchor, flow):
    if flow:
        _same(f"sources:\n  - {{id: s, name: S, kind: other, note: {anchor} x}}\n")
    else:
        _same(f"sources:\n  - id: s\n    name: S\n    kind: other\n    note: {anchor} x\n")


@pytest.mark.parametrize(("odd", "code"), [("&'a x", "unknown-reference"), ("&a >x", "unknown-reference"),
                                           (">x", "unknown-reference")])
def test_a_problem_in_a_record_libyaml_refuses_is_not_put_at_line_1(odd, code):
    """Found with `note: >x` (fast-path-only then); `&'a x` and `&a >x` were such records until
    they too took the positioned path. libyaml cannot parse them; yaml-rs, the arbiter of what
    is YAML 1.2, reads them (`&'a` is an anchor named `'a`; `>x` it takes for text in a flow
    collection), so the record's own problem is reported, on its line."""
    text = ("sources:\n  - {id: s, name: S, kind: other}\n"
            f"claims:\n  - {{id: c, event: nope, claimant: s, published: 2016, note: {odd}, "
            "items: [{equipment: tank, quantity: 1}]}\n")
    _, problems = outcome(text.encode(), True)
    assert [(p.line, p.code) for p in problems] == [(4, code)]


def test_a_lone_cr_before_a_record_does_not_move_its_problems():
    _same('sources:\n  - {id: s, name: "a\rb", kind: other}\n'
          '  - {id: t, name: T, kind: other, colour: red}\n')


def test_a_problem_through_an_alias_is_reported_at_the_alias():
    second = ("  - {id: c2, event: e, claimant: s, published: 2016, "
              "items: [{equipment: tank, quantity: *q}]}\n")
    text = ("sources:\n  - {id: s, name: S, kind: other}\n"
            "events:\n  - {id: e, title: T, date: 2016, place: P}\n"
            "claims:\n  - {id: c1, event: e, claimant: s, published: 2016, "
            "items: [{equipment: tank, quantity: &q -3}]}\n" + second)
    for fast in (True, False):
        _, problems = outcome(text.encode(), fast)
        [problem] = [p for p in problems if p.path == "claims[1].items[0].quantity"]
        assert (problem.line, problem.column) == (7, second.index("*q") + 1)
