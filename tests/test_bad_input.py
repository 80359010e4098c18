"""Bad input, end to end: every problem positioned, exit 1, nothing on stdout, never a traceback.

Each fixture under tests/data/ breaks one thing (named in its file name) and is otherwise valid,
so the whole of stderr can be compared. The positions below were counted by hand from the
fixtures, not copied from the tool; lines and columns are 1-based.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from materiel.dataset import load_dataset
from materiel.errors import ProblemsFound

ROOT = Path(__file__).resolve().parent.parent
D = "tests/data/"  # paths are passed relative to ROOT, so they are printed as written here


def stderr(*lines: str) -> str:
    """The expected stderr: the problem lines, then the count line."""
    return "".join(line + "\n" for line in lines)


def check(result, expected: str) -> None:
    """Exit 1, nothing on stdout, exactly the expected problems on stderr, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == expected
    assert result.stdout == ""
    assert result.exit_code == 1


@pytest.fixture
def validate(run, monkeypatch):
    """`materiel validate --data P ...` run from the repository root."""
    monkeypatch.chdir(ROOT)

    def invoke(*names: str, options: tuple[str, ...] = ()):
        args: list[str] = ["validate", *options]
        for name in names:
            args += ["--data", D + name]
        return run(*args)

    return invoke


KIND_CHOICES = ("'belligerent-official', 'belligerent-media', 'government', 'news-media', "
                "'investigative', 'analyst', 'osint-compiler', 'ngo' or 'other'")
NOT_A_DATASET = "a dataset file is a mapping with sources, events, equipment, claims or evidence"
NOT_AN_ID = ("`Amaq` is not an id: use lower-case letters, digits, `.`, `_` and `-`, starting with a "
             "letter or digit (e.g. `amaq`)")
GRAMMAR = "a whole number (`30`), `about 100`, `at least 2`, a range `2-4`, or `unspecified`"


def tab(line: int, column: int) -> str:
    """libyaml's words for a tab in the indentation, with where the scalar before it began."""
    return (f"while scanning a plain scalar that began at line {line}, column {column}, found a tab "
            "character that violates indentation (a tab; YAML indents with spaces only)")


