"""Fuzz the dataset loader for a bounded time: any input ends in data or positioned problems.

    .venv/bin/python fuzz/fuzz_loader.py --seconds 300                  # Hypothesis draws inputs
    .venv/bin/python fuzz/fuzz_loader.py --seconds 300 --engine atheris # coverage-guided (needs atheris)

Each input is one dataset file's bytes, read on both YAML paths (`read_document(..., fast=True)`
and `fast=False`) and built into a dataset. Findings:
  crash         any exception other than ProblemsFound
  hang / slow   a run over --timeout seconds
  memory        MemoryError, or resident memory growing past --rss-growth-mb
  disagreement  the fast and positioned paths give different data or different problems
  position      a problem outside the file (line < 1, column < 1, or past the last line + 1)
  output        a problem line that is not inert (a control character reaches the terminal), or
                a problem code the README does not list

Inputs: generated valid datasets written in every style (tests/generated.py), then edited with
YAML's own tokens, Unicode line breaks, tabs, odd numbers, anchors, deep nesting, long lines and
huge numbers; the test fixtures and the project's dataset, edited the same way; random bytes.
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from pathlib import Path

if "atheris" in sys.argv:  # coverage needs materiel imported under atheris' instrumentation
    import atheris

    with atheris.instrument_imports(include=["materiel"]):
        import materiel.dataset  # noqa: F401

from harness import ROOT, Finding, run
from hypothesis import strategies as st
from tests.generated import EDITS, edit, random_records, write

from materiel.dataset import build_dataset
from materiel.errors import ProblemsFound
from materiel.reading.document import read_document

NAME = "fuzz.yaml"
# The problem codes the format's docs promise; any other code is a finding.
DOCUMENTED = set(re.findall(r"`([a-z-]+)`", (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
                            .split("Error codes:")[1].split("\n\n")[0]))
SEEDS = sorted((ROOT / "tests" / "data").glob("*.yaml")) + [ROOT / "data" / "claims.yaml"]
TOKENS = ("\n", " ", "  ", "- ", ": ", "#", " #", "&x ", "*x", "&id: ", "!", "!!str ", "!foo ", "!!binary ",
          "[", "]", "{", "}", ",", "'", '"', "\\", "~", "null", "true", "yes", "NO", "030", "+5", "0x1F",
          "-0", "01", "1_000", "1e3", ".5", ".inf", "<<", "<<: *x\n", "---\n", "...\n", "%YAML 1.1\n",
          "%TAG ! tag:x,2000:\n", "? ", "é", "\ufeff", "-1", "id: dup\n", "  - ", "    ", "\n  - id: z\n",
          ":", "-", "&", "*", "%", "@", "`", "\x00", "\x01", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",
          "\\x85", "\\N", "\\L", "\\e", "\\u202e", "\\ud800", "\\U0010ffff", "items:", "quantity: ",
          "equipment: ", "sources:", "claims:", "evidence:", "\n#", "\n\n", "\r", "\r\n", "\t", "\t# c\n",
          "|", ">", "|-", "|+", ">-", "|2", ">x", "|x", "\n\t", "\u202e", "\u200b", "\U0001F600")


def dump(dataset) -> dict:
    return {kind: [r.model_dump() for r in (v.values() if isinstance(v, dict) else v)]
            for kind in ("sources", "events", "equipment", "claims", "evidence")
            for v in [getattr(dataset, kind)]}


def outcome(data: bytes, fast: bool):
    try:
        return "data", dump(build_dataset([read_document(data, NAME, fast=fast)]))
    except ProblemsFound as found:
        return "problems", found.problems


def first_difference(a, b, path="") -> str:
    """Where two outcomes first differ, as a path (for grouping disagreements)."""
    if type(a) is not type(b):
        return path or "(type)"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b), key=str):
            if a.get(key) != b.get(key):
                return first_difference(a.get(key), b.get(key), f"{path}.{key}" if path else str(key))
    if isinstance(a, (list, tuple)) and len(a) == len(b):
        for x, y in zip(a, b, strict=True):
            if x != y:
                return first_difference(x, y, path + "[]")
    return path or "(value)"


def describe(result) -> str:
    kind, value = result
    if kind == "data":
        return "data"
    return "problems[" + ",".join(sorted({p.code for p in value})) + "]"


def check(data: bytes) -> list[Finding]:
    """Read `data` on both paths; what is wrong with the outcome."""
    fast, positioned = outcome(data, True), outcome(data, False)
    findings = []
    if fast != positioned:
        where = first_difference(fast[1], positioned[1]) if fast[0] == positioned[0] == "data" else ""
        if fast[0] == positioned[0] == "problems":
            moved = {(p.code, p.path) for p in fast[1]} == {(p.code, p.path) for p in positioned[1]}
            where = "same problems, other places" if moved else ""
        findings.append(Finding("disagreement", f"fast {describe(fast)} / positioned {describe(positioned)}"
                                                f"{' at ' + where if where else ''}",
                                f"fast: {fast}\n\npositioned: {positioned}"))
    text = data.decode("utf-8", "replace")
    # YAML (and libyaml's positions) end a line at LF, CR, CRLF, NEL, LS and PS.
    lines = len(re.findall("\r\n|[\n\r\x85\u2028\u2029]", text)) + 1
    for kind, result in (("fast", fast), ("positioned", positioned)):
        if result[0] != "problems":
            continue
        for problem in result[1]:
            if not (1 <= problem.line <= lines + 1 and problem.column >= 1):
                findings.append(Finding("position", f"{kind}: [{problem.code}] outside the file",
                                        problem.format()))
            if problem.line == 1 and problem.column == 1 and problem.code == "unknown-reference":
                findings.append(Finding("position", f"{kind}: [{problem.code}] put at 1:1", problem.format()))
            if problem.code not in DOCUMENTED:
                findings.append(Finding("output", f"{kind}: undocumented code `{problem.code}`",
                                        problem.format()))
            line = problem.format()
            if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in line):
                findings.append(Finding("output", f"{kind}: [{problem.code}] line not inert", repr(line)))
    return findings


# inputs ----------------------------------------------------------------------------------
def big(rng: random.Random) -> str:
    """A document that stresses a limit: deep nesting, a long line, a huge number, many elements."""
    n = int(10 ** rng.uniform(2, 5.5))
    base = "sources: [{id: s, name: S, kind: other}]\nevents: [{id: e, title: T, date: 2016, place: P}]\n"
    return rng.choice([
        "sources: " + "[" * n + "]" * n + "\n",
        "sources: " + "{a: " * n + "x" + "}" * n + "\n",
        "".join(f"{' ' * i}k{i}:\n" for i in range(min(n, 3000))) + "x\n",
        "sources:\n  " + "- " * n + "x\n",
        base + "claims: [" + ", ".join(["1"] * n) + "]\n",
        base + "claims:\n  - {id: c, event: e, claimant: s, published: 2016, "
               f"credibility: {'9' * min(n, 20000)},"
               " items: [{equipment: tank, quantity: 1}]}\n",
        base + f"claims:\n  - {{id: c, event: e, claimant: s, published: 2016, note: {'7' * n},"
               f" items: [{{equipment: tank, quantity: {'1' * min(n, 20000)}}}]}}\n",
        "sources:\n  - {id: s, kind: other, name: \"" + "\\u202e" * n + "\"}\n",
        "a0: &a0 [x, x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n" for i in range(1, min(n, 40))),
        "sources:\n  - {id: s, kind: other, name: " + "x" * n * 10 + ": y}\n",
    ])


def mutate(rng: random.Random, text: str) -> str:
    """One to four edits with YAML's tokens, line operations, or a character's neighbour."""
    for _ in range(rng.randint(1, 4)):
        operation = rng.choice([*EDITS, "insert", "flip"])
        i = rng.randint(0, len(text))
        if operation == "flip":
            if text:
                k = min(i, len(text) - 1)
                text = text[:k] + chr(max(0, ord(text[k]) + rng.choice([-1, 1]))) + text[k + 1:]
            continue
        n = rng.randint(1, 8) if operation == "delete" else rng.randint(1, 3)
        text = edit(text, operation, i, rng.randrange(text.count("\n") + 1), rng.choice(TOKENS), n,
                    rng.choice([" ", "  ", "\t"]))
    return text


def document(rng: random.Random) -> bytes:
    """One input: generated or a fixture, perhaps edited, perhaps CRLF or with a BOM; or noise."""
    roll = rng.random()
    if roll < 0.01:
        text = big(rng)
    elif roll < 0.15:
        seed = rng.choice(SEEDS).read_bytes().decode("utf-8", "replace")
        text = mutate(rng, seed)
    else:
        records = random_records(rng, hostile=rng.random() < 0.7, max_records=rng.choice([1, 2, 3]))
        text = write(rng, records, odd=rng.random() < 0.5, comments=True).text
        if rng.random() < 0.85:
            text = mutate(rng, text)
    if rng.random() < 0.2:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8", "surrogatepass")
    return (b"\xef\xbb\xbf" if rng.random() < 0.1 else b"") + data


def strategy():
    return st.one_of(
        st.randoms(use_true_random=True).map(document),
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )


def corpus(folder: Path) -> None:
    """Seeds for libFuzzer: the fixtures, the project's dataset, generated files."""
    for seed in SEEDS:
        (folder / seed.name).write_bytes(seed.read_bytes())
    rng = random.Random(2016)
    for i in range(200):
        (folder / f"generated-{i}.yaml").write_bytes(document(rng))


if __name__ == "__main__":
    run("loader", __doc__.splitlines()[0], check, strategy, corpus, Path(__file__).with_name("yaml.dict"))
