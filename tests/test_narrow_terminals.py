"""Tables on narrow terminals, run as real processes on a pseudo-terminal.

A table wider than the terminal keeps the columns that identify a row and carry its figures and
verdict, and names every column it leaves out; too narrow even for those, each row is a block of
`Header  value` lines. COLUMNS=0, negative or not a number is ignored (80 on a terminal that
reports no size).
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys

import pytest

from .conftest import PALMYRA, ROOT

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

COMPARE_VERDICTS = ["partly confirmed", "partly confirmed", "unconfirmed", "unconfirmed", "partly confirmed",
                    "partly confirmed", "not claimed", "present", "unconfirmed", "present", "present",
                    "partly confirmed", "unconfirmed"]
COMPARE_CATEGORIES = ["tank", "tank", "ifv", "ifv", "artillery", "artillery", "aa-gun", "small-arms", "atgm",
                      "ammunition", "ammunition", "other", "heavy-weapons"]
COMPARE_CLAIMANTS = ["amaq", "islamic-state", "amaq", "islamic-state", "amaq", "islamic-state", "",
                     "islamic-state", "amaq", "amaq", "islamic-state", "islamic-state", "hassan-hassan"]
COMPARE_SCREEN = ["Category", "Summed", "Status", "Claimant", "Claimed", "Grade", "Confirmed",
                  "Evidence grade", "Independent", "Ratio", "Verdict", "Remarks"]
CLAIMS_EQUIPMENT = ["tank", "bmp", "artillery-122mm", "artillery", "atgm", "grad-rocket",
                    "tank-ammunition", "ammunition", "heavy-weapons",
                    "tank", "bmp", "artillery", "weapons", "weapons", "ammunition", "small-arms", "other",
                    "weapons", "ammunition"]
CLAIMS_CLAIMANTS = ["amaq"] * 8 + ["hassan-hassan"] + ["islamic-state"] * 10
CLAIMS_QUANTITIES = ["30", "6", "6"] + ["unspecified"] * 6 + ["44", "7", "7", "14"] + ["unspecified"] * 6
SUMMARY_CATEGORIES = ["tank", "tank", "ifv", "ifv", "artillery", "artillery", "small-arms", "atgm",
                      "ammunition", "ammunition", "other", "heavy-weapons"]
CLAIMS_SCREEN = ["Claimant", "Via", "Published", "Equipment", "Quantity", "Status", "Grade", "As written"]
SUMMARY_SCREEN = ["Category", "Status", "Claimant", "Claimed", "Grade"]


@functools.cache
def on_terminal(command: str, columns: str) -> tuple[int, str]:
    """(exit code, what the terminal shows) of `materiel COMMAND` with stdout on a pseudo-terminal
    (which reports no size: 0 x 0) and COLUMNS set; colour codes removed."""
    master, slave = os.openpty()
    env = {**os.environ, "COLUMNS": columns, "TERM": "xterm", "NO_COLOR": "1"}
    for name in ("LINES", "MATERIEL_DATA", "FORCE_COLOR"):
        env.pop(name, None)
    process = subprocess.Popen([sys.executable, "-m", "materiel", *command.split(), "--data", str(PALMYRA)],
                               stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               cwd=ROOT, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    _, stderr = process.communicate(timeout=60)
    assert stderr == b"", stderr
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return process.returncode, ANSI.sub("", text)


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def record_values(text: str, header: str) -> list[str]:
    """The values of `header` in a block-per-row layout, in order (first line of each)."""
    body = lines(text)[1:]  # past the title
    return [line[len(header):].strip() for line in body if re.fullmatch(re.escape(header) + r"(\s.*)?", line)]


def table_rows(text: str) -> list[str]:
    """The lines between a table's header rule and its caption."""
    out = lines(text)
    start = next(i for i, line in enumerate(out) if line and set(line.strip()) == {"─"})
    end = next(i for i, line in enumerate(out) if line.startswith(("event: ", "data: ")))
    return out[start + 1:end]


@pytest.mark.parametrize("width", [30, 45, 60])
def test_compare_too_narrow_for_a_table_shows_each_row_as_a_block(width):
    code, out = on_terminal("compare", str(width))
    assert code == 0
    assert max(map(len, lines(out))) <= width
    assert "Claims against evidence" in out
    # Every column is there, nothing left out: one line per header per row.
    assert record_values(out, "Category") == COMPARE_CATEGORIES
    assert record_values(out, "Claimant") == COMPARE_CLAIMANTS
    assert record_values(out, "Claimed") == ["30", "44", "6", "7", "7+", "7", ""] + ["unspecified"] * 4 + [
        "17+", "unspecified"]
    assert record_values(out, "Confirmed") == ["14", "14", "0", "0", "3+", "3+", "1+", "1+", "0", "1+", "1+",
                                               "3", "0"]
    verdicts = record_values(out, "Verdict")
    if width >= 45:
        assert verdicts == COMPARE_VERDICTS
    else:  # `partly confirmed` wraps at its space
        assert verdicts == [v.replace("partly confirmed", "partly") for v in COMPARE_VERDICTS]
    for header in COMPARE_SCREEN:
        assert sum(line.startswith(header) for line in lines(out)) >= len(COMPARE_CATEGORIES), header
    assert "Left out" not in out
    assert f"One block per row: {width} columns are too few for the table" in " ".join(lines(out))


