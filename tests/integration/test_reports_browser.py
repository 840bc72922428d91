"""The HTML reports in a real browser: Debian's Chromium driven by Playwright, with the network cut off.

Each generated report (and the index) is opened from disk with every request that is not ``file:`` aborted.
The page must raise no console error and make no failed request, every chart must draw its marks, hovering a
mark must show vega's tooltip, and a screenshot of each page is saved to ``test-artifacts/``.

The reports are the project's default ones (reports.toml, every one), built once per session by the CLI (``--jobs 2``)
with the bundled May 2025 data, plus the synthetic fixture notebook. axe-core comes from the Python package
axe-playwright-python (no npm).
Chromium comes from apt (``apt-get install chromium``, done by ``.ci/run``); no browser is ever downloaded.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

import report_builds
from real_files import ROOT as REPO_ROOT
from report_builds import build_reports

# one xdist worker runs the whole file, so the reports (a session fixture) are built once
pytestmark = [
    pytest.mark.browser,
    pytest.mark.notebook,
    pytest.mark.xdist_group("reports_browser"),
    pytest.mark.usefixtures("project_store"),
]

ROOT = REPO_ROOT
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
ARTIFACTS = ROOT / "test-artifacts"
#: The project's default reports (reports.toml): every one is built and checked.
DEFAULT_REPORTS = [entry["name"] for entry in tomllib.loads((ROOT / "reports.toml").read_text())["reports"]]
CHART_CONTAINERS = ".him-wages-chart, [id^='altair-viz-'], [id^='him-wages-vl-']"


def _fixture_config() -> str:
    return "\n".join(
        [
            'release = "browser"',
            "",
            "[[reports]]",
            'name = "fixture"',
            f'notebook = "{(FIXTURES / "report.ipynb").as_posix()}"',
            'parameters = { occupation = "29-2072", area = "99" }',
            "",
        ]
    )


def _build(config: Path, out: Path) -> None:
    build_reports(config, out)


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory) -> Path:
    """Build the project's default reports (reports.toml) and the synthetic fixture notebook once with the CLI, as
    a user schedules them, into one output folder; returns it."""
    out = tmp_path_factory.mktemp("browser-reports")
    _build(ROOT / "reports.toml", out)
    config = out.parent / "browser-reports.toml"
    config.write_text(_fixture_config())
    _build(config, out)
    return out


def _open_offline(browser, html_file: Path, viewport: dict | None = None):
    """Open ``html_file`` with every non-file request aborted; returns (page, context, problems list)."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []

    def route(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            problems.append(f"network request blocked: {route.request.url}")
            route.abort()

    page.route("**/*", route)
    page.on(
        "console",
        lambda message: problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url} {request.failure}"))
    page.goto(html_file.as_uri(), wait_until="load")
    return page, context, problems


def _hover_until_tooltip(page) -> bool:
    """Hover marks of the charts one by one until vega-tooltip shows its element."""
    marks = page.locator(
        ".vega-embed svg [role='graphics-symbol'], .vega-embed svg .mark-rect path, .vega-embed svg .mark-symbol path"
    )
    tooltip = page.locator("#vg-tooltip-element.visible")
    for number in range(min(marks.count(), 60)):
        mark = marks.nth(number)
        mark.scroll_into_view_if_needed()
        box = mark.bounding_box()
        if not box or box["width"] < 1 or box["height"] < 1:
            continue
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            tooltip.wait_for(state="visible", timeout=600)
        except PlaywrightTimeoutError:  # no tooltip on this mark: try the next
            pass
        else:
            return True
    return False


def _report_files(out: Path) -> list[Path]:
    index = json.loads((out / "index.json").read_text())
    return [out / entry["html"] for entry in index["reports"]]


def test_every_report_renders_offline_with_interactive_charts(built_reports: Path, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    files = _report_files(built_reports)
    assert {path.stem for path in files} == {*DEFAULT_REPORTS, "fixture"}
    summary = {}
    for html_file in files:
        size = html_file.stat().st_size
        assert size <= 600_000, f"{html_file.name} is {size:,} bytes"
        assert html_file.read_text().count("var HIM_WAGES_VEGA =") == 1  # the vega library once, in <head>
        page, context, problems = _open_offline(browser, html_file)
        try:
            containers = page.locator(CHART_CONTAINERS)
            count = containers.count()
            assert count >= 1, f"{html_file.name}: no chart"
            for number in range(count):
                containers.nth(number).locator("svg.marks, canvas.marks").first.wait_for(
                    state="attached", timeout=15_000
                )
            assert _hover_until_tooltip(page), f"{html_file.name}: no tooltip appeared when hovering the marks"
            heading = page.locator("h1.him-title").inner_text()
            assert heading.strip()
            assert page.locator("footer.him-provenance").count() == 1
            page.screenshot(path=str(ARTIFACTS / f"report-{html_file.stem}.png"), full_page=True)
            summary[html_file.name] = count
        finally:
            context.close()
        assert problems == [], f"{html_file.name}: {problems}"
    assert len(summary) == len(files)


def test_index_opens_offline_and_links_every_report(built_reports: Path, browser):
    page, context, problems = _open_offline(browser, built_reports / "index.html")
    try:
        links = page.locator("a.him-report-link")
        hrefs = [links.nth(n).get_attribute("href") for n in range(links.count())]
        assert sorted(Path(h).stem for h in hrefs) == sorted([*DEFAULT_REPORTS, "fixture"])
        for href in hrefs:
            assert (built_reports / href).is_file()
        page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    finally:
        context.close()
    assert problems == []


# ------------------------------------------------------------------ accessible, printable, responsive (11.5)

PHONE = {"width": 390, "height": 844}


def _pages(out: Path) -> list[Path]:
    return [*_report_files(out), out / "index.html"]


def _wait_for_drawn_charts(page) -> None:
    """Every project chart replaced its static SVG by the interactive one."""
    page.wait_for_function(
        "document.querySelectorAll('figure.him-wages-chart').length === "
        "document.querySelectorAll('figure.him-wages-chart-drawn').length",
        timeout=20_000,
    )


def _axe_violations(page, tags: list[str] | None = None) -> list[dict]:
    """axe-core's violations on the page, from the Python package axe-playwright-python (it bundles axe-core and
    injects it through Playwright: no npm, no download)."""
    from axe_playwright_python.sync_playwright import Axe

    options: dict = {"resultTypes": ["violations"]}
    if tags:
        options["runOnly"] = {"type": "tag", "values": tags}
    response = Axe().run(page, options=options).response
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [" ".join(map(str, n["target"])) for n in v["nodes"][:3]],
        }
        for v in response["violations"]
    ]


