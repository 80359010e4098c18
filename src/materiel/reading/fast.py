"""The fast path: a YAML 1.2 parser in Rust (yaml-rs) for files that hold nothing only the positioned
path reads right. It returns plain data without positions; reading/document.py decides when to use it.
"""

from __future__ import annotations

import re

from .strict import ALIAS_BUDGET, MAX_DEPTH

try:  # a YAML 1.2 parser in Rust: the fast path for files without problems
    import yaml_rs
except ImportError:  # pragma: no cover - without it every file takes the positioned path
    yaml_rs = None

# What only the positioned path reads right: tags and merge keys (a quotation that merely looks
# like one costs only speed); block nesting deeper than the limit, which the fast parser would
# recurse into (it crashes near 20,000 levels); and where the two parsers were found to differ
# (tests/test_properties.py): block scalars (empty ones, tabs in their indentation), `>x` or
# `|x` as flow values (after an anchor too), `:x` and `key:}` in a flow collection, anchor and
# alias names beyond letters, digits, `_` and `-`, a lone CR, a `...` line, tabs in a line's
# indentation (or after its `- `), and the Unicode line breaks NEL, LS and PS. A file with any
# of these takes the positioned path whole.
# Each check below searches for a literal first (fast on a large file) and looks at the context
# of a match only then.
_TAG = re.compile(r"![^\s,\[\]{}]")
_DEEP = re.compile(r"[ \t?-]{128}")  # on the first line
_AFTER_NEWLINE_DEEP = re.compile(r"\n[ \t?-]{128}")
_BLOCK_SCALAR_HEADER = re.compile(r"[|>][-+0-9]{0,2}[ \t]*(?:#[^\n]*)?\r?\n")
# libyaml takes anchor and alias names of letters, digits, `_` and `-` only, ended by a space,
# a line break or a flow indicator; YAML 1.2 (the fast parser) takes nearly any character.
_ANCHOR = re.compile(r"&([^\s,\[\]{}]+)")
_ALIAS = re.compile(r"\*([^\s,\[\]{}]+)")
_PLAIN_NAME = re.compile(r"[0-9A-Za-z_-]+")
# In a flow collection YAML 1.2 (the fast parser) reads `:x` as text; libyaml (YAML 1.1) refuses it.
_COLON_BEFORE_TEXT = re.compile(r":[^\s,\[\]{}]")
# `key:}` or `key:,` in a flow collection: a key with no value to YAML 1.2, an error to libyaml.
_COLON_BEFORE_FLOW_INDICATOR = re.compile(r":[,\[\]{}]")
_DOCUMENT_END = re.compile(r"(?:^|\n)\.\.\.(?:[ \t\r\n]|$)")  # `...` before any document: 1.2 only
# A tab in a line's indentation, or among the spaces after a block `-` or `?` that opens it.
_TAB_IN_INDENTATION = re.compile(r"(?:^|\n) *(?:(?:[-?] +)*[-?][ \t]*)?\t")
_SEPARATORS = " \t\r\n[{,"


def _after_separator(pattern: re.Pattern, text: str) -> bool:
    """Whether a match of `pattern` starts the text or follows a space, a line break, `[`, `{`
    or `,`: where a node, or a tag or `:x` starting one, can begin."""
    return any(m.start() == 0 or text[m.start() - 1] in _SEPARATORS for m in pattern.finditer(text))


def _before(text: str, i: int, line_breaks: bool) -> int:
    """The index of the last character before `i` that is not a space or a tab (nor, with
    `line_breaks`, a line break); -1 at the start of the text."""
    skipped = " \t\r\n" if line_breaks else " \t"
    i -= 1
    while i >= 0 and text[i] in skipped:
        i -= 1
    return i


def odd_anchor(text: str) -> bool:
    """Whether an anchor or alias with a name libyaml refuses can start a node (one inside a
    quotation, after a word, is text to both parsers)."""
    for pattern, mark in ((_ANCHOR, "&"), (_ALIAS, "*")):
        if mark not in text:
            continue
        for m in pattern.finditer(text):
            if _PLAIN_NAME.fullmatch(m.group(1)):
                continue
            j = _before(text, m.start(), line_breaks=False)
            if j < 0 or text[j] in "\n\r:-?,[{":
                return True
    return False


def _has_long_line(text: str) -> bool:
    """Whether a line is longer than LONG_LINE characters (a jump of LONG_LINE at a time)."""
    start = 0
    while len(text) - start > LONG_LINE:
        newline = text.rfind("\n", start, start + LONG_LINE + 1)
        if newline < 0:
            return True
        start = newline + 1
    return False


def _indicator_as_text(text: str) -> bool:
    """Whether `|` or `>` starts a block scalar header, or starts a value in a flow collection
    (after `:`, `,`, `[` or `{`, or an anchor), where the two parsers read it differently."""
    for i in _offsets(text, "|", ">"):
        if _BLOCK_SCALAR_HEADER.match(text, i):
            return True
        if i + 1 >= len(text) or text[i + 1].isspace():
            continue
        j = _before(text, i, line_breaks=True)
        if j < 0 or text[j] in ":,[{":
            return True
        if j < i - 1:  # after a space: is the word before an anchor?
            k = j
            while k >= 0 and not text[k].isspace() and text[k] not in ",[{":
                k -= 1
            if text[k + 1] == "&":
                return True
    return False


def _offsets(text: str, *characters: str):
    """Where each of `characters` occurs in the text, one character after the other: a search for
    one character is many times faster than a regular expression's class of two."""
    for c in characters:
        i = text.find(c)
        while i >= 0:
            yield i
            i = text.find(c, i + 1)


