"""Small synthetic datasets for the analysis tests."""

from __future__ import annotations

import textwrap

from materiel.dataset import load_dataset

# A war, a claimant and a compiler: the head of the series and timeline tests' datasets.
WAR = """\
sources:
  - {id: gs, name: General Staff, kind: belligerent-official, affiliation: Ukraine}
  - {id: ox, name: Oryx, kind: osint-compiler, reliability: B}
events:
  - {id: war, title: War, date: 2022-02-24, place: Ukraine, lost_by: Russia}
"""

BASE = """\
sources:
  - {id: amaq, name: Amaq, kind: belligerent-media, affiliation: Islamic State, reliability: E}
  - {id: sana, name: SANA, kind: belligerent-official, affiliation: Syrian government, reliability: D}
  - {id: relay, name: Relay, kind: analyst, reliability: C}
  - {id: is-video, name: IS uploader, kind: belligerent-media, affiliation: Islamic State}
  - {id: geo, name: Geolocators, kind: osint-compiler, reliability: B}
events:
  - {id: e1, title: First, date: 2016-12-11, place: Palmyra}
  - {id: e2, title: Second, date: 2017-03-02, place: Palmyra}
"""


def dataset_from(tmp_path, records: str, name: str = "d.yaml"):
    """A dataset of the base sources and events plus `records` (YAML, dedented)."""
    path = tmp_path / name
    path.write_text(BASE + textwrap.dedent(records), encoding="utf-8")
    return load_dataset([path])


def compare_table(dataset, level="category", filters=None):
    """The comparison as the table every output format shows (rows of typed plain values)."""
    from materiel.analysis import queries
    from materiel.output.tables import table

    return table(queries.compare(dataset, level, filters))


def summary_table(dataset, by="category", filters=None):
    """The summary as the table every output format shows."""
    from materiel.analysis import queries
    from materiel.output.tables import table

    return table(queries.summary(dataset, by, filters))


def counts_for(catalog, node_id, key, level):
    """Whether an observation of `node_id` counts for `key` at `level`."""
    from materiel.analysis.rules import keys_counting

    return key in keys_counting(catalog, node_id, level)


def read_csv(table_columns, text: str) -> list[dict]:
    """Parse CSV written by `to_csv` back into typed rows (the round trip the tests check).

    A text cell that was neutralised keeps its leading `'`; a list comes back joined.
    """
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    kinds = {c.name: c.kind for c in table_columns}
    rows = []
    for record in reader:
        row = {}
        for name, cell in zip(header, record, strict=True):
            kind = kinds[name]
            if cell == "" and kind in ("int", "float", "bool"):
                row[name] = None
            elif kind == "int":
                row[name] = int(cell)
            elif kind == "float":
                row[name] = float(cell)
            elif kind == "bool":
                row[name] = cell == "true"
            else:
                row[name] = cell
        rows.append(row)
    return rows


def joined(table) -> list[dict]:
    """The table's rows as CSV gives them: a list joined by commas (JSON keeps it a list)."""
    return [{c.name: ", ".join(v) if isinstance(v := row.get(c.name), list) else v for c in table.exported}
            for row in table.rows]
