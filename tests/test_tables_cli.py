"""The table commands end to end: formats, export round trips, filters, hostile text, --strict."""

import csv
import io
import json

import pytest
from rich.console import Console

from materiel.analysis.filters import Filters
from materiel.dataset import load_dataset
from materiel.output.files import write_atomic
from materiel.output.formats import neutralise, to_csv
from materiel.output.terminal import render_table

from .conftest import PALMYRA
from .helpers import compare_table, dataset_from, joined, read_csv, summary_table

COMMANDS = ["claims", "evidence", "summary", "compare", "catalog"]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_every_table_command_in_every_format(run, command, fmt):
    result = run(command, "--data", PALMYRA, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "\x1b" not in result.stdout, "piped output carries no ANSI codes"
    assert result.stdout.strip()


def test_compare_table_on_screen(run):
    result = run("compare", "--data", PALMYRA)
    lines = result.stdout.splitlines()
    assert "Claims against evidence, by category" in lines[0]
    row = next(line for line in lines if line.strip().startswith("artillery "))
    # CENTCOM's three artillery systems, captured and later destroyed, and the video's unspecified
    # "artillery pieces": 3, maybe more (3+), a ratio from the 3, and Remarks says what came later
    # (the Summed column shows, since `heavy-weapons` sums several categories)
    assert row.split() == ["artillery", "towed-artillery", "+", "sp-artillery", "captured", "amaq", "7+",
                           "E4", "3+", "C2", "yes", "0.43", "partly", "confirmed", "3", "captured,", "later",
                           "destroyed"]
    assert "event: palmyra-2016-12; data: " in result.stdout


@pytest.mark.parametrize(("make", "command"), [
    (lambda d: summary_table(d, "category"), ["summary"]),
    (lambda d: summary_table(d, "event"), ["summary", "--by", "event"]),
    (lambda d: compare_table(d, "category"), ["compare"]),
    (lambda d: compare_table(d, "type"), ["compare", "--level", "type"]),
])
def test_csv_round_trips_to_the_same_rows(run, make, command):
    table = make(load_dataset([PALMYRA]))
    result = run(*command, "--data", PALMYRA, "--format", "csv")
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("utf-8")
    assert text.startswith(",".join(c.name for c in table.exported) + "\r\n"), "RFC 4180 line ends"
    parsed = read_csv(table.columns, text)
    assert parsed == joined(table)


def test_csv_numbers_are_numbers_and_bounds_are_split(run):
    result = run("compare", "--data", PALMYRA, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    towed = next(r for r in rows if r["equipment"] == "artillery")
    assert (towed["claimed"], towed["claimed_low"], towed["claimed_high"], towed["claimed_approximate"],
            towed["claimed_unspecified"], towed["confirmed"], towed["confirmed_open"], towed["ratio"]) == (
        "7+", "7", "", "false", "true", "3", "true", "0.43")
    assert towed["later"] == "destroyed 3"


def test_json_is_the_library_result(run):
    result = run("compare", "--data", PALMYRA, "--format", "json", "--level", "type")
    table = compare_table(load_dataset([PALMYRA]), "type")
    assert json.loads(result.stdout) == [{c.name: row[c.name] for c in table.exported} for row in table.rows]
    assert isinstance(json.loads(result.stdout)[0]["claims"], list), "lists stay lists in JSON"


def test_markdown_is_a_pipe_table(run):
    result = run("summary", "--data", PALMYRA, "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[2] == "| Category | Status | Claimant | Claimed | Grade |"
    assert lines[3] == "|---|---|---|---|---|"
    assert "| artillery | captured | amaq | 7+ | E4 |" in lines


def test_output_file_is_written_whole(run, tmp_path):
    target = tmp_path / "compare.csv"
    target.write_text("old")
    result = run("compare", "--data", PALMYRA, "--format", "csv", "-o", target)
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_bytes().decode("utf-8") == to_csv(compare_table(load_dataset([PALMYRA])))
    assert [p.name for p in tmp_path.iterdir()] == ["compare.csv"], "no temporary file left behind"


def test_failed_write_leaves_the_old_file(run, tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_text("old")

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    result = run("summary", "--data", PALMYRA, "--format", "csv", "-o", target)
    assert result.exit_code == 1
    assert result.stderr == f"materiel: cannot write {target}: No space left on device\n"
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_missing_output_folder_is_a_clear_error(run, tmp_path):
    result = run("summary", "--data", PALMYRA, "-o", tmp_path / "nope" / "x.csv")
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_write_atomic_keeps_permissions(tmp_path):
    target = tmp_path / "t.md"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert (target.read_text(), target.stat().st_mode & 0o777) == ("new", 0o640)


def test_strict_exits_1_when_a_claim_is_not_confirmed(run, tmp_path):
    result = run("compare", "--data", PALMYRA, "--strict")
    assert result.exit_code == 1
    assert result.stderr.endswith("materiel: 9 claimed row(s) not confirmed (--strict)\n")
    assert ("materiel: not confirmed: palmyra-2016-12 tank captured amaq 30 "
            "(confirmed 14, partly confirmed)\n") in result.stderr
    assert "unconfirmed" in result.stdout
    confirmed = tmp_path / "ok.yaml"
    confirmed.write_text(
        "sources: [{id: s, name: S, kind: other}]\n"
        "events: [{id: e, title: E, date: 2016, place: P}]\n"
        "claims: [{id: c, event: e, claimant: s, published: 2016, items: [{equipment: tank, quantity: 1}]}]\n"
        "evidence: [{id: v, event: e, kind: photo, publisher: s, published: 2016,\n"
        "            observations: [{equipment: t-72, count: 1}]}]\n")
    assert run("compare", "--data", confirmed, "--strict").exit_code == 0


def test_filters_narrow_every_listing(run):
    by_alias = run("claims", "--data", PALMYRA, "--equipment", "Kalashnikov", "-f", "json")
    assert json.loads(by_alias.stdout) == []
    artillery = run("claims", "--data", PALMYRA, "--equipment", "artillery", "-f", "json")
    assert [(r["claimant"], r["equipment"]) for r in json.loads(artillery.stdout)] == [
        ("amaq", "artillery-122mm"), ("amaq", "artillery"), ("islamic-state", "artillery")]
    hassan = run("summary", "--data", PALMYRA, "--claimant", "hassan-hassan", "-f", "json")
    assert [r["claimant"] for r in json.loads(hassan.stdout)] == ["hassan-hassan"]
    abandoned = run("claims", "--data", PALMYRA, "--status", "abandoned", "-f", "json")
    assert [r["claim"] for r in json.loads(abandoned.stdout)] == ["hassan-hassan-ndf-abandoned"]
    later = run("evidence", "--data", PALMYRA, "--since", "2016-12-14", "-f", "json")  # not the video (13th)
    assert [r["evidence"] for r in json.loads(later.stdout)] == ["centcom-strike-2016-12-15"] * 4
    graded = run("claims", "--data", PALMYRA, "--min-reliability", "C", "-f", "json")
    assert {r["claimant"] for r in json.loads(graded.stdout)} == {"hassan-hassan"}
    credible = run("evidence", "--data", PALMYRA, "--min-credibility", "2", "-f", "json")
    assert len(json.loads(credible.stdout)) == 11  # the video's 7 and the release's 4, both graded 2
    confirmed = run("evidence", "--data", PALMYRA, "--min-credibility", "1", "-f", "json")
    assert json.loads(confirmed.stdout) == []
    assert "equipment ammunition" in run("compare", "--data", PALMYRA, "--equipment", "ammo").stdout


def test_unknown_filter_value_is_a_usage_error_with_a_suggestion(run):
    result = run("compare", "--data", PALMYRA, "--claimant", "amaqq")
    assert result.exit_code == 2
    assert "no source has the id `amaqq`; did you mean `amaq`?" in result.stderr
    bad_date = run("claims", "--data", PALMYRA, "--since", "2016-02-30")
    assert bad_date.exit_code == 2
    assert "February 2016 has 29 days" in bad_date.stderr


def test_catalog_search_by_alias(run):
    grad = run("catalog", "--search", "grad missiles", "-f", "json")
    assert [r["id"] for r in json.loads(grad.stdout)] == ["grad-rocket"]
    kalashnikov = run("catalog", "--search", "Kalashnikov", "-f", "json")
    assert json.loads(kalashnikov.stdout)[0]["id"] == "assault-rifle"
    tree = run("catalog")
    assert "    122mm towed howitzer" in tree.stdout


HOSTILE = '[bold red]x[/] \x1b[2J\x1b]0;pwned\x07 \u202eevil\u200b'
HOSTILE_YAML = '"[bold red]x[/] \\e[2J\\e]0;pwned\\a \\u202eevil\\u200b"'


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(
        "sources: [{id: s, name: " + HOSTILE_YAML + ", kind: other}]\n"
        "events: [{id: e, title: T, date: 2016, place: P}]\n"
        "claims:\n"
        "  - {id: c, event: e, claimant: s, published: 2016, quote: '=HYPERLINK(\"http://x\")',\n"
        "     items: [{equipment: tank, quantity: 2, as_written: " + HOSTILE_YAML + "},\n"
        "             {equipment: bmp, quantity: 1, as_written: '=1+1'},\n"
        "             {equipment: atgm, quantity: 1, as_written: '@SUM(A1)'},\n"
        "             {equipment: t-72, quantity: 1, as_written: '-2+3'},\n"
        "             {equipment: t-55, quantity: 1, as_written: '+cmd'}]}\n",
        encoding="utf-8")
    return path


def test_hostile_text_is_inert_on_screen(run, hostile):
    result = run("claims", "--data", hostile)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x07" not in result.stdout
    assert "[bold red]x[/] \\x1b[2J\\x1b]0;pwned\\x07 \\u202eevil\\u200b" in result.stdout


def test_hostile_text_is_neutralised_in_csv_and_exact_in_json(run, hostile):
    rows = list(csv.DictReader(io.StringIO(run("claims", "--data", hostile, "-f", "csv").stdout)))
    assert [r["as_written"] for r in rows] == [HOSTILE, "'=1+1", "'@SUM(A1)", "'-2+3", "'+cmd"]
    data = json.loads(run("claims", "--data", hostile, "-f", "json").stdout)
    assert [r["as_written"] for r in data] == [HOSTILE, "=1+1", "@SUM(A1)", "-2+3", "+cmd"]
    markdown = run("claims", "--data", hostile, "-f", "markdown").stdout
    assert "\\[bold red\\]x\\[/\\]" in markdown and "\x1b" not in markdown


@pytest.mark.parametrize("cell", ["=1", "+1", "-1", "@x", "\tx", "\rx"])
def test_neutralise(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("x" + cell) == "x" + cell


def test_narrow_terminal_wraps_but_keeps_every_number(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    buffer = io.StringIO()
    console = Console(file=buffer, width=50, force_terminal=True, color_system="truecolor")
    render_table(compare_table(load_dataset([PALMYRA])), console)
    out = buffer.getvalue()
    assert "\x1b[3" not in out, "NO_COLOR: no colour codes"
    assert all(len(line) <= 50 for line in __import__("re").sub(r"\x1b\[[0-9;]*m", "", out).splitlines())
    for number in ("1+", "0.00", "E4", "F2", "C3"):
        assert number in out


def test_colour_on_a_terminal():
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=True, color_system="standard")
    render_table(compare_table(load_dataset([PALMYRA])), console)
    assert "\x1b[1;31munconfirmed" in buffer.getvalue()


def test_filters_are_named_in_the_caption(run, tmp_path):
    result = run("compare", "--data", PALMYRA, "--status", "captured", "--min-reliability", "E")
    assert "status captured; reliability E or better" in result.stdout


def test_since_until_on_synthetic_claims(tmp_path):
    from .test_analysis import CLAIMS

    dataset = dataset_from(tmp_path, CLAIMS)
    table = summary_table(dataset, "event", Filters(until=load_partial("2016-12-12")))
    assert [(r["event"], r["claimant"], r["claimed"]) for r in table.rows] == [
        ("e1", "amaq", "30"), ("e1", "amaq", "7+")]


def load_partial(text):
    from materiel.format.models import parse_partial_date

    return parse_partial_date(text)
