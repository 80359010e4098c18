"""The report's lines over time: drawn only for running totals, broken at every gap, never a 0 for
no data, the ratio below, hostile names inert, and the report of a dataset without them unchanged."""

import datetime
import hashlib
import re
import textwrap

import pytest

import materiel
from materiel.analysis.words import Every
from materiel.output import lines
from materiel.output.report import choose_every

from .conftest import ROOT
from .helpers import WAR
from .test_report import Page, assert_self_contained_and_inert

DATE = datetime.date(2024, 5, 1)

EXAMPLE = WAR + """\
series:
  - id: gs-daily
    of: claims
    event: war
    claimant: gs
    columns: [{equipment: tank, as_written: tank}, {equipment: aircraft, as_written: aircraft}]
    rows: [[2022-03-01, 200, 20], [2022-03-28, 500, 40], [2022-04-30, 700, ~], [2022-05-31, 900, 60],
           [2022-06-30, 1000, 70]]
  - id: ox-history
    of: evidence
    publisher: ox
    event: war
    columns: [{equipment: tank, status: destroyed}, {equipment: tank, status: captured},
              {equipment: aircraft, status: destroyed}]
    rows: [[2022-03-28, 150, 100, ~], [2022-04-29, 250, 150, 15], [2022-06-30, 400, 200, 20]]
"""

# The month ends the example is taken stock on, as the x of each on the charts' axis.
MONTH_ENDS = [datetime.date(2022, 3, 31), datetime.date(2022, 4, 30), datetime.date(2022, 5, 31),
              datetime.date(2022, 6, 30)]


def x_of(day: datetime.date, first=MONTH_ENDS[0], last=MONTH_ENDS[-1]) -> float:
    return round(lines.LEFT + (day - first).days / (last - first).days * lines.PLOT, 1)


def report_of(tmp_path, text: str, name: str = "data.yaml", **filters) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return materiel.report(materiel.load([path]), date=DATE, **filters)


def section(page: str) -> str:
    start = page.index('<section id="timeline">')
    return page[start:page.index("</section>", start)]


def figures(page: str) -> list[str]:
    return re.findall(r"<figure><svg .*?</figure>", section(page), re.S)


def group(figure: str, name: str) -> str:
    """The shapes of one line (claimed, confirmed, ratio) in a chart."""
    return re.search(rf'<g class="{name}">(.*?)</g>', figure, re.S).group(1)


def subpaths(shapes: str, kind: str = "line") -> list[list[tuple[float, float]]]:
    """The runs of a line's path: one list of (x, y) per `M`."""
    found = re.findall(rf'<path class="{kind} [a-z ]+" d="([^"]*)"', shapes)
    out = []
    for d in found:
        for part in d.split("M")[1:]:
            out.append([tuple(float(v) for v in xy.split(",")) for xy in part.split("L")])
    return out


def dots(shapes: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r'<circle class="dot [a-z]+" cx="([\d.]+)" '
                                                        r'cy="([\d.]+)"', shapes)]


def bottoms(figure: str) -> tuple[float, float]:
    """The heights of the two panels' 0: claimed and confirmed, and the ratio."""
    main, ratio = re.search(r'<path d="M64,([\d.]+)H664M64,([\d.]+)H664M64,[^"]*" stroke="#777"/>',
                            figure).groups()
    return float(main), float(ratio)


def points(shapes: str) -> list[tuple[float, float]]:
    """Every point a line draws: its runs, its marks and its dots."""
    marks = [(float(x), float(y)) for d in re.findall(r'<path class="marks [a-z]+" d="([^"]*)"', shapes)
             for x, y in re.findall(r"M([\d.]+),([\d.]+)h0", d)]
    return [p for run in subpaths(shapes) for p in run] + marks + dots(shapes)


