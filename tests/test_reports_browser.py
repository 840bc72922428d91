"""The HTML reports in a real browser: Debian's Chromium driven by Playwright, with the network cut off.

Each generated report (and the index) is opened from disk with every request that is not ``file:`` aborted.
The page must raise no console error and make no failed request, every chart must draw its marks, hovering a
mark must show vega's tooltip, and a screenshot of each page is saved to ``test-artifacts/``.

The reports are built once per session by the CLI (``--jobs 2``) from the project's real notebooks with their
default parameters (and the bundled May 2025 data), plus the synthetic fixture notebook.
Chromium comes from apt (``apt-get install chromium``, done by ``.ci/run``); no browser is ever downloaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# one xdist worker runs the whole file, so the reports (a session fixture) are built once
pytestmark = [pytest.mark.browser, pytest.mark.notebook, pytest.mark.xdist_group("reports_browser")]

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
#: The real notebooks, each with its default parameters (one report per notebook keeps the session short).
REAL_NOTEBOOKS = {
    "national": "01_national.ipynb",
    "regional": "02_regional.ipynb",
    "industry": "03_industry.ipynb",
    "trends": "04_trends.ipynb",
}
CHART_CONTAINERS = ".him-wages-chart, [id^='altair-viz-'], [id^='him-wages-vl-']"


def _config_text() -> str:
    lines = ['release = "browser"', ""]
    for name, notebook in REAL_NOTEBOOKS.items():
        lines += ["[[reports]]", f'name = "{name}"', f'notebook = "{(ROOT / "notebooks" / notebook).as_posix()}"', ""]
    lines += ["[[reports]]", 'name = "fixture"', f'notebook = "{(FIXTURES / "report.ipynb").as_posix()}"',
              'parameters = { occupation = "29-2072", area = "99" }', ""]
    return "\n".join(lines)


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory) -> Path:
    """Build the browser config once with the CLI, as a user schedules it; returns the output folder."""
    out = tmp_path_factory.mktemp("browser-reports")
    config = out.parent / "browser-reports.toml"
    config.write_text(_config_text())
    env = {**os.environ}
    env.pop("HIM_WAGES_HOME", None)  # the real notebooks read the project's bundled data
    completed = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--config", str(config), "--out", str(out), "--jobs", "2"],
        capture_output=True, text=True, env=env, timeout=900, check=False,
    )
    assert completed.returncode == 0, f"report build failed:\n{completed.stdout}\n{completed.stderr}"
    return out


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def _open_offline(browser, html_file: Path):
    """Open ``html_file`` with every non-file request aborted; returns (page, context, problems list)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []

    def route(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            problems.append(f"network request blocked: {route.request.url}")
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url} {request.failure}"))
    page.goto(html_file.as_uri(), wait_until="load")
    return page, context, problems


def _hover_until_tooltip(page) -> bool:
    """Hover marks of the charts one by one until vega-tooltip shows its element."""
    marks = page.locator(".vega-embed svg [role='graphics-symbol'], .vega-embed svg .mark-rect path, "
                         ".vega-embed svg .mark-symbol path")
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
    assert {path.stem for path in files} == {*REAL_NOTEBOOKS, "fixture"}
    summary = {}
    for html_file in files:
        size = html_file.stat().st_size
        assert size < 3_000_000, f"{html_file.name} is {size:,} bytes"
        # the notebook's own copy of the vega bundle (analysis.reports.notebook.setup) is replaced by the one in <head>
        assert html_file.read_text().count("window.vegaEmbed=") == 1
        page, context, problems = _open_offline(browser, html_file)
        try:
            containers = page.locator(CHART_CONTAINERS)
            count = containers.count()
            assert count >= 1, f"{html_file.name}: no chart"
            for number in range(count):
                containers.nth(number).locator("svg.marks, canvas.marks").first.wait_for(state="attached",
                                                                                        timeout=15_000)
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
        assert sorted(Path(h).stem for h in hrefs) == sorted([*REAL_NOTEBOOKS, "fixture"])
        for href in hrefs:
            assert (built_reports / href).is_file()
        page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    finally:
        context.close()
    assert problems == []
