"""Every default report (reports.toml) opens offline as one file and draws every chart before its first contentful
paint on a phone-class CPU.

Each page is opened from file:// in Debian's chromium with the network off (an offline context, and every request
that is not the file itself aborted and counted), with the CPU slowed 4x (CDP ``Emulation.setCPUThrottlingRate``).
The page keeps its content hidden until its charts are drawn (``analysis/reports/templates/him_charts.js``, with a
bounded fallback reveal); so "drawn before first paint" is measured, not assumed: the ``him-charts-drawn``
performance mark must come no later than the ``first-contentful-paint`` entry, the fallback must not have fired, and
every chart's SVG must hold marks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.notebook, pytest.mark.xdist_group("default_reports")]

#: A phone-class CPU: Lighthouse's mobile profile slows the CPU 4x.
CPU_THROTTLING_RATE = 4
#: The issue's bound on a default report's page.
MAX_PAGE_BYTES = 600_000

_STATE = """() => {
  const figures = Array.from(document.querySelectorAll('figure.him-wages-chart'));
  const entry = name => (performance.getEntriesByName(name)[0] || {}).startTime ?? null;
  return {
    figures: figures.length,
    marks: figures.map(f => f.querySelectorAll(
      '.him-wages-chart-live svg.marks path, .him-wages-chart-live svg.marks [role="graphics-symbol"]').length),
    drawn: entry('him-charts-drawn'),
    fallback: entry('him-charts-timeout'),
    fcp: entry('first-contentful-paint'),
  };
}"""


def _reports(out: Path) -> list[Path]:
    return [out / entry["html"] for entry in json.loads((out / "index.json").read_text())["reports"]]


def test_every_default_report_draws_every_chart_offline_before_first_paint_on_a_slow_cpu(default_reports, browser):
    files = _reports(default_reports)
    assert len(files) >= 10
    for html_file in files:
        size = html_file.stat().st_size
        assert size <= MAX_PAGE_BYTES, f"{html_file.name}: {size:,} bytes"
        context = browser.new_context(viewport={"width": 390, "height": 844}, offline=True)
        problems: list[str] = []
        try:
            page = context.new_page()

            def route(route, problems=problems):
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    problems.append(f"network request: {route.request.url}")
                    route.abort()

            page.route("**/*", route)
            page.on("console", lambda m, p=problems: p.append(f"console: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda error, p=problems: p.append(f"page error: {error}"))
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_THROTTLING_RATE})
            page.goto(html_file.as_uri(), wait_until="load")
            page.wait_for_function("!document.documentElement.classList.contains('him-charts-pending')", timeout=60_000)
            page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0", timeout=30_000)
            state = page.evaluate(_STATE)
        finally:
            context.close()
        name = html_file.name
        assert problems == [], f"{name}: {problems}"
        assert state["figures"] >= 1, f"{name}: no chart"
        assert all(state["marks"]), f"{name}: a chart has no marks: {state['marks']}"
        assert state["fallback"] is None, f"{name}: the page was revealed before its charts were drawn: {state}"
        assert state["drawn"] is not None and state["fcp"] is not None, f"{name}: {state}"
        assert state["drawn"] <= state["fcp"], f"{name}: first paint before the charts were drawn: {state}"
