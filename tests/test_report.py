"""The HTML report: self-contained, complete, inert against hostile text, and drawn by a real browser."""

import datetime
import json
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser

import pytest

from materiel.analysis.filters import Filters
from materiel.analysis.queries import compare
from materiel.dataset import load_dataset
from materiel.output.charts import CLAIMED_COLOUR, CONFIRMED_COLOUR, grouped
from materiel.output.report import html_report, link, report_date, safe_href

from .conftest import PALMYRA, ROOT

DATE = "2024-05-01"


class Page(HTMLParser):
    """Every element with its attributes, and the text a reader sees, of an HTML page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.style = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self.elements and self.elements[-1][0] == "style":
            self.style += data
        else:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())

    def tags(self, name: str) -> list[dict]:
        return [attrs for tag, attrs in self.elements if tag == name]


FETCHING = {"script", "link", "img", "image", "iframe", "object", "embed", "audio", "video", "source",
            "track", "base", "form", "foreignobject", "use", "meta-refresh"}


def assert_self_contained_and_inert(page: Page, html: str) -> None:
    """No script, nothing fetched, no event handler, and links only to http(s) or within the page."""
    assert [tag for tag, _ in page.elements if tag in FETCHING] == []
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name not in ("src", "srcset", "xlink:href", "action", "formaction"), (tag, name)
            if name == "href":
                assert value.startswith(("#", "http://", "https://")), value
            if value and "url(" in value:
                assert value.startswith("url(#"), value
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            raise AssertionError("a meta refresh")
    assert page.style and "@import" not in page.style and "@font-face" not in page.style
    assert "url(" not in page.style
    csp = [m["content"] for m in page.tags("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp and csp[0].startswith("default-src 'none'")


@pytest.fixture
def palmyra_html(run, tmp_path):
    target = tmp_path / "report.html"
    result = run("report", "--data", PALMYRA, "--date", DATE, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"materiel: wrote {target}\n"
    return target.read_text(encoding="utf-8")


def test_report_is_the_library_result_and_defaults_to_report_html(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("report", "--data", PALMYRA, "--date", DATE)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "materiel: wrote report.html\n")
    expected = html_report(load_dataset([PALMYRA]), "category", Filters(), datetime.date(2024, 5, 1))
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == expected
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"], "no temporary file left behind"
    printed = run("report", "--data", PALMYRA, "--date", DATE, "-o", "-")
    assert (printed.exit_code, printed.stdout) == (0, expected)


def test_report_is_self_contained(palmyra_html):
    page = Page(palmyra_html)
    assert_self_contained_and_inert(page, palmyra_html)
    assert page.tags("style"), "the style sheet is inline"
    assert "@media print" in palmyra_html


def test_report_has_every_part(palmyra_html):
    page = Page(palmyra_html)
    text = page.text
    assert "<title>Claims against evidence: Islamic State recaptures Palmyra</title>" in palmyra_html
    # scope and date
    assert f"Data {PALMYRA}" in text
    assert "Records 9 sources, 3 claims (19 items), 2 evidence (11 observations)" in text
    assert "Events 1 event: Islamic State recaptures Palmyra (2016-12-11)" in text
    assert "claims and evidence published 2016-12 to 2016-12-16" in text
    assert f"Report date {DATE} (materiel" in text
    # one chart per event, with the bounds in words
    assert len(page.tags("svg")) == 1
    for label in ("claimed 30", "claimed 7+", "confirmed 1+", "claimed unspecified", "not claimed"):
        assert label in text
    # the compare table with verdicts and grades, as the library computes it
    table = compare(load_dataset([PALMYRA]))
    verdicts = [a["class"] for a in page.tags("td") if "verdict" in a.get("class", "")]
    assert verdicts == ["verdict v-" + r.verdict.replace(" ", "-") for r in table.rows]
    assert ("artillery towed-artillery + sp-artillery captured amaq 7+ E4 3+ C2 yes 0.43 partly confirmed "
            "3 captured, later destroyed") in text
    # claims, evidence, sources with their grades, and the rules
    assert "IS seized 30 tanks" in text
    assert "via hassan-hassan, under-the-black-flag;" in text, "relays as words, not a Python list"
    assert "Video by Uploader of the IS spoils video: is-spoils-video-2016-12-13" in text
    assert "Document by U.S. Central Command (CJTF-OIR): centcom-strike-2016-12-15" in text
    assert "grade F2 (reliability cannot be judged source; probably true)" in text
    assert "No link to the media is recorded." in text
    assert "Amaq amaq belligerent-media Islamic State E unreliable" in text
    for section in ("scope", "charts", "compare", "claims", "evidence", "sources", "rules"):
        assert {"id": section} in page.tags("section")
    assert "Confirmed counts are conservative" in text


def test_report_date_is_given_or_from_source_date_epoch(run, tmp_path, monkeypatch):
    assert report_date("2020-02-29") == datetime.date(2020, 2, 29)
    assert report_date(None, {"SOURCE_DATE_EPOCH": "1700000000"}) == datetime.date(2023, 11, 14)
    assert report_date(None, {}) == datetime.date.today()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = run("report", "--data", PALMYRA, "-o", "-")
    assert "Report date 2023-11-14" in Page(result.stdout).text
    bad = run("report", "--data", PALMYRA, "--date", "2024-02-30", "-o", tmp_path / "x.html")
    assert bad.exit_code == 2
    assert "`2024-02-30` is not a date; write YYYY-MM-DD" in bad.stderr
    assert not (tmp_path / "x.html").exists()


def test_report_filters_and_level(run):
    result = run("report", "--data", PALMYRA, "--date", DATE, "--level", "type", "--status", "captured",
                 "--claimant", "amaq", "-o", "-")
    assert result.exit_code == 0, result.stderr
    text = Page(result.stdout).text
    assert "Filters claimant amaq; status captured" in text
    assert "Counted by type" in text
    assert "Claims against evidence, by type" in text
    assert "artillery-122mm" in text, "at type level the six 122mm pieces keep their node"
    assert "hassan-hassan-ndf-abandoned" not in text
    assert "is-spoils-video-2016-12-13" in text, "the evidence that may confirm amaq's claims is listed"
    unknown = run("report", "--data", PALMYRA, "--event", "palmyra-2017", "-o", "-")
    assert unknown.exit_code == 2
    assert "no event has the id `palmyra-2017`" in unknown.stderr


def test_unwritable_output_is_a_clear_error(run, tmp_path):
    result = run("report", "--data", PALMYRA, "--date", DATE, "-o", tmp_path / "nope" / "r.html")
    assert result.exit_code == 1
    assert result.stderr.startswith("materiel: cannot write") and "Traceback" not in result.stderr


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<script>",
    "vbscript:x", "//example.org/x", "ftp://example.org/x", "https://exa mple.org", "https://x\u202e.org",
    None,
])
def test_only_http_addresses_become_links(url):
    assert safe_href(url) is None
    rendered = link(url, "media")
    assert "<a " not in rendered and "<script" not in rendered


def test_a_web_address_is_escaped_in_its_link():
    assert link('https://example.org/"><script>', "media") == (
        '<a href="https://example.org/&quot;&gt;&lt;script&gt;" rel="noopener noreferrer">media</a>')


SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
QUOTE = "' onmouseover='alert(1)' x='"
MARKUP = "[bold red]x[/] &amp; &lt;b&gt;"


def y(text: str) -> str:
    """A string as a YAML double-quoted scalar (JSON's strings are YAML's)."""
    return json.dumps(text)


def hostile_yaml() -> str:
    return f"""\