def test_pages_fit_a_390px_wide_phone_without_horizontal_scrolling(built_reports: Path, browser):
    context = browser.new_context(viewport=PHONE)
    try:
        for html_file in _pages(built_reports):
            page = context.new_page()
            page.goto(html_file.as_uri(), wait_until="load")
            _wait_for_drawn_charts(page)
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert client == PHONE["width"]
            assert scroll <= client, f"{html_file.name}: {scroll} px wide on a {client} px screen"
            page.screenshot(path=str(ARTIFACTS / f"phone-{html_file.stem}.png"))
            page.close()
    finally:
        context.close()


def _real_reports(out: Path) -> list[Path]:
    """The reports of the project's notebooks (the fixture notebook draws with altair's own renderer and shows a
    bare DataFrame: it stands for notebooks written outside the project's helpers)."""
    return [path for path in _report_files(out) if path.stem in DEFAULT_REPORTS]


def test_every_chart_has_a_description_and_every_table_a_caption(built_reports: Path, browser):
    for html_file in _real_reports(built_reports):
        page, context, _ = _open_offline(browser, html_file)
        try:
            _wait_for_drawn_charts(page)
            labels = page.eval_on_selector_all(
                ".him-wages-chart-static", "els => els.map(e => e.getAttribute('aria-label'))"
            )
            assert labels and all(label and label.strip() for label in labels), html_file.name
            # vega puts the spec's description on the drawn chart for screen readers
            described = page.eval_on_selector_all(
                "figure.him-wages-chart",
                """figures => figures.map(f => {
                const label = f.querySelector('.him-wages-chart-static').getAttribute('aria-label');
                return Array.from(f.querySelectorAll('.him-wages-chart-live [aria-label]'))
                    .some(e => e.getAttribute('aria-label') === label);
            })""",
            )
            assert len(described) == len(labels) and all(described), html_file.name
            captions = page.eval_on_selector_all(
                "table", "els => els.map(t => t.caption ? t.caption.textContent.trim() : '')"
            )
            assert captions and all(captions), f"{html_file.name}: a table without a caption"
        finally:
            context.close()


