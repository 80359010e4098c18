"""`materiel draft` never invents a number: in English, Arabic, Russian and Ukrainian quotes, each
item's number is the one the quote writes next to that item's noun, or the phrase is listed.

The property tests build quotes from (number, noun) pairs: numbers in digits (with thousands
separators, Eastern Arabic digits) and in each language's words, spelled here independently of
the drafter's own tables; nouns from a fixed table of aliases per language; each pair in any
order the drafter reads (number first, noun then number, "noun: number", "noun x number",
"noun (number)"), joined by each language's list separators.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from materiel.dataset import builtin_catalog
from materiel.reading.document import read_document
from materiel.writing.draft import (
    WHY_BETWEEN,
    WHY_LONE_NUMBER,
    WHY_NO_ALIAS,
    WHY_NO_COUNT,
    WHY_UNCLEAR,
    draft_items,
    draft_yaml,
)

CATALOG = builtin_catalog()
PROPERTY = settings(max_examples=300, deadline=None)

# ---- numbers in words, spelled independently of the drafter ----------------------------------
EN_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen").split()
EN_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
RU_UNITS = ("_ один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать "
            "тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать").split()
RU_TENS = "_ _ двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split()
RU_HUNDREDS = "_ сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split()
UK_UNITS = ("_ один два три чотири п'ять шість сім вісім дев'ять десять одинадцять дванадцять "
            "тринадцять чотирнадцять п'ятнадцять шістнадцять сімнадцять вісімнадцять "
            "дев'ятнадцять").split()
UK_TENS = "_ _ двадцять тридцять сорок п'ятдесят шістдесят сімдесят вісімдесят дев'яносто".split()
UK_HUNDREDS = "_ сто двісті триста чотириста п'ятсот шістсот сімсот вісімсот дев'ятсот".split()
AR_UNITS = ["", *"واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة".split()]
AR_TENS = "_ عشرة عشرون ثلاثون أربعون خمسون ستون سبعون ثمانون تسعون".split()
AR_HUNDREDS = "_ مائة مائتان ثلاثمائة أربعمائة خمسمائة ستمائة سبعمائة ثمانمائة تسعمائة".split()


def english(n: int, style: int) -> str:
    """n (1-9,999) in English words: style bits choose "and", hyphens, "a hundred"."""
    words = []
    thousands, rest = divmod(n, 1000)
    hundreds, below = divmod(rest, 100)
    if thousands:
        words += ["a" if thousands == 1 and style & 4 else EN_UNITS[thousands], "thousand"]
    if hundreds:
        words += ["a" if hundreds == 1 and not thousands and style & 4 else EN_UNITS[hundreds], "hundred"]
    if below:
        if words and style & 1:
            words.append("and")
        tens, unit = divmod(below, 10)
        if below < 20:
            words.append(EN_UNITS[below])
        elif unit:
            words += [f"{EN_TENS[tens]}-{EN_UNITS[unit]}"] if style & 2 else [EN_TENS[tens], EN_UNITS[unit]]
        else:
            words.append(EN_TENS[tens])
    return " ".join(words)


def slavic(n: int, style: int, units: list[str], tens: list[str], hundreds: list[str],
           thousand: tuple[str, ...]) -> str:
    """n (1-9,999) in Russian or Ukrainian words; `thousand` is (1, 2-4, 5-9 thousands, 2 feminine)."""
    words = []
    th, rest = divmod(n, 1000)
    if th == 1:
        words += ["одна", thousand[0]] if style & 1 else [thousand[0]]
    elif th:
        words += [thousand[3] if th == 2 else units[th], thousand[1] if th < 5 else thousand[2]]
    if rest >= 100:
        words.append(hundreds[rest // 100])
    below = rest % 100
    if below >= 20:
        words.append(tens[below // 10])
        below %= 10
    if below:
        words.append(units[below])
    return " ".join(words)


def russian(n: int, style: int) -> str:
    """n (1-9,999) in Russian words."""
    return slavic(n, style, RU_UNITS, RU_TENS, RU_HUNDREDS, ("тысяча", "тысячи", "тысяч", "две"))


def ukrainian(n: int, style: int) -> str:
    """n (1-9,999) in Ukrainian words."""
    return slavic(n, style, UK_UNITS, UK_TENS, UK_HUNDREDS, ("тисяча", "тисячі", "тисяч", "дві"))


def arabic(n: int, style: int) -> str:
    """n (1-9,999) in Arabic words: the unit before the ten ("خمسة وعشرون"), parts joined by و."""
    parts = []
    th, rest = divmod(n, 1000)
    if th:
        parts.append({1: "ألف", 2: "ألفان"}.get(th) or f"{AR_UNITS[th]} آلاف")
    if rest >= 100:
        parts.append(AR_HUNDREDS[rest // 100])
    below = rest % 100
    tens, unit = divmod(below, 10)
    if below == 10:
        parts.append("عشرة")
    elif 10 < below < 20:
        parts.append({11: "أحد عشر", 12: "اثنا عشر"}.get(below) or f"{AR_UNITS[unit]} عشر")
    elif below:
        joined = " و " if style & 1 else " و"
        parts.append(f"{AR_UNITS[unit]}{joined}{AR_TENS[tens]}" if unit and tens else
                     AR_UNITS[unit] or AR_TENS[tens])
    return (" و " if style & 2 else " و").join(parts)


WORDS = {"en": english, "ar": arabic, "ru": russian, "uk": ukrainian}
EASTERN = str.maketrans("0123456789,", "٠١٢٣٤٥٦٧٨٩٬")
WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
GROUPS = (",", " ", "\u00a0", "\u202f")  # thousands separators


def digits(n: int, style: int, language: str) -> str:
    """n in digits, its thousands grouped or not, in Eastern Arabic digits for an Arabic quote."""
    text = f"{n:,}".replace(",", GROUPS[style % 4]) if style & 4 and n >= 1000 else str(n)
    return text.translate(EASTERN) if language == "ar" and style & 8 else text


# ---- nouns, orders and separators --------------------------------------------------------------
NOUNS = {
    "en": [("tanks", "tank"), ("BMPs", "bmp"), ("artillery pieces", "artillery"),
           ("Kalashnikovs", "assault-rifle"), ("mortars", "mortar"), ("helicopters", "helicopter"),
           ("T-72B3 tanks", "t-72b3"), ("Grad rockets", "grad-rocket")],
    "ar": [("دبابة", "tank"), ("دبابات", "tank"), ("BMP", "bmp"), ("عربات BMP", "bmp"),
           ("مدافع", "artillery"), ("ذخيرة", "ammunition"), ("مروحيات", "helicopter"),
           ("صواريخ مضادة للدروع", "atgm"), ("قذائف هاون", "mortar-ammunition")],
    "ru": [("танков", "tank"), ("танка", "tank"), ("БМП", "bmp"), ("орудий", "artillery"),
           ("боеприпасов", "ammunition"), ("вертолетов", "helicopter"), ("минометов", "mortar"),
           ("танков T-72B3", "t-72b3")],
    "uk": [("танків", "tank"), ("танки", "tank"), ("БМП", "bmp"), ("гармат", "artillery"),
           ("боєприпасів", "ammunition"), ("гелікоптерів", "helicopter"), ("мінометів", "mortar")],
}
ORDERS = ("{n} {noun}", "{noun} {n}", "{noun}: {n}", "{noun} x {n}", "{noun} ({n})")
SEPARATORS = {
    "en": (", ", "; ", " and ", ", and ", " & ", " as well as ", " plus "),
    "ar": ("، ", " و ", " و", "، و", ", ", "؛ "),
    "ru": (", ", " и ", "; ", ", а также "),
    "uk": (", ", " і ", " та ", " й ", "; ", ", а також "),
}
LEADS = {"en": "IS seized ", "ar": "استولى التنظيم على ", "ru": "Уничтожено ", "uk": "Знищено "}


@st.composite
def pairs(draw, language: str, order: int | None) -> tuple[str, int, str, str]:
    """One (number, noun) pair as a quote writes it: (text, number, its words, catalog node)."""
    noun, node = draw(st.sampled_from(NOUNS[language]))
    in_words = draw(st.booleans())
    n = draw(st.integers(1, 9_999) if in_words else st.one_of(st.integers(1, 99), st.integers(1, 10_000_000)))
    style = draw(st.integers(0, 15))
    number = WORDS[language](n, style) if in_words else digits(n, style, language)
    form = ORDERS[draw(st.integers(0, len(ORDERS) - 1)) if order is None else order]
    # "BMP 2" names the BMP-2: with no mark between, a noun and a number may spell an alias.
    if form == "{noun} {n}" and CATALOG.lookup(f"{noun} {number.split()[0]}".translate(WESTERN)):
        form = "{noun}: {n}"
    return form.format(n=number, noun=noun), n, number, node


@st.composite
def quotes(draw, one_order: bool = False) -> tuple[str, list[tuple[str, int, str, str]]]:
    """A quote of one to five pairs in one language, with its pairs."""
    language = draw(st.sampled_from(sorted(NOUNS)))
    order = draw(st.integers(0, len(ORDERS) - 1)) if one_order else None
    drawn = draw(st.lists(pairs(language, order), min_size=1, max_size=5))
    quote = drawn[0][0]
    for pair in drawn[1:]:
        quote += draw(st.sampled_from(SEPARATORS[language])) + pair[0]
    if draw(st.booleans()):
        quote = LEADS[language] + quote + draw(st.sampled_from(["", "."]))
    return quote, drawn


def drafted(quote: str) -> tuple[Counter, list[str]]:
    """The draft's items as a multiset of (node, quantity), and its unplaced phrases."""
    draft = draft_items(quote, CATALOG)
    return Counter((i.equipment, str(i.quantity)) for i in draft.items), draft.unplaced


