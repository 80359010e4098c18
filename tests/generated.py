"""Hypothesis strategies for materiel datasets written as YAML, knowing where every field landed.

A dataset is made as records (lists of key/value pairs, so a key may be written twice), then
written out in randomly chosen styles: block or flow records, plain, single- or double-quoted
scalars, literal block scalars, flow or block lists, odd number spellings, anchors and aliases,
CRLF and a byte-order mark. The writer records the 1-based line and column of every key and value,
so a test can say exactly where a problem must be reported. The fuzz harness in fuzz/ uses
the same strategies.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

from hypothesis import strategies as st

KINDS = ("sources", "events", "equipment", "claims", "evidence")
REQUIRED = {
    "sources": ("id", "name", "kind"),
    "events": ("id", "title", "date", "place"),
    "equipment": ("id", "name"),
    "claims": ("id", "event", "claimant", "published", "items"),
    "evidence": ("id", "event", "kind", "publisher", "published", "observations"),
    "items": ("equipment", "quantity"),
    "observations": ("equipment", "count"),
}
NOUNS = {"sources": "source", "events": "event", "equipment": "equipment node"}
BUILTIN_EQUIPMENT = ("tank", "t-72", "bmp", "bmp-1", "howitzer-122mm", "d-30", "zu-23-2", "dshk",
                     "atgm", "assault-rifle", "ammunition", "tank-ammunition", "grad-rocket",
                     "towed-artillery", "ifv")
SOURCE_KINDS = ("belligerent-official", "belligerent-media", "government", "news-media",
                "investigative", "analyst", "osint-compiler", "ngo", "other")
STATUSES = ("captured", "destroyed", "damaged", "abandoned", "lost")
EVIDENCE_KINDS = ("video", "photo", "satellite", "document", "dataset", "report")
COUNTRIES = ("SY", "IQ", "UA", "RU", "LY", "NO", "YE")

# What a propaganda outlet might put in a name or a quote: markup, terminal control sequences,
# bidirectional overrides, zero-width characters, spreadsheet formulas, quotes and separators.
HOSTILE = (
    "[bold red]x[/]", "[link=http://evil]click[/link]", "\x1b[2J", "\x1b]0;pwned\x07", "\x1b[31m",
    "\u202e", "\u202d", "\u2066", "\u200b", "\u200d", "\ufeff", "=HYPERLINK(\"http://x\")", "=1+1",
    "+cmd", "-2+3", "@SUM(A1)", "\t=x", "\r=x", "\"", "'", ",", ";", "\n", "\r\n", "\\", "|", "<script>",
    "&amp;", "*x*", "`x`", "\x00", "\x7f", "\x85", "\u2028", "\u2029", "\U0001F600", "é", "\u0301",
    "مرحبا", "Пальмира", "#", ": ", " #", "%", "{", "}", "[", "]", "!x", "&a", "*a", "~", "null", "yes",
    "NO", "030", "1e3", "0x1F", "+5", ".inf", "2016-12-01", "12:30", "<<",
)

# Scalars YAML (1.1 or 1.2) would read as something other than a string when written plain.
_SPECIAL_PLAIN = re.compile(
    r"(?i:~|null|true|false|yes|no|on|off|y|n|\.inf|[-+]\.inf|\.nan)"
    r"|[-+]?[0-9_.]+(?:[eE][-+]?[0-9]+)?|[-+]?0[xob][0-9a-fA-F_]+|[0-9:._-]+")
_PLAIN_TEXT = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff][A-Za-z0-9\u00c0-\u024f\u0400-\u04ff .()/_'-]*")


def plain_safe(text: str) -> bool:
    """Whether `text` can be written as a plain scalar (in block and flow context) and read back
    as this same string by both YAML paths of materiel."""
    return (bool(_PLAIN_TEXT.fullmatch(text)) and not text.endswith((" ", ":"))
            and ": " not in text and " #" not in text and "  " not in text
            and not _SPECIAL_PLAIN.fullmatch(text))


def double_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar: every character outside printable text escaped."""
    out = []
    for char in text:
        code = ord(char)
        category = unicodedata.category(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code < 0x80 or category[0] in "CZ" or char in "\ufeff\x85":
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def single_quotable(text: str) -> bool:
    """Whether `text` can be written single-quoted and read back exactly (no escapes there)."""
    return bool(text) and all(
        0x20 <= ord(c) < 0x7F or (ord(c) >= 0xA0 and unicodedata.category(c)[0] not in "CZ")
        for c in text) and text.strip() == text


@dataclass
class Written:
    """A dataset file as written: the text, and where each key and value of it is."""

    text: str
    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # path -> (line, column)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # path -> (line, column)
    repeated: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # path -> 2nd key's place

    def data(self, crlf: bool = False, bom: bool = False) -> bytes:
        """The file's bytes, with CRLF line ends or a byte-order mark if asked."""
        text = self.text.replace("\n", "\r\n") if crlf else self.text
        return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


class Writer:
    """Writes records as YAML, choosing each style with `rng`, and notes every position."""

    def __init__(self, rng: random.Random, odd: bool = False):
        self.rng = rng
        self.odd = odd  # also write numbers, booleans and nulls in the spellings YAML re-types
        self.lines: list[str] = []
        self.out = Written("")
        self.anchors: dict[str, str] = {}  # scalar text -> anchor name, for aliases

    # scalars -----------------------------------------------------------------------------
    def scalar(self, value: object, path: tuple) -> str:
        """One scalar's source text."""
        choice = self.rng.choice
        if isinstance(value, bool):
            if not self.odd:
                return "true" if value else "false"
            return choice(["true", "True", "TRUE", "yes", "on", "y", "1", "'true'"] if value else
                          ["false", "False", "FALSE", "no", "off", "n", "0", "'false'"])
        if isinstance(value, int):
            spellings = [str(value), f"'{value}'", f'"{value}"']
            if self.odd:
                spellings += [f"0{value}", f"+{value}", f"0x{value:x}", f"0o{value:o}", f"{value}.0",
                              f"{value}e0", f"'0x{value:X}'", f"0b{value:b}", f"{value:_}"]
            return choice(spellings)
        if isinstance(value, float):
            spellings = [repr(value), f"'{value!r}'"]
            if self.odd:
                spellings += [f"{value:e}", f"+{value!r}" if value >= 0 else repr(value)]
            return choice(spellings)
        if value is None:
            return choice(["~", "null", "", "Null", "NULL"])
        text = str(value)
        styles = ["double"]
        if plain_safe(text) or (self.odd and _SPECIAL_PLAIN.fullmatch(text)):
            styles.append("plain")
        if single_quotable(text):
            styles.append("single")
        style = choice(styles)
        if style == "plain":
            return text
        if style == "single":
            return "'" + text.replace("'", "''") + "'"
        return double_quoted(text)

    def anchored(self, value: str, path: tuple) -> str:
        """A reference: its text, an anchor on first use, or an alias to an earlier anchor."""
        written = self.scalar(value, path)
        if self.rng.random() < 0.5:
            return written
        if value in self.anchors:
            return "*" + self.anchors[value]
        name = f"a{len(self.anchors)}"
        self.anchors[value] = name
        return f"&{name} {written}"

    # collections in flow style -----------------------------------------------------------
    def flow(self, value: object, path: tuple, line: int, column: int, refs: frozenset) -> str:
        """A value in flow style starting at (line, column); positions noted for what is in it."""
        self.out.values[path] = (line, column)
        if isinstance(value, list):
            out, col = "[", column + 1
            for i, item in enumerate(value):
                part = self.flow(item, (*path, i), line, col, refs)
                out += part
                col += len(part)
                if i < len(value) - 1:
                    out += ", "
                    col += 2
            return out + "]"
        if isinstance(value, Record):
            out, col = "{", column + 1
            for i, (key, item) in enumerate(value.pairs):
                self.note_key((*path, key), line, col)
                part = self.flow(item, (*path, key), line, col + len(key) + 2, refs)
                out += f"{key}: {part}"
                col += len(key) + 2 + len(part)
                if i < len(value.pairs) - 1:
                    out += ", "
                    col += 2
            return out + "}"
        if path[-1] in refs or (len(path) >= 2 and path[-2] in refs):
            return self.anchored(value, path)
        return self.scalar(value, path)

    def note_key(self, path: tuple, line: int, column: int) -> None:
        if path in self.out.keys:
            self.out.repeated[path] = (line, column)
        else:
            self.out.keys[path] = (line, column)

    # records in block style --------------------------------------------------------------
    def record(self, record: Record, path: tuple, indent: int, refs: frozenset) -> None:
        """One record as a block sequence item at `indent`, or as one flow mapping."""
        line = len(self.lines) + 1
        if self.rng.random() < 0.5:
            text = self.flow(record, path, line, indent + 3, refs)
            self.lines.append(" " * indent + "- " + text)
            return
        self.out.values[path] = (line, indent + 3)
        for i, (key, value) in enumerate(record.pairs):
            lead = " " * indent + ("- " if i == 0 else "  ")
            line, column = len(self.lines) + 1, len(lead) + 1
            self.note_key((*path, key), line, column)
            self.block_value(lead + key + ":", (*path, key), value, indent + 2, refs)

    def block_value(self, head: str, path: tuple, value: object, indent: int, refs: frozenset) -> None:
        line = len(self.lines) + 1
        nested = isinstance(value, list) and value and isinstance(value[0], Record)
        if isinstance(value, (list, Record)) and (nested or self.rng.random() < 0.5) and value:
            self.out.values[path] = (line + 1, indent + 3)
            self.lines.append(head)
            if isinstance(value, Record):
                for key, item in value.pairs:
                    self.note_key((*path, key), len(self.lines) + 1, indent + 3)
                    self.block_value(" " * (indent + 2) + key + ":", (*path, key), item, indent + 2, refs)
                self.out.values[path] = (line + 1, indent + 3)
                return
            for i, item in enumerate(value):
                if isinstance(item, Record):
                    self.record(item, (*path, i), indent + 2, refs)
                else:
                    column = indent + 5
                    self.out.values[(*path, i)] = (len(self.lines) + 1, column)
                    self.lines.append(" " * (indent + 2) + "- " + self.flow(item, (*path, i), 0, 0, refs))
                    self.out.values[(*path, i)] = (len(self.lines), column)
            return
        if isinstance(value, str) and literal_ok(value) and self.rng.random() < 0.5:
            self.out.values[path] = (line, len(head) + 2)
            self.lines.append(head + " |" + ("-" if not value.endswith("\n") else ""))
            self.lines.extend(" " * (indent + 2) + part for part in value.rstrip("\n").split("\n"))
            return
        text = self.flow(value, path, line, len(head) + 2, refs)
        self.out.values[path] = (line, len(head) + 2)
        self.lines.append(head + " " + text)

    def document(self, records: dict[str, list[Record]], comments: bool = False) -> Written:
        """The whole file: each kind's key, then its records."""
        refs = frozenset({"event", "claimant", "publisher", "via", "analysed_by", "equipment", "parent"})
        for kind, items in records.items():
            if comments and self.rng.random() < 0.5:
                self.lines.append("# " + kind)
            self.out.keys[(kind,)] = (len(self.lines) + 1, 1)
            if not items:
                self.lines.append(kind + self.rng.choice([": []", ":"]))
                continue
            self.lines.append(kind + ":")
            for i, record in enumerate(items):
                self.record(record, (kind, i), 2, refs)
        self.out.text = "\n".join(self.lines) + "\n"
        return self.out


def literal_ok(text: str) -> bool:
    """Whether `text` can be written as a literal block scalar (`|`) and read back exactly."""
    return bool(re.fullmatch(r"(?:[A-Za-z0-9][A-Za-z0-9 .,]*[A-Za-z0-9.]\n)+|"
                             r"[A-Za-z0-9][A-Za-z0-9 .,]*[A-Za-z0-9.](?:\n[A-Za-z0-9][A-Za-z0-9 .,]*"
                             r"[A-Za-z0-9.])+", text))


@dataclass
class Record:
    """A mapping as written: key/value pairs in order (a key may be repeated on purpose)."""

    pairs: list[tuple[str, object]]

    def get(self, key: str, default=None):
        """The first value written for `key`."""
        return next((v for k, v in self.pairs if k == key), default)

    def without(self, key: str) -> Record:
        """The same mapping with `key` left out."""
        return Record([(k, v) for k, v in self.pairs if k != key])

    def replaced(self, key: str, value: object) -> Record:
        """The same mapping with the value of `key` replaced."""
        return Record([(k, value if k == key else v) for k, v in self.pairs])

    def repeated(self, key: str) -> Record:
        """The same mapping with `key` written again at the end, with the same value."""
        return Record([*self.pairs, (key, self.get(key))])


# content -----------------------------------------------------------------------------------
WORDS = ("Amaq", "tanks", "seized", "the", "untold", "ammunition", "Palmyra", "NO", "yes", "on",
         "true", "null", "030", "1e3", "0x1F", "IS", "BMP", "six", "T-72", "2016-12-01", "12:30",
         "Пальмира", "تدمر", "é", "x", "a.b", "it's", "(odd)")
_RANGES = ((0x00, 0x7F), (0x80, 0x2FFF), (0x3000, 0xD7FF), (0xE000, 0xFFFF), (0x10000, 0x10FFFF))


def random_text(rng: random.Random, hostile: bool = True) -> str:
    """Text for a free-text field: words, and (if `hostile`) anything an adversary might write."""
    def words() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))

    style = rng.randrange(4) if hostile else 0
    if style == 0:
        return words()
    if style == 1:
        return "".join(rng.choice(HOSTILE) if rng.random() < 0.7 else words()
                       for _ in range(rng.randint(1, 4)))
    if style == 2:
        return "".join(chr(rng.randint(*rng.choice(_RANGES))) for _ in range(rng.randint(1, 8)))
    return "\n".join(words() for _ in range(rng.randint(2, 3))) + rng.choice(["", "\n"])