def test_print_shows_the_charts_and_the_pdf_contains_them(built_reports: Path, browser):
    for html_file in _real_reports(built_reports):
        page, context, _ = _open_offline(browser, html_file)
        try:
            _wait_for_drawn_charts(page)
            page.emulate_media(media="print")
            drawn = page.locator(".him-wages-chart-live svg.marks")
            assert drawn.count() == page.locator("figure.him-wages-chart").count() >= 1
            for number in range(drawn.count()):
                assert drawn.nth(number).is_visible(), f"{html_file.name}: chart {number} not printed"
            assert not page.locator(".him-chart-menu").first.is_visible()  # no controls on paper
            if html_file.stem == "national-29-2072":
                with_charts = page.pdf(format="Letter")
                page.add_style_tag(content=".him-wages-chart { display: none !important; }")
                without_charts = page.pdf(format="Letter")
                assert with_charts.startswith(b"%PDF")
                (ARTIFACTS / "national-print.pdf").write_bytes(with_charts)
                # the charts are vector drawings in the PDF: it is clearly larger with them than without
                assert len(with_charts) > len(without_charts) + 10_000, (len(with_charts), len(without_charts))
        finally:
            context.close()


# ---------------------------------------------------------------------- publications: tables, sources, text


def test_tables_download_as_csv_from_the_page_and_beside_it(built_reports: Path, browser):
    import base64
    import csv
    import io

    import openpyxl

    index = {e["name"]: e for e in json.loads((built_reports / "index.json").read_text())["reports"]}
    national = index["national-29-2072"]
    html_file = built_reports / national["html"]
    page, context, _ = _open_offline(browser, html_file)
    try:
        links = page.eval_on_selector_all(
            ".him-download a", "els => els.map(a => [a.getAttribute('download'), a.href])"
        )
        tables = page.locator("table").count()
        workbook_link = page.locator(".him-header a[href$='.xlsx']").get_attribute("href")
    finally:
        context.close()
    assert len(links) >= 5 and len(links) <= tables
    downloaded = {}
    for name, href in links:
        assert href.startswith("data:text/csv;charset=utf-8;base64,")
        downloaded[name] = list(csv.reader(io.StringIO(base64.b64decode(href.split(",", 1)[1]).decode())))
    header, *rows = downloaded["key-figures.csv"]
    assert header == ["Figure", "Value", "Name in index.json"]  # readers' words, the machine name beside
    figures = {key: value for _, value, key in rows}
    assert figures["a_mean"] == "56790.0" and figures["occupation"] == "29-2072"  # raw values, BLS May 2025
    # the same tables beside the report, and one workbook: About, Fields, then a sheet per table
    assert national["tables"] and all((built_reports / t).is_file() for t in national["tables"])
    folder = html_file.parent / "national-29-2072" / "tables"
    assert sorted(p.name for p in folder.glob("*.csv")) == sorted(downloaded)
    (workbook_file,) = folder.glob("*.xlsx")
    assert (html_file.parent / workbook_link).resolve() == workbook_file.resolve()  # the report links its workbook
    workbook = openpyxl.load_workbook(workbook_file, read_only=True)
    assert workbook.sheetnames[:2] == ["About", "Fields"] and len(workbook.sheetnames) == len(downloaded) + 2
    index_page = (built_reports / "index.html").read_text()
    for table in national["tables"]:
        assert f'href="{table}"' in index_page


