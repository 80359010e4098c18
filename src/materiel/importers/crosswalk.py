"""Where the public vocabularies meet: Oryx's categories and models, the General Staff's categories.

The crosswalk of PetroIvaniuk/2022-Ukraine-Russia-War-Dataset (`russia_losses_equipment_oryx.json`,
MIT) names, per Oryx model, its Oryx category and the General Staff category it falls under.
From it materiel derives, reproducibly (`python -m materiel.importers.crosswalk CROSSWALK.json --write
src/materiel`), two files shipped in the package:

- `catalog_ua_general_staff.yaml`: one catalog node per General Staff category (id, name, note);
- `oryx_models.csv`: each crosswalk model with its Oryx category, for `import oryx-events`.

What each General Staff category stands for is not derived: it is materiel's reading, written by
hand with a note per choice in `mappings_ua_general_staff.yaml` (a dataset may replace any of it
with its own `mappings:`). The crosswalk decides, for each Oryx category, the General Staff
category where most of its losses fall; `departures` lists where materiel's reading differs, and
the command prints it with the table the docs show.

The other hand-written parts are the tables below: the General Staff's words for its categories
(the daily file's keys and the crosswalk's names differ), and Oryx's former category names.
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..dataset.builtin import builtin_catalog
from ..errors import CrosswalkError, ImportFailed
from ..format.catalog import Catalog, normalise_words
from ..output.files import write_atomic
from ..output.formats import neutralise
from .files import iter_json_array

CATALOG_FILE = "catalog_ua_general_staff.yaml"
MAPPINGS_FILE = "mappings_ua_general_staff.yaml"  # hand-written: what each category stands for
MODELS_FILE = "oryx_models.csv"
UNMAPPED = "unmapped"

# Oryx's categories as catalog roots, in Oryx's order (the roots carry Oryx's current names, but
# for `naval`: Oryx's Naval Ships and Submarines, whose submarines are the root `submarine`).
ORYX_ROOTS = (
    "tank", "afv", "ifv", "apc", "mrap", "imv", "command-post", "engineering", "ugv", "sp-atgm",
    "artillery-support", "towed-artillery", "sp-artillery", "rocket-artillery", "aa-gun", "spaag",
    "sam", "radar", "jammer", "aircraft", "helicopter", "ucav", "recon-uav", "naval", "truck",
)
# Names Oryx used before, or uses on its list of Ukrainian losses, for the same categories.
ORYX_FORMER_NAMES = {
    "Multiple Rocket Launchers": "rocket-artillery",
    "Naval Ships": "naval",
    # Oryx's name on its list of Russian losses: the ships, and its one submarine, which the
    # imports file under the root `submarine` where the rows name it.
    "Naval Ships and Submarines": "naval",
    "Trucks, Vehicles, and Jeeps": "truck",
    "Trucks, Vehicles and Jeeps": "truck",
    "Radars And Communications Equipment": "radar",
}


@dataclass(frozen=True)
class GeneralStaffCategory:
    """One category of the General Staff's daily report: its key there, its catalog node, and
    its name in the crosswalk (None: the crosswalk never names it)."""

    key: str
    node: str
    crosswalk: str | None

    @property
    def name(self) -> str:
        """The node's display name."""
        return f"{self.key} (Ukrainian General Staff)"


