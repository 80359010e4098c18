"""Hostile text end to end: every string field of a dataset carries rich markup, ANSI escape
sequences, bidirectional overrides, zero-width characters, HTML and formula prefixes, and goes
through every command and every format.

The terminal shows it inert (escaped, never obeyed), CSV neutralises formulas, JSON keeps the
text exactly, Markdown and HTML escape it, and files written by materiel hold it as escapes.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest

from materiel.dataset import load_dataset
from materiel.format.text import inert
from materiel.output.formats import neutralise

from .generated import double_quoted

CORE = ("[bold red]x[/] \x1b[2J\x1b]0;pwned\x07 \u202eevil\u2066 zw\u200b\u200d\ufeff "
        "<script>alert(1)</script> \"q\",'s';|`*_ [link=https://evil.example]click[/link]\nline2\r\n\x00end")
PREFIXES = ("=", "+", "-", "@", "\t", "\r", "")


def hostile(n: int) -> str:
    """The payload with one of the formula prefixes (and a number, so each field is its own)."""
    return f"{PREFIXES[n % len(PREFIXES)]}{n} {CORE}"


def q(n: int) -> str:
    return double_quoted(hostile(n))


def dataset_text() -> str:
    """Every string field that is not an id, a date, an enum or a number carries the payload."""
    url = double_quoted("https://example.org/\x1b[2J\u202e[bold]")
    return f"""\
sources:
  - {{id: amaq, name: {q(1)}, kind: belligerent-media, affiliation: {q(2)}, reliability: E,
     url: {url}, note: {q(3)}}}
  - {{id: geo, name: {q(4)}, kind: osint-compiler, affiliation: {q(5)}, reliability: B, note: {q(6)}}}
events:
  - {{id: e1, title: {q(7)}, date: 2016-12, place: {q(8)}, country: SY, gained_by: {q(9)},
     lost_by: {q(10)}, note: {q(11)}}}
equipment:
  - {{id: evil-tank, name: {q(12)}, parent: tank, aliases: [{q(13)}, {q(14)}], note: {q(15)}}}
claims:
  - id: c1
    event: e1
    claimant: amaq
    via: [geo]
    published: 2016-12-14
    url: {url}
    archive_url: {url}
    quote: {q(16)}
    note: {q(17)}
    credibility: 4
    status: captured
    items:
      - {{equipment: evil-tank, quantity: 3, as_written: {q(18)}, note: {q(19)}}}
      - {{equipment: bmp, quantity: at least 2, as_written: {q(20)}}}
      - {{equipment: atgm, quantity: unspecified, as_written: {q(21)}}}
evidence:
  - id: v1
    event: e1
    kind: video
    publisher: geo
    published: 2016-12-15
    url: {url}
    note: {q(22)}
    status: captured
    observations:
      - {{equipment: evil-tank, count: 2, as_written: {q(23)}, identifiers: [{q(24)}, {q(25)}],
         note: {q(26)}}}
      - {{equipment: bmp-1, count: 1, as_written: {q(27)}}}