def test_reports_link_their_sources_and_leave_notebook_instructions_out(built_reports: Path):
    index = {e["name"]: e for e in json.loads((built_reports / "index.json").read_text())["reports"]}
    national = (built_reports / index["national-29-2072"]["html"]).read_text()
    assert "https://www.bls.gov/oes/current/oes292072.htm" in national  # the occupation's OEWS profile
    assert "https://www.bls.gov/oes/current/oes_tec.htm" in national  # the technical notes
    assert "https://download.bls.gov/pub/time.series/oe/oe.data.0.Current" in national  # the May 2025 source
    assert "https://www.bls.gov/oes/special-requests/oesm24nat.zip" in national  # a national file used
    assert "About this report" in national and "him-wages report --only national-29-2072" in national
    assert "Change the cell below" not in national  # the notebook-only instructions
    regional = (built_reports / index["regional-29-2072-us"]["html"]).read_text()
    assert "(next cell; papermill can override them)" not in regional
    assert "How to read the numbers" in regional  # reader text stays


def test_index_reads_as_plain_language(built_reports: Path, browser):
    from analysis.reports.notebook import read_recorded_figures

    entries = {e["name"]: e for e in json.loads((built_reports / "index.json").read_text())["reports"]}
    page, context, _ = _open_offline(browser, built_reports / "index.html")
    try:
        cards = page.locator("article.him-report-card")
        assert cards.count() == len(DEFAULT_REPORTS) + 1
        for name in DEFAULT_REPORTS:
            card = page.locator(f"#report-{name}")
            recorded = read_recorded_figures(built_reports / entries[name]["ipynb"])
            headline = card.locator(".him-headline")
            if isinstance(recorded.get("headline"), str):  # the notebook's own sentence, exactly
                assert headline.inner_text().strip() == " ".join(recorded["headline"].split()), name
            else:  # none recorded: none made up
                assert headline.count() == 0, name
            assert card.locator(".him-figures dt").count() <= 6, name
            assert re.search(r"Built \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} UTC", card.inner_text()), name
            titles = card.locator(".him-downloads a").all_text_contents()
            assert titles, name
            for title in titles:  # downloads named in words, not slugs
                assert re.search(r"\((CSV|XLSX)\)$", title) and not re.search(r"\w+-\w+-\w+", title), (name, title)
        text = page.locator("main").inner_text()
        for raw in ("a_mean", "tot_emp", "True", "False", "_prse", "occ_code", "Rpp", "rpp year", "key-figures"):
            assert raw not in text, raw
        assert "How to cite" in text and "public domain" in text
    finally:
        context.close()


# ------------------------------------------------------------- way-finding, wide tables, axe at both widths (21)

WIDTHS = ({"width": 1300, "height": 900}, PHONE)
#: WCAG 2.0, 2.1 and 2.2 A and AA, plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


def test_every_page_has_one_h1_and_every_report_contents_a_way_back_and_how_to_cite(built_reports: Path, browser):
    for viewport in WIDTHS:
        context = browser.new_context(viewport=viewport)
        try:
            for html_file in _pages(built_reports):
                page = context.new_page()
                page.goto(html_file.as_uri(), wait_until="load")
                assert page.locator("h1").count() == 1, (html_file.name, viewport)
                assert page.locator("#him-cite-title").count() == 1, html_file.name
                if html_file.name != "index.html":
                    nav = page.locator("nav.him-contents")
                    assert nav.count() == 1 and nav.locator("a").count() >= 3, html_file.name
                    for href in nav.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
                        assert page.locator(f"[id='{href[1:]}']").count() == 1, (html_file.name, href)
                    back = page.locator("a", has_text="All HIM wage reports").get_attribute("href")
                    assert (html_file.parent / back).resolve() == (built_reports / "index.html").resolve()
                page.close()
        finally:
            context.close()