GENERAL_STAFF = (
    GeneralStaffCategory("tank", "ua-gs-tank", "Tanks"),
    GeneralStaffCategory("APC", "ua-gs-apc", "Armoured Personnel Carriers"),
    GeneralStaffCategory("field artillery", "ua-gs-field-artillery", "Artillery Systems"),
    GeneralStaffCategory("MRL", "ua-gs-mrl", "Multiple Rocket Launchers"),
    GeneralStaffCategory("anti-aircraft warfare", "ua-gs-anti-aircraft-warfare",
                         "Anti-aircraft Warfare Systems"),
    GeneralStaffCategory("aircraft", "ua-gs-aircraft", "Aircrafts"),
    GeneralStaffCategory("helicopter", "ua-gs-helicopter", "Helicopters"),
    GeneralStaffCategory("drone", "ua-gs-drone", "Unmanned Aerial Vehicles"),
    GeneralStaffCategory("naval ship", "ua-gs-naval-ship", "Warships, Boats"),
    GeneralStaffCategory("submarines", "ua-gs-submarines", None),
    GeneralStaffCategory("special equipment", "ua-gs-special-equipment", "Special Equipment"),
    GeneralStaffCategory("vehicles and fuel tanks", "ua-gs-vehicles-and-fuel-tanks",
                         "Vehicle and Fuel Tank"),
    GeneralStaffCategory("military auto", "ua-gs-military-auto", None),
    GeneralStaffCategory("fuel tank", "ua-gs-fuel-tank", None),
    GeneralStaffCategory("cruise missiles", "ua-gs-cruise-missiles", None),
    GeneralStaffCategory("mobile SRBM system", "ua-gs-mobile-srbm-system", None),
    GeneralStaffCategory("ground robotic systems", "ua-gs-ground-robotic-systems", None),
)
GENERAL_STAFF_BY_KEY = {c.key: c for c in GENERAL_STAFF}
# Keys of the daily file that are not equipment.
GENERAL_STAFF_OTHER_KEYS = ("date", "day", "greatest losses direction", "personnel")


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@functools.lru_cache(maxsize=1)
def _oryx_names() -> dict[str, str]:

    catalog = builtin_catalog()
    names = {_name_key(catalog.nodes[root].name): root for root in ORYX_ROOTS}
    names.update({_name_key(name): root for name, root in ORYX_FORMER_NAMES.items()})
    return names


def oryx_category_root(name: str) -> str | None:
    """The catalog root of an Oryx category name, current or former (None if unknown)."""
    return _oryx_names().get(_name_key(name))


@dataclass(frozen=True)
class CrosswalkModel:
    """One model of the crosswalk."""

    model: str
    oryx_category: str
    root: str
    general_staff: str
    losses: int


@dataclass
class Derivation:
    """The category-level mapping derived from the crosswalk."""

    models: list[CrosswalkModel]
    losses: dict[str, Counter] = field(default_factory=dict)  # root -> GS key -> losses
    counts: dict[str, Counter] = field(default_factory=dict)  # root -> GS key -> models
    assigned: dict[str, str] = field(default_factory=dict)  # root -> GS key

    def covers(self, key: str) -> list[str]:
        """The Oryx categories (roots) a General Staff category covers, in Oryx's order."""
        return [root for root in ORYX_ROOTS if self.assigned.get(root) == key]

    @property
    def splits(self) -> dict[str, Counter]:
        """Oryx categories whose losses the crosswalk files under more than one GS category."""
        return {root: c for root, c in self.losses.items() if len(c) > 1}

    @property
    def uncovered(self) -> list[str]:
        """Oryx categories that no General Staff category covers."""
        return [root for root in ORYX_ROOTS if root not in self.assigned]