def random_quantity(rng: random.Random) -> object:
    """A quantity as a researcher writes it: a number, `about N`, `at least N`, a range, unspecified."""
    n, m = sorted(rng.choice([0, 1, 2, 30, 10_000_000, rng.randint(0, 10_000_000)]) for _ in range(2))
    return rng.choice([n, str(n), f"about {n}", f"at least {n}", f"{n}-{m}", f"{n} - {m}", "unspecified",
                       "Unspecified"])


def random_date(rng: random.Random) -> str:
    year = rng.choice([1000, 2016, 2024, 9999, rng.randint(1000, 9999)])
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"])


def random_records(rng: random.Random, hostile: bool = True, max_records: int = 3) -> dict[str, list[Record]]:
    """A valid dataset: records of every kind whose references all resolve."""
    def text() -> str:
        return random_text(rng, hostile)

    def optional(pairs, **fields):
        for key, make in fields.items():
            if rng.random() < 0.5:
                pairs.append((key, make()))
        return pairs

    def some(pool, most=2):
        return [rng.choice(pool) for _ in range(rng.randint(1, most))]

    sources, events, equipment, claims, evidence = [], [], [], [], []
    tails = ["", "a", "-b", ".c", "_d", "x-9", "..", "--", "__", "0", "a.b-c_d"]
    for i in range(rng.randint(1, max_records)):
        pairs = [("id", f"s{i}{rng.choice(tails)}"), ("name", text()), ("kind", rng.choice(SOURCE_KINDS))]
        sources.append(Record(optional(pairs, affiliation=text, reliability=lambda: rng.choice("ABCDEF"),
                                       url=lambda i=i: f"https://example.org/s/{i}", note=text)))
    for i in range(rng.randint(1, max_records)):
        pairs = [("id", f"e{i}{rng.choice(tails)}"), ("title", text()), ("date", random_date(rng)),
                 ("place", text())]
        location = lambda: Record([("lat", rng.choice([0.0, 34.55, -90.0, 90.0, 12.5])),  # noqa: E731
                                   ("lon", rng.choice([38.27, -180.0, 180.0, 0.5, 1.0]))])
        events.append(Record(optional(pairs, country=lambda: rng.choice(COUNTRIES), location=location,
                                      gained_by=text, lost_by=text, note=text)))
    for i in range(rng.randint(0, 2)):
        parents = [*BUILTIN_EQUIPMENT, *(r.get("id") for r in equipment)]
        pairs = [("id", f"x{i}{rng.choice(tails)}"), ("name", text()), ("parent", rng.choice(parents))]
        equipment.append(Record(optional(pairs, aliases=lambda: [text() for _ in range(rng.randint(1, 3))],
                                         caliber_mm=lambda: rng.choice([7.62, 122.0, 23.0]), note=text)))
    source_ids = [r.get("id") for r in sources]
    event_ids = [r.get("id") for r in events]
    nodes = [*BUILTIN_EQUIPMENT, *(r.get("id") for r in equipment)]
    for i in range(rng.randint(0, max_records)):
        items = []
        for _ in range(rng.randint(1, 3)):
            pairs = [("equipment", rng.choice(nodes)), ("quantity", random_quantity(rng))]
            items.append(Record(optional(pairs, status=lambda: rng.choice(STATUSES), as_written=text,
                                         note=text)))
        pairs = [("id", f"c{i}{rng.choice(tails)}"), ("event", rng.choice(event_ids)),
                 ("claimant", rng.choice(source_ids)), ("published", random_date(rng))]
        optional(pairs, via=lambda: some(source_ids), url=lambda i=i: f"https://example.org/c/{i}",
                 quote=text, credibility=lambda: rng.randint(1, 6), status=lambda: rng.choice(STATUSES),
                 note=text)
        pairs.append(("items", items))
        claims.append(Record(pairs))
    for i in range(rng.randint(0, max_records)):
        observations = []
        for _ in range(rng.randint(1, 3)):
            pairs = [("equipment", rng.choice(nodes)), ("count", random_quantity(rng))]
            observations.append(Record(optional(
                pairs, status=lambda: rng.choice(STATUSES), as_written=text,
                at=lambda: rng.choice(["00:12", "1:02:03", "59:59", "12:00"]),
                identifiers=lambda: [text() for _ in range(rng.randint(1, 3))], note=text)))
        pairs = [("id", f"v{i}{rng.choice(tails)}"), ("event", rng.choice(event_ids)),
                 ("kind", rng.choice(EVIDENCE_KINDS)), ("publisher", rng.choice(source_ids)),
                 ("published", random_date(rng))]
        optional(pairs, sha256=lambda: "ab" * 32, analysed_by=lambda: some(source_ids),
                 geolocated=lambda: rng.random() < 0.5, chronolocated=lambda: rng.random() < 0.5,
                 credibility=lambda: rng.randint(1, 6), status=lambda: rng.choice(STATUSES), note=text)
        pairs.append(("observations", observations))
        evidence.append(Record(pairs))
    kinds = {"sources": sources, "events": events, "equipment": equipment, "claims": claims,
             "evidence": evidence}
    order = list(KINDS)
    rng.shuffle(order)
    return {kind: kinds[kind] for kind in order if kinds[kind] or rng.random() < 0.5}


