"""The quantity grammar: what each spelling means, and what is refused."""

import pytest

from materiel.format.quantities import Quantity, format_bounds, parse_quantity


@pytest.mark.parametrize(
    ("written", "low", "high", "approximate", "unspecified"),
    [
        ("30", 30, 30, False, False),
        (30, 30, 30, False, False),
        ("0", 0, 0, False, False),
        ("about 100", 100, 100, True, False),
        ("About  100", 100, 100, True, False),
        ("at least 2", 2, None, False, False),
        ("2-4", 2, 4, False, False),
        ("2 - 4", 2, 4, False, False),
        ("3-3", 3, 3, False, False),
        ("unspecified", 1, None, False, True),
        # as YAML 1.2 reads a plain number (the fast parser does): the same on every path
        ("007", 7, 7, False, False),
        ("+5", 5, 5, False, False),
        ("0x1E", 30, 30, False, False),
    ],
)
def test_grammar_reads_each_spelling(written, low, high, approximate, unspecified):
    q = parse_quantity(written)
    assert (q.low, q.high, q.approximate, q.unspecified) == (low, high, approximate, unspecified)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("-3", "cannot be negative"),
        (-3, "cannot be negative"),
        ("4-2", "runs backwards; write `2-4`"),
        ("about", "needs a number after it"),
        ("at least", "needs a number after it"),
        ("2.5", "a quantity is a whole number, not 2.5"),
        ("1e3", "a quantity is a whole number, not 1000"),
        ("thirty", "is not a quantity"),
        ("", "is not a quantity"),
        ("３０", "is not a quantity"),  # full-width digits: int() would take them
        (True, "expected a whole number"),
        (2.0, "expected a whole number"),
        ("99999999999", "is it a typo"),
    ],
)
def test_grammar_refuses_with_a_reason(written, message):
    with pytest.raises(ValueError, match=message):
        parse_quantity(written)


@pytest.mark.parametrize("written", ["30", "about 100", "at least 2", "2-4", "unspecified", "0"])
def test_written_form_reads_back_to_the_same_value(written):
    q = parse_quantity(written)
    assert str(q) == written
    assert parse_quantity(str(q)) == q


@pytest.mark.parametrize(
    ("quantity", "shown"),
    [
        (Quantity.exact(30), "30"),
        (Quantity(100, 100, approximate=True), "~100"),
        (Quantity(2, None), "2+"),
        (Quantity(2, 4), "2-4"),
        (Quantity(1, None, unspecified=True), "unspecified"),
    ],
)
def test_display_form(quantity, shown):
    assert quantity.display() == shown


def test_bounds_format():
    assert format_bounds(42, 42) == "42"
    assert format_bounds(42, 42, approximate=True) == "~42"
    assert format_bounds(42, 50) == "42-50"
    assert format_bounds(42, None) == "42+"
