"""Fuzz `materiel draft` for a bounded time: any quote ends in a draft that reads back.

    .venv/bin/python fuzz/fuzz_draft.py --seconds 300                  # Hypothesis draws quotes
    .venv/bin/python fuzz/fuzz_draft.py --seconds 300 --engine atheris # coverage-guided

Each input is a quote (bytes decoded as UTF-8, bad bytes replaced), drafted with the built-in
catalog (`draft_items`, `draft_yaml`), and every 25th one also through the command line.
Findings:
  crash         any exception (the command line: an exit code other than 0, or `internal error`)
  hang / slow   a draft over --timeout seconds
  memory        MemoryError, or resident memory growing past --rss-growth-mb
  output        the draft's YAML does not read back (with problems, or to other items than were
                drafted, or differently on the two YAML paths), an item on no catalog node, a
                quantity outside the grammar, a control character written raw, an unplaced
                phrase without its reason, or an invented number: an item whose number its own
                `as_written`, drafted alone, does not give (it came from elsewhere in the quote)
  dropped       a word of the quote that is in no item's `as_written`, in no unplaced phrase, and
                not a little word or a word the catalog knows (the draft must never drop words)
"""

from __future__ import annotations

import random
import sys
import unicodedata
from pathlib import Path

if "atheris" in sys.argv:  # coverage needs materiel imported under atheris' instrumentation
    import atheris

    with atheris.instrument_imports(include=["materiel"]):
        import materiel.draft  # noqa: F401

from harness import Finding, run
from hypothesis import strategies as st
from tests.generated import HOSTILE

from materiel.dataset import builtin_catalog
from materiel.format.quantities import parse_quantity
from materiel.reading.document import read_document
from materiel.writing.draft import (
    _LINKS,
    _SEPARATORS,
    _STOPWORDS,
    _lookup,
    _tokens,
    draft_items,
    draft_yaml,
)

CATALOG = builtin_catalog()
ALIASES = sorted({alias for node in CATALOG.nodes.values() for alias in (node.name, *node.aliases)})
LITTLE = {*_STOPWORDS, *_LINKS, *(w for group in _SEPARATORS.values() for phrase in group for w in phrase)}
calls = 0


def words(text: str) -> set[str]:
    """The words of a text as the draft reads them (list punctuation and the Arabic "و" apart)."""
    return {w for t in _tokens(text, CATALOG) if not t.separator for w in t.key.split()} - {""}


# A word of some alias may be left out when its phrase only repeats what the item says
# ("T-72B3 tanks"); any other word must be kept somewhere.
VOCABULARY = set().union(*map(words, ALIASES))