_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
# Both checks of a colon in a flow collection need a colon before something that is not a space:
# a file without one (most) is spared two scans.
_COLON_BEFORE_NON_SPACE = re.compile(r":\S")
LONG_LINE = 100_000


def _fast_readable(text: str) -> bool:
    """Whether the fast parser reads this text exactly as the positioned path would."""
    if ("<" in text and "<<" in text) or ("!" in text and _after_separator(_TAG, text)):
        return False
    if ("\t" in text and _TAB_IN_INDENTATION.search(text)) or any(c in text for c in _LINE_BREAKS):
        return False
    if ("|" in text or ">" in text) and _indicator_as_text(text):
        return False
    if odd_anchor(text):
        return False
    if (text.startswith("...") or "\n..." in text) and _DOCUMENT_END.search(text):
        return False
    if "\r" in text and re.search(r"\r(?!\n)", text):  # a lone CR: a line break to YAML
        return False
    if ("[" in text or "{" in text) and _COLON_BEFORE_NON_SPACE.search(text) and (
            _after_separator(_COLON_BEFORE_TEXT, text) or any(
                m.start() > 0 and text[m.start() - 1] not in _SEPARATORS + "]}\"'"
                for m in _COLON_BEFORE_FLOW_INDICATOR.finditer(text))):
        return False
    # The fast parser turns a long run of digits into a number in quadratic time.
    if _has_long_line(text):
        return False
    return not (_DEEP.match(text) or _AFTER_NEWLINE_DEEP.search(text))



def read_fast(text: str) -> dict | None:
    """The file's data through the fast parser, or None when only the positioned path can read it
    (or the file has any problem: the positioned path says what and where)."""
    if yaml_rs is None or not _fast_readable(text):
        return None
    try:
        # Aliases replay at least one event per node they add, so a file within this limit
        # is within the positioned path's node budget too: both accept it, or neither.
        limits = yaml_rs.AliasLimits(max_total_replayed_events=ALIAS_BUDGET, max_replay_stack_depth=MAX_DEPTH)
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=limits)
    except Exception:  # any problem at all: the positioned path says what and where
        return None
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        return None
    return data


# yaml-rs recurses into nesting and crashes the process near 20,000 levels; the positioned
# path refuses more than MAX_DEPTH levels long before, but a file it stopped reading early (at a
# tag, say) may nest deeper further on. Brackets inside quotations count too: a file with that
# many only loses the YAML 1.2 check.
_YAML_RS_DEPTH = 1_000
_FLOW = re.compile(r"[\[\]{}]")
_ERROR_AT = re.compile(r"at line (\d+), column (\d+)")


def _safe_for_yaml_rs(text: str) -> bool:
    """Whether yaml-rs may be given this text: not too deep for its recursion, no quadratic line."""
    if yaml_rs is None or _has_long_line(text) or _DEEP.match(text) or _AFTER_NEWLINE_DEEP.search(text):
        return False
    if text.count("[") + text.count("{") < _YAML_RS_DEPTH:
        return True
    depth = 0
    for m in _FLOW.finditer(text):
        depth = depth + 1 if m.group() in "[{" else max(depth - 1, 0)
        if depth >= _YAML_RS_DEPTH:
            return False
    return True


def _yaml_rs_loads(text: str, duplicates):
    limits = yaml_rs.AliasLimits(max_total_replayed_events=ALIAS_BUDGET, max_replay_stack_depth=MAX_DEPTH)
    return yaml_rs.loads(text, parse_datetime=False, alias_limits=limits, duplicate_key_policy=duplicates)


def yaml12_error(text: str) -> tuple[int, int, str] | None:
    """Where and why YAML 1.2 (yaml-rs, which passes the YAML test suite) refuses the text:
    (line, column, reason); None when it reads it, or when it cannot be asked."""
    if not _safe_for_yaml_rs(text):
        return None
    try:
        _yaml_rs_loads(text, yaml_rs.DuplicateKeyPolicy.FirstWins)  # repeated keys: strict.py's
    except yaml_rs.YAMLDecodeError as err:
        message = str(err)
        m = _ERROR_AT.search(message)
        if m is None:  # not a syntax error (an alias limit): the positioned path's own checks speak
            return None
        reason = message.strip().splitlines()[-1].strip()
        return int(m.group(1)), int(m.group(2)), reason
    except Exception:  # anything else yaml-rs raises is no verdict on the syntax
        return None
    return None


def read_yaml12(text: str) -> tuple[bool, object]:
    """(True, the data) when YAML 1.2 reads the text (repeated keys refused), else (False, None).
    For a valid file that libyaml, a YAML 1.1 parser, cannot parse."""
    if not _safe_for_yaml_rs(text):
        return False, None
    try:
        return True, _yaml_rs_loads(text, yaml_rs.DuplicateKeyPolicy.Error)
    except yaml_rs.YAMLDecodeError as err:
        if "duplicate mapping key: None" not in str(err):
            return False, None
    except Exception:
        return False, None
    try:  # two empty keys: read, for the empty key to be refused as a key that is not a string
        return True, _yaml_rs_loads(text, yaml_rs.DuplicateKeyPolicy.FirstWins)
    except Exception:
        return False, None


def tag_at(text: str) -> int | None:
    """The offset of the first YAML tag that can start a node (a quotation that looks like one
    counts too: only a file that libyaml cannot parse is checked this way), else None."""
    if "!" not in text:
        return None
    for m in _TAG.finditer(text):
        if m.start() == 0 or text[m.start() - 1] in _SEPARATORS:
            return m.start()
    return None
