"""The quantity grammar (`30`, `about 100`, `at least 2`, `2-4`, `unspecified`) and bound arithmetic."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

try:
    import yaml_rs
except ImportError:  # pragma: no cover - without yaml-rs, Python's own reading of numbers
    yaml_rs = None

MAX_QUANTITY = 10_000_000  # no claim in this field comes near; a larger number is a typo

_NUMBER = r"(0|[1-9][0-9]*)"
_EXACT = re.compile(rf"{_NUMBER}")
_ABOUT = re.compile(rf"about\s+{_NUMBER}")
_AT_LEAST = re.compile(rf"at\s+least\s+{_NUMBER}")
_RANGE = re.compile(rf"{_NUMBER}\s*-\s*{_NUMBER}")

GRAMMAR = "a whole number (`30`), `about 100`, `at least 2`, a range `2-4`, or `unspecified`"
# One regular expression for the whole grammar, for the JSON Schema and editors.
PATTERN = (
    r"^\s*(?:(?:0|[1-9][0-9]*)|about\s+(?:0|[1-9][0-9]*)|at\s+least\s+(?:0|[1-9][0-9]*)"
    r"|(?:0|[1-9][0-9]*)\s*-\s*(?:0|[1-9][0-9]*)|unspecified)\s*$"
)


@dataclass(frozen=True)
class Quantity:
    """A number as a claim or an observation states it: a low bound, a high bound or none."""

    low: int
    high: int | None  # None: unbounded
    approximate: bool = False
    unspecified: bool = False

    @classmethod
    def exact(cls, n: int) -> Quantity:
        """Exactly `n`."""
        return cls(n, n)

    def __str__(self) -> str:
        """The grammar's own spelling, which `parse_quantity` reads back to the same value."""
        if self.unspecified:
            return "unspecified"
        if self.approximate:
            return f"about {self.low}"
        if self.high is None:
            return f"at least {self.low}"
        if self.low == self.high:
            return str(self.low)
        return f"{self.low}-{self.high}"

    def display(self) -> str:
        """The short form used in tables: `30`, `~100`, `2+`, `2-4`, `unspecified`."""
        if self.unspecified:
            return "unspecified"
        return format_bounds(self.low, self.high, self.approximate)


def _checked(n: str) -> int:
    if len(n) > 12 or int(n) > MAX_QUANTITY:  # int() refuses numbers of thousands of digits
        raise ValueError(f"the number is larger than {MAX_QUANTITY:,}; is it a typo?")
    return int(n)


_NUMBER_CHARS = frozenset("0123456789+-._xXoObBeEaAcCdDfFiInN")


@functools.lru_cache(maxsize=65536)
def yaml_number(text: str) -> int | float | None:
    """The number YAML 1.2 reads in this text written plain (`030` is 30, `1e3` is 1000.0), or None.

    A value may reach the models as written (text) or as YAML 1.2 reads it (a number); fields
    that want a number read text through this, so that both mean the same.
    """
    if not text or len(text) > 100 or not _NUMBER_CHARS.issuperset(text):
        return None  # (a number of hundreds of digits is read as text: parsing it is quadratic)
    if yaml_rs is not None:
        try:
            value = yaml_rs.loads("v: " + text, parse_datetime=False)["v"]
        except Exception:
            return None
    else:  # pragma: no cover - depends on yaml-rs being installed
        for read in (int, float):
            try:
                value = read(text)
                break
            except ValueError:
                value = None
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def parse_quantity(value: object) -> Quantity:
    """Read a quantity written in the grammar; raise ValueError saying what is accepted."""
    if type(value) is int:  # the commonest: a number as YAML reads it (not a boolean)
        return _parse_quantity(value)
    if type(value) is str and (known := _QUANTITIES_READ.get(value)) is not None:
        return known  # a dataset repeats its quantities: each text is read once
    if isinstance(value, Quantity):
        return value
    text = value
    if isinstance(value, str) and (number := yaml_number(value.strip())) is not None:
        value = number
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        if isinstance(value, float):
            raise ValueError(f"a quantity is a whole number, not {value:g}; expected {GRAMMAR}")
        raise ValueError(f"expected {GRAMMAR}")
    quantity = _parse_quantity(value)
    if type(text) is str and len(_QUANTITIES_READ) < 65536:
        _QUANTITIES_READ[text] = quantity
    return quantity


