"""Units, tags and places as filters (--unit, --tag, --near/--km), summary by unit and by tag, and
`materiel items`: the library and the command line end to end, on small datasets."""

from __future__ import annotations

import csv
import io
import json
import math
import textwrap

import pytest

import materiel
from materiel.analysis import queries
from materiel.analysis.filters import Filters
from materiel.analysis.geo import EARTH_RADIUS_KM, distance_km
from materiel.errors import FilterError, UsageError

HEAD = """\
sources:
  - {id: amaq, name: Amaq, kind: belligerent-media, affiliation: Islamic State, reliability: E}
  - {id: geo, name: Geolocators, kind: osint-compiler, reliability: B}
units:
  - {id: 4th-gtd, name: 4th Guards Tank Division, side: Russia}
  - {id: 5th-bde, name: 5th Brigade}
events:
  - {id: palmyra, title: Palmyra, date: 2016-12-11, place: Palmyra, location: {lat: 34.55, lon: 38.27}}
  - {id: homs, title: Homs, date: 2017-03-02, place: Homs, location: {lat: 34.73, lon: 36.72}}
  - {id: nowhere, title: Unplaced, date: 2017-04-01, place: Somewhere}
"""

RECORDS = """\
claims:
  - id: c1
    event: palmyra
    claimant: amaq
    published: 2016-12-12
    status: captured
    items:
      - {equipment: tank, quantity: 5, unit: 4th-gtd, tags: [cope-cage]}
      - {equipment: tank, quantity: 2, unit: Desert Hawks}
      - {equipment: bmp, quantity: 3, tags: [cope-cage, night]}
  - id: c2
    event: homs
    claimant: amaq
    published: 2017-03-03
    status: captured
    items:
      - {equipment: tank, quantity: 4, unit: 4th guards tank division}
  - id: c3
    event: nowhere
    claimant: amaq
    published: 2017-04-02
    status: captured
    items:
      - {equipment: tank, quantity: 1, unit: 4th-gtd}
evidence:
  - id: v1
    event: palmyra
    kind: video
    publisher: geo
    published: 2016-12-13
    status: captured
    observations:
      - {equipment: tank, count: 1, item: t-101, identifiers: ["101"], unit: 4th-gtd, tags: [cope-cage],
         location: {lat: 34.56, lon: 38.28, place: Tiyas}}
      - {equipment: tank, count: 2, unit: desert hawks, location: {lat: 34.73, lon: 36.72}}
      - {equipment: tank, count: 3}
  - id: v2
    event: palmyra
    kind: photo
    publisher: geo
    published: 2016-12-16
    status: destroyed
    observations:
      - {equipment: t-72, count: 1, item: t-101, previously: [captured], location: {lat: 34.6, lon: 38.3}}
      - {equipment: bmp-1, count: 1, item: b-7, tags: [night], unit: 5th-bde}
"""


def make(tmp_path, records: str = RECORDS, name: str = "d.yaml"):
    """The path of a dataset file of HEAD and `records`."""
    path = tmp_path / name
    path.write_text(HEAD + textwrap.dedent(records), encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path):
    return make(tmp_path)


@pytest.fixture
def dataset(data):
    return materiel.load(data).validated


def claimed(dataset, **given) -> list[tuple]:
    return [(r.claim, r.equipment, str(r.quantity), r.unit)
            for r in queries.claims(dataset, Filters.build(dataset, **given))]


def seen(dataset, **given) -> list[tuple]:
    return [(r.evidence, r.equipment, str(r.count), r.unit)
            for r in queries.evidence(dataset, Filters.build(dataset, **given))]


# The distance


@pytest.mark.parametrize(("a", "b", "km"), [
    ((34.55, 38.27), (34.73, 36.72), 143.2),  # Palmyra to Homs
    ((51.5074, -0.1278), (48.8566, 2.3522), 343.6),  # London to Paris
    ((0.0, 0.0), (0.0, 1.0), 111.2),  # a degree along the equator
])
def test_distance_km_against_known_distances(a, b, km):
    assert distance_km(*a, *b) == pytest.approx(km, abs=0.1)
    assert distance_km(*b, *a) == pytest.approx(distance_km(*a, *b))


