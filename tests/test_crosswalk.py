"""The crosswalk between the vocabularies: derived reproducibly, shipped fresh, shown in the README."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from materiel.dataset import builtin_catalog
from materiel.importers.crosswalk import (
    CATALOG_FILE,
    GENERAL_STAFF,
    GENERAL_STAFF_OTHER_KEYS,
    MAPPINGS_FILE,
    MODELS_FILE,
    ORYX_ROOTS,
    CrosswalkError,
    CrosswalkModel,
    catalog_yaml,
    departures,
    derive,
    main,
    markdown,
    models_csv,
    oryx_category_root,
    read_crosswalk,
)

from .conftest import ROOT

CROSSWALK = ROOT / "data" / "public" / "ua-general-staff-2026-08-08" / "russia_losses_equipment_oryx.json"
DAILY = ROOT / "data" / "public" / "ua-general-staff-2026-08-08" / "russia_losses_equipment.json"


def test_the_shipped_files_are_derived_from_the_crosswalk():
    derivation = derive(read_crosswalk(CROSSWALK))
    shipped = resources.files("materiel")
    assert shipped.joinpath(CATALOG_FILE).read_text(encoding="utf-8") == catalog_yaml(derivation), (
        "stale: run `python -m materiel.importers.crosswalk "
        "data/public/ua-general-staff-2026-08-08/russia_losses_equipment_oryx.json --write src/materiel`")
    assert shipped.joinpath(MODELS_FILE).read_text(encoding="utf-8") == models_csv(derivation)


def test_the_generated_nodes_leave_what_they_stand_for_to_the_mappings_file():
    text = resources.files("materiel").joinpath(CATALOG_FILE).read_text(encoding="utf-8")
    assert "covers:" not in text and "in_doubt:" not in text
    assert MAPPINGS_FILE in text


def test_the_readme_shows_the_derived_table():
    table = markdown(derive(read_crosswalk(CROSSWALK)), builtin_catalog())
    assert table in (ROOT / "docs" / "public-data.md").read_text(encoding="utf-8"), (
        "paste `python -m materiel.importers.crosswalk "
        "data/public/ua-general-staff-2026-08-08/russia_losses_equipment_oryx.json` into docs/public-data.md")


def test_the_command_prints_the_table_and_writes_the_files(tmp_path, capsys):
    assert main([str(CROSSWALK)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| General Staff category | materiel node | covers (narrow) | in doubt")
    assert "Where materiel departs from the crosswalk" in out
    assert main([str(CROSSWALK), "--write", str(tmp_path)]) == 0
    assert (tmp_path / CATALOG_FILE).read_bytes() == resources.files("materiel").joinpath(
        CATALOG_FILE).read_bytes()
    printed = capsys.readouterr().out.splitlines()
    assert printed[1] == f"10 departures of materiel's mapping ({MAPPINGS_FILE}) from the crosswalk:"
    assert ("  `sam` (Surface-To-Air Missile Systems): the crosswalk: `MRL`; materiel: "
            "`anti-aircraft warfare`") in printed
    assert not (tmp_path / MAPPINGS_FILE).exists(), "the mapping is written by hand, never generated"


def test_where_materiel_departs_from_the_crosswalk():
    derivation = derive(read_crosswalk(CROSSWALK))
    found = {d.node: (d.crosswalk, d.certain, d.in_doubt) for d in departures(derivation, builtin_catalog())}
    assert found == {
        "imv": ("APC", (), ("APC",)),
        "command-post": ("APC", (), ("APC", "special equipment")),
        "engineering": ("APC", (), ("APC", "special equipment")),
        "sp-atgm": ("field artillery", (), ("field artillery",)),
        "artillery-support": ("field artillery", (), ("field artillery",)),
        "9k720-iskander": ("MRL", ("MRL", "mobile SRBM system"), ()),
        "sam": ("MRL", ("anti-aircraft warfare",), ()),
        "submarine": (None, ("submarines",), ()),
        "truck": ("vehicles and fuel tanks", ("vehicles and fuel tanks", "military auto"), ()),
        "ugv": (None, ("ground robotic systems",), ()),
    }
    # everything else follows the crosswalk: each other Oryx category, under its one category
    for root in set(ORYX_ROOTS) - set(found):
        assert [c.node for c in GENERAL_STAFF if root in builtin_catalog().covered(c.node)] == [
            next(c.node for c in GENERAL_STAFF if c.key == derivation.assigned[root])]


def test_a_mapping_that_follows_the_crosswalk_departs_from_nothing(tmp_path):
    """Write the crosswalk's reading as a dataset's `mappings:`: no departure is left."""
    from materiel.dataset import load_dataset

    derivation = derive(read_crosswalk(CROSSWALK))
    lines = ["mappings:"]
    for category in GENERAL_STAFF:
        covers = ", ".join(derivation.covers(category.key))
        lines.append(f"  - {{node: {category.node}, covers: [{covers}]}}")
    path = tmp_path / "crosswalk-mapping.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    catalog = load_dataset([path]).catalog
    assert catalog.covered("ua-gs-mrl") == ["rocket-artillery", "sam"]
    assert [d.node for d in departures(derivation, catalog)] == []
    assert "materiel follows the crosswalk everywhere." in markdown(derivation, catalog)


def test_each_oryx_category_goes_where_most_of_its_losses_fall():
    derivation = derive(read_crosswalk(CROSSWALK))
    assert derivation.covers("APC") == ["afv", "ifv", "apc", "mrap", "imv", "command-post", "engineering"]
    assert derivation.covers("tank") == ["tank"]
    assert derivation.covers("MRL") == ["rocket-artillery", "sam"], "the crosswalk files SAMs under MRL"
    assert derivation.splits == {}
    assert derivation.uncovered == ["ugv"]


def test_an_impure_split_is_reported_and_the_majority_wins():
    models = [
        CrosswalkModel("BMP-1KSh", "Command Posts And Communications Stations", "command-post", "APC", 9),
        CrosswalkModel("R-149MA1", "Command Posts And Communications Stations", "command-post",
                       "special equipment", 74),
        CrosswalkModel("R-166-0.5", "Command Posts And Communications Stations", "command-post", "APC", 23),
        CrosswalkModel("T-72B", "Tanks", "tank", "tank", 5),
        # a tie goes to the General Staff category listed first
        CrosswalkModel("X", "Radars", "radar", "special equipment", 2),
        CrosswalkModel("Y", "Radars", "radar", "APC", 2),
    ]
    derivation = derive(models)
    assert derivation.assigned == {"command-post": "special equipment", "tank": "tank", "radar": "APC"}
    assert derivation.splits == {"command-post": {"special equipment": 74, "APC": 32},
                                 "radar": {"special equipment": 2, "APC": 2}}
    text = markdown(derivation, builtin_catalog())
    assert ("- `command-post` (Command Posts And Communications Stations): `special equipment` 74 (70%), "
            "`APC` 32 (30%)") in text


@pytest.mark.parametrize(("name", "root"), [
    ("Tanks", "tank"), ("Multiple Rocket Launchers", "rocket-artillery"),
    ("Rocket and Missile Artillery", "rocket-artillery"), ("Trucks, Vehicles and Jeeps", "truck"),
    ("Trucks, Vehicles, and Jeeps", "truck"), ("Trucks, Vehicles, Jeeps, and Trains", "truck"),
    ("Naval Ships", "naval"), ("Naval Ships and Submarines", "naval"),
    ("Surface-To-Air Missile Systems\n", "sam"), ("Losers", None),
])
def test_oryx_category_names_old_and_new(name, root):
    assert oryx_category_root(name) == root


def test_every_oryx_root_is_a_catalog_root():
    catalog = builtin_catalog()
    assert all(catalog.nodes[r].parent is None for r in ORYX_ROOTS)


def test_every_key_of_the_daily_file_is_known():
    known = {c.key for c in GENERAL_STAFF} | set(GENERAL_STAFF_OTHER_KEYS)
    keys = {k for entry in json.loads(DAILY.read_text(encoding="utf-8")) for k in entry}
    assert keys <= known, keys - known


def test_a_broken_crosswalk_names_its_line(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('[\n {"equipment_oryx": "Tanks", "model": "T-72", "manufacturer": "x", '
                    '"losses_total": 1, "equipment_ua": "Tanks"},\n'
                    ' {"equipment_oryx": "Lasers", "model": "Z", "manufacturer": "x", '
                    '"losses_total": 1, "equipment_ua": "Tanks"}\n]\n', encoding="utf-8")
    with pytest.raises(CrosswalkError) as err:
        read_crosswalk(path)
    assert str(err.value) == (f"{path}:3: unknown Oryx category `Lasers`; add it to ORYX_FORMER_NAMES in "
                              "materiel/importers/crosswalk.py")
