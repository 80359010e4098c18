"""Hypothesis strategies for materiel datasets written as YAML, knowing where every field landed.

A dataset is drawn as records (lists of key/value pairs, so a key may be written twice), then
written out with drawn styles: block or flow records, plain, single- or double-quoted scalars,
literal block scalars, flow or block lists, odd number spellings, anchors and aliases, CRLF
and a byte-order mark. The writer records the 1-based line and column of every key and value,
so a test can say exactly where a problem must be reported. The fuzz harness in fuzz/ uses
the same strategies.
"""

from __future__ import annotations

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
# Fields that name another record: (field, kind of record it names); `[]` for each list element.
REFERENCE_FIELDS = {
    "claims": (("event", "events"), ("claimant", "sources"), ("via", "sources")),
    "evidence": (("event", "events"), ("publisher", "sources"), ("analysed_by", "sources")),
    "equipment": (("parent", "equipment"),),
}
NOUNS = {"sources": "source", "events": "event", "equipment": "equipment node"}
TEXT_FIELDS = {
    "sources": ("name", "affiliation", "note"),
    "events": ("title", "place", "gained_by", "lost_by", "note"),
    "equipment": ("name", "note"),
    "claims": ("quote", "note"),
    "evidence": ("note",),
    "items": ("as_written", "note"),
    "observations": ("as_written", "note"),
}
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
    expected: dict = field(default_factory=dict)  # what each text field must read as

    def data(self, crlf: bool = False, bom: bool = False) -> bytes:
        """The file's bytes, with CRLF line ends or a byte-order mark if asked."""
        text = self.text.replace("\n", "\r\n") if crlf else self.text
        return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


class Writer:
    """Writes records as YAML, choosing each style with `draw`, and notes every position."""

    def __init__(self, draw, odd: bool = False):
        self.draw = draw
        self.odd = odd  # also write numbers, booleans and nulls in the spellings YAML re-types
        self.lines: list[str] = []
        self.out = Written("")
        self.anchors: dict[str, str] = {}  # scalar text -> anchor name, for aliases

    # scalars -----------------------------------------------------------------------------
    def scalar(self, value: object, path: tuple) -> str:
        """One scalar's source text."""
        draw = self.draw
        if isinstance(value, bool):
            words = ["true", "false"] if not self.odd else (
                ["true", "True", "TRUE", "yes", "on"] if value else ["false", "False", "no", "off"])
            return draw(st.sampled_from([w for w in words if (w in ("true", "True", "TRUE")) == value
                                         or not self.odd or w not in ("true", "false")]))
        if isinstance(value, int):
            spellings = [str(value), f"'{value}'", f'"{value}"']
            if self.odd:
                spellings += [f"0{value}", f"+{value}", f"0x{value:x}", f"0o{value:o}", f"{value}.0",
                              f"{value}e0", f"'0x{value:X}'", f"0b{value:b}", f"{value:_}"]
            return draw(st.sampled_from(spellings))
        if isinstance(value, float):
            spellings = [repr(value), f"'{value!r}'"]
            if self.odd:
                spellings += [f"{value:e}", f"+{value!r}" if value >= 0 else repr(value)]
            return draw(st.sampled_from(spellings))
        if value is None:
            return draw(st.sampled_from(["~", "null", "", "Null", "NULL"]))
        text = str(value)
        styles = ["double"]
        if plain_safe(text) or (self.odd and _SPECIAL_PLAIN.fullmatch(text)):
            styles.append("plain")
        if single_quotable(text):
            styles.append("single")
        style = draw(st.sampled_from(styles))
        if style == "plain":
            return text
        if style == "single":
            return "'" + text.replace("'", "''") + "'"
        return double_quoted(text)

    def anchored(self, value: str, path: tuple) -> str:
        """A reference: its text, an anchor on first use, or an alias to an earlier anchor."""
        written = self.scalar(value, path)
        if not self.draw(st.booleans()):
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
        if self.draw(st.booleans()):
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
        if isinstance(value, (list, Record)) and (nested or self.draw(st.booleans())) and value:
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
        if isinstance(value, str) and literal_ok(value) and self.draw(st.booleans()):
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
            if comments and self.draw(st.booleans()):
                self.lines.append("# " + kind)
            self.out.keys[(kind,)] = (len(self.lines) + 1, 1)
            if not items:
                self.lines.append(kind + self.draw(st.sampled_from([": []", ":"])))
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
def texts(hostile: bool = True) -> st.SearchStrategy[str]:
    """Text for free-text fields: words, and (if `hostile`) anything an adversary might write."""
    words = st.from_regex(r"[A-Z][a-z]{0,8}( [a-z]{1,8}){0,3}", fullmatch=True)
    if not hostile:
        return words
    snippets = st.lists(st.sampled_from(HOSTILE) | words, min_size=1, max_size=4).map("".join)
    anything = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
    multiline = st.from_regex(r"[A-Z][a-z ]{0,6}[a-z](\n[a-z][a-z ]{0,6}[a-z.]){1,3}\n?", fullmatch=True)
    return st.one_of(words, snippets, anything, multiline)


def slugs(prefix: str, index: int) -> st.SearchStrategy[str]:
    """A unique id: a prefix, the index, and a tail of slug characters."""
    return st.from_regex(r"[a-z0-9._-]{0,6}", fullmatch=True).map(lambda tail: f"{prefix}{index}{tail}")


def quantities_written() -> st.SearchStrategy[object]:
    """Quantities as a researcher writes them: numbers, `about N`, `at least N`, ranges, unspecified."""
    n = st.integers(0, 10_000_000)
    return st.one_of(
        n, n.map(str), n.map(lambda x: f"about {x}"), n.map(lambda x: f"at least {x}"),
        st.tuples(n, n).map(lambda p: f"{min(p)}-{max(p)}"), st.just("unspecified"),
        st.tuples(n, n).map(lambda p: f"{min(p)} - {max(p)}"), st.just("Unspecified"),
    )