CASES = [
    # `note: IS news agency: graded E`: the second `: ` is at column 4 + 6 + 14 + 1 = 25.
    pytest.param(
        ["bad_syntax_colon_in_value.yaml"],
        stderr(f"{D}bad_syntax_colon_in_value.yaml:5:25: error [syntax] (root): "
               "mapping values are not allowed in this context",
               "1 problem in 1 file"),
        id="syntax-colon-in-value"),
    # `via: [hassan-hassan` never closed: `[` at 19:10; the parser gives up at the `:` of
    # `published:` (20:14), which is where yamllint would point too; but then the message
    # has to say where the sequence was opened, or the researcher looks at the wrong line.
    pytest.param(
        ["bad_syntax_unclosed_flow.yaml"],
        stderr(f"{D}bad_syntax_unclosed_flow.yaml:20:14: error [syntax] (root): "
               "while parsing a flow sequence that began at line 19, column 10, "
               "did not find expected ',' or ']'",
               "1 problem in 1 file"),
        id="syntax-unclosed-flow"),
    # A tab in place of the four spaces before `kind:`.
    pytest.param(
        ["bad_tab_indent.yaml"],
        stderr(f"{D}bad_tab_indent.yaml:4:1: error [syntax] (root): {tab(3, 11)}",
               "1 problem in 1 file"),
        id="tab-indent"),
    # The second `reliability` key is at 7:5; the first at line 5. The key is inside
    # sources[0], so the path is sources[0].reliability, not the root.
    pytest.param(
        ["bad_repeated_key.yaml"],
        stderr(f"{D}bad_repeated_key.yaml:7:5: error [duplicate-key] sources[0].reliability: "
               "key `reliability` is repeated: first at line 5, again at line 7; keep one",
               "1 problem in 1 file"),
        id="repeated-key"),
    # `    items: 5`: value at 4 + 7 + 1 = 12.
    pytest.param(
        ["bad_type_items_scalar.yaml"],
        stderr(f"{D}bad_type_items_scalar.yaml:17:12: error [wrong-type] claims[0].items: "
               "Input should be a valid list (got `5`)",
               "1 problem in 1 file"),
        id="wrong-type-items"),
    # `    credibility: high`: value at 4 + 13 + 1 = 18.
    pytest.param(
        ["bad_type_credibility_word.yaml"],
        stderr(f"{D}bad_type_credibility_word.yaml:17:18: error [wrong-type] claims[0].credibility: "
               "Input should be a valid integer, unable to parse string as an integer (got `high`)",
               "1 problem in 1 file"),
        id="wrong-type-credibility"),
    # `    geolocated: maybe`: value at 4 + 12 + 1 = 17.
    pytest.param(
        ["bad_type_geolocated_maybe.yaml"],
        stderr(f"{D}bad_type_geolocated_maybe.yaml:18:17: error [wrong-type] evidence[0].geolocated: "
               "Input should be a valid boolean, unable to interpret input (got `maybe`)",
               "1 problem in 1 file"),
        id="wrong-type-geolocated"),
    # The claim without `published` starts at `  - id:` (13:5), its first key.
    pytest.param(
        ["bad_missing_field.yaml"],
        stderr(f"{D}bad_missing_field.yaml:13:5: error [missing-field] claims[0].published: "
               "required field `published` is missing",
               "1 problem in 1 file"),
        id="missing-field"),
    # The key `reliabilty` itself, at 5:5.
    pytest.param(
        ["bad_unknown_field.yaml"],
        stderr(f"{D}bad_unknown_field.yaml:5:5: error [unknown-field] sources[0].reliabilty: "
               "unknown field `reliabilty`; did you mean `reliability`?",
               "1 problem in 1 file"),
        id="unknown-field"),
    pytest.param(
        ["bad_unknown_top_level_key.yaml"],
        stderr(f"{D}bad_unknown_top_level_key.yaml:6:1: error [unknown-key] claim: "
               "unknown top-level key `claim`; did you mean `claims`?",
               "1 problem in 1 file"),
        id="unknown-top-level-key"),
    # `  - id: Amaq`: value at 2 + 2 + 4 + 1 = 9.
    pytest.param(
        ["bad_id_capitals.yaml"],
        stderr(f"{D}bad_id_capitals.yaml:2:9: error [invalid-value] sources[0].id: "
               f"{NOT_AN_ID}",
               "1 problem in 1 file"),
        id="bad-id"),
    # `amaq` is a source in the first file and an event in the second (7:9): ids are unique
    # across files and kinds.
    pytest.param(
        ["bad_duplicate_id_first.yaml", "bad_duplicate_id_second.yaml"],
        stderr(f"{D}bad_duplicate_id_second.yaml:7:9: error [duplicate-id] events[0].id: "
               f"id `amaq` is already used by the source at {D}bad_duplicate_id_first.yaml:2:9",
               "1 problem in 1 file"),
        id="duplicate-id-across-files"),
    # `    claimant: amaqq`: value at 4 + 10 + 1 = 15.
    pytest.param(
        ["bad_reference_claimant_typo.yaml"],
        stderr(f"{D}bad_reference_claimant_typo.yaml:15:15: error [unknown-reference] "
               "claims[0].claimant: no source has the id `amaqq`; did you mean `amaq`?",
               "1 problem in 1 file"),
        id="dangling-claimant"),
    # `      - {equipment: bmp1, ...}`: value at 6 + 3 + 11 + 1 = 21; `BMP1` is an alias of bmp-1.
    pytest.param(
        ["bad_reference_equipment_lowercase_alias.yaml"],
        stderr(f"{D}bad_reference_equipment_lowercase_alias.yaml:18:21: error [unknown-reference] "
               "claims[0].items[0].equipment: no equipment node has the id `bmp1`; "
               "did you mean `bmp-1` (BMP-1)?",
               "1 problem in 1 file"),
        id="dangling-equipment-alias"),
    # `BMP-1` is what researchers write (and an alias in the catalog); it should be answered
    # with the id it means, as `bmp1` is, not with the slug regular expression.
    pytest.param(
        ["bad_reference_equipment_alias.yaml"],
        stderr(f"{D}bad_reference_equipment_alias.yaml:18:21: error [unknown-reference] "
               "claims[0].items[0].equipment: no equipment node has the id `BMP-1`; "
               "did you mean `bmp-1` (BMP-1)?",
               "1 problem in 1 file"),
        id="dangling-equipment-capitals"),
    # `    event: palmyra-2016-21` (14:12) is a dangling reference in a claim that also has
    # `credibility: 7` (17:18): both are to be reported in one run.
    pytest.param(
        ["bad_reference_in_invalid_record.yaml"],
        stderr(f"{D}bad_reference_in_invalid_record.yaml:14:12: error [unknown-reference] "
               "claims[0].event: no event has the id `palmyra-2016-21`; "
               "did you mean `palmyra-2016-12`?",
               f"{D}bad_reference_in_invalid_record.yaml:17:18: error [out-of-range] "
               "claims[0].credibility: Input should be less than or equal to 6 (got `7`)",
               "2 problems in 1 file"),
        id="reference-in-invalid-record"),
    # The source `amaq` exists but has a bad kind (4:11); the claim that names it must not be
    # told that "no source has the id `amaq`".
    pytest.param(
        ["bad_reference_to_invalid_source.yaml"],
        stderr(f"{D}bad_reference_to_invalid_source.yaml:4:11: error [invalid-choice] "
               f"sources[0].kind: Input should be {KIND_CHOICES} (got `belligerant-media`)",
               "1 problem in 1 file"),
        id="reference-to-invalid-source"),
    # `    date: 2016-02-30`: value at 4 + 6 + 1 = 11.
    pytest.param(
        ["bad_date_february_30.yaml"],
        stderr(f"{D}bad_date_february_30.yaml:4:11: error [invalid-value] events[0].date: "
               "`2016-02-30` does not exist: February 2016 has 29 days",
               "1 problem in 1 file"),
        id="impossible-date"),
    # Flow items: `      - {equipment: tank, quantity: ` is 36 characters, `bmp` one shorter;
    # the block item's `        quantity: ` is 18.
    pytest.param(
        ["bad_quantities.yaml"],
        stderr(f"{D}bad_quantities.yaml:18:37: error [invalid-value] claims[0].items[0].quantity: "
               f"a quantity cannot be negative (-3); expected {GRAMMAR}",
               f"{D}bad_quantities.yaml:19:36: error [invalid-value] claims[0].items[1].quantity: "
               "range `4-2` runs backwards; write `2-4`",
               f"{D}bad_quantities.yaml:21:19: error [invalid-value] claims[0].items[2].quantity: "
               "`about` needs a number after it, e.g. `about 10`",
               "3 problems in 1 file"),
        id="bad-quantities"),
    # `    location: {lat: 91, ...}`: value at 4 + 10 + 1 + 5 + 1 = 21.
    pytest.param(
        ["bad_latitude_91.yaml"],
        stderr(f"{D}bad_latitude_91.yaml:6:21: error [out-of-range] events[0].location.lat: "
               "Input should be less than or equal to 90 (got `91`)",
               "1 problem in 1 file"),
        id="latitude-91"),
    # 63 hex digits; `    sha256: ` is 12 characters.
    pytest.param(
        ["bad_sha256.yaml"],
        stderr(f"{D}bad_sha256.yaml:18:13: error [invalid-value] evidence[0].sha256: "
               "a sha256 is 64 hexadecimal digits; this has 63 characters",
               "1 problem in 1 file"),
        id="bad-sha256"),
    pytest.param(
        ["bad_empty.yaml"],
        stderr(f"{D}bad_empty.yaml:1:1: error [empty] (root): the file is empty; {NOT_A_DATASET}",
               "1 problem in 1 file"),
        id="empty-file"),
    pytest.param(
        ["bad_only_comments.yaml"],
        stderr(f"{D}bad_only_comments.yaml:1:1: error [empty] (root): the file holds only comments; "
               f"{NOT_A_DATASET}",
               "1 problem in 1 file"),
        id="only-comments"),
    pytest.param(
        ["bad_root_list.yaml"],
        stderr(f"{D}bad_root_list.yaml:1:1: error [not-a-mapping] (root): the file holds a list; "
               f"{NOT_A_DATASET}",
               "1 problem in 1 file"),
        id="list-at-root"),
    # Latin-1 é in `    note: IS news agency, dé...` (5:28); bytes before it: 9 + 13 + 15 + 28 + 27.
    pytest.param(
        ["bad_not_utf8_latin1.yaml"],
        stderr(f"{D}bad_not_utf8_latin1.yaml:5:28: error [encoding] (root): "
               "the file is not UTF-8 (byte 0xe9 at offset 92); save it as UTF-8",
               "1 problem in 1 file"),
        id="not-utf8"),
    # `    name: Am<NUL>aq`: the NUL at 4 + 6 + 2 + 1 = 13.
    pytest.param(
        ["bad_nul_byte.yaml"],
        stderr(f"{D}bad_nul_byte.yaml:3:13: error [control-character] (root): control character NUL "
               "is not allowed in YAML; write it as an escape in a double-quoted string if it is "
               "really meant",
               "1 problem in 1 file"),
        id="nul-byte"),
    # The BOM is not a character of line 1: `sources: [{id: ` is 15 characters, so `Amaq` is at
    # column 16, not 17; the impossible date is further down (5:11).
    pytest.param(
        ["bad_bom_then_error.yaml"],
        stderr(f"{D}bad_bom_then_error.yaml:1:16: error [invalid-value] sources[0].id: "
               f"{NOT_AN_ID}",
               f"{D}bad_bom_then_error.yaml:5:11: error [invalid-value] events[0].date: "
               "`2016-02-30` does not exist: February 2016 has 29 days",
               "2 problems in 1 file"),
        id="bom-then-error"),
    # Line and column are right (5:12) but the offset is of the file's bytes, BOM included:
    # 3 + 9 + 13 + 15 + 28 + 11 = 79.
    pytest.param(
        ["bad_bom_then_latin1.yaml"],
        stderr(f"{D}bad_bom_then_latin1.yaml:5:12: error [encoding] (root): "
               "the file is not UTF-8 (byte 0xe9 at offset 79); save it as UTF-8",
               "1 problem in 1 file"),
        id="bom-then-not-utf8"),
    # CRLF throughout; `    country: sy` on line 12: value at 4 + 9 + 1 = 14.
    pytest.param(
        ["bad_crlf_then_error.yaml"],
        stderr(f"{D}bad_crlf_then_error.yaml:12:14: error [invalid-value] events[0].country: "
               "`sy` is not an ISO 3166-1 alpha-2 country code (codes are upper case)",
               "1 problem in 1 file"),
        id="crlf-then-error"),
    # Each level is 9 aliases of the one before: the expansion passes 1,000,000 nodes at the
    # first `*lol6` (line 8, after `lol7: &lol7 [`, 13 characters).
    pytest.param(
        ["bad_alias_bomb.yaml"],
        stderr(f"{D}bad_alias_bomb.yaml:8:14: error [alias-budget] (root): aliases expand this file "
               "beyond 1,000,000 nodes (an alias bomb?); write the records out instead",
               "1 problem in 1 file"),
        id="alias-bomb"),
    # `claims: ` then 5,000 `[`: the root mapping is level 1, so the 64th `[` (column 8 + 64)
    # is the 65th level, as for block nesting.
    pytest.param(
        ["bad_deep_flow_nesting.yaml"],
        stderr(f"{D}bad_deep_flow_nesting.yaml:1:72: error [too-deep] (root): "
               "nesting deeper than 64 levels is not a dataset",
               "1 problem in 1 file"),
        id="deep-flow-nesting"),
    pytest.param(
        ["bad_folder_without_yaml"],
        stderr(f"{D}bad_folder_without_yaml:1:1: error [no-data] (root): "
               "the folder holds no .yaml or .yml file",
               "1 problem in 1 file"),
        id="folder-without-yaml"),
    pytest.param(
        ["no_such_file.yaml"],
        stderr(f"{D}no_such_file.yaml:1:1: error [no-data] (root): no such file or folder",
               "1 problem in 1 file"),
        id="missing-path"),
    # Given out of order; reported by file, then line as a number (8 < 18 < 27), though the
    # dangling event (18) is found after the credibility (27).
    pytest.param(
        ["bad_many_second.yaml", "no_such_file.yaml", "bad_many_first.yaml"],
        stderr(f"{D}bad_many_first.yaml:8:18: error [invalid-choice] sources[1].reliability: "
               "Input should be 'A', 'B', 'C', 'D', 'E' or 'F' (got `G`)",
               f"{D}bad_many_first.yaml:18:12: error [unknown-reference] claims[0].event: "
               "no event has the id `palmyra-2016-21`; did you mean `palmyra-2016-12`?",
               f"{D}bad_many_first.yaml:27:18: error [out-of-range] claims[1].credibility: "
               "Input should be less than or equal to 6 (got `7`)",
               f"{D}bad_many_second.yaml:10:1: error [syntax] (root): {tab(9, 18)}",
               f"{D}no_such_file.yaml:1:1: error [no-data] (root): no such file or folder",
               "5 problems in 3 files"),
        id="many-files-sorted"),
]