def read_crosswalk(path: Path) -> list[CrosswalkModel]:
    """The crosswalk's models; raise CrosswalkError naming the first bad line."""

    by_crosswalk_name = {c.crosswalk: c.key for c in GENERAL_STAFF if c.crosswalk}
    wanted = {"equipment_oryx": str, "model": str, "manufacturer": str, "losses_total": int,
              "equipment_ua": str}
    models = []
    try:
        for line, item in iter_json_array(path):
            where = f"{path}:{line}"
            if not isinstance(item, dict) or set(item) != set(wanted):
                raise CrosswalkError(f"{where}: expected an object with {', '.join(wanted)}")
            for key, kind in wanted.items():
                if not isinstance(item[key], kind) or isinstance(item[key], bool):
                    raise CrosswalkError(f"{where}: `{key}` is not a {kind.__name__}")
            root = oryx_category_root(item["equipment_oryx"])
            if root is None:
                raise CrosswalkError(f"{where}: unknown Oryx category `{item['equipment_oryx']}`; "
                                     "add it to ORYX_FORMER_NAMES in materiel/importers/crosswalk.py")
            key = by_crosswalk_name.get(item["equipment_ua"])
            if key is None:
                raise CrosswalkError(f"{where}: unknown General Staff category "
                                     f"`{item['equipment_ua']}`; add it to GENERAL_STAFF")
            if item["losses_total"] < 0:
                raise CrosswalkError(f"{where}: `losses_total` is negative")
            models.append(CrosswalkModel(item["model"], item["equipment_oryx"], root, key,
                                         item["losses_total"]))
    except ImportFailed as err:
        raise CrosswalkError(str(err)) from None
    return models


def derive(models: Iterable[CrosswalkModel]) -> Derivation:
    """Give each Oryx category to the General Staff category where most of its losses fall
    (a tie goes to the General Staff category listed first)."""
    out = Derivation(list(models))
    for m in out.models:
        out.losses.setdefault(m.root, Counter())[m.general_staff] += m.losses
        out.counts.setdefault(m.root, Counter())[m.general_staff] += 1
    order = {c.key: i for i, c in enumerate(GENERAL_STAFF)}
    for root, losses in out.losses.items():
        out.assigned[root] = min(losses, key=lambda k: (-losses[k], order[k]))
    return out


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def catalog_yaml(derivation: Derivation) -> str:
    """The General Staff's categories as catalog nodes (the generated catalog file): ids, names and
    notes; what each stands for is in the hand-written mappings file."""
    lines = [
        "# GENERATED by `python -m materiel.importers.crosswalk CROSSWALK.json --write src/materiel` from",
        "# russia_losses_equipment_oryx.json of PetroIvaniuk/2022-Ukraine-Russia-War-Dataset",
        "# (MIT licence, (c) 2022 Petro Ivaniuk); do not edit by hand.",
        "# One node per category of the Ukrainian General Staff's daily report. What each one stands",
        f"# for (`covers`, `in_doubt`) is materiel's reading, written by hand in {MAPPINGS_FILE}.",
        "equipment:",
    ]
    for category in GENERAL_STAFF:
        named = f" (crosswalk: {category.crosswalk})" if category.crosswalk else " (not in the crosswalk)"
        note = (f"The General Staff's `{category.key}`{named}; what it stands for is in {MAPPINGS_FILE}.")
        lines.append(f"  - id: {category.node}")
        lines.append(f"    name: {_quoted(category.name)}")
        lines.append(f"    note: {_quoted(note)}")
    return "\n".join(lines) + "\n"


def models_csv(derivation: Derivation) -> str:
    """The crosswalk's models with their Oryx category as a catalog root (the generated CSV)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["model", "oryx_category", "category", "general_staff", "losses_total"])
    for m in derivation.models:
        # Model names come from Oryx's pages: neutralised as every CSV of materiel (clean_system
        # drops the `'` again when the file is read back).
        writer.writerow([*map(neutralise, (m.model, m.oryx_category, m.root, m.general_staff)), m.losses])
    return out.getvalue()


@dataclass(frozen=True)
class Departure:
    """A catalog node that materiel's mapping files otherwise than the compiler's crosswalk."""

    node: str
    crosswalk: str | None  # the GS key the crosswalk gives its Oryx category (None: it names none)
    certain: tuple[str, ...]  # the GS keys that cover it in materiel's mapping
    in_doubt: tuple[str, ...]  # the GS keys that may also stand for it

    def text(self, catalog: Catalog) -> str:
        """One line: the node, what the crosswalk says, what materiel says."""
        theirs = f"`{self.crosswalk}`" if self.crosswalk else "none (it names no such model)"
        mine = [", ".join(f"`{k}`" for k in self.certain)] if self.certain else []
        if self.in_doubt:
            mine.append("in doubt under " + ", ".join(f"`{k}`" for k in self.in_doubt))
        return (f"`{self.node}` ({catalog.nodes[self.node].name}): the crosswalk: {theirs}; materiel: "
                + ("; ".join(mine) or "none"))


def _reading(catalog: Catalog, node: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The GS keys whose mapping covers a node (it or one of its ancestors), certainly and in doubt."""
    chain = catalog.ancestors(node)
    certain = tuple(c.key for c in GENERAL_STAFF if c.node in catalog
                    and any(n in chain for n in catalog.covered(c.node)))
    doubt = tuple(c.key for c in GENERAL_STAFF if c.node in catalog and c.key not in certain
                  and any(n in chain for n in catalog.in_doubt(c.node)))
    return certain, doubt


