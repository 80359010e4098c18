"""Importing the public record: Oryx's visual confirmations and the General Staff's claims.

Each import reads its file row by row (CSV) or object by object (JSON), refuses a file of the
wrong shape with `FILE:LINE: message` for the first bad line, and returns an ordinary materiel
dataset as YAML text, deterministic (same input, same bytes), with a report of where every row
went. The shared records (the sources `oryx` and `ua-general-staff`, and the two events, one per
side) go into the output, or, with a context file, into that file once, so that several imports
combine without duplicate ids.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..dataset.builtin import builtin_catalog
from ..errors import ImportFailed, OutputError
from ..format.catalog import normalise_words
from ..format.models import parse_partial_date
from ..format.text import inert, plural
from ..output.files import check_target, write_atomic
from ..reading.document import read_file
from ..writing.yaml import dump_yaml, yaml_scalar
from .crosswalk import (
    GENERAL_STAFF_BY_KEY,
    GENERAL_STAFF_OTHER_KEYS,
    METHODS,
    UNMAPPED,
    SystemMatcher,
    clean_system,
    oryx_category_root,
)
from .files import iter_csv, iter_json_array, sha256_of
from .oryx_items import Row, group_items

RUSSIA_EVENT = "russia-losses-ukraine-2022"
UKRAINE_EVENT = "ukraine-losses-2022"
EVENT_OF_COUNTRY = {"Russia": RUSSIA_EVENT, "Ukraine": UKRAINE_EVENT}
STATUSES = ("destroyed", "abandoned", "captured", "damaged")
ORYX_LISTS = {
    "Russia": "https://www.oryxspioenkop.com/2022/02/attack-on-europe-documenting-equipment.html",
    "Ukraine": "https://www.oryxspioenkop.com/2022/02/attack-on-europe-documenting-ukrainian.html",
}

SOURCES = {
    "oryx": {
        "id": "oryx", "name": "Oryx", "kind": "osint-compiler", "reliability": "B",
        "url": "https://www.oryxspioenkop.com/",
        "note": "Lists every loss it counts with a photo or video of it (visual confirmation only); "
                "rows as scraped by scarnecchia/oryx_data (CC BY 4.0). Reliability B is the "
                "import's starting grade: review it.",
    },
    "ua-general-staff": {
        "id": "ua-general-staff", "name": "General Staff of the Armed Forces of Ukraine",
        "kind": "belligerent-official", "affiliation": "Ukraine", "reliability": "F",
        "note": "Daily cumulative claims of Russian equipment losses, as compiled by "
                "PetroIvaniuk/2022-Ukraine-Russia-War-Dataset (MIT). Reliability F (cannot be "
                "judged) is the import's starting grade: review it.",
    },
}
EVENTS = {
    RUSSIA_EVENT: {
        "id": RUSSIA_EVENT, "title": "Russian equipment losses in the invasion of Ukraine",
        "date": "2022-02-24", "place": "Ukraine", "country": "UA", "lost_by": "Russia",
        "note": "Every loss of Russian equipment since 24 February 2022, as one event: claims of "
                "Russian losses are only ever confirmed by evidence of Russian losses.",
    },
    UKRAINE_EVENT: {
        "id": UKRAINE_EVENT, "title": "Ukrainian equipment losses in the Russian invasion",
        "date": "2022-02-24", "place": "Ukraine", "country": "UA", "lost_by": "Ukraine",
        "note": "Every loss of Ukrainian equipment since 24 February 2022, as one event.",
    },
}

ORYX_EVENTS_HEADER = ["country", "origin", "system", "status", "url", "date_recorded", "sysID",
                      "imageID", "statusID", "matID"]
ORYX_TOTALS_HEADER = ["country", "equipment_type", "destroyed", "abandoned", "captured", "damaged",
                      "type_total"]
ORYX_DAILY_HEADER = [*ORYX_TOTALS_HEADER, "date_recorded", "destroyed_diff", "abandoned_diff",
                     "captured_diff", "damaged_diff", "type_total_diff", "destroyed_diff_diff",
                     "abandoned_diff_diff", "captured_diff_diff", "damaged_diff_diff",
                     "type_total_diff_diff"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ROW_ID = re.compile(r"[0-9a-z][0-9a-z._-]*")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*")


@dataclass
class Imported:
    """An import's result: the records by kind, the shared records they refer to, a report."""

    command: str
    inputs: list[Path]
    records: dict[str, list[dict]]
    sources: list[str]
    events: list[str]
    report: list[str] = field(default_factory=list)
    flow: tuple[str, ...] = ()  # kinds of records written with their small leaves on one line

    def text(self, with_context: bool = True) -> str:
        """The dataset file: a header saying where it came from, then the records."""
        body: dict[str, list[dict]] = {}
        if with_context:
            body["sources"] = [SOURCES[s] for s in self.sources]
            body["events"] = [EVENTS[e] for e in self.events]
        header = [f"# Written by `materiel import {self.command}` from:"]
        header += [f"#   {yaml_scalar(p.name)} (sha256 {sha256_of(p)})" for p in self.inputs]
        if not with_context:
            header.append("# The sources and events it refers to are in the context file "
                          "written with it (--context).")
        body.update({k: v for k, v in self.records.items() if k not in self.flow})
        flowing = {k: v for k, v in self.records.items() if k in self.flow}
        return ("\n".join(header) + "\n" + (dump_yaml(body) if body else "")
                + (dump_yaml(flowing, flow=True) if flowing else ""))