@PROPERTY
@given(quotes())
def test_every_number_drafted_is_written_next_to_its_noun(case):
    quote, drawn = case
    items, unplaced = drafted(quote)
    written = Counter((node, str(n)) for _, n, _, node in drawn)
    assert items <= written, f"{quote!r}: drafted {items - written} that no pair says"
    listed = " ".join(" ".join(u.split()) for u in unplaced)
    for _, n, number, node in drawn:
        if items[(node, str(n))]:
            items[(node, str(n))] -= 1
        else:  # not drafted: then listed, with its number
            assert " ".join(number.split()) in listed, f"{quote!r}: {number} is neither drafted nor listed"


@PROPERTY
@given(quotes(one_order=True))
def test_a_list_written_in_one_order_is_drafted_whole(case):
    quote, drawn = case
    items, _ = drafted(quote)
    assert items == Counter((node, str(n)) for _, n, _, node in drawn), quote


@pytest.mark.parametrize(("language", "n", "expected"), [
    ("en", 250, "two hundred and fifty"), ("en", 1200, "one thousand two hundred"),
    ("ar", 25, "خمسة وعشرون"), ("ar", 3250, "ثلاثة آلاف ومائتان وخمسون"), ("ru", 2300, "две тысячи триста"),
    ("uk", 599, "п'ятсот дев'яносто дев'ять")])