sources:
  - {{id: amaq, name: {y("Amaq " + SCRIPT + IMG)}, kind: belligerent-media, reliability: E,
     affiliation: {y(QUOTE)}, note: {y(SCRIPT)}, url: {y("https://example.org/" + IMG.replace(" ", "/"))}}}
  - {{id: geo, name: {y(IMG)}, kind: osint-compiler, reliability: B}}
events:
  - {{id: e, title: {y("Fall of " + SCRIPT)}, date: 2016-12-11, place: {y(IMG)}, country: SY,
     gained_by: {y(QUOTE)}, lost_by: {y(MARKUP)}, note: {y(SCRIPT)}}}
equipment:
  - {{id: evil-tank, name: {y(IMG + SCRIPT)}, parent: tank, aliases: [{y(SCRIPT)}]}}
claims:
  - id: c
    event: e
    claimant: amaq
    published: 2016-12
    status: captured
    url: {y('https://example.org/a"><script>alert(1)</script>')}
    archive_url: {y("https://web.archive.org/web/2016/" + "'onmouseover='alert(1)")}
    quote: {y(SCRIPT + IMG + QUOTE)}
    note: {y(MARKUP)}
    items:
      - {{equipment: evil-tank, quantity: 3, as_written: {y(IMG)}}}
      - {{equipment: bmp, quantity: at least 2, as_written: {y(SCRIPT)}}}