def departures(derivation: Derivation, catalog: Catalog) -> list[Departure]:
    """Where materiel's mapping (the catalog's, built-in or a dataset's) departs from the crosswalk:
    every Oryx category, and every other node a mapping names, that materiel files under other
    General Staff categories than the one where the crosswalk puts most of its losses, or in doubt."""
    named = [n for c in GENERAL_STAFF if c.node in catalog
             for n in (*catalog.covered(c.node), *catalog.in_doubt(c.node))]
    order = {node: i for i, (_, node) in enumerate(catalog.walk())}
    nodes = sorted({*ORYX_ROOTS, *(n for n in named if n in catalog)}, key=lambda n: order.get(n, len(order)))
    out = []
    for node in nodes:
        crosswalk = derivation.assigned.get(catalog.root_of(node))
        certain, doubt = _reading(catalog, node)
        if doubt or certain != ((crosswalk,) if crosswalk else ()):
            out.append(Departure(node, crosswalk, certain, doubt))
    return out


def markdown(derivation: Derivation, catalog: Catalog) -> str:
    """The mapping as the docs show it: materiel's reading beside the crosswalk's, with the notes;
    the crosswalk's impure splits; where materiel departs from it; what nothing covers."""
    lines = ["| General Staff category | materiel node | covers (narrow) | in doubt (broad adds) | "
             "the crosswalk's | crosswalk models (losses) | why |",
             "|---|---|---|---|---|---:|---|"]
    for category in GENERAL_STAFF:
        theirs = derivation.covers(category.key)
        models = sum(derivation.counts[r][category.key] for r in theirs)
        losses = sum(derivation.losses[r][category.key] for r in theirs)
        node = catalog.nodes[category.node]
        covers = " + ".join(f"`{r}`" for r in catalog.covered(category.node)) or "(none)"
        doubt = " + ".join(f"`{r}`" for r in catalog.in_doubt(category.node))
        lines.append(f"| `{category.key}` | `{category.node}` | {covers} | {doubt} | "
                     + (" + ".join(f"`{r}`" for r in theirs) or "(none)") + " | "
                     + (f"{models} ({losses:,})" if theirs else "") + " | "
                     + (node.note or "").replace("|", "\\|") + " |")
    lines.append("")
    splits = derivation.splits
    if splits:
        lines.append("Impure splits (Oryx categories the crosswalk files under more than one "
                     "General Staff category; each goes where most of its losses fall):")
        lines.append("")
        for root, losses in splits.items():
            total = sum(losses.values())
            parts = ", ".join(f"`{k}` {n:,} ({n / total:.0%})" for k, n in losses.most_common())
            lines.append(f"- `{root}` ({catalog.nodes[root].name}): {parts}")
    else:
        lines.append("Impure splits in the crosswalk: none. Every Oryx category it names falls wholly "
                     "under one General Staff category.")
    found = departures(derivation, catalog)
    lines.append("")
    if found:
        lines.append("Where materiel departs from the crosswalk (the notes above say why):")
        lines.append("")
        lines += [f"- {d.text(catalog)}" for d in found]
    else:
        lines.append("materiel follows the crosswalk everywhere.")
    uncovered = [r for r in ORYX_ROOTS if _reading(catalog, r) == ((), ())]
    lines.append("")
    lines.append("Oryx categories no General Staff category covers, certainly or in doubt (`compare` "
                 "lists their evidence as `not claimed`): "
                 + (", ".join(f"`{r}`" for r in uncovered) if uncovered else "none") + ".")
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=1)
def shipped_models() -> dict[str, str]:
    """Normalised crosswalk model name -> Oryx category root, from the shipped CSV."""
    text = resources.files("materiel").joinpath(MODELS_FILE).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return {normalise_words(clean_system(row["model"])): row["category"] for row in reader}


