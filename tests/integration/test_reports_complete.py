"""Nothing lost on the way to HTML: every chart and table that an executed notebook of the default reports
(reports.toml) shows is in its HTML page, cell by cell; and a page that lost one is not published."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import nbformat
import pytest

from analysis.reports.completeness import notebook_items, page_items
from real_files import ROOT

pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("default_reports")]


def _total(items: dict[str, dict[str, int]], kind: str) -> int:
    return sum(counts[kind] for counts in items.values())


def test_every_default_report_shows_every_chart_and_table_of_its_notebook(default_reports: Path):
    names = [report["name"] for report in tomllib.loads((ROOT / "reports.toml").read_text())["reports"]]
    index = {entry["name"]: entry for entry in json.loads((default_reports / "index.json").read_text())["reports"]}
    assert sorted(index) == sorted(names)
    for name in names:
        notebook = nbformat.read(default_reports / index[name]["ipynb"], as_version=4)
        page = (default_reports / index[name]["html"]).read_text(encoding="utf-8")
        shown = notebook_items(notebook)
        on_page = {cell: counts for cell, counts in page_items(page).items() if any(counts.values())}
        assert _total(shown, "charts") >= 1, f"{name}: no chart in the executed notebook"
        assert on_page == shown, f"{name}: charts and tables per cell differ between the notebook and the HTML"
        # one vega library in <head>, none in the notebook
        assert page.count("window.vegaEmbed=") == 1, name
        assert "window.vegaEmbed=" not in json.dumps(notebook), name