def test_the_section_appears_only_with_running_totals_on_several_dates(tmp_path):
    page = report_of(tmp_path, EXAMPLE)
    assert '<section id="timeline"><h2>Over time</h2>' in page
    assert '<li><a href="#timeline">Over time</a></li>' in page
    assert page.index('id="compare"') < page.index('id="timeline"') < page.index('id="claims"')
    assert "at the end of each month from 2022-03-31 to 2022-06-30 (4 dates)" in page
    assert len(figures(page)) == 2, "one chart per claimed category: gs's tank and aircraft"
    one_date = re.sub(r"rows: \[\[2022-03-01.*?\]\]\n", "rows: [[2022-03-28, 500, 40]]\n", EXAMPLE,
                      flags=re.S)
    one_date = re.sub(r"rows: \[\[2022-03-28, 150.*?\]\]\n", "rows: [[2022-03-28, 150, 100, ~]]\n",
                      one_date, flags=re.S)
    assert one_date.count("rows:") == 2 and "2022-06-30" not in one_date
    assert 'id="timeline"' not in report_of(tmp_path, one_date, "one.yaml")
    assert "Over time" not in report_of(tmp_path, one_date, "one.yaml")


# `materiel report` of data/claims.yaml dated 2024-05-01, recorded before the lines over time were
# added: a dataset without running totals gets the same page, byte for byte. (A deliberate change
# to the rest of the report changes this record too.) Recorded again when the dataset grew (the
# second Islamic State claim and CENTCOM's release, commit 0851b0b): still no running totals, so
# still no Over-time section. Recorded again when the evidence tables gained a Tags column where
# some observation has tags (CENTCOM's `airstrike`; issue 16's evidence columns), and when the
# bars said what was later seen otherwise ("later 14 destroyed"), and when the evidence tables
# gained a Previously column where some observation has one, and when the claimed bars turned
# vermillion (3:1 on white) and figures got thousands separators, and with print styles (issue 17).
PALMYRA_BYTES = 42352
PALMYRA_SHA256 = "a626be8d1ef8c69007a7a6f708a9ec23933ebd1d3bd658dd9a57fa2b2493b4f4"


def test_a_report_without_running_totals_is_unchanged(monkeypatch):
    monkeypatch.chdir(ROOT)  # the page names its data files as given
    page = materiel.report(materiel.load(["data/claims.yaml"]), date=DATE).encode("utf-8")
    assert b"Over time" not in page and b'id="timeline"' not in page
    assert (len(page), hashlib.sha256(page).hexdigest()) == (PALMYRA_BYTES, PALMYRA_SHA256)


def test_the_confirmed_line_breaks_at_the_gap_month_and_never_draws_it(tmp_path):
    page = report_of(tmp_path, EXAMPLE)
    tank = figures(page)[0]
    assert "Tanks (tank), lost, claimed by gs" in tank
    confirmed = group(tank, "confirmed")
    march, april, may, june = (x_of(d) for d in MONTH_ENDS)
    # March to April is one segment; May has no Oryx figure within 7 days, so June stands alone.
    assert [[x for x, _ in run] for run in subpaths(confirmed)] == [[march, april]]
    assert [x for x, _ in dots(confirmed)] == [june]
    assert may not in [x for x, _ in points(confirmed)], "no point for the month without a figure"
    # The claimed line, present every month, is one unbroken segment.
    assert [[x for x, _ in run] for run in subpaths(group(tank, "claimed"))] == [[march, april, may, june]]
    # The table under the chart says it in words.
    assert ("<tr><td>2022-05-31</td><td class=\"num\">900</td><td class=\"num\">no data</td>"
            "<td class=\"num\"></td><td>no data: older than 7 days, not counted: ox of 2022-04-29</td></tr>"
            ) in tank
    assert "confirmed 250 on 2022-03-31, 600 on 2022-06-30 (no figure on 2022-05-31)" in tank


