"""The pre-scan that chooses a file's path (reading/fast.py) searches for single characters and
skips checks that cannot match: it decides as its regular expressions did."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from materiel.reading import fast

# The characters the checks look for, and a few that they must not be confused with.
TEXTS = st.text(alphabet=st.sampled_from(list("|>:<[]{}&!,-?# \t\n\r\"'a0é\u3000\x85")), max_size=60)


def indicator_as_text_by_regex(text: str) -> bool:
    """`_indicator_as_text` as it was written, with a regular expression for `|` and `>`."""
    for m in re.finditer(r"[|>]", text):
        i = m.start()
        if fast._BLOCK_SCALAR_HEADER.match(text, i):
            return True
        if i + 1 >= len(text) or text[i + 1].isspace():
            continue
        j = fast._before(text, i, line_breaks=True)
        if j < 0 or text[j] in ":,[{":
            return True
        if j < i - 1:
            k = j
            while k >= 0 and not text[k].isspace() and text[k] not in ",[{":
                k -= 1
            if text[k + 1] == "&":
                return True
    return False


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_indicators_are_found_where_the_regular_expression_found_them(text):
    assert sorted(fast._offsets(text, "|", ">")) == [m.start() for m in re.finditer(r"[|>]", text)]
    assert fast._indicator_as_text(text) == indicator_as_text_by_regex(text)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_a_colon_check_that_can_match_is_never_skipped(text):
    colon_check = fast._after_separator(fast._COLON_BEFORE_TEXT, text) or any(
        m.start() > 0 and text[m.start() - 1] not in fast._SEPARATORS + "]}\"'"
        for m in fast._COLON_BEFORE_FLOW_INDICATOR.finditer(text))
    if colon_check:
        assert fast._COLON_BEFORE_NON_SPACE.search(text)


def test_files_that_need_the_positioned_path_still_take_it():
    for text in ("a: |\n  x\n", "a: [>x]\n", "a: {b: :x}\n", "a: &b\n  c: 1\nd:\n  <<: *b\n",
                 "a: [b, c:]\n", "a: !!str 1\n"):
        assert not fast._fast_readable(text), text
    assert fast._fast_readable("a: [b, c]\nd: {e: 'x|y>z <w'}\nurl: https://x.org\n")
