"""Charts of claimed against confirmed: the bars' data, the SVG's honesty about bounds, the terminal."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
from rich.console import Console

from materiel.analysis.queries import compare
from materiel.dataset import load_dataset
from materiel.output.charts import (
    CLAIMED_COLOUR,
    CONFIRMED_COLOUR,
    OPEN,
    PLOT,
    RANGE,
    TAIL,
    chart_bars,
    nice_ticks,
    render_chart,
    svg_chart,
)

from .conftest import PALMYRA
from .helpers import dataset_from

SVG = "{http://www.w3.org/2000/svg}"
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# One claimant per kind of bound, each against evidence that says something different of it.
BOUNDS = """\
claims:
  - id: c
    event: e1
    claimant: amaq
    published: 2016-12
    status: captured
    items:
      - {equipment: tank, quantity: 40}
      - {equipment: bmp, quantity: 2-4}
      - {equipment: towed-artillery, quantity: about 20}
      - {equipment: atgm, quantity: at least 5}
      - {equipment: ammunition, quantity: unspecified}
evidence:
  - id: v
    event: e1
    kind: video
    publisher: geo
    published: 2016-12-13
    status: captured
    observations:
      - {equipment: tank, count: 10}
      - {equipment: bmp, count: 6}
      - {equipment: atgm, count: 5}
      - {equipment: ammunition, count: 2}
      - {equipment: truck, count: 3}
