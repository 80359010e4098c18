"""Small synthetic datasets for the analysis tests."""

from __future__ import annotations

import textwrap

from materiel.dataset import load_dataset

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