def dates() -> st.SearchStrategy[str]:
    day = st.dates(min_value=__import__("datetime").date(1000, 1, 1))
    return day.flatmap(lambda d: st.sampled_from([str(d.year), f"{d.year}-{d.month:02d}", d.isoformat()]))


@st.composite
def datasets(draw, hostile: bool = True, max_records: int = 3) -> dict[str, list[Record]]:
    """A valid dataset: records of every kind whose references all resolve."""
    text = texts(hostile)
    maybe = lambda strategy: draw(st.none() | strategy)  # noqa: E731

    def optional(pairs, **fields):
        for key, strategy in fields.items():
            value = maybe(strategy)
            if value is not None:
                pairs.append((key, value))
        return pairs

    sources, events, equipment, claims, evidence = [], [], [], [], []
    for i in range(draw(st.integers(1, max_records))):
        pairs = [("id", draw(slugs("s", i))), ("name", draw(text)), ("kind", draw(st.sampled_from(SOURCE_KINDS)))]
        sources.append(Record(optional(pairs, affiliation=text, reliability=st.sampled_from("ABCDEF"),
                                       url=st.just(f"https://example.org/s/{i}"), note=text)))
    for i in range(draw(st.integers(1, max_records))):
        pairs = [("id", draw(slugs("e", i))), ("title", draw(text)), ("date", draw(dates())),
                 ("place", draw(text))]
        location = st.builds(lambda a, b: Record([("lat", a), ("lon", b)]),
                             st.sampled_from([0.0, 34.55, -90.0, 90.0, 12.5]),
                             st.sampled_from([38.27, -180.0, 180.0, 0.5, 1.0]))
        events.append(Record(optional(pairs, country=st.sampled_from(COUNTRIES), location=location,
                                      gained_by=text, lost_by=text, note=text)))
    for i in range(draw(st.integers(0, 2))):
        parents = [*BUILTIN_EQUIPMENT, *(r.get("id") for r in equipment)]
        pairs = [("id", draw(slugs("x", i))), ("name", draw(text)), ("parent", draw(st.sampled_from(parents)))]
        equipment.append(Record(optional(pairs, aliases=st.lists(text, min_size=1, max_size=3),
                                         caliber_mm=st.sampled_from([7.62, 122.0, 23.0]), note=text)))
    source_ids = [r.get("id") for r in sources]
    event_ids = [r.get("id") for r in events]
    nodes = [*BUILTIN_EQUIPMENT, *(r.get("id") for r in equipment)]
    for i in range(draw(st.integers(0, max_records))):
        items = []
        for _ in range(draw(st.integers(1, 3))):
            pairs = [("equipment", draw(st.sampled_from(nodes))), ("quantity", draw(quantities_written()))]
            items.append(Record(optional(pairs, status=st.sampled_from(STATUSES), as_written=text, note=text)))
        pairs = [("id", draw(slugs("c", i))), ("event", draw(st.sampled_from(event_ids))),
                 ("claimant", draw(st.sampled_from(source_ids))), ("published", draw(dates()))]
        optional(pairs, via=st.lists(st.sampled_from(source_ids), min_size=1, max_size=2),
                 url=st.just(f"https://example.org/c/{i}"), quote=text, credibility=st.integers(1, 6),
                 status=st.sampled_from(STATUSES), note=text)
        pairs.append(("items", items))
        claims.append(Record(pairs))
    for i in range(draw(st.integers(0, max_records))):
        observations = []
        for _ in range(draw(st.integers(1, 3))):
            pairs = [("equipment", draw(st.sampled_from(nodes))), ("count", draw(quantities_written()))]
            observations.append(Record(optional(
                pairs, status=st.sampled_from(STATUSES), as_written=text,
                at=st.sampled_from(["00:12", "1:02:03", "59:59", "12:00"]),
                identifiers=st.lists(text, min_size=1, max_size=3), note=text)))
        pairs = [("id", draw(slugs("v", i))), ("event", draw(st.sampled_from(event_ids))),
                 ("kind", draw(st.sampled_from(EVIDENCE_KINDS))),
                 ("publisher", draw(st.sampled_from(source_ids))), ("published", draw(dates()))]
        optional(pairs, sha256=st.just("ab" * 32), analysed_by=st.lists(st.sampled_from(source_ids), min_size=1,
                                                                          max_size=2),
                 geolocated=st.booleans(), chronolocated=st.booleans(), credibility=st.integers(1, 6),
                 status=st.sampled_from(STATUSES), note=text)
        pairs.append(("observations", observations))
        evidence.append(Record(pairs))
    kinds = {"sources": sources, "events": events, "equipment": equipment, "claims": claims,
             "evidence": evidence}
    order = draw(st.permutations(KINDS))
    return {kind: kinds[kind] for kind in order if kinds[kind] or draw(st.booleans())}


def write(draw, records: dict[str, list[Record]], odd: bool = False, comments: bool = False) -> Written:
    """Write drawn records as a YAML file, drawing every style choice."""
    return Writer(draw, odd).document(records, comments)


@st.composite
def written_datasets(draw, hostile: bool = True, odd: bool = False) -> tuple[dict, Written]:
    """A valid dataset and its file."""
    records = draw(datasets(hostile))
    return records, write(draw, records, odd, comments=True)


__all__ = ["HOSTILE", "KINDS", "REQUIRED", "Record", "Writer", "Written", "datasets", "double_quoted",
           "plain_safe", "quantities_written", "texts", "write", "written_datasets"]