evidence:
  - id: v
    event: e
    kind: video
    publisher: geo
    published: 2016-12-13
    url: {y("https://example.org/v?q=" + SCRIPT.replace(" ", ""))}
    note: {y(IMG)}
    status: captured
    observations:
      - {{equipment: evil-tank, count: 1, identifiers: [{y(SCRIPT)}, {y(IMG)}], as_written: {y(QUOTE)}}}
"""


@pytest.mark.parametrize("level", ["category", "type"])
def test_hostile_text_stays_inert(run, tmp_path, level):
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_yaml(), encoding="utf-8")
    result = run("report", "--data", path, "--date", DATE, "--level", level, "-o", "-")
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    page = Page(html)
    assert_self_contained_and_inert(page, html)
    assert page.tags("script") == [] and "<script" not in html.lower()
    assert "<img" not in html.lower()
    # The hostile words are shown as words, wherever they were.
    text = page.text
    for words in ("Fall of " + SCRIPT, IMG, QUOTE, MARKUP, "Amaq " + SCRIPT + IMG, SCRIPT + IMG + QUOTE):
        assert words in text, words
    if level == "type":
        assert f"{IMG}{SCRIPT} (evil-tank)" in text, "the node's name in the chart's tooltip"
    # A web address with markup in it stays one link to exactly that address.
    hrefs = [a["href"] for a in page.tags("a") if a["href"].startswith("http")]
    assert 'https://example.org/a"><script>alert(1)</script>' in hrefs
    assert "https://web.archive.org/web/2016/'onmouseover='alert(1)" in hrefs


# A large dataset of the real import's shape: the General Staff's running totals against Oryx's
# photo-confirmed lists, over two events, with approximate, ranged and open-ended claims.
STAFF_VS_ORYX = """\
sources:
  - {id: ua-general-staff, name: General Staff of the Armed Forces of Ukraine, kind: belligerent-official,
     affiliation: Ukraine, reliability: D}
  - {id: ru-mod, name: Ministry of Defence of Russia, kind: belligerent-official, affiliation: Russia,
     reliability: E}
  - {id: oryx, name: Oryx, kind: osint-compiler, reliability: B, url: "https://www.oryxspioenkop.com/"}
events:
  - {id: invasion-2022, title: Russian invasion of Ukraine (first year), date: 2022-02-24, place: Ukraine,
     country: UA, gained_by: Ukraine, lost_by: Russia}
  - {id: kharkiv-2022-09, title: Kharkiv counteroffensive, date: 2022-09-06, place: Kharkiv Oblast,
     country: UA}
claims:
  - id: gs-2023-02-24
    event: invasion-2022
    claimant: ua-general-staff
    published: 2023-02-24
    credibility: 3
    url: "https://www.mil.gov.ua/news/2023/02/24/"
    items:
      - {equipment: tank, quantity: 3363}
      - {equipment: afv, quantity: about 6600}
      - {equipment: sp-artillery, quantity: at least 2000}
      - {equipment: rocket-artillery, quantity: 470-480}
      - {equipment: aircraft, quantity: 299}
      - {equipment: ucav, quantity: unspecified}
  - id: rumod-2023-02-24
    event: invasion-2022
    claimant: ru-mod
    published: 2023-02-24
    credibility: 5
    items:
      - {equipment: tank, quantity: 7000}
  - id: gs-kharkiv
    event: kharkiv-2022-09
    claimant: ua-general-staff
    published: 2022-09-13
    items:
      - {equipment: tank, quantity: at least 200}
      - {equipment: ifv, quantity: 150-200}
