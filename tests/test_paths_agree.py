"""The fast path (yaml-rs, positions composed only where a record has a problem) and the
positioned path (every node composed) give the same data or the same problems."""

import pytest

from materiel.dataset import load_dataset
from materiel.errors import ProblemsFound
from materiel.reading.document import read_document

from .conftest import DATA, PALMYRA
from .helpers import BASE

FIXTURES = sorted(p for p in DATA.glob("*.yaml"))


def outcome(paths, fast):
    try:
        dataset = load_dataset(paths, fast=fast)
    except ProblemsFound as found:
        return ("problems", [p.format() for p in found.problems])
    return ("data", {kind: [r.model_dump() for r in getattr(dataset, kind).values()]
                     if isinstance(getattr(dataset, kind), dict)
                     else [r.model_dump() for r in getattr(dataset, kind)]
                     for kind in ("sources", "events", "equipment", "claims", "evidence")})


@pytest.mark.parametrize("path", [PALMYRA, *FIXTURES], ids=lambda p: p.name)
def test_every_fixture_reads_the_same_on_both_paths(path):
    assert outcome([path], fast=True) == outcome([path], fast=False)


SPELLINGS = [
    # numbers spelled the ways YAML 1.2 reads, in number fields and in text fields
    "claims:\n  - {id: c, event: e1, claimant: amaq, published: 2016, credibility: 04,\n"
    "     items: [{equipment: tank, quantity: 030, as_written: 030}]}\n",
    "claims:\n  - {id: c, event: e1, claimant: amaq, published: 02016, credibility: +4,\n"
    "     items: [{equipment: tank, quantity: 0x1E, as_written: true}, {equipment: bmp, quantity: 1_000}]}\n",
    "claims:\n  - {id: c, event: e1, claimant: amaq, published: 2016, credibility: 4.0,\n"
    "     items: [{equipment: tank, quantity: 1e3}]}\n",
    "claims:\n  - {id: c, event: e1, claimant: amaq, published: 2016, credibility: true,\n"
    "     items: [{equipment: tank, quantity: '30', note: 1.50, as_written: null}]}\n",
    "evidence:\n  - {id: v, event: e1, kind: video, publisher: geo, published: 2016-12-13,\n"
    "     geolocated: yes, chronolocated: TRUE,\n"
    "     observations: [{equipment: t-72, count: 2, identifiers: [030, 0x1F, +5, 1e3]}]}\n",
    "events:\n  - {id: e9, title: 2016, date: 2016-02-30, place: NO, location: {lat: 034.5, lon: +38}}\n",
    "sources:\n  - &s {id: s9, name: yes, kind: other}\n"
    "events:\n  - {id: e9, title: *s, date: 2016, place: P}\n",
    "sources:\n  - {id: s9, name: x, kind: other, reliability: B, reliability: C}\n",
    "claims:\n  - {id: c, event: e1, claimant: amaq, published: 2016,\n"
    "     items: [{equipment: tank, quantity: -3}]}\n",
    "claims:\n  - {id: c, event: e1, claimant: amaq, published: 2016,\n"
    "     items: [{equipment: tank, quantity: .inf}]}\n",
]


@pytest.mark.parametrize("records", SPELLINGS)
def test_odd_spellings_read_the_same_on_both_paths(tmp_path, records):
    path = tmp_path / "d.yaml"
    for text in (BASE + records, (BASE + records).replace("\n", "\r\n"), "\ufeff" + BASE + records):
        path.write_text(text, encoding="utf-8")
        assert outcome([path], fast=True) == outcome([path], fast=False)


def test_the_fast_path_is_taken_and_positions_need_only_the_record(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text(BASE + "claims:\n" + "".join(
        f"  - id: c{i}\n    event: e1\n    claimant: amaq\n    published: 2016\n"
        f"    items: [{{equipment: tank, quantity: {'4-2' if i == 7 else 3}}}]\n" for i in range(10)))
    doc = read_document(path.read_bytes(), str(path))
    assert doc.fast and doc.root is None
    with pytest.raises(ProblemsFound) as found:
        load_dataset([path])
    [problem] = found.value.problems
    assert (problem.line, problem.column, problem.path) == (
        BASE.count("\n") + 2 + 5 * 7 + 4, 41, "claims[7].items[0].quantity")
    assert outcome([path], fast=True) == outcome([path], fast=False)


@pytest.mark.parametrize("text", [
    "a: !!str x\n",  # a tag
    "d: &d {a: 1}\ne:\n  <<: *d\n",  # a merge key
    "a:\n" + "  " * 70 + "- x\n",  # deep enough to need the depth check
])
def test_what_only_the_positioned_path_checks_goes_there(text):
    assert not read_document(text.encode(), "f.yaml").fast