@pytest.mark.parametrize("columns", ["0", "-5", "eighty"])
def test_compare_ignores_a_columns_of_zero_negative_or_words(columns):
    code, out = on_terminal("compare", columns)
    assert code == 0 and out.strip()
    assert max(map(len, lines(out))) <= 80
    header = next(line for line in lines(out) if line.startswith("Category"))
    assert header.split() == ["Category", "Status", "Claimant", "Claimed", "Confirmed", "Verdict"]
    rows = [line.split() for line in table_rows(out) if line and not line.startswith(" ")]
    assert [row[0] for row in rows] == COMPARE_CATEGORIES
    assert [" ".join(row[-2:]) if row[-1] in ("claimed",) else row[-1] for row in rows] == \
        [v.replace("partly confirmed", "partly") for v in COMPARE_VERDICTS]
    assert "hassan-hassan" in out and "confirmed" in table_rows(out)[1]  # `partly` / `confirmed`
    said = " ".join(lines(out))
    assert ("Left out at 80 columns: Summed, Grade, Evidence grade, Independent, Ratio, Remarks; a "
            "wider terminal shows them, --format csv or --format json every column.") in said


def test_claims_fold_text_but_keep_every_row_and_name_what_is_left_out():
    code, out = on_terminal("claims", "60")
    assert code == 0
    assert max(map(len, lines(out))) <= 60
    header = next(line for line in lines(out) if line.startswith("Claimant"))
    assert header.split() == ["Claimant", "Published", "Equipment", "Quantity", "Status"]
    rows = [line.split() for line in table_rows(out) if line.startswith(("amaq", "hassan", "islamic"))]
    assert [row[-1] for row in rows] == ["captured"] * 8 + ["abandoned"] + ["captured"] * 10
    assert [row[-2] for row in rows] == CLAIMS_QUANTITIES
    assert "Left out at 60 columns: Via, Grade, As written;" in " ".join(lines(out))


@pytest.mark.parametrize("width", [30, 45])
def test_claims_too_narrow_show_blocks_with_every_column(width):
    code, out = on_terminal("claims", str(width))
    assert code == 0
    assert max(map(len, lines(out))) <= width
    assert record_values(out, "Equipment") == CLAIMS_EQUIPMENT
    assert record_values(out, "Claimant") == CLAIMS_CLAIMANTS
    assert record_values(out, "Quantity") == CLAIMS_QUANTITIES
    for header in CLAIMS_SCREEN:
        assert any(line.startswith(header) for line in lines(out)), header


def test_claims_at_zero_columns_is_a_table_of_80():
    code, out = on_terminal("claims", "0")
    assert code == 0
    assert max(map(len, lines(out))) <= 80
    header = next(line for line in lines(out) if line.startswith("Claimant"))
    assert header.split() == ["Claimant", "Published", "Equipment", "Quantity", "Status", "Grade"]
    rows = [line.split() for line in table_rows(out)]
    assert [row[2] for row in rows] == CLAIMS_EQUIPMENT
    assert "Left out at 80 columns: Via, As written;" in " ".join(lines(out))


@pytest.mark.parametrize("width", [30, 45])
def test_summary_too_narrow_shows_blocks(width):
    code, out = on_terminal("summary", str(width))
    assert code == 0
    assert max(map(len, lines(out))) <= width
    assert record_values(out, "Category") == SUMMARY_CATEGORIES
    assert record_values(out, "Claimed") == ["30", "44", "6", "7", "7+", "7", "unspecified", "unspecified",
                                             "unspecified", "unspecified", "17+", "unspecified"]
    assert record_values(out, "Grade") == ["E4"] * 11 + ["C3"]


@pytest.mark.parametrize("columns", ["60", "0"])
def test_summary_that_fits_keeps_every_column(columns):
    code, out = on_terminal("summary", columns)
    assert code == 0
    header = next(line for line in lines(out) if line.strip().startswith("Category"))
    assert header.split() == SUMMARY_SCREEN
    rows = [line.split() for line in table_rows(out) if line.strip()]
    assert [row[0] for row in rows] == SUMMARY_CATEGORIES
    assert [row[-1] for row in rows] == ["E4"] * 11 + ["C3"]
    assert "Left out" not in out


def test_into_a_pipe_the_table_keeps_its_natural_width():
    env = {**os.environ, "COLUMNS": "30"}
    env.pop("MATERIEL_DATA", None)
    out = subprocess.run([sys.executable, "-m", "materiel", "compare", "--data", str(PALMYRA)],
                         capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout
    header = next(line for line in out.splitlines() if "Verdict" in line)
    assert header.split()[:2] == ["Category", "Summed"] and header.split()[-2:] == ["Verdict", "Remarks"]
    assert "Left out" not in out and "One block per row" not in out


@pytest.mark.parametrize("columns", ["0", "40"])
def test_the_chart_is_drawn_whatever_columns_says(columns):
    """COLUMNS=0 is unset for the chart too (it was a chart of no width: no bars at all)."""
    code, text = on_terminal("compare --chart", columns)
    assert code == 0
    bars = [line for line in lines(text) if line.strip().startswith(("claimed ", "confirmed "))]
    assert len(bars) >= 2 * len(COMPARE_CATEGORIES), text
    assert all(len(line) <= (80 if columns == "0" else 40) for line in lines(text))