def test_the_spellings_the_properties_use(language, n, expected):
    assert WORDS[language](n, 1 if language == "en" else 0) == expected


# ---- the bugs, one by one --------------------------------------------------------------------
def placed(quote: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    draft = draft_items(quote, CATALOG)
    return [(i.equipment, str(i.quantity), i.as_written) for i in draft.items], draft.unplaced


@pytest.mark.parametrize(("quote", "expected"), [
    ("two hundred and fifty tanks", [("tank", "250", "two hundred and fifty tanks")]),
    ("one thousand two hundred rounds", [("ammunition", "1200", "one thousand two hundred rounds")]),
    ("a hundred and one BMPs", [("bmp", "101", "a hundred and one BMPs")]),
    ("a dozen tanks", [("tank", "12", "a dozen tanks")]),
    ("dozens of tanks", [("tank", "unspecified", "dozens of tanks")]),
    ("1,200 shells", [("ammunition", "1200", "1,200 shells")]),
    ("1 200 shells", [("ammunition", "1200", "1 200 shells")]),
    ("1\u202f200 shells", [("ammunition", "1200", "1\u202f200 shells")]),
    ("1\u00a0200 shells", [("ammunition", "1200", "1\u00a0200 shells")]),
    ("12 000 000 shells", []),  # past any quantity: listed, not drafted
    ("5 120 mm mortars", [("mortar-120mm", "5", "5 120 mm mortars")]),  # a calibre, not 5,120
    ("about 120 mm mortars", [("mortar-120mm", "unspecified", "about 120 mm mortars")]),  # not ~120
    ("between 30 and 40 tanks", [("tank", "30-40", "between 30 and 40 tanks")]),
])
def test_numbers_are_read_whole(quote, expected):
    assert placed(quote)[0] == expected


def test_and_inside_a_number_is_not_a_list_separator():
    assert placed("two hundred and fifty tanks and six BMPs") == (
        [("tank", "250", "two hundred and fifty tanks"), ("bmp", "6", "six BMPs")], [])
    # "fifty" after a noun starts a new phrase: and is a separator there
    assert placed("two hundred tanks and fifty BMPs")[0] == [
        ("tank", "200", "two hundred tanks"), ("bmp", "50", "fifty BMPs")]


@pytest.mark.parametrize(("quote", "expected"), [
    ("tanks: 30", ("tank", "30", "tanks: 30")),
    ("T-72 x 5", ("t-72", "5", "T-72 x 5")),
    ("T-72 ×5", ("t-72", "5", "T-72 ×5")),
    ("BMP (6)", ("bmp", "6", "BMP (6)")),
    ("Leopard 2: 5", ("leopard-2", "5", "Leopard 2: 5")),
    ("T-72B3 tanks: 4", ("t-72b3", "4", "T-72B3 tanks: 4")),
    ("танків – 3 000 (+5)", ("tank", "3000", "танків – 3 000 (+5)")),
])
def test_a_number_after_its_noun(quote, expected):
    assert placed(quote)[0] == [expected]


@pytest.mark.parametrize(("quote", "why"), [
    ("tanks 30 BMPs", WHY_BETWEEN),  # 30 tanks or 30 BMPs: the draft does not choose
    ("tanks: two hundred and fifty BMPs", WHY_BETWEEN),
    ("Leopard 2 tanks", None),  # the 2 is the model's, not a count
])
def test_a_number_is_never_given_to_another_noun(quote, why):
    draft = draft_items(quote, CATALOG)
    assert all(i.quantity.unspecified for i in draft.items)
    assert draft.reasons == ([why] if why else [])


@pytest.mark.parametrize(("quote", "expected", "unplaced"), [
    ("30 دبابة و 6 BMP", [("tank", "30", "30 دبابة"), ("bmp", "6", "6 BMP")], []),
    ("٣٠ دبابة و٦ عربات BMP وعشرات الصواريخ المضادة للدروع وذخيرة",
     [("tank", "30", "٣٠ دبابة"), ("bmp", "6", "٦ عربات BMP"),
      ("atgm", "unspecified", "عشرات الصواريخ المضادة للدروع"), ("ammunition", "unspecified", "ذخيرة")], []),
    ("مئتان وخمسون دبابة، خمسة وعشرون مدفعا",
     [("tank", "250", "مئتان وخمسون دبابة"), ("artillery", "25", "خمسة وعشرون مدفعا")], []),
    ("دبابة عدد 3؛ دبابات: خمسة و ستة BMP",
     [("tank", "3", "دبابة عدد 3"), ("tank", "5", "دبابات: خمسة"), ("bmp", "6", "ستة BMP")], []),
    ("5 танков Leopard и 3 M2 Bradley",
     [("tank", "5", "5 танков Leopard"), ("m2-bradley", "3", "3 M2 Bradley")], ["Leopard"]),
    ("двести пятьдесят танков и десятки орудий",
     [("tank", "250", "двести пятьдесят танков"), ("artillery", "unspecified", "десятки орудий")], []),
    ("около двадцати танков, более ста БМП",
     [("tank", "about 20", "около двадцати танков"), ("bmp", "at least 101", "более ста БМП")], []),
    ("Знищено 12 танків, сім БМП та сотні боєприпасів",
     [("tank", "12", "12 танків"), ("bmp", "7", "сім БМП"),
      ("ammunition", "unspecified", "сотні боєприпасів")], ["Знищено"]),
])
def test_arabic_russian_and_ukrainian_quotes(quote, expected, unplaced):
    assert placed(quote) == (expected, unplaced)


@pytest.mark.parametrize(("quote", "expected", "unplaced"), [
    ("30 خيمة و 6 BMP", [("bmp", "6", "6 BMP")], ["30 خيمة"]),  # tents: no alias
    ("30 бронепоездов и 6 БМП", [("bmp", "6", "6 БМП")], ["30 бронепоездов"]),  # armoured trains
    ("30 widgets and six BMPs", [("bmp", "6", "six BMPs")], ["30 widgets"]),
])
def test_a_noun_the_catalog_lacks_keeps_its_number_to_itself(quote, expected, unplaced):
    assert placed(quote) == (expected, unplaced)
    assert draft_items(quote, CATALOG).reasons == [WHY_NO_ALIAS]


def test_every_unplaced_phrase_says_why_in_the_draft():
    quote = "IS seized two hundred, 30 tanks, foo bar and tanks 30 BMPs; 20,000,000 shells"
    draft = draft_items(quote, CATALOG)
    assert list(zip(draft.unplaced, draft.reasons, strict=True)) == [
        ("IS seized two hundred", WHY_LONE_NUMBER),
        ("foo bar", WHY_NO_ALIAS), ("tanks 30 BMPs", WHY_BETWEEN), ("20,000,000 shells", WHY_NO_COUNT)]
    text = draft_yaml(draft, quote)
    assert (f"# - {WHY_BETWEEN}:\n#   tanks 30 BMPs\n# - {WHY_NO_COUNT}:\n#   \"20,000,000 shells\"\n"
            in text)
    doc = read_document(text.encode(), "draft.yaml", fast=False)
    assert doc.problems == []
    assert len([line for line in text.splitlines() if line.startswith("#   ")]) == len(draft.unplaced)


def test_a_lone_number_says_so():
    draft = draft_items("two hundred, and 30 tanks", CATALOG)
    assert (draft.unplaced, draft.reasons) == (["two hundred"], [WHY_LONE_NUMBER])
    assert "# - a number with no equipment named next to it:\n#   two hundred\n" in draft_yaml(draft, "q")


@pytest.mark.parametrize(("quote", "expected", "why"), [
    # (500, tank) then (1, tank), joined by و: "خمسمائة و واحد" also reads as 501
    ("دبابة خمسمائة و واحد دبابة", [], WHY_BETWEEN),
    # (1,000, tank) then (3,001, tank): "ألف و ثلاثة" reads as 1,003, leaving the 1 of 3,001 alone
    ("1 دبابة، دبابة ألف و ثلاثة آلاف وواحد دبابة", [("tank", "1", "1 دبابة")], WHY_UNCLEAR),
    ("one hundred and one hundred and one hundred and one tanks", [], WHY_UNCLEAR),
    # found by fuzzing: the other nouns rule out one reading, yet the و may still be the list's
    ("122mm howitzers 1V13 مئتان وخمسون 1V13", [], WHY_BETWEEN),
    ("2S7 Pion two hundred two hundred 9A317M TELAR", [], WHY_UNCLEAR),  # not 202 and a "hundred"
])
def test_found_by_the_property_test(quote, expected, why):
    draft = draft_items(quote, CATALOG)
    assert [(i.equipment, str(i.quantity), i.as_written) for i in draft.items] == expected
    assert draft.reasons == [why]


@pytest.mark.parametrize(("quote", "expected"), [
    ("حوالي 120 mm mortar", [("mortar-120mm", "unspecified", "حوالي 120 mm mortar")]),  # a calibre
    ("other 30 tanks", [("tank", "30", "other 30 tanks")]),  # "other" goes with its number
    ("SAMs: ١٠٠٠ Osa", [("osa", "1000", "SAMs: ١٠٠٠ Osa")]),  # both readings agree: both nouns kept
])
def test_found_by_fuzzing(quote, expected):
    assert placed(quote)[0] == expected