def test_wide_tables_scroll_in_a_labelled_region_with_a_cue_and_a_sticky_first_column(built_reports: Path, browser):
    context = browser.new_context(viewport=PHONE)
    wide_seen = 0
    try:
        for html_file in _real_reports(built_reports):
            page = context.new_page()
            page.goto(html_file.as_uri(), wait_until="load")
            _wait_for_drawn_charts(page)
            regions = page.evaluate("""() => Array.from(document.querySelectorAll('table')).map(table => {
                const region = table.closest('.him-table-scroll');
                const wide = table.getBoundingClientRect().width > (region || table.parentElement).clientWidth + 1;
                const first = table.querySelector('tbody tr > :first-child');
                const caption = table.querySelector('caption .him-caption-text');
                const hint = region && region.previousElementSibling;
                return {wide, region: !!region,
                    tabindex: region && region.getAttribute('tabindex'),
                    label: region && region.getAttribute('aria-label'), role: region && region.getAttribute('role'),
                    sticky: first ? getComputedStyle(first).position : null,
                    hint: !!(hint && hint.classList.contains('him-scroll-hint') && hint.offsetParent !== null),
                    caption: caption && region
                        ? caption.getBoundingClientRect().right <= region.getBoundingClientRect().right + 1 : true};
            })""")
            for number, table in enumerate(regions):
                if not table["wide"]:
                    continue
                wide_seen += 1
                where = (html_file.name, number)
                assert table["region"] and table["tabindex"] == "0" and table["role"] == "region", where
                assert table["label"] and table["label"].strip(), where
                assert table["sticky"] == "sticky" and table["hint"] and table["caption"], (where, table)
            page.close()
    finally:
        context.close()
    assert wide_seen >= 5  # the reports do have tables wider than a phone


def test_axe_finds_no_wcag_22_aa_or_best_practice_violation_at_either_width(built_reports: Path, browser):
    for viewport in WIDTHS:
        for html_file in [*_real_reports(built_reports), built_reports / "index.html"]:
            page, context, problems = _open_offline(browser, html_file, viewport=viewport)
            try:
                if html_file.name != "index.html":
                    _wait_for_drawn_charts(page)
                violations = _axe_violations(page, tags=AXE_TAGS)
            finally:
                context.close()
            assert violations == [], f"{html_file.name} at {viewport['width']} px: {json.dumps(violations, indent=1)}"
            assert problems == [], f"{html_file.name}: {problems}"


# ------------------------------------------------------------------------------ hostile titles (13.1, report side)

HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))")


#: SYNTHETIC: the titles of 29-2072, California and San Jose replaced by text that would run script if it reached
#: the page unescaped.
HOSTILE_TITLES = {
    "oe.occupation": [("\tMedical Records Specialists\t", f"\tMedical Records {HOSTILE[0]} {HOSTILE[2]}\t")],
    "oe.area": [
        ("\tCalifornia\r", f"\tCalifornia {HOSTILE[1]}\r"),
        ("\tSan Jose-Sunnyvale-Santa Clara, CA", f"\tSan Jose {HOSTILE[0]} {HOSTILE[2]}, CA"),
    ],
}


@pytest.fixture(scope="session")
def hostile_reports(tmp_path_factory) -> Path:
    return report_builds.hostile_reports(tmp_path_factory.mktemp("hostile-home"), HOSTILE_TITLES)


