"""The rules of shared/spec/ANALYSIS.md, one function at a time, then on whole datasets."""

import pytest

from materiel.analysis.filters import Filters
from materiel.analysis.queries import claimed_totals
from materiel.analysis.rows import Confirmed
from materiel.analysis.rules import confirmed_count, grade, is_independent, ratio, status_confirms, verdict
from materiel.dataset import builtin_catalog, load_dataset
from materiel.format.models import Claim, Evidence, Observation, PartialDate, Source, Status
from materiel.format.quantities import Bounds, largest, parse_quantity, sum_bounds

from .conftest import PALMYRA
from .helpers import compare_table, counts_for, dataset_from, summary_table


def obs(count, *identifiers, equipment="tank"):
    return Observation(equipment=equipment, count=count, identifiers=list(identifiers))


def bounds(text):
    return Bounds.of(parse_quantity(text))


def test_status_defaults_to_the_record_then_lost(tmp_path):
    from materiel.analysis import queries

    dataset = dataset_from(tmp_path, """
    claims:
      - {id: c, event: e1, claimant: amaq, published: 2016-12-11, status: captured,
         items: [{equipment: tank, quantity: 1, status: destroyed}, {equipment: ifv, quantity: 1}]}
      - {id: d, event: e1, claimant: amaq, published: 2016-12-11, items: [{equipment: tank, quantity: 1}]}
    """)
    assert [r.status for r in queries.claims(dataset)] == [Status.destroyed, Status.captured, Status.lost]


def test_grade_is_reliability_and_credibility():
    assert str(grade(Source(id="amaq", name="Amaq", kind="belligerent-media", reliability="E"), 4)) == "E4"


@pytest.mark.parametrize(
    ("evidence", "claim", "confirms"),
    [
        ("captured", "captured", True),
        ("captured", "lost", True),
        ("destroyed", "lost", True),
        ("destroyed", "captured", False),
        ("abandoned", "captured", False),
        ("lost", "captured", False),
        ("lost", "lost", True),
    ],
)
def test_status_confirms(evidence, claim, confirms):
    assert status_confirms(Status(evidence), Status(claim)) is confirms


def test_children_count_for_ancestors_never_the_reverse():
    catalog = builtin_catalog()
    assert counts_for(catalog, "d-30", "towed-artillery", "category")
    assert counts_for(catalog, "d-30", "howitzer-122mm", "type")
    assert not counts_for(catalog, "towed-artillery", "howitzer-122mm", "type")
    assert not counts_for(catalog, "bmp-1", "tank", "category")


def shown(observations):
    return confirmed_count(observations).display()


def test_confirmed_is_max_of_identifiers_and_the_largest_single_record():
    # two videos of "tanks" may show the same tanks: they never add
    assert shown([("v1", obs(3)), ("v2", obs(2))]) == "3"
    # within one record, observations add
    assert shown([("v1", obs(3)), ("v1", obs(2))]) == "5"
    # identified items are distinct across records; the same hull number twice is one tank
    assert shown([("v1", obs(1, "412")), ("v2", obs(1, "412")), ("v2", obs(1, "415"))]) == "2"
    assert shown([("v1", obs(1, "412")), ("v2", obs(4))]) == "4"
    # an observation of three with two identifiers shows three, two of them identified
    assert shown([("v1", obs(3, "412", "415"))]) == "3"
    assert shown([("v1", obs(1, "412", "415"))]) == "2"
    assert shown([]) == "0"


def test_presence_is_not_a_count():
    # an unspecified observation makes the key seen, open-ended, and adds nothing
    assert shown([("v1", obs("unspecified")), ("v1", obs("about 10"))]) == "10+"
    presence = confirmed_count([("v1", obs("unspecified")), ("v1", obs("unspecified"))])
    assert (presence.low, presence.open, presence.numbered) == (1, True, False)
    # two phrases of one video, or two videos, showing "some": still one, maybe more
    assert shown([("v1", obs("unspecified")), ("v2", obs("unspecified"))]) == "1+"
    # no ratio from presence alone, and a verdict that does not pretend to a number
    assert ratio(bounds("7-9"), presence) is None
    assert verdict(bounds("at least 7"), presence) == "partly confirmed"
    assert verdict(bounds("unspecified"), presence) == "present"
    # `at least 5` seen: five, maybe more
    assert shown([("v1", obs("at least 5"))]) == "5+"