def context_text() -> str:
    """The shared records every import refers to: both sources and both events."""
    return ("# The sources and events that materiel's imports of public data refer to\n"
            "# (written by `materiel import ... --context FILE`).\n"
            + dump_yaml({"sources": list(SOURCES.values()), "events": list(EVENTS.values())}))


def _date(path: Path, line: int, value: str, what: str) -> str:

    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        parse_partial_date(value)
    except ValueError:
        raise ImportFailed(f"{path}:{line}: {what} `{value}` is not a date YYYY-MM-DD") from None
    return value


def _count(path: Path, line: int, value: object, what: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise ImportFailed(f"{path}:{line}: {what} is `{value}`; expected a whole number, 0 or more")


def _country(path: Path, line: int, value: str) -> str:
    if value not in EVENT_OF_COUNTRY:
        raise ImportFailed(f"{path}:{line}: country `{value}`; expected Russia or Ukraine")
    return value


def as_of_date(value: str) -> str:
    """Check an --as-of date (YYYY-MM-DD); raise ValueError."""

    if not _DATE.fullmatch(value.strip()):
        raise ValueError(f"`{value}` is not a day; write YYYY-MM-DD")
    return str(parse_partial_date(value.strip()))


def _n(value: int) -> str:
    return f"{value:,}"


def _table(counter: Counter, names: dict[str, str] | None = None, indent: str = "    ") -> list[str]:
    width = max((len(_n(v)) for v in counter.values()), default=1)
    return [f"{indent}{_n(v):>{width}}  {names.get(k, k) if names else k}" for k, v in counter.items()]


def _link(text: str) -> tuple[str | None, str | None]:
    """An evidence url from Oryx's link column, and a note when it had to be repaired."""
    text = text.strip()
    if _URL.fullmatch(text):
        return text, None
    found = _URL.search(text)
    if found:
        return found.group().rstrip(".,;"), f"Oryx's link as written: {text}"
    return None, f"Oryx's link as written (no usable address): {text}"


def import_oryx_events(paths: list[Path], countries: Iterable[str] = ()) -> Imported:
    """One evidence record per row (image) of Oryx's event_*.csv files, mapped onto the catalog."""

    catalog = builtin_catalog()
    matcher = SystemMatcher(catalog)
    wanted = set(countries)
    evidence: list[dict] = []
    rows: list[Row] = []
    seen: dict[str, str] = {}
    by_country, by_method, by_node, skipped = Counter(), Counter(), Counter(), Counter()
    disagree: Counter = Counter()
    links = Counter()
    for path in paths:
        for line, _, row in iter_csv(path, [ORYX_EVENTS_HEADER]):
            country, _origin, system, status, url, date, sys_id, image_id, status_id, mat_id = row
            _country(path, line, country)
            if status not in STATUSES:
                raise ImportFailed(f"{path}:{line}: status `{status}`; expected one of "
                                   f"{', '.join(STATUSES)}")
            _date(path, line, date, "date_recorded")
            for name, value in (("sysID", sys_id), ("imageID", image_id), ("statusID", status_id)):
                if not value.isdigit():
                    raise ImportFailed(f"{path}:{line}: {name} `{value}` is not a number")
            if not _ROW_ID.fullmatch(mat_id) or len(mat_id) > 70:
                raise ImportFailed(f"{path}:{line}: matID `{mat_id}` is not an id like `7-3174`")
            if not system.strip():
                raise ImportFailed(f"{path}:{line}: the system is empty")
            where = f"{path}:{line}"
            if mat_id in seen:
                raise ImportFailed(f"{where}: matID `{mat_id}` again (first at {seen[mat_id]})")
            seen[mat_id] = where
            if wanted and country not in wanted:
                skipped[country] += 1
                continue
            found = matcher.match(system)
            by_country[country] += 1
            by_method[found.method] += 1
            by_node[catalog.category_of(found.node)] += 1
            # The row's ids name an image, not an item (one item may have several images): as
            # identifiers they would count images as distinct items, so they stay in the note.
            observation: dict = {"equipment": found.node, "count": 1, "as_written": system.strip()}
            notes = [f"Oryx row {mat_id} (sysID {sys_id}, imageID {image_id}, statusID {status_id})"]
            if found.method != "alias":
                notes.append(f"filed by {METHODS[found.method]}")
            if found.oryx_root and catalog.root_of(found.node) != found.oryx_root:
                disagree[(clean_system(system), catalog.root_of(found.node), found.oryx_root)] += 1
                notes.append(f"Oryx files it under {catalog.nodes[found.oryx_root].name}")
            if notes:
                observation["note"] = "; ".join(notes)
            record: dict = {"id": f"oryx-{mat_id}", "event": EVENT_OF_COUNTRY[country],
                            "kind": "photo", "publisher": "oryx", "published": date}
            address, link_note = _link(url)
            if address:
                record["url"] = address
            if link_note:
                record["note"] = link_note
                links["repaired" if address else "unusable"] += 1
            record["status"] = status
            record["observations"] = [observation]
            evidence.append(record)
            rows.append(Row(country, url.strip(), sys_id, image_id, status, date, found.node))
    if not evidence:
        raise ImportFailed("no rows to import" + (f" for {', '.join(sorted(wanted))}" if wanted else ""))
    items = group_items(rows, catalog)
    for i, (item, before) in items.of_row.items():
        # One link under one entry in several statuses is one item (oryx_items): its rows are
        # its statuses; `previously` keeps their order where the days are the same.
        observation = evidence[i]["observations"][0]
        note = observation.pop("note", None)
        observation["item"] = item
        if before:
            observation["previously"] = before
        if note:
            observation["note"] = note
    evidence = [evidence[i] for i in items.order]
    total = sum(by_country.values())
    report = [f"{_n(total)} rows (images) of {len(paths)} file(s) -> {_n(len(evidence))} evidence "
              "records (kind photo, publisher oryx)",
              "  by side: " + ", ".join(f"{c} {_n(n)} (event {EVENT_OF_COUNTRY[c]})"
                                        for c, n in sorted(by_country.items()))]
    if skipped:
        report.append("  left out (--country): " + ", ".join(f"{c} {_n(n)}" for c, n in
                                                            sorted(skipped.items())))
    report += items.report(total)
    report.append("  mapped onto the catalog by:")
    report += _table(Counter(dict(sorted(by_method.items(), key=lambda kv: list(METHODS).index(kv[0])))),
                     METHODS)
    order = {node: i for i, (_, node) in enumerate(catalog.walk())}
    report.append("  rows per category:")
    report += _table(Counter(dict(sorted(by_node.items(), key=lambda kv: order.get(kv[0], 0)))))
    if disagree:
        moved = sum(disagree.values())
        top = ", ".join(f"{name} {_n(n)} ({mine}, not {theirs})"
                        for (name, mine, theirs), n in disagree.most_common(5))
        report.append(f"  {_n(moved)} rows go where the catalog files the model, not under Oryx's "
                      f"category: {top}" + (", ..." if len(disagree) > 5 else ""))
    if links:
        report.append(f"  links: {_n(links['repaired'])} repaired (address taken from the text "
                      f"around it), {_n(links['unusable'])} unusable (kept in the note)")
    report.append("  a row is an image, not an item (one image can show several items, one item "
                  "have several images): compare counts each item once, and confirms at least one "
                  "of each kind from the images, never more; for Oryx's counts of items, import "
                  "oryx-totals")
    events = [e for e in (RUSSIA_EVENT, UKRAINE_EVENT) if e in {r["event"] for r in evidence}]
    return Imported("oryx-events", list(paths), {"evidence": evidence}, ["oryx"], events, report)


@dataclass
class _Total:
    line: int
    date: str | None
    name: str
    counts: dict[str, int]


# Oryx categories that hold what the catalog makes a root of its own: Naval Ships and Submarines
# holds the submarine. Oryx's totals do not say how many; its per-image rows name them.
ORYX_HELD_ROOTS = {"naval": "submarine"}


@dataclass
class _Held:
    """What the per-image rows name of a held root, for one side."""

    # each row: its date, status, system text, sysID and file name
    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    problem: str | None = None  # why the rows could not be read


def _held_in_images(images: list[Path], country: str, held: str) -> _Held:
    """The rows of Oryx's per-image files (event_*.csv) of one side that the catalog files under
    the root `held` (the submarine), as `import oryx-events` files them."""
    catalog = builtin_catalog()
    matcher = SystemMatcher(catalog)
    found = _Held()
    try:
        for path in images:
            for _, _, row in iter_csv(path, [ORYX_EVENTS_HEADER]):
                if row[0] == country and catalog.root_of(matcher.match(row[2]).node) == held:
                    found.rows.append((row[5], row[3], clean_system(row[2]), row[6], path.name))
    except ImportFailed as err:
        return _Held(problem=str(err))
    return found


@dataclass
class _Split:
    """What an Oryx category's count holds of a held root: per status, and what to say of it."""

    counts: dict[str, int]  # status -> items filed under the held root
    rest: str  # note for the rest of the count (under the category's root); "" when nothing to say
    held: str = ""  # note for the held root's observations
    report: str = ""  # the import report's line; "" when nothing to say


def _split_held(found: _Total, root: str, country: str, cutoff: str, images: list[Path],
                cache: dict) -> _Split:
    """How many of an Oryx category's items, per status, go to the catalog root it holds (the
    submarine of Naval Ships and Submarines): one per entry (sysID) of the per-image rows that
    the catalog files under that root, dated on or before `cutoff`; only where the rows say so."""
    held = ORYX_HELD_ROOTS[root]
    catalog = builtin_catalog()
    held_name = catalog.nodes[held].name.lower()
    named = normalise_words(catalog.nodes[held].name) in normalise_words(found.name)
    where = f"{country}'s `{found.name}`"
    if not images:
        if not named:
            return _Split({}, "")
        rest = (f"{where}: {held}s and ships together; Oryx's totals do not say how many are {held_name}, "
                "and no per-image rows (event_*.csv) lie beside the file to say so")
        return _Split({}, rest, report=f"  {rest}")
    if (country, held) not in cache:
        cache[(country, held)] = _held_in_images(images, country, held)
    seen: _Held = cache[(country, held)]
    if seen.problem:
        rest = f"{where}: not split; the per-image rows beside the file could not be read ({seen.problem})"
        return _Split({}, rest, report=f"  {rest}")
    rows = [r for r in seen.rows if r[0] <= cutoff]
    entries = {(status, sys_id) for _, status, _, sys_id, _ in rows}
    split = {s: n for s in STATUSES if (n := sum(1 for status, _ in entries if status == s))}
    if not split:
        if not named:
            return _Split({}, "")
        rest = f"{where}: ships only; its per-image rows name no {held} on or before {cutoff}"
        return _Split({}, rest, report=f"  {rest}")
    over = [s for s, n in split.items() if n > found.counts[s]]
    if over:
        status = over[0]
        rest = (f"{where}: not split; its per-image rows name {plural(split[status], f'{status} {held}')}, "
                f"more than Oryx counts {status} in the category ({found.counts[status]})")
        return _Split({}, rest, report=f"  {rest}")
    count = sum(split.values())
    named_by = "; ".join(
        f"{system}, {plural(sum(1 for r in rows if r[2] == system), 'image')} in {file}"
        for system, file in sorted({(r[2], r[4]) for r in rows}))
    rest = f"{where} less the {plural(count, held)} its per-image rows name (filed as `{held}`)"
    held_note = (f"the {held} of {where}, as its per-image rows name it ({named_by}); rows are images, "
                 "not items: one per entry is the least they show")
    report = (f"  {where}: {count} filed as `{held}` ("
              + ", ".join(f"{n} {s}" for s, n in split.items())
              + f"), as the per-image rows beside the file name it ({named_by}); the other "
              f"{sum(found.counts.values()) - count} under `{root}`")
    return _Split(split, rest, held_note, report)


def import_oryx_totals(path: Path, as_of: str, countries: Iterable[str] = (),
                       images: list[Path] | None = None) -> Imported:
    """One dataset evidence record per side: Oryx's counts per category and status on a date.

    `images`: Oryx's per-image files (event_*.csv; None: those beside `path`, of the same scrape),
    which alone say how many of Naval Ships and Submarines are submarines (ORYX_HELD_ROOTS)."""

    catalog = builtin_catalog()
    wanted = set(countries)
    latest: dict[tuple[str, str], _Total] = {}
    seen: dict[tuple[str, str, str | None], int] = {}
    subtotals, unknown = 0, Counter()
    all_types: dict[str, int] = {}  # Oryx's own sum per side (totals_by_type.csv)
    names: dict[tuple[str, str], str] = {}  # every category of each side, as first written
    first_row: dict[tuple[str, str], str] = {}  # where each category's history begins (daily_count.csv)
    daily = False
    for line, header, row in iter_csv(path, [ORYX_TOTALS_HEADER, ORYX_DAILY_HEADER]):
        daily = header == ORYX_DAILY_HEADER
        values = dict(zip(header, row, strict=True))
        country = _country(path, line, values["country"])
        name = " ".join(values["equipment_type"].split())
        counts = {s: _count(path, line, values[s], f"`{s}`") for s in STATUSES}
        total = _count(path, line, values["type_total"], "`type_total`")
        if sum(counts.values()) != total:
            raise ImportFailed(f"{path}:{line}: the statuses add up to {sum(counts.values())}, "
                               f"not type_total {total}")
        date = _date(path, line, values["date_recorded"], "date_recorded") if daily else None
        if name == "All Types" or name.startswith("Losses "):
            subtotals += 1  # sums of the categories: counting them too would count twice
            if name == "All Types" and not daily:
                all_types[country] = total
            continue
        root = oryx_category_root(name)
        if root is None:
            unknown[name] += 1
            root = f"{UNMAPPED}:{name}"
        if (country, root, date) in seen:
            raise ImportFailed(f"{path}:{line}: a second total for {country}'s `{name}`"
                               + (f" on {date}" if daily else "")
                               + f" (the first is at line {seen[(country, root, date)]})")
        seen[(country, root, date)] = line
        names.setdefault((country, root), name)
        if daily and ((country, root) not in first_row or date < first_row[(country, root)]):
            first_row[(country, root)] = date
        if daily and date > as_of:
            continue
        earlier = latest.get((country, root))
        if earlier is None or date > earlier.date:
            latest[(country, root)] = _Total(line, date, name, counts)
    evidence, report_rows, older = [], [], []
    held_cache: dict = {}  # (country, held root) -> what the per-image rows name
    held_lines: list[str] = []
    held_notes: dict[str, list[str]] = {}
    order = {node: i for i, (_, node) in enumerate(catalog.walk())}
    for country in ("Russia", "Ukraine"):
        if wanted and country not in wanted:
            continue
        observations = []
        rows = sorted(((root, t) for (c, root), t in latest.items() if c == country),
                      key=lambda rt: (order.get(rt[0], len(order)), rt[0]))
        for root, found in rows:
            node = root.split(":")[0]
            split = _Split({}, "")
            if node in ORYX_HELD_ROOTS:
                if images is None:
                    images = sorted(Path(path).parent.glob("event_*.csv"))
                split = _split_held(found, node, country, found.date or as_of, images, held_cache)
                if split.report:
                    held_lines.append(split.report)
                    held_notes.setdefault(country, []).append(split.rest if not split.counts
                                                              else split.report.strip())
            for equipment, counts, note in ((node, {s: found.counts[s] - split.counts.get(s, 0)
                                                    for s in STATUSES}, split.rest),
                                            (ORYX_HELD_ROOTS.get(node), split.counts, split.held)):
                for status in STATUSES:
                    if equipment and counts.get(status):
                        observation = {"equipment": equipment, "count": counts[status],
                                       "status": status, "as_written": found.name}
                        notes = [f"daily_count.csv row of {found.date}"] if daily else []
                        notes += [note] if note else []
                        if notes:
                            observation["note"] = "; ".join(notes)
                        observations.append(observation)
            if daily and found.date != as_of:
                older.append(f"{country} {found.name} ({found.date})")
            report_rows.append((country, node, sum(found.counts.values())))
        if not observations:
            continue
        lacks = _lacked(catalog, names, latest, first_row, country, as_of)
        how = ("each category's latest row on or before that day (daily_count.csv)" if daily
               else "totals_by_type.csv")
        evidence.append({
            "id": f"oryx-totals-{country.lower()}-{as_of}", "event": EVENT_OF_COUNTRY[country],
            "kind": "dataset", "publisher": "oryx", "published": as_of, "url": ORYX_LISTS[country],
            "cumulative": True,
            "scope": _scope(catalog, latest, country),
            "note": f"Oryx's visually confirmed {country_adjective(country)} losses by category and "
                    f"status as of {as_of}: {how}, as scraped by scarnecchia/oryx_data."
                    + "".join(f" {n[0].upper()}{n[1:]}." for n in held_notes.get(country, ()))
                    + (f" No figure on {as_of} for {len(lacks)} categories (no data, not zero): see `lacks`."
                       if lacks else ""),
            **({"lacks": lacks} if lacks else {}),
            "observations": observations,
        })
    if not evidence:
        raise ImportFailed(f"{path}: no category has a count"
                           + (f" on or before {as_of}" if daily else ""))
    report = [f"{len(evidence)} evidence record(s) (kind dataset, publisher oryx) as of {as_of}, from "
              + ("each category's latest row on or before that day" if daily else "Oryx's totals")]
    for country in ("Russia", "Ukraine"):
        mine = [(node, n) for c, node, n in report_rows if c == country]
        if mine:
            report.append(f"  {country}: {len(mine)} categories, {_n(sum(n for _, n in mine))} items")
    report.append(f"  left out: {subtotals} sub-total rows (`All Types`, `Losses ...`)")
    report += held_lines
    for country, total in all_types.items():
        added = sum(n for c, _, n in report_rows if c == country)
        if (not wanted or country in wanted) and added != total:
            report.append(f"  note: Oryx's `All Types` row for {country} says {_n(total)}; its "
                          f"categories add up to {_n(added)}")
    missing = [f"{c} {name}" for (c, root), name in names.items()
               if (c, root) not in latest and (not wanted or c in wanted)]
    if missing:
        report.append(f"  {len(missing)} categories have no row on or before {as_of}, so no count: "
                      + ", ".join(missing))
    if unknown:
        report.append("  categories materiel does not know, filed under `unmapped`: "
                      + ", ".join(f"`{k}`" for k in unknown))
    if older:
        report.append(f"  {len(older)} categories have no row on {as_of}; their latest earlier row "
                      "counts: " + ", ".join(older))
    events = [e["event"] for e in evidence]
    read = [path, *(images if held_cache and images else ())]  # the per-image files, when read
    return Imported("oryx-totals", read, {"evidence": evidence}, ["oryx"], events, report)


def _scope(catalog, latest: dict, country: str) -> list[str]:
    """The catalog nodes of the categories one side has a figure for: what the record speaks to."""
    nodes = []
    for c, root in latest:
        node = root.split(":")[0]
        if c == country and node in catalog.nodes:
            nodes += [node, *([ORYX_HELD_ROOTS[node]] if ORYX_HELD_ROOTS.get(node) in catalog.nodes else [])]
    return sorted(set(nodes), key=nodes.index)


def _lacked(catalog, names: dict, latest: dict, first_row: dict, country: str, as_of: str) -> list[dict]:
    """The categories of one side the file names but has no figure for on or before the date:
    no data, not zero (the history of most Russian categories was lost upstream)."""
    out = []
    for (c, root), name in names.items():
        node = root.split(":")[0]
        if c != country or (c, root) in latest or node not in catalog.nodes:
            continue
        lack = {"equipment": node}
        if (c, root) in first_row:
            lack["history_from"] = first_row[(c, root)]
        lack["note"] = (f"Oryx's file has no {country} row for `{name}` on or before {as_of}"
                        + (f"; its rows begin on {first_row[(c, root)]}" if (c, root) in first_row else ""))
        out.append(lack)
        held = ORYX_HELD_ROOTS.get(node)
        if held and held in catalog.nodes:
            out.append({**lack, "equipment": held})
    return out


def country_adjective(country: str) -> str:
    """`Russian` or `Ukrainian`."""
    return {"Russia": "Russian", "Ukraine": "Ukrainian"}[country]


def general_staff_entries(path: Path) -> Iterator[tuple[int, str, dict]]:
    """(line, date, object) for each day of the General Staff's file, each checked: a date
    YYYY-MM-DD given once, and a whole number, 0 or more, per category."""
    dates: dict[str, int] = {}
    for line, entry in iter_json_array(path):
        if not isinstance(entry, dict):
            raise ImportFailed(f"{path}:{line}: expected an object with a `date` and a count per "
                               "category")
        date = entry.get("date")
        if not isinstance(date, str):
            raise ImportFailed(f"{path}:{line}: the object has no `date`")
        _date(path, line, date, "date")
        if date in dates:
            raise ImportFailed(f"{path}:{line}: {date} again (first at line {dates[date]})")
        dates[date] = line
        for key, value in entry.items():
            if key in GENERAL_STAFF_OTHER_KEYS:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise ImportFailed(f"{path}:{line}: `{key}` is `{json.dumps(value)}`; expected a "
                                   "whole number")
            if value < 0:
                raise ImportFailed(f"{path}:{line}: `{key}` is {value}: a cumulative count cannot be "
                                   "negative (is this the file of corrections?)")
        yield line, date, entry


def general_staff_node(key: str) -> str:
    """The catalog node of a category of the General Staff's file (`unmapped` if unknown)."""
    category = GENERAL_STAFF_BY_KEY.get(key)
    return category.node if category else UNMAPPED


def import_general_staff(path: Path, as_of: str) -> Imported:
    """One claim (claimant the General Staff, status lost) with one item per category on a day."""
    chosen: tuple[int, dict] | None = None
    first = last = None
    for line, date, entry in general_staff_entries(path):
        first = min(first or date, date)
        last = max(last or date, date)
        if date == as_of:
            chosen = (line, entry)
    if chosen is None:
        span = f"; the file runs from {first} to {last}" if first else "; the file has no entries"
        raise ImportFailed(f"{path}: no entry for {as_of}{span}")
    line, entry = chosen
    items, zero, unknown = [], [], []
    for key, value in entry.items():
        if key in GENERAL_STAFF_OTHER_KEYS:
            continue
        if value == 0:
            zero.append(key)
            continue
        node = general_staff_node(key)
        if node == UNMAPPED:
            unknown.append(key)
        items.append({"equipment": node, "quantity": value, "as_written": key})
    if not items:
        raise ImportFailed(f"{path}:{line}: no category has a count on {as_of}")
    claim = {
        "id": f"ua-general-staff-{as_of}", "event": RUSSIA_EVENT, "claimant": "ua-general-staff",
        "published": as_of, "status": "lost", "cumulative": True,
        "note": f"The General Staff's cumulative count of Russian equipment losses on {as_of}"
                + (f" (day {entry['day']} of the invasion)" if isinstance(entry.get("day"), int) else "")
                + ", as compiled by PetroIvaniuk/2022-Ukraine-Russia-War-Dataset.",
        "items": items,
    }
    report = [f"1 claim (claimant ua-general-staff, status lost) of {as_of} with {len(items)} items "
              f"(line {line})"]
    if zero:
        report.append("  left out, claimed 0: " + ", ".join(f"`{k}`" for k in zero))
    if unknown:
        report.append("  categories materiel does not know, filed under `unmapped`: "
                      + ", ".join(f"`{k}`" for k in unknown))
    return Imported("ua-general-staff", [path], {"claims": [claim]}, ["ua-general-staff"],
                    [RUSSIA_EVENT], report)


def check_targets(output: Path, context: Path | None, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse, before any work, a target that cannot or must not be written: the output without
    --force, one that is not a regular file or is read-only, an input, the context file."""
    if str(output) == "-":
        raise ImportFailed("an import writes a dataset file: name it with -o FILE (`-` is not "
                           "standard output here)")
    if context is not None and Path(context).resolve() == Path(output).resolve():
        raise ImportFailed("the output and the context file must be different files")
    inputs = list(inputs)
    try:
        check_target(Path(output), inputs, exclusive=not force)
        if context is not None:
            check_target(Path(context), [*inputs, Path(output)])
    except OutputError as err:
        raise ImportFailed(str(err)) from None


def _ids_in(path: Path) -> set[str]:
    """The ids of the sources and events of a dataset file (none if it cannot be read)."""

    data = read_file(Path(path)).data
    if not isinstance(data, dict):
        return set()
    return {record.get("id") for kind in ("sources", "events") for record in data.get(kind) or ()
            if isinstance(record, dict)}


def write_import(imported: Imported, output: Path, context: Path | None, force: bool) -> list[str]:
    """Write the import, and the context file unless one with the records it needs is there
    (a researcher may have regraded the sources in it: it is kept); return the report."""

    check_targets(output, context, force, imported.inputs)
    lines = list(imported.report)
    written = []
    try:
        if context is not None:
            needed = {*imported.sources, *imported.events}
            if Path(context).is_file():
                missing = needed - _ids_in(context)
                if not missing:
                    lines.append(f"context: {inert(str(context))} has the sources and events needed; kept")
                elif not force:
                    raise ImportFailed(f"{context} exists without {', '.join(sorted(missing))}; use "
                                       "--force to overwrite it")
            if not Path(context).is_file() or needed - _ids_in(context):
                written.append(write_atomic(Path(context), context_text(), reads=imported.inputs))
                lines.append(f"context: wrote {inert(str(context))} (sources oryx, ua-general-staff; "
                             f"events {RUSSIA_EVENT}, {UKRAINE_EVENT})")
        written.append(write_atomic(Path(output), imported.text(with_context=context is None),
                                    reads=imported.inputs, exclusive=not force))
    except OutputError as err:
        raise ImportFailed(str(err)) from None
    lines.append(f"wrote {inert(str(output))}")
    return [*(note for w in written for note in map(inert, w.notes())), *lines]


__all__ = ["EVENTS", "SOURCES", "Imported", "as_of_date", "context_text", "import_general_staff",
           "import_oryx_events", "import_oryx_totals", "write_import"]
