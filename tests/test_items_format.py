"""Items, places and units in the format, and how items count: one physical item once, its
statuses over time each confirming a claim of that status."""

from __future__ import annotations

import textwrap

import pytest

import materiel
from materiel.dataset import load_dataset
from materiel.errors import ProblemsFound

HEAD = """\
sources:
  - {id: amaq, name: Amaq, kind: belligerent-media, affiliation: Islamic State, reliability: E}
  - {id: coalition, name: Coalition, kind: belligerent-official, affiliation: Coalition, reliability: C}
  - {id: geo, name: Geolocators, kind: osint-compiler, reliability: B}
units:
  - {id: tank-brigade, name: 1st Tank Brigade, side: Syrian Arab Army}
events:
  - {id: e, title: Capture, date: 2016-12-11, place: Town}
"""

# Made-up fixtures, not data: two claims, a strike that destroyed tanks captured before, and one
# tank filmed captured, then filmed destroyed.
STORY = HEAD + """\
claims:
  - {id: captured-claim, event: e, claimant: amaq, published: 2016-12-12, status: captured,
     items: [{equipment: tank, quantity: 30, unit: tank-brigade, tags: [spoils]}]}
  - {id: destroyed-claim, event: e, claimant: coalition, published: 2016-12-16, status: destroyed,
     items: [{equipment: tank, quantity: 15}]}
evidence:
  - id: strike
    event: e
    kind: document
    publisher: coalition
    published: 2016-12-16
    status: destroyed
    observations:
      - {equipment: tank, count: 14, previously: [captured], tags: [airstrike]}
  - id: video-captured
    event: e
    kind: video
    publisher: geo
    published: 2016-12-13
    status: captured
    observations:
      - equipment: t-72
        count: 1
        item: tank-a
        identifiers: [hull 123]
        unit: tank-brigade
        location: {lat: 34.55, lon: 38.27, precision_m: 500, place: near the town}
  - id: video-destroyed
    event: e
    kind: video
    publisher: geo
    published: 2016-12-17
    status: destroyed
    observations:
      - {equipment: t-72b, count: 1, item: tank-a, unit: 1st Tank Brigade (as the uploader says)}
      - {equipment: t-72, count: 1, identifiers: [HULL  123]}
"""


def write(tmp_path, text):
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_new_fields_validate_and_are_read(tmp_path):
    dataset = load_dataset([write(tmp_path, STORY)])
    assert dataset.units["tank-brigade"].name == "1st Tank Brigade"
    seen = dataset.evidence[1].observations[0]
    assert (seen.item, seen.unit, seen.location.place, seen.location.precision_m) == (
        "tank-a", "tank-brigade", "near the town", 500)
    assert dataset.evidence[0].observations[0].previously == [materiel.Status.captured]


def test_an_item_counts_once_however_many_videos_show_it(tmp_path):
    rows = {(r.status.value, r.claimant): r for r in materiel.load(write(tmp_path, STORY)).compare(
        level="category")}
    # destroyed: the strike's 14, or the item and the hull number of the second video, which are
    # one tank (the item carries hull 123 in the first video): 14, never 14 + 1 + 1
    destroyed = rows[("destroyed", "coalition")]
    assert (destroyed.confirmed.low, destroyed.verdict.value) == (14, "partly confirmed")


def test_a_status_before_confirms_a_claim_of_it_and_the_row_says_so(tmp_path):
    rows = {(r.status.value, r.claimant): r for r in materiel.load(write(tmp_path, STORY)).compare()}
    captured = rows[("captured", "amaq")]
    # the strike's tanks were captured before they were destroyed: 14 of the 30 claimed
    assert (captured.confirmed.low, captured.independent, captured.ratio) == (14, True, 0.47)
    assert [(s.value, c.low) for s, c in captured.later] == [("destroyed", 14)]
    assert sorted(captured.evidence) == ["strike", "video-captured"]


def test_an_item_filmed_captured_then_destroyed_confirms_both(tmp_path):
    text = HEAD + textwrap.dedent("""\
        claims:
          - {id: c1, event: e, claimant: amaq, published: 2016-12-12, status: captured,
             items: [{equipment: tank, quantity: 1}]}
          - {id: c2, event: e, claimant: coalition, published: 2016-12-20, status: destroyed,
             items: [{equipment: tank, quantity: 1}]}
        evidence:
          - {id: v1, event: e, kind: video, publisher: geo, published: 2016-12-13, status: captured,
             observations: [{equipment: t-72, count: 1, item: tank-a}]}
          - {id: v2, event: e, kind: video, publisher: geo, published: 2016-12-18, status: destroyed,
             observations: [{equipment: t-72, count: 1, item: tank-a}]}
        """)
    dataset = materiel.load(write(tmp_path, text))
    rows = {r.status.value: r for r in dataset.compare()}
    assert (rows["captured"].verdict.value, rows["destroyed"].verdict.value) == ("confirmed", "confirmed")
    assert [(s.value, c.low) for s, c in rows["captured"].later] == [("destroyed", 1)]
    assert rows["destroyed"].later == ()
    [item] = dataset.items()
    assert [s.value for s in item.statuses] == ["captured", "destroyed"]
    result = materiel.records(dataset.compare())
    assert [r["later"] for r in result] == [["destroyed 1"], []]