def test_no_data_is_not_zero():
    assert verdict(bounds("30"), None) == "no data"
    assert ratio(bounds("30"), None) is None
    assert verdict(bounds("30"), confirmed_count([])) == "unconfirmed"
    assert ratio(bounds("30"), confirmed_count([])) == 0.0


@pytest.mark.parametrize(
    ("claimed", "confirmed", "expected"),
    [
        ("30", 0, "unconfirmed"),
        ("30", 12, "partly confirmed"),
        ("30", 30, "confirmed"),
        ("30", 31, "exceeds claim"),
        ("2-4", 3, "confirmed"),
        ("2-4", 5, "exceeds claim"),
        ("at least 2", 50, "confirmed"),
        ("unspecified", 0, "unconfirmed"),
        ("unspecified", 4, "present"),
        (None, 2, "not claimed"),
    ],
)
def test_verdicts(claimed, confirmed, expected):
    assert verdict(bounds(claimed) if claimed else None, Confirmed(confirmed)) == expected


def test_ratio_only_where_a_number_was_claimed():
    assert ratio(bounds("30"), Confirmed(12)) == 0.4
    assert ratio(bounds("7-9"), Confirmed(1)) == 0.14
    assert ratio(bounds("unspecified"), Confirmed(3)) is None
    assert ratio(None, Confirmed(3)) is None


def test_bounds_arithmetic_never_hides_unspecified():
    total = sum_bounds([parse_quantity("6"), parse_quantity("unspecified")])
    assert (total.low, total.high, total.display()) == (7, None, "7+")
    assert sum_bounds([parse_quantity("unspecified")] * 2).display() == "unspecified"
    # some and some is still "some": at least one, not three
    assert sum_bounds([parse_quantity("unspecified")] * 3).stated_low == 1
    assert sum_bounds([parse_quantity("about 40"), parse_quantity("2")]).display() == "~42"
    assert sum_bounds([parse_quantity("40-45"), parse_quantity("2")]).display() == "42-47"
    assert largest([bounds("30"), bounds("at least 30"), bounds("12")]).display() == "30+"
    assert largest([]) is None


def test_independence_needs_another_publisher_of_another_side():
    sources = {s.id: s for s in [
        Source(id="amaq", name="A", kind="belligerent-media", affiliation="Islamic State"),
        Source(id="relay", name="R", kind="analyst"),
        Source(id="is-video", name="V", kind="belligerent-media", affiliation="islamic state"),
        Source(id="geo", name="G", kind="osint-compiler"),
    ]}
    claim = Claim(id="c", event="e", claimant="amaq", via=["relay"], published="2016",
                  items=[{"equipment": "tank", "quantity": 1}])

    def ev(publisher):
        return Evidence(id="v", event="e", kind="video", publisher=publisher, published="2016",
                        observations=[{"equipment": "tank", "count": 1}])

    assert not is_independent(ev("amaq"), claim, sources)
    assert not is_independent(ev("relay"), claim, sources)
    assert not is_independent(ev("is-video"), claim, sources)
    assert is_independent(ev("geo"), claim, sources)


def test_filters_dates_and_grades():
    f = Filters(since=PartialDate(2016, 12, 10), until=PartialDate(2016, 12, 31))
    assert f.dated(PartialDate(2016, 12))  # a month counts when any day of it is within
    assert not f.dated(PartialDate(2016, 11, 30))
    assert not f.dated(PartialDate(2017))
    g = Filters(min_reliability="C", min_credibility=3)
    assert g.graded(Source(id="s", name="S", kind="other", reliability="B"), 3)
    assert not g.graded(Source(id="s", name="S", kind="other", reliability="D"), 1)
    assert not g.graded(Source(id="s", name="S", kind="other", reliability="A"), 4)