# Latin letters that Cyrillic look-alikes stand for in Oryx's text (`421-16Е`, `9С932`).
_LOOKALIKES = str.maketrans("АВЕКМНОРСТХаеорсух", "ABEKMHOPCTXaeopcyx")
_QUOTES = re.compile(r"['\"‘’“”`]+")
_LEADING_COUNT = re.compile(r"^\d+\s+(?=\S)")
_UNKNOWN = re.compile(r"^\(?unknown\)?\s+", re.IGNORECASE)
# Words after a model name that say the row is something built on or for it, not the model.
_CONNECTIVES = frozenset({"for", "with", "on", "based", "converted", "carrying", "towing", "and", "or"})
# Words too general to say a category inside a longer name: `tank` in `fuel tank`, `vehicle` in
# `reconnaissance vehicle` (they still work as a whole name: `Unknown tank`, `(Unknown) vehicle`).
_GENERIC = frozenset(normalise_words(w) for w in (
    "tank", "tanks", "vehicle", "vehicles", "car", "cars", "van", "vans", "train", "trains",
    "rocket", "rockets", "equipment", "boat", "boats", "vessel", "vessels", "jet", "jets"))
_LONGEST_ALIAS = 8  # words
# Catalog roots a row of Oryx's list may be filed under: Oryx's categories, and the catalog's own
# roots for what Oryx also lists (its one submarine, anti-tank missiles, MANPADS, ammunition).
USABLE_ROOTS = frozenset((*ORYX_ROOTS, "submarine", "atgm", "small-arms", "ammunition"))


def clean_system(text: str) -> str:
    """Oryx's system text without its leading count, quotes and look-alike letters."""
    text = _LEADING_COUNT.sub("", text.strip().translate(_LOOKALIKES))
    return " ".join(_QUOTES.sub(" ", text).split())


def _words(text: str) -> list[str]:
    return [w.strip("()[],;:") for w in text.split() if w.strip("()[],;:")]


@dataclass(frozen=True)
class Match:
    """Where a row of Oryx's list goes: the catalog node and how it was found."""

    node: str
    method: str
    oryx_root: str | None = None  # the crosswalk's category for the text, when it names one


METHODS = {
    "alias": "the catalog's aliases",
    "crosswalk": "the crosswalk's model list",
    "unknown": "`Unknown` + a catalog alias",
    "leading-alias": "the model name it starts with",
    "category-words": "the words of one category in it",
    "unmapped": "nothing (the `unmapped` node)",
}