def test_a_gap_between_two_runs_is_two_subpaths(tmp_path):
    longer = EXAMPLE.replace("[2022-06-30, 400, 200, 20]]",
                             "[2022-06-30, 400, 200, 20], [2022-07-29, 500, 250, 30]]")
    longer = longer.replace("[2022-06-30, 1000, 70]]", "[2022-06-30, 1000, 70], [2022-07-31, 1100, 80]]")
    tank = figures(report_of(tmp_path, longer))[0]
    ends = [*MONTH_ENDS, datetime.date(2022, 7, 31)]
    xs = [x_of(d, ends[0], ends[-1]) for d in ends]
    confirmed = group(tank, "confirmed")
    assert [[x for x, _ in run] for run in subpaths(confirmed)] == [[xs[0], xs[1]], [xs[3], xs[4]]]
    assert re.search(r'<path class="line confirmed" d="M[^"M]*M[^"M]*"', confirmed), "two M in one path"
    assert dots(confirmed) == []
    ratio = group(tank, "ratio")
    assert [[x for x, _ in run] for run in subpaths(ratio)] == [[xs[0], xs[1]], [xs[3], xs[4]]]


def test_no_data_is_never_drawn_at_zero(tmp_path):
    page = report_of(tmp_path, EXAMPLE)
    for figure in figures(page):
        main, ratio = bottoms(figure)
        for name, bottom in (("claimed", main), ("confirmed", main), ("ratio", ratio)):
            drawn = points(group(figure, name))
            assert drawn and all(y < bottom for _, y in drawn), (name, drawn)
    aircraft = figures(page)[1]
    # Aircraft: claimed in March, not at all in April (a gap row: Oryx's 15 of 2022-04-29 still
    # show), then May and June; Oryx has aircraft from 2022-04-29, and nothing within May.
    march, april, may, june = (x_of(d) for d in MONTH_ENDS)
    claimed = group(aircraft, "claimed")
    assert [[x for x, _ in run] for run in subpaths(claimed)] == [[may, june]]
    assert [x for x, _ in dots(claimed)] == [march]
    assert [x for x, _ in points(group(aircraft, "confirmed"))] == [april, june], "April and June"
    assert [x for x, _ in dots(group(aircraft, "confirmed"))] == [april, june], "no line across May"
    assert ("<td>2022-04-30</td><td class=\"num\">—</td><td class=\"num\">15</td><td class=\"num\">"
            "</td><td>no claimed figure of gs on that date</td>") in aircraft
    assert "no figure on any date" not in aircraft


def test_the_ratio_chart(tmp_path):
    tank = figures(report_of(tmp_path, EXAMPLE))[0]
    ratio = group(tank, "ratio")
    march, april, _, june = (x_of(d) for d in MONTH_ENDS)
    [run] = subpaths(ratio)
    assert [x for x, _ in run] == [march, april]
    assert [x for x, _ in dots(ratio)] == [june]
    # 0.50 and 0.57 in March and April: the scale runs 0 to 1, with its 1 dashed.
    zero = bottoms(tank)[1]
    one = float(re.search(r'<path d="M64,([\d.]+)H664" stroke="#777" stroke-dasharray', tank).group(1))
    assert run[0][1] == pytest.approx(zero + (one - zero) * 0.5, abs=0.1)
    assert run[1][1] == pytest.approx(zero + (one - zero) * 0.57, abs=0.1)
    assert "ratio <tspan font-weight=\"bold\">0.60</tspan>" in tank
    assert "ratio: confirmed ÷ claimed" in tank


HOSTILE = EXAMPLE.replace(
    "events:\n", 'equipment:\n  - {id: evil, name: "<script>alert(1)</script>\\" onload=\\"x"}\nevents:\n'
).replace("title: War", "title: '<img src=x onerror=alert(2)>'").replace(
    "{equipment: tank, as_written: tank}", "{equipment: evil, as_written: '</svg><script>'}").replace(
    "{equipment: tank, status: destroyed}, {equipment: tank, status: captured}",
    "{equipment: evil, status: destroyed}, {equipment: evil, status: captured}")