"""


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.yaml"
    path.write_text(dataset_text(), encoding="utf-8")
    return path


def stdout(result) -> str:
    """Standard output exactly as written (click's `Result.stdout` turns CRLF into LF)."""
    return result.stdout_bytes.decode("utf-8")


def controls(text: str, allowed: str = "\n") -> list[str]:
    """Characters a terminal or an editor would act on: controls, formats, line separators."""
    return [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c not in allowed]


def test_the_dataset_reads_back_exactly(hostile_data):
    dataset = load_dataset([hostile_data])
    assert dataset.sources["amaq"].name == hostile(1)
    assert dataset.events["e1"].note == hostile(11)
    assert dataset.equipment["evil-tank"].aliases == [hostile(13), hostile(14)]
    assert [i.as_written for i in dataset.claims[0].items] == [hostile(18), hostile(20), hostile(21)]
    assert dataset.evidence[0].observations[0].identifiers == [hostile(24), hostile(25)]
    assert load_dataset([hostile_data], fast=False).claims == dataset.claims


TABLE_COMMANDS = [
    ("claims",), ("evidence",), ("summary",), ("summary", "--by", "type"), ("summary", "--by", "claimant"),
    ("summary", "--by", "event"), ("summary", "--by", "status"), ("compare",), ("compare", "--level", "type"),
    ("catalog",), ("catalog", "--search", "evil"),
]


@pytest.mark.parametrize("command", TABLE_COMMANDS, ids=" ".join)
def test_the_terminal_shows_it_inert(run, hostile_data, command):
    result = run(*command, "--data", hostile_data)
    assert result.exit_code == 0, result.stderr
    assert not controls(stdout(result)), controls(stdout(result))
    assert not controls(result.stderr)


def test_the_terminal_shows_the_words_as_written(run, hostile_data):
    """Markup is shown as its characters, controls as escapes; nothing of it is interpreted."""
    out = run("claims", "--data", hostile_data).stdout
    assert inert(hostile(18)) in out
    assert "[bold red]x[/]" in out and "\\x1b[2J" in out and "\\u202e" in out and "\\u200b" in out
    assert inert(hostile(24)) in run("evidence", "--data", hostile_data).stdout


def test_a_forced_colour_terminal_still_obeys_nothing_from_the_data(run, hostile_data, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    for command in (("claims",), ("evidence",), ("compare", "--level", "type", "--chart"), ("catalog",)):
        out = stdout(run(*command, "--data", hostile_data))
        for sequence in ("\x1b[2J", "\x1b]0;", "\x07", "\u202e", "\u2066", "\u200b", "\ufeff", "\x00", "\r"):
            assert sequence not in out, (command, sequence)


@pytest.mark.parametrize("command", TABLE_COMMANDS, ids=" ".join)
def test_csv_neutralises_every_formula(run, hostile_data, command):
    result = run(*command, "--data", hostile_data, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(stdout(result), newline="")))
    assert rows
    for row in rows:
        for name, cell in row.items():
            if cell and not _number(cell):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_csv_keeps_the_text_behind_the_quote_mark_and_json_keeps_it_exactly(run, hostile_data):
    written = [hostile(18), hostile(20), hostile(21)]
    rows = list(csv.DictReader(io.StringIO(stdout(run("claims", "--data", hostile_data, "-f", "csv")),
                                           newline="")))
    assert [r["as_written"] for r in rows] == [neutralise(w) for w in written]
    data = json.loads(run("claims", "--data", hostile_data, "-f", "json").stdout)
    assert [r["as_written"] for r in data] == written
    evidence = json.loads(run("evidence", "--data", hostile_data, "-f", "json").stdout)
    assert evidence[0]["as_written"] == hostile(23)
    assert hostile(24) in evidence[0]["identifiers"] and hostile(25) in evidence[0]["identifiers"]
    catalog = json.loads(run("catalog", "--data", hostile_data, "--search", "evil", "-f", "json").stdout)
    [node] = [r for r in catalog if r["id"] == "evil-tank"]
    assert node["name"] == hostile(12)
    assert hostile(13) in node["aliases"] and hostile(14) in node["aliases"]


@pytest.mark.parametrize("command", TABLE_COMMANDS, ids=" ".join)
def test_markdown_escapes_it(run, hostile_data, command):
    result = run(*command, "--data", hostile_data, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert not controls(stdout(result))
    assert "[bold red]" not in result.stdout and "<script>" not in result.stdout


def test_table_files_written_with_o_are_inert_too(run, hostile_data, tmp_path):
    for fmt in ("table", "markdown"):
        target = tmp_path / f"claims.{fmt}"
        assert run("claims", "--data", hostile_data, "-f", fmt, "-o", target).exit_code == 0
        assert not controls(target.read_text(encoding="utf-8"))


def test_the_html_report_escapes_it(run, hostile_data):
    result = run("report", "--data", hostile_data, "--date", "2024-01-01", "-o", "-")
    assert result.exit_code == 0, result.stderr
    page = stdout(result)
    assert not controls(page), controls(page)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_problems_on_the_terminal_are_inert_and_json_is_exact(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    ref = "\x1b[2J[bold red]evil\u202e\u200b"
    text = dataset_text().replace("claimant: amaq", f"claimant: {double_quoted(ref)}")
    bad.write_text(text, encoding="utf-8")
    result = run("validate", "--data", bad)
    assert result.exit_code == 1
    assert not controls(result.stderr) and result.stdout == ""
    assert f"no source has the id `{inert(ref)}`" in result.stderr
    report = json.loads(run("validate", "--data", bad, "--format", "json").stdout)
    [problem] = report["problems"]
    assert problem["code"] == "unknown-reference" and ref in problem["message"]


def test_draft_writes_hostile_words_as_escapes(run):
    quote = "=cmd 5 tanks \x1b[2J\u202e and [bold]six[/] BMPs\u200b, \x00 untold <script> missiles"
    result = run("draft", quote)
    assert result.exit_code == 0, result.stderr
    assert not controls(stdout(result)) and not controls(result.stderr)
    assert "[bold]" in result.stdout, "markup is kept as text in the YAML"


def test_add_writes_hostile_words_as_escapes_and_reads_them_back(run, hostile_data, tmp_path):
    target = tmp_path / "d.yaml"
    target.write_text(hostile_data.read_text(encoding="utf-8"), encoding="utf-8")
    words = hostile(40)
    result = run("add", "claim", "--file", target, "--data", target, "--id", "c2", "--event", "e1",
                 "--claimant", "amaq", "--published", "2016-12", "--quote", words, "--note", hostile(41),
                 "--item", f"tank=2={hostile(42).strip()}")
    assert result.exit_code == 0, result.stderr
    assert not controls(result.stdout)
    text = target.read_text(encoding="utf-8")
    assert not controls(text), controls(text)
    claim = next(c for c in load_dataset([target]).claims if c.id == "c2")
    assert (claim.quote, claim.note) == (words, hostile(41))
    assert claim.items[0].as_written == hostile(42).strip()


def oryx_rows(path, system: str) -> None:
    """One row of Oryx's per-image file, with `system` as the words."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["country", "origin", "system", "status", "url", "date_recorded", "sysID", "imageID",
                         "statusID", "matID"])
        writer.writerow(["Russia", "Russia", system, "captured", "https://example.org/1.jpg", "2022-05-01",
                         "10", "1", "1", "7-1011"])


def test_an_import_keeps_hostile_words_exactly(run, tmp_path):
    rows = tmp_path / "event_captured.csv"
    system = "=HYPERLINK(\"x\") T-72B3 \x1b[2J\u202e[bold]x[/]\u200b"
    oryx_rows(rows, system)
    out = tmp_path / "oryx.yaml"
    result = run("import", "oryx-events", rows, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert not controls(result.stdout) and not controls(result.stderr)
    for fast in (True, False):
        [evidence] = load_dataset([out], fast=fast).evidence
        assert evidence.observations[0].as_written == system
    exported = list(csv.DictReader(io.StringIO(stdout(run("evidence", "--data", out, "-f", "csv")),
                                               newline="")))
    assert exported[0]["as_written"] == neutralise(system)


def test_an_import_writes_hostile_words_as_escapes(run, tmp_path):
    rows = tmp_path / "event_captured.csv"
    oryx_rows(rows, "T-72B3 \x1b[2J\u202eevil\u2066\u200b")
    out = tmp_path / "oryx.yaml"
    assert run("import", "oryx-events", rows, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert not controls(text), controls(text)


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_an_import_keeps_unicode_line_breaks_exactly(run, tmp_path, char):
    rows = tmp_path / "event_captured.csv"
    system = f"T-72B3 x{char}y {char}z"
    oryx_rows(rows, system)
    out = tmp_path / "oryx.yaml"
    assert run("import", "oryx-events", rows, "-o", out).exit_code == 0
    for fast in (True, False):
        [evidence] = load_dataset([out], fast=fast).evidence
        assert evidence.observations[0].as_written == system