def test_hostile_titles_show_literally_and_run_nothing(hostile_reports: Path, browser):
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    for html_file in _pages(hostile_reports):
        page, context, problems = _open_offline(browser, html_file)
        page.on("dialog", on_dialog)
        try:
            page.reload(wait_until="load")  # the dialog listener is in place before any script runs
            if html_file.name != "index.html":
                _wait_for_drawn_charts(page)
                page.locator(".him-wages-chart-live svg").first.hover()
            text = page.locator("body").inner_text()
            assert page.locator("img[src='x'], img[onerror]").count() == 0, html_file.name
            assert page.locator("a[href^='javascript:' i]").count() == 0, html_file.name
        finally:
            context.close()
        assert dialogs == [], f"{html_file.name}: dialogs opened: {dialogs}"
        assert "Medical Records <script>alert(1)</script>" in text, html_file.name  # shown as text
        if html_file.stem == "regional":
            assert "California <img src=x onerror=alert(1)>" in text
        assert problems == [], f"{html_file.name}: {problems}"


# ------------------------------------------------------------------------------ charts for every width (21.1)

#: The smallest chart text a reader gets, in CSS px, on a phone and on a desktop.
MIN_CHART_TEXT_PX = 10
CHART_WIDTHS = (390, 1300)

#: Each drawn chart's smallest visible text, in CSS px: the font size vega set times the scale at which the SVG
#: is drawn on the page (getScreenCTM: a chart squeezed into a narrow column shrinks its text with it).
_CHART_TEXT_JS = """() => Array.from(document.querySelectorAll('figure.him-wages-chart .vega-embed svg.marks'))
  .map((svg) => {
    let smallest = Infinity, text = '';
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      let opacity = 1;
      for (let e = t; e && e !== svg; e = e.parentElement) {
        const o = e.getAttribute('opacity');
        if (o !== null) opacity *= parseFloat(o);
      }
      if (opacity === 0 || getComputedStyle(t).visibility === 'hidden') continue;
      const m = t.getScreenCTM();
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      if (px < smallest) { smallest = px; text = t.textContent; }
    }
    const title = svg.querySelector('.role-title-text text');
    return {title: title ? title.textContent : '(untitled)', smallest, text,
            width: svg.getBoundingClientRect().width,
            column: svg.closest('figure').getBoundingClientRect().width};
  })"""


def test_chart_text_is_at_least_10px_on_a_phone_and_a_desktop(built_reports: Path, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    # the default reports of the one build this file makes (it also holds the synthetic fixture report)
    files = [path for path in _report_files(built_reports) if path.stem in DEFAULT_REPORTS]
    assert len(files) >= 10
    smallest: dict[str, float] = {}
    for width in CHART_WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        try:
            for html_file in files:
                page = context.new_page()
                page.route(
                    "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
                )
                page.goto(html_file.as_uri(), wait_until="load")
                _wait_for_drawn_charts(page)
                page.wait_for_timeout(200)  # vega re-lays out a container-wide chart once it knows the column
                charts = page.evaluate(_CHART_TEXT_JS)
                assert charts, f"{html_file.name}: no drawn chart"
                for chart in charts:
                    where = f"{html_file.name} at {width} px, chart {chart['title']!r}"
                    assert chart["smallest"] >= MIN_CHART_TEXT_PX - 0.05, (
                        f"{where}: text {chart['text']!r} is {chart['smallest']:.1f} px"
                    )
                    assert chart["width"] <= chart["column"] + 1, f"{where}: wider than its column"
                smallest[f"{html_file.stem}@{width}"] = min(c["smallest"] for c in charts)
                if width == 390:
                    page.screenshot(path=str(ARTIFACTS / f"charts-phone-{html_file.stem}.png"), full_page=True)
                # a saved image is named after its chart, not vega-embed's "visualization"
                names = page.eval_on_selector_all(".vega-actions a[download]", "els => els.map(a => a.download)")
                assert names and not any(n.startswith("visualization") for n in names), (html_file.name, names)
                page.close()
        finally:
            context.close()
    (ARTIFACTS / "chart-text-sizes.json").write_text(json.dumps(smallest, indent=1, sort_keys=True))
