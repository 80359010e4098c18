"""A claim's own words turned into a draft `items` list, using the catalog's aliases.

The draft guesses nothing silently: each item keeps the words it came from, and every phrase
that no alias or quantity explains is listed, with the reason, for the researcher to place by
hand. Above all it never invents a number: a number goes on an item only when the quote writes
it next to that item's noun, before it ("30 tanks") or after it ("tanks: 30", "T-72 x 5",
"BMP (6)"); a phrase that could be read two ways is listed instead.

Quotes may be in English, Arabic, Russian or Ukrainian: each language's list separators, number
words and quantity words are read here; the nouns are the catalog's aliases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from ..format.catalog import Catalog
from ..format.quantities import MAX_QUANTITY, Quantity
from .yaml import dump_yaml, one_line

# ---- how a word is read -------------------------------------------------------------------
# Eastern Arabic (٠-٩) and Persian (۰-۹) digits are digits; the letters an Arabic or Ukrainian
# word is spelled with several ways (hamza forms, ta marbuta, apostrophes, ё) are made one, so
# that a table of number words needs one spelling of each.
_DIGITS = {**{0x660 + d: str(d) for d in range(10)}, **{0x6F0 + d: str(d) for d in range(10)}}
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ё": "е",
                          "’": "'", "ʼ": "'", "`": "'", "‘": "'"})
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # Arabic vowel marks and the tatweel
_EDGE = " \t\r\n\"'“”‘’«»„.,:;!?"  # trimmed off a word, and off a phrase's ends


def _light(text: str) -> str:
    """A word as aliases are looked up: case folded, digits 0-9, vowel marks and edge punctuation off."""
    word = _MARKS.sub("", text.casefold().translate(_DIGITS)).strip(_EDGE)
    if word.startswith("(") and (word.endswith(")") or ")" not in word):
        word = word[1:-1] if word.endswith(")") else word[1:]  # "(6)" is 6; "(r)" in "M1(R)" stays
    elif word.endswith(")") and "(" not in word:
        word = word[:-1]
    return word.strip(_EDGE)


def _key(word: str) -> str:
    """A light word with its letters made one (أ إ آ -> ا, ة -> ه, ё -> е), for the tables below."""
    return word.translate(_LETTERS)


# ---- number words -------------------------------------------------------------------------
# Each numeral: (language family, kind, value, stands alone). Kinds: `unit` 0-9, `teen` 10-19,
# `ten` 20-90, `hundreds` a whole 100-900, `hundred` times 100, `thousand` times 1000,
# `thousands` a whole number of thousands, `dozen` times 12. Russian and Ukrainian share one
# grammar of numbers (family `sl`); a number is read in one family only.
_NUMERAL_ROWS = (  # family, kind, first value, step, synonyms of each value (`|` between values)
    ("en", "unit", 0, 1, "zero|one|two|three|four|five|six|seven|eight|nine"),
    ("en", "teen", 10, 1, "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
                          "|nineteen"),
    ("en", "ten", 20, 10, "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"),
    ("en", "hundred", 100, 0, "hundred"),
    ("en", "thousand", 1000, 0, "thousand"),
    ("en", "dozen", 12, 0, "dozen"),
    ("sl", "unit", 1, 1, "один одна одно одного одной одну одне однієї"
                         "|два две дві двух двох|три трёх трьох|четыре четырёх чотири чотирьох"
                         "|пять пяти п'ять п'яти|шесть шести шість|семь семи сім"
                         "|восемь восьми вісім|девять девяти дев'ять дев'яти"),
    ("sl", "teen", 10, 1, "десять десяти|одиннадцать одиннадцати одинадцять одинадцяти"
                          "|двенадцать двенадцати дванадцять дванадцяти"
                          "|тринадцать тринадцати тринадцять тринадцяти"
                          "|четырнадцать четырнадцати чотирнадцять чотирнадцяти"
                          "|пятнадцать пятнадцати п'ятнадцять п'ятнадцяти"
                          "|шестнадцать шестнадцати шістнадцять шістнадцяти"
                          "|семнадцать семнадцати сімнадцять сімнадцяти"
                          "|восемнадцать восемнадцати вісімнадцять вісімнадцяти"
                          "|девятнадцать девятнадцати дев'ятнадцять дев'ятнадцяти"),
    ("sl", "ten", 20, 10, "двадцать двадцати двадцять двадцяти|тридцать тридцати тридцять тридцяти"
                          "|сорок сорока|пятьдесят пятидесяти п'ятдесят п'ятдесяти"
                          "|шестьдесят шестидесяти шістдесят шістдесяти"
                          "|семьдесят семидесяти сімдесят сімдесяти"
                          "|восемьдесят восьмидесяти вісімдесят вісімдесяти"
                          "|девяносто девяноста дев'яносто"),
    ("sl", "hundreds", 100, 100, "сто ста|двести двухсот двісті двохсот|триста трёхсот трьохсот"
                                 "|четыреста четырёхсот чотириста чотирьохсот"
                                 "|пятьсот пятисот п'ятсот п'ятисот|шестьсот шестисот шістсот"
                                 "|семьсот семисот сімсот|восемьсот восьмисот вісімсот"
                                 "|девятьсот девятисот дев'ятсот дев'ятисот"),
    ("sl", "thousand", 1000, 0, "тысяча тысячу тысячи тысяч тисяча тисячу тисячі тисяч"),
    ("ar", "unit", 1, 1, "واحد واحدة أحد إحدى|اثنان اثنين اثنتان اثنتين اثنا اثني اثنتا اثنتي"
                         "|ثلاث ثلاثة|أربع أربعة|خمس خمسة|ست ستة|سبع سبعة|ثمان ثماني ثمانية|تسع تسعة"),
    ("ar", "teen", 10, 0, "عشر عشرة"),
    ("ar", "ten", 20, 10, "عشرون عشرين|ثلاثون ثلاثين|أربعون أربعين|خمسون خمسين|ستون ستين"
                          "|سبعون سبعين|ثمانون ثمانين|تسعون تسعين"),
    ("ar", "hundred", 100, 0, "مائة مئة"),
    ("ar", "hundreds", 200, 100, "مائتان مائتين مئتان مئتين مائتا مئتا|ثلاثمائة ثلاثمئة"
                                 "|أربعمائة أربعمئة|خمسمائة خمسمئة|ستمائة ستمئة|سبعمائة سبعمئة"
                                 "|ثمانمائة ثمانمئة ثمانيمائة ثمانيمئة|تسعمائة تسعمئة"),
    ("ar", "thousand", 1000, 0, "ألف آلاف ألاف"),
    ("ar", "thousands", 2000, 0, "ألفان ألفين ألفا"),
)
# Words that are a number by themselves as well as a multiplier: "тысяча" is 1,000, "مائة" 100.
_ALONE = {_key(w) for w in "тысяча тысячу тисяча тисячу مائة مئة ألف dozen".split()}


def _numerals() -> dict[str, tuple[str, str, int, bool]]:
    """The table of number words, by their folded spelling."""
    table = {}
    for family, kind, first, step, rows in _NUMERAL_ROWS:
        for k, row in enumerate(rows.split("|")):
            for word in row.split():
                table[_key(_light(word))] = (family, kind, first + k * step, _key(_light(word)) in _ALONE)
    return table


_NUMERALS = _numerals()
_CONJUNCTIONS = {"en": "and", "ar": "و"}  # "two hundred and fifty", "خمسة وعشرون"
_OPEN = (None, "hundred", "hundreds", "thousand")  # after these, tens and units may follow


_Phrases = dict[str, tuple[tuple[str, ...], ...]]


def _phrases(*groups: str) -> _Phrases:
    """Phrases (`|` between them) as tuples of folded words, by first word, the longest first."""
    found = sorted({tuple(_key(_light(w)) for w in p.split()) for g in groups for p in g.split("|")},
                   key=lambda p: (-len(p), p))
    return {first: tuple(p for p in found if p[0] == first) for first in {p[0] for p in found}}


# Words that say "some, without a number": the quantity is `unspecified`.
_UNSPECIFIED = _phrases(
    "large quantities of|large quantity of|a large quantity of|quantities of|a large number of|"
    "a number of|large numbers of|lots of|a lot of|boxes of|crates of|stocks of|piles of|dozens of|"
    "hundreds of|thousands of|untold|other|several|many|numerous|various|multiple|some|more|dozens|"
    "hundreds|thousands",
    "десятки|десятков|сотни|сотен|тысячи|много|множество|несколько|ряд|большое количество|"
    "значительное количество|огромное количество|другие|прочие|различные",
    "десятки|десятків|сотні|сотень|тисячі|багато|безліч|кілька|декілька|низка|низку|"
    "велика кількість|велику кількість|значна кількість|інші|різні",
    "عشرات|مئات|آلاف|العديد من|عدد من|كمية من|كميات من|كمية كبيرة من|كميات كبيرة من|الكثير من|"
    "كثير من|بعض|مختلف")
_ABOUT = _phrases(
    "about|around|approximately|roughly|nearly|almost|some|an estimated",
    "около|примерно|приблизительно|порядка|почти|близько|приблизно|майже|орієнтовно",
    "حوالي|حوالى|نحو|قرابة|ما يقارب|ما يقرب من|زهاء")
_UP_TO = _phrases("up to|до")
_AT_LEAST = _phrases(
    "at least|no fewer than|no less than",
    "не менее|не меньше|как минимум|по меньшей мере|щонайменше|не менше|принаймні|як мінімум",
    "ما لا يقل عن|لا يقل عن")
_MORE_THAN = _phrases(
    "more than|over|upwards of|in excess of",
    "более|больше|свыше|более чем|больше чем|понад|більше|більш ніж|більше ніж",
    "أكثر من|ما يزيد عن|ما يزيد على")
_LEADS = ((_AT_LEAST, "at least"), (_MORE_THAN, "more than"), (_UP_TO, "up to"), (_ABOUT, "about"))
# "between 30 and 40", "от 30 до 40", "من 30 إلى 40": a range, whose `and` is no list separator.
_RANGE_LEADS = {"between": ("and",), "от": ("до",), "від": ("до",), "بين": ("و",), "من": ("الي",)}
_RANGE_WORDS = ("to", "-", "–", "—", "до")  # "2 to 5", "2 - 5"
_QUANTITY_WORDS = {*_UNSPECIFIED, *_ABOUT, *_UP_TO, *_AT_LEAST, *_MORE_THAN, *_RANGE_LEADS}

_STOPWORDS = {"of", "the", "a", "an", "its", "their", "his", "her", "with", "and", "&",
              "из", "с", "в", "на", "и", "з", "із", "у", "та", "і", "й", "من", "على", "في", "و",
              "шт", "штук", "ед", "од", "units", "pcs"}
# Between a noun and its number: "T-72 x 5", "tanks: 30", "танков — 30", "دبابة عدد 3".
_LINKS = {"x", "×", "-", "–", "—", ":", "=", "عدد"}
# Where a list splits into items, besides `,` `;` `&` and the Arabic `،` `؛`.
_AND = {"and", "и", "і", "та", "й", "و"}  # the next phrase may share this one's noun
_SEPARATORS = _phrases("and|plus|as well as", "и|а также|і|та|й|а також",
                       "و|وكذلك|كذلك|بالإضافة إلى|إضافة إلى|فضلا عن")
_PUNCTUATION = re.compile(r"[;،؛&]|,(?!\d{3}(?!\d))")
_PIECES = re.compile(r"[;،؛&]|,(?!\d{3}(?!\d))|(?:[^\s;،؛&,]|,(?=\d{3}(?!\d)))+")
_NUMBER = re.compile(r"[x×]?(\d{1,3}(?:[,\u066c\u00a0\u202f\u2009 ]\d{3})+|\d+)|(\d+)[x×]")
_RANGE = re.compile(r"(\d+)\s*(?:-|–|to)\s*(\d+)")
# A number's digits grouped by a space ("1 200", also the no-break and narrow no-break spaces),
# unless the group is a calibre ("5 120 mm mortars" are five).
_GROUP_GAPS = " \u00a0\u202f\u2009"
_GROUP_LEFT = re.compile(r"[(\[«\"“]?\d{1,3}(?:[,\u066c\u00a0\u202f\u2009 ]\d{3})*")
_GROUP_RIGHT = re.compile(r"\d{3}[^\w]*")
_CALIBRES = {"mm", "cm", "мм", "см", "ملم", "مم"}
_SPACES = re.compile(r"\s{2,}|[^\S\u00a0\u202f\u2009]")

# Why a phrase was not placed: the headings of the draft's list.
WHY_NO_ALIAS = "no catalog alias"
WHY_LONE_NUMBER = "a number with no equipment named next to it"
WHY_NO_COUNT = f"a number that is no count (over {MAX_QUANTITY:,}, or written with a leading 0)"
WHY_UNCLEAR = "number words that read as one number or as two: which is meant is unclear"
WHY_BETWEEN = "a number with equipment on both sides: which it counts is unclear"
WHY_NUMBERS = "numbers and equipment with no list separator to show which number counts which"
WHY_APART = "a number apart from its equipment, other words between them"
WHY_BESIDE = "words beside a placed item that no alias explains"
WHY_EXTRA = "equipment named beside another item, with no number of its own"


@dataclass
class DraftItem:
    """One item of the draft: a catalog node, a quantity, and the words it came from."""

    equipment: str
    quantity: Quantity
    as_written: str


@dataclass
class Draft:
    """The items placed, and the words that could not be placed with why (`reasons`, one each)."""

    items: list[DraftItem] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def leave(self, words: str, reason: str) -> None:
        """List words as not placed, saying why."""
        self.unplaced.append(words)
        self.reasons.append(reason)


# ---- tokens and phrases -------------------------------------------------------------------
@dataclass
class _Token:
    """A word of the quote (or a list's punctuation), with the forms it is read in."""

    text: str  # as written
    start: int  # where in the quote
    end: int
    word: str = ""  # for alias lookups (`_light`)
    key: str = ""  # for the tables of numbers and quantity words (`_key`)
    colon: bool = False  # "tanks:": an alias ends here, and a number after it is the noun's
    separator: bool = False  # `,` `;` `&` `،` `؛`

    def __post_init__(self) -> None:
        """Read the text: its lookup forms, and whether it ends in a colon or is a separator."""
        self.word = _light(self.text)
        self.key = _key(self.word)
        self.colon = self.text.rstrip("\"'”’»").endswith(":")
        self.separator = bool(_PUNCTUATION.fullmatch(self.text))

    @property
    def link(self) -> bool:
        """Punctuation or a word that only joins a noun to its number ("x", ":", "عدد")."""
        return not self.word.strip("-_/") or self.text in _LINKS or self.key in _LINKS


def _tokens(quote: str, catalog: Catalog) -> list[_Token]:
    """The quote's words and list punctuation, with "1 200" one word and "و" split off its word."""
    pieces = [_Token(m.group(), m.start(), m.end()) for m in _PIECES.finditer(quote)]
    tokens: list[_Token] = []
    for i, piece in enumerate(pieces):
        for token in _split_and(piece, pieces[i + 1:i + catalog.longest_alias], catalog):
            if tokens and _groups_digits(quote, tokens[-1], token):
                tokens[-1] = _Token(quote[tokens[-1].start:token.end], tokens[-1].start, token.end)
            else:
                tokens.append(token)
    return tokens


def _groups_digits(quote: str, left: _Token, right: _Token) -> bool:
    """Whether `right` is the next group of three digits of the number `left` ("1 200")."""
    gap = quote[left.end:right.start]
    if len(gap) != 1 or gap not in _GROUP_GAPS:
        return False
    if not (_GROUP_LEFT.fullmatch(left.text.translate(_DIGITS))
            and _GROUP_RIGHT.fullmatch(right.text.translate(_DIGITS))):
        return False
    after = quote[right.end:right.end + 5].split()
    return not (after and _light(after[0]) in _CALIBRES and right.text.isdigit())


def _split_and(token: _Token, following: list[_Token], catalog: Catalog) -> list[_Token]:
    """Arabic writes "and" as a prefix: "و6" and "ودبابة" are two words, "وحدة" (a unit) one."""
    m = re.match("و[\u064b-\u065f]*", token.text)
    if not m or len(token.text) == m.end() or _reads([token, *following], catalog):
        return [token]
    rest = _Token(token.text[m.end():], token.start + m.end(), token.end)
    if not _reads([rest, *following], catalog):
        return [token]
    return [_Token(m.group(), token.start, token.start + m.end()), rest]


def _reads(tokens: list[_Token], catalog: Catalog) -> bool:
    """Whether tokens[0] starts a number, a quantity word or an alias."""
    return bool(_number_at([tokens[0].key], 0) or tokens[0].key in _QUANTITY_WORDS
                or _alias_at(catalog, tokens, 0))


def _article_off(word: str) -> str:
    """An Arabic word without its article ("الدبابات" -> "دبابات")."""
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


@dataclass
class _Segment:
    """One phrase of the list: a run of tokens between separators."""

    first: int  # token indices, the last one excluded
    last: int
    joined_by_and: bool  # the segment follows an `and` (may share the next one's noun)


def _segments(tokens: list[_Token]) -> list[_Segment]:
    """The phrases of a list: split at separators, but never inside a number ("two hundred and fifty")."""
    keys = [t.key for t in tokens]
    out: list[_Segment] = []
    first, joined, i = 0, False, 0
    while i < len(tokens):
        if tokens[i].separator:
            used, is_and = 1, tokens[i].text == "&"
        elif found := _quantity_at(keys, i):
            i += found[1]
            continue
        elif separator := _phrase_at(keys, i, _SEPARATORS):
            used, is_and = len(separator), separator[0] in _AND
        else:
            i += 1
            continue
        if first < i:
            out.append(_Segment(first, i, joined))
        i += used
        first, joined = i, is_and
    if first < len(tokens):
        out.append(_Segment(first, len(tokens), joined))
    return [s for s in out if any(t.word for t in tokens[s.first:s.last])]


def _phrase_at(keys: list[str], i: int, phrases: _Phrases) -> tuple[str, ...] | None:
    """The longest of `phrases` that the words at keys[i] spell."""
    for phrase in phrases.get(keys[i], ()) if i < len(keys) else ():
        if tuple(keys[i:i + len(phrase)]) == phrase:
            return phrase
    return None


# ---- quantities ---------------------------------------------------------------------------
_TOO_LARGE, _UNCLEAR = MAX_QUANTITY + 1, -1  # values of numbers that are no count


def _number_at(keys: list[str], i: int) -> tuple[int, int] | None:
    """A number at keys[i], in digits or words: (value, words used); _TOO_LARGE or _UNCLEAR if no count."""
    if i >= len(keys):
        return None
    if m := _NUMBER.fullmatch(keys[i]):
        if i + 1 < len(keys) and keys[i + 1] in _CALIBRES:
            return None  # "about 120 mm mortars": a calibre, not a count
        digits = re.sub(r"\D", "", m.group(1) or m.group(2))
        # int() of thousands of digits is refused (and slow): past the bound is past it. A 0
        # before other digits ("30, 000 tanks" split at its comma) is no count either.
        return (int(digits) if len(digits) <= 12 and not re.match("0.", digits) else _TOO_LARGE), 1
    found = _number_words(keys, i)
    if found is None:
        return None
    end = _words_end(keys, i, i + found[1])
    return (found[0], found[1]) if end == i + found[1] else (_UNCLEAR, end - i)


def _words_end(keys: list[str], i: int, end: int) -> int:
    """Where number words read from keys[i] to `end` could end, read another way."""
    # "two hundred two hundred" is 202 and more, or 200 twice; "ألف و ثلاثة آلاف" is 1,003 and
    # more, or 1,000 and 3,000: where the words from one inside the number read on past its end,
    # where one number stops and the next starts is unclear (and so on, along the run), and the
    # whole run is one unclear phrase. "مئتان وخمسون" (250) and "two hundred and fifty" have no
    # such reading: "fifty" reads on no further than the whole.
    c = i + 1
    while c < end:  # `end` grows as the run is found longer
        if (other := _number_words(keys, c)) and c + other[1] > end:
            end = c + other[1]
        c += 1
    return end


def _number_words(keys: list[str], i: int) -> tuple[int, int] | None:
    """A number written in words from keys[i], read by its language's grammar: (value, words used)."""
    state: tuple[int, int, str | None] = (0, 0, None)  # thousands, the rest, the last kind read
    family, j, end = None, i, i
    if keys[i] == "a" and i + 1 < len(keys) and _NUMERALS.get(keys[i + 1], ("",))[0] == "en" \
            and _NUMERALS[keys[i + 1]][1] in ("hundred", "thousand", "dozen"):
        state, family, j = (0, 1, "unit"), "en", i + 1  # "a hundred", "a dozen"
    while j < len(keys):
        conjunction = state[2] is not None and keys[j] in _CONJUNCTIONS.values()
        k = j + conjunction
        numeral = _numeral(keys[k]) if k < len(keys) else None
        if numeral is None or (family and numeral[0] != family) or (
                conjunction and _CONJUNCTIONS.get(numeral[0]) != keys[j]):
            break
        added = _add_numeral(state, numeral, conjunction)
        if added is None:
            break
        state, family, j, end = added, numeral[0], k + 1, k + 1
    value = state[0] + state[1]
    return (value, end - i) if end > i and (value or keys[i] == "zero") else None


def _numeral(key: str) -> tuple[str, str, int, bool] | None:
    """A number word, or an English one written with a hyphen ("twenty-five")."""
    if key in _NUMERALS:
        return _NUMERALS[key]
    tens, _, unit = key.partition("-")
    if _NUMERALS.get(tens, ("",))[:2] == ("en", "ten") and _NUMERALS.get(unit, ("",))[:2] == ("en", "unit"):
        return "en", "tens-unit", _NUMERALS[tens][2] + _NUMERALS[unit][2], False
    return None


def _add_numeral(state: tuple[int, int, str | None], numeral: tuple[str, str, int, bool],
                 conjunction: bool) -> tuple[int, int, str | None] | None:
    """The number read so far with one more word, or None where the grammar has no place for it."""
    # Strict on purpose: "five six" is two numbers, not eleven, and "عشرون و خمسة" two (Arabic
    # puts the unit first: "خمسة وعشرون" is 25), so a list with a separator missed is never summed.
    thousands, rest, last = state
    family, kind, value, alone = numeral
    if conjunction and family == "en" and not (last in ("hundred", "thousand") and kind in (
            "unit", "teen", "ten", "tens-unit")):
        return None  # English says "and" only after hundred or thousand
    open_slot = last in _OPEN and rest % 100 == 0
    if value == 0:  # "zero"
        return (0, 0, "closed") if last is None else None
    if kind in ("unit", "teen", "tens-unit") and open_slot:
        return thousands, rest + value, "closed" if kind == "tens-unit" else kind
    if kind == "unit" and last == "ten" and family != "ar" and not conjunction:
        return thousands, rest + value, "closed"  # "twenty five", "двадцать пять"
    if kind == "teen" and family == "ar" and last == "unit" and not conjunction and rest % 100 < 10:
        return thousands, rest + value, "closed"  # "ثلاثة عشر" is 13
    if kind == "ten" and open_slot:
        return thousands, rest + value, kind
    if kind == "ten" and family == "ar" and last == "unit" and conjunction and rest % 100 < 10:
        return thousands, rest + value, "closed"  # "خمسة وعشرون" is 25
    if kind == "hundreds" and last in (None, "thousand"):
        return thousands, value, kind
    if kind == "hundred" and last == "unit" and rest < 10:
        return thousands, rest * 100, kind  # "two hundred", "ثلاث مائة"
    if kind == "hundred" and alone and last in (None, "thousand"):
        return thousands, 100, kind
    if kind == "thousand" and not thousands and rest and last != "thousand":
        return rest * 1000, 0, kind
    if kind in ("thousand", "thousands") and last is None and (alone or kind == "thousands"):
        return value, 0, "thousand"
    if kind == "dozen" and not thousands and (last is None or (0 < rest < 100 and last != "hundred")):
        return 0, (rest or 1) * 12, "closed"  # "dozen", "a dozen", "two dozen"
    return None


def _quantity_at(keys: list[str], i: int) -> tuple[Quantity | str, int] | None:
    """A quantity at keys[i]: (quantity, words used), or (why its number is no count, words used)."""
    if i >= len(keys):
        return None
    for phrases, kind in _LEADS:
        if (lead := _phrase_at(keys, i, phrases)) and (inner := _number_at(keys, i + len(lead))):
            value, used = inner
            if why := _no_count(value):
                return why, len(lead) + used
            q = {"at least": Quantity(value, None), "more than": Quantity(value + 1, None),
                 "up to": Quantity(0, value), "about": Quantity(value, value, approximate=True)}[kind]
            return _no_count(q.low) or q, len(lead) + used
    if found := _range_at(keys, i):
        return found
    if inner := _number_at(keys, i):
        return _no_count(inner[0]) or Quantity.exact(inner[0]), inner[1]
    if phrase := _phrase_at(keys, i, _UNSPECIFIED):
        return Quantity(1, None, unspecified=True), len(phrase)
    return None


def _range_at(keys: list[str], i: int) -> tuple[Quantity | str, int] | None:
    """A range at keys[i]: "3-4", "2 to 5", "between 30 and 40", "от 30 до 40"."""
    if m := _RANGE.fullmatch(keys[i]):
        low, high = (int(g) if len(g) <= 12 else _TOO_LARGE for g in m.groups())
        return (_no_count(low, high) or Quantity(low, high), 1) if low <= high else None
    connectors = _RANGE_LEADS.get(keys[i])
    start = i + 1 if connectors else i
    low = _number_at(keys, start)
    if low is None or start + low[1] >= len(keys) or keys[start + low[1]] not in (connectors or _RANGE_WORDS):
        return None
    high = _number_at(keys, start + low[1] + 1)
    if high is None or (low[0] > high[0] and not _no_count(low[0], high[0])):
        return None
    used = start + low[1] + 1 + high[1] - i
    return _no_count(low[0], high[0]) or Quantity(low[0], high[0]), used


def _no_count(*values: int) -> str:
    """Why numbers are no count (too large, or unclear), or "" when they are counts."""
    if _UNCLEAR in values:
        return WHY_UNCLEAR
    return WHY_NO_COUNT if max(values) > MAX_QUANTITY else ""


# ---- nouns --------------------------------------------------------------------------------
def _alias_at(catalog: Catalog, tokens: list[_Token], i: int) -> tuple[str, int] | None:
    """The longest alias that starts at tokens[i]: (node, words used)."""
    # An alias does not run past a colon ("tanks: 30"), into brackets ("BMP (6)") or over a link.
    end = i + 1
    while end < min(len(tokens), i + catalog.longest_alias) and not (
            tokens[end - 1].colon or tokens[end].link or tokens[end].text.startswith("(")):
        end += 1
    for length in range(end - i, 0, -1):
        run = tokens[i:i + length]
        if run[0].link:
            return None
        for phrase in _alias_phrases(run):
            if node := _lookup(catalog, phrase):
                return node, length
    return None


def _alias_phrases(run: list[_Token]) -> Iterator[str]:
    """A run of words as aliases may spell it: trimmed, then with the inner words as written ("Obr.")."""
    yield " ".join(t.word for t in run)
    if len(run) > 1:
        inner = [_MARKS.sub("", t.text.casefold()) for t in run[1:-1]]
        yield " ".join([run[0].word, *inner, run[-1].word])


def _lookup(catalog: Catalog, phrase: str) -> str | None:
    """The node a phrase names: as written, singular ("tanks"), without "ال" or accusative alif ("مدفعاً")."""
    for candidate in (phrase, phrase[:-1] if phrase.endswith(("s", "ا")) else None,
                      phrase[:-2] if phrase.endswith("es") else None, _article_off(phrase)):
        if candidate and (node := catalog.lookup(candidate)):
            return node
    return None


# ---- reading a phrase ---------------------------------------------------------------------
@dataclass
class _Part:
    """A run of a phrase's words read as one thing: a quantity, a noun, a link or a word."""

    kind: str  # number, some (`unspecified`), no count (`why` says why), noun, link, word
    first: int  # token indices within the phrase, the last one excluded
    last: int
    quantity: Quantity | None = None
    node: str = ""
    why: str = ""


@dataclass
class _Unit:
    """A number paired with its noun: one item of the draft."""

    count: _Part | None  # None: `unspecified`
    noun: _Part
    first: int  # the words of `as_written` (token indices within the phrase)
    last: int


_COUNTS = ("number", "some", "no count")


class _Phrase:
    """One phrase of a list: its words read as parts, and its numbers paired with their nouns."""

    def __init__(self, catalog: Catalog, tokens: list[_Token]):
        self.catalog, self.tokens = catalog, tokens
        self.parts = self._parts()
        self.counts = [k for k, p in enumerate(self.parts) if p.kind in _COUNTS]  # part indices
        self.units: list[_Unit] = []
        self.why = ""  # why no unit, when there is none
        self._read()

    def _parts(self) -> list[_Part]:
        """The words as quantities, nouns, links and other words, left to right."""
        keys = [t.key for t in self.tokens]
        parts: list[_Part] = []
        i = 0
        while i < len(self.tokens):
            q = _quantity_at(keys, i)
            noun = _alias_at(self.catalog, self.tokens, i)
            if q and isinstance(q[0], str):
                parts.append(_Part("no count", i, i + q[1], why=q[0]))
            elif q and (noun is None or q[1] >= noun[1]):  # "other" is a quantity before it is a node
                parts.append(_Part("some" if q[0].unspecified else "number", i, i + q[1], quantity=q[0]))
            elif noun:
                parts.append(_Part("noun", i, i + noun[1], node=noun[0]))
            else:
                parts.append(_Part("link" if self.tokens[i].link else "word", i, i + 1))
            i = parts[-1].last
        for k in range(len(parts) - 2, -1, -1):
            if parts[k].kind == "some" and parts[k + 1].kind in ("number", "no count"):
                some = parts.pop(k)  # "other 30 tanks": the number says how many
                parts[k].first = some.first
        return parts

    def _read(self) -> None:
        """Pair each number with its noun, number first ("30 tanks") or noun first ("tanks: 30")."""
        nouns = [p for p in self.parts if p.kind == "noun"]
        if not nouns:
            self.why = WHY_LONE_NUMBER if self._lone_number() else WHY_NO_ALIAS
        elif bad := [p for p in self.parts if p.kind == "no count"]:
            self.why = bad[0].why
        elif not self.counts:
            self.units = [_Unit(None, self._main_noun(nouns), 0, len(self.tokens))]
        elif any(self._and_may_split(at) for at in self.counts):
            self.why = WHY_BETWEEN
        else:
            forward, backward = self._number_first(), self._noun_first()
            if forward and backward:
                self.units = self._one_of(forward, backward) or []
                self.why = "" if self.units else WHY_BETWEEN
            elif forward or backward:
                self.units = forward or backward or []
            else:
                self.why = self._why_unpaired()

    def _lone_number(self) -> bool:
        """Whether the phrase ends in a number that no word names ("IS seized two hundred")."""
        # Not so where words come right before it ("widgets: 30") or after it ("30 widgets"):
        # those words are then the equipment, with no alias.
        numbers = [k for k, p in enumerate(self.parts) if p.kind in ("number", "no count")]
        if not numbers or not all(p.kind == "link" or self.tokens[p.first].key in _STOPWORDS
                                  for p in self.parts[numbers[-1] + 1:]):
            return False
        before = self.parts[:numbers[0]]
        return not before or not (before[-1].kind == "link" or self.tokens[before[-1].last - 1].colon)

    def _and_may_split(self, at: int) -> bool:
        """Whether the number's `and` may be the list's: "tanks: 200 and 50 BMPs" is 250 or two items."""
        count = self.parts[at]
        stop = next((k for k in self.counts if k > at), len(self.parts))
        return any(t.key in _CONJUNCTIONS.values() for t in self.tokens[count.first:count.last]) and (
            self._noun_before(at, 0) is not None and any(p.kind == "noun" for p in self.parts[at:stop]))

    def _one_of(self, forward: list[_Unit], backward: list[_Unit]) -> list[_Unit] | None:
        """Of two readings of one number, the one whose noun is the more precise ("T-72B3 6 tanks")."""
        if len(forward) != 1:
            return None
        count = forward[0].count
        a, b = forward[0].noun.node, backward[0].noun.node
        if b not in self.catalog.ancestors(a) and a not in self.catalog.ancestors(b):
            return None
        noun = forward[0].noun if b in self.catalog.ancestors(a) else backward[0].noun
        # Both readings say the same: the item keeps the words of both ("SAMs: 4 Osa").
        return [_Unit(count, noun, min(forward[0].first, backward[0].first),
                      max(forward[0].last, backward[0].last))]

    def _why_unpaired(self) -> str:
        """Why no reading pairs the numbers with nouns."""
        if len(self.counts) > 1:
            return WHY_NUMBERS
        at = self.counts[0]
        before = any(p.kind == "noun" for p in self.parts[:at])
        after = any(p.kind == "noun" for p in self.parts[at:])
        return WHY_BETWEEN if before and after else WHY_APART

    def _number_first(self) -> list[_Unit] | None:
        """Each number counting the first noun after it ("30 tanks, 6 BMPs"), or None if one has none."""
        units = []
        for k, at in enumerate(self.counts):
            stop = self.counts[k + 1] if k + 1 < len(self.counts) else len(self.parts)
            nouns = [p for p in self.parts[at + 1:stop] if p.kind == "noun"]
            if not nouns:
                return None
            main = self._main_noun(nouns)
            # "30 tanks BMPs 6 trucks": the BMPs may be the six; which is the trucks' is unclear.
            if stop < len(self.parts) and not all(self._related(p, main) for p in nouns):
                return None
            last = self.parts[stop].first if stop < len(self.parts) else len(self.tokens)
            units.append(_Unit(self.parts[at], main, self.parts[at].first, last))
        # A noun before the first number may be the one it counts ("tanks 30 BMPs"), unless it
        # only repeats the noun after it ("T-72B3, 6 tanks").
        before = [p for p in self.parts[:self.counts[0]] if p.kind == "noun"]
        return units if all(self._related(p, units[0].noun) for p in before) else None

    def _noun_first(self) -> list[_Unit] | None:
        """Each number counting the noun right before it ("tanks: 30"), or None if one has none."""
        units: list[_Unit] = []
        floor = 0
        for at in self.counts:
            j = self._noun_before(at, floor)
            if j is None:
                return None
            # "tanks 30 trucks BMPs 6": the trucks may be the thirty's as well as the BMPs the six's.
            if units and not all(self._related(p, self.parts[j]) for p in self.parts[floor:j]
                                 if p.kind == "noun"):
                return None
            first = j  # "T-72B3 tanks: 5": the nouns written together are one, the more precise
            while first - 1 >= floor and self.parts[first - 1].kind == "noun" and self._related(
                    self.parts[first - 1], self.parts[j]):
                first -= 1
            noun = self._main_noun(self.parts[first:j + 1])
            units.append(_Unit(self.parts[at], noun, self.parts[first].first, self.parts[at].last))
            floor = at + 1
        for unit, following in pairwise(units):
            unit.last = following.first
        units[-1].last = len(self.tokens)
        after = [p for p in self.parts[floor:] if p.kind == "noun"]
        return units if all(self._related(p, units[-1].noun) for p in after) else None

    def _noun_before(self, at: int, floor: int) -> int | None:
        """The noun right before parts[at], not before parts[floor]: its index, or None."""
        j = at - 1
        while j >= floor and self.parts[j].kind in ("link", "word"):
            j -= 1
        if j < floor or self.parts[j].kind != "noun":
            return None
        # Next to it: only links between ("T-72 x 5"), or a colon ends the words before it.
        gap = self.parts[j + 1:at]
        if gap and not all(p.kind == "link" for p in gap) and not self.tokens[gap[-1].last - 1].colon:
            return None
        return j

    def _related(self, a: _Part, b: _Part) -> bool:
        """Whether one noun lies under the other (or they are one): "tanks" beside "T-72B3"."""
        return a.node in self.catalog.ancestors(b.node) or b.node in self.catalog.ancestors(a.node)

    def _main_noun(self, nouns: list[_Part]) -> _Part:
        """The noun an item is about: the first, or a later one under it ("танков Leopard 2")."""
        main = nouns[0]
        for noun in nouns[1:]:
            if noun.node != main.node and main.node in self.catalog.ancestors(noun.node):
                main = noun
        return main

    def share(self, following: list[_Token]) -> bool:
        """Take the next phrase's noun where it makes this phrase an alias ("artillery and mortar shells")."""
        # Only an alias that joins words of this phrase to that noun is shared: in "30 widgets and
        # six BMPs" the BMPs are six, and the widgets are not BMPs; and only when the next phrase
        # has no number of its own ("30 artillery and 6 mortar shells" are not 30 artillery shells).
        keys = [t.key for t in following]
        if len(self.counts) > 1 or self.why not in ("", WHY_NO_ALIAS, WHY_LONE_NUMBER) or any(
                _number_at(keys, i) for i in range(len(keys))):
            return False
        count = self.parts[self.counts[0]] if self.counts else None
        if count and any(p.kind == "noun" for p in self.parts[:self.counts[0]]):
            return False
        start = count.last if count else 0
        body, heads = self.tokens[start:], [t for t in following if t.word][-1:]
        current = self.units[-1].noun if self.units else None
        for first in range(len(body) if heads else 0):
            found = _alias_at(self.catalog, [*body[first:], *heads], 0)
            if found and found[1] == len(body) - first + 1:
                if current is not None and found[1] <= current.last - current.first:
                    return False
                noun = _Part("noun", start + first, len(self.tokens), node=found[0])
                self.units = [_Unit(count, noun, count.first if count else 0, len(self.tokens))]
                self.why = ""
                return True
        return False

    def leftovers(self) -> Iterator[tuple[int, int, str]]:
        """Runs of words that neither a quantity nor an alias explains: (first, last token, why)."""
        # A run that only repeats what an item says ("tanks" after "T-72B3") or holds only little
        # words ("of", "the", "x") explains nothing new and is not listed.
        placed = {i for u in self.units for p in (u.count, u.noun) if p for i in range(p.first, p.last)}
        nouns = {i for p in self.parts if p.kind == "noun" for i in range(p.first, p.last)}
        ancestors = {a for u in self.units for a in self.catalog.ancestors(u.noun.node)}
        runs: list[list[int]] = [[]]
        for i in range(len(self.tokens)):
            if i in placed:
                runs.append([])
            else:
                runs[-1].append(i)
        for run in runs:
            words = [self.tokens[i].word for i in run
                     if self.tokens[i].key not in _STOPWORDS and not self.tokens[i].link]
            if words and _lookup(self.catalog, " ".join(words)) not in ancestors:
                yield run[0], run[-1] + 1, WHY_EXTRA if nouns.intersection(run) else WHY_BESIDE


# ---- the draft ----------------------------------------------------------------------------
def draft_items(quote: str, catalog: Catalog) -> Draft:
    """Read a claim's words into items: a quantity and a catalog node for each phrase of a list."""
    draft = Draft()
    tokens = _tokens(quote, catalog)
    segments = _segments(tokens)
    for index, segment in enumerate(segments):
        words = tokens[segment.first:segment.last]
        phrase = _Phrase(catalog, words)
        following = segments[index + 1] if index + 1 < len(segments) else None
        end = words[-1].end
        if following is not None and following.joined_by_and and phrase.share(
                tokens[following.first:following.last]):
            end = tokens[following.last - 1].end
        if not phrase.units:
            draft.leave(_span(quote, words[0].start, words[-1].end), phrase.why)
            continue
        for unit in phrase.units:
            last = end if unit is phrase.units[-1] else words[unit.last - 1].end
            quantity = unit.count.quantity if unit.count else None
            draft.items.append(DraftItem(unit.noun.node, quantity or Quantity(1, None, unspecified=True),
                                         _span(quote, words[unit.first].start, last)))
        for first, last, why in phrase.leftovers():
            draft.leave(_span(quote, words[first].start, words[last - 1].end), why)
    return draft


def _span(quote: str, start: int, end: int) -> str:
    """Words of the quote as written, outer quotes and stops trimmed, each run of spaces one space."""
    text = quote[start:end]
    while True:
        trimmed = text.strip(_EDGE)
        if trimmed.startswith("(") and ")" not in trimmed:
            trimmed = trimmed[1:]
        elif trimmed.endswith(")") and "(" not in trimmed:
            trimmed = trimmed[:-1]
        if trimmed == text:
            return _SPACES.sub(" ", text)
        text = trimmed


def draft_yaml(draft: Draft, quote: str) -> str:
    """The draft as YAML to paste under a claim; what was not placed is listed as comments, by why."""
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
        lines.append("# Not placed (place by hand or extend the catalog), by why:")
        reasons = draft.reasons + [WHY_NO_ALIAS] * (len(draft.unplaced) - len(draft.reasons))
        for why in dict.fromkeys(reasons):
            lines.append(f"# - {why}:")
            # One comment line each: a phrase with a line break (or anything a terminal would
            # act on) is written as an escaped, quoted string.
            lines.extend("#   " + one_line(words) for words, r in zip(draft.unplaced, reasons, strict=True)
                         if r == why)
    return "\n".join(lines) + "\n"