"""


@pytest.fixture
def bounds_table(tmp_path):
    return compare(dataset_from(tmp_path, BOUNDS))


def by_kind(table):
    return {b.equipment: b for b in chart_bars(table)["e1"]}


@pytest.mark.parametrize(("maximum", "ticks"), [
    (0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]), (30, [0, 10, 20, 30]),
    (42, [0, 20, 40, 60]), (3012, [0, 1000, 2000, 3000, 4000]), (6000, [0, 2000, 4000, 6000]),
])
def test_nice_ticks(maximum, ticks):
    assert nice_ticks(maximum) == ticks


def test_bars_are_the_compare_rows():
    table = compare(load_dataset([PALMYRA]))
    bars = chart_bars(table)["palmyra-2016-12"]
    assert [b.equipment for b in bars] == [r.equipment for r in table.rows]
    towed = next(b for b in bars if b.equipment == "artillery")
    assert (towed.claimed, towed.low, towed.high, towed.open_ended, towed.confirmed) == (
        "7+", 7, None, True, 3)
    atgm = next(b for b in bars if b.equipment == "atgm")
    assert atgm.only_unspecified and atgm.open_ended and atgm.claimed_label == "unspecified"
    aa = next(b for b in bars if b.equipment == "aa-gun")
    assert (aa.is_claimed, aa.claimed_label, aa.confirmed, aa.reach) == (False, "not claimed", 1, 1)


def test_reach_is_the_bounded_high_or_the_open_low(bounds_table):
    bars = by_kind(bounds_table)
    assert [bars[k].reach for k in ("tank", "ifv", "towed-artillery", "atgm", "ammunition", "truck")] == [
        40, 6, 20, 5, 2, 3]


def svg_rows(svg: str) -> dict[str, ET.Element]:
    """Each row group of the chart, by the equipment id its tooltip names: `Tanks (tank), ...`."""
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    rows = {}
    for group in root.iter(SVG + "g"):
        if group.get("class") == "row":
            rows[re.match(r"[^(]*\(([^)]*)\)", group.find(SVG + "title").text).group(1)] = group
    return rows


def texts(group: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in group.iter(SVG + "text")]


def rects(group: ET.Element) -> list[dict]:
    return [r.attrib for r in group.iter(SVG + "rect")]


def test_svg_draws_each_bound_honestly(bounds_table):
    bars = chart_bars(bounds_table)["e1"]
    rows = svg_rows(svg_chart(bars, "t", prefix="x-"))
    scale = PLOT / 40

    tank = rects(rows["tank"])  # exact: one solid claimed bar, one solid confirmed bar
    assert [(r["fill"], float(r["width"])) for r in tank] == [(CLAIMED_COLOUR, 40 * scale),
                                                              (CONFIRMED_COLOUR, 10 * scale)]
    assert "claimed 40" in texts(rows["tank"]) and "confirmed 10" in texts(rows["tank"])

    ifv = rects(rows["ifv"])  # a range: solid to the low, hatched to the high
    assert [(r["fill"], float(r["width"])) for r in ifv] == [
        (CLAIMED_COLOUR, 2 * scale), ("url(#x-hatch)", 2 * scale), (CONFIRMED_COLOUR, 6 * scale)]
    assert "claimed 2-4" in texts(rows["ifv"])

    about = rects(rows["towed-artillery"])  # approximate: no solid part, a dashed outline, `~`
    assert about[0]["fill"] == "url(#x-hatch)" and about[0]["stroke-dasharray"] == "3 2"
    assert float(about[0]["width"]) == 20 * scale
    assert all(r["fill"] != CLAIMED_COLOUR for r in about)
    assert "claimed ~20" in texts(rows["towed-artillery"])

    for name, low, label in (("atgm", 5, "5+"), ("ammunition", 1, "unspecified")):
        group = rows[name]  # open-ended: solid to the low, then a fading tail and an arrow
        solid, tail = rects(group)[:2]
        assert (solid["fill"], float(solid["width"])) == (CLAIMED_COLOUR, low * scale)
        assert (tail["fill"], float(tail["width"])) == ("url(#x-fade)", TAIL)
        assert len(list(group.iter(SVG + "path"))) == 1
        assert f"claimed {label}" in texts(group)

    truck = rows["truck"]  # not claimed: only the confirmed bar
    assert [r["fill"] for r in rects(truck)] == [CONFIRMED_COLOUR]
    assert "not claimed" in texts(truck)


def test_svg_has_a_legend_a_title_and_axis_ticks(bounds_table):
    svg = svg_chart(chart_bars(bounds_table)["e1"], "Bounds <&> \"test\"", prefix="x-")
    root = ET.fromstring(svg)
    assert root.find(SVG + "title").text == 'Bounds <&> "test"'
    legend = "".join(root.find(f"{SVG}g[@class='legend']").itertext())
    for words in ("claimed", "range or about (~)", "no upper bound (+, unspecified)", "confirmed",
                  "no data"):
        assert words in legend
    ticks = [t.text for t in root.findall(f"{SVG}text[@text-anchor='middle']")]
    assert ticks == ["0", "10", "20", "30", "40"]


def test_zero_confirmed_draws_no_bar_but_says_zero():
    table = compare(load_dataset([PALMYRA]))
    rows = svg_rows(svg_chart(chart_bars(table)["palmyra-2016-12"], "t"))
    assert [r["fill"] for r in rects(rows["ifv"])] == [CLAIMED_COLOUR]  # no IFV seen
    assert "confirmed 0" in texts(rows["ifv"])


def test_compare_chart_in_the_terminal(run):
    result = run("compare", "--data", PALMYRA, "--chart")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out, "piped: no ANSI codes"
    table_at = out.index("Claims against evidence, by category")
    assert table_at < out.index("Claimed against confirmed, by category"), "the chart after the table"
    chart = out[out.index("Claimed against confirmed"):].splitlines()
    assert all(len(line) <= 80 for line in chart)
    at = chart.index("artillery · captured · amaq E4 · partly confirmed · later 3 destroyed")
    claimed, confirmed = chart[at + 1], chart[at + 2]
    assert claimed.startswith("  claimed   █") and claimed.endswith(OPEN * 3 + " 7+")
    assert confirmed.startswith("  confirmed █") and confirmed.endswith(OPEN * 3 + " 3+"), "seen, maybe more"
    heading = "tank · captured · islamic-state E4 · partly confirmed · later 14 destroyed"
    tank = chart[chart.index(heading) + 1]
    assert tank == "  claimed   " + "█" * 51 + " 44", "the largest bar fills the room left at 80 columns"
    assert "aa-gun · captured · not claimed" in chart
    assert chart[chart.index("aa-gun · captured · not claimed") + 1] == "  claimed   — not claimed"


@pytest.mark.parametrize("width", [40, 60])
def test_terminal_chart_fits_a_narrow_terminal(run, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    result = run("compare", "--data", PALMYRA, "--chart")
    chart = result.stdout[result.stdout.index("Claimed against confirmed"):].splitlines()
    assert max(len(line) for line in chart) <= width
    assert any(line.endswith(" 7+") for line in chart) and any(line.endswith(" 30") for line in chart)


def test_terminal_chart_draws_ranges_and_approximations(tmp_path):
    buffer = io.StringIO()
    render_chart(compare(dataset_from(tmp_path, BOUNDS)),
                 Console(file=buffer, width=80, color_system=None))
    lines = buffer.getvalue().splitlines()
    row = {line.split(" · ")[0]: lines[i + 1:i + 3] for i, line in enumerate(lines) if " · " in line}
    assert row["ifv"][0].endswith(RANGE + " 2-4") and "█" in row["ifv"][0]
    assert set(row["towed-artillery"][0].split()[1]) == {RANGE}, "about 20: no solid part"
    assert row["atgm"][0].endswith(OPEN * 3 + " 5+")
    assert row["tank"][1].endswith(" 10")


def test_terminal_chart_colours_on_a_terminal_and_honours_no_color(monkeypatch):
    table = compare(load_dataset([PALMYRA]))
    buffer = io.StringIO()
    render_chart(table, Console(file=buffer, width=80, force_terminal=True, color_system="truecolor"))
    assert "\x1b[38;2;230;159;0m" in buffer.getvalue(), "claimed bars in orange"
    assert "\x1b[38;2;0;114;178m" in buffer.getvalue(), "confirmed bars in blue"
    monkeypatch.setenv("NO_COLOR", "1")
    plain = io.StringIO()
    render_chart(table, Console(file=plain, width=80, force_terminal=True, color_system="truecolor"))
    assert "\x1b[38;2" not in plain.getvalue()
    assert ANSI.sub("", plain.getvalue()) == ANSI.sub("", buffer.getvalue())


def test_chart_with_an_export_to_stdout_is_a_usage_error(run):
    result = run("compare", "--data", PALMYRA, "--chart", "--format", "csv")
    assert result.exit_code == 2
    assert "write the export with -o FILE" in result.stderr


def test_chart_with_an_export_to_a_file(run, tmp_path):
    target = tmp_path / "compare.csv"
    result = run("compare", "--data", PALMYRA, "--chart", "--format", "csv", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("event,equipment,")
    assert result.stdout.lstrip().startswith("Claimed against confirmed, by category")


def test_chart_and_strict_together(run):
    result = run("compare", "--data", PALMYRA, "--chart", "--strict")
    assert result.exit_code == 1
    assert "Claimed against confirmed" in result.stdout
    assert result.stderr.endswith("materiel: 9 claimed row(s) not confirmed (--strict)\n")
    assert ("materiel: not confirmed: palmyra-2016-12 tank captured amaq 30 "
            "(confirmed 14, partly confirmed)\n") in result.stderr