@pytest.mark.parametrize(("names", "expected"), CASES)
def test_bad_input(validate, names, expected):
    check(validate(*names), expected)


def test_alias_bomb_is_refused_quickly(validate):
    start = time.perf_counter()
    result = validate("bad_alias_bomb.yaml")
    assert time.perf_counter() - start < 5
    assert result.exit_code == 1


def test_deep_flow_nesting_fails_cleanly(validate):
    # Whichever limit is met first, the answer is one positioned line, not a RecursionError.
    result = validate("bad_deep_flow_nesting.yaml")
    problem, count = result.stderr.splitlines()
    assert problem.startswith(f"{D}bad_deep_flow_nesting.yaml:1:")
    assert "nesting depth" in problem or "too-deep" in problem
    assert count == "1 problem in 1 file"
    assert result.stdout == ""
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_deep_block_nesting(run, tmp_path, monkeypatch):
    # 5,000 nested block mappings (12 MB, so written here rather than committed): mapping n
    # starts at line n, column n, and the 65th is one level too deep.
    text = "claims:\n" + "".join(f"{' ' * (i + 1)}k{i}:\n" for i in range(5000)) + " " * 5001 + "x\n"
    (tmp_path / "deep.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    check(run("validate", "--data", "deep.yaml"),
          stderr("deep.yaml:65:65: error [too-deep] (root): nesting deeper than 64 levels is not a dataset",
                 "1 problem in 1 file"))


def test_json_report_of_a_bad_file(validate):
    result = validate("bad_quantities.yaml", options=("--format", "json"))
    assert result.exit_code == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["counts"] is None
    assert report["problems"][1] == {
        "file": f"{D}bad_quantities.yaml", "line": 19, "column": 36, "code": "invalid-value",
        "path": "claims[0].items[1].quantity", "message": "range `4-2` runs backwards; write `2-4`",
    }
    assert [(p["line"], p["column"]) for p in report["problems"]] == [(18, 37), (19, 36), (21, 19)]
    with pytest.raises(ProblemsFound) as found:
        load_dataset([Path(D + "bad_quantities.yaml")])
    assert report["problems"] == [p.to_dict() for p in found.value.problems]
