"""A catalog node that `covers` others: a claimant's category counted over several of materiel's."""

import json

from materiel.analysis.filters import Filters
from materiel.analysis.rules import key_node, summed
from materiel.dataset import builtin_catalog, load_dataset
from materiel.errors import ProblemsFound

from .helpers import compare_table, counts_for, dataset_from, summary_table

# `gs-armour` stands for IFVs and APCs together, as the General Staff's `APC` does.
COVERING = """\
equipment:
  - {id: gs-armour, name: armour (a claimant's word), covers: [ifv, apc]}
  - {id: gs-tank, name: tank (a claimant's word), covers: [tank]}
"""


def rows_of(table, *columns):
    return [tuple(row[c] for c in columns) for row in table.rows]


def test_a_covering_node_is_its_own_key_at_both_levels():
    catalog = builtin_catalog()
    assert catalog.nodes["ua-gs-apc"].covers[:3] == ["afv", "ifv", "apc"]
    assert key_node(catalog, "ua-gs-apc", "category") == "ua-gs-apc"
    assert key_node(catalog, "ua-gs-apc", "type") == "ua-gs-apc"
    assert key_node(catalog, "bmp-1", "category") == "ifv", "ordinary nodes still roll up to their root"


def test_an_observation_counts_for_a_covering_key_when_it_lies_under_a_covered_node():
    catalog = builtin_catalog()
    for level in ("category", "type"):
        assert counts_for(catalog, "bmp-1", "ua-gs-apc", level)  # a model, two levels down
        assert counts_for(catalog, "ifv", "ua-gs-apc", level)  # the covered root itself
        assert counts_for(catalog, "ua-gs-apc", "ua-gs-apc", level)
        assert not counts_for(catalog, "t-72b3", "ua-gs-apc", level)
        assert not counts_for(catalog, "ifv", "ua-gs-tank", level)
    # the reverse never holds: a claim about IFVs is not confirmed by a count of the wider word
    assert not counts_for(catalog, "ua-gs-apc", "ifv", "category")
    assert catalog.stands_for("bmp-1", "ua-gs-apc") and not catalog.stands_for("ua-gs-apc", "ifv")


def test_summed_names_what_a_row_adds_up():
    catalog = builtin_catalog()
    # the narrow reading: what `APC` certainly covers (armoured cars, command posts and
    # engineering plant are in doubt: catalog.in_doubt)
    assert summed(catalog, "ua-gs-apc") == ("afv", "ifv", "apc", "mrap")
    assert catalog.in_doubt("ua-gs-apc") == ["imv", "command-post", "engineering"]
    assert summed(catalog, "ua-gs-tank") == ("tank",)
    assert summed(catalog, "towed-artillery") == ("towed-artillery",)


DATA = COVERING + """\
claims:
  - {id: c, event: e1, claimant: sana, published: 2016, status: lost,
     items: [{equipment: gs-armour, quantity: 10}, {equipment: gs-tank, quantity: 4}]}
evidence:
  - {id: v1, event: e1, kind: video, publisher: geo, published: 2016, status: destroyed,
     observations: [{equipment: bmp-1, count: 3}, {equipment: btr-80, count: 2},
                    {equipment: t-72, count: 1}, {equipment: aa-gun, count: 2}]}
  - {id: v2, event: e1, kind: video, publisher: geo, published: 2016, status: captured,
     observations: [{equipment: ifv, count: 4}]}
"""


def test_compare_sums_the_covered_categories_in_one_piece_of_evidence(tmp_path):
    table = compare_table(dataset_from(tmp_path, DATA), "category", Filters(events=("e1",)))
    assert rows_of(table, "equipment", "summed", "status", "claimant", "claimed", "confirmed", "verdict") == [
        ("aa-gun", "aa-gun", "destroyed", "", "", 2, "not claimed"),
        # v1's 3 BMP-1 and 2 BTR-80 add (one record); v2's 4 IFVs may be the same: max(5, 4)
        ("gs-armour", "ifv + apc", "lost", "sana", "10", 5, "partly confirmed"),
        ("gs-tank", "tank", "lost", "sana", "4", 1, "partly confirmed"),
    ]
    assert next(c for c in table.columns if c.name == "summed_shown").terminal, "shown on screen"
    assert any(note.startswith("Summed:") for note in table.notes)


def test_the_summed_column_stays_off_screen_when_nothing_covers_more_than_one(tmp_path):
    data = COVERING + """\
claims:
  - {id: c, event: e1, claimant: sana, published: 2016, items: [{equipment: gs-tank, quantity: 4}]}
"""
    table = compare_table(dataset_from(tmp_path, data))
    assert not next(c for c in table.columns if c.name == "summed_shown").terminal
    assert not any(note.startswith("Summed:") for note in table.notes)


def test_summed_is_in_csv_and_json(run, tmp_path):
    path = tmp_path / "d.yaml"
    dataset_from(tmp_path, DATA)  # writes d.yaml
    result = run("compare", "--data", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {r["equipment"]: r["summed"] for r in rows}["gs-armour"] == "ifv + apc"
    csv_result = run("compare", "--data", path, "--format", "csv")
    assert csv_result.stdout.splitlines()[0].split(",")[:4] == ["event", "equipment", "equipment_name",
                                                               "summed"]
    screen = run("compare", "--data", path)
    assert "Summed" in screen.stdout and "ifv + apc" in screen.stdout


def test_the_equipment_filter_on_a_covering_node_keeps_what_it_covers(tmp_path):
    dataset = dataset_from(tmp_path, DATA)
    table = compare_table(dataset, "category", Filters(equipment=("gs-armour",)).resolved(dataset))
    assert rows_of(table, "equipment", "confirmed") == [("gs-armour", 5)]


def test_summary_keeps_the_claimants_word(tmp_path):
    table = summary_table(dataset_from(tmp_path, DATA))
    assert [r["equipment"] for r in table.rows] == ["gs-armour", "gs-tank"]


def test_a_node_under_a_covering_node_counts_under_it(tmp_path):
    data = COVERING + """\
  - {id: gs-armour-tracked, name: tracked armour, parent: gs-armour}
claims:
  - {id: c, event: e1, claimant: sana, published: 2016, items: [{equipment: gs-armour-tracked, quantity: 2}]}
"""
    dataset = dataset_from(tmp_path, data)
    assert key_node(dataset.catalog, "gs-armour-tracked", "category") == "gs-armour"


def test_covers_must_name_existing_nodes(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("equipment:\n  - {id: gs-x, name: X, covers: [ifv, IFV, nothing-like-it]}\n",
                    encoding="utf-8")
    try:
        load_dataset([path])
    except ProblemsFound as found:
        messages = [p.format() for p in found.problems]
    else:
        raise AssertionError("a wrong reference in covers must be a problem")
    assert messages == [
        f"{path}:2:39: error [unknown-reference] equipment[0].covers[1]: no equipment node has the id "
        "`IFV`; did you mean `ifv` (Infantry Fighting Vehicles)?",
        f"{path}:2:44: error [unknown-reference] equipment[0].covers[2]: no equipment node has the id "
        "`nothing-like-it`",
    ]
