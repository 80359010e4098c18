"""A claim's own words turned into a draft `items` list, using the catalog's aliases.

The draft guesses nothing silently: each item keeps the words it came from, and every word
that no alias or quantity explains is listed for the researcher to place by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..format.catalog import Catalog
from ..format.quantities import MAX_QUANTITY, Quantity
from .yaml import dump_yaml, one_line

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_SCALES = {"hundred": 100, "thousand": 1000}
# Words that say "some, without a number": the quantity is `unspecified`.
_UNSPECIFIED = ("large quantities of", "large quantity of", "a large quantity of", "quantities of",
                "a large number of", "a number of", "large numbers of", "lots of", "a lot of",
                "boxes of", "crates of", "stocks of", "piles of", "dozens of", "hundreds of",
                "thousands of", "untold", "other", "several", "many", "numerous", "various",
                "multiple", "some", "more", "dozens", "hundreds", "thousands")
_ABOUT = ("about", "around", "approximately", "roughly", "nearly", "almost", "some", "an estimated",
          "up to")
_AT_LEAST = ("at least", "no fewer than", "no less than")
_MORE_THAN = ("more than", "over", "upwards of", "in excess of")
_STOPWORDS = {"of", "the", "a", "an", "its", "their", "his", "her", "with", "and", "&"}
# Where a list splits into items: commas (not inside 1,000), semicolons, `and`, `&`.
_SPLIT = re.compile(r",(?!\d{3}\b)|;|\s&\s|&|\band\b|\bas well as\b|\bplus\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_RANGE = re.compile(r"(\d+)\s*(?:-|–|to)\s*(\d+)")


@dataclass
class DraftItem:
    """One item of the draft: a catalog node, a quantity, and the words it came from."""

    equipment: str
    quantity: Quantity
    as_written: str


@dataclass
class Draft:
    """The items placed, and the words that could not be placed."""

    items: list[DraftItem] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)


@dataclass
class _Segment:
    text: str  # as written in the quote
    joined_by_and: bool  # the segment follows an `and`/`&` (may share the next one's noun)


def _segments(quote: str) -> list[_Segment]:
    out: list[_Segment] = []
    position = 0
    joined = False
    for m in [*_SPLIT.finditer(quote), None]:
        end = m.start() if m else len(quote)
        text = quote[position:end].strip(" \t\r\n\"'“”‘’.:!?()")
        if text:
            out.append(_Segment(text, joined))
        if m:
            joined = m.group().strip().lower() in ("and", "&")
            position = m.end()
    return out


def _number_words(words: list[str], i: int) -> tuple[int, int] | None:
    """A number written in words starting at words[i]: (value, words used)."""
    total, current, used = 0, 0, 0
    j = i
    if j < len(words) and words[j] == "a" and j + 1 < len(words) and words[j + 1] in (*_SCALES, "dozen"):
        current, j, used = 1, j + 1, 1
    while j < len(words):
        word = words[j]
        parts = word.split("-")
        if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
            current += _TENS[parts[0]] + _UNITS[parts[1]]
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in _SCALES and used:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            break
        j += 1
        used += 1
    return (total + current, used) if used and (total + current or "zero" in words[i:j]) else None


def _quantity_at(words: list[str], i: int) -> tuple[Quantity, int] | None:
    """A quantity starting at words[i], within the grammar's bounds: (quantity, words it takes)."""
    found = _any_quantity_at(words, i)
    if found is None:
        return None
    q = found[0]
    if q.low > MAX_QUANTITY or (q.high is not None and q.high > MAX_QUANTITY):
        return None  # beyond any quantity: the words stay, listed as not placed
    return found


def _any_quantity_at(words: list[str], i: int) -> tuple[Quantity, int] | None:
    rest = " ".join(words[i:])
    for phrases, kind in ((_AT_LEAST, "at least"), (_MORE_THAN, "more than"), (_ABOUT, "about")):
        for phrase in phrases:
            if rest.startswith(phrase + " "):
                n = len(phrase.split())
                inner = _plain_number(words, i + n)
                if inner is not None:
                    value, used = inner
                    if kind == "about":
                        q = Quantity(value, value, approximate=True) if phrase != "up to" \
                            else Quantity(0, value)
                    else:
                        q = Quantity(value + (kind == "more than"), None)
                    return q, n + used
    if m := _RANGE.fullmatch(words[i]) if i < len(words) else None:
        low, high = int(m.group(1)), int(m.group(2))
        if low <= high:
            return Quantity(low, high), 1
    if i + 2 < len(words) and words[i + 1] in ("to", "-") and (_NUMBER.fullmatch(words[i])
                                                               and _NUMBER.fullmatch(words[i + 2])):
        low, high = int(words[i].replace(",", "")), int(words[i + 2].replace(",", ""))
        if low <= high:
            return Quantity(low, high), 3
    inner = _plain_number(words, i)
    if inner is not None:
        return Quantity.exact(inner[0]), inner[1]
    for phrase in _UNSPECIFIED:
        if rest == phrase or rest.startswith(phrase + " "):
            return Quantity(1, None, unspecified=True), len(phrase.split())
    return None