_QUANTITIES_READ: dict[str, Quantity] = {}  # text as written -> the quantity it reads as


@functools.lru_cache(maxsize=65536)
def _parse_quantity(value: int | str) -> Quantity:
    if isinstance(value, int):
        if value < 0:
            shown = value if value > -MAX_QUANTITY else "a large negative number"
            raise ValueError(f"a quantity cannot be negative ({shown}); expected {GRAMMAR}")
        if value > MAX_QUANTITY:  # not str(value): Python refuses numbers of thousands of digits
            raise ValueError(f"the number is larger than {MAX_QUANTITY:,}; is it a typo?")
        return Quantity.exact(value)
    text = " ".join(value.split()).lower()
    if text == "unspecified":
        return Quantity(1, None, unspecified=True)
    if m := _EXACT.fullmatch(text):
        return Quantity.exact(_checked(m.group(1)))
    if m := _ABOUT.fullmatch(text):
        n = _checked(m.group(1))
        return Quantity(n, n, approximate=True)
    if m := _AT_LEAST.fullmatch(text):
        return Quantity(_checked(m.group(1)), None)
    if m := _RANGE.fullmatch(text):
        low, high = _checked(m.group(1)), _checked(m.group(2))
        if low > high:
            raise ValueError(f"range `{value}` runs backwards; write `{high}-{low}`")
        return Quantity(low, high)
    if text.startswith("-") and text[1:].isdigit():
        raise ValueError(f"a quantity cannot be negative ({value}); expected {GRAMMAR}")
    if text in ("about", "at least"):
        raise ValueError(f"`{value}` needs a number after it, e.g. `{text} 10`")
    raise ValueError(f"`{value}` is not a quantity; expected {GRAMMAR}")


def format_bounds(low: int, high: int | None, approximate: bool = False) -> str:
    """A total as researchers read it: `42`, `~42`, `42-50` or `42+` (unbounded)."""
    if high is None:
        return f"{low}+"
    if low == high:
        return f"~{low}" if approximate else str(low)
    return f"~{low}-{high}" if approximate else f"{low}-{high}"


@dataclass(frozen=True)
class Bounds:
    """A total of quantities: lows add, highs add, and one unbounded high makes it unbounded."""

    low: int = 0
    high: int | None = 0
    approximate: bool = False
    unspecified: bool = False  # some part was `unspecified`
    numbered: bool = False  # some part gave a number

    @classmethod
    def of(cls, quantity: Quantity) -> Bounds:
        """The bounds of one quantity."""
        return cls(quantity.low, quantity.high, quantity.approximate, quantity.unspecified,
                   not quantity.unspecified)

    def __add__(self, other: Bounds) -> Bounds:
        high = None if self.high is None or other.high is None else self.high + other.high
        return Bounds(self.low + other.low, high, self.approximate or other.approximate,
                      self.unspecified or other.unspecified, self.numbered or other.numbered)

    @property
    def only_unspecified(self) -> bool:
        """No part gave a number: the claim says only that there were some."""
        return self.unspecified and not self.numbered

    @property
    def stated_low(self) -> int:
        """The least the total says: its low, but 1 where it says only "some" (several `unspecified`
        parts are not several items; "six" and "other" are at least seven)."""
        return 1 if self.only_unspecified else self.low

    def order(self) -> tuple[int, float]:
        """Sort key: the larger low first decides, then the larger high (unbounded largest)."""
        return (self.low, float("inf") if self.high is None else self.high)

    def display(self) -> str:
        """`42`, `~42`, `42-50`, `42+`, or `unspecified` when no part gave a number."""
        if self.only_unspecified:
            return "unspecified"
        return format_bounds(self.low, self.high, self.approximate)


def sum_bounds(quantities) -> Bounds:
    """Add quantities (or bounds): lows add, highs add, an unbounded high makes the sum unbounded."""
    total = None
    for q in quantities:
        part = q if isinstance(q, Bounds) else _bounds_of(q)
        total = part if total is None else total + part
    return Bounds() if total is None else total


@functools.lru_cache(maxsize=65536)
def _bounds_of(quantity: Quantity) -> Bounds:
    return Bounds.of(quantity)


def largest(totals) -> Bounds | None:
    """The largest of several totals (a repeated claim does not double); None for none."""
    return max(totals, key=Bounds.order, default=None)