class SystemMatcher:
    """Maps Oryx's free-text system names onto catalog nodes, remembering each answer."""

    def __init__(self, catalog: Catalog, models: dict[str, str] | None = None):
        self.catalog = catalog
        self.models = shipped_models() if models is None else models
        self._cache: dict[str, Match] = {}

    def match(self, system: str) -> Match:
        """The node for a system text, by the first that answers: the catalog's aliases; the
        crosswalk's model list (its category, or the model it starts with when that lies in it);
        `Unknown` + an alias; the model name it starts with (unless it is something `for` or
        `with` one); the words of exactly one category in it; else the `unmapped` node."""
        found = self._cache.get(system)
        if found is None:
            found = self._cache[system] = self._match(system)
        return found

    def _usable(self, node: str | None) -> str | None:
        return node if node is not None and self.catalog.root_of(node) in USABLE_ROOTS else None

    def _lookup(self, words: list[str]) -> str | None:
        return self._usable(self.catalog.alias_index.get(normalise_words(" ".join(words))))

    def _leading(self, words: list[str]) -> str | None:
        for n in range(min(len(words), _LONGEST_ALIAS), 0, -1):
            if node := self._lookup(words[:n]):
                return node
        return None

    def _match(self, system: str) -> Match:
        text = clean_system(system)
        oryx_root = self.models.get(normalise_words(text))
        if node := self._usable(self.catalog.lookup(text)):
            return Match(node, "alias", oryx_root)
        bare = _words(_UNKNOWN.sub("", text))
        if oryx_root is not None:
            node = self._leading(bare)
            inside = node is not None and self.catalog.root_of(node) == oryx_root
            return Match(node if inside else oryx_root, "crosswalk", oryx_root)
        if len(bare) < len(_words(text)) and (node := self._lookup(bare)):
            return Match(node, "unknown")
        if not _CONNECTIVES.intersection(w.casefold() for w in bare) and (node := self._leading(bare)):
            return Match(node, "leading-alias")
        if root := self._category_from_words(bare):
            return Match(root, "category-words")
        return Match(UNMAPPED, "unmapped")

    def _category_from_words(self, words: list[str]) -> str | None:
        """The one category whose words the text holds (a phrase inside a longer matching phrase
        does not count: `vehicle` in `command and staff vehicle`)."""
        spans = []
        for start in range(len(words)):
            for end in range(min(len(words), start + _LONGEST_ALIAS), start, -1):
                phrase = normalise_words(" ".join(words[start:end]))
                node = self._usable(self.catalog.alias_index.get(phrase))
                if node and phrase not in _GENERIC:
                    spans.append((start, end, node))
                    break
        kept = [s for s in spans
                if not any(o is not s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
        roots = {self.catalog.root_of(node) for _, _, node in kept}
        return roots.pop() if len(roots) == 1 else None


def main(argv: list[str] | None = None) -> int:
    """Derive the shipped files from the crosswalk: print the docs' table of materiel's mapping
    beside the crosswalk's, or --write the files and print where materiel departs from it."""

    parser = argparse.ArgumentParser(prog="python -m materiel.importers.crosswalk", description=main.__doc__)
    parser.add_argument("crosswalk", type=Path, help="russia_losses_equipment_oryx.json")
    parser.add_argument("--write", type=Path, metavar="DIR",
                        help=f"write {CATALOG_FILE} and {MODELS_FILE} into DIR (src/materiel)")
    args = parser.parse_args(argv)
    try:
        derivation = derive(read_crosswalk(args.crosswalk))
    except CrosswalkError as err:
        print(f"materiel: {err}", file=sys.stderr)
        return 1
    catalog = builtin_catalog()
    if args.write:
        write_atomic(args.write / CATALOG_FILE, catalog_yaml(derivation))
        write_atomic(args.write / MODELS_FILE, models_csv(derivation))
        print(f"wrote {args.write / CATALOG_FILE} and {args.write / MODELS_FILE}")
        found = departures(derivation, catalog)
        print(f"{len(found)} departures of materiel's mapping ({MAPPINGS_FILE}) from the crosswalk:")
        for departure in found:
            print(f"  {departure.text(catalog)}")
    else:
        sys.stdout.write(markdown(derivation, catalog))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["GENERAL_STAFF", "MAPPINGS_FILE", "ORYX_ROOTS", "CrosswalkError", "Departure", "Derivation",
           "SystemMatcher", "departures", "derive", "oryx_category_root", "read_crosswalk"]