def test_hostile_names_stay_text(tmp_path):
    html = report_of(tmp_path, HOSTILE)
    assert '<section id="timeline">' in html
    page = Page(html)
    assert_self_contained_and_inert(page, html)
    assert page.tags("script") == [] and page.tags("img") == []
    assert not any("onload" in attrs or "onerror" in attrs for _, attrs in page.elements)
    text = page.text
    assert '<script>alert(1)</script>" onload="x (evil), lost, claimed by gs' in text
    assert "<img src=x onerror=alert(2)>" in text
    evil = next(f for f in figures(html) if "(evil)" in f)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x" in evil
    # Every id in the section is the report's own, never a text from the data.
    ours = {f"t{n}-{k}" for n in (1, 2) for k in ("title", "desc", "broad")} | {"timeline"}
    assert set(re.findall(r' id="([^"]*)"', section(html))) <= ours


def test_a_category_in_doubt_draws_its_broad_reading_as_a_band(tmp_path):
    data = """\
    sources:
      - {id: gs, name: General Staff, kind: belligerent-official, affiliation: Ukraine}
      - {id: ox, name: Oryx, kind: osint-compiler, reliability: B}
    events:
      - {id: war, title: War, date: 2022-02-24, place: Ukraine, lost_by: Russia}
    series:
      - id: gs-daily
        of: claims
        event: war
        claimant: gs
        columns: [{equipment: ua-gs-apc, as_written: APC}]
        rows: [[2022-03-31, 500], [2022-04-30, 900], [2022-05-31, 1200]]
      - id: ox-history
        of: evidence
        publisher: ox
        event: war
        columns: [{equipment: afv}, {equipment: ifv}, {equipment: apc}, {equipment: mrap},
                  {equipment: imv}, {equipment: command-post}, {equipment: engineering}]
        rows: [[2022-03-31, 0, 100, 0, 0, 0, 20, 0], [2022-04-30, 0, 200, 0, 0, 0, 30, 0],
               [2022-05-31, 0, 300, 0, 0, 0, 50, 0]]
    """
    page = report_of(tmp_path, data)
    [apc] = figures(page)
    assert 'fill="url(#t1-broad)"' in group(apc, "confirmed")
    assert "broad reading (the category may cover more)" in apc
    assert "in doubt:" in apc and "command-post" in apc
    assert "<td class=\"num\">100-120</td>" in apc


def test_an_open_claim_is_marked_and_drawn_at_its_low(tmp_path):
    data = EXAMPLE.replace("events:\n", """\
  - {id: mod, name: Ministry, kind: belligerent-official, affiliation: Ukraine}
events:
""").replace("series:\n", """\
claims:
  - {id: c1, event: war, claimant: mod, published: 2022-03-30, cumulative: true,
     items: [{equipment: artillery, quantity: at least 30}]}
  - {id: c2, event: war, claimant: mod, published: 2022-04-28, cumulative: true,
     items: [{equipment: artillery, quantity: about 45}]}
  - {id: c3, event: war, claimant: mod, published: 2022-05-29, cumulative: true,
     items: [{equipment: artillery, quantity: 40-60}]}
series:
""")
    page = report_of(tmp_path, data)
    artillery = next(f for f in figures(page) if "(artillery), lost" in f)
    claimed = group(artillery, "claimed")
    assert '<path class="open claimed"' in claimed, "an arrow up over 30+"
    assert "no upper bound (+, unspecified)" in artillery and "about (~)" in artillery
    assert '<path class="line claimed about"' in claimed, "the segment to ~45 is dashed"
    # 40-60 on the last date only: a box at that date, not a band spread back to `about 45`.
    band = re.search(r'<path class="band claimed" d="([^"]*)"', claimed).group(1)
    assert re.fullmatch(r"M[\d.]+,[\d.]+h8V[\d.]+h-8Z", band), band


def test_the_period_follows_the_span_of_the_data():
    day = datetime.date(2022, 3, 1)
    assert choose_every([day, day + datetime.timedelta(days=80)]) is Every.day
    # Running totals every month within three months: on each record's day, the others' figure
    # would be too old and every line a row of dots; month ends join them.
    assert choose_every([day, day + datetime.timedelta(days=80)], [30, 31], max_gap=7) is Every.month
    assert choose_every([day, day + datetime.timedelta(days=80)], [1, 3, 7], max_gap=7) is Every.day
    assert choose_every([day, day + datetime.timedelta(days=400)]) is Every.month
    assert choose_every([day, day.replace(year=2040)]) is Every.year
    assert choose_every([]) is Every.month