def rows_of(table, *keys):
    return [tuple(r[k] for k in keys) for r in table.rows]


COMPARE_KEYS = ("equipment", "status", "claimant", "claimed", "claim_grade", "confirmed_shown",
                "evidence_grade", "independent", "ratio", "verdict")


def test_palmyra_compare_by_category_row_by_row():
    table = compare_table(load_dataset([PALMYRA]), "category")
    assert rows_of(table, *COMPARE_KEYS) == [
        # CENTCOM's 14 tanks, destroyed and previously captured, confirm both claims of captured
        # tanks (claimants are alternatives: two rows, never a sum); CENTCOM is of neither's side
        ("tank", "captured", "amaq", "30", "E4", "14", "C2", True, 0.47, "partly confirmed"),
        ("tank", "captured", "islamic-state", "44", "E4", "14", "C2", True, 0.32, "partly confirmed"),
        ("ifv", "captured", "amaq", "6", "E4", "0", "", None, 0.0, "unconfirmed"),
        ("ifv", "captured", "islamic-state", "7", "E4", "0", "", None, 0.0, "unconfirmed"),
        # six 122mm pieces and "other smaller artillery", of a type the article does not give;
        # CENTCOM's three artillery systems, and the video's unspecified "artillery pieces" (seen,
        # maybe more): two records never add, the larger (3) counts, open: 3+, a ratio from the 3
        ("artillery", "captured", "amaq", "7+", "E4", "3+", "C2", True, 0.43, "partly confirmed"),
        ("artillery", "captured", "islamic-state", "7", "E4", "3+", "C2", True, 0.43, "partly confirmed"),
        ("aa-gun", "captured", "", "", "", "1+", "F2", None, None, "not claimed"),
        # rifles and submachine guns of one video: two phrases are not two items; IS material, so
        # not independent of the Islamic State's "various automatic weapons"
        ("small-arms", "captured", "islamic-state", "unspecified", "E4", "1+", "F2", False, None,
         "present"),
        ("atgm", "captured", "amaq", "unspecified", "E4", "0", "", None, None, "unconfirmed"),
        ("ammunition", "captured", "amaq", "unspecified", "E4", "1+", "F2", False, None, "present"),
        ("ammunition", "captured", "islamic-state", "unspecified", "E4", "1+", "F2", False, None,
         "present"),
        # 14 23mm cannons (weapons) + launchers, vehicles and weapons unspecified (1 each): 17+;
        # CENTCOM's two tactical vehicles and an air defense artillery system: 3
        ("other", "captured", "islamic-state", "17+", "E4", "3", "C2", True, 0.18, "partly confirmed"),
        # "most of the heavy weapons" were abandoned; the video shows them captured, CENTCOM's
        # release 14 tanks and three artillery systems destroyed, and the row says so
        ("heavy-weapons", "abandoned", "hassan-hassan", "unspecified", "C3", "0", "", None, None,
         "unconfirmed"),
    ]
    assert {r["event"] for r in table.rows} == {"palmyra-2016-12"}
    assert [r["remarks"] for r in table.rows if r["remarks"]] == [
        "14 captured, later destroyed", "14 captured, later destroyed",
        "3 captured, later destroyed", "3 captured, later destroyed",
        "3 captured, later destroyed", "seen as captured 1+, destroyed 17"]


