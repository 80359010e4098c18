"""The built-in catalog: valid, a proper tree, and covering the hardware of the Palmyra article."""

import pytest

from materiel.dataset import builtin_catalog
from materiel.format.catalog import normalise_words
from materiel.format.models import EquipmentNode
from materiel.reading.document import read_document

ORYX_ROOTS = {
    "tank": "Tanks",
    "ifv": "Infantry Fighting Vehicles",
    "apc": "Armoured Personnel Carriers",
    "towed-artillery": "Towed Artillery",
    "sp-artillery": "Self-Propelled Artillery",
    "rocket-artillery": "Rocket and Missile Artillery",
    "aa-gun": "Anti-Aircraft Guns",
    "sam": "Surface-To-Air Missile Systems",
    "helicopter": "Helicopters",
    "aircraft": "Aircraft",
}


def test_catalog_is_a_tree_of_valid_nodes():
    catalog = builtin_catalog()
    assert len(catalog) > 150
    seen = set()
    for _, node_id in catalog.walk():
        assert node_id not in seen
        seen.add(node_id)
    assert seen == set(catalog.nodes), "every node hangs under a root"
    for node in catalog.nodes.values():
        assert isinstance(node, EquipmentNode)


def test_catalog_file_is_strict_yaml():
    from importlib import resources

    doc = read_document(resources.files("materiel").joinpath("catalog.yaml").read_bytes(), "catalog")
    assert doc.problems == []


def test_roots_are_named_after_oryx_categories():
    catalog = builtin_catalog()
    for node_id, name in ORYX_ROOTS.items():
        assert catalog.nodes[node_id].parent is None
        assert catalog.nodes[node_id].name == name
    for extra in ("small-arms", "atgm", "ammunition"):
        assert catalog.nodes[extra].parent is None


def test_aliases_name_one_node_each():
    owners: dict[str, str] = {}
    for node in builtin_catalog().nodes.values():
        for alias in node.aliases:
            key = normalise_words(alias)
            assert owners.setdefault(key, node.id) == node.id, f"{alias!r}: {owners[key]} and {node.id}"


@pytest.mark.parametrize(
    ("words", "node", "root"),
    [
        # every piece of hardware the Palmyra article names
        ("tanks", "tank", "tank"),
        ("BMP infantry fighting vehicles", "bmp", "ifv"),
        # the article does not say towed or self-propelled: the nodes say so too
        ("122mm artillery pieces", "artillery-122mm", "artillery"),
        ("artillery pieces", "artillery", "artillery"),
        ("antitank missiles", "atgm", "atgm"),
        ("anti-tank missiles", "atgm", "atgm"),
        ("grad missiles", "grad-rocket", "ammunition"),
        ("tank shells", "tank-ammunition", "ammunition"),
        ("heavy antiaircraft machine guns", "aa-machine-gun", "aa-gun"),
        ("Kalashnikov assault rifles", "assault-rifle", "small-arms"),
        ("Kalashnikov", "assault-rifle", "small-arms"),
        ("submachine guns", "submachine-gun", "small-arms"),
        ("artillery shells", "artillery-ammunition", "ammunition"),
        ("mortar shells", "mortar-ammunition", "ammunition"),
        ("boxes of ammunition", "ammunition", "ammunition"),
        ("heavy weapons", "heavy-weapons", "other"),
        # the Soviet-pattern models behind them
        ("T-55", "t-55", "tank"),
        ("T-62", "t-62", "tank"),
        ("T-72", "t-72", "tank"),
        ("BMP-1", "bmp-1", "ifv"),
        ("BMP-2", "bmp-2", "ifv"),
        ("D-30", "d-30", "towed-artillery"),
        ("M-30", "m-30", "towed-artillery"),
        ("ZU-23-2", "zu-23-2", "aa-gun"),
        ("ZPU-4", "zpu-4", "aa-gun"),
        ("DShK", "dshk", "aa-gun"),
        ("KPV", "kpv", "aa-gun"),
        ("9M113 Konkurs", "9m113-konkurs", "atgm"),
        ("9M111 Fagot", "9m111-fagot", "atgm"),
        ("BM-21 rockets", "grad-rocket", "ammunition"),
        ("BM-21", "bm-21-grad", "rocket-artillery"),
    ],
)
def test_article_hardware_is_covered(words, node, root):
    catalog = builtin_catalog()
    assert catalog.lookup(words) == node
    assert catalog.root_of(node) == root


def test_models_roll_up_to_their_types():
    catalog = builtin_catalog()
    assert list(catalog.ancestors("d-30")) == ["d-30", "howitzer-122mm", "towed-artillery"]
    assert "bmp" in catalog.ancestors("bmp-1")
    assert "bmp-1" not in catalog.ancestors("bmp")
    assert "tank" in catalog.ancestors("t-72b3")
    assert catalog.nodes["howitzer-122mm"].caliber_mm == 122


def test_a_dataset_extends_without_changing_the_builtin():
    base = builtin_catalog()
    node = EquipmentNode(id="t-72-ural", name="T-72 Ural", parent="t-72", aliases=["T-72 Ural"])
    extended = base.extended([node])
    assert extended.root_of("t-72-ural") == "tank"
    assert extended.lookup("t-72 ural") == "t-72-ural"
    assert "t-72-ural" not in base