BAD = [
    ("location: {lat: 91, lon: 38.2}", "evidence[0].observations[0].location.lat", "out-of-range",
     "less than or equal to 90"),
    ("location: {lat: 34.5}", "evidence[0].observations[0].location.lon", "missing-field",
     "required field `lon` is missing"),
    ("unit: tank-brigad", "evidence[0].observations[0].unit", "unknown-reference",
     "no unit has the id `tank-brigad`; did you mean `tank-brigade`?"),
    ("tags: [Cope Cage]", "evidence[0].observations[0].tags[0]", "invalid-value",
     "`Cope Cage` is not a tag"),
    ("item: tank-a, count: 2", "evidence[0].observations[0].count", "invalid-value",
     "an observation of one item (`item: tank-a`) counts 1"),
    ("location: {lat: 34.5, lon: 38.2, precision_m: -5}", "evidence[0].observations[0].location.precision_m",
     "out-of-range", "greater than 0"),
    ("previously: [stolen]", "evidence[0].observations[0].previously[0]", "invalid-choice", "stolen"),
]


@pytest.mark.parametrize(("field", "path", "code", "words"), BAD)
def test_bad_input_is_one_positioned_problem_and_exit_1(run, tmp_path, field, path, code, words):
    count = "" if "count" in field else "count: 1, "
    text = HEAD + f"""\
evidence:
  - id: v
    event: e
    kind: video
    publisher: geo
    published: 2016-12-13
    observations:
      - {{equipment: t-72, {count}{field}}}
"""
    path_ = write(tmp_path, text)
    with pytest.raises(ProblemsFound) as found:
        load_dataset([path_])
    [problem] = found.value.problems
    assert (problem.line, problem.code, problem.path) == (16, code, path)
    assert words in problem.message
    before = path_.read_bytes()
    result = run("validate", "--data", str(path_))
    assert result.exit_code == 1
    assert (result.stdout + result.stderr).startswith(f"{path_}:16:")
    assert path_.read_bytes() == before


def test_an_item_seen_as_two_unrelated_kinds_is_refused_where_the_second_is(tmp_path):
    text = HEAD + textwrap.dedent("""\
        evidence:
          - {id: v1, event: e, kind: video, publisher: geo, published: 2016-12-13,
             observations: [{equipment: t-72b3, count: 1, item: x}]}
          - {id: v2, event: e, kind: video, publisher: geo, published: 2016-12-14,
             observations: [{equipment: tank, count: 1, item: x}, {equipment: bmp-2, count: 1, item: x}]}
        """)
    with pytest.raises(ProblemsFound) as found:
        load_dataset([write(tmp_path, text)])
    [problem] = found.value.problems  # `tank` is a kind of it: not a problem; a BMP-2 is
    assert (problem.line, problem.code, problem.path) == (13, "invalid-value",
                                                          "evidence[1].observations[1].equipment")
    assert "item `x` is `bmp-2` here and `t-72b3` at " in problem.message


def test_a_unit_in_the_sources_words_is_text(tmp_path):
    dataset = load_dataset([write(tmp_path, STORY)])
    assert dataset.evidence[2].observations[0].unit == "1st Tank Brigade (as the uploader says)"


def test_an_item_and_its_hull_number_elsewhere_are_one_tank(tmp_path):
    text = HEAD + textwrap.dedent("""\
        claims:
          - {id: c, event: e, claimant: coalition, published: 2016-12-20, status: destroyed,
             items: [{equipment: tank, quantity: 3}]}
        evidence:
          - {id: v1, event: e, kind: video, publisher: geo, published: 2016-12-13, status: destroyed,
             observations: [{equipment: t-72, count: 1, item: tank-a, identifiers: [hull 123]}]}
          - {id: v2, event: e, kind: video, publisher: geo, published: 2016-12-14, status: destroyed,
             observations: [{equipment: t-72, count: 1, item: tank-a},
                            {equipment: t-72, count: 1, identifiers: [HULL  123]}]}
          - {id: v3, event: e, kind: video, publisher: geo, published: 2016-12-15, status: destroyed,
             observations: [{equipment: t-72, count: 1, identifiers: [hull 456]}]}
        """)
    [row] = materiel.load(write(tmp_path, text)).compare()
    # tank-a (= hull 123, in two videos) and hull 456: two tanks, where the videos' sum is 4
    assert (row.confirmed.low, row.verdict.value) == (2, "partly confirmed")