def test_palmyra_compare_by_type_row_by_row():
    table = compare_table(load_dataset([PALMYRA]), "type")
    assert rows_of(table, "equipment", "claimant", "claimed", "confirmed_shown", "verdict") == [
        ("tank", "amaq", "30", "14", "partly confirmed"),
        ("tank", "islamic-state", "44", "14", "partly confirmed"),
        ("bmp", "amaq", "6", "0", "unconfirmed"),
        ("bmp", "islamic-state", "7", "0", "unconfirmed"),
        ("artillery", "amaq", "unspecified", "3+", "present"),
        ("artillery", "islamic-state", "7", "3+", "partly confirmed"),
        # "artillery pieces" in the video and CENTCOM's "artillery systems" cannot say they were
        # 122mm guns
        ("artillery-122mm", "amaq", "6", "0", "unconfirmed"),
        ("aa-machine-gun", "", "", "1+", "not claimed"),
        # the video's assault rifles and submachine guns now confirm a claimed row, and are not
        # listed again
        ("small-arms", "islamic-state", "unspecified", "1+", "present"),
        ("atgm", "amaq", "unspecified", "0", "unconfirmed"),
        # artillery and mortar shells and boxes of ammunition confirm the ammunition claimed
        ("ammunition", "amaq", "unspecified", "1+", "present"),
        ("ammunition", "islamic-state", "unspecified", "1+", "present"),
        ("tank-ammunition", "amaq", "unspecified", "0", "unconfirmed"),
        ("grad-rocket", "amaq", "unspecified", "0", "unconfirmed"),
        # "military vehicles": CENTCOM's tactical vehicles and air defense artillery system
        ("other", "islamic-state", "unspecified", "3", "present"),
        ("heavy-weapons", "hassan-hassan", "unspecified", "0", "unconfirmed"),
        # the 23mm cannons, launchers and weapons: nothing seen lies under `weapons`
        ("weapons", "islamic-state", "16+", "0", "unconfirmed"),
    ]


CLAIMS = """\
claims:
  - id: amaq-1
    event: e1
    claimant: amaq
    via: [relay]
    published: 2016-12-12
    status: captured
    items:
      - {equipment: t-72, quantity: 20}
      - {equipment: t-55, quantity: 10}
      - {equipment: howitzer-122mm, quantity: 6}
      - {equipment: towed-artillery, quantity: unspecified}
  - id: amaq-2
    event: e1
    claimant: amaq
    published: 2016-12-14
    status: captured
    items:
      - {equipment: tank, quantity: 25}
  - id: sana-1
    event: e1
    claimant: sana
    published: 2016-12-13
    credibility: 3
    status: lost
    items:
      - {equipment: tank, quantity: 5}
  - id: amaq-3
    event: e2
    claimant: amaq
    published: 2017-03-03
    status: captured
    items:
      - {equipment: tank, quantity: about 12}
"""


def test_summary_never_adds_claimants_and_does_not_double_a_repeated_claim(tmp_path):
    dataset = dataset_from(tmp_path, CLAIMS)
    table = summary_table(dataset, "category")
    assert rows_of(table, "equipment", "status", "claimant", "claimed", "grade", "claims") == [
        # e1: the larger of amaq-1 (20 + 10) and amaq-2 (25) is 30; e2 adds about 12
        ("tank", "captured", "amaq", "~42", "E6", ["amaq-1", "amaq-2", "amaq-3"]),
        ("tank", "lost", "sana", "5", "D3", ["sana-1"]),
        ("towed-artillery", "captured", "amaq", "7+", "E6", ["amaq-1"]),
    ]
    by_event = summary_table(dataset, "event")
    assert rows_of(by_event, "event", "equipment", "claimant", "claimed") == [
        ("e1", "tank", "amaq", "30"),
        ("e1", "tank", "sana", "5"),
        ("e1", "towed-artillery", "amaq", "7+"),
        ("e2", "tank", "amaq", "~12"),
    ]
    assert [r["claimant"] for r in summary_table(dataset, "claimant").rows] == ["amaq", "amaq", "sana"]


