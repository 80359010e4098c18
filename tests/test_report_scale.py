"""The report at real scale (issue 17): rows of very different sizes all legible, figures grouped by
thousands, names never cut, colours that stand out from white, a printable page, and a report of
tens of thousands of images that opens fast."""

import re
import subprocess
import time
import zlib

import pytest

from materiel.analysis.filters import Filters
from materiel.analysis.queries import compare
from materiel.dataset import load_dataset
from materiel.output.charts import (
    CLAIMED_COLOUR,
    CLAIMED_DARK,
    CONFIRMED_COLOUR,
    NO_DATA_GREY,
    SCALE_NOTE,
    VERDICT_COLOURS,
    Bar,
    chart_bars,
    grouped,
    per_row_scales,
    svg_chart,
    wrap,
)

from .conftest import PALMYRA
from .test_report import DATE, chromium, general_staff_vs_oryx

# The General Staff's node names, as the import files them: the longest labels a real report has.
GENERAL_STAFF_NAMES = [
    "anti-aircraft warfare (Ukrainian General Staff)", "vehicles and fuel tanks (Ukrainian General Staff)",
    "special equipment (Ukrainian General Staff)", "cruise missiles (Ukrainian General Staff)",
    "field artillery (Ukrainian General Staff)", "submarines (Ukrainian General Staff)",
]


def bar(name: str, low: int, confirmed: int) -> Bar:
    return Bar(event="e", equipment=name.split(" ")[0], name=name, status="lost", claimant="ua-general-staff",
               grade="F6", verdict="partly confirmed", claimed=str(low), low=low, high=low, approximate=False,
               only_unspecified=False, confirmed=confirmed, confirmed_label=str(confirmed))


def widths(svg: str, y_of_bar: str) -> list[float]:
    return [float(w) for w in re.findall(rf'<rect x="270" y="[\d.]+" width="([\d.]+)" height="16" '
                                         rf'fill="{y_of_bar}"/>', svg)]


# -- 1. every row legible ------------------------------------------------------------------------

def test_rows_of_very_different_sizes_get_a_scale_each_and_the_chart_says_so():
    bars = [bar(GENERAL_STAFF_NAMES[1], 55606, 4099), bar("naval ship (Ukrainian General Staff)", 28, 27),
            bar(GENERAL_STAFF_NAMES[5], 1, 1)]
    assert per_row_scales(bars)
    svg = svg_chart(bars, "t")
    assert SCALE_NOTE.split(":")[0] in svg, "the chart says its scales differ between rows"
    claimed = widths(svg, CLAIMED_COLOUR)
    assert len(claimed) == 3 and min(claimed) > 200, f"no hairlines: {claimed}"
    # each row's axis says its own top: 60,000 for the vehicles, 30 for the ships, 1 for the submarine
    for top in ("60,000", ">30<", ">1<"):
        assert top in svg, top
    # a row's two bars share its scale: 27 of 28 is nearly as long as the claim
    confirmed = widths(svg, CONFIRMED_COLOUR)
    assert confirmed[1] == pytest.approx(claimed[1] * 27 / 28, abs=0.2)


def test_rows_of_like_sizes_keep_one_axis():
    bars = [bar("tank", 44, 20), bar("truck", 1, 1)]
    assert not per_row_scales(bars)
    assert SCALE_NOTE.split(":")[0] not in svg_chart(bars, "t")


def test_figures_are_grouped_by_thousands():
    assert grouped("9006-10377") == "9,006-10,377"
    assert grouped("~46712") == "~46,712"
    assert grouped("2000+") == "2,000+"
    assert grouped("470-480") == "470-480"
    assert grouped("0.37") == "0.37" and grouped("1.2345") == "1.2345", "decimals are not counts"
    assert grouped("12,345") == "12,345"
    svg = svg_chart([bar("tank", 11032, 4074)], "t")
    assert ">11,032<" in svg and ">4,074<" in svg and "11032" not in svg


