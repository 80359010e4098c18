"""Which of Oryx's per-image rows show one physical item: one link under one entry.

The scraped rows (scarnecchia/oryx_data) are one per link of Oryx's list and status. Their ids
number other things than items: `sysID` the entry's text (`T-72B3`, one number per text),
`imageID` the link (one per address), `statusID` the status (1 destroyed, 2 captured,
3 damaged, 4 abandoned), and `matID` is the country's dialling code (7, 380) and the three run
together. Oryx's own item numbers (`(1, destroyed)`) are not in the rows, and the leading count
of an entry's text (`1220 BMP-2(K)`) is its tally on the day the row was scraped, not an item.

What the rows do say: Oryx links an item's image once, in the words of all its statuses, so an
item damaged and abandoned is one link under one entry in two rows (`damaged`, `abandoned`;
Oryx's file names say `dam-aband`). Those rows are one item. Not certainly: one image can show
two items of one entry, both linked to it (`2x-bmp2-1x-destr-1x-dam-aband.jpg`), so a link whose
file name says it shows several (`2x`, `x2`) stays images, and one that appears twice in one
status under one entry too. Everything else stays an image: one image can show several items
(a link under several entries is one image of several), and one item can have several images
that nothing in the rows ties together.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from ..format.catalog import Catalog
from ..format.text import plural

LIFE = ("damaged", "abandoned", "captured", "destroyed")  # the order of an item's statuses
SIDES = {"Russia": "ru", "Ukraine": "ua"}
_SEVERAL = re.compile(r"(?:^|[-_.])(?:([0-9]+)x|x([0-9]+))(?=[-_.]|$)", re.IGNORECASE)


def shows_several(link: str) -> bool:
    """Whether a link's file name says its image shows several items (`1061-4x-bmp2-dam-aband.jpg`)."""
    name = link.rstrip("/").rsplit("/", 1)[-1]
    return any(int(a or b) > 1 for a, b in _SEVERAL.findall(name))


class Row(NamedTuple):
    """What the grouping needs of one imported row."""

    country: str
    link: str  # Oryx's link column as written (stripped)
    sys_id: str
    image_id: str
    status: str
    date: str
    node: str  # the catalog node it went onto


@dataclass
class Items:
    """The rows that are one item, and the order to write the records in."""

    of_row: dict[int, tuple[str, list[str]]] = field(default_factory=dict)  # row -> (item, before)
    order: list[int] = field(default_factory=list)
    items: Counter = field(default_factory=Counter)  # by country
    rows: Counter = field(default_factory=Counter)  # rows grouped, by country
    histories: Counter = field(default_factory=Counter)  # statuses in order -> items
    several: int = 0  # links in several statuses under one entry, named as showing several items
    repeated: int = 0  # links twice in one status under one entry
    unrelated: int = 0  # links under one entry filed as unrelated kinds
    shared: int = 0  # links under several entries: one image of several items
    shared_unrelated: int = 0  # of them, filed as kinds neither of which is the other
    against: int = 0  # items whose rows' days run against the order of their statuses

    def report(self, total: int) -> list[str]:
        """The import report's lines on items and images."""
        grouped = sum(self.rows.values())
        if grouped:
            how = ", ".join(f"{' and '.join(_join(h))} {n:,}" for h, n in self.histories.most_common())
            lines = [f"  items: {grouped:,} rows -> {sum(self.items.values()):,} items (one link under "
                     f"one of Oryx's entries in several statuses is one item: {how}); the other "
                     f"{total - grouped:,} rows stay images"]
            if len(self.items) > 1:
                lines.append("    by side: " + ", ".join(f"{c} {n:,} items ({self.rows[c]:,} rows)"
                                                       for c, n in sorted(self.items.items())))
        else:
            lines = [f"  items: none (no link under one of Oryx's entries in several statuses); "
                     f"{total:,} rows stay images"]
        left = [(self.several, "named as showing several items (`2x`)"),
                (self.repeated, "twice in one status"), (self.unrelated, "filed as unrelated kinds")]
        if any(n for n, _ in left):
            lines.append("    left as images, links under one entry in several rows: "
                         + ", ".join(f"{n:,} {why}" for n, why in left if n))
        if self.shared:
            lines.append(f"    links under several of Oryx's entries (one image of several items): "
                         f"{self.shared:,}, {self.shared_unrelated:,} of them of unrelated kinds; "
                         "grouped within an entry, never across")
        if self.against:
            lines.append(f"    rows of {plural(self.against, 'item', grouped=True)} dated against the "
                         f"order {', '.join(LIFE)}: the history follows the days")
        return lines


def _join(statuses: tuple[str, ...]) -> list[str]:
    return [", ".join(statuses[:-1]), statuses[-1]] if len(statuses) > 1 else list(statuses)


def group_items(rows: list[Row], catalog: Catalog) -> Items:
    """Give the rows of one link under one entry, in several statuses, one item: its id, the
    statuses each row's item had before (by day, then in the order of LIFE), and the order to write
    the records in (an item's rows together, where its first row was)."""
    found = Items()
    first: dict[tuple[str, str, str], int] = {}  # (country, link, sysID) -> its first row
    by_entry: dict[tuple[str, str, str], list[int]] = {}  # the same, where it has several rows
    entry_of: dict[tuple[str, str], str] = {}  # (country, link) -> the first sysID it is under
    shared: dict[tuple[str, str], dict[str, str]] = {}  # (country, link) -> sysID -> node
    for i, row in enumerate(rows):
        if not row.link:
            continue
        key = (row.country, row.link, row.sys_id)
        j = first.setdefault(key, i)
        if j != i:
            by_entry.setdefault(key, [j]).append(i)
        link = (row.country, row.link)
        entry = entry_of.setdefault(link, row.sys_id)
        if entry != row.sys_id:
            shared.setdefault(link, {entry: rows[first[(*link, entry)]].node})[row.sys_id] = row.node

    def related(nodes) -> bool:
        nodes = list(dict.fromkeys(nodes))
        return all(a in catalog.ancestors(b) or b in catalog.ancestors(a)
                   for k, a in enumerate(nodes) for b in nodes[k + 1:])

    found.shared = len(shared)
    found.shared_unrelated = sum(not related(nodes.values()) for nodes in shared.values())
    lead: dict[int, list[int]] = {}  # an item's first row in the input -> its rows, in order
    taken: set[str] = set()
    for (country, link, sys_id), members in by_entry.items():
        if len({rows[i].status for i in members}) < len(members):
            found.repeated += 1
            continue
        if shows_several(link):
            found.several += 1
            continue
        if not related(rows[i].node for i in members):
            found.unrelated += 1
            continue
        members = sorted(members, key=lambda i: (rows[i].date, LIFE.index(rows[i].status)))
        if [rows[i].status for i in members] != sorted((rows[i].status for i in members), key=LIFE.index):
            found.against += 1
        image = min((rows[i].image_id for i in members), key=int)
        item = base = f"oryx-{SIDES[country]}-{sys_id}-{image}"
        n = 1
        while item in taken:  # two links with one imageID: never one item
            n += 1
            item = f"{base}-{n}"
        taken.add(item)
        for k, i in enumerate(members):
            found.of_row[i] = (item, [rows[j].status for j in members[:k]])
        lead[min(members)] = members
        found.items[country] += 1
        found.rows[country] += len(members)
        found.histories[tuple(rows[i].status for i in members)] += 1
    for i in range(len(rows)):
        if i in lead:
            found.order.extend(lead[i])
        elif i not in found.of_row:
            found.order.append(i)
    return found