def test_distance_km_of_a_point_to_itself_and_to_its_antipode():
    assert distance_km(34.55, 38.27, 34.55, 38.27) == 0.0
    assert distance_km(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    assert distance_km(90, 0, -90, 0) == pytest.approx(math.pi * 6371.0088)


# --unit


def test_unit_by_id_keeps_the_id_and_its_name_as_written_in_any_case(dataset):
    assert claimed(dataset, unit="4th-gtd") == [
        ("c1", "tank", "5", "4th-gtd"), ("c2", "tank", "4", "4th guards tank division"),
        ("c3", "tank", "1", "4th-gtd")]
    assert seen(dataset, unit="4th-gtd") == [("v1", "tank", "1", "4th-gtd")]


def test_unit_by_name_is_the_unit_whose_name_it_is(dataset):
    by_name = claimed(dataset, unit="4TH Guards   Tank Division")
    assert by_name == claimed(dataset, unit="4th-gtd")


def test_unit_not_recorded_matches_as_written_in_any_case(dataset):
    assert claimed(dataset, unit="DESERT HAWKS") == [("c1", "tank", "2", "Desert Hawks")]
    assert seen(dataset, unit="Desert Hawks") == [("v1", "tank", "2", "desert hawks")]


def test_several_units_keep_any_of_them(dataset):
    assert [r[0] for r in seen(dataset, unit=["5th-bde", "Desert Hawks"])] == ["v1", "v2"]


def test_an_unknown_unit_id_is_refused_with_the_nearest(dataset):
    with pytest.raises(FilterError, match=r"no unit has the id `4th-gdt`; did you mean `4th-gtd`\?") as error:
        Filters.build(dataset, unit="4th-gdt")
    assert error.value.option == "--unit"


def test_a_unit_name_nothing_has_is_refused_with_the_nearest(dataset):
    with pytest.raises(FilterError, match=r"no unit is named `Desert Hawk`.*did you mean `Desert Hawks`\?"):
        Filters.build(dataset, unit="Desert Hawk")


# --tag


def test_tag_keeps_items_and_observations_carrying_any_of_them(dataset):
    assert claimed(dataset, tag="cope-cage") == [("c1", "tank", "5", "4th-gtd"), ("c1", "bmp", "3", None)]
    assert claimed(dataset, tag="night") == [("c1", "bmp", "3", None)]
    assert [r[:2] for r in seen(dataset, tag=["cope-cage", "night"])] == [("v1", "tank"), ("v2", "bmp-1")]


def test_tag_and_unit_must_both_hold(dataset):
    assert claimed(dataset, tag="cope-cage", unit="4th-gtd") == [("c1", "tank", "5", "4th-gtd")]


def test_a_tag_nothing_carries_is_refused_with_the_nearest(dataset):
    with pytest.raises(FilterError, match=r"no claim item or observation has the tag `cope-cag`; "
                                          r"did you mean `cope-cage`\?") as error:
        Filters.build(dataset, tag="cope-cag")
    assert error.value.option == "--tag"


def test_a_tag_that_is_not_a_slug_is_a_usage_error():
    with pytest.raises(UsageError, match=r"`Cope Cage` is not a tag.*\(e.g. `cope-cage`\)"):
        Filters.build(tag="Cope Cage")


# --near, --km


def test_near_keeps_observations_within_the_radius_and_none_without_a_place(dataset):
    # Tiyas (1.4 km) and the 34.6,38.3 photo (6 km) are near Palmyra; Homs (143 km) and the
    # observations with no location are not.
    assert [r[:2] for r in seen(dataset, near="34.55,38.27", km=10)] == [("v1", "tank"), ("v2", "t-72")]
    assert [r[:3] for r in seen(dataset, near=(34.55, 38.27), km=150)] == [
        ("v1", "tank", "1"), ("v1", "tank", "2"), ("v2", "t-72", "1")]
    assert seen(dataset, near="34.55,38.27", km=1) == []


def test_near_keeps_the_claims_of_events_located_within_the_radius(dataset):
    # claims have no place: their event's location stands for them; an event with none is outside
    assert {r[0] for r in claimed(dataset, near="34.55,38.27", km=10)} == {"c1"}
    assert {r[0] for r in claimed(dataset, near="34.55,38.27", km=200)} == {"c1", "c2"}


PLACE = "expected LAT,LON in degrees, e.g. 34.55,38.27"
RADIUS = "is not a radius; expected a number of kilometres above 0"


@pytest.mark.parametrize(("given", "option", "message"), [
    ({"near": "34.55,38.27"}, "--near", "a place needs a radius: add --km N (kilometres)"),
    ({"km": 5}, "--km", "a radius needs a place: add --near LAT,LON"),
    ({"near": "95,0", "km": 5}, "--near", "latitude `95` is out of range: -90 to 90 degrees"),
    ({"near": "0,-180.5", "km": 5}, "--near", "longitude `-180.5` is out of range: -180 to 180 degrees"),
    ({"near": "34.55", "km": 5}, "--near", f"`34.55` is not a place; {PLACE}"),
    ({"near": "nan,1", "km": 5}, "--near", f"`nan,1` is not a place; {PLACE}"),
    ({"near": "1,2", "km": 0}, "--km", f"`0` {RADIUS}"),
    ({"near": "1,2", "km": float("inf")}, "--km", f"`inf` {RADIUS}"),
])
def test_near_and_km_usage_errors_name_the_option(given, option, message):
    with pytest.raises(UsageError) as error:
        Filters.build(**given)
    assert (error.value.option, error.value.message) == (option, message)


def test_filters_made_by_hand_are_checked_too():
    with pytest.raises(UsageError, match="latitude"):
        Filters(near=(91, 0), km=1)


def test_describe_says_the_new_filters_in_words(dataset):
    filters = Filters.build(dataset, unit=["4th-gtd", "Desert Hawks"], tag="night", near="34.55,38.27", km=50)
    assert filters.describe() == "unit 4th-gtd, Desert Hawks; tag night; within 50 km of 34.55,38.27"


# compare and summary


def test_compare_narrows_claims_and_evidence_alike(dataset):
    rows = queries.compare(dataset, "category", Filters.build(dataset, unit="4th-gtd", event="palmyra"))
    [row] = [r for r in rows if r.claimant]
    # 5 tanks of the division claimed; of the evidence, the one tank of the division (not the
    # Desert Hawks' two, nor the three of no unit)
    assert (row.equipment, str(row.claimed.display()), row.confirmed.low) == ("tank", "5", 1)
    unfiltered = queries.compare(dataset, "category", Filters.build(dataset, event="palmyra"))
    assert next(r for r in unfiltered if r.claimant and r.equipment == "tank").confirmed.low == 6


def test_summary_by_unit_groups_items_by_their_unit_and_the_rest_as_none(dataset):
    summary = queries.summary(dataset, "unit")
    assert [(r.unit, r.equipment, r.claimed.display()) for r in summary] == [
        ("4th-gtd", "tank", "10"),  # 5 + 4 (its name as written) + 1, across events
        ("Desert Hawks", "tank", "2"),
        (None, "ifv", "3"),
    ]


def test_summary_by_tag_puts_an_item_in_each_of_its_tags(dataset):
    summary = queries.summary(dataset, "tag")
    assert [(r.tag, r.equipment, r.claimed.display()) for r in summary] == [
        ("cope-cage", "tank", "5"), ("cope-cage", "ifv", "3"), ("night", "ifv", "3"), (None, "tank", "7")]


def test_summary_by_unit_and_tag_on_the_command_line(run, data):
    result = run("summary", "--data", data, "--by", "unit")
    assert result.exit_code == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    assert ["Unit", "Category", "Status", "Claimant", "Claimed", "Grade"] in lines
    assert ["(none)", "ifv", "captured", "amaq", "3", "E6"] in lines
    exported = json.loads(run("summary", "--data", data, "--by", "tag", "--format", "json").stdout)
    assert [(r["tag"], r["equipment"], r["claimed"]) for r in exported] == [
        ("cope-cage", "tank", "5"), ("cope-cage", "ifv", "3"), ("night", "ifv", "3"), (None, "tank", "7")]


# The command line


@pytest.mark.parametrize(("args", "error"), [
    (["--near", "34.55,38.27"], "--near: a place needs a radius: add --km N (kilometres)"),
    (["--km", "5"], "--km: a radius needs a place: add --near LAT,LON"),
    (["--near", "91,0", "--km", "5"], "--near: latitude `91` is out of range: -90 to 90 degrees"),
    (["--near", "0,200", "--km", "5"], "--near: longitude `200` is out of range: -180 to 180 degrees"),
    (["--near", "1,2", "--km", "-3"], f"--km: `-3` {RADIUS}"),
])
@pytest.mark.parametrize("command", ["evidence", "claims", "compare", "items"])
def test_near_usage_errors_exit_2_with_one_line(run, data, command, args, error):
    result = run(command, "--data", data, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert [line for line in result.stderr.splitlines() if line.startswith("Error")] == [
        f"Error: Invalid value for {error}"]


def test_a_negative_latitude_is_a_value_of_near_not_an_option(run, data):
    result = run("evidence", "--data", data, "--near", "-34.55,38.27", "--km", "5")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("command", ["claims", "evidence", "summary", "compare", "items", "timeline"])
def test_every_table_command_takes_the_new_filters(run, data, command):
    result = run(command, "--data", data, "--unit", "4th-gtd", "--tag", "cope-cage", "--near", "34.55,38.27",
                 "--km", "500", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)


def test_the_caption_names_the_new_filters(run, data):
    result = run("evidence", "--data", data, "--tag", "cope-cage", "--near", "34.55,38.27", "--km", "2.5")
    assert result.exit_code == 0, result.stderr
    assert "tag cope-cage; within 2.5 km of 34.55,38.27" in result.stdout


def test_evidence_export_has_item_unit_tags_and_place(run, data):
    rows = list(csv.DictReader(io.StringIO(run("evidence", "--data", data, "--format", "csv").stdout)))
    first = rows[0]
    assert (first["item"], first["unit"], first["tags"], first["lat"], first["lon"], first["place"]) == (
        "t-101", "4th-gtd", "cope-cage", "34.56", "38.28", "Tiyas")
    assert (rows[2]["item"], rows[2]["unit"], rows[2]["lat"], rows[2]["place"]) == ("", "", "", "")
    screen = run("evidence", "--data", data).stdout
    assert all(h in screen for h in ("Item", "Unit", "Tags", "Place"))


def test_evidence_screen_shows_the_new_columns_only_where_some_row_has_them(run, tmp_path):
    plain = make(tmp_path, """\
        evidence:
          - {id: v, event: palmyra, kind: photo, publisher: geo, published: 2016-12-13,
             observations: [{equipment: tank, count: 1}]}
        """)
    screen = run("evidence", "--data", plain).stdout
    header = next(line for line in screen.splitlines() if "Evidence" in line and "Kind" in line)
    assert not any(h in header.split() for h in ("Item", "Unit", "Tags", "Place"))
    claims_csv = run("claims", "--data", make(tmp_path, RECORDS, "full.yaml"), "--format", "csv").stdout
    assert claims_csv.splitlines()[0].endswith(",as_written,unit,tags")


# materiel items


def test_items_lists_each_item_with_its_history(dataset):
    rows = list(queries.items(dataset))
    assert [r.item for r in rows] == ["b-7", "t-101"]
    tank = rows[1]
    assert [s.value for s in tank.statuses] == ["captured", "destroyed"]
    assert (tank.equipment, str(tank.first_seen), str(tank.last_seen)) == ("t-72", "2016-12-13", "2016-12-16")
    assert [s.evidence for s in tank.history] == ["v1", "v2"]


def test_items_are_listed_with_their_whole_history_where_any_sighting_is_within(dataset):
    [tank] = queries.items(dataset, Filters.build(dataset, tag="cope-cage"))
    assert (tank.item, len(tank.history)) == ("t-101", 2)  # the photo has no tag, and is kept
    near = Filters.build(dataset, near="34.6,38.3", km=0.5)
    assert [r.item for r in queries.items(dataset, near)] == ["t-101"]
    assert [r.item for r in queries.items(dataset, Filters.build(dataset, unit="5th Brigade"))] == ["b-7"]


def test_items_on_screen(run, data):
    result = run("items", "--data", data)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    row = next(line for line in result.stdout.splitlines() if line.strip().startswith("t-101"))
    assert row.split() == ["t-101", "t-72", "captured", "→", "destroyed", "2016-12-13", "2016-12-16", "v1,",
                           "v2", "34.6,38.3", "4th-gtd", "cope-cage", "101"]
    assert "event: palmyra" in result.stdout  # one event: said once, in the caption


def test_items_json_keeps_the_history_as_a_list_of_objects(run, data, dataset):
    result = run("items", "--data", data, "--format", "json")
    assert result.exit_code == 0, result.stderr
    tank = json.loads(result.stdout)[1]
    assert (tank["item"], tank["statuses"], tank["evidence"], tank["lat"], tank["lon"]) == (
        "t-101", ["captured", "destroyed"], ["v1", "v2"], 34.6, 38.3)
    assert tank["history"] == [
        {"date": "2016-12-13", "status": "captured", "previously": [], "evidence": "v1", "kind": "video",
         "publisher": "geo", "equipment": "tank", "unit": "4th-gtd", "tags": ["cope-cage"],
         "identifiers": ["101"], "lat": 34.56, "lon": 38.28, "precision_m": None, "place": "Tiyas"},
        {"date": "2016-12-16", "status": "destroyed", "previously": ["captured"], "evidence": "v2",
         "kind": "photo", "publisher": "geo", "equipment": "t-72", "unit": None, "tags": [],
         "identifiers": [], "lat": 34.6, "lon": 38.3, "precision_m": None, "place": None},
    ]
    # the library's records say the same
    records = materiel.records(queries.items(dataset))
    assert [dict(s) for s in records[1]["history"]] == tank["history"]


def test_items_csv_says_the_history_in_one_cell(run, data):
    rows = list(csv.DictReader(io.StringIO(run("items", "--data", data, "--format", "csv").stdout)))
    assert rows[1]["history"] == ("2016-12-13 captured (v1, Tiyas); "
                                  "2016-12-16 destroyed, previously captured (v2, 34.6,38.3)")
    assert (rows[1]["statuses"], rows[1]["sightings"]) == ("captured, destroyed", "2")


def test_items_help(run):
    result = run("items", "--help")
    assert result.exit_code == 0
    assert "--unit" in result.stdout and "--near" in result.stdout and "--km" in result.stdout


# Hostile text


HOSTILE = "=1+1 [bold red]x[/] \x1b[2J \u202eevil"


def test_hostile_unit_and_place_stay_inert(run, tmp_path):
    unit = json.dumps(HOSTILE)
    place = json.dumps("@SUM(A1) [link=https://evil.example]click[/link] \x1b]0;pwned\x07")
    path = make(tmp_path, f"""\
        claims:
          - {{id: c, event: palmyra, claimant: amaq, published: 2016-12-12, status: captured,
             items: [{{equipment: tank, quantity: 1, unit: {unit}, tags: [x]}}]}}
        evidence:
          - id: v
            event: palmyra
            kind: photo
            publisher: geo
            published: 2016-12-13
            observations:
              - {{equipment: tank, count: 1, item: t, unit: {unit}, tags: [x],
                 location: {{lat: 34.5, lon: 38.2, place: {place}}}}}
        """)
    for command in ("claims", "evidence", "items", "summary"):
        extra = ["--by", "unit"] if command == "summary" else []
        screen = run(command, "--data", path, "--unit", HOSTILE, *extra)
        assert screen.exit_code == 0, screen.stderr
        assert "\x1b" not in screen.stdout and "\u202e" not in screen.stdout
        assert "[bold red]x[/]" in screen.stdout.replace("\n", "")  # shown, not obeyed
        exported = run(command, "--data", path, "--unit", HOSTILE, *extra, "--format", "csv").stdout
        cells = [c for row in csv.reader(io.StringIO(exported)) for c in row]
        assert all(not c.lstrip().startswith(("=", "@")) for c in cells), cells
        assert "'" + HOSTILE in cells
    places = list(csv.DictReader(io.StringIO(run("evidence", "--data", path, "--format", "csv").stdout)))
    assert places[0]["place"].startswith("'@SUM(A1)")
    back = json.loads(run("items", "--data", path, "--format", "json").stdout)
    assert back[0]["units"] == [HOSTILE] and back[0]["history"][0]["unit"] == HOSTILE  # JSON keeps it exactly