def test_a_three_year_daily_series_stays_small(tmp_path):
    first = datetime.date(2022, 2, 25)
    days = [first + datetime.timedelta(days=n) for n in range(3 * 365)]
    claims = ", ".join(f"[{d}, {100 + n}, {10 + n // 10}, {n * 3}]" for n, d in enumerate(days))
    evidence = ", ".join(f"[{d}, {40 + n // 2}, {n // 20}]" for n, d in enumerate(days) if n % 3 == 0)
    data = f"""\
sources:
  - {{id: gs, name: General Staff, kind: belligerent-official, affiliation: Ukraine}}
  - {{id: ox, name: Oryx, kind: osint-compiler, reliability: B}}
events:
  - {{id: war, title: War, date: 2022-02-24, place: Ukraine, lost_by: Russia}}
series:
  - {{id: gs-daily, of: claims, event: war, claimant: gs,
     columns: [{{equipment: tank}}, {{equipment: aircraft}}, {{equipment: recon-uav}}], rows: [{claims}]}}
  - {{id: ox-history, of: evidence, event: war, publisher: ox,
     columns: [{{equipment: tank}}, {{equipment: aircraft}}], rows: [{evidence}]}}
"""
    page = report_of(tmp_path, data)
    assert len(page.encode()) < 100_000, "not a table of 1,095 claims and 365 evidence records"
    assert "at the end of each month from 2022-02-28 to 2025-02-23 (37 dates)" in page
    assert len(figures(page)) == 3
    uav = figures(page)[2]
    assert "confirmed: no figure on any date" in uav and "ratio: none on any date" in uav
    assert points(group(uav, "confirmed")) == [] and points(group(uav, "ratio")) == []
    assert len(section(page).encode()) < 60_000, len(section(page).encode())
    coordinates = re.findall(r'(?:d|cx|cy|x|y)="([^"]*)"', section(page))
    assert not any(re.search(r"\d\.\d\d", c) for c in coordinates), "a tenth at most"


def test_runs_break_at_a_missing_figure_and_at_a_missing_date():
    def point(index, value):
        return lines.Point(date=None, index=index, claimed=value, claimed_high=None, claimed_open=False,
                           claimed_approximate=False, claimed_label="", confirmed=None, confirmed_broad=None,
                           confirmed_open=False, confirmed_label="no data", ratio=None, ratio_broad=None,
                           ratio_label="", note="")

    found = lines.runs([point(0, 1), point(1, 2), point(2, None), point(3, 4), point(5, 6), point(6, 0)],
                       lambda p: p.claimed)
    assert [[p.index for p in run] for run in found] == [[0, 1], [3], [5, 6]], "0 is a figure; None is not"


def test_a_series_is_listed_once_with_its_first_and_latest_figures(tmp_path):
    page = report_of(tmp_path, EXAMPLE)
    claims = page[page.index('<section id="claims">'):page.index('<section id="evidence">')]
    evidence = page[page.index('<section id="evidence">'):page.index('<section id="sources">')]
    assert "gs-daily.2022" not in claims and "ox-history.2022" not in evidence, "not one record per date"
    assert "General Staff: series <code>gs-daily</code>" in claims
    assert "running totals on 5 dates from 2022-03-01 to 2022-06-30" in claims
    assert ('<tr><td>aircraft</td><td>lost</td><td>aircraft</td><td class="num">20 (2022-03-01)</td>'
            '<td class="num">70 (2022-06-30)</td><td class="num">4</td></tr>') in claims
    assert "Oryx: series <code>ox-history</code>" in evidence
    assert ('<tr><td>tank</td><td>captured</td><td></td><td class="num">100 (2022-03-28)</td>'
            '<td class="num">200 (2022-06-30)</td><td class="num">3</td></tr>') in evidence