def test_claimed_totals_by_type_keep_the_node_as_written(tmp_path):
    totals = claimed_totals(dataset_from(tmp_path, CLAIMS), "type")
    assert totals[("e1", "t-72", Status.captured, "amaq")].bounds.display() == "20"
    assert totals[("e1", "tank", Status.captured, "amaq")].bounds.display() == "25"


EVIDENCE = """\
evidence:
  - id: v1
    event: e1
    kind: video
    publisher: is-video
    published: 2016-12-13
    status: captured
    observations:
      - {equipment: t-72, count: 3}
      - {equipment: bmp-1, count: 2}
  - id: v2
    event: e1
    kind: video
    publisher: geo
    published: 2016-12-15
    credibility: 2
    status: captured
    observations:
      - {equipment: t-72, count: 2}
  - id: p1
    event: e1
    kind: photo
    publisher: geo
    published: 2016-12-16
    observations:
      - {equipment: t-55, count: 1, status: destroyed, identifiers: ["112"]}
      - {equipment: t-55, count: 1, status: captured, identifiers: ["113"]}
"""


def test_compare_on_synthetic_data(tmp_path):
    table = compare_table(dataset_from(tmp_path, CLAIMS + EVIDENCE), "category", Filters(events=("e1",)))
    assert rows_of(table, "equipment", "status", "claimant", "claimed", "confirmed", "evidence_grade",
                   "independent", "verdict") == [
        # captured tanks: v1 shows 3, v2 shows 2 (maybe the same): 3; photos identify 1 captured
        ("tank", "captured", "amaq", "30", 3, "B2", True, "partly confirmed"),
        # SANA's lost tanks absorb every status: 3 unidentified in v1 vs 2 identified
        ("tank", "lost", "sana", "5", 3, "B2", True, "partly confirmed"),
        ("ifv", "captured", "", "", 2, "F6", None, "not claimed"),
        ("towed-artillery", "captured", "amaq", "7+", 0, "", None, "unconfirmed"),
    ]
    assert table.rows[0]["evidence"] == ["p1", "v1", "v2"]


def test_compare_only_is_footage_is_not_independent(tmp_path):
    table = compare_table(dataset_from(tmp_path, CLAIMS + EVIDENCE.split("  - id: v2")[0]), "category",
                          Filters(claimants=("amaq",), events=("e1",)))
    tank = table.rows[0]
    assert (tank["confirmed"], tank["independent"], tank["suggested_credibility"]) == (3, False, None)


def test_compare_suggests_credibility_1_on_independent_confirmation(tmp_path):
    data = """\
claims:
  - {id: c, event: e1, claimant: amaq, published: 2016, status: captured,
     items: [{equipment: tank, quantity: 2}]}
evidence:
  - {id: v, event: e1, kind: video, publisher: geo, published: 2016, status: captured,
     observations: [{equipment: t-72, count: 3}]}
"""
    table = compare_table(dataset_from(tmp_path, data))
    [row] = table.rows
    assert (row["verdict"], row["ratio"], row["suggested_credibility"]) == ("exceeds claim", 1.5, 1)
    assert any("credibility 1 for: c (amaq)" in note for note in table.notes)


def test_credibility_1_is_suggested_only_when_the_whole_claim_is_confirmed(tmp_path):
    data = """\
claims:
  - {id: c, event: e1, claimant: amaq, published: 2016, status: captured,
     items: [{equipment: tank, quantity: 2}, {equipment: atgm, quantity: 5}]}
evidence:
  - {id: v, event: e1, kind: video, publisher: geo, published: 2016, status: captured,
     observations: [{equipment: t-72, count: 3}]}
"""
    table = compare_table(dataset_from(tmp_path, data))
    # the tanks are confirmed independently, the ATGMs are not: credibility is the whole claim's,
    # so no row of it suggests 1 (the column and the note agree)
    assert [(r["equipment"], r["verdict"], r["suggested_credibility"]) for r in table.rows] == [
        ("tank", "exceeds claim", None), ("atgm", "unconfirmed", None)]
    assert not any("credibility 1" in note for note in table.notes)