evidence:
  - id: oryx-2023-02-24
    event: invasion-2022
    kind: dataset
    publisher: oryx
    published: 2023-02-24
    url: "https://www.oryxspioenkop.com/2022/02/attack-on-europe-documenting-equipment.html"
    archive_url: "https://web.archive.org/web/20230224/https://www.oryxspioenkop.com/"
    credibility: 2
    observations:
      - {equipment: tank, count: 1749, status: destroyed}
      - {equipment: tank, count: 544, status: captured}
      - {equipment: ifv, count: 1900, status: destroyed}
      - {equipment: sp-artillery, count: 2150}
      - {equipment: rocket-artillery, count: 190}
      - {equipment: aircraft, count: 74}
      - {equipment: aa-gun, count: 12}
  - id: oryx-kharkiv
    event: kharkiv-2022-09
    kind: dataset
    publisher: oryx
    published: 2022-09-14
    url: "https://www.oryxspioenkop.com/2022/09/"
    observations:
      - {equipment: tank, count: 120, status: captured}
      - {equipment: ifv, count: 250}
"""


@pytest.fixture
def staff_vs_oryx(tmp_path):
    path = tmp_path / "staff-vs-oryx.yaml"
    path.write_text(STAFF_VS_ORYX, encoding="utf-8")
    return path


def test_large_multi_event_report(run, staff_vs_oryx):
    result = run("report", "--data", staff_vs_oryx, "--date", DATE, "-o", "-")
    assert result.exit_code == 0, result.stderr
    page = Page(result.stdout)
    assert_self_contained_and_inert(page, result.stdout)
    text = page.text
    assert len(page.tags("svg")) == 2, "one chart per event"
    assert "<title>Claims against evidence: Russian invasion of Ukraine (first year); Kharkiv " \
           "counteroffensive</title>" in result.stdout
    for label in ("claimed 3,363", "claimed 7,000", "claimed ~6,600", "claimed 2,000+", "claimed 470-480",
                  "claimed unspecified", "confirmed 2,293", "claimed 200+", "claimed 150-200",
                  "confirmed 250"):
        assert label in text, label
    assert "0 2,000 4,000 6,000 8,000" in text, "axis ticks in thousands"
    assert "Events 2 events: Russian invasion of Ukraine (first year) (2022-02-24); " \
           "Kharkiv counteroffensive (2022-09-06)" in text
    links = {(a["href"], "".join(a.get("title", ""))) for a in page.tags("a")}
    assert ("https://www.oryxspioenkop.com/2022/02/attack-on-europe-documenting-equipment.html", "") in links
    assert any(h.startswith("https://web.archive.org/") for h, _ in links)
    assert "exceeds claim" in text


PUBLIC = ROOT / "data" / "public"


def general_staff_vs_oryx(run, folder):
    """The real-data import: the General Staff's claimed totals and Oryx's confirmed totals, one day."""
    staff = sorted(PUBLIC.glob("ua-general-staff-*/russia_losses_equipment.json"))
    oryx = sorted(PUBLIC.glob("oryx-*/daily_count.csv"))
    if not staff or not oryx:
        pytest.skip(f"the public data to import is not in {PUBLIC}")
    as_of = oryx[-1].parent.name.removeprefix("oryx-")  # the day of Oryx's snapshot
    folder.mkdir(exist_ok=True)
    context = folder / "context.yaml"
    for args in (["ua-general-staff", staff[-1], "-o", folder / "staff.yaml"],
                 ["oryx-totals", oryx[-1], "--country", "Russia", "-o", folder / "oryx.yaml"]):
        result = run("import", *args, "--as-of", as_of, "--context", context)
        assert result.exit_code == 0, result.stderr
    return folder


def test_report_of_the_real_import(run, tmp_path):
    folder = general_staff_vs_oryx(run, tmp_path)
    result = run("report", "--data", folder, "--date", DATE, "-o", "-")
    assert result.exit_code == 0, result.stderr
    page = Page(result.stdout)
    assert_self_contained_and_inert(page, result.stdout)
    text = page.text
    table = compare(load_dataset([folder]))
    claimed = [r for r in table.rows if r.claimant == "ua-general-staff"]
    assert len(claimed) > 5 and max(r.claimed.low for r in claimed) > 1000, "thousands claimed"
    assert len(page.tags("svg")) == len({r.event for r in table.rows})
    for row in table.rows:  # every bar says the table's own figures
        assert (f"confirmed {grouped(row.confirmed.display())}" if row.confirmed else "no data") in text
        if row.claimant:
            assert f"claimed {grouped(row.claimed.display())}" in text
    assert "Nothing claimed or seen for this event within the filters." in text, "Ukraine's losses"


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, rows) of an 8-bit RGB or RGBA PNG, with the stdlib only."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
        elif kind == b"IDAT":
            idat.append(body)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    low7 = int.from_bytes(b"\x7f" * stride, "big")
    high = int.from_bytes(b"\x80" * stride, "big")
    prev, rows = bytes(stride), []
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], raw[start + 1:start + 1 + stride]
        if kind == 2:  # Up, the commonest: a bytewise sum without carries, on the whole row at once
            a, b = int.from_bytes(line, "big"), int.from_bytes(prev, "big")
            line = (((a & low7) + (b & low7)) ^ ((a ^ b) & high)).to_bytes(stride, "big")
        elif kind:
            out = bytearray(line)
            for i in range(stride):
                left = out[i - bpp] if i >= bpp else 0
                if kind == 1:
                    out[i] = (out[i] + left) & 255
                elif kind == 3:
                    out[i] = (out[i] + ((left + prev[i]) >> 1)) & 255
                else:  # Paeth
                    up, corner = prev[i], (prev[i - bpp] if i >= bpp else 0)
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    out[i] = (out[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
            line = bytes(out)
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def pixels_of(rows, bpp: int, colour: str) -> int:
    """How many pixels are exactly an `#RRGGBB` colour (solid SVG fills render exactly)."""
    pattern = bytes.fromhex(colour[1:]) + (b"\xff" if bpp == 4 else b"")
    return sum(line.count(pattern) for line in rows)


@pytest.mark.parametrize("which", ["palmyra", "general-staff-vs-oryx"])
def test_report_renders_in_headless_chromium(run, tmp_path, which):
    browser = chromium()
    if browser is None:
        pytest.skip("headless Chromium is not installed (Debian package `chromium`; .ci/run installs it "
                    "when it can): the report's browser test cannot run here")
    data = PALMYRA if which == "palmyra" else general_staff_vs_oryx(run, tmp_path / "import")
    page = tmp_path / "report.html"
    assert run("report", "--data", data, "--date", DATE, "-o", page).exit_code == 0
    shot = tmp_path / "shot.png"
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--enable-logging=stderr", "--v=0", f"--user-data-dir={tmp_path / 'profile'}",
         f"--screenshot={shot}", "--window-size=1280,1500", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    # The browser parsed the charts and tables, and the page asked for nothing it had to refuse.
    assert dom.count("<svg") == 1, "one chart: Palmyra's event, or Russia's losses in the import"
    assert dom.count("<table") >= 4
    assert "partly confirmed" in dom
    assert "Content Security Policy" not in done.stderr, "the page tried to load or run something"
    # The screenshot is a page, not a blank: text, bands, and the charts' orange and blue bars.
    width, height, bpp, rows = decode_png(shot.read_bytes())
    assert (width, height) == (1280, 1500)
    colours = {line[i:i + 3] for line in rows[::4] for i in range(0, len(line), bpp * 4)}
    assert len(colours) > 30
    white = sum(line.count(b"\xff\xff\xff") for line in rows[::10]) * 3 / (len(rows[::10]) * width * 3)
    assert white < 0.97
    assert pixels_of(rows, bpp, CLAIMED_COLOUR) > 500, "claimed bars drawn"
    assert pixels_of(rows, bpp, CONFIRMED_COLOUR) > 100, "confirmed bars drawn"