@pytest.mark.parametrize("name", GENERAL_STAFF_NAMES)
def test_long_names_wrap_and_are_never_cut(name):
    svg = svg_chart([bar(name, 1198, 428), bar("tank", 11032, 4074)], "t")
    assert "…" not in svg and "textLength" not in svg
    spans = re.findall(r'<text x="12" y="[\d.]+" font-size="14" font-weight="bold">(.*?)</text>', svg)[0]
    words = " ".join(re.findall(r">([^<]+)</tspan>", spans)) or re.sub(r"<.*?>", "", spans)
    assert words == name, "every word of the name is there, in order"
    for line in wrap(name, 14, 246, bold=True):
        assert len(line) * 14 * 0.62 <= 246


def test_the_real_import_draws_every_row_and_groups_its_tables(run, tmp_path):
    folder = general_staff_vs_oryx(run, tmp_path)
    result = run("report", "--data", folder, "--date", DATE, "-o", "-")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    dataset = load_dataset([folder])
    bars = chart_bars(compare(dataset, "category", Filters().resolved(dataset)))
    russia = next(b for b in bars.values() if len(b) > 5)
    assert per_row_scales(russia)
    assert SCALE_NOTE.replace("'", "&#x27;") in page
    svg = page[page.index("<svg"):page.index("</svg>")]
    for b in russia:
        if b.is_claimed and b.low:
            assert f">{grouped(b.claimed_label)}<" in svg
    claimed = widths(svg, CLAIMED_COLOUR)
    assert claimed and min(claimed) > 100, f"aircraft, helicopters, ships are bars, not hairlines: {claimed}"
    table = page[page.index('id="compare"'):page.index("</table>", page.index('id="compare"'))]
    cells = re.findall(r'<td class="num">([^<]*)</td>', table)
    assert any("," in c for c in cells)
    assert not any(re.search(r"\d{4}", c) for c in cells), "counts in the table are grouped"
    assert "…" not in svg


# -- 2. colours ----------------------------------------------------------------------------------

def luminance(colour: str) -> float:
    """WCAG 2's relative luminance of an #RRGGBB colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str = "#FFFFFF") -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert contrast("#000000") == pytest.approx(21)
    assert contrast("#E69F00") == pytest.approx(2.25, abs=0.01), "the old orange, too light"


def test_bars_stand_out_from_white_and_text_colours_are_readable():
    assert contrast(CLAIMED_COLOUR) >= 3, f"claimed {contrast(CLAIMED_COLOUR):.2f}:1"
    assert contrast(CONFIRMED_COLOUR) >= 3, f"confirmed {contrast(CONFIRMED_COLOUR):.2f}:1"
    for colour in (CLAIMED_DARK, NO_DATA_GREY, *VERDICT_COLOURS.values()):  # text: 4.5:1
        assert contrast(colour) >= 4.5, colour


def test_claimed_and_confirmed_stay_okabe_ito_and_apart():
    # Okabe-Ito's vermillion and blue: told apart by the colour-blind (protan, deutan, tritan).
    assert (CLAIMED_COLOUR, CONFIRMED_COLOUR) == ("#D55E00", "#0072B2")
    svg = svg_chart([bar("tank", 30, 20)], "t")
    assert "claimed" in svg and "confirmed" in svg, "words say which is which, too"
    palmyra = svg_chart(next(iter(chart_bars(compare(load_dataset([PALMYRA]), "category")).values())), "p")
    assert "hatch" in palmyra and "fade" in palmyra, "patterns kept"


# -- 3. print --------------------------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[str]:
    """The text shown on each page of a PDF that Chromium printed, crudely: each page's content
    stream inflated, its strings' bytes kept (Chromium writes glyph ids, so this is for counting
    pages with something drawn, not for reading words)."""
    streams = [zlib.decompress(m.group(1)) for m in
               re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
               if _inflates(m.group(1))]
    return [s.decode("latin-1") for s in streams]


def _inflates(raw: bytes) -> bool:
    try:
        zlib.decompress(raw)
    except zlib.error:
        return False
    return True


def print_to_pdf(browser: str, page, pdf, profile) -> None:
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update", f"--user-data-dir={profile}",
         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]


def dump_dom(browser: str, page, profile) -> tuple[str, float]:
    start = time.monotonic()
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update", f"--user-data-dir={profile}",
         "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, time.monotonic() - start


def needs_chromium() -> str:
    browser = chromium()
    if browser is None:
        pytest.skip("headless Chromium is not installed (Debian package `chromium`): no print test here")
    return browser