def write(rng: random.Random, records: dict[str, list[Record]], odd: bool = False,
          comments: bool = False) -> Written:
    """Write records as a YAML file, choosing every style at random."""
    return Writer(rng, odd).document(records, comments)


# Edits that make a valid file odd or broken, for the property tests and the fuzz harness.
EDITS = ("insert", "delete", "replace", "duplicate-line", "delete-line", "swap-lines", "indent", "dedent")


def edit(text: str, operation: str, i: int, j: int, token: str = "", n: int = 1, indent: str = " ") -> str:
    """One edit: insert `token` at character `i`, replace the character there with it, or
    delete `n` characters from there; or duplicate, delete, swap with the next, indent (with
    `indent`) or dedent (by `n` characters) line `j`."""
    if operation == "insert":
        return text[:i] + token + text[i:]
    if operation == "delete":
        return text[:i] + text[i + n:]
    if operation == "replace":
        return text[:i] + token + text[i + 1:]
    lines = text.split("\n")
    if operation == "duplicate-line":
        lines.insert(j, lines[j])
    elif operation == "delete-line":
        del lines[j]
    elif operation == "swap-lines" and j + 1 < len(lines):
        lines[j], lines[j + 1] = lines[j + 1], lines[j]
    elif operation == "indent":
        lines[j] = indent + lines[j]
    elif operation == "dedent":
        lines[j] = lines[j][n:]
    return "\n".join(lines)


# Hypothesis draws one seeded Random per example and the generator does the rest: a dataset
# takes hundreds of choices, and drawing each through Hypothesis costs more than the test.
def datasets(hostile: bool = True, max_records: int = 3) -> st.SearchStrategy[dict[str, list[Record]]]:
    """A valid dataset's records."""
    return st.randoms(use_true_random=True).map(lambda rng: random_records(rng, hostile, max_records))


@st.composite
def written_datasets(draw, hostile: bool = True, odd: bool = False) -> tuple[dict, Written]:
    """A valid dataset and its file."""
    rng = draw(st.randoms(use_true_random=True))
    records = random_records(rng, hostile)
    return records, write(rng, records, odd, comments=True)


__all__ = ["EDITS", "HOSTILE", "KINDS", "REQUIRED", "Record", "Writer", "Written", "datasets",
           "double_quoted", "edit", "plain_safe", "random_records", "random_text", "write",
           "written_datasets"]
