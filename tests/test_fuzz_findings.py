"""Every crash, hang and bad output the fuzz harnesses (fuzz/) found, as a regression test.

Each test states what should happen; those that still fail are marked xfail(strict=True) with
what happens instead, so fixing the code turns them into ordinary tests.
"""

from __future__ import annotations

import re
import signal
import textwrap
import time
from pathlib import Path

import pytest

from materiel.dataset import build_dataset, builtin_catalog
from materiel.errors import ProblemsFound
from materiel.format.quantities import MAX_QUANTITY, parse_quantity
from materiel.reading.document import read_document
from materiel.writing.draft import draft_items, draft_yaml

HUGE = "1" * 5000  # past Python's 4,300-digit limit on int() of text
README = Path(__file__).resolve().parent.parent / "docs" / "format.md"
DOCUMENTED = set(re.findall(r"`([a-z-]+)`", README.read_text(encoding="utf-8").split("Error codes:")[1]
                            .split("\n\n")[0]))

BASE = textwrap.dedent("""\
    sources: [{id: s, name: S, kind: other}]
    events: [{id: e, title: T, date: 2016, place: P}]
    equipment: [{id: x, name: X, parent: tank}]
    """)


def problems(text: str, fast: bool):
    with pytest.raises(ProblemsFound) as found:
        build_dataset([read_document(text.encode(), "f.yaml", fast=fast)])
    return found.value.problems


# the loader ------------------------------------------------------------------------------
NUMBER_FIELDS = {
    "credibility": BASE + "claims: [{id: c, event: e, claimant: s, published: 2016, credibility: %s, "
                          "items: [{equipment: tank, quantity: 1}]}]\n",
    "lat": "events: [{id: e, title: T, date: 2016, place: P, location: {lat: %s, lon: 1}}]\n",
    "caliber_mm": "equipment: [{id: x, name: X, parent: tank, caliber_mm: %s}]\n",
    "lat-hex": "events: [{id: e, title: T, date: 2016, place: P, location: {lat: 0x%s, lon: 1}}]\n",
}




@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("field", list(NUMBER_FIELDS))
def test_a_number_of_thousands_of_digits_is_a_positioned_problem(field, fast):
    """Found first as `ValueError` from str(int) in dataset._shown (an uncaught exception)."""
    text = NUMBER_FIELDS[field] % HUGE
    [problem] = problems(text, fast)
    line = text.splitlines().index(next(x for x in text.splitlines() if HUGE in x)) + 1
    assert problem.line == line
    assert problem.code in DOCUMENTED, f"`{problem.code}` is not among the README's error codes"
    assert len(problem.message) < 200


def test_a_byte_order_mark_inside_a_file_gives_the_same_problem_on_both_paths():
    """Found by fuzz/fuzz_loader.py: the fast parser kept the mark in a key (`\ufeffsources`,
    reported as unknown at 1:1); the positioned parser reads the top level otherwise."""
    text = "sources:\n\ufeffsources:\n  - {id: a, name: A, kind: other}\n"
    fast, positioned = problems(text, True), problems(text, False)
    assert fast == positioned
    assert [(p.line, p.column, p.code) for p in fast] == [(2, 2, "wrong-type")]


def test_validate_reports_a_number_of_thousands_of_digits(run, tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text(NUMBER_FIELDS["credibility"] % HUGE)
    result = run("validate", "--data", path)
    assert result.exit_code == 1
    assert "internal error" not in result.stderr
    assert "claims[0].credibility" in result.stderr
    assert any(f"error [{code}] claims[0].credibility" in result.stderr for code in DOCUMENTED)


@pytest.mark.parametrize("fast", [True, False])
def test_a_quantity_of_thousands_of_digits_is_called_a_typo(fast):
    """Found first reported with Python's own words (`use sys.set_int_max_str_digits()`)."""
    text = BASE + ("claims: [{id: c, event: e, claimant: s, published: 2016, "
                   f"items: [{{equipment: tank, quantity: {HUGE}}}]}}]\n")
    [problem] = problems(text, fast)
    assert problem.code == "invalid-value" and "is it a typo" in problem.message
    assert "sys.set_int_max_str_digits" not in problem.message and len(problem.message) < 300


# draft -----------------------------------------------------------------------------------
def draft(quote: str):
    result = draft_items(quote, builtin_catalog())
    return result, draft_yaml(result, quote)


def reads_back(text: str) -> dict:
    doc = read_document(text.encode(), "draft.yaml", fast=False)
    assert doc.problems == [], [p.format() for p in doc.problems]
    return doc.data


@pytest.mark.parametrize("quote", [f"{HUGE} tanks", f"about {HUGE} tanks", "1," + "000," * 1500 + "000 tanks",
                                   f"6 BMPs and {HUGE[:4372]} shells"])
def test_draft_survives_a_number_of_thousands_of_digits(quote):
    result, text = draft(quote)
    reads_back(text)
    for item in result.items:
        assert item.quantity.low <= MAX_QUANTITY


def test_the_draft_command_survives_a_number_of_thousands_of_digits(run):
    result = run("draft", f"IS seized {HUGE} tanks")
    assert result.exit_code == 0
    assert "internal error" not in result.stderr


def test_draft_of_a_long_phrase_without_separators_is_quick():
    """Found slow first (draft tried every run of words: cubic), then, once quick, broken: an
    unplaced phrase of over 1,000 characters was wrapped onto a line without its `#`."""
    quote = " ".join(["heavy", "word", "of", "the", "tank"] * 400)  # 2,000 words, no comma, no `and`

    def expired(signum, frame):
        raise TimeoutError("draft still running after 5 s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, 5)
    start = time.perf_counter()
    try:
        _, text = draft(quote)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.perf_counter() - start < 5
    reads_back(text)


@pytest.mark.parametrize("quote", ["6 tanks, IS seized\n\nthe rest", "D\nà", "six BMPs; zzz\n\n- qqq: 1 #"])
def test_a_draft_with_a_line_break_in_an_unplaced_phrase_reads_back(quote):
    result, text = draft(quote)
    data = reads_back(text)
    assert [i["equipment"] for i in data["items"]] == [i.equipment for i in result.items]
    assert result.unplaced, "the phrase is still listed"


def test_draft_writes_only_quantities_the_format_accepts():
    _, text = draft("29674735–29674738 howitzers and 20,000,000 tanks")
    for item in reads_back(text)["items"]:
        parse_quantity(item["quantity"])


def test_the_draft_of_a_long_quote_reads_back():
    quote = "IS seized " + ", ".join(f"{i} tanks" for i in range(1, 150))  # 1,539 characters
    result, text = draft(quote)
    assert len(reads_back(text)["items"]) == len(result.items) == 149
