"""The report at real scale (issue 17): rows of very different sizes all legible, figures grouped by
thousands, names never cut, colours that stand out from white, a printable page, and a report of
tens of thousands of images that opens fast."""

import datetime
import re
import subprocess
import time
import unicodedata
import zlib

import pytest

from materiel.analysis.filters import Filters
from materiel.analysis.queries import compare
from materiel.dataset import load_dataset
from materiel.output import report
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
from materiel.output.report import html_report

from .conftest import PALMYRA
from .test_report import DATE, PUBLIC, chromium, general_staff_vs_oryx

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


_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_STREAM = re.compile(rb"^(.*?)stream\r?\n(.*)\r?\nendstream$", re.S)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF that Chromium (Skia) printed, with the stdlib only (there is
    no pdftotext here): objects parsed, Flate streams inflated, each font's ToUnicode map read, and
    the hex strings that the page's text operators show (its forms' too) decoded by the map of the
    font then selected. Crude, and enough to find words and blank pages."""
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    for match in _OBJECT.finditer(data):
        body, stream = match.group(2), None
        parts = _STREAM.match(body)
        if parts:
            body, stream = parts.group(1), parts.group(2)
            if b"/FlateDecode" in body:
                stream = zlib.decompress(stream)
        objects[int(match.group(1))] = (body, stream)

    def ref(body: bytes, key: bytes) -> int | None:
        found = re.search(rb"/" + key + rb"\s+(\d+) 0 R", body)
        return int(found.group(1)) if found else None

    def cmap(font: int) -> dict[int, str]:
        body = objects[font][0]
        unicode = ref(body, b"ToUnicode")
        if unicode is None:
            return {}
        text = objects[unicode][1].decode("latin-1")
        out: dict[int, str] = {}
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                first = int(dst, 16)
                for i in range(int(lo, 16), int(hi, 16) + 1):
                    out[i] = chr(first + i - int(lo, 16))
        return out

    def names(body: bytes, kind: bytes) -> dict[bytes, int]:
        found = re.search(rb"/" + kind + rb"\s*<<(.*?)>>", body, re.S)
        return {k: int(v) for k, v in re.findall(rb"/(\w+)\s+(\d+) 0 R", found.group(1))} if found else {}

    def text_of(body: bytes, stream: bytes, seen: set[int]) -> str:
        fonts = {name: cmap(n) for name, n in names(body, b"Font").items()}
        forms = names(body, b"XObject")
        current: dict[int, str] = {}
        out = []
        for token in re.finditer(rb"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>|/(\w+)\s+Do|(T[jJ*]|ET)", stream):
            if token.group(1):
                current = fonts.get(token.group(1), {})
            elif token.group(2) is not None:
                raw = bytes.fromhex(token.group(2).decode())
                out.append("".join(current.get(int.from_bytes(raw[i:i + 2], "big"), "")
                                   for i in range(0, len(raw), 2)))
            elif token.group(3) and forms.get(token.group(3)) not in seen | {None}:
                n = forms[token.group(3)]
                form_body, form_stream = objects[n]
                if form_stream is not None:
                    out.append(text_of(form_body, form_stream, seen | {n}))
            elif token.group(4) == b"ET":
                out.append(" ")
        return "".join(out)

    pages = []
    for body, _ in objects.values():
        if not re.search(rb"/Type\s*/Page\b(?!s)", body):
            continue
        contents = re.search(rb"/Contents\s+(?:\[(.*?)\]|(\d+) 0 R)", body, re.S)
        refs = [int(n) for n in re.findall(rb"(\d+) 0 R", contents.group(1))] if contents.group(1) \
            else [int(contents.group(2))]
        pages.append(" ".join(text_of(body, objects[n][1] or b"", set()) for n in refs))
    return pages


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


@pytest.mark.parametrize("which", ["palmyra", "general-staff-vs-oryx"])
def test_the_printed_report_fits_its_pages(run, tmp_path, which):
    """Printed by Chromium to PDF and read back with pdf_pages (no pdftotext here): no blank page,
    the compare table's Verdict column on the paper (clipped text is not in a PDF), each chart on
    one page from its legend to its caption."""
    browser = needs_chromium()
    data = PALMYRA if which == "palmyra" else general_staff_vs_oryx(run, tmp_path / "import")
    page = tmp_path / "report.html"
    assert run("report", "--data", data, "--date", DATE, "-o", page).exit_code == 0
    pdf = tmp_path / "report.pdf"
    print_to_pdf(browser, page, pdf, tmp_path / "profile")
    pages = [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", p)) for p in pdf_pages(pdf.read_bytes())]
    assert len(pages) > 2
    for n, text in enumerate(pages, 1):
        assert len(text.strip()) > 200, f"page {n} of {len(pages)} is (nearly) blank: {text!r}"
    everything = " ".join(pages)
    dataset = load_dataset([data])
    rows = compare(dataset, "category", Filters().resolved(dataset)).rows
    on_paper = [p for p in pages if "Verdict" in p and "Ratio" in p]
    assert on_paper, "the compare table's Verdict column is printed"
    for row in rows:
        assert row.verdict.value in " ".join(on_paper), row.verdict.value
        if row.claimed is not None:
            assert grouped(row.claimed.display()) in everything, "figures are not cut inside"
    for bars in chart_bars(compare(dataset, "category", Filters().resolved(dataset))).values():
        first, last = bars[0].name.split(" (")[0], bars[-1].name.split(" (")[0]
        assert any("no upper bound" in p and first in p and last in p
                   and "Confirmed is a conservative lower bound" in p for p in pages), "a chart on one page"


# -- 4. tens of thousands of images ----------------------------------------------------------------

def test_many_images_of_one_publisher_are_counted_not_listed(monkeypatch):
    dataset = load_dataset([PALMYRA])
    per = {}
    for e in dataset.evidence:
        if e.kind.value in report.IMAGES:
            per.setdefault((e.publisher, e.event), []).append(e.id)
    (publisher, event), ids = max(per.items(), key=lambda kv: len(kv[1]))
    assert ids
    whole = html_report(dataset, generated=datetime.date(2024, 5, 1))
    assert all(f"<code>{i}</code></h3>" in whole for i in ids), "listed one by one"
    monkeypatch.setattr(report, "SUMMARISE_OVER", len(ids) - 1)
    page = html_report(dataset, generated=datetime.date(2024, 5, 1))
    assert "photos and videos, counted</h3>" in page
    assert not any(f"<code>{i}</code></h3>" in page for i in ids), "not listed one by one"
    assert f"<code>{ids[0]}</code>" in page, "the first ids are named"
    assert f"materiel evidence --event {event} --claimant {publisher} --format csv" in page
    others = [e.id for e in dataset.evidence if (e.publisher, e.event) != (publisher, event)
              or e.kind.value not in report.IMAGES]
    assert all(f"<code>{i}</code></h3>" in page for i in others), "the rest still listed"


def test_the_report_of_oryx_per_image_import_opens_fast(run, tmp_path):
    events = sorted(PUBLIC.glob("oryx-*/event_*.csv"))
    if not events:
        pytest.skip(f"Oryx's per-image files are not in {PUBLIC}")
    folder = general_staff_vs_oryx(run, tmp_path / "data")
    result = run("import", "oryx-events", *events, "--country", "Russia",
                 "--context", folder / "context.yaml", "-o", folder / "images.yaml")
    assert result.exit_code == 0, result.stderr
    page = tmp_path / "report.html"
    assert run("report", "--data", folder, "--date", DATE, "-o", page).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert len(text.encode()) < 1_000_000, f"{len(text.encode()):,} bytes (22 MB listed one by one)"
    assert "photos and videos, counted</h3>" in text
    browser = chromium()
    if browser is None:
        return
    dom, seconds = dump_dom(browser, page, tmp_path / "profile")
    assert "counted</h3>" in dom
    assert seconds < 10, f"{seconds:.1f} s to open (39 s listed one by one; about 1.7 s counted, here)"