def _plain_number(words: list[str], i: int) -> tuple[int, int] | None:
    if i < len(words) and _NUMBER.fullmatch(words[i]):
        digits = words[i].replace(",", "")
        # A number beyond any quantity is no quantity: it stays in the words, listed unplaced.
        return (int(digits), 1) if len(digits) <= len(str(MAX_QUANTITY)) else None
    return _number_words(words, i)


def _match(catalog: Catalog, words: list[str]) -> tuple[str, int, int] | None:
    """The longest run of words that an alias names: (node, start, end)."""
    # No alias is longer than the catalog's longest: trying longer runs would only cost time.
    for length in range(min(len(words), catalog.longest_alias), 0, -1):
        for start in range(0, len(words) - length + 1):
            phrase = " ".join(words[start:start + length])
            for candidate in (phrase, phrase[:-1] if phrase.endswith("s") else None,
                              phrase[:-2] if phrase.endswith("es") else None):
                if candidate and (node := catalog.lookup(candidate)):
                    return node, start, start + length
    return None


def draft_items(quote: str, catalog: Catalog) -> Draft:
    """Read a claim's words into items: a quantity and a catalog node for each phrase of a list."""
    draft = Draft()
    segments = _segments(quote)
    for index, segment in enumerate(segments):
        tokens = segment.text.split()
        words = [t.casefold() for t in tokens]
        quantity, start, used = None, 0, 0
        for i in range(len(words)):
            found = _quantity_at(words, i)
            if found:
                quantity, (start, used) = found[0], (i, found[1])
                break
        body_start = start + used
        body = words[body_start:]
        as_written = " ".join(tokens[start:]) if quantity else segment.text
        matched = _match(catalog, body)
        following = segments[index + 1] if index + 1 < len(segments) else None
        if following is not None and following.joined_by_and and body:
            # "artillery and mortar shells": the noun of the second phrase may belong to both
            head = following.text.split()[-1:]
            shared = _match(catalog, body + [w.casefold() for w in head])
            # Only an alias that joins words of this phrase to that noun is shared: in "30
            # widgets and six BMPs" the BMPs are six, and the widgets are not BMPs.
            if shared and shared[1] < len(body) and shared[2] == len(body) + 1 and (
                    not matched or shared[2] - shared[1] > matched[2] - matched[1]):
                matched = (shared[0], shared[1], len(body))
                as_written = f"{as_written} and {following.text}"
        if matched is None:
            draft.unplaced.append(segment.text)
            continue
        node, m_start, m_end = matched
        placed = set(range(start, body_start)) | set(range(body_start + m_start, body_start + m_end))
        draft.unplaced.extend(_leftovers(catalog, tokens, placed, node))
        draft.items.append(DraftItem(node, quantity or Quantity(1, None, unspecified=True), as_written))
    return draft


def _leftovers(catalog: Catalog, tokens: list[str], placed: set[int], node: str) -> list[str]:
    """Runs of words that neither the quantity nor the alias explains, as written.

    A run that only repeats what the match says ("tanks" after "T-72B3") or holds only little
    words ("of", "the") explains nothing new and is not listed.
    """
    runs: list[list[str]] = []
    for i, token in enumerate(tokens):
        if i in placed:
            runs.append([])
        elif runs and runs[-1]:
            runs[-1].append(token)
        else:
            runs.append([token])
    out = []
    ancestors = set(catalog.ancestors(node))
    for run in runs:
        words = [w for w in run if w.casefold() not in _STOPWORDS]
        if not words:
            continue
        named = catalog.lookup(" ".join(words))
        if named is None and words[-1].casefold().endswith("s"):
            named = catalog.lookup(" ".join(words)[:-1])
        if named in ancestors:
            continue
        out.append(" ".join(run))
    return out


def draft_yaml(draft: Draft, quote: str) -> str:
    """The draft as YAML to paste under a claim; what was not placed is listed as comments."""
    items = []
    for item in draft.items:
        q = item.quantity
        quantity: int | str = q.low if (not q.approximate and q.high == q.low) else str(q)
        items.append({"equipment": item.equipment, "quantity": quantity, "as_written": item.as_written})
    # Hostile text (terminal controls, bidi overrides) is written as escapes, never raw.
    body = dump_yaml({"items": items}, flow=True)
    header = "quote: " + one_line(" ".join(quote.split()))  # it sits behind a `#`
    lines = ["# materiel draft: check every line before you paste it under the claim.",
             "# " + header, body.rstrip("\n")]
    if draft.unplaced:
        lines.append("# Not placed (no catalog alias matched; place by hand or extend the catalog):")
        for words in draft.unplaced:
            # One comment line each: a phrase with a line break (or anything a terminal would
            # act on) is written as an escaped, quoted string.
            lines.append("#   " + one_line(words))
    return "\n".join(lines) + "\n"