def plain(data: object) -> object:
    """Scalars as text (the fast path reads `2` as a number, the positioned path as text)."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data if data is None else str(data)


def check(data: bytes) -> list[Finding]:
    """Draft a quote; what is wrong with the draft."""
    global calls
    quote = data.decode("utf-8", "replace")
    if not quote.strip():
        return []
    findings = []
    draft = draft_items(quote, CATALOG)
    text = draft_yaml(draft, quote)
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c != "\n" for c in text):
        findings.append(Finding("output", "a control character written raw", repr(text)))
    raw = text.encode("utf-8", "surrogatepass")
    positioned, fast = (read_document(raw, "draft.yaml", fast=f) for f in (False, True))
    if positioned.problems:
        codes = ",".join(sorted({p.code for p in positioned.problems}))
        findings.append(Finding("output", f"the draft does not read back ({codes})",
                                "\n".join(p.format() for p in positioned.problems) + "\n\n" + text))
    elif plain(fast.data) != plain(positioned.data):
        findings.append(Finding("output", "the draft reads differently on the fast path", text))
    else:
        items = (positioned.data or {}).get("items") or []
        drafted = [{"equipment": i.equipment, "as_written": i.as_written, "quantity": i.quantity}
                   for i in draft.items]
        read = []
        for item in items:
            try:
                quantity = parse_quantity(item.get("quantity"))
            except ValueError as error:
                findings.append(Finding("output", "a drafted quantity is outside the grammar",
                                        f"{item}: {error}"))
                continue
            read.append({"equipment": item.get("equipment"), "as_written": item.get("as_written"),
                         "quantity": quantity})
        if not findings and read != drafted:
            findings.append(Finding("output", "the draft reads back as other items", f"{read}\n{drafted}"))
    for item in draft.items:
        if item.equipment not in CATALOG.nodes:
            findings.append(Finding("output", "an item on no catalog node", item.equipment))
        # Alone, the words may name a more precise node ("... 120mm mortars: 120 2B11"), never
        # another number.
        alone = draft_items(item.as_written, CATALOG).items
        if not item.quantity.unspecified and not any(
                i.quantity == item.quantity and (i.equipment in CATALOG.ancestors(item.equipment)
                                                 or item.equipment in CATALOG.ancestors(i.equipment))
                for i in alone):
            findings.append(Finding("output", "invented: an item's number is not read from its own words",
                                    f"{item}\n\n{quote!r}"))
    if len(draft.reasons) != len(draft.unplaced) or not all(draft.reasons):
        findings.append(Finding("output", "an unplaced phrase without its reason", repr(quote)))
    kept = set().union(*(words(i.as_written) for i in draft.items), *(words(u) for u in draft.unplaced))
    dropped = sorted(w for w in words(quote) - kept - LITTLE - VOCABULARY if _lookup(CATALOG, w) is None)
    if dropped:
        findings.append(Finding("dropped", "words in no item and not listed as unplaced",
                                f"{dropped}\n\n{quote!r}\n\n{text}"))
    calls += 1
    if calls % 25 == 0:
        findings.extend(through_the_command_line(quote))
    return findings


def through_the_command_line(quote: str) -> list[Finding]:
    from typer.testing import CliRunner

    from materiel.cli import app

    result = CliRunner().invoke(app, ["draft", "-"], input=quote)
    if result.exit_code != 0 or "internal error" in result.stderr:
        return [Finding("crash", f"`materiel draft` exit {result.exit_code}: "
                                 f"{result.stderr.strip().splitlines()[-1:] or ''}", result.stderr)]
    return []


# quotes ----------------------------------------------------------------------------------
NUMBER_WORDS = ("one", "two", "six", "ten", "twelve", "twenty", "twenty-five", "thirty", "a hundred",
                "two hundred", "three thousand", "a dozen", "two dozen", "a thousand", "zero", "nineteen",
                "ninety-nine", "hundred", "thousand", "two hundred and fifty", "one thousand and one",
                "خمسة", "خمسة وعشرون", "مئتان وخمسون", "ثلاثة آلاف", "ثلاثة عشر", "ألف", "واحد",
                "двести пятьдесят", "две тысячи триста", "пять", "тысяча", "сорок два",
                "п'ять", "дві тисячі", "дев'яносто дев'ять", "сто")
LEADS = ("about", "around", "approximately", "nearly", "almost", "some", "an estimated", "up to", "at least",
         "no fewer than", "more than", "over", "upwards of", "in excess of", "около", "более", "понад",
         "не менее", "حوالي", "أكثر من", "between")
UNSPECIFIED = ("untold", "crates of", "large quantities of", "a large number of", "dozens of", "hundreds of",
               "several", "other", "many", "numerous", "various", "boxes of", "lots of", "stocks of",
               "десятки", "сотни", "сотні", "عشرات", "مئات", "كميات كبيرة من")
SEPARATORS = (", ", "; ", " and ", " & ", ", and ", " as well as ", " plus ", "\n", ",", "&", " and\n",
              " و ", " و", "، ", "،", " и ", " і ", " та ", " й ", ", а также ")
EXTRA = ("heavy", "Russian-made", "destroyed", "captured", "the", "of", "with", "its", "IS", "seized",
         "Syrian army", "T-72B3", "tanks", "shells", "1,000", "(odd)", "“quoted”", "'s", "-", "–", "to",
         "x", ":", "(6)", "عدد", "و", "и", "and", "Уничтожено", "استولى", "1 200", "٣٠", "mm")


def quantity(rng: random.Random) -> str:
    n = rng.choice([0, 1, 2, 6, 30, 1000, rng.randint(0, 10 ** rng.randint(1, 9))])
    roll = rng.random()
    if roll < 0.005:
        return "9" * rng.randint(4000, 6000)  # beyond int()'s 4,300-digit limit
    grouped = f"{n:,}".replace(",", rng.choice([" ", "\u00a0", "\u202f", "٬"]))
    eastern = str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    choices = [str(n), f"{n:,}", f"{n}-{n + rng.randint(0, 9)}", f"{n} to {n + 2}", f"{n}–{n + 3}",
               f"{rng.choice(LEADS)} {n}", f"{rng.choice(LEADS)} {rng.choice(NUMBER_WORDS)}",
               rng.choice(NUMBER_WORDS), rng.choice(UNSPECIFIED), "", f"{n + 5}-{n}", grouped, eastern,
               f"x{n}", f"{n}x"]
    return rng.choice(choices)


def noun(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        alias = rng.choice(ALIASES)
        return alias + rng.choice(["", "", "s", "es"])
    if roll < 0.75:
        return rng.choice(HOSTILE)
    if roll < 0.9:
        return " ".join(rng.choice(EXTRA) for _ in range(rng.randint(1, 3)))
    return "".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(rng.randint(1, 6)))


def quote(rng: random.Random) -> bytes:
    """A claim as propaganda writes it: a list of quantities and nouns, in any words."""
    segments = []
    for _ in range(rng.randint(1, 10)):
        parts = [quantity(rng), *(rng.choice(EXTRA) for _ in range(rng.randint(0, 1))), noun(rng)]
        if rng.random() < 0.3:  # the noun first: "tanks: 30", "T-72 x 5", "BMP (6)"
            parts = [parts[-1], rng.choice(["", ":", "x", "-", "عدد"]) + " " + parts[0]]
            if rng.random() < 0.3:
                parts[1] = f"({parts[1].strip(' :x-')})"
        if rng.random() < 0.2:
            parts.append(noun(rng))
        segments.append(" ".join(p for p in parts if p))
    text = segments[0]
    for segment in segments[1:]:
        text += rng.choice(SEPARATORS) + segment
    if rng.random() < 0.3:
        lead = rng.choice(["IS seized ", "Amaq: ", "\"", "“", "The army lost "])
        text = lead + text + rng.choice(["", ".", "\"", "”"])
    if rng.random() < 0.02:  # one long phrase with no separator at all
        text += " " + " ".join(rng.choice(["word", "tank", "six", "heavy", "of"])
                               for _ in range(rng.randint(50, 700)))
    return text.encode("utf-8")


def strategy():
    return st.one_of(
        st.randoms(use_true_random=True).map(quote),
        st.text(min_size=1, max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(st.sampled_from([*ALIASES[:200], *SEPARATORS, *NUMBER_WORDS, *UNSPECIFIED, *LEADS, "1",
                                  "30"]), min_size=1, max_size=30).map(" ".join).map(str.encode),
    )


def corpus(folder: Path) -> None:
    """Seeds for libFuzzer: the README's quote, and generated ones."""
    (folder / "palmyra").write_bytes(
        b'IS seized 30 tanks, six BMP infantry fighting vehicles, six 122mm artillery pieces, other smaller '
        b'artillery, and "untold antitank missiles, grad missiles, tank shells & ammunition."')
    rng = random.Random(2016)
    for i in range(200):
        (folder / f"generated-{i}").write_bytes(quote(rng))


if __name__ == "__main__":
    run("draft", __doc__.splitlines()[0], check, strategy, corpus)
